// SPDX-License-Identifier: GPL-2.0
/*
 * The channels of this LWK CPU, all at once: serve them, announce in the
 * rings that we may sleep (Linux then sends IHK_LWK_IKC_VECTOR after its
 * next message, or after taking from a ring we wait to send on) and
 * withdraw it. The idle loop and the waits that use these live in
 * lwk/kernel/idle.c; nothing here halts or knows what a process is.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lwk/ikc.h>
#include "ikc_cpu.h"

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

bool ikc_cpu_poll(void)
{
	return ikc_poll_all(&ikc_cpus[cpu_index()]);
}

bool ikc_cpu_may_sleep(void)
{
	struct ikc_cpu *ic = &ikc_cpus[cpu_index()];
	bool may = true;
	unsigned int i;

	for (i = 0; i < ic->nr_svc && may; i++)
		may = ikc_service_may_sleep(&ic->svc[i]);
	if (may)
		ic->sleeps++;
	return may;
}

void ikc_cpu_awake(void)
{
	struct ikc_cpu *ic = &ikc_cpus[cpu_index()];
	unsigned int i;

	for (i = 0; i < ic->nr_svc; i++)
		ikc_service_awake(&ic->svc[i]);
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
