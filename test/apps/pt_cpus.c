// SPDX-License-Identifier: GPL-2.0
/*
 * pt_cpus: where threads run.
 *   - pin: the thread pins itself to each CPU of its mask in turn
 *     (sched_setaffinity) and must then be on it (sched_getcpu);
 *   - pin_other: the main thread pins a spinning worker by tid
 *     (pthread_setaffinity_np) to each CPU in turn, and the worker must
 *     get there within 10 s;
 *   - spread: as many spinning threads as the mask has CPUs (the main
 *     one included) print which CPUs they ran on, together.
 * Prints "pin: ok", "pin_other: ok" (the same natively and under mcexec),
 * then "spread: D distinct of T" and "cpus: LIST" for the caller to judge
 * (Linux may stack spinning threads for a while; the LWK must not).
 *
 * usage: pt_cpus
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pt.h"

#define MAX_T	64

static cpu_set_t all;
static int ncpus;
static pthread_barrier_t start, stop;
static int ran_on[MAX_T];
static atomic_int target = -1;
static atomic_int arrived = -1;
static atomic_int quit;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void spin_for(double s)
{
	double end = now_s() + s;

	while (now_s() < end)
		;
}

static void pin_self(void)
{
	cpu_set_t one;
	int c;

	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(c, &one);
		if (sched_setaffinity(0, sizeof(one), &one))
			pt_die("sched_setaffinity to one CPU", errno);
		if (sched_getcpu() != c) {
			printf("pin: FAIL: pinned to %d, runs on %d\n", c, sched_getcpu());
			exit(1);
		}
	}
	if (sched_setaffinity(0, sizeof(all), &all))
		pt_die("sched_setaffinity back", errno);
	printf("pin: ok\n");
}

static void *follower(void *arg)
{
	(void)arg;
	while (!atomic_load(&quit)) {
		int t = atomic_load(&target);

		if (t >= 0 && sched_getcpu() == t)
			atomic_store(&arrived, t);
	}
	return NULL;
}

static void pin_other(void)
{
	pthread_t w;
	cpu_set_t one;
	double end;
	int c;

	pt_start(&w, follower, NULL);
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(c, &one);
		atomic_store(&target, c);
		if (pthread_setaffinity_np(w, sizeof(one), &one))
			pt_die("pthread_setaffinity_np", errno);
		for (end = now_s() + 10; atomic_load(&arrived) != c && now_s() < end;)
			sched_yield();
		if (atomic_load(&arrived) != c) {
			printf("pin_other: FAIL: the worker never got to CPU %d\n", c);
			exit(1);
		}
	}
	atomic_store(&quit, 1);
	pt_join(w);
	printf("pin_other: ok\n");
}

static void *spinner(void *arg)
{
	long i = (long)arg;

	pthread_barrier_wait(&start);
	spin_for(0.3);
	ran_on[i] = sched_getcpu();
	pthread_barrier_wait(&stop);
	return NULL;
}

static void spread(void)
{
	pthread_t t[MAX_T];
	int n = ncpus < MAX_T ? ncpus : MAX_T, i, j, distinct = 0;

	pthread_barrier_init(&start, NULL, n);
	pthread_barrier_init(&stop, NULL, n);
	for (i = 1; i < n; i++)
		pt_start(&t[i], spinner, (void *)(long)i);
	spinner(0);
	for (i = 1; i < n; i++)
		pt_join(t[i]);
	printf("cpus:");
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && ran_on[j] != ran_on[i]; j++)
			;
		if (j == i) {
			distinct++;
			printf(" %d", ran_on[i]);
		}
	}
	printf("\nspread: %d distinct of %d\n", distinct, n);
}

int main(void)
{
	pt_watchdog("pt_cpus", 60);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sched_getaffinity(0, sizeof(all), &all))
		pt_die("sched_getaffinity", errno);
	ncpus = CPU_COUNT(&all);
	pin_self();
	pin_other();
	spread();
	return 0;
}
