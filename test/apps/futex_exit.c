// SPDX-License-Identifier: GPL-2.0
/*
 * futex_exit: what a thread's exit does with its futexes (the kernel's
 * part of pthread_join and of robust mutexes), each case one
 * deterministic line, checked, and compared with a native run by the
 * guest test:
 *   - join: 4 threads' return values through pthread_join (CLEARTID:
 *     the kernel zeroes the word clone(CLONE_CHILD_CLEARTID) named and
 *     wakes the joiner; musl also unlocks its thread list that way);
 *   - robust: a robust mutex whose owner exited gives EOWNERDEAD, to a
 *     locker that came after the exit and to one already blocked on it,
 *     plain and priority-inheritance (PI) mutexes both.
 * alarm(60) ends a run that hangs (a join nobody wakes).
 * Usage: futex_exit
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS	4

static void *ret_value(void *arg)
{
	return arg;
}

static void join(void)
{
	pthread_t t[NTHREADS];
	uintptr_t sum = 0;
	void *v;
	int i;

	for (i = 0; i < NTHREADS; i++)
		CHECK(!pthread_create(&t[i], NULL, ret_value, (void *)(uintptr_t)(i * 10)),
		      "pthread_create");
	for (i = 0; i < NTHREADS; i++) {
		CHECK(!pthread_join(t[i], &v), "pthread_join");
		sum += (uintptr_t)v;
	}
	printf("join %d sum %lu\n", NTHREADS, (unsigned long)sum);
	CHECK(sum == 60, "sum %lu", (unsigned long)sum);
}

static pthread_mutex_t m;
static volatile int locked;

static void *lock_and_leave(void *arg)
{
	pthread_mutex_lock(&m);
	locked = 1;
	if (arg)		/* let the main thread block on it first */
		usleep(100 * 1000);
	return NULL;
}

static void robust(const char *name, int protocol, int main_waits)
{
	pthread_mutexattr_t a;
	pthread_t t;
	int r;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setprotocol(&a, protocol);
	pthread_mutex_init(&m, &a);
	locked = 0;
	CHECK(!pthread_create(&t, NULL, lock_and_leave, main_waits ? &m : NULL),
	      "pthread_create");
	if (main_waits) {
		while (!locked)
			usleep(1000);
	} else {
		pthread_join(t, NULL);
	}
	r = pthread_mutex_lock(&m);
	printf("robust_%s_%s %s\n", name, main_waits ? "waiting" : "after",
	       r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
	CHECK(r == EOWNERDEAD, "%s: %s", name, strerror(r));
	if (r == EOWNERDEAD)
		pthread_mutex_consistent(&m);
	CHECK(!pthread_mutex_unlock(&m), "unlock");
	if (main_waits)
		pthread_join(t, NULL);
	pthread_mutex_destroy(&m);
	pthread_mutexattr_destroy(&a);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(60);
	join();
	robust("plain", PTHREAD_PRIO_NONE, 0);
	robust("plain", PTHREAD_PRIO_NONE, 1);
	robust("pi", PTHREAD_PRIO_INHERIT, 0);
	robust("pi", PTHREAD_PRIO_INHERIT, 1);
	if (!check_status())
		printf("futex exit: all correct\n");
	return check_status();
}
