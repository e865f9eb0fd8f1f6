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
	return s;
}
