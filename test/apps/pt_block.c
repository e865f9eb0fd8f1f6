// SPDX-License-Identifier: GPL-2.0
/*
 * Threads that hold on, for the tests that end a threaded process from
 * outside or push it to its limits.
 *
 *   pt_block hold N      N threads: half wait on a condition variable
 *                        (futex), half in read() of a pipe (an offloaded
 *                        call); prints "ready N", then the main thread
 *                        waits too. Ends only when killed.
 *   pt_block stacks MIB  starts threads with MIB MiB stacks until
 *                        pthread_create fails; prints how it failed, then
 *                        joins them all and exits 0 if it was EAGAIN.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_STACK_THREADS	64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static int pipe_fds[2];

static void *wait_cond(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;)
		pthread_cond_wait(&never, &lock);
	return NULL;
}

static void *wait_read(void *arg)
{
	char c;

	(void)arg;
	for (;;)
		if (read(pipe_fds[0], &c, 1) < 0 && errno != EINTR)
			return NULL;
}

static int hold(int n)
{
	pthread_t t;
	int i, err;

	if (pipe(pipe_fds)) {
		perror("pipe");
		return 1;
	}
	for (i = 0; i < n; i++) {
		err = pthread_create(&t, NULL, i % 2 ? wait_read : wait_cond, NULL);
		if (err) {
			fprintf(stderr, "pthread_create %d: %s\n", i, strerror(err));
			return 1;
		}
	}
	printf("ready %d\n", n);
	fflush(stdout);
	wait_cond(NULL);
	return 0;
}

static void *idle_thread(void *arg)
{
	(void)arg;
	return NULL;
}

static int stacks(size_t mib)
{
	pthread_t t[MAX_STACK_THREADS];
	pthread_attr_t attr;
	int i, n, err = 0;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, mib << 20);
	for (n = 0; n < MAX_STACK_THREADS; n++) {
		err = pthread_create(&t[n], &attr, idle_thread, NULL);
		if (err)
			break;
	}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	if (!err) {
		printf("%d threads of %zu MiB: no failure\n", n, mib);
		return 1;
	}
	printf("pthread_create failed after %d threads: %s\n", n,
	       err == EAGAIN ? "EAGAIN" : strerror(err));
	return err == EAGAIN ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return hold(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "stacks"))
		return stacks(strtoul(argv[2], NULL, 0));
	fprintf(stderr, "usage: pt_block hold N | stacks MIB\n");
	return 2;
}
