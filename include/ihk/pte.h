/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page-table entry layout of the LWK's tables (x86-64, 4 levels):
 * the LWK builds them (lwk/arch/x86_64/include/asm/page.h takes its PTE_*
 * from here), ihk.ko builds the boot tables the LWK starts on
 * (ihk/os_boot.c) and walks an LWK process's tables to serve the mcexec
 * mirror (ihk/mc_mirror.c). One definition, so the writer and the readers
 * cannot drift apart. Constants only: included by the module, the LWK
 * and assembly alike.
 */
#ifndef IHK_PTE_H
#define IHK_PTE_H

#define IHK_PTE_P		(1ULL << 0)	/* present */
#define IHK_PTE_W		(1ULL << 1)	/* writable */
#define IHK_PTE_U		(1ULL << 2)	/* user-accessible */
#define IHK_PTE_PWT		(1ULL << 3)
#define IHK_PTE_PCD		(1ULL << 4)
#define IHK_PTE_A		(1ULL << 5)	/* accessed */
/*
 * Dirty: the page may hold bytes other than zero. The CPU sets it on a
 * store; ihk.ko sets it on a leaf whose page it lets the mirror write
 * (ihk/mc_mirror.c); the LWK sets it after a copy through its direct map.
 * MADV_DONTNEED zeroes only dirty pages (lwk/kernel/proc_mm.c), so
 * anything else that writes LWK user memory must set it too.
 */
#define IHK_PTE_D		(1ULL << 6)
#define IHK_PTE_PS		(1ULL << 7)	/* 2 MiB / 1 GiB leaf; reserved in a PML4 entry */
#define IHK_PTE_G		(1ULL << 8)
#define IHK_PTE_NX		(1ULL << 63)
#define IHK_PTE_ADDR_MASK	0x000ffffffffff000ULL
/*
 * Software bits of LWK user PTEs (lwk/include/lwk/upt.h says what they
 * mean); both go with P clear, so the mirror walk never takes such an
 * entry for a page.
 */
#define IHK_PTE_SW_PROTNONE	(1ULL << 9)
#define IHK_PTE_SW_ZOMBIE	(1ULL << 10)
/* LWK only, with P set or not: MADV_DONTNEED is about to zero the page. */
#define IHK_PTE_SW_ZERO		(1ULL << 11)

/* PML4, PDPT, PD, PT: each level indexes 9 bits of the address. */
#define IHK_PT_LEVELS		4
#define IHK_PT_ENTRIES		512
/* The address bit a level's index starts at: 39, 30, 21, 12. */
#define IHK_PT_LEVEL_SHIFT(level)	(39 - 9 * (level))

#endif /* IHK_PTE_H */
