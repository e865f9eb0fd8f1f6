// SPDX-License-Identifier: GPL-2.0
/*
 * Our own 4-level page tables (layout in asm/page.h). We never rely on
 * how Linux pages (it may use 5 levels, KASLR, anything): only physical
 * addresses come across.
 *
 * Until paging_init() switches CR3, the only memory we can reach is the
 * kernel window the boot tables map (kernel_phys up to kernel_window), so
 * page tables come from a bump allocator just after the boot parameters,
 * where boot.h promises IHK_LWK_EARLY_BYTES of free space. Afterwards the
 * bump allocator may use the rest of the kernel chunk through the direct
 * map, until phys_init() takes over (early_finish()).
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/sections.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/string.h>


uint64_t kernel_cr3;

static phys_addr_t kernel_phys;
static uint64_t kernel_window;
static phys_addr_t early_next, early_limit;
static bool early_done;
static bool paging_on;		/* our tables are live: use the direct map */
static uint64_t nx_bit;		/* PTE_NX if the CPU has NX, else 0 */

/* Where page-table (or early) memory at @p can be written right now. */
static void *pt_virt(phys_addr_t p)
{
	if (paging_on)
		return phys_to_virt(p);
	return (void *)(IHK_LWK_KERNEL_VIRT + (p - kernel_phys));
}

phys_addr_t kernel_virt_to_phys(const void *v)
{
	return kernel_phys + ((uint64_t)v - IHK_LWK_KERNEL_VIRT);
}

phys_addr_t early_alloc(uint64_t bytes)
{
	phys_addr_t p = early_next;

	bytes = ALIGN_UP(bytes, PAGE_SIZE);
	if (early_done || bytes > early_limit - early_next)
		return 0;
	/* Before the switch, only the window the boot tables map. */
	if (!paging_on && p + bytes > kernel_phys + kernel_window)
		return 0;
	early_next += bytes;
	memset(pt_virt(p), 0, bytes);
	return p;
}

phys_addr_t early_finish(void)
{
	early_done = true;
	return early_next;
}

static phys_addr_t pt_alloc(void)
{
	void *v;

	if (!early_done)
		return early_alloc(PAGE_SIZE);
	v = alloc_pages(1, PAGE_SIZE);
	return v ? virt_to_phys(v) : 0;
}

