// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU stacks in the stack area (asm/page.h). Each CPU's 64 KiB slot
 * holds its kernel stack and its three IST stacks, each with an unmapped
 * guard page below it: running off the bottom of a stack faults, the
 * fault cannot be delivered on that stack either, and the CPU takes a
 * double fault on the IST stack reserved for it, which panics cleanly.
 */
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <lwk/errno.h>
#include <lwk/mm.h>

#define SLOT_PAGES	((KERNEL_STACK_SIZE + IST_COUNT * IST_STACK_SIZE) / PAGE_SIZE)

_Static_assert(KERNEL_STACK_SIZE + IST_COUNT * IST_STACK_SIZE +
	       (1 + IST_COUNT) * PAGE_SIZE <= STACK_SLOT_SIZE,
	       "the stacks and their guard pages must fit a slot");

int percpu_alloc_stacks(struct percpu *cpu)
{
	uint64_t va = STACK_AREA_BASE + (uint64_t)cpu->index * STACK_SLOT_SIZE;
	void *mem = alloc_pages_node(SLOT_PAGES, PAGE_SIZE, cpu->node);
	phys_addr_t pa;
	unsigned int i;

	if (!mem)
		return -ENOMEM;
	pa = virt_to_phys(mem);

	va += PAGE_SIZE;			/* guard */
	if (map_range(va, pa, KERNEL_STACK_SIZE, MAP_DATA, false))
		goto err;
	cpu->stack_base = va;
	cpu->stack_top = va + KERNEL_STACK_SIZE;
	va += KERNEL_STACK_SIZE;
	pa += KERNEL_STACK_SIZE;
	for (i = 0; i < IST_COUNT; i++) {
		va += PAGE_SIZE;		/* guard */
		if (map_range(va, pa, IST_STACK_SIZE, MAP_DATA, false))
			goto err;
		cpu->ist_base[i] = va;
		va += IST_STACK_SIZE;
		pa += IST_STACK_SIZE;
	}
	return 0;

err:
	/* Only at boot, and the boot fails: the pages may stay. */
	return -ENOMEM;
}
