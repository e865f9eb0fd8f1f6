// SPDX-License-Identifier: GPL-2.0
/*
 * pt_cancel: deferred cancellation, at pthread_testcancel, in nanosleep,
 * and once re-enabled after a stretch with cancellation disabled, each
 * with its cleanup handler. Both libcs cancel with a signal that has a
 * handler (glibc SIGRT0, musl SIGRT1), so this needs the LWK to run user
 * signal handlers.
 *
 * Output: fixed lines, the same natively and under mcexec, with glibc and
 * musl. Exit status 0 if all held, else 1 with FAIL lines and one line on
 * stderr.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "pt.h"

static atomic_int started, cleanups;

static void cleanup(void *arg)
{
	atomic_fetch_add(&cleanups, (int)(long)arg);
}

/* Spins in pthread_testcancel: cancelled there, not between. */
static void *cancel_spin(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, (void *)1L);
	atomic_fetch_add(&started, 1);
	for (;;)
		pthread_testcancel();
	pthread_cleanup_pop(0);
	return NULL;
}

/* Sleeps (a cancellation point) far longer than any run. */
static void *cancel_sleep(void *arg)
{
	struct timespec ts = { 100, 0 };

	(void)arg;
	pthread_cleanup_push(cleanup, (void *)10L);
	atomic_fetch_add(&started, 1);
	while (nanosleep(&ts, NULL))
		;
	pthread_cleanup_pop(0);
	return NULL;
}

/* Cancellation disabled while it holds a lock; it ends at the next point. */
static atomic_int may_go;

static void *cancel_disabled(void *arg)
{
	int old;

	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_cleanup_push(cleanup, (void *)100L);
	atomic_fetch_add(&started, 1);
	while (!atomic_load(&may_go))
		pthread_testcancel();	/* not a point while disabled */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	pthread_testcancel();
	pthread_cleanup_pop(0);
	return (void *)7L;	/* only if the cancel was lost */
}

static void cancels(void)
{
	pthread_t c[3];
	long i, ok;
	void *r;

	pt_start(&c[0], cancel_spin, NULL);
	pt_start(&c[1], cancel_sleep, NULL);
	pt_start(&c[2], cancel_disabled, NULL);
	while (atomic_load(&started) < 3)
		sched_yield();
	for (i = 0; i < 3; i++)
		CHECK(!pthread_cancel(c[i]), "pthread_cancel %ld failed", i);
	atomic_store(&may_go, 1);
	for (i = 0, ok = 0; i < 3; i++) {
		r = pt_join(c[i]);
		ok += r == PTHREAD_CANCELED;
		CHECK(r == PTHREAD_CANCELED, "cancelled thread %ld returned %ld", i, (long)r);
	}
	CHECK(cleanups == 111, "cleanup handlers: %d, want 111 (one of each)", cleanups);
	printf("cancel: %ld of 3 cancelled (testcancel, nanosleep, re-enabled), cleanups %d\n",
	       ok, cleanups);
}

int main(void)
{
	pt_watchdog("pt_cancel", 30);
	cancels();
	return check_verdict("pt_cancel");
}
