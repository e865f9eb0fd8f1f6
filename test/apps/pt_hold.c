// SPDX-License-Identifier: GPL-2.0
/*
 * pt_hold: a threaded process that stays put, for a test to kill: N
 * threads (default 8, the main one included), a third of them spinning,
 * a third sleeping in nanosleep, the rest blocked on a condition
 * variable. Once all run it prints "N threads running"; after SECONDS
 * (default 30) it exits 0 ("time is up"), so a test that loses it cannot
 * hang.
 *
 * usage: pt_hold [N (1..64) [SECONDS (1..3600)]]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pt.h"

static atomic_int running;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void *holder(void *arg)
{
	struct timespec ts = { 1, 0 };
	volatile unsigned long x = 0;

	atomic_fetch_add(&running, 1);
	switch ((long)arg % 3) {
	case 0:
		for (;;)
			x++;
	case 1:
		for (;;)
			nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&lock);
	for (;;)
		pthread_cond_wait(&never, &lock);
	return NULL;
}

static long number(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	return !*s || *end || v < 1 || v > max ? -1 : v;
}

int main(int argc, char **argv)
{
	long n = 8, secs = 30, i;
	pthread_t t;

	if (argc > 3 || (argc > 1 && (n = number(argv[1], 64)) < 0) ||
	    (argc > 2 && (secs = number(argv[2], 3600)) < 0)) {
		fprintf(stderr, "usage: pt_hold [N (1..64) [SECONDS (1..3600)]]\n");
		return 2;
	}
	pt_prog = "pt_hold";
	for (i = 1; i < n; i++)
		pt_start(&t, holder, (void *)i);
	while (atomic_load(&running) < n - 1)
		sched_yield();
	printf("%ld threads running\n", n);
	fflush(stdout);
	sleep(secs);
	printf("time is up\n");
	return 0;
}
