// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

START_TEST(sort_small_and_duplicates)
{
	uint64_t v[] = { 5, 1, 4, 1, 5, 9, 2, 6, 5, 3 };
	const uint64_t want[] = { 1, 1, 2, 3, 4, 5, 5, 5, 6, 9 };

	stats_sort(v, 10);
	ck_assert_mem_eq(v, want, sizeof(want));
}
END_TEST

START_TEST(sort_empty_and_one)
{
	uint64_t v[1] = { 42 };

	stats_sort(v, 0);
	stats_sort(v, 1);
	ck_assert_uint_eq(v[0], 42);
}
END_TEST

START_TEST(sort_large_random_matches_qsort)
{
	enum { N = 100000 };
	uint64_t *a = malloc(N * sizeof(*a)), *b = malloc(N * sizeof(*b));
	uint64_t x = 88172645463325252ULL;
	size_t i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	for (i = 0; i < N; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		a[i] = b[i] = x % 5000;	/* many duplicates */
	}
	stats_sort(a, N);
	for (i = 1; i < N; i++)
		ck_assert_uint_le(a[i - 1], a[i]);
	/* Same multiset: the sums agree. */
	{
		uint64_t sa = 0, sb = 0;

		for (i = 0; i < N; i++) {
			sa += a[i];
			sb += b[i];
		}
		ck_assert_uint_eq(sa, sb);
	}
	free(a);
	free(b);
}
END_TEST

START_TEST(nearest_rank_percentiles)
{
	uint64_t v[100];
	size_t i;

	for (i = 0; i < 100; i++)
		v[i] = (i + 1) * 10;	/* 10, 20, ..., 1000 */
	ck_assert_uint_eq(stats_percentile(v, 100, 0), 10);
	ck_assert_uint_eq(stats_percentile(v, 100, 500), 500);
	ck_assert_uint_eq(stats_percentile(v, 100, 990), 990);
	ck_assert_uint_eq(stats_percentile(v, 100, 1000), 1000);
	ck_assert_uint_eq(stats_percentile(v, 100, 5000), 1000);
	ck_assert_uint_eq(stats_percentile(v, 100, 1), 10);
}
END_TEST

START_TEST(median_of_even_count_is_lower_middle)
{
	uint64_t v[] = { 1, 2, 3, 4 };

	ck_assert_uint_eq(stats_percentile(v, 4, 500), 2);
}
END_TEST

START_TEST(p99_of_few_samples_is_the_max)
{
	uint64_t v[] = { 3, 7, 8, 100 };

	ck_assert_uint_eq(stats_percentile(v, 4, 990), 100);
	ck_assert_uint_eq(stats_percentile(v, 1, 990), 3);
}
END_TEST

START_TEST(empty_is_zero)
{
	struct stats_summary s;

	memset(&s, 0xff, sizeof(s));
	ck_assert_uint_eq(stats_percentile(NULL, 0, 500), 0);
	stats_summarize(NULL, 0, &s);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_uint_eq(s.min, 0);
	ck_assert_uint_eq(s.median, 0);
	ck_assert_uint_eq(s.p99, 0);
	ck_assert_uint_eq(s.max, 0);
}
END_TEST

START_TEST(summary_of_unsorted)
{
	uint64_t v[1000];
	struct stats_summary s;
	size_t i;

	/* 1..1000 in a scrambled order (7 is prime to 1000). */
	for (i = 0; i < 1000; i++)
		v[i] = (i * 7) % 1000 + 1;
	stats_summarize(v, 1000, &s);
	ck_assert_uint_eq(s.n, 1000);
	ck_assert_uint_eq(s.min, 1);
	ck_assert_uint_eq(s.median, 500);
	ck_assert_uint_eq(s.p99, 990);
	ck_assert_uint_eq(s.max, 1000);
}
END_TEST

