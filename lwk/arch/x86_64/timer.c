// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC timer. Its rate is measured once against the TSC, whose
 * frequency Linux calibrated and passed in the boot parameters.
 *
 * Each CPU runs it one-shot, always re-armed for the earlier of two TSC
 * instants: the next heartbeat (TIMER_HZ; it proves the CPU is alive to
 * ihk.ko, which declares a CPU hung when its heartbeat stops for 5 s, and
 * lets the boot CPU poll for requests) and the deadline of a sleeping
 * syscall (timer_set_deadline), so a 10 ms nanosleep ends after about
 * 10 ms, not at the next 100 ms tick. Between the two the CPU gets no
 * interrupt at all.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/timer.h>
#include <asm/traps.h>
#include <lwk/clock_calc.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/sched.h>

#define CALIBRATE_US	10000		/* 10 ms */
/* A deadline that passed is re-armed this often until its waiter disarms it. */
#define DEADLINE_RETRY_US	1000

static uint32_t ticks_per_period;	/* timer counts per 1 / TIMER_HZ s */
static uint64_t cycles_per_period;	/* TSC cycles per 1 / TIMER_HZ s */
static uint64_t retry_cycles;

/* Only ever touched by its own CPU, with interrupts off. */
struct timer_cpu {
	bool running;
	uint64_t next_beat;		/* TSC */
	uint64_t deadline;		/* TSC, 0: none */
};

static struct timer_cpu timer_cpus[IHK_LWK_MAX_CPUS];

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
	cycles_per_period = tsc_us_to_cycles(1000000 / TIMER_HZ);
	retry_cycles = tsc_us_to_cycles(DEADLINE_RETRY_US);
	printk("APIC timer: %u counts in %u us against the TSC, %lu Hz at divide 16; heartbeat %u Hz (%u counts), one-shot with sleep deadlines\n",
	       counted, CALIBRATE_US, (unsigned long)hz, TIMER_HZ,
	       ticks_per_period);
	return 0;
}

/*
 * Arm the one-shot for TSC @when. The timer counts in its own unit:
 * scale the TSC delta (at most one heartbeat period, so the product fits)
 * and round up, so it never fires before @when.
 */
static void program(uint64_t now, uint64_t when)
{
	uint64_t delta = when > now ? when - now : 0;
	uint64_t counts;

	if (delta > cycles_per_period)
		delta = cycles_per_period;
	counts = (delta * ticks_per_period + cycles_per_period - 1) /
		 cycles_per_period;
	if (!counts)
		counts = 1;
	apic_write(APIC_TIMER_INIT, (uint32_t)counts);
}

static void rearm(struct timer_cpu *tc, uint64_t now)
{
	program(now, timer_next_expiry(now, tc->next_beat, tc->deadline,
				       retry_cycles));
}

void timer_start_cpu(void)
{
	struct timer_cpu *tc = &timer_cpus[cpu_index()];
	uint64_t flags = irq_save();
	uint64_t now = rdtsc();

	tc->running = true;
	tc->next_beat = now + cycles_per_period;
	tc->deadline = 0;
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, VEC_TIMER);		/* one-shot */
	rearm(tc, now);
	irq_restore(flags);
}

void timer_stop_cpu(void)
{
	uint64_t flags = irq_save();

	timer_cpus[cpu_index()].running = false;
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | VEC_TIMER);
	apic_write(APIC_TIMER_INIT, 0);
	irq_restore(flags);
}

void timer_set_deadline(uint64_t tsc)
{
	struct timer_cpu *tc = &timer_cpus[cpu_index()];
	uint64_t flags = irq_save();

	tc->deadline = tsc ? tsc : 1;
	if (tc->running)
		rearm(tc, rdtsc());
	irq_restore(flags);
}

void timer_clear_deadline(void)
{
	struct timer_cpu *tc = &timer_cpus[cpu_index()];
	uint64_t flags = irq_save();

	/* the timer may fire once more for it: harmless, it re-arms */
	tc->deadline = 0;
	irq_restore(flags);
}

void timer_interrupt(void)
{
	struct percpu *cpu = this_cpu();
	struct timer_cpu *tc = &timer_cpus[cpu->index];
	uint64_t now = rdtsc();
	bool beat = now >= tc->next_beat;

	if (beat) {
		__atomic_fetch_add(&shared->cpus[cpu->index].heartbeat, 1,
				   __ATOMIC_RELAXED);
		tc->next_beat = timer_advance_beat(now, tc->next_beat,
						   cycles_per_period);
	}
	if (tc->running)
		rearm(tc, now);
	apic_eoi();
	sched_tick();
	/* In case Linux's IPI got lost: requests are rare, a poll is cheap. */
	if (beat && cpu->index == 0)
		request_check();
}
