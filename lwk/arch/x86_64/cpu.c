// SPDX-License-Identifier: GPL-2.0
/* CPU features, TSC delays and halting. */
#include <asm/cpu.h>
#include <asm/apic.h>

struct cpu_features cpu_features;
uint64_t tsc_khz;
bool lwk_nx_enabled;

void cpu_detect_features(void)
{
	uint32_t a, b, c, d, max_ext;

	cpuid(1, 0, &a, &b, &c, &d);
	cpu_features.x2apic = c & CPUID1_ECX_X2APIC;
	cpuid(0x80000000, 0, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		cpu_features.nx = d & CPUID81_EDX_NX;
		cpu_features.pdpe1gb = d & CPUID81_EDX_PDPE1GB;
	}
}

uint64_t tsc_us_to_cycles(uint64_t us)
{
	return us * tsc_khz / 1000;
}

void tsc_delay_us(uint64_t us)
{
	uint64_t start = rdtsc(), cycles = tsc_us_to_cycles(us);

	while (rdtsc() - start < cycles)
		cpu_relax();
}

/*
 * The end of every road that stops a CPU (shutdown, panic, hang, failed
 * boot). The APIC goes back to the mode Linux left it in, so the CPU can
 * return to Linux after ihk.ko INITs it; NMIs may still wake us, hence
 * the loop.
 */
void __noreturn cpu_halt_forever(void)
{
	irq_disable();
	apic_restore_mode();
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}
