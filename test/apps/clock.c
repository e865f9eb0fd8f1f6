// SPDX-License-Identifier: GPL-2.0
/*
 * Time as a program sees it. Prints "realtime SECONDS" (CLOCK_REALTIME,
 * for the test to compare with the shell's `date +%s`), then checks:
 * gettimeofday() and time() agree with CLOCK_REALTIME within a second;
 * CLOCK_MONOTONIC never goes backwards over many reads; nanosleep and
 * clock_nanosleep (relative and TIMER_ABSTIME) of 50 ms sleep at least
 * 50 ms by CLOCK_MONOTONIC. Those are correctness checks, not speed: no
 * upper bound, an emulated guest can be arbitrarily slow.
 * "FAIL: ..." lines and exit 1 on a mismatch.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

#define NSEC	1000000000LL
#define SLEEP_NS	50000000LL

/* The clock in ns; -1 (said once per clock) if it cannot be read. */
static int64_t ns(clockid_t clk)
{
	static int said[2];
	struct timespec ts;

	if (clock_gettime(clk, &ts)) {
		if (clk > 1 || !said[clk]++)
			CHECK(0, "clock_gettime(%d): %s", (int)clk, strerror(errno));
		return -1;
	}
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static void check_monotonic(int reads)
{
	int64_t prev = ns(CLOCK_MONOTONIC), now;
	int i;

	if (prev < 0)
		return;
	for (i = 0; i < reads; i++) {
		now = ns(CLOCK_MONOTONIC);
		if (now < 0)
			return;
		if (now < prev) {
			CHECK(0, "CLOCK_MONOTONIC went back by %lld ns at read %d",
			      (long long)(prev - now), i);
			return;
		}
		prev = now;
	}
	printf("monotonic: %d reads, never backwards\n", reads);
}

static void check_sleep(const char *how)
{
	struct timespec req = { 0, SLEEP_NS }, abs;
	int64_t t0 = ns(CLOCK_MONOTONIC), slept;
	int rc;

	if (!strcmp(how, "nanosleep")) {
		rc = nanosleep(&req, NULL);
	} else if (!strcmp(how, "clock_nanosleep")) {
		rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	} else {
		int64_t until = t0 + SLEEP_NS;

		abs.tv_sec = until / NSEC;
		abs.tv_nsec = until % NSEC;
		rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
	}
	slept = ns(CLOCK_MONOTONIC) - t0;
	CHECK(rc == 0, "%s returned %d (%s)", how, rc, strerror(rc > 0 ? rc : errno));
	if (t0 < 0)
		return;
	CHECK(slept >= SLEEP_NS, "%s of 50 ms slept only %lld ns", how, (long long)slept);
	if (rc == 0 && slept >= SLEEP_NS)
		printf("%s 50 ms: slept at least 50 ms\n", how);
}

int main(void)
{
	struct timeval tv;
	int64_t rt = ns(CLOCK_REALTIME);
	time_t t;

	printf("realtime %lld\n", (long long)(rt / NSEC));
	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday: %s", strerror(errno));
	t = time(NULL);
	CHECK(tv.tv_sec - rt / NSEC <= 1 && tv.tv_sec >= rt / NSEC,
	      "gettimeofday %lld vs CLOCK_REALTIME %lld", (long long)tv.tv_sec,
	      (long long)(rt / NSEC));
	CHECK(t - rt / NSEC <= 1 && t >= rt / NSEC, "time() %lld vs CLOCK_REALTIME %lld",
	      (long long)t, (long long)(rt / NSEC));
	check_monotonic(20000);
	check_sleep("nanosleep");
	check_sleep("clock_nanosleep");
	check_sleep("clock_nanosleep_abstime");
	return check_status();
}
