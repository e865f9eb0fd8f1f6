/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physical page allocator core: a bitmap per region of physical memory
 * (one region per assigned chunk), 4 KiB pages. Pure logic: it never
 * touches the memory it manages, only the bitmaps its caller provides, so
 * the host unit tests run it on made-up addresses. Not thread-safe: the
 * LWK wraps it in a lock (mm/phys.c).
 */
#ifndef LWK_PAGE_ALLOC_H
#define LWK_PAGE_ALLOC_H

#include "compat.h"

#define PAGE_ALLOC_PAGE_SIZE	4096ULL
#define PAGE_ALLOC_MAX_REGIONS	512	/* IHK_MAX_CHUNKS */
#define PAGE_ALLOC_MAX_NODES	64	/* IHK_MAX_NODES */

struct page_region {
	uint64_t base;		/* physical, page aligned */
	uint64_t pages;
	uint64_t free;		/* pages not allocated or reserved */
	uint64_t hint;		/* first page that may be free */
	uint64_t *bitmap;	/* bit set: page in use */
	int node;
};

struct page_alloc {
	struct page_region region[PAGE_ALLOC_MAX_REGIONS];
	unsigned int nr_regions;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t node_free[PAGE_ALLOC_MAX_NODES];	/* pages */
	unsigned int nr_nodes;		/* highest region node + 1 */
};

void page_alloc_init(struct page_alloc *pa);

/* Bytes of bitmap a region of @size bytes needs (a multiple of 8). */
size_t page_alloc_bitmap_bytes(uint64_t size);

/*
 * Add [@base, @base + @size), all free, tracked in @bitmap (which must
 * hold page_alloc_bitmap_bytes(@size) bytes) on NUMA node @node. -EINVAL
 * if unaligned, empty, overlapping a region already added or @node is
 * outside [0, PAGE_ALLOC_MAX_NODES), -ENOSPC if the table is full.
 */
int page_alloc_add_region(struct page_alloc *pa, uint64_t base, uint64_t size,
			  int node, uint64_t *bitmap);

/*
 * Mark every page touching [@base, @base + @size) as in use for good (the
 * kernel image, early allocations). Parts outside all regions are ignored;
 * pages already in use stay so. Returns the number of pages newly taken.
 */
uint64_t page_alloc_reserve(struct page_alloc *pa, uint64_t base, uint64_t size);

/*
 * Allocate @npages contiguous pages whose physical start is a multiple of
 * @align (a power of two; 0 or less than a page means a page), preferring
 * @node (-1: any). Returns 0 with *@phys set, -EINVAL for a bad request or
 * -ENOMEM when no such run is free.
 */
int page_alloc_alloc(struct page_alloc *pa, uint64_t npages, uint64_t align,
		     int node, uint64_t *phys);

/*
 * Free @npages pages at @phys. -EINVAL, with nothing changed, unless every
 * one of them lies in one region and is in use (catches double frees).
 * Reserved pages can be freed too: the caller knows what it reserved.
 */
int page_alloc_free(struct page_alloc *pa, uint64_t phys, uint64_t npages);

uint64_t page_alloc_free_bytes(const struct page_alloc *pa);
uint64_t page_alloc_total_bytes(const struct page_alloc *pa);
/* Free bytes on @node (0 for a node without memory or out of range). */
uint64_t page_alloc_node_free_bytes(const struct page_alloc *pa, int node);

#endif /* LWK_PAGE_ALLOC_H */
