/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark programs share: their result lines, their verdict on
 * their own results, and option numbers.
 *
 * Results go to stdout, one value a line, for scripts/bench to read:
 *   metric NAME VALUE UNIT      NAME [a-z0-9_]+, VALUE a non-negative number
 *   dist NAME PERMILLE VALUE    one point of a distribution
 *   trace NAME INDEX VALUE      one sample of a series, in order
 * A program that finds its own results impossible (counts that do not
 * match, a minimum above a maximum, a call that returned the wrong thing)
 * says so after its results, in one line on stderr,
 *   <prog>: not sane: <what>
 * and exits 1: a broken number must not pass for a measurement.
 */
#ifndef IHK_BENCH_BENCH_H
#define IHK_BENCH_BENCH_H

#include <stdint.h>

#include "stats.h"

/* metric PREFIXSUFFIX VALUE UNIT, VALUE an integer. */
void bench_metric(const char *prefix, const char *suffix, uint64_t value,
		  const char *unit);

/* The same with VALUE to three decimals (a rate, milliseconds). */
void bench_metric_fixed(const char *prefix, const char *suffix, double value,
			const char *unit);

/*
 * PREFIX_min, _median, _p99 and _max of @s, in ns; notes as not sane a
 * count other than @want, a zero minimum (nothing takes no time) or
 * values out of order.
 */
void bench_summary(const char *prefix, const struct stats_summary *s,
		   uint64_t want);

/* Notes that a result is not sane; the first note is the one reported. */
void bench_insane(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The exit status: 0 if nothing was noted, else 1 after the one
 * "@prog: not sane: ..." line (with how many other problems there were).
 */
int bench_verdict(const char *prog);

/* @s as a decimal number in 1..@max into @out; -1 if it is anything else. */
int bench_number(const char *s, uint64_t max, uint64_t *out);

/* True if @s fits the metric names: [a-z0-9_]+. */
int bench_name_ok(const char *s);

#endif /* IHK_BENCH_BENCH_H */
