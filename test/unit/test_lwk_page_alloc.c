// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's physical page allocator core. Addresses are made up: the core
 * only ever touches the bitmaps, never the memory it hands out.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <lwk/page_alloc.h>

#define PG	PAGE_ALLOC_PAGE_SIZE
#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)

static struct page_alloc pa;
static uint64_t *maps[4];

static void setup(void)
{
	page_alloc_init(&pa);
	memset(maps, 0, sizeof(maps));
}

static void teardown(void)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		free(maps[i]);
}

/* Add region @i at @base of @size bytes on @node, with a fresh bitmap. */
static int add(unsigned int i, uint64_t base, uint64_t size, int node)
{
	maps[i] = malloc(page_alloc_bitmap_bytes(size) + 8);
	/* Garbage in the bitmap must not matter: add clears it. */
	memset(maps[i], 0xa5, page_alloc_bitmap_bytes(size) + 8);
	return page_alloc_add_region(&pa, base, size, node, maps[i]);
}

static uint64_t alloc(uint64_t npages, uint64_t align)
{
	uint64_t phys = 0xdeadbeef;

	ck_assert_int_eq(page_alloc_alloc(&pa, npages, align, -1, &phys), 0);
	return phys;
}

START_TEST(new_region_is_all_free)
{
	ck_assert_int_eq(add(0, 1 * GiB, 2 * MiB, 0), 0);
	ck_assert_uint_eq(page_alloc_total_bytes(&pa), 2 * MiB);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 2 * MiB);
}
END_TEST

START_TEST(alloc_then_free_restores_free_bytes)
{
	uint64_t a, b;

	add(0, 1 * GiB, 2 * MiB, 0);
	a = alloc(1, 0);
	b = alloc(3, 0);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 2 * MiB - 4 * PG);
	ck_assert_int_eq(page_alloc_free(&pa, a, 1), 0);
	ck_assert_int_eq(page_alloc_free(&pa, b, 3), 0);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 2 * MiB);
}
END_TEST

START_TEST(allocations_lie_in_the_region_and_page_aligned)
{
	uint64_t p;
	int i;

	add(0, 1 * GiB, 1 * MiB, 0);
	for (i = 0; i < 16; i++) {
		p = alloc(1 + i % 3, 0);
		ck_assert_uint_eq(p % PG, 0);
		ck_assert_uint_ge(p, 1 * GiB);
		ck_assert_uint_le(p + (1 + i % 3) * PG, 1 * GiB + 1 * MiB);
	}
}
END_TEST

START_TEST(aligned_allocations_are_aligned)
{
	uint64_t p;

	/* A region starting 4 KiB past a 2 MiB boundary. */
	add(0, 1 * GiB + PG, 8 * MiB - PG, 0);
	alloc(1, 0);
	p = alloc(512, 2 * MiB);
	ck_assert_uint_eq(p % (2 * MiB), 0);
	p = alloc(4, 64 * 1024);
	ck_assert_uint_eq(p % (64 * 1024), 0);
	p = alloc(1, 16 * 1024);
	ck_assert_uint_eq(p % (16 * 1024), 0);
}
END_TEST

START_TEST(bad_alignment_is_refused)
{
	uint64_t phys;

	add(0, 1 * GiB, 1 * MiB, 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 3 * PG, -1, &phys), -EINVAL);
	ck_assert_int_eq(page_alloc_alloc(&pa, 0, 0, -1, &phys), -EINVAL);
}
END_TEST

START_TEST(exhaustion_fails_and_leaves_phys_alone)
{
	uint64_t phys, n = (1 * MiB) / PG, i;

	add(0, 1 * GiB, 1 * MiB, 0);
	for (i = 0; i < n; i++)
		alloc(1, 0);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 0);
	phys = 0x1234;
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, -1, &phys), -ENOMEM);
	ck_assert_uint_eq(phys, 0x1234);
}
END_TEST

START_TEST(run_larger_than_any_free_run_fails)
{
	uint64_t a, phys;

	add(0, 1 * GiB, 16 * PG, 0);
	a = alloc(16, 0);
	/* Free every other page: 8 free pages, no two adjacent. */
	for (int i = 0; i < 16; i += 2)
		ck_assert_int_eq(page_alloc_free(&pa, a + i * PG, 1), 0);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 8 * PG);
	ck_assert_int_eq(page_alloc_alloc(&pa, 2, 0, -1, &phys), -ENOMEM);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 8 * PG);
}
END_TEST

