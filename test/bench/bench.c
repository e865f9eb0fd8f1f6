// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

static char first_problem[256];
static unsigned int problems;

void bench_metric(const char *prefix, const char *suffix, uint64_t value,
		  const char *unit)
{
	printf("metric %s%s %" PRIu64 " %s\n", prefix, suffix, value, unit);
}

void bench_metric_fixed(const char *prefix, const char *suffix, double value,
			const char *unit)
{
	printf("metric %s%s %.3f %s\n", prefix, suffix, value, unit);
}

void bench_summary(const char *prefix, const struct stats_summary *s,
		   uint64_t want)
{
	bench_metric(prefix, "_min", s->min, "ns");
	bench_metric(prefix, "_median", s->median, "ns");
	bench_metric(prefix, "_p99", s->p99, "ns");
	bench_metric(prefix, "_max", s->max, "ns");
	if (s->n != want)
		bench_insane("%s: %" PRIu64 " samples, %" PRIu64 " asked",
			     prefix, s->n, want);
	if (s->min == 0)
		bench_insane("%s: a minimum of 0 ns", prefix);
	if (s->min > s->median || s->median > s->p99 || s->p99 > s->max)
		bench_insane("%s: min %" PRIu64 ", median %" PRIu64 ", p99 %"
			     PRIu64 ", max %" PRIu64 " out of order", prefix,
			     s->min, s->median, s->p99, s->max);
}

void bench_insane(const char *fmt, ...)
{
	va_list ap;

	if (problems++)
		return;
	va_start(ap, fmt);
	vsnprintf(first_problem, sizeof(first_problem), fmt, ap);
	va_end(ap);
}

int bench_verdict(const char *prog)
{
	/* Results first, so a combined log reads in order. */
	fflush(stdout);
	if (!problems)
		return 0;
	if (problems == 1)
		fprintf(stderr, "%s: not sane: %s\n", prog, first_problem);
	else
		fprintf(stderr, "%s: not sane: %s (and %u more problems)\n",
			prog, first_problem, problems - 1);
	return 1;
}

int bench_number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0, d;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = *s - '0';
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (!v)
		return -1;
	*out = v;
	return 0;
}

int bench_name_ok(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		     strlen(s);
}
