// SPDX-License-Identifier: GPL-2.0
#include "stats.h"

/* Moves v[i] down the max-heap v[0..n) until both children are smaller. */
static void stats_sift_down(uint64_t *v, size_t i, size_t n)
{
	uint64_t x = v[i];
	size_t child;

	while ((child = 2 * i + 1) < n) {
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[child] <= x)
			break;
		v[i] = v[child];
		i = child;
	}
	v[i] = x;
}

void stats_sort(uint64_t *v, size_t n)
{
	size_t i;
	uint64_t t;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		stats_sift_down(v, i, n);
	for (i = n - 1; i > 0; i--) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		stats_sift_down(v, 0, i);
	}
}

uint64_t stats_percentile(const uint64_t *sorted, size_t n,
			  unsigned int permille)
{
	uint64_t rank;

	if (n == 0)
		return 0;
	if (permille > 1000)
		permille = 1000;
	/* ceil(permille * n / 1000), at least 1; no overflow below 2^54 samples. */
	rank = ((uint64_t)permille * n + 999) / 1000;
	if (rank == 0)
		rank = 1;
	return sorted[rank - 1];
}

void stats_summarize(uint64_t *v, size_t n, struct stats_summary *s)
{
	stats_sort(v, n);
	s->n = n;
	s->min = stats_percentile(v, n, 0);
	s->median = stats_percentile(v, n, 500);
	s->p99 = stats_percentile(v, n, 990);
	s->max = stats_percentile(v, n, 1000);
}