START_TEST(alignment_that_cannot_be_met_fails)
{
	uint64_t phys;

	/* 1 MiB region, not 2 MiB aligned anywhere inside. */
	add(0, 1 * GiB + 4 * MiB + 512 * 1024, 1 * MiB, 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 2 * MiB, -1, &phys), -ENOMEM);
}
END_TEST

START_TEST(reserved_ranges_are_never_handed_out)
{
	uint64_t p, i, n;
	uint64_t kbase = 1 * GiB, ksize = 73 * PG + 5;	/* not page sized */

	add(0, 1 * GiB, 2 * MiB, 0);
	/* Rounded out to whole pages: 74 pages. */
	ck_assert_uint_eq(page_alloc_reserve(&pa, kbase, ksize), 74);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 2 * MiB - 74 * PG);
	/* Reserving again takes nothing more. */
	ck_assert_uint_eq(page_alloc_reserve(&pa, kbase, ksize), 0);
	n = page_alloc_free_bytes(&pa) / PG;
	for (i = 0; i < n; i++) {
		p = alloc(1, 0);
		ck_assert(p >= kbase + 74 * PG);
	}
}
END_TEST

START_TEST(reserve_outside_regions_is_ignored)
{
	add(0, 1 * GiB, 1 * MiB, 0);
	ck_assert_uint_eq(page_alloc_reserve(&pa, 0, 1 * GiB), 0);
	ck_assert_uint_eq(page_alloc_reserve(&pa, 2 * GiB, 1 * MiB), 0);
	/* Straddling the end: only the part inside counts. */
	ck_assert_uint_eq(page_alloc_reserve(&pa, 1 * GiB + 1 * MiB - 2 * PG, 1 * MiB), 2);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 1 * MiB - 2 * PG);
}
END_TEST

START_TEST(multiple_regions_are_all_used)
{
	uint64_t p, i, n, in0 = 0, in1 = 0;

	add(0, 1 * GiB, 64 * PG, 0);
	add(1, 4 * GiB, 64 * PG, 1);
	ck_assert_uint_eq(page_alloc_total_bytes(&pa), 128 * PG);
	n = 128;
	for (i = 0; i < n; i++) {
		p = alloc(1, 0);
		if (p >= 1 * GiB && p < 1 * GiB + 64 * PG)
			in0++;
		else if (p >= 4 * GiB && p < 4 * GiB + 64 * PG)
			in1++;
		else
			ck_abort_msg("page 0x%llx outside both regions",
				     (unsigned long long)p);
	}
	ck_assert_uint_eq(in0, 64);
	ck_assert_uint_eq(in1, 64);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 0);
}
END_TEST

START_TEST(run_spills_to_the_next_region_not_across)
{
	uint64_t p;

	/* Adjacent regions: a run must still come from one of them. */
	add(0, 1 * GiB, 8 * PG, 0);
	add(1, 1 * GiB + 8 * PG, 8 * PG, 0);
	alloc(4, 0);
	p = alloc(8, 0);
	ck_assert_uint_eq(p, 1 * GiB + 8 * PG);
}
END_TEST

START_TEST(node_is_preferred_then_any)
{
	uint64_t phys;

	add(0, 1 * GiB, 4 * PG, 0);
	add(1, 4 * GiB, 4 * PG, 1);
	ck_assert_int_eq(page_alloc_alloc(&pa, 2, 0, 1, &phys), 0);
	ck_assert_uint_ge(phys, 4 * GiB);
	ck_assert_int_eq(page_alloc_alloc(&pa, 4, 0, 1, &phys), 0);
	ck_assert_uint_lt(phys, 4 * GiB);
}
END_TEST

/* A node with no memory of its own, or one we do not track: any node. */
START_TEST(node_without_memory_falls_back_to_any)
{
	uint64_t phys;

	add(0, 1 * GiB, 4 * PG, 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, 3, &phys), 0);
	ck_assert_uint_eq(phys, 1 * GiB);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, PAGE_ALLOC_MAX_NODES, &phys), 0);
	ck_assert_uint_eq(phys, 1 * GiB + PG);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, 1000000, &phys), 0);
	ck_assert_uint_eq(phys, 1 * GiB + 2 * PG);
}
END_TEST

/*
 * The preferred node is used up first, even when it comes after another
 * in the table; then the rest comes from the other node, not a failure.
 */
