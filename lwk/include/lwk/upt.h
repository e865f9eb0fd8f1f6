/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A user process's page tables (mm/user_pgtable.c). The kernel half of
 * the PML4 is a copy of the kernel's entries (so the kernel runs on the
 * process's CR3); the user half is ours, 4 KiB and 2 MiB leaves.
 * ihk.ko walks these tables for the mirror (include/ihk/mcexec.h): it
 * maps what is present (PTE_P) and ignores the rest, so a leaf can be
 * kept without being present:
 *   PTE_SW_PROTNONE  PROT_NONE: the page stays the process's
 *   PTE_SW_ZOMBIE    unmapped, its page not yet freed (waits for a zap)
 *   PTE_SW_ZERO      MADV_DONTNEED is zeroing it (proc_mm.c)
 * PTE_D says whether the page may hold bytes other than zero (the rule is
 * in include/ihk/pte.h): it is never dropped by a rewrite of a leaf.
 * Table pages are only freed with the whole tree (upt_destroy), so
 * ihk.ko may walk them while we change them.
 */
#ifndef LWK_UPT_H
#define LWK_UPT_H

#include <lwk/types.h>
#include <asm/page.h>

#define PTE_SW_PROTNONE		IHK_PTE_SW_PROTNONE
#define PTE_SW_ZOMBIE		IHK_PTE_SW_ZOMBIE
#define PTE_KEEP		(PTE_SW_PROTNONE | PTE_SW_ZOMBIE)
#define PTE_SW_ZERO		IHK_PTE_SW_ZERO

struct upt {
	phys_addr_t pml4;
	uint64_t table_pages;		/* page-table pages, PML4 included */
};

/* 0 or -ENOMEM. The PML4 comes from @node first (-1: any). */
int upt_init(struct upt *u, int node);
/* Free every leaf page that is still held, then every table page. */
void upt_destroy(struct upt *u, uint64_t *freed_bytes);

/* Leaf flags for Linux PROT_* bits (PROT_NONE: not present, kept). */
uint64_t upt_prot_flags(uint32_t prot);

/*
 * Map one page of @size (4 KiB or 2 MiB) at @va to @pa with @flags
 * (from upt_prot_flags). The slot must be empty. 0, -ENOMEM, -EEXIST.
 */
int upt_map(struct upt *u, uint64_t va, phys_addr_t pa, uint64_t size,
	    uint64_t flags);

/*
 * Clear the 4 KiB leaf of @va that upt_map() just set, before anyone
 * (ihk.ko, the process) could have used it: an undo, no zap needed.
 */
void upt_unmap_fresh(struct upt *u, uint64_t va);

/*
 * Walk the leaves in [start, end), calling @fn with each non-empty leaf
 * entry, its address and size; 2 MiB leaves not wholly inside the range
 * are split into 4 KiB ones first (-ENOMEM if no page for the table).
 */
typedef void (*upt_leaf_fn)(void *arg, uint64_t *pte, uint64_t va,
			    uint64_t size);
int upt_walk(struct upt *u, uint64_t start, uint64_t end, upt_leaf_fn fn,
	     void *arg);

/* The physical address behind user @va, if a page (present or kept) holds it. */
bool upt_lookup(struct upt *u, uint64_t va, phys_addr_t *pa);
/* The leaf of @va, if a page holds it, now may hold non-zero bytes. */
void upt_set_dirty(struct upt *u, uint64_t va);

/*
 * Every CPU with @u loaded, this one included, drops its TLB entries for
 * user addresses (a shootdown, asm/tlb.h); returns when all did.
 */
void upt_flush_tlb(struct upt *u);

#endif /* LWK_UPT_H */
