/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LWK's virtual memory layout (4-level paging, our own tables):
 *
 *   0xffff800000000000  direct map: physical address P at DIRECT_MAP + P.
 *                       Only what the LWK owns or shares is mapped: its
 *                       chunks (2 MiB pages), the shared area, the
 *                       trampoline page and the xAPIC page (4 KiB pages).
 *   0xffffc00000000000  stacks: 64 KiB per CPU (index * 64 KiB), 4 KiB
 *                       pages with an unmapped guard page below each stack,
 *                       so an overflow faults (and ends in a double fault
 *                       on its own IST stack) instead of corrupting memory.
 *   0xffffffff80000000  the kernel image (IHK_LWK_KERNEL_VIRT), 4 KiB pages
 *                       with per-section rights, and the boot parameters.
 *
 * Everything else, including all of the lower half, is unmapped, so a
 * stray pointer faults instead of scribbling on Linux.
 */
#ifndef LWK_ASM_PAGE_H
#define LWK_ASM_PAGE_H

#include <lwk/types.h>
#include <ihk/pte.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1ULL << PAGE_SHIFT)
#define LARGE_PAGE_SIZE	(2ULL << 20)

#define DIRECT_MAP_BASE	0xffff800000000000ULL
#define DIRECT_MAP_SIZE	(1ULL << 46)		/* 64 TiB of physical space */

#define STACK_AREA_BASE	0xffffc00000000000ULL
#define STACK_SLOT_SIZE	(64 * 1024)

/* The entry layout ihk.ko reads too: include/ihk/pte.h. */
#define PTE_P		IHK_PTE_P
#define PTE_W		IHK_PTE_W
#define PTE_U		IHK_PTE_U
#define PTE_PWT		IHK_PTE_PWT
#define PTE_PCD		IHK_PTE_PCD
#define PTE_A		IHK_PTE_A
#define PTE_D		IHK_PTE_D
#define PTE_PS		IHK_PTE_PS
#define PTE_G		IHK_PTE_G
#define PTE_NX		IHK_PTE_NX
#define PTE_ADDR_MASK	IHK_PTE_ADDR_MASK

/* Mapping kinds for map_range() (mm/pgtable.c) */
#define MAP_TEXT	(PTE_P)				/* read, execute */
#define MAP_RODATA	(PTE_P | PTE_NX)
#define MAP_DATA	(PTE_P | PTE_W | PTE_NX)
#define MAP_UNCACHED	(PTE_P | PTE_W | PTE_NX | PTE_PCD | PTE_PWT)

static inline void *phys_to_virt(phys_addr_t p)
{
	return (void *)(DIRECT_MAP_BASE + p);
}

static inline phys_addr_t virt_to_phys(const void *v)
{
	return (uint64_t)v - DIRECT_MAP_BASE;
}

#endif /* LWK_ASM_PAGE_H */
