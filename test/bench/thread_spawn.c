// SPDX-License-Identifier: GPL-2.0
/*
 * thread_spawn: pthread_create followed by pthread_join of a thread that
 * returns at once, N times, each timed: what a code that starts threads
 * per phase pays (a stack mapped or reused, clone, the new thread's first
 * run on some CPU, its exit and the CLEARTID futex wake-up its joiner
 * waits for). Natively it is Linux's; under mcexec the LWK's (issue 15).
 *
 * usage: thread_spawn [-n N]   (default 10000), after 20 untimed
 * Prints (bench.h):
 *   metric pthread_create_join_runs N runs
 *   metric pthread_create_join_min NS ns    (and _median, _p99, _max)
 * Exit status: 0 done, 1 failed or not sane, 2 bad usage.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "stats.h"

#define PROG	"thread_spawn"
#define WARMUP	20

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void *child(void *arg)
{
	return (void *)((uintptr_t)arg + 1);
}

int main(int argc, char **argv)
{
	uint64_t n = 10000, i, t0, wrong = 0, *ns;
	struct stats_summary s;
	pthread_t t;
	void *ret;
	int opt, err;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || bench_number(optarg, 10000000, &n))
			goto usage;
	}
	if (optind != argc)
		goto usage;
	ns = malloc(n * sizeof(*ns));
	if (!ns) {
		fprintf(stderr, PROG ": no memory for the samples\n");
		return 1;
	}
	for (i = 0; i < WARMUP + n; i++) {
		t0 = now_ns();
		err = pthread_create(&t, NULL, child, (void *)(uintptr_t)i);
		if (err) {
			fprintf(stderr, PROG ": cannot create a thread: %s\n", strerror(err));
			return 1;
		}
		err = pthread_join(t, &ret);
		if (i >= WARMUP)
			ns[i - WARMUP] = now_ns() - t0;
		if (err) {
			fprintf(stderr, PROG ": cannot join a thread: %s\n", strerror(err));
			return 1;
		}
		wrong += ret != (void *)(uintptr_t)(i + 1);
	}
	if (wrong)
		bench_insane("%llu threads returned the wrong value", (unsigned long long)wrong);
	stats_summarize(ns, n, &s);
	bench_metric("pthread_create_join", "_runs", s.n, "runs");
	bench_summary("pthread_create_join", &s, n);
	free(ns);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " [-n N (1..10000000)]\n");
	return 2;
}