START_TEST(preferred_node_used_up_then_other_node)
{
	uint64_t phys;
	int i;

	add(0, 1 * GiB, 8 * PG, 0);
	add(1, 4 * GiB, 4 * PG, 1);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, 1, &phys), 0);
		ck_assert_uint_eq(phys, 4 * GiB + i * PG);
	}
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 1), 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, 1, &phys), 0);
	ck_assert_uint_eq(phys, 1 * GiB);
	/* A node-1 page freed is node 1's again. */
	ck_assert_int_eq(page_alloc_free(&pa, 4 * GiB + 2 * PG, 1), 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, 1, &phys), 0);
	ck_assert_uint_eq(phys, 4 * GiB + 2 * PG);
}
END_TEST

/* A run that fits no region of the node comes whole from another node. */
START_TEST(run_too_big_for_node_comes_from_other_node)
{
	uint64_t phys;

	add(0, 1 * GiB, 2 * MiB, 0);
	add(1, 4 * GiB, 1 * MiB, 1);
	ck_assert_int_eq(page_alloc_alloc(&pa, 2 * MiB / PG, 2 * MiB, 1, &phys), 0);
	ck_assert_uint_eq(phys, 1 * GiB);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 1), 1 * MiB);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 0), 0);
}
END_TEST

/* Free bytes per node follow add, reserve, alloc and free. */
START_TEST(free_bytes_are_kept_per_node)
{
	uint64_t a, b;

	add(0, 1 * GiB, 1 * MiB, 0);
	add(1, 4 * GiB, 2 * MiB, 1);
	add(2, 8 * GiB, 1 * MiB, 1);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 0), 1 * MiB);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 1), 3 * MiB);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 2), 0);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, -1), 0);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, PAGE_ALLOC_MAX_NODES), 0);
	ck_assert_uint_eq(page_alloc_reserve(&pa, 1 * GiB, 3 * PG), 3);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 0), 1 * MiB - 3 * PG);
	ck_assert_int_eq(page_alloc_alloc(&pa, 5, 0, 1, &a), 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 2, 0, 0, &b), 0);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 1), 3 * MiB - 5 * PG);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 0), 1 * MiB - 5 * PG);
	ck_assert_int_eq(page_alloc_free(&pa, a, 5), 0);
	ck_assert_int_eq(page_alloc_free(&pa, b, 2), 0);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 1), 3 * MiB);
	ck_assert_uint_eq(page_alloc_node_free_bytes(&pa, 0), 1 * MiB - 3 * PG);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 4 * MiB - 3 * PG);
}
END_TEST

START_TEST(region_node_out_of_range_is_refused)
{
	ck_assert_int_eq(add(0, 1 * GiB, 1 * MiB, -1), -EINVAL);
	ck_assert_int_eq(add(1, 2 * GiB, 1 * MiB, PAGE_ALLOC_MAX_NODES), -EINVAL);
	ck_assert_int_eq(add(2, 3 * GiB, 1 * MiB, PAGE_ALLOC_MAX_NODES - 1), 0);
	ck_assert_uint_eq(page_alloc_total_bytes(&pa), 1 * MiB);
}
END_TEST

START_TEST(overlapping_or_unaligned_regions_are_refused)
{
	uint64_t map[8];

	ck_assert_int_eq(add(0, 1 * GiB, 1 * MiB, 0), 0);
	ck_assert_int_eq(page_alloc_add_region(&pa, 1 * GiB + 512 * 1024, 1 * MiB,
					       0, map), -EINVAL);
	ck_assert_int_eq(page_alloc_add_region(&pa, 2 * GiB + 1, 8 * PG, 0, map),
			 -EINVAL);
	ck_assert_int_eq(page_alloc_add_region(&pa, 2 * GiB, 100, 0, map), -EINVAL);
	ck_assert_int_eq(page_alloc_add_region(&pa, 2 * GiB, 0, 0, map), -EINVAL);
	ck_assert_uint_eq(pa.nr_regions, 1);
}
END_TEST

START_TEST(region_table_full_is_enospc)
{
	static uint64_t map[PAGE_ALLOC_MAX_REGIONS + 1];
	unsigned int i;

	for (i = 0; i < PAGE_ALLOC_MAX_REGIONS; i++)
		ck_assert_int_eq(page_alloc_add_region(&pa, (uint64_t)i * MiB, PG, 0,
						       &map[i]), 0);
	ck_assert_int_eq(page_alloc_add_region(&pa, 1 * GiB, PG, 0, &map[i]),
			 -ENOSPC);
}
END_TEST