START_TEST(rank_is_ceiling_and_at_least_one)
{
	ck_assert_uint_eq(stats_rank(1000, 999, 1000), 999);	/* exact */
	ck_assert_uint_eq(stats_rank(1001, 999, 1000), 1000);	/* rounds up */
	ck_assert_uint_eq(stats_rank(2000, 999, 1000), 1998);
	ck_assert_uint_eq(stats_rank(10, 0, 1000), 1);
	ck_assert_uint_eq(stats_rank(10, 1, 1000), 1);
	ck_assert_uint_eq(stats_rank(10, 1000, 1000), 10);
	ck_assert_uint_eq(stats_rank(10, 7, 3), 10);	/* above 1: the max */
	ck_assert_uint_eq(stats_rank(1, 999, 1000), 1);
}
END_TEST

START_TEST(rank_of_none_is_zero)
{
	ck_assert_uint_eq(stats_rank(0, 500, 1000), 0);
	ck_assert_uint_eq(stats_rank(10, 5, 0), 0);
}
END_TEST

START_TEST(rank_of_huge_counts_does_not_overflow)
{
	const size_t n = (size_t)1 << 62;

	/* num * n would need 94 bits. */
	ck_assert_uint_eq(stats_rank(n, 999, 1000), n - n / 1000);
	ck_assert_uint_eq(stats_rank(n, UINT32_MAX, UINT32_MAX), n);
	ck_assert_uint_eq(stats_rank(n - 1, UINT32_MAX - 1, UINT32_MAX),
			  n - 1 - ((n - 1) / UINT32_MAX));
}
END_TEST

START_TEST(quantile_p999)
{
	uint64_t v[2000];
	size_t i;

	for (i = 0; i < 2000; i++)
		v[i] = i + 1;
	ck_assert_uint_eq(stats_quantile(v, 2000, 999, 1000), 1998);
	ck_assert_uint_eq(stats_quantile(v, 1000, 999, 1000), 999);
	ck_assert_uint_eq(stats_quantile(v, 999, 999, 1000), 999);
	ck_assert_uint_eq(stats_quantile(v, 2000, 9999, 10000), 2000);
}
END_TEST

START_TEST(quantile_of_one_and_none)
{
	uint64_t v[] = { 42 };

	ck_assert_uint_eq(stats_quantile(v, 1, 0, 1000), 42);
	ck_assert_uint_eq(stats_quantile(v, 1, 999, 1000), 42);
	ck_assert_uint_eq(stats_quantile(v, 1, 1000, 1000), 42);
	ck_assert_uint_eq(stats_quantile(NULL, 0, 999, 1000), 0);
	ck_assert_uint_eq(stats_quantile(v, 1, 1, 0), 0);
}
END_TEST

START_TEST(percentile_is_the_per_mille_quantile)
{
	uint64_t v[50];
	size_t n, i;
	unsigned int p;

	for (i = 0; i < 50; i++)
		v[i] = i * 3;
	for (n = 1; n <= 50; n++)
		for (p = 0; p <= 1001; p++)
			ck_assert_uint_eq(stats_percentile(v, n, p),
					  stats_quantile(v, n, p, 1000));
}
END_TEST

START_TEST(overhead_over_the_fastest_keeps_order)
{
	uint64_t v[] = { 105, 100, 130, 100, 101 };
	const uint64_t trace[] = { 5, 0, 30, 0, 1 };
	const uint64_t sorted_want[] = { 0, 0, 1, 5, 30 };
	uint64_t sorted[5];
	struct stats_overhead o;

	stats_overhead(v, 5, sorted, &o);
	ck_assert_mem_eq(v, trace, sizeof(trace));
	ck_assert_mem_eq(sorted, sorted_want, sizeof(sorted_want));
	ck_assert_uint_eq(o.n, 5);
	ck_assert_uint_eq(o.base, 100);
	ck_assert_uint_eq(o.mean, 7);	/* 36 / 5 = 7.2 */
	ck_assert_uint_eq(o.p999, 30);
	ck_assert_uint_eq(o.max, 30);
}
END_TEST

