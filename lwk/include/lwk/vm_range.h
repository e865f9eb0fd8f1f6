/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A process's virtual memory areas: a sorted array of non-overlapping
 * ranges [start, end) with protection bits and a kind, in storage the
 * caller provides (no allocation). Pure bookkeeping for brk, mmap, munmap,
 * mprotect and mremap of anonymous memory: it never touches page tables or
 * pages, it tells the caller which ranges to populate or free. Not
 * thread-safe: the process's memory lock covers it.
 *
 * The set is always canonical: adjacent areas with equal prot and kind are
 * merged. An operation either succeeds completely or returns an error with
 * nothing changed; -ENOMEM from a full array means the canonical result
 * would need more than the capacity.
 *
 * Every range is given as (start, len) with both page aligned, len > 0 and
 * start + len <= VM_USER_END (checked without overflow), else -EINVAL.
 */
#ifndef LWK_VM_RANGE_H
#define LWK_VM_RANGE_H

#include "compat.h"

#define VM_PAGE_SIZE		0x1000ULL
#define VM_LARGE_PAGE_SIZE	0x200000ULL	/* 2 MiB */
#define VM_HUGE_PAGE_SIZE	0x40000000ULL	/* 1 GiB */
#define VM_USER_END		0x7ffffffff000ULL	/* end of the user range */

/* Linux's PROT_* values. */
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXEC	0x4

enum vm_kind {
	VM_KIND_ANON,		/* anonymous mmap, no file behind it */
	VM_KIND_SEGMENT,	/* an ELF segment of the executable */
	VM_KIND_STACK,		/* the main stack */
	VM_KIND_HEAP,		/* brk */
};

struct vm_area {
	uint64_t start;		/* page aligned */
	uint64_t end;		/* exclusive, page aligned, > start */
	uint32_t prot;		/* VM_PROT_* */
	uint32_t kind;		/* enum vm_kind */
};

struct vm_range {
	struct vm_area *area;	/* sorted by start, non-overlapping */
	unsigned int nr;
	unsigned int cap;
};

/*
 * Called once per piece an operation unmaps (munmap, MAP_FIXED over old
 * areas, mremap/brk shrinking), in ascending order, with the piece's old
 * attributes, so the caller can free its pages. Only called when the
 * operation succeeds; the set may not be used from inside the call.
 */
typedef void (*vm_range_report_fn)(void *arg, const struct vm_area *piece);

void vm_range_init(struct vm_range *vr, struct vm_area *storage,
		   unsigned int cap);

/* The area containing @addr, or NULL. */
const struct vm_area *vm_range_lookup(const struct vm_range *vr, uint64_t addr);

/* Whether no / every page of [start, start + len) is mapped (false if invalid). */
bool vm_range_is_free(const struct vm_range *vr, uint64_t start, uint64_t len);
bool vm_range_is_mapped(const struct vm_range *vr, uint64_t start, uint64_t len);

/*
 * The highest free [*addr, *addr + len) inside [low, high) with *addr a
 * multiple of @align (a power of two; 0 or less than a page means a page).
 * -EINVAL for bad arguments (low, high page aligned, low < high <=
 * VM_USER_END), -ENOMEM if there is no such gap.
 */
int vm_range_find_gap(const struct vm_range *vr, uint64_t len, uint64_t align,
		      uint64_t low, uint64_t high, uint64_t *addr);

/*
 * mmap without a hint: like vm_range_find_gap, but prefers 1 GiB alignment
 * when len >= 1 GiB and 2 MiB alignment when len >= 2 MiB, so that large
 * pages can back the range, falling back to page alignment.
 */
int vm_range_find_unmapped(const struct vm_range *vr, uint64_t len,
			   uint64_t low, uint64_t high, uint64_t *addr);

/*
 * Map [start, start + len) with @prot and @kind, replacing whatever was
 * there (MAP_FIXED); replaced pieces go to @report (may be NULL).
 */
int vm_range_insert(struct vm_range *vr, uint64_t start, uint64_t len,
		    uint32_t prot, uint32_t kind,
		    vm_range_report_fn report, void *arg);

/*
 * munmap: remove [start, start + len), splitting areas at the edges;
 * removed pieces go to @report. Unmapped parts are fine (as in Linux).
 */
int vm_range_remove(struct vm_range *vr, uint64_t start, uint64_t len,
		    vm_range_report_fn report, void *arg);

/*
 * mprotect: set prot of [start, start + len), splitting and merging.
 * -ENOMEM, nothing changed, if part of the range is unmapped (as Linux)
 * or the array is full.
 */
int vm_range_protect(struct vm_range *vr, uint64_t start, uint64_t len,
		     uint32_t prot);

/*
 * The page-size plan for pre-populating [start, start + len): at most
 * VM_PAGE_PLAN_MAX ascending pieces covering it exactly, each to be mapped
 * with pages of @page_size: 4 KiB head and tail, 2 MiB where aligned and
 * fully covered, 1 GiB likewise if @max_page allows (VM_PAGE_SIZE,
 * VM_LARGE_PAGE_SIZE or VM_HUGE_PAGE_SIZE). Returns the number of pieces
 * or -EINVAL.
 */
#define VM_PAGE_PLAN_MAX	5

struct vm_page_seg {
	uint64_t start;
	uint64_t end;
	uint64_t page_size;
};

int vm_page_plan(uint64_t start, uint64_t len, uint64_t max_page,
		 struct vm_page_seg seg[VM_PAGE_PLAN_MAX]);

#endif /* LWK_VM_RANGE_H */
