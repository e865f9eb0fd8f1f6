/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the test applications: a failed check prints one
 * "FAIL: what" line on stdout and counts, so a run lists every
 * mismatch and still ends with a non-zero status.
 */
#ifndef TEST_APPS_CHECK_H
#define TEST_APPS_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond, fmt, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("FAIL: " fmt "\n", ##__VA_ARGS__);	\
			fflush(stdout);					\
			check_failures++;				\
		}							\
	} while (0)

/* main's return value: 0 when every check held. */
static inline int check_status(void)
{
	return check_failures ? 1 : 0;
}

/*
 * The same, and when a check failed also one line on stderr saying how
 * many ("@prog: 2 checks failed"), for a caller that looks only at the
 * exit status and stderr.
 */
static inline int check_verdict(const char *prog)
{
	if (check_failures)
		fprintf(stderr, "%s: %d check%s failed\n", prog, check_failures,
			check_failures == 1 ? "" : "s");
	return check_status();
}

#endif /* TEST_APPS_CHECK_H */
