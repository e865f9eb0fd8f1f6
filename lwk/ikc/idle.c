// SPDX-License-Identifier: GPL-2.0
/*
 * The idle loop of an LWK CPU with IKC: serve its channels until nothing
 * moves, then sleep in HLT until an interrupt. Four emulated CPUs may
 * share two real ones, so we never spin waiting for Linux: we announce
 * in the rings that we sleep (Linux then sends IHK_LWK_IKC_VECTOR after
 * its next message, or after taking from a ring we wait to send on), and
 * the timer tick bounds the sleep anyway.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lwk/ikc.h>
#include <lwk/process.h>
#include "ikc_cpu.h"

/*
 * With interrupts off from the announcement to the HLT, an IPI Linux sends
 * once it sees the announcement stays pending and ends the HLT at once:
 * sti only takes effect after the next instruction.
 */
static void ikc_sleep(struct ikc_cpu *ic)
{
	bool may = true;
	unsigned int i;

	irq_disable();
	for (i = 0; i < ic->nr_svc && may; i++)
		may = ikc_service_may_sleep(&ic->svc[i]);
	if (may) {
		ic->sleeps++;
		safe_halt();
	} else {
		irq_enable();
	}
	for (i = 0; i < ic->nr_svc; i++)
		ikc_service_awake(&ic->svc[i]);
}

/*
 * Poll svc[i], marked as inside its poll meanwhile: a message's handler
 * may do long work that serves the channels (ikc_cpu_serve_nested), and
 * it must not re-enter the poll it runs in.
 */
static bool ikc_poll_one(struct ikc_cpu *ic, unsigned int i)
{
	bool moved;

	ic->serving |= 1u << i;
	moved = ikc_service_poll(&ic->svc[i]);
	ic->serving &= ~(1u << i);
	return moved;
}

static bool ikc_poll_all(struct ikc_cpu *ic)
{
	bool moved = false;
	unsigned int i;

	for (i = 0; i < ic->nr_svc; i++)
		if (!(ic->serving & (1u << i)))
			moved |= ikc_poll_one(ic, i);
	return moved;
}

struct ikc_service *ikc_cpu_channel(void)
{
	return &ikc_cpus[cpu_index()].svc[0];
}

void ikc_cpu_kernel_wake(void)
{
	struct ikc_cpu *ic = &ikc_cpus[cpu_index()];
	unsigned int i;

	if (!ic->user_announced)
		return;
	ic->user_announced = false;
	for (i = 0; i < ic->nr_svc; i++)
		ikc_service_awake(&ic->svc[i]);
}

void ikc_cpu_serve_nested(void)
{
	ikc_cpu_kernel_wake();
	ikc_poll_all(&ikc_cpus[cpu_index()]);
}

void ikc_cpu_wait_once(void)
{
	struct ikc_cpu *ic = &ikc_cpus[cpu_index()];

	ikc_cpu_kernel_wake();
	if (!ikc_poll_all(ic))
		ikc_sleep(ic);
	irq_disable();
}

/*
 * The same announcement as before a HLT, kept while the CPU runs user
 * code: Linux's next message then interrupts it, and the interrupt
 * serves the channel (a RELEASE of the running process, a CREATE on
 * the master channel).
 */
bool ikc_cpu_user_ready(void)
{
	struct ikc_cpu *ic = &ikc_cpus[cpu_index()];
	bool may = true;
	unsigned int i;

	if (ic->user_announced)
		return true;
	if (ikc_poll_all(ic))
		return false;
	for (i = 0; i < ic->nr_svc && may; i++)
		may = ikc_service_may_sleep(&ic->svc[i]);
	if (!may) {
		for (i = 0; i < ic->nr_svc; i++)
			ikc_service_awake(&ic->svc[i]);
		return false;
	}
	ic->user_announced = true;
	return true;
}

void __noreturn ikc_idle(void)
{
	struct ikc_cpu *ic = &ikc_cpus[cpu_index()];
	bool moved;
	unsigned int i;

	for (;;) {
		/* Queued process messages first; may enter user mode for good. */
		moved = proc_idle_work();
		for (i = 0; i < ic->nr_svc; i++)
			moved |= ikc_poll_one(ic, i);
		if (!moved)
			ikc_sleep(ic);
	}
}
