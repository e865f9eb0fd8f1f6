/* SPDX-License-Identifier: GPL-2.0 */
/* x86_64 instructions, control registers and MSRs the LWK uses. */
#ifndef LWK_ASM_CPU_H
#define LWK_ASM_CPU_H

#include <lwk/types.h>
#include <lwk/compiler.h>

#define MSR_APIC_BASE		0x0000001b
#define MSR_EFER		0xc0000080
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

#define APIC_BASE_BSP		(1ULL << 8)
#define APIC_BASE_EXTD		(1ULL << 10)	/* x2APIC mode */
#define APIC_BASE_EN		(1ULL << 11)
#define APIC_BASE_ADDR_MASK	0x000ffffffffff000ULL

#define EFER_NXE		(1ULL << 11)

#define CR0_WP			(1UL << 16)

#define RFLAGS_IF		(1UL << 9)

/* CPUID feature bits */
#define CPUID1_ECX_X2APIC	(1u << 21)
#define CPUID81_EDX_NX		(1u << 20)
#define CPUID81_EDX_PDPE1GB	(1u << 26)

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
			 uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			     : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR(n)							\
static inline uint64_t read_cr##n(void)					\
{									\
	uint64_t v;							\
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_cr##n(uint64_t v)				\
{									\
	__asm__ __volatile__("mov %0, %%cr" #n :: "r"(v) : "memory");	\
}
DEFINE_CR(0)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_rflags(void)
{
	uint64_t f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f));
	return f;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline uint64_t irq_save(void)
{
	uint64_t f = read_rflags();

	irq_disable();
	return f;
}

static inline void irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		irq_enable();
}

/*
 * Take the interrupts pending now, with interrupts off before and after
 * (long kernel work). The nop: sti's one-instruction shadow would cover
 * a cli right after it, and nothing would ever be taken.
 */
static inline void irq_window(void)
{
	__asm__ __volatile__("sti; nop; cli" ::: "memory");
}

/* Sleep until an interrupt: sti's one-instruction shadow covers the hlt. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline void invlpg(uint64_t va)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
}

static inline void mfence(void)
{
	__asm__ __volatile__("mfence" ::: "memory");
}

/* What this CPU can do; filled once by the boot CPU (cpu.c). */
struct cpu_features {
	bool x2apic;
	bool nx;
	bool pdpe1gb;
};

extern struct cpu_features cpu_features;
/* Our page tables use the NX bit; entry.S sets EFER.NXE on APs if so. */
extern bool lwk_nx_enabled;

void cpu_detect_features(void);

/* Busy-wait with the TSC (tsc_khz from the boot parameters). */
extern uint64_t tsc_khz;
void tsc_delay_us(uint64_t us);
uint64_t tsc_us_to_cycles(uint64_t us);

/* Stop this CPU for good: interrupts off, hlt forever (NMIs return here). */
void __noreturn cpu_halt_forever(void);

#endif /* LWK_ASM_CPU_H */
