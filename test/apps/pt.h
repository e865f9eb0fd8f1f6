/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the threaded test applications (pt_*, futex_stress): start
 * and join threads or end the program with one line on stderr (a thread
 * that cannot be created is the first thing an LWK without threads shows,
 * and it must say so, not hang), and a watchdog so that a lost wake-up
 * ends the run with SIGALRM instead of hanging the guest test.
 */
#ifndef TEST_APPS_PT_H
#define TEST_APPS_PT_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The program's name, for the one line on stderr. */
static const char *pt_prog = "pt";

/* Ends the program: "@pt_prog: @what: strerror(@err)", exit status 1. */
static inline void pt_die(const char *what, int err)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s: %s\n", pt_prog, what, strerror(err));
	exit(1);
}

static inline void pt_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	int err = pthread_create(t, NULL, fn, arg);

	if (err)
		pt_die("cannot create a thread", err);
}

/* Joins @t; returns what it returned (or PTHREAD_CANCELED). */
static inline void *pt_join(pthread_t t)
{
	void *ret = NULL;
	int err = pthread_join(t, &ret);

	if (err)
		pt_die("cannot join a thread", err);
	return ret;
}

/*
 * A run that takes longer than @seconds is hung: SIGALRM ends it (the
 * default action, exit status 142 in a shell), which no caller takes for
 * success. The programs give 30 s to what takes at most 3 s natively in
 * a loaded TCG guest: a hang costs a test 30 s, not its whole timeout.
 */
static inline void pt_watchdog(const char *prog, unsigned int seconds)
{
	pt_prog = prog;
	alarm(seconds);
}

#endif /* TEST_APPS_PT_H */
