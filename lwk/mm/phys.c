// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory of the LWK: every assigned chunk, minus the kernel
 * image, the boot parameters and the early allocations (page tables and
 * these bitmaps) from kernel_phys up. The core (page_alloc.c) is pure
 * logic; this wraps it in a lock and keeps shared->free_bytes current.
 *
 * NUMA: memory comes from the node of the CPU it is for (a process's
 * pages from its CPU's node, whichever CPU asks), then from any node
 * once that one has no run that fits, as Linux's default (local) policy
 * does; an allocation never fails while another node has the memory.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/page_alloc.h>
#include <lwk/spinlock.h>
#include <lwk/string.h>

static struct page_alloc pages;
static spinlock_t phys_lock = SPINLOCK_INIT;

static void publish_free(void)
{
	unsigned int n;

	if (!shared)
		return;
	WRITE_ONCE(shared->free_bytes, page_alloc_free_bytes(&pages));
	for (n = 0; n < pages.nr_nodes; n++)
		WRITE_ONCE(shared->node_free_bytes[n],
			   page_alloc_node_free_bytes(&pages, n));
}

int phys_init(const struct ihk_boot_params *bp, phys_addr_t *reserved_end)
{
	unsigned int i;
	int ret;

	page_alloc_init(&pages);
	for (i = 0; i < bp->nr_chunks; i++) {
		const struct ihk_boot_chunk *c = &bp->chunks[i];
		phys_addr_t map = early_alloc(page_alloc_bitmap_bytes(c->size));

		if (!map)
			return -ENOMEM;
		ret = page_alloc_add_region(&pages, c->phys, c->size, c->node,
					    phys_to_virt(map));
		if (ret)
			return ret;
	}
	*reserved_end = early_finish();
	page_alloc_reserve(&pages, bp->kernel_phys,
			   *reserved_end - bp->kernel_phys);
	publish_free();
	return 0;
}

void *alloc_pages(uint64_t npages, uint64_t align)
{
	return alloc_pages_node(npages, align, this_cpu()->node);
}

void *alloc_pages_node(uint64_t npages, uint64_t align, int node)
{
	uint64_t flags, phys;
	int ret;

	flags = irq_save();
	spin_lock(&phys_lock, cpu_index());
	ret = page_alloc_alloc(&pages, npages, align, node, &phys);
	spin_unlock(&phys_lock);
	irq_restore(flags);
	if (ret)
		return NULL;
	publish_free();
	memset(phys_to_virt(phys), 0, npages * PAGE_SIZE);
	return phys_to_virt(phys);
}

void free_pages(void *p, uint64_t npages)
{
	uint64_t flags;
	int ret;

	flags = irq_save();
	spin_lock(&phys_lock, cpu_index());
	ret = page_alloc_free(&pages, virt_to_phys(p), npages);
	spin_unlock(&phys_lock);
	irq_restore(flags);
	if (ret)
		panic("freeing %lu pages at %p that are not allocated\n",
		      (unsigned long)npages, p);
	publish_free();
}

uint64_t phys_free_bytes(void)
{
	return page_alloc_free_bytes(&pages);
}

uint64_t phys_total_bytes(void)
{
	return page_alloc_total_bytes(&pages);
}
