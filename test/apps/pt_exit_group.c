// SPDX-License-Identifier: GPL-2.0
/*
 * pt_exit_group: a thread that is not the main one calls exit(N), which
 * ends with exit_group: every other thread must go too, whatever it is
 * doing (blocked in a condition variable, in a pipe read, in nanosleep,
 * or computing), and the process's status is N. The atexit handler runs
 * once, in the exiting thread, and flushes stdout.
 *
 * usage: pt_exit_group [N [join|exit]]
 *   N     the exit status, 0..255 (default 7)
 *   join  the main thread waits in pthread_join for the exiting thread
 *         (default); exit: the main thread has already left with
 *         pthread_exit, so the process lives on in its other threads.
 * Prints "4 threads busy", "thread 4 calls exit(N)", "atexit ran" and
 * exits N. A watchdog (SIGALRM after 30 s) ends a run whose threads
 * were not all ended; any other outcome is a status other than N.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pt.h"

static int status = 7;
static atomic_int busy;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static int fds[2];

static void *in_condvar(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	atomic_fetch_add(&busy, 1);
	for (;;)
		pthread_cond_wait(&never, &lock);
	return NULL;
}

static void *in_read(void *arg)
{
	char c;

	(void)arg;
	atomic_fetch_add(&busy, 1);
	for (;;)
		if (read(fds[0], &c, 1) >= 0)
			break;
	return NULL;
}

static void *in_sleep(void *arg)
{
	struct timespec ts = { 100, 0 };

	(void)arg;
	atomic_fetch_add(&busy, 1);
	for (;;)
		nanosleep(&ts, NULL);
	return NULL;
}

static void *computing(void *arg)
{
	volatile unsigned long x = 1;

	(void)arg;
	atomic_fetch_add(&busy, 1);
	for (;;)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	return NULL;
}

static void at_exit(void)
{
	printf("atexit ran\n");
}

static void *exiter(void *arg)
{
	(void)arg;
	while (atomic_load(&busy) < 4)
		sched_yield();
	/* Let the blocked ones get into their calls. */
	usleep(50000);
	printf("4 threads busy\nthread 4 calls exit(%d)\n", status);
	exit(status);
}

int main(int argc, char **argv)
{
	void *(*fn[])(void *) = { in_condvar, in_read, in_sleep, computing, exiter };
	int main_exits = 0;
	pthread_t t;
	char *end;
	long n;
	unsigned int i;

	pt_watchdog("pt_exit_group", 30);
	if (argc > 1) {
		n = strtol(argv[1], &end, 10);
		if (!*argv[1] || *end || n < 0 || n > 255)
			goto usage;
		status = (int)n;
	}
	if (argc > 2) {
		if (!strcmp(argv[2], "exit"))
			main_exits = 1;
		else if (strcmp(argv[2], "join"))
			goto usage;
	}
	if (argc > 3)
		goto usage;
	if (pipe(fds))
		pt_die("cannot make a pipe", errno);
	atexit(at_exit);
	for (i = 0; i < sizeof(fn) / sizeof(fn[0]); i++)
		pt_start(&t, fn[i], NULL);
	if (main_exits)
		pthread_exit(NULL);
	pt_join(t);
	fprintf(stderr, "pt_exit_group: the exiting thread was joined: exit did not end the process\n");
	return 1;

usage:
	fprintf(stderr, "usage: pt_exit_group [N (0..255) [join|exit]]\n");
	return 2;
}
