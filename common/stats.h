/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Order statistics of samples (round-trip times in ns and the like):
 * min, median, p99, max, the way ihkosctl ping and the benchmarks report
 * them.
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

struct stats_summary {
	uint64_t n;
	uint64_t min;
	uint64_t median;
	uint64_t p99;
	uint64_t max;
};

/* Sorts @v (@n values) and fills @s; all zero when @n is 0. */
void stats_summarize(uint64_t *v, size_t n, struct stats_summary *s);

#endif /* IHK_COMMON_STATS_H */
