/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timing by the TSC, for benchmarks that run both natively and on the LWK.
 *
 * The LWK has no vDSO: there clock_gettime() is a real system call, which
 * would cost as much as some of the calls being timed. rdtsc costs the
 * same on both sides. The TSC's rate is measured once against
 * CLOCK_MONOTONIC, so tick counts convert to nanoseconds.
 *
 * A program must stay on one CPU while it times (the guest's TSCs are not
 * synchronised): scripts/bench pins it from outside with taskset; on the
 * LWK a thread never moves.
 */
#ifndef IHK_BENCH_TSC_H
#define IHK_BENCH_TSC_H

#include <stdint.h>

/* The TSC now; lfence keeps earlier instructions from finishing after it. */
static inline uint64_t tsc_read(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

/*
 * Measures the TSC's rate against CLOCK_MONOTONIC over about 100 ms.
 * Returns 0, or -1 after one line on stderr that starts with @prog.
 */
int tsc_calibrate(const char *prog);

/* @ticks in ns, rounded to the nearest (after tsc_calibrate()). */
uint64_t tsc_to_ns(uint64_t ticks);

/* @ns in ticks, rounded to the nearest (after tsc_calibrate()). */
uint64_t tsc_from_ns(uint64_t ns);

#endif /* IHK_BENCH_TSC_H */
