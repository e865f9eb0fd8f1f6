// SPDX-License-Identifier: GPL-2.0
/*
 * The idle loop of an LWK CPU, and the waits of kernel code: serve the
 * CPU's IKC channels and queued process work until nothing moves, then
 * sleep in HLT until an interrupt. Four emulated CPUs may share two real
 * ones, so we never spin waiting for Linux: the rings say that we sleep
 * (ikc_cpu_may_sleep()), so Linux interrupts us for its next message or
 * for room it made, and the timer tick bounds the sleep anyway.
 */
#include <asm/cpu.h>
#include <lwk/idle.h>
#include <lwk/ikc.h>
#include <lwk/process.h>
#include <lwk/sched.h>

/*
 * With interrupts off from the announcement to the HLT, an IPI Linux sends
 * once it sees the announcement stays pending and ends the HLT at once:
 * sti only takes effect after the next instruction.
 */
static void cpu_sleep(void)
{
	irq_disable();
	if (ikc_cpu_may_sleep() && !sched_queued())
		safe_halt();
	else
		irq_enable();
	ikc_cpu_awake();
}

void cpu_wait_once(void)
{
	bool moved;

	ikc_cpu_kernel_wake();
	/* Other processes of this CPU: what the idle loop would do for them. */
	moved = proc_idle_work();
	moved |= ikc_cpu_poll();
	if (!moved)
		cpu_sleep();
	irq_disable();
}

void __noreturn cpu_idle(void)
{
	bool moved;

	for (;;) {
		/* Queued process messages first; may enter user mode for good. */
		moved = proc_idle_work();
		moved |= ikc_cpu_poll();
		/* Threads run from here; back when none can. */
		moved |= sched_idle_run();
		if (!moved)
			cpu_sleep();
	}
}
