/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC, in x2APIC mode when the CPU has it (MSR access) and
 * xAPIC mode otherwise (MMIO at the address in the APIC base MSR, mapped
 * uncached). Registers are named by their xAPIC MMIO offsets.
 */
#ifndef LWK_ASM_APIC_H
#define LWK_ASM_APIC_H

#include <asm/cpu.h>
#include <lwk/types.h>

#define APIC_ID			0x020
#define APIC_VERSION		0x030
#define APIC_TPR		0x080
#define APIC_EOI		0x0b0
#define APIC_LDR		0x0d0
#define APIC_SVR		0x0f0
#define APIC_ESR		0x280
#define APIC_ICR_LOW		0x300
#define APIC_ICR_HIGH		0x310
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_THERMAL	0x330
#define APIC_LVT_PERF		0x340
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360
#define APIC_LVT_ERROR		0x370
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_CURRENT	0x390
#define APIC_TIMER_DIVIDE	0x3e0

#define APIC_SVR_ENABLE		(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_LVT_PERIODIC	(1u << 17)
#define APIC_TIMER_DIV_16	0x3

/* ICR low word */
#define APIC_DM_FIXED		(0u << 8)
#define APIC_DM_NMI		(4u << 8)
#define APIC_DM_INIT		(5u << 8)
#define APIC_DM_STARTUP		(6u << 8)
#define APIC_ICR_BUSY		(1u << 12)
#define APIC_INT_ASSERT		(1u << 14)
#define APIC_INT_LEVEL		(1u << 15)

extern bool apic_x2;

/* Once, on the boot CPU: pick the mode and map the xAPIC page if needed. */
int apic_setup(void);
/* Every CPU: switch mode if needed, enable, mask what we do not use. */
void apic_init_cpu(void);
/* Put the APIC base MSR back as the CPU had it (before halting for good). */
void apic_restore_mode(void);

/*
 * Register access is inline: an EOI ends every interrupt, and an IPI
 * every IKC notification.
 */
#define X2APIC_MSR(reg)		(0x800 + ((reg) >> 4))
#define APIC_ICR_WAIT_LOOPS	1000000

extern volatile uint32_t *apic_mmio;

static inline uint32_t apic_read(uint32_t reg)
{
	if (apic_x2)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return apic_mmio[reg / 4];
}

static inline void apic_write(uint32_t reg, uint32_t val)
{
	if (apic_x2)
		wrmsr(X2APIC_MSR(reg), val);
	else
		apic_mmio[reg / 4] = val;
}

static inline uint32_t apic_read_id(void)
{
	uint32_t id = apic_read(APIC_ID);

	return apic_x2 ? id : id >> 24;
}

static inline void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* Send @low (vector | delivery mode | flags) to @apic_id; false if stuck. */
static inline bool apic_send_ipi(uint32_t apic_id, uint32_t low)
{
	unsigned int i;
	uint64_t flags;

	if (apic_x2) {
		/* WRMSR to the ICR is not ordered with earlier stores. */
		mfence();
		wrmsr(X2APIC_MSR(APIC_ICR_LOW), ((uint64_t)apic_id << 32) | low);
		return true;
	}
	/* Two writes: a handler sending its own IPI in between would steal it. */
	flags = irq_save();
	apic_write(APIC_ICR_HIGH, apic_id << 24);
	apic_write(APIC_ICR_LOW, low);
	for (i = 0; i < APIC_ICR_WAIT_LOOPS; i++) {
		if (!(apic_read(APIC_ICR_LOW) & APIC_ICR_BUSY))
			break;
		cpu_relax();
	}
	irq_restore(flags);
	return i < APIC_ICR_WAIT_LOOPS;
}

#endif /* LWK_ASM_APIC_H */
