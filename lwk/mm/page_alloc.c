// SPDX-License-Identifier: GPL-2.0
/*
 * Physical page allocator core (include/lwk/page_alloc.h). First fit over
 * a bitmap per region: the LWK allocates little and mostly at boot, and a
 * bitmap never needs memory of its own beyond what is set aside up front.
 * Built for the host too, so it includes only compat.h and its header.
 */
#include "compat.h"
#include <lwk/page_alloc.h>

#define BITS_PER_WORD	64

static bool bit_test(const uint64_t *map, uint64_t i)
{
	return map[i / BITS_PER_WORD] & (1ULL << (i % BITS_PER_WORD));
}

static void bit_set(uint64_t *map, uint64_t i)
{
	map[i / BITS_PER_WORD] |= 1ULL << (i % BITS_PER_WORD);
}

static void bit_clear(uint64_t *map, uint64_t i)
{
	map[i / BITS_PER_WORD] &= ~(1ULL << (i % BITS_PER_WORD));
}

void page_alloc_init(struct page_alloc *pa)
{
	memset(pa, 0, sizeof(*pa));
}

size_t page_alloc_bitmap_bytes(uint64_t size)
{
	uint64_t pages = size / PAGE_ALLOC_PAGE_SIZE;

	return (pages + BITS_PER_WORD - 1) / BITS_PER_WORD * sizeof(uint64_t);
}

int page_alloc_add_region(struct page_alloc *pa, uint64_t base, uint64_t size,
			  int node, uint64_t *bitmap)
{
	struct page_region *r;
	unsigned int i;

	if (!size || !bitmap || base % PAGE_ALLOC_PAGE_SIZE ||
	    size % PAGE_ALLOC_PAGE_SIZE || base + size < base ||
	    node < 0 || node >= PAGE_ALLOC_MAX_NODES)
		return -EINVAL;
	for (i = 0; i < pa->nr_regions; i++) {
		r = &pa->region[i];
		if (base < r->base + r->pages * PAGE_ALLOC_PAGE_SIZE &&
		    r->base < base + size)
			return -EINVAL;
	}
	if (pa->nr_regions == PAGE_ALLOC_MAX_REGIONS)
		return -ENOSPC;

	r = &pa->region[pa->nr_regions++];
	r->base = base;
	r->pages = size / PAGE_ALLOC_PAGE_SIZE;
	r->free = r->pages;
	r->hint = 0;
	r->bitmap = bitmap;
	r->node = node;
	memset(bitmap, 0, page_alloc_bitmap_bytes(size));
	pa->total_pages += r->pages;
	pa->free_pages += r->pages;
	pa->node_free[node] += r->pages;
	if ((unsigned int)node >= pa->nr_nodes)
		pa->nr_nodes = node + 1;
	return 0;
}

uint64_t page_alloc_reserve(struct page_alloc *pa, uint64_t base, uint64_t size)
{
	uint64_t first, last, i, taken = 0;
	unsigned int n;

	if (!size)
		return 0;
	first = base / PAGE_ALLOC_PAGE_SIZE;
	last = (base + size - 1) / PAGE_ALLOC_PAGE_SIZE;	/* inclusive */
	for (n = 0; n < pa->nr_regions; n++) {
		struct page_region *r = &pa->region[n];
		uint64_t rfirst = r->base / PAGE_ALLOC_PAGE_SIZE;
		uint64_t rlast = rfirst + r->pages - 1;
		uint64_t lo = first > rfirst ? first : rfirst;
		uint64_t hi = last < rlast ? last : rlast;

		for (i = lo; lo <= hi && i <= hi; i++) {
			if (bit_test(r->bitmap, i - rfirst))
				continue;
			bit_set(r->bitmap, i - rfirst);
			r->free--;
			pa->free_pages--;
			pa->node_free[r->node]--;
			taken++;
		}
	}
	return taken;
}

/*
 * First index >= @from in @r where @npages free pages start at a physical
 * address aligned to @align_pages pages, or r->pages if there is none.
 */
