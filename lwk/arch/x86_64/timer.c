// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC timer. Its rate is measured once against the TSC, whose
 * frequency Linux calibrated and passed in the boot parameters; every CPU
 * then ticks at TIMER_HZ. The tick only proves the CPU is alive (the
 * heartbeat ihk.ko watches) and lets the boot CPU poll for requests.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/timer.h>
#include <asm/traps.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>

#define CALIBRATE_US	10000		/* 10 ms */

static uint32_t ticks_per_period;	/* timer counts per 1 / TIMER_HZ s */

int timer_calibrate(void)
{
	uint32_t left, counted;
	uint64_t hz;

	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | VEC_TIMER);
	apic_write(APIC_TIMER_INIT, 0xffffffffu);
	tsc_delay_us(CALIBRATE_US);
	left = apic_read(APIC_TIMER_CURRENT);
	apic_write(APIC_TIMER_INIT, 0);

	counted = 0xffffffffu - left;
	hz = (uint64_t)counted * (1000000 / CALIBRATE_US);
	if (!counted || hz / TIMER_HZ > 0xffffffffu) {
		printk("APIC timer: calibration failed (%u counts in %u us)\n",
		       counted, CALIBRATE_US);
		return -EIO;
	}
	ticks_per_period = hz / TIMER_HZ;
	printk("APIC timer: %u counts in %u us against the TSC, %lu Hz at divide 16; tick %u Hz (%u counts)\n",
	       counted, CALIBRATE_US, (unsigned long)hz, TIMER_HZ,
	       ticks_per_period);
	return 0;
}

void timer_start_cpu(void)
{
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_PERIODIC | VEC_TIMER);
	apic_write(APIC_TIMER_INIT, ticks_per_period);
}

void timer_stop_cpu(void)
{
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | VEC_TIMER);
	apic_write(APIC_TIMER_INIT, 0);
}

void timer_interrupt(void)
{
	struct percpu *cpu = this_cpu();

	__atomic_fetch_add(&shared->cpus[cpu->index].heartbeat, 1,
			   __ATOMIC_RELAXED);
	apic_eoi();
	/* In case Linux's IPI got lost: requests are rare, a poll is cheap. */
	if (cpu->index == 0)
		request_check();
}
