// SPDX-License-Identifier: GPL-2.0
/*
 * GDT, TSS and IDT. The IDT is installed as early as possible on every
 * CPU: without it, any fault becomes a triple fault, which resets the
 * whole machine (Linux included) instead of reporting a panic.
 */
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <lwk/string.h>

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_USER	0xee	/* the same, callable from user mode (int3) */

static struct idt_gate idt[256] __aligned(16);

/* Flat code/data descriptors; base and limit are ignored in long mode. */
#define SEG_KERNEL_CODE	0x00af9a000000ffffULL	/* L, P, DPL 0, code */
#define SEG_KERNEL_DATA	0x00cf92000000ffffULL	/* P, DPL 0, data */
#define SEG_USER_DATA	0x00cff2000000ffffULL	/* DPL 3 data */
#define SEG_USER_CODE	0x00affa000000ffffULL	/* DPL 3 long mode code */

static void set_gate(unsigned int vec, uint64_t handler, unsigned int ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_low = handler & 0xffff;
	g->selector = SEL_KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, (uint64_t)trap_stubs + v * TRAP_STUB_SIZE, 0);
	/* Faults that must work even when the kernel stack is gone. */
	idt[VEC_DOUBLE_FAULT].ist = IST_DOUBLE_FAULT;
	idt[VEC_NMI].ist = IST_NMI;
	idt[VEC_MACHINE_CHECK].ist = IST_MACHINE_CHECK;
	/* int3 in user code is a breakpoint (SIGTRAP), not a #GP. */
	idt[VEC_BREAKPOINT].type_attr = GATE_USER;
}

static void set_tss_desc(uint64_t *gdt, const struct tss *tss)
{
	uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

	gdt[GDT_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		       (0x89ULL << 40) |	/* present, 64-bit TSS available */
		       (((limit >> 16) & 0xf) << 48) |
		       (((base >> 24) & 0xff) << 56);
	gdt[GDT_TSS + 1] = base >> 32;
}

void desc_update_stacks(struct percpu *cpu)
{
	unsigned int i;

	/* The CPU reads these at each interrupt: no reload needed. */
	cpu->tss.rsp[0] = cpu->stack_top;
	for (i = 0; i < IST_COUNT; i++)
		cpu->tss.ist[i] = cpu->ist_base[i] + IST_STACK_SIZE;
}

void desc_load_cpu(struct percpu *cpu)
{
	struct desc_ptr gdtr, idtr;

	idtr.limit = sizeof(idt) - 1;
	idtr.base = (uint64_t)idt;
	__asm__ __volatile__("lidt %0" :: "m"(idtr));

	memset(cpu->gdt, 0, sizeof(cpu->gdt));
	cpu->gdt[GDT_KERNEL_CODE] = SEG_KERNEL_CODE;
	cpu->gdt[GDT_KERNEL_DATA] = SEG_KERNEL_DATA;
	/*
	 * GDT_USER_CODE32 stays empty: user code cannot enter compatibility
	 * mode (we run 64-bit programs only; a far jump there is a #GP).
	 */
	cpu->gdt[GDT_USER_DATA] = SEG_USER_DATA;
	cpu->gdt[GDT_USER_CODE] = SEG_USER_CODE;

	memset(&cpu->tss, 0, sizeof(cpu->tss));
	desc_update_stacks(cpu);
	cpu->tss.iomap_base = sizeof(cpu->tss);	/* no I/O bitmap */
	set_tss_desc(cpu->gdt, &cpu->tss);

	gdtr.limit = sizeof(cpu->gdt) - 1;
	gdtr.base = (uint64_t)cpu->gdt;
	gdt_reload(&gdtr, SEL_KERNEL_CS, SEL_KERNEL_DS);
	__asm__ __volatile__("ltr %w0" :: "r"(SEL_TSS));
}