static unsigned int pt_index(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

/*
 * Find the entry for @va at @level (4 = PML4 ... 1 = PT), creating the
 * tables on the way if @create. -EEXIST with *@out at the entry if a large
 * page maps @va above @level; -ENOENT or -ENOMEM if a table is missing.
 */
static int pte_walk(uint64_t va, int level, bool create, uint64_t **out)
{
	uint64_t *table = pt_virt(kernel_cr3);
	int l;

	for (l = 4;; l--) {
		uint64_t *e = &table[pt_index(va, l)];
		phys_addr_t p;

		if (l == level) {
			*out = e;
			return 0;
		}
		if (!(*e & PTE_P)) {
			if (!create)
				return -ENOENT;
			p = pt_alloc();
			if (!p)
				return -ENOMEM;
			*e = p | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			*out = e;
			return -EEXIST;
		}
		table = pt_virt(*e & PTE_ADDR_MASK);
	}
}

/* Map one page of @size at @level (1: 4 KiB, 2: 2 MiB). */
static int map_one(uint64_t va, phys_addr_t pa, int level, uint64_t flags)
{
	uint64_t *e, want = pa | flags | (level == 2 ? PTE_PS : 0);
	int ret = pte_walk(va, level, true, &e);

	if (ret == -EEXIST) {
		/* Inside a large page already: fine if it maps the same way. */
		uint64_t span = LARGE_PAGE_SIZE;	/* only 2 MiB pages exist */
		uint64_t base = *e & PTE_ADDR_MASK & ~(span - 1);

		return base + (va & (span - 1)) == pa ? 0 : -EEXIST;
	}
	if (ret)
		return ret;
	if (*e & PTE_P)
		return (*e & PTE_ADDR_MASK) == pa ? 0 : -EEXIST;
	*e = want;
	return 0;
}

int map_range(uint64_t virt, phys_addr_t phys, uint64_t size, uint64_t flags,
	      bool large)
{
	uint64_t off = 0, step;
	int ret;

	if ((virt | phys | size) & (PAGE_SIZE - 1))
		return -EINVAL;
	flags &= ~PTE_NX | nx_bit;
	while (off < size) {
		uint64_t va = virt + off;
		phys_addr_t pa = phys + off;

		if (large && !(va & (LARGE_PAGE_SIZE - 1)) &&
		    !(pa & (LARGE_PAGE_SIZE - 1)) && size - off >= LARGE_PAGE_SIZE) {
			ret = map_one(va, pa, 2, flags);
			step = LARGE_PAGE_SIZE;
		} else {
			ret = map_one(va, pa, 1, flags);
			step = PAGE_SIZE;
		}
		if (ret)
			return ret;
		off += step;
	}
	return 0;
}

void unmap_page(uint64_t virt)
{
	uint64_t *e;

	if (!pte_walk(virt, 1, false, &e)) {
		*e = 0;
		invlpg(virt);
	}
}

static bool canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

bool virt_mapped(uint64_t virt, bool write)
{
	uint64_t *e;
	int ret;

	if (!paging_on || !canonical(virt))
		return false;
	ret = pte_walk(virt, 1, false, &e);
	if (ret && ret != -EEXIST)
		return false;
	return (*e & PTE_P) && (!write || (*e & PTE_W));
}

/* The image with per-section rights, then the boot parameters, read-only. */
static int map_kernel(const struct ihk_boot_params *bp)
{
	const struct { char *start, *end; uint64_t flags; } sect[] = {
		{ __text_start, __text_end, MAP_TEXT },
		{ __rodata_start, __rodata_end, MAP_RODATA },
		{ __data_start, __image_end, MAP_DATA },
		{ __image_end, (char *)(IHK_LWK_KERNEL_VIRT + bp->kernel_size),
		  MAP_RODATA },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(sect); i++) {
		uint64_t start = (uint64_t)sect[i].start;
		uint64_t end = ALIGN_UP((uint64_t)sect[i].end, PAGE_SIZE);

		if (end <= start)
			continue;
		ret = map_range(start, kernel_virt_to_phys(sect[i].start),
				end - start, sect[i].flags, false);
		if (ret)
			return ret;
	}
	return 0;
}

/* Linux memory we share: 4 KiB pages, it is not 2 MiB aligned. */
static int map_phys_small(phys_addr_t phys, uint64_t size)
{
	phys_addr_t start = ALIGN_DOWN(phys, PAGE_SIZE);
	phys_addr_t end = ALIGN_UP(phys + size, PAGE_SIZE);

	return map_range((uint64_t)phys_to_virt(start), start, end - start,
			 MAP_DATA, false);
}

int paging_init(const struct ihk_boot_params *bp)
{
	phys_addr_t chunk_end = 0;
	unsigned int i;
	int ret;

	kernel_phys = bp->kernel_phys;
	kernel_window = bp->kernel_window;
	for (i = 0; i < bp->nr_chunks; i++) {
		const struct ihk_boot_chunk *c = &bp->chunks[i];

		if (c->phys + c->size > DIRECT_MAP_SIZE)
			return -ERANGE;
		if (kernel_phys >= c->phys && kernel_phys < c->phys + c->size)
			chunk_end = c->phys + c->size;
	}
	if (!chunk_end || bp->kernel_size > kernel_window)
		return -EINVAL;
	early_next = ALIGN_UP(kernel_phys + bp->kernel_size, PAGE_SIZE);
	early_limit = chunk_end;

	if (cpu_features.nx) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		nx_bit = PTE_NX;
		lwk_nx_enabled = true;
	}

	kernel_cr3 = early_alloc(PAGE_SIZE);
	if (!kernel_cr3)
		return -ENOMEM;
	ret = map_kernel(bp);
	if (ret)
		return ret;
	for (i = 0; i < bp->nr_chunks; i++) {
		const struct ihk_boot_chunk *c = &bp->chunks[i];

		ret = map_range((uint64_t)phys_to_virt(c->phys), c->phys,
				c->size, MAP_DATA, true);
		if (ret)
			return ret;
	}
	ret = map_phys_small(bp->shared_phys, bp->shared_size);
	if (ret)
		return ret;
	ret = map_phys_small(bp->trampoline_phys, PAGE_SIZE);
	if (ret)
		return ret;

	write_cr3(kernel_cr3);
	paging_on = true;
	/* Read-only mappings hold for the kernel too. */
	write_cr0(read_cr0() | CR0_WP);
	return 0;
}
