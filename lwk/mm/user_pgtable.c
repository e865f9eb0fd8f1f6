// SPDX-License-Identifier: GPL-2.0
/* User page tables of an LWK process (include/lwk/upt.h). */
#include <asm/cpu.h>
#include <asm/tlb.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/string.h>
#include <lwk/upt.h>

#define ENTRIES		512
#define USER_PML4_ENTRIES	256	/* the lower half */
#define TABLE_FLAGS	(PTE_P | PTE_W | PTE_U)

static uint64_t *table_virt(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

static unsigned int idx(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (ENTRIES - 1);
}

static uint64_t level_size(int level)
{
	return 1ULL << (PAGE_SHIFT + 9 * (level - 1));
}

int upt_init(struct upt *u, int node)
{
	uint64_t *pml4 = alloc_pages_node(1, PAGE_SIZE, node), *k;

	if (!pml4)
		return -ENOMEM;
	k = phys_to_virt(kernel_cr3);
	memcpy(&pml4[USER_PML4_ENTRIES], &k[USER_PML4_ENTRIES],
	       (ENTRIES - USER_PML4_ENTRIES) * sizeof(uint64_t));
	u->pml4 = virt_to_phys(pml4);
	u->table_pages = 1;
	return 0;
}

uint64_t upt_prot_flags(uint32_t prot)
{
	uint64_t f = PTE_U;

	if (!(prot & 7))
		return f | PTE_SW_PROTNONE;
	f |= PTE_P;
	if (prot & 2)
		f |= PTE_W;
	if (!(prot & 4) && lwk_nx_enabled)
		f |= PTE_NX;
	return f;
}

/* The entry at @level for @va, creating tables down to it. */
static uint64_t *walk_create(struct upt *u, uint64_t va, int level)
{
	uint64_t *table = phys_to_virt(u->pml4);
	int l;

	for (l = 4; l > level; l--) {
		uint64_t *e = &table[idx(va, l)];

		if (!*e) {
			void *t = alloc_pages(1, PAGE_SIZE);

			if (!t)
				return NULL;
			u->table_pages++;
			/* Visible to ihk.ko's walk only once zeroed. */
			__atomic_store_n(e, virt_to_phys(t) | TABLE_FLAGS,
					 __ATOMIC_RELEASE);
		} else if (*e & PTE_PS) {
			return NULL;
		}
		table = table_virt(*e);
	}
	return &table[idx(va, level)];
}

int upt_map(struct upt *u, uint64_t va, phys_addr_t pa, uint64_t size,
	    uint64_t flags)
{
	int level = size == LARGE_PAGE_SIZE ? 2 : 1;
	uint64_t *e = walk_create(u, va, level);

	if (!e)
		return -ENOMEM;
	if (*e)
		return -EEXIST;
	if (level == 2)
		flags |= PTE_PS;
	__atomic_store_n(e, pa | flags, __ATOMIC_RELEASE);
	return 0;
}

void upt_unmap_fresh(struct upt *u, uint64_t va)
{
	uint64_t *e = walk_create(u, va, 1);

	if (e)
		__atomic_store_n(e, 0, __ATOMIC_RELEASE);
}

/* Turn the 2 MiB leaf *@e into a table of 512 4 KiB leaves. */
static int split_large(struct upt *u, uint64_t *e)
{
	uint64_t *t = alloc_pages(1, PAGE_SIZE), old = READ_ONCE(*e), flags, pa;
	unsigned int i;

	if (!t)
		return -ENOMEM;
	u->table_pages++;
	/* A CPU may set A or D meanwhile: the small leaves keep what it set. */
	do {
		flags = old & ~PTE_ADDR_MASK & ~PTE_PS;
		pa = old & PTE_ADDR_MASK & ~(LARGE_PAGE_SIZE - 1);
		for (i = 0; i < ENTRIES; i++)
			t[i] = (pa + i * PAGE_SIZE) | flags;
	} while (!__atomic_compare_exchange_n(e, &old, virt_to_phys(t) | TABLE_FLAGS,
					      false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	upt_flush_tlb(u);
	return 0;
}

static int walk_level(struct upt *u, uint64_t *table, int level,
		      uint64_t base, uint64_t start, uint64_t end,
		      upt_leaf_fn fn, void *arg)
{
	uint64_t sz = level_size(level);
	unsigned int i;
	int ret;

	for (i = idx(MAX(start, base), level); i < ENTRIES; i++) {
		uint64_t va = base + i * sz, *e = &table[i];

		if (va >= end)
			break;
		if (!*e)
			continue;
		if (level == 1 || (*e & PTE_PS)) {
			if (level == 2 && (va < start || va + sz > end)) {
				ret = split_large(u, e);
				if (ret)
					return ret;
			} else {
				fn(arg, e, va, sz);
				continue;
			}
		}
		ret = walk_level(u, table_virt(*e), level - 1, va, start, end,
				 fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int upt_walk(struct upt *u, uint64_t start, uint64_t end, upt_leaf_fn fn,
	     void *arg)
{
	if (start >= end)
		return 0;
	return walk_level(u, phys_to_virt(u->pml4), 4, 0, start, end, fn, arg);
}

/* The leaf entry of @va holding a page (present or PROT_NONE), or NULL. */
static uint64_t *leaf_of(struct upt *u, uint64_t va, int *level)
{
	uint64_t *table = phys_to_virt(u->pml4);
	int l;

	for (l = 4; l >= 1; l--) {
		uint64_t *e = &table[idx(va, l)];

		if (!*e)
			return NULL;
		if (l == 1 || (*e & PTE_PS)) {
			if (!(*e & (PTE_P | PTE_SW_PROTNONE)))
				return NULL;
			*level = l;
			return e;
		}
		table = table_virt(*e);
	}
	return NULL;
}

bool upt_lookup(struct upt *u, uint64_t va, phys_addr_t *pa)
{
	int l;
	uint64_t *e = leaf_of(u, va, &l);

	if (!e)
		return false;
	*pa = (*e & PTE_ADDR_MASK & ~(level_size(l) - 1)) + (va & (level_size(l) - 1));
	return true;
}

void upt_set_dirty(struct upt *u, uint64_t va)
{
	int l;
	uint64_t *e = leaf_of(u, va, &l);

	if (e)
		__atomic_fetch_or(e, PTE_D, __ATOMIC_RELEASE);
}

static void free_tree(uint64_t *table, int level, uint64_t *freed)
{
	unsigned int i, n = level == 4 ? USER_PML4_ENTRIES : ENTRIES;

	for (i = 0; i < n; i++) {
		uint64_t e = table[i];

		if (!e)
			continue;
		if (level == 1 || (e & PTE_PS)) {
			uint64_t sz = level_size(level);

			free_pages(phys_to_virt(e & PTE_ADDR_MASK & ~(sz - 1)),
				   sz / PAGE_SIZE);
			*freed += sz;
			continue;
		}
		free_tree(table_virt(e), level - 1, freed);
	}
	free_pages(table, 1);
}

void upt_destroy(struct upt *u, uint64_t *freed_bytes)
{
	*freed_bytes = 0;
	if (!u->pml4)
		return;
	free_tree(phys_to_virt(u->pml4), 4, freed_bytes);
	u->pml4 = 0;
	u->table_pages = 0;
}

void upt_flush_tlb(struct upt *u)
{
	tlb_shootdown(u->pml4);
}
