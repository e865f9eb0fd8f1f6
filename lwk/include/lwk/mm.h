/* SPDX-License-Identifier: GPL-2.0 */
/* Page tables, early allocations and physical pages. */
#ifndef LWK_MM_H
#define LWK_MM_H

#include <lwk/types.h>
#include <asm/page.h>
#include <ihk/boot.h>

/*
 * Build our own page tables (kernel image, direct map of the chunks, the
 * shared area, the trampoline page) and switch to them. Page tables come
 * from the early area after the boot parameters. Returns 0 or -errno; on
 * failure nothing is switched.
 */
int paging_init(const struct ihk_boot_params *bp);

/* Our PML4, for the APs to load (entry.S reads it). */
extern uint64_t kernel_cr3;

/*
 * Map [@virt, @virt + @size) to @phys with @flags (MAP_*), using 2 MiB
 * pages where both are aligned and @large, 4 KiB pages otherwise.
 */
int map_range(uint64_t virt, phys_addr_t phys, uint64_t size, uint64_t flags,
	      bool large);
/* Remove the 4 KiB mapping of @virt and flush it from this CPU's TLB. */
void unmap_page(uint64_t virt);
/* True if @virt is mapped (and @write: writable) in our tables. */
bool virt_mapped(uint64_t virt, bool write);

/* Physical address of an address in the kernel image. */
phys_addr_t kernel_virt_to_phys(const void *v);

/* Early bump allocator: zeroed pages from the kernel chunk. */
phys_addr_t early_alloc(uint64_t bytes);
/* End of the early allocations; early_alloc() refuses from then on. */
phys_addr_t early_finish(void);

/* mm/phys.c: the page allocator over the assigned chunks. */
/*
 * Set up the allocator over every chunk, minus [kernel_phys, *@reserved_end)
 * (image, parameters, early allocations); ends the early allocator.
 */
int phys_init(const struct ihk_boot_params *bp, phys_addr_t *reserved_end);
/*
 * @npages zeroed pages aligned to @align bytes, as a direct-map pointer,
 * from NUMA node @node if it has them, else from any node (-1: any).
 */
void *alloc_pages_node(uint64_t npages, uint64_t align, int node);
/* The same from the node of the CPU that calls it (Linux's local policy). */
void *alloc_pages(uint64_t npages, uint64_t align);
void free_pages(void *p, uint64_t npages);
uint64_t phys_free_bytes(void);
uint64_t phys_total_bytes(void);

#endif /* LWK_MM_H */
