/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU data. Each LWK CPU's GS base points to its struct percpu (set in
 * entry.S before any C code runs), so this_cpu() is one load from %gs:0
 * and works in every context, exception handlers included.
 */
#ifndef LWK_ASM_PERCPU_H
#define LWK_ASM_PERCPU_H

#include <lwk/types.h>
#include <lwk/compiler.h>
#include <ihk/boot.h>
#include <asm/desc.h>

struct percpu {
	/* The entry code finds these through asm-offsets.c. */
	struct percpu *self;		/* %gs:0 (asserted there) */
	uint64_t stack_top;
	uint64_t syscall_rsp;		/* the thread's kernel stack */
	uint64_t user_rsp;		/* scratch at syscall entry */
	void *current;			/* struct lwk_thread in user mode or a syscall */
	unsigned int index;		/* in params->cpus[] and shared->cpus[] */
	uint32_t apic_id;
	uint32_t linux_cpu;
	int node;			/* its NUMA node, -1 if unknown */
	uint64_t apic_base_msr;		/* as we found it, restored at halt */
	bool online;			/* reached its idle loop */
	bool in_trap;			/* inside an exception's panic path */
	uint64_t stack_base;		/* [stack_base, stack_top) */
	uint64_t ist_base[IST_COUNT];	/* each IST_STACK_SIZE bytes */
	uint64_t gdt[GDT_ENTRIES] __aligned(16);
	struct tss tss __aligned(16);
};

extern struct percpu percpu_area[IHK_LWK_MAX_CPUS];
extern unsigned int nr_cpus;

/* A boot CPU entry's node as percpu->node: -1 unless a node we track. */
static inline int boot_cpu_node(const struct ihk_boot_cpu *bc)
{
	return bc->node < IHK_MAX_NODES ? (int)bc->node : -1;
}

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(p));
	return p;
}

static inline unsigned int cpu_index(void)
{
	return this_cpu()->index;
}

#endif /* LWK_ASM_PERCPU_H */
