// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC of each LWK CPU, in the mode Linux runs its own: x2APIC
 * if Linux does (and the CPU has it), else xAPIC through its MMIO page
 * (mapped uncached in the direct map). The CPU may come to us in another
 * mode (INIT resets it to xAPIC): the mode is per CPU, and
 * cpu_halt_forever() puts back the one we found before the CPU returns.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>

bool apic_x2;
volatile uint32_t *apic_mmio;

int apic_setup(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	phys_addr_t phys = base & APIC_BASE_ADDR_MASK;
	int ret;

	/*
	 * Linux's mode (boot parameters); a CPU Linux left in x2APIC mode
	 * can only stay there anyway.
	 */
	apic_x2 = (boot_params->linux_x2apic && cpu_features.x2apic) ||
		  (base & APIC_BASE_EXTD);
	if (apic_x2)
		return 0;
	ret = map_range((uint64_t)phys_to_virt(phys), phys, PAGE_SIZE,
			MAP_UNCACHED, false);
	if (ret)
		return ret;
	apic_mmio = phys_to_virt(phys);
	return 0;
}

/* Switch this CPU's APIC to the chosen mode, remembering the old one. */
static void apic_enable_mode(struct percpu *cpu)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	cpu->apic_base_msr = base;
	if (apic_x2) {
		if ((base & (APIC_BASE_EN | APIC_BASE_EXTD)) !=
		    (APIC_BASE_EN | APIC_BASE_EXTD)) {
			/* xAPIC -> x2APIC goes through enabled xAPIC. */
			base |= APIC_BASE_EN;
			wrmsr(MSR_APIC_BASE, base);
			wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
		}
	} else if (!(base & APIC_BASE_EN)) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
	}
}

void apic_init_cpu(void)
{
	struct percpu *cpu = this_cpu();
	uint32_t maxlvt;

	apic_enable_mode(cpu);
	maxlvt = (apic_read(APIC_VERSION) >> 16) & 0xff;

	/* Nothing from the legacy pins, counters or sensors reaches us. */
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | VEC_TIMER);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	if (maxlvt >= 4)
		apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
	apic_write(APIC_LVT_ERROR, VEC_APIC_ERROR);
	/* The ESR latches on a write; clear what INIT may have left. */
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | VEC_SPURIOUS);
	/* An interrupt Linux left in service would block ours: ack it. */
	apic_eoi();
}

void apic_restore_mode(void)
{
	struct percpu *cpu = this_cpu();
	uint64_t now, want = cpu->apic_base_msr;

	if (!want)
		return;		/* never set up */
	now = rdmsr(MSR_APIC_BASE);
	if ((now & APIC_BASE_EXTD) && !(want & APIC_BASE_EXTD)) {
		/* x2APIC -> xAPIC is only allowed through disabled. */
		wrmsr(MSR_APIC_BASE, now & ~(APIC_BASE_EN | APIC_BASE_EXTD));
		wrmsr(MSR_APIC_BASE, want);
		/* apic_x2 stays: it is global, and this CPU is done with it. */
	}
}
