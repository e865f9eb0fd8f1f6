/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Segments, the TSS and the IDT. Each CPU has its own GDT and TSS (in its
 * struct percpu); the IDT is one table shared by all CPUs.
 */
#ifndef LWK_ASM_DESC_H
#define LWK_ASM_DESC_H

#include <lwk/types.h>
#include <lwk/compiler.h>

/* GDT layout; the user entries are ordered the way syscall/sysret need. */
#define GDT_NULL		0
#define GDT_KERNEL_CODE		1
#define GDT_KERNEL_DATA		2
#define GDT_USER_CODE32		3
#define GDT_USER_DATA		4
#define GDT_USER_CODE		5
#define GDT_TSS			6	/* two entries */
#define GDT_ENTRIES		8

#define SEL_KERNEL_CS		(GDT_KERNEL_CODE * 8)
#define SEL_KERNEL_DS		(GDT_KERNEL_DATA * 8)
#define SEL_TSS			(GDT_TSS * 8)

/* Interrupt stack table slots (1-based, as the IDT gate field counts). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_COUNT		3

#define IST_STACK_SIZE		(8 * 1024)
#define KERNEL_STACK_SIZE	(16 * 1024)

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct percpu;

/* Fill @cpu's GDT and TSS (its stacks must be set) and load them with the IDT. */
void desc_load_cpu(struct percpu *cpu);
/* Point the loaded TSS at @cpu's (new) stacks. */
void desc_update_stacks(struct percpu *cpu);
/*
 * Give @cpu guarded stacks in the stack area (asm/page.h); needs the page
 * allocator. 0 or -ENOMEM.
 */
int percpu_alloc_stacks(struct percpu *cpu);
/* Build the shared IDT; once, on the boot CPU, before desc_load_cpu(). */
void idt_init(void);

/* entry.S */
void gdt_reload(const void *gdtr, uint16_t code_sel, uint16_t data_sel);
/* Switch to @stack_top and call @fn(@arg), for good. */
void __noreturn call_on_stack(void *arg, void (*fn)(void *), uint64_t stack_top);

#endif /* LWK_ASM_DESC_H */
