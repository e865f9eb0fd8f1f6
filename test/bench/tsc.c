// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tsc.h"

#define TSC_CAL_NS	100000000ull	/* how long the rate is measured */
#define TSC_PAIR_TRIES	5

static double ns_per_tick;

/*
 * A simultaneous (TSC, CLOCK_MONOTONIC) reading: the TSC midway between
 * two reads that bracket clock_gettime(). Of a few tries the narrowest
 * bracket wins, so a slow call (an interrupt, a cold cache) does not
 * skew the rate.
 */
static int tsc_pair(uint64_t *tsc, uint64_t *ns)
{
	uint64_t a, b, best = UINT64_MAX;
	struct timespec ts;
	int i;

	for (i = 0; i < TSC_PAIR_TRIES; i++) {
		a = tsc_read();
		if (clock_gettime(CLOCK_MONOTONIC, &ts))
			return -errno;
		b = tsc_read();
		if (b < a || b - a >= best)
			continue;
		best = b - a;
		*tsc = a + best / 2;
		*ns = (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	}
	return best == UINT64_MAX ? -EIO : 0;
}

int tsc_calibrate(const char *prog)
{
	struct timespec want = { 0, TSC_CAL_NS }, left;
	uint64_t c0, c1, n0, n1;
	double ghz;
	int ret;

	ret = tsc_pair(&c0, &n0);
	while (!ret && nanosleep(&want, &left)) {
		if (errno != EINTR) {
			ret = -errno;
			break;
		}
		want = left;
	}
	if (!ret)
		ret = tsc_pair(&c1, &n1);
	if (ret == -EIO || (!ret && (c1 <= c0 || n1 <= n0))) {
		fprintf(stderr, "%s: cannot calibrate the TSC: it went backwards\n",
			prog);
		return -1;
	}
	if (ret) {
		fprintf(stderr, "%s: cannot calibrate the TSC: %s\n", prog,
			strerror(-ret));
		return -1;
	}
	ns_per_tick = (double)(n1 - n0) / (double)(c1 - c0);
	/* A rate no x86 CPU has means a broken clock, not a fast machine. */
	ghz = 1.0 / ns_per_tick;
	if (ghz < 0.05 || ghz > 20.0) {
		fprintf(stderr, "%s: cannot calibrate the TSC: %.3f GHz is not a plausible rate\n",
			prog, ghz);
		return -1;
	}
	return 0;
}

uint64_t tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)((double)ticks * ns_per_tick + 0.5);
}

uint64_t tsc_from_ns(uint64_t ns)
{
	return (uint64_t)((double)ns / ns_per_tick + 0.5);
}
