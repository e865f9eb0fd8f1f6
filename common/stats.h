/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Order statistics of samples (round-trip times in ns and the like):
 * min, median, p99, max, the way ihkosctl ping and the benchmarks report
 * them; and each sample's overhead over the fastest, the way a fixed work
 * quantum benchmark reports noise.
 *
 * Percentiles are nearest-rank: the p-th percentile of n sorted samples
 * is sample number ceil(p * n / 100) (counting from 1; the first for
 * p = 0). So the median of an even count is the lower middle sample, and
 * every reported value is a sample that was actually measured.
 */
#ifndef IHK_COMMON_STATS_H
#define IHK_COMMON_STATS_H

#include "compat.h"

/* Sort @n values ascending in place (heapsort: no recursion, no memory). */
void stats_sort(uint64_t *v, size_t n);

/*
 * The @permille-th per-mille (0..1000: 500 = median, 990 = p99) of
 * @n sorted values, nearest-rank; 0 when @n is 0. @permille above 1000
 * counts as 1000.
 */
uint64_t stats_percentile(const uint64_t *sorted, size_t n,
			  unsigned int permille);

/*
 * The nearest rank of the @num/@den quantile of @n samples, counting from
 * 1: ceil(@num * @n / @den), at least 1; 0 when @n or @den is 0. @num
 * above @den counts as @den. Exact for every @n (no overflow).
 */
size_t stats_rank(size_t n, uint32_t num, uint32_t den);

/*
 * The @num/@den quantile of @n sorted values: the sample at stats_rank();
 * 0 when @n or @den is 0. For ranks finer than per-mille: p99.9 is
 * 999/1000, p99.99 is 9999/10000.
 */
uint64_t stats_quantile(const uint64_t *sorted, size_t n, uint32_t num,
			uint32_t den);

struct stats_summary {
	uint64_t n;
	uint64_t min;
	uint64_t median;
	uint64_t p99;
	uint64_t max;
};

/* Sorts @v (@n values) and fills @s; all zero when @n is 0. */
void stats_summarize(uint64_t *v, size_t n, struct stats_summary *s);

/*
 * How much longer than the fastest each sample took: the noise a fixed
 * work quantum (FWQ) sees. All in the samples' unit.
 */
struct stats_overhead {
	uint64_t n;
	uint64_t base;		/* the fastest sample: the work alone */
	uint64_t mean;		/* mean overhead, rounded to the nearest */
	uint64_t p999;		/* p99.9 overhead, nearest-rank */
	uint64_t max;		/* largest overhead */
};

/*
 * Replaces each of the @n samples in @v by its overhead over the fastest,
 * keeping their order (a trace), and fills @o. @sorted (room for @n values,
 * not overlapping @v) receives the overheads sorted. All of @o is zero
 * when @n is 0.
 */
void stats_overhead(uint64_t *v, size_t n, uint64_t *sorted,
		    struct stats_overhead *o);

#endif /* IHK_COMMON_STATS_H */
