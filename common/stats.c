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

size_t stats_rank(size_t n, uint32_t num, uint32_t den)
{
	uint64_t q, r, rank;

	if (n == 0 || den == 0)
		return 0;
	if (num > den)
		num = den;
	/*
	 * ceil(num * n / den) without forming num * n, which overflows for
	 * large n: with n = q * den + r it is num * q + ceil(num * r / den),
	 * where num * q <= n and num * r < 2^64 since both are below 2^32.
	 */
	q = n / den;
	r = n % den;
	rank = (uint64_t)num * q + ((uint64_t)num * r + den - 1) / den;
	return rank ? rank : 1;
}

uint64_t stats_quantile(const uint64_t *sorted, size_t n, uint32_t num,
			uint32_t den)
{
	size_t rank = stats_rank(n, num, den);

	return rank ? sorted[rank - 1] : 0;
}

uint64_t stats_percentile(const uint64_t *sorted, size_t n,
			  unsigned int permille)
{
	return stats_quantile(sorted, n, permille > 1000 ? 1000 : permille,
			      1000);
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

void stats_overhead(uint64_t *v, size_t n, uint64_t *sorted,
		    struct stats_overhead *o)
{
	uint64_t base, sum = 0;
	size_t i;

	memset(o, 0, sizeof(*o));
	if (n == 0)
		return;
	base = v[0];
	for (i = 1; i < n; i++)
		if (v[i] < base)
			base = v[i];
	for (i = 0; i < n; i++) {
		v[i] -= base;
		sum += v[i];
		sorted[i] = v[i];
	}
	stats_sort(sorted, n);
	o->n = n;
	o->base = base;
	o->mean = (sum + n / 2) / n;
	o->p999 = stats_quantile(sorted, n, 999, 1000);
	o->max = sorted[n - 1];
}