static uint64_t region_find(const struct page_region *r, uint64_t from,
			    uint64_t npages, uint64_t align_pages)
{
	uint64_t base_pfn = r->base / PAGE_ALLOC_PAGE_SIZE;
	uint64_t i = from, run;

	for (;;) {
		/* Round the candidate up so that base_pfn + i is aligned. */
		i = ((base_pfn + i + align_pages - 1) & ~(align_pages - 1)) - base_pfn;
		if (i >= r->pages || r->pages - i < npages)
			return r->pages;
		/* Skip whole words that are full. */
		if (r->bitmap[i / BITS_PER_WORD] == ~0ULL) {
			i = (i / BITS_PER_WORD + 1) * BITS_PER_WORD;
			continue;
		}
		for (run = 0; run < npages; run++)
			if (bit_test(r->bitmap, i + run))
				break;
		if (run == npages)
			return i;
		i += run + 1;
	}
}

static int region_alloc(struct page_region *r, uint64_t npages,
			uint64_t align_pages, uint64_t *phys)
{
	uint64_t i, start, from;

	if (r->free < npages)
		return -ENOMEM;
	/* The hint only helps single pages; runs search from the start. */
	from = npages == 1 && align_pages == 1 ? r->hint : 0;
	start = region_find(r, from, npages, align_pages);
	if (start == r->pages)
		return -ENOMEM;
	for (i = 0; i < npages; i++)
		bit_set(r->bitmap, start + i);
	r->free -= npages;
	if (npages == 1 && align_pages == 1)
		r->hint = start + 1;
	*phys = r->base + start * PAGE_ALLOC_PAGE_SIZE;
	return 0;
}

int page_alloc_alloc(struct page_alloc *pa, uint64_t npages, uint64_t align,
		     int node, uint64_t *phys)
{
	uint64_t align_pages;
	unsigned int pass, n;

	if (!npages || !phys || (align & (align - 1)))
		return -EINVAL;
	align_pages = align > PAGE_ALLOC_PAGE_SIZE ? align / PAGE_ALLOC_PAGE_SIZE : 1;
	if (npages > pa->free_pages)
		return -ENOMEM;
	/* First the regions on @node, then any. */
	for (pass = node < 0 ? 1 : 0; pass < 2; pass++) {
		for (n = 0; n < pa->nr_regions; n++) {
			struct page_region *r = &pa->region[n];

			if (pass == 0 && r->node != node)
				continue;
			if (!region_alloc(r, npages, align_pages, phys)) {
				pa->free_pages -= npages;
				pa->node_free[r->node] -= npages;
				return 0;
			}
		}
	}
	return -ENOMEM;
}

int page_alloc_free(struct page_alloc *pa, uint64_t phys, uint64_t npages)
{
	uint64_t first, i;
	unsigned int n;

	if (!npages || phys % PAGE_ALLOC_PAGE_SIZE)
		return -EINVAL;
	for (n = 0; n < pa->nr_regions; n++) {
		struct page_region *r = &pa->region[n];

		if (phys < r->base)
			continue;
		first = (phys - r->base) / PAGE_ALLOC_PAGE_SIZE;
		if (first >= r->pages)
			continue;
		if (npages > r->pages - first)
			return -EINVAL;
		for (i = 0; i < npages; i++)
			if (!bit_test(r->bitmap, first + i))
				return -EINVAL;
		for (i = 0; i < npages; i++)
			bit_clear(r->bitmap, first + i);
		r->free += npages;
		pa->free_pages += npages;
		pa->node_free[r->node] += npages;
		if (first < r->hint)
			r->hint = first;
		return 0;
	}
	return -EINVAL;
}

uint64_t page_alloc_free_bytes(const struct page_alloc *pa)
{
	return pa->free_pages * PAGE_ALLOC_PAGE_SIZE;
}

uint64_t page_alloc_total_bytes(const struct page_alloc *pa)
{
	return pa->total_pages * PAGE_ALLOC_PAGE_SIZE;
}

uint64_t page_alloc_node_free_bytes(const struct page_alloc *pa, int node)
{
	if (node < 0 || node >= PAGE_ALLOC_MAX_NODES)
		return 0;
	return pa->node_free[node] * PAGE_ALLOC_PAGE_SIZE;
}
