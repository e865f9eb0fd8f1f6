// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's virtual memory area bookkeeping (lwk/mm/vm_range.c): every
 * operation, splits and merges, MAP_FIXED reports, gap search, the top of
 * the user range, a full array, and thousands of random operations checked
 * against a page-granular model.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <lwk/vm_range.h>

#define PG	VM_PAGE_SIZE
#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)
#define RW	(VM_PROT_READ | VM_PROT_WRITE)
#define RO	VM_PROT_READ

#define CAP	64
static struct vm_area store[CAP];
static struct vm_range vr;

static struct vm_area rep[64];
static unsigned int nrep;

static void record(void *arg, const struct vm_area *p)
{
	ck_assert_ptr_eq(arg, &nrep);
	ck_assert_uint_lt(nrep, 64);
	rep[nrep++] = *p;
}

static void setup(void)
{
	memset(store, 0xa5, sizeof(store));
	vm_range_init(&vr, store, CAP);
	nrep = 0;
}

static void expect_area(unsigned int i, uint64_t s, uint64_t e, uint32_t prot,
			uint32_t kind)
{
	ck_assert_uint_lt(i, vr.nr);
	ck_assert_uint_eq(vr.area[i].start, s);
	ck_assert_uint_eq(vr.area[i].end, e);
	ck_assert_uint_eq(vr.area[i].prot, prot);
	ck_assert_uint_eq(vr.area[i].kind, kind);
}

static void expect_rep(unsigned int i, uint64_t s, uint64_t e, uint32_t prot,
		       uint32_t kind)
{
	ck_assert_uint_lt(i, nrep);
	ck_assert_uint_eq(rep[i].start, s);
	ck_assert_uint_eq(rep[i].end, e);
	ck_assert_uint_eq(rep[i].prot, prot);
	ck_assert_uint_eq(rep[i].kind, kind);
}

