// SPDX-License-Identifier: GPL-2.0
/*
 * thread_churn [N]: N detached threads (default 1500, more than
 * IHK_MC_MAX_THREADS) made one after another, each ending before the
 * next starts. Under mcexec each LWK thread gets an mcexec thread that
 * ends with it (THREAD_EXIT): entries of ended threads must not pile up
 * in ihk.ko, nor threads in mcexec. At the end the process has one
 * thread left (/proc/self/status, which under mcexec is mcexec's own).
 * No futex: the main thread spins on a flag. Prints one line; exit 0.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <time.h>

static int ran;			/* atomic */

static void *run(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&ran, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* "Threads:" of /proc/self/status, or -1. */
static int threads_now(void)
{
	char line[128];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	struct timespec ms = { 0, 1000000 };
	int i, n = argc > 1 ? atoi(argv[1]) : 1500, left = -1;
	pthread_attr_t attr;
	pthread_t t;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < n; i++) {
		if (pthread_create(&t, &attr, run, NULL)) {
			printf("pthread_create failed after %d threads\n", i);
			return 1;
		}
		/* Yield: on the LWK the new thread starts on this CPU. */
		while (__atomic_load_n(&ran, __ATOMIC_SEQ_CST) != i + 1)
			sched_yield();
	}
	/* The last ones may still be on their way out. */
	for (i = 0; i < 5000 && (left = threads_now()) != 1; i++)
		nanosleep(&ms, NULL);
	printf("%d threads one after another, %s\n", n,
	       left == 1 ? "one thread left" : "threads left over");
	return left == 1 ? 0 : 1;
}
