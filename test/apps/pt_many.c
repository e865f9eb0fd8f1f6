// SPDX-License-Identifier: GPL-2.0
/*
 * pt_many: threads created and joined over and over, ROUNDS rounds of 4
 * (default 200): every stack, TLS block and kernel thread must be given
 * back, so a caller that compares free memory (the LWK's, under mcexec)
 * before and after sees no leak. Each thread touches 64 KiB of its stack
 * and its TLS and returns a value from them; one round in 4 the threads
 * are detached instead of joined, and report through a semaphore.
 *
 * usage: pt_many [ROUNDS]   (1..100000, default 200)
 * Output: one fixed line with the rounds and the exact sum of what the
 * threads returned. Exit status 0 if the sum is right, else 1 with one
 * line on stderr; 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pt.h"

#define PER_ROUND	4
#define STACK_TOUCH	(64 * 1024)

static __thread long tls_seed = 3;
static atomic_long detached_sum;
static sem_t done;

static long work(long v)
{
	volatile char buf[STACK_TOUCH];
	long i, sum = 0;

	for (i = 0; i < STACK_TOUCH; i += 4096)
		buf[i] = (char)(v + i / 4096);
	for (i = 0; i < STACK_TOUCH; i += 4096)
		sum += buf[i];
	tls_seed += v;
	return sum + tls_seed;
}

static void *joined(void *arg)
{
	return (void *)work((long)arg);
}

static void *detached(void *arg)
{
	atomic_fetch_add(&detached_sum, work((long)arg));
	sem_post(&done);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[PER_ROUND];
	pthread_attr_t det;
	long rounds = 200, r, i, sum = 0, want = 0, v;
	char *end;
	int err;

	if (argc > 2)
		goto usage;
	if (argc == 2) {
		rounds = strtol(argv[1], &end, 10);
		if (!*argv[1] || *end || rounds < 1 || rounds > 100000)
			goto usage;
	}
	/* Natively in a TCG guest: 2-12 s for 200 rounds, 10 s for 500. */
	pt_watchdog("pt_many", 30 + rounds / 5);
	sem_init(&done, 0, 0);
	pthread_attr_init(&det);
	pthread_attr_setdetachstate(&det, PTHREAD_CREATE_DETACHED);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < PER_ROUND; i++) {
			v = (r * PER_ROUND + i) % 100;
			/* 16 pages of (char)(v + page), then the TLS: 3 + v. */
			want += 16 * v + 120 + 3 + v;
			if (r % 4 == 3) {
				err = pthread_create(&t[i], &det, detached, (void *)v);
				if (err)
					pt_die("cannot create a detached thread", err);
			} else {
				pt_start(&t[i], joined, (void *)v);
			}
		}
		if (r % 4 == 3) {
			for (i = 0; i < PER_ROUND; i++)
				sem_wait(&done);
			continue;
		}
		for (i = 0; i < PER_ROUND; i++)
			sum += (long)pt_join(t[i]);
	}
	pthread_attr_destroy(&det);
	sum += atomic_load(&detached_sum);
	CHECK(sum == want, "sum %ld, want %ld", sum, want);
	printf("%ld rounds of %d threads: sum %ld\n", rounds, PER_ROUND, sum);
	return check_verdict("pt_many");

usage:
	fprintf(stderr, "usage: pt_many [ROUNDS (1..100000)]\n");
	return 2;
}