START_TEST(overhead_mean_rounds_to_nearest)
{
	uint64_t v[] = { 10, 11, 12, 12 };	/* overheads 0 1 2 2: 1.25, down to 1 */
	uint64_t x[] = { 10, 12, 12, 12 };	/* 0 2 2 2: 1.5, up to 2 */
	uint64_t sorted[4];
	struct stats_overhead o;

	stats_overhead(v, 4, sorted, &o);
	ck_assert_uint_eq(o.mean, 1);
	stats_overhead(x, 4, sorted, &o);
	ck_assert_uint_eq(o.mean, 2);
}
END_TEST

START_TEST(overhead_p999_skips_one_outlier_in_a_thousand)
{
	enum { N = 2000 };
	uint64_t *v = malloc(N * sizeof(*v)), *sorted = malloc(N * sizeof(*v));
	struct stats_overhead o;
	size_t i;

	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_nonnull(sorted);
	for (i = 0; i < N; i++)
		v[i] = 1000 + i % 7;
	v[17] = 50000;	/* the two largest: above p99.9 of 2000 */
	v[1500] = 90000;
	stats_overhead(v, N, sorted, &o);
	ck_assert_uint_eq(o.base, 1000);
	ck_assert_uint_eq(o.p999, 6);
	ck_assert_uint_eq(o.max, 89000);
	ck_assert_uint_eq(v[1500], 89000);
	free(v);
	free(sorted);
}
END_TEST

START_TEST(overhead_of_one_and_none)
{
	uint64_t v[] = { 777 };
	uint64_t sorted[1];
	struct stats_overhead o;

	stats_overhead(v, 1, sorted, &o);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_uint_eq(o.base, 777);
	ck_assert_uint_eq(o.mean, 0);
	ck_assert_uint_eq(o.p999, 0);
	ck_assert_uint_eq(o.max, 0);
	ck_assert_uint_eq(v[0], 0);

	memset(&o, 0xff, sizeof(o));
	stats_overhead(NULL, 0, NULL, &o);
	ck_assert_uint_eq(o.n, 0);
	ck_assert_uint_eq(o.base, 0);
	ck_assert_uint_eq(o.mean, 0);
	ck_assert_uint_eq(o.p999, 0);
	ck_assert_uint_eq(o.max, 0);
}
END_TEST

Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("order_statistics");

	tcase_add_test(tc, sort_small_and_duplicates);
	tcase_add_test(tc, sort_empty_and_one);
	tcase_add_test(tc, sort_large_random_matches_qsort);
	tcase_add_test(tc, nearest_rank_percentiles);
	tcase_add_test(tc, median_of_even_count_is_lower_middle);
	tcase_add_test(tc, p99_of_few_samples_is_the_max);
	tcase_add_test(tc, empty_is_zero);
	tcase_add_test(tc, summary_of_unsorted);
	suite_add_tcase(s, tc);

	tc = tcase_create("quantiles");
	tcase_add_test(tc, rank_is_ceiling_and_at_least_one);
	tcase_add_test(tc, rank_of_none_is_zero);
	tcase_add_test(tc, rank_of_huge_counts_does_not_overflow);
	tcase_add_test(tc, quantile_p999);
	tcase_add_test(tc, quantile_of_one_and_none);
	tcase_add_test(tc, percentile_is_the_per_mille_quantile);
	suite_add_tcase(s, tc);

	tc = tcase_create("overhead");
	tcase_add_test(tc, overhead_over_the_fastest_keeps_order);
	tcase_add_test(tc, overhead_mean_rounds_to_nearest);
	tcase_add_test(tc, overhead_p999_skips_one_outlier_in_a_thousand);
	tcase_add_test(tc, overhead_of_one_and_none);
	suite_add_tcase(s, tc);
	return s;
}