START_TEST(double_free_is_refused_and_changes_nothing)
{
	uint64_t a, b;

	add(0, 1 * GiB, 16 * PG, 0);
	a = alloc(2, 0);
	b = alloc(1, 0);
	ck_assert_int_eq(page_alloc_free(&pa, a, 2), 0);
	ck_assert_int_eq(page_alloc_free(&pa, a, 2), -EINVAL);
	/* A range that is partly free: refused as a whole. */
	ck_assert_int_eq(page_alloc_free(&pa, a, 3), -EINVAL);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 15 * PG);
	ck_assert_int_eq(page_alloc_free(&pa, b, 1), 0);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 16 * PG);
}
END_TEST

START_TEST(bad_frees_are_refused)
{
	uint64_t a;

	add(0, 1 * GiB, 16 * PG, 0);
	a = alloc(16, 0);
	ck_assert_int_eq(page_alloc_free(&pa, a + 1, 1), -EINVAL);	/* unaligned */
	ck_assert_int_eq(page_alloc_free(&pa, 2 * GiB, 1), -EINVAL);	/* not ours */
	ck_assert_int_eq(page_alloc_free(&pa, a + 15 * PG, 2), -EINVAL); /* past end */
	ck_assert_int_eq(page_alloc_free(&pa, a, 0), -EINVAL);
	ck_assert_uint_eq(page_alloc_free_bytes(&pa), 0);
}
END_TEST

START_TEST(no_page_is_handed_out_twice)
{
	enum { N = 256 };
	static uint64_t got[N];
	uint64_t i, j, phys;

	add(0, 1 * GiB, N * PG, 0);
	for (i = 0; i < N; i++)
		got[i] = alloc(1, 0);
	/* Free and reallocate a few in a scattered order. */
	for (i = 0; i < N; i += 7)
		ck_assert_int_eq(page_alloc_free(&pa, got[i], 1), 0);
	for (i = 0; i < N; i += 7)
		got[i] = alloc(1, 0);
	ck_assert_int_eq(page_alloc_alloc(&pa, 1, 0, -1, &phys), -ENOMEM);
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++)
			ck_assert_uint_ne(got[i], got[j]);
}
END_TEST

START_TEST(freed_pages_are_reused_first_fit)
{
	uint64_t a, b, c;

	add(0, 1 * GiB, 16 * PG, 0);
	a = alloc(1, 0);
	b = alloc(1, 0);
	ck_assert_int_eq(page_alloc_free(&pa, a, 1), 0);
	c = alloc(1, 0);
	ck_assert_uint_eq(c, a);
	ck_assert_uint_ne(c, b);
}
END_TEST

Suite *lwk_page_alloc_suite(void)
{
	Suite *s = suite_create("lwk_page_alloc");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, new_region_is_all_free);
	tcase_add_test(tc, alloc_then_free_restores_free_bytes);
	tcase_add_test(tc, allocations_lie_in_the_region_and_page_aligned);
	tcase_add_test(tc, aligned_allocations_are_aligned);
	tcase_add_test(tc, bad_alignment_is_refused);
	tcase_add_test(tc, exhaustion_fails_and_leaves_phys_alone);
	tcase_add_test(tc, run_larger_than_any_free_run_fails);
	tcase_add_test(tc, alignment_that_cannot_be_met_fails);
	tcase_add_test(tc, reserved_ranges_are_never_handed_out);
	tcase_add_test(tc, reserve_outside_regions_is_ignored);
	tcase_add_test(tc, multiple_regions_are_all_used);
	tcase_add_test(tc, run_spills_to_the_next_region_not_across);
	tcase_add_test(tc, node_is_preferred_then_any);
	tcase_add_test(tc, node_without_memory_falls_back_to_any);
	tcase_add_test(tc, preferred_node_used_up_then_other_node);
	tcase_add_test(tc, run_too_big_for_node_comes_from_other_node);
	tcase_add_test(tc, free_bytes_are_kept_per_node);
	tcase_add_test(tc, region_node_out_of_range_is_refused);
	tcase_add_test(tc, overlapping_or_unaligned_regions_are_refused);
	tcase_add_test(tc, region_table_full_is_enospc);
	tcase_add_test(tc, double_free_is_refused_and_changes_nothing);
	tcase_add_test(tc, bad_frees_are_refused);
	tcase_add_test(tc, no_page_is_handed_out_twice);
	tcase_add_test(tc, freed_pages_are_reused_first_fit);
	suite_add_tcase(s, tc);
	return s;
}