START_TEST(insert_and_merge)
{
	ck_assert_int_eq(vm_range_insert(&vr, 0x10000, 4 * PG, RW, VM_KIND_ANON, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_insert(&vr, 0x20000, 4 * PG, RW, VM_KIND_ANON, NULL, NULL), 0);
	ck_assert_uint_eq(vr.nr, 2);
	/* Filling the hole merges all three. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x14000, 0xc000, RW, VM_KIND_ANON,
					 record, &nrep), 0);
	ck_assert_uint_eq(nrep, 0);
	ck_assert_uint_eq(vr.nr, 1);
	expect_area(0, 0x10000, 0x24000, RW, VM_KIND_ANON);
	/* Different kind next to it does not merge. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x24000, PG, RW, VM_KIND_STACK, NULL, NULL), 0);
	ck_assert_uint_eq(vr.nr, 2);
	expect_area(1, 0x24000, 0x25000, RW, VM_KIND_STACK);
	ck_assert_ptr_eq(vm_range_lookup(&vr, 0x24fff), &vr.area[1]);
	ck_assert_ptr_eq(vm_range_lookup(&vr, 0x10000), &vr.area[0]);
	ck_assert_ptr_null(vm_range_lookup(&vr, 0xffff));
	ck_assert_ptr_null(vm_range_lookup(&vr, 0x25000));
	ck_assert(vm_range_is_mapped(&vr, 0x10000, 0x15000));
	ck_assert(!vm_range_is_mapped(&vr, 0x10000, 0x16000));
	ck_assert(vm_range_is_free(&vr, 0x25000, PG));
	ck_assert(!vm_range_is_free(&vr, 0xf000, 2 * PG));
}
END_TEST

START_TEST(map_fixed_reports_replaced)
{
	ck_assert_int_eq(vm_range_insert(&vr, 0x10000, 4 * PG, RW, VM_KIND_ANON, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_insert(&vr, 0x14000, 4 * PG, RO, VM_KIND_SEGMENT, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_insert(&vr, 0x1a000, 4 * PG, RW, VM_KIND_ANON, NULL, NULL), 0);
	/* Over the tail of the first, all of the second, a hole, the head of the third. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x12000, 0xa000, VM_PROT_EXEC, VM_KIND_ANON,
					 record, &nrep), 0);
	ck_assert_uint_eq(nrep, 3);
	expect_rep(0, 0x12000, 0x14000, RW, VM_KIND_ANON);
	expect_rep(1, 0x14000, 0x18000, RO, VM_KIND_SEGMENT);
	expect_rep(2, 0x1a000, 0x1c000, RW, VM_KIND_ANON);
	ck_assert_uint_eq(vr.nr, 3);
	expect_area(0, 0x10000, 0x12000, RW, VM_KIND_ANON);
	expect_area(1, 0x12000, 0x1c000, VM_PROT_EXEC, VM_KIND_ANON);
	expect_area(2, 0x1c000, 0x1e000, RW, VM_KIND_ANON);
	/* In the middle of one area: it splits in three, the middle reported. */
	nrep = 0;
	ck_assert_int_eq(vm_range_insert(&vr, 0x13000, PG, RO, VM_KIND_ANON, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 1);
	expect_rep(0, 0x13000, 0x14000, VM_PROT_EXEC, VM_KIND_ANON);
	ck_assert_uint_eq(vr.nr, 5);
	expect_area(1, 0x12000, 0x13000, VM_PROT_EXEC, VM_KIND_ANON);
	expect_area(2, 0x13000, 0x14000, RO, VM_KIND_ANON);
	expect_area(3, 0x14000, 0x1c000, VM_PROT_EXEC, VM_KIND_ANON);
	/* Same attributes over the same place: merges back. */
	nrep = 0;
	ck_assert_int_eq(vm_range_insert(&vr, 0x12000, 0xa000, RW, VM_KIND_ANON, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 3);
	ck_assert_uint_eq(vr.nr, 1);
	expect_area(0, 0x10000, 0x1e000, RW, VM_KIND_ANON);
}
END_TEST

START_TEST(munmap_splits)
{
	ck_assert_int_eq(vm_range_insert(&vr, 0x100000, 16 * PG, RW, VM_KIND_ANON, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_remove(&vr, 0x104000, 2 * PG, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 1);
	expect_rep(0, 0x104000, 0x106000, RW, VM_KIND_ANON);
	ck_assert_uint_eq(vr.nr, 2);
	expect_area(0, 0x100000, 0x104000, RW, VM_KIND_ANON);
	expect_area(1, 0x106000, 0x110000, RW, VM_KIND_ANON);
	/* Unmapping nothing is fine; nothing reported. */
	nrep = 0;
	ck_assert_int_eq(vm_range_remove(&vr, 0x200000, PG, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 0);
	ck_assert_uint_eq(vr.nr, 2);
	/* Across the hole: both edges trimmed. */
	ck_assert_int_eq(vm_range_remove(&vr, 0x103000, 0x4000, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 2);
	expect_rep(0, 0x103000, 0x104000, RW, VM_KIND_ANON);
	expect_rep(1, 0x106000, 0x107000, RW, VM_KIND_ANON);
	expect_area(0, 0x100000, 0x103000, RW, VM_KIND_ANON);
	expect_area(1, 0x107000, 0x110000, RW, VM_KIND_ANON);
	/* Everything. */
	nrep = 0;
	ck_assert_int_eq(vm_range_remove(&vr, 0, VM_USER_END, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 2);
	ck_assert_uint_eq(vr.nr, 0);
}
END_TEST

START_TEST(mprotect_splits_and_merges)
{
	ck_assert_int_eq(vm_range_insert(&vr, 0x100000, 16 * PG, RW, VM_KIND_ANON, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_protect(&vr, 0x104000, 4 * PG, RO), 0);
	ck_assert_uint_eq(vr.nr, 3);
	expect_area(0, 0x100000, 0x104000, RW, VM_KIND_ANON);
	expect_area(1, 0x104000, 0x108000, RO, VM_KIND_ANON);
	expect_area(2, 0x108000, 0x110000, RW, VM_KIND_ANON);
	/* Edges: grows the middle one at both ends. */
	ck_assert_int_eq(vm_range_protect(&vr, 0x103000, 6 * PG, RO), 0);
	ck_assert_uint_eq(vr.nr, 3);
	expect_area(1, 0x103000, 0x109000, RO, VM_KIND_ANON);
	/* Back to RW: one area again. */
	ck_assert_int_eq(vm_range_protect(&vr, 0x100000, 16 * PG, RW), 0);
	ck_assert_uint_eq(vr.nr, 1);
	expect_area(0, 0x100000, 0x110000, RW, VM_KIND_ANON);
	/* Kind is kept; different kinds do not merge. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x110000, 4 * PG, RO, VM_KIND_HEAP, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_protect(&vr, 0x10f000, 2 * PG, VM_PROT_NONE), 0);
	ck_assert_uint_eq(vr.nr, 4);
	expect_area(1, 0x10f000, 0x110000, VM_PROT_NONE, VM_KIND_ANON);
	expect_area(2, 0x110000, 0x111000, VM_PROT_NONE, VM_KIND_HEAP);
	expect_area(3, 0x111000, 0x114000, RO, VM_KIND_HEAP);
	/* A hole in the range: ENOMEM, nothing changed. */
	ck_assert_int_eq(vm_range_protect(&vr, 0x110000, 5 * PG, RW), -ENOMEM);
	ck_assert_int_eq(vm_range_protect(&vr, 0xff000, 2 * PG, RW), -ENOMEM);
	ck_assert_uint_eq(vr.nr, 4);
	expect_area(3, 0x111000, 0x114000, RO, VM_KIND_HEAP);
}
END_TEST

START_TEST(bad_arguments)
{
	ck_assert_int_eq(vm_range_insert(&vr, 0x1001, PG, RW, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vm_range_insert(&vr, 0x1000, PG + 1, RW, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vm_range_insert(&vr, 0x1000, 0, RW, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vm_range_insert(&vr, VM_USER_END, PG, RW, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vm_range_insert(&vr, VM_USER_END - PG, 2 * PG, RW, 0, NULL, NULL), -EINVAL);
	/* start + len wraps around: must not be taken as small. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x1000, UINT64_MAX - 0xfff, RW, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vm_range_remove(&vr, 0x7ffffffff000ULL - PG, 0xffffffffffff000ULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vm_range_protect(&vr, 0x1000, 0x1000 - 0x2000, RO), -EINVAL);
	ck_assert_int_eq(vm_range_remove(&vr, 0x800, PG, NULL, NULL), -EINVAL);
	ck_assert(!vm_range_is_free(&vr, 0x1000, 0));
	ck_assert(!vm_range_is_mapped(&vr, 0x1000, 0));
	ck_assert_uint_eq(vr.nr, 0);
	/* The last page of the user range is usable. */
	ck_assert_int_eq(vm_range_insert(&vr, VM_USER_END - PG, PG, RW, 0, NULL, NULL), 0);
	ck_assert(vm_range_is_mapped(&vr, VM_USER_END - PG, PG));
	ck_assert_ptr_nonnull(vm_range_lookup(&vr, VM_USER_END - 1));
	ck_assert_ptr_null(vm_range_lookup(&vr, VM_USER_END));
	ck_assert_ptr_null(vm_range_lookup(&vr, UINT64_MAX));
}
END_TEST

START_TEST(gap_search)
{
	uint64_t a;

	ck_assert_int_eq(vm_range_find_gap(&vr, PG, 0, 0, VM_USER_END, &a), 0);
	ck_assert_uint_eq(a, VM_USER_END - PG);
	ck_assert_int_eq(vm_range_find_gap(&vr, 2 * MiB, 2 * MiB, 0, VM_USER_END, &a), 0);
	ck_assert_uint_eq(a, 0x7fffffc00000ULL);
	ck_assert_uint_eq(a % (2 * MiB), 0);
	ck_assert_uint_le(a + 2 * MiB, VM_USER_END);
	/* Below a limit, around areas. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x40000000 - 8 * PG, 8 * PG, RW, 0, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_find_gap(&vr, 4 * PG, 0, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x40000000 - 12 * PG);
	ck_assert_int_eq(vm_range_find_gap(&vr, 4 * PG, 0x10000, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x40000000 - 0x10000);
	/* A gap too small at the top is skipped. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x40000000 - 0x20000, 0x16000, RW, 1, NULL, NULL), 0);
	/* free: [.., 0x3ffe0000) and [0x3fff6000, 0x3fff8000) */
	ck_assert_int_eq(vm_range_find_gap(&vr, 2 * PG, 0, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x3fff6000);
	ck_assert_int_eq(vm_range_find_gap(&vr, 3 * PG, 0, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x3ffe0000 - 3 * PG);
	/* Lower bound. */
	ck_assert_int_eq(vm_range_find_gap(&vr, 3 * PG, 0, 0x3ffe0000 - 2 * PG, 0x40000000, &a), -ENOMEM);
	ck_assert_int_eq(vm_range_find_gap(&vr, 3 * PG, 0, 0x3ffe0000 - 3 * PG, 0x40000000, &a), 0);
	/* Bad arguments. */
	ck_assert_int_eq(vm_range_find_gap(&vr, 0, 0, 0, VM_USER_END, &a), -EINVAL);
	ck_assert_int_eq(vm_range_find_gap(&vr, PG, 3 * PG, 0, VM_USER_END, &a), -EINVAL);
	ck_assert_int_eq(vm_range_find_gap(&vr, PG, 0, 0, VM_USER_END + PG, &a), -EINVAL);
	ck_assert_int_eq(vm_range_find_gap(&vr, PG, 0, PG, PG, &a), -EINVAL);
	ck_assert_int_eq(vm_range_find_gap(&vr, 2 * PG, 0, 0, PG, &a), -ENOMEM);
}
END_TEST

START_TEST(unmapped_prefers_large_alignment)
{
	uint64_t a;

	/* Top free space ends at an odd address. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x40000000 - 3 * PG, 3 * PG, RW, 0, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_find_unmapped(&vr, 4 * MiB, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x40000000 - 6 * MiB);
	ck_assert_int_eq(vm_range_find_unmapped(&vr, 4 * PG, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x40000000 - 7 * PG);
	/* 3 MiB: 2 MiB aligned start. */
	ck_assert_int_eq(vm_range_find_unmapped(&vr, 3 * MiB, 0, 0x40000000, &a), 0);
	ck_assert_uint_eq(a % (2 * MiB), 0);
	ck_assert_uint_eq(a, 0x40000000 - 4 * MiB);
	/* No aligned room: falls back to pages. */
	ck_assert_int_eq(vm_range_find_unmapped(&vr, 2 * MiB, 0x40000000 - 3 * MiB, 0x40000000, &a), 0);
	ck_assert_uint_eq(a, 0x40000000 - 3 * PG - 2 * MiB);
	/* 1 GiB and up: 1 GiB aligned. */
	ck_assert_int_eq(vm_range_find_unmapped(&vr, GiB, 0, 0x100000000ULL, &a), 0);
	ck_assert_uint_eq(a, 0xc0000000ULL);
	ck_assert_int_eq(vm_range_find_unmapped(&vr, GiB, 0, 0x40000000, &a), -ENOMEM);
}
END_TEST

START_TEST(full_array)
{
	struct vm_area small[3];
	unsigned int i;

	vm_range_init(&vr, small, 3);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(vm_range_insert(&vr, 0x100000 + i * 0x10000, PG, RW, 0, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_insert(&vr, 0x200000, PG, RW, 0, NULL, NULL), -ENOMEM);
	/* Splitting needs room too, and a failure changes nothing, reports nothing. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x100000, 8 * PG, RW, 0, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_remove(&vr, 0x102000, PG, record, &nrep), -ENOMEM);
	ck_assert_int_eq(vm_range_protect(&vr, 0x102000, PG, RO), -ENOMEM);
	ck_assert_int_eq(vm_range_insert(&vr, 0x102000, PG, RO, 0, record, &nrep), -ENOMEM);
	ck_assert_uint_eq(nrep, 0);
	ck_assert_uint_eq(vr.nr, 3);
	ck_assert_uint_eq(small[0].end, 0x108000);
	/* What merges still works when full: adjacent growth, filling, shrinking. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x108000, PG, RW, 0, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_insert(&vr, 0x109000, PG, RW, 0, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_remove(&vr, 0x109000, PG, NULL, NULL), 0);
	ck_assert_int_eq(vm_range_protect(&vr, 0x100000, 9 * PG, RO), 0);
	ck_assert_int_eq(vm_range_protect(&vr, 0x108000, PG, RW), -ENOMEM);
	/* Holes: ENOMEM for that reason, not for the capacity. */
	ck_assert_int_eq(vm_range_protect(&vr, 0x100000, 0x21000, RO), -ENOMEM);
	ck_assert_uint_eq(vr.nr, 3);
	/* Merging all three frees two slots. */
	ck_assert_int_eq(vm_range_insert(&vr, 0x100000, 0x21000, RO, 0, record, &nrep), 0);
	ck_assert_uint_eq(nrep, 3);
	ck_assert_uint_eq(vr.nr, 1);
	/* Zero capacity. */
	vm_range_init(&vr, NULL, 0);
	ck_assert_int_eq(vm_range_insert(&vr, 0x100000, PG, RW, 0, NULL, NULL), -ENOMEM);
	ck_assert_int_eq(vm_range_remove(&vr, 0x100000, PG, NULL, NULL), 0);
}
END_TEST

START_TEST(page_plan)
{
	struct vm_page_seg s[VM_PAGE_PLAN_MAX];

	/* Head, 2 MiB middle, tail. */
	ck_assert_int_eq(vm_page_plan(2 * MiB - PG, 4 * MiB + 2 * PG, VM_LARGE_PAGE_SIZE, s), 3);
	ck_assert_uint_eq(s[0].start, 2 * MiB - PG);
	ck_assert_uint_eq(s[0].end, 2 * MiB);
	ck_assert_uint_eq(s[0].page_size, PG);
	ck_assert_uint_eq(s[1].start, 2 * MiB);
	ck_assert_uint_eq(s[1].end, 6 * MiB);
	ck_assert_uint_eq(s[1].page_size, 2 * MiB);
	ck_assert_uint_eq(s[2].start, 6 * MiB);
	ck_assert_uint_eq(s[2].end, 6 * MiB + PG);
	ck_assert_uint_eq(s[2].page_size, PG);
	/* Aligned exactly: one 2 MiB piece. */
	ck_assert_int_eq(vm_page_plan(2 * MiB, 2 * MiB, VM_HUGE_PAGE_SIZE, s), 1);
	ck_assert_uint_eq(s[0].page_size, 2 * MiB);
	/* Too small / not covering a large page: 4 KiB only. */
	ck_assert_int_eq(vm_page_plan(MiB, 2 * MiB, VM_LARGE_PAGE_SIZE, s), 1);
	ck_assert_uint_eq(s[0].start, MiB);
	ck_assert_uint_eq(s[0].end, 3 * MiB);
	ck_assert_uint_eq(s[0].page_size, PG);
	/* Large pages disallowed. */
	ck_assert_int_eq(vm_page_plan(0, 4 * MiB, VM_PAGE_SIZE, s), 1);
	ck_assert_uint_eq(s[0].page_size, PG);
	/* All five. */
	ck_assert_int_eq(vm_page_plan(GiB - 2 * MiB - PG, GiB + 4 * MiB + 2 * PG,
				      VM_HUGE_PAGE_SIZE, s), 5);
	ck_assert_uint_eq(s[0].end, GiB - 2 * MiB);
	ck_assert_uint_eq(s[1].page_size, 2 * MiB);
	ck_assert_uint_eq(s[1].end, GiB);
	ck_assert_uint_eq(s[2].page_size, GiB);
	ck_assert_uint_eq(s[2].end, 2 * GiB);
	ck_assert_uint_eq(s[3].end, 2 * GiB + 2 * MiB);
	ck_assert_uint_eq(s[4].end, 2 * GiB + 2 * MiB + PG);
	/* 1 GiB disallowed: one 2 MiB run. */
	ck_assert_int_eq(vm_page_plan(GiB - 2 * MiB - PG, GiB + 4 * MiB + 2 * PG,
				      VM_LARGE_PAGE_SIZE, s), 3);
	ck_assert_uint_eq(s[1].start, GiB - 2 * MiB);
	ck_assert_uint_eq(s[1].end, 2 * GiB + 2 * MiB);
	/* Top of the user range: no 2 MiB page fits above 0x7fffffe00000. */
	ck_assert_int_eq(vm_page_plan(0x7fffffc00000ULL, VM_USER_END - 0x7fffffc00000ULL,
				      VM_HUGE_PAGE_SIZE, s), 2);
	ck_assert_uint_eq(s[0].end, 0x7fffffe00000ULL);
	ck_assert_uint_eq(s[0].page_size, 2 * MiB);
	ck_assert_uint_eq(s[1].end, VM_USER_END);
	ck_assert_uint_eq(s[1].page_size, PG);
	/* Bad arguments. */
	ck_assert_int_eq(vm_page_plan(0, PG, 8192, s), -EINVAL);
	ck_assert_int_eq(vm_page_plan(1, PG, PG, s), -EINVAL);
	ck_assert_int_eq(vm_page_plan(0, 0, PG, s), -EINVAL);
	ck_assert_int_eq(vm_page_plan(VM_USER_END - PG, 2 * PG, PG, s), -EINVAL);
}
END_TEST

/* ---- Randomized against a page-granular model ---- */

#define WPAGES	256
static uint64_t wbase;
/* 0: unmapped; else 1 + prot + 8 * kind */
static uint8_t model[WPAGES];
static uint8_t seen[WPAGES];

static uint8_t enc(uint32_t prot, uint32_t kind)
{
	return (uint8_t)(1 + prot + 8 * kind);
}

/* Canonical runs of a model. */
static unsigned int model_runs(const uint8_t *m, struct vm_area *out)
{
	unsigned int n = 0, p;

	for (p = 0; p < WPAGES; p++) {
		if (!m[p])
			continue;
		if (n && out[n - 1].end == wbase + p * PG &&
		    enc(out[n - 1].prot, out[n - 1].kind) == m[p]) {
			out[n - 1].end += PG;
			continue;
		}
		out[n].start = wbase + p * PG;
		out[n].end = out[n].start + PG;
		out[n].prot = (m[p] - 1) % 8;
		out[n].kind = (m[p] - 1) / 8;
		n++;
	}
	return n;
}

static void check_same(void)
{
	struct vm_area runs[WPAGES];
	unsigned int n = model_runs(model, runs), i;

	ck_assert_uint_eq(vr.nr, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(vr.area[i].start, runs[i].start);
		ck_assert_uint_eq(vr.area[i].end, runs[i].end);
		ck_assert_uint_eq(vr.area[i].prot, runs[i].prot);
		ck_assert_uint_eq(vr.area[i].kind, runs[i].kind);
	}
}

static void check_reports(uint64_t s, uint64_t e, const uint8_t *before)
{
	unsigned int i, p;
	uint64_t last = 0;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < nrep; i++) {
		ck_assert_uint_ge(rep[i].start, s);
		ck_assert_uint_le(rep[i].end, e);
		ck_assert_uint_lt(rep[i].start, rep[i].end);
		ck_assert_uint_ge(rep[i].start, last);
		last = rep[i].end;
		for (p = (rep[i].start - wbase) / PG; p < (rep[i].end - wbase) / PG; p++) {
			ck_assert_uint_eq(before[p], enc(rep[i].prot, rep[i].kind));
			seen[p] = 1;
		}
	}
	for (p = (s - wbase) / PG; p < (e - wbase) / PG; p++)
		ck_assert_uint_eq(seen[p], before[p] != 0);
}

static void random_run(uint64_t base, unsigned int cap, unsigned int seed)
{
	static struct vm_area st[WPAGES];
	uint8_t before[WPAGES], next[WPAGES];
	struct vm_area runs[WPAGES];
	unsigned int iter, p, ps, np, enomem = 0, ok = 0;

	srandom(seed);
	wbase = base;
	memset(model, 0, sizeof(model));
	vm_range_init(&vr, st, cap);
	for (iter = 0; iter < 20000; iter++) {
		int op = random() % 5, ret;
		uint32_t prot = random() % 3 == 0 ? RO : RW;
		uint32_t kind = random() % 4 == 0 ? VM_KIND_STACK : VM_KIND_ANON;
		uint64_t s, e;

		ps = random() % WPAGES;
		np = 1 + random() % (random() % 4 == 0 ? WPAGES - ps : (WPAGES - ps < 16 ? WPAGES - ps : 16));
		s = base + ps * PG;
		e = s + np * PG;
		memcpy(before, model, sizeof(model));
		memcpy(next, model, sizeof(model));
		nrep = 0;
		switch (op) {
		case 0:
		case 1:	/* MAP_FIXED */
			for (p = ps; p < ps + np; p++)
				next[p] = enc(prot, kind);
			ret = vm_range_insert(&vr, s, np * PG, prot, kind, record, &nrep);
			break;
		case 2:	/* munmap */
			for (p = ps; p < ps + np; p++)
				next[p] = 0;
			ret = vm_range_remove(&vr, s, np * PG, record, &nrep);
			break;
		case 3: {	/* mprotect */
			bool holes = false;

			for (p = ps; p < ps + np; p++) {
				if (!next[p])
					holes = true;
				else
					next[p] = enc(prot, (next[p] - 1) / 8);
			}
			ret = vm_range_protect(&vr, s, np * PG, prot);
			if (holes) {
				ck_assert_int_eq(ret, -ENOMEM);
				check_same();
				continue;
			}
			break;
		}
		default: {	/* gap search: the answer is the highest fit */
			uint64_t align = PG << (random() % 4), a;
			uint64_t best = 0;
			bool found = false;

			ret = vm_range_find_gap(&vr, np * PG, align, base, base + WPAGES * PG, &a);
			for (p = WPAGES - np + 1; p-- > 0;) {
				unsigned int q;
				uint64_t c = base + p * PG;

				if (c % align)
					continue;
				for (q = p; q < p + np && !model[q]; q++)
					;
				if (q == p + np) {
					best = c;
					found = true;
					break;
				}
			}
			if (found) {
				ck_assert_int_eq(ret, 0);
				ck_assert_uint_eq(a, best);
				ck_assert(vm_range_is_free(&vr, a, np * PG));
			} else {
				ck_assert_int_eq(ret, -ENOMEM);
			}
			continue;
		}
		}
		if (ret == -ENOMEM) {
			/* Only when the canonical result does not fit. */
			ck_assert_uint_gt(model_runs(next, runs), cap);
			ck_assert_uint_eq(nrep, 0);
			enomem++;
		} else {
			ck_assert_int_eq(ret, 0);
			memcpy(model, next, sizeof(model));
			if (op <= 2)
				check_reports(s, e, before);
			ok++;
		}
		check_same();
	}
	ck_assert_uint_gt(ok, 1000);
	if (cap < 16)
		ck_assert_uint_gt(enomem, 10);
}

START_TEST(random_vs_model)
{
	/* Low, 2 MiB aligned window with room; then tight capacity; then the top. */
	random_run(0x40000000, WPAGES, 1);
	random_run(0x40000000, 6, 2);
	random_run(VM_USER_END - WPAGES * PG, WPAGES, 3);
	random_run(VM_USER_END - WPAGES * PG, 4, 4);
}
END_TEST

Suite *lwk_vm_range_suite(void)
{
	Suite *s = suite_create("lwk_vm_range");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, insert_and_merge);
	tcase_add_test(tc, map_fixed_reports_replaced);
	tcase_add_test(tc, munmap_splits);
	tcase_add_test(tc, mprotect_splits_and_merges);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, gap_search);
	tcase_add_test(tc, unmapped_prefers_large_alignment);
	tcase_add_test(tc, full_array);
	tcase_add_test(tc, page_plan);
	tcase_add_test(tc, random_vs_model);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
