// SPDX-License-Identifier: GPL-2.0
/*
 * thread_tids [N]: N threads (default 6) each make offloaded calls and
 * check that the Linux thread running them is the one whose tid gettid()
 * named (readlink of /proc/thread-self is "PID/task/TID"): under mcexec,
 * every LWK thread is served by its own mcexec thread, with its tid
 * (docs/threads.md). No futex and no join: the main thread spins until
 * every thread has reported, then ends the process with exit_group from
 * main while the others still run. Prints one summary line; exit 0.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS	64

static int nr = 6;
static int state[MAX_THREADS];		/* atomic: 0 running, 1 good, 2 bad */
static pid_t tids[MAX_THREADS];

/* The Linux thread running this call is the one named @tid. */
static int served_by(pid_t tid)
{
	char want[64], got[PATH_MAX];
	ssize_t n;

	snprintf(want, sizeof(want), "%d/task/%d", (int)getpid(), (int)tid);
	n = readlink("/proc/thread-self", got, sizeof(got) - 1);
	if (n < 0)
		return 0;
	got[n] = '\0';
	return !strcmp(got, want);
}

static void *run(void *arg)
{
	long i = (long)arg;
	int good, r;

	tids[i] = gettid();
	good = tids[i] > 0 && tids[i] != getpid();
	for (r = 0; r < 10; r++)
		good = good && served_by(tids[i]);
	__atomic_store_n(&state[i], good ? 1 : 2, __ATOMIC_SEQ_CST);
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	int i, j, left, bad = 0;
	pthread_t t;

	if (argc > 1)
		nr = atoi(argv[1]);
	if (nr < 1 || nr > MAX_THREADS) {
		fprintf(stderr, "usage: thread_tids [1..%d]\n", MAX_THREADS);
		return 2;
	}
	alarm(60);
	if (!served_by(getpid()))
		bad++;
	for (i = 0; i < nr; i++) {
		if (pthread_create(&t, NULL, run, (void *)(long)i)) {
			printf("pthread_create %d failed\n", i);
			return 1;
		}
	}
	do {
		left = 0;
		for (i = 0; i < nr; i++)
			left += !__atomic_load_n(&state[i], __ATOMIC_SEQ_CST);
	} while (left);
	for (i = 0; i < nr; i++) {
		bad += state[i] != 1;
		for (j = 0; j < i; j++)
			bad += tids[i] == tids[j];
	}
	printf("%d threads: %s\n", nr,
	       bad ? "a thread was served by the wrong Linux thread" :
		     "each served by the Linux thread of its own tid");
	fflush(stdout);
	/* exit_group with every other thread still there. */
	exit(bad ? 1 : 0);
}
