/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arithmetic behind the LWK's clocks (lwk/kernel/clock_calc.c): TSC
 * cycles to nanoseconds and back without 64-bit overflow, a consistent
 * snapshot of the clock base ihk.ko publishes (include/ihk/boot.h), the
 * per-CPU monotonic clamp, which Linux clock ids we serve, and the timer's
 * next expiry. Pure logic: built into the LWK and into the host unit tests.
 */
#ifndef LWK_CLOCK_CALC_H
#define LWK_CLOCK_CALC_H

#include "compat.h"
#include <ihk/boot.h>

#define NSEC_PER_SEC		1000000000ULL
#define NSEC_PER_MSEC		1000000ULL

/* Linux's clock ids (prefixed: the host's <time.h> has the plain names). */
#define LWK_CLOCK_REALTIME		0
#define LWK_CLOCK_MONOTONIC		1
#define LWK_CLOCK_PROCESS_CPUTIME_ID	2
#define LWK_CLOCK_THREAD_CPUTIME_ID	3
#define LWK_CLOCK_MONOTONIC_RAW		4
#define LWK_CLOCK_REALTIME_COARSE	5
#define LWK_CLOCK_MONOTONIC_COARSE	6
#define LWK_CLOCK_BOOTTIME		7
#define LWK_CLOCK_REALTIME_ALARM	8
#define LWK_CLOCK_BOOTTIME_ALARM	9
#define LWK_CLOCK_TAI			11

#define LWK_TIMER_ABSTIME		1

/*
 * Linux's coarse clocks advance once per tick; Debian's kernels run at
 * HZ=250, so clock_getres reports 4 ms for them there. The same value is
 * Linux's resolution of the PROF and VIRT CPU clocks.
 */
#define LINUX_HZ		250
#define CLOCK_COARSE_RES_NS	(NSEC_PER_SEC / LINUX_HZ)

/* struct __kernel_timespec */
struct lwk_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* struct __kernel_old_timeval */
struct lwk_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

/* floor(cycles / khz kHz) in ns, exact for any cycles; khz > 0. */
uint64_t clock_cycles_to_ns(uint64_t cycles, uint32_t khz);
/* ceil(ns at khz kHz) in cycles, UINT64_MAX if it does not fit; khz > 0. */
uint64_t clock_ns_to_cycles(uint64_t ns, uint32_t khz);
/* a + b, or UINT64_MAX if that overflows. */
uint64_t clock_add_sat(uint64_t a, uint64_t b);

/*
 * One attempt at a consistent copy of @b while ihk.ko may be writing it:
 * false if a write was in progress or happened during the copy.
 */
bool clock_base_try_read(const struct ihk_clock_base *b,
			 struct ihk_clock_base *out);
/* Retry until a copy is consistent; returns how many attempts failed. */
unsigned int clock_base_read(const struct ihk_clock_base *b,
			     struct ihk_clock_base *out);

/* Linux's three clocks now, in ns. */
struct clock_times {
	uint64_t mono;
	uint64_t real;
	uint64_t boot;
};

/*
 * The clocks at TSC @tsc from base @b (tsc may lie before b->tsc). Each
 * base is Linux's own time, while between two bases we extrapolate with
 * the TSC, so a new base may land slightly behind what this CPU already
 * returned: MONOTONIC never goes backwards here (*last_mono, this CPU's
 * latest answer, is the floor and is updated); REALTIME and BOOTTIME keep
 * Linux's offset to MONOTONIC from the base, so they move with it and
 * only jump when Linux's offset does (settimeofday, suspend).
 */
void clock_compute(const struct ihk_clock_base *b, uint64_t tsc,
		   uint64_t *last_mono, struct clock_times *t);

/* What a clock id is to the LWK. */
enum clock_source {
	CLOCK_SRC_INVALID = 0,	/* EINVAL */
	CLOCK_SRC_REALTIME,
	CLOCK_SRC_MONOTONIC,
	CLOCK_SRC_BOOTTIME,
	CLOCK_SRC_RAW,
	CLOCK_SRC_PROCESS_CPU,	/* of process pid (0: the caller's) */
	CLOCK_SRC_THREAD_CPU,	/* of thread pid (0: the caller) */
	CLOCK_SRC_LINUX,	/* TAI, the ALARM clocks, fd clocks: ask Linux */
};

struct clock_sel {
	enum clock_source src;
	bool coarse;		/* a _COARSE clock */
	bool sched;		/* CPU clocks: the SCHED kind (1 ns resolution) */
	int32_t pid;		/* CPU clocks: the pid or tid encoded, 0 = self */
};

/* Decode Linux clock id @id (negative ids are CPU and fd clocks). */
void clock_select(int32_t id, struct clock_sel *s);

/* clock_getres for a clock clock_select() accepted, in ns (not LINUX). */
uint64_t clock_res_ns(const struct clock_sel *s);

/*
 * Whether clock_nanosleep may sleep on @id, as Linux answers: 0 yes,
 * -EINVAL (unknown clock, or a thread CPU clock), -EOPNOTSUPP (a clock
 * Linux cannot sleep on: MONOTONIC_RAW, the _COARSE ones). The caller
 * offloads CLOCK_SRC_LINUX clocks before asking.
 */
int clock_nsleep_allowed(const struct clock_sel *s);

/* tv_sec >= 0 and tv_nsec in [0, 1e9). */
bool timespec_valid(const struct lwk_timespec *ts);
/* ns of a valid timespec, UINT64_MAX if it does not fit. */
uint64_t timespec_to_ns(const struct lwk_timespec *ts);
void ns_to_timespec(uint64_t ns, struct lwk_timespec *ts);

/*
 * When this CPU's one-shot timer must fire next (a TSC value): the
 * heartbeat at @next_beat, or the sleep deadline @deadline (0: none) if
 * sooner. A deadline already past is re-armed @retry cycles from @now
 * until its waiter disarms it: a wake-up that lands between the waiter's
 * last look at the clock and its HLT is then late by at most @retry.
 */
uint64_t timer_next_expiry(uint64_t now, uint64_t next_beat,
			   uint64_t deadline, uint64_t retry);

/*
 * The next heartbeat after a timer interrupt at @now: one @period after
 * @next_beat, or after @now if the CPU fell more than a period behind.
 */
uint64_t timer_advance_beat(uint64_t now, uint64_t next_beat, uint64_t period);

#endif /* LWK_CLOCK_CALC_H */
