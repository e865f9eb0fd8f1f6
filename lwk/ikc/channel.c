// SPDX-License-Identifier: GPL-2.0
/*
 * IKC on the LWK: set-up, the clients, notifications, and serving all
 * channels of a CPU. The area lies in the kernel chunk right after the
 * boot parameters (ihk.ko counts it in kernel_size), so it is in our
 * direct map and never in the page allocator; we only check it and point
 * each CPU's services at its rings.
 *
 * Notifying Linux is one fixed IPI to the (APIC id, vector) in the
 * channel's linux_target word. ihk.ko rewrites that word whenever Linux
 * moves the IRQ or the admin changes the ikc_map, so it is read at every
 * notification, never cached.
 */
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <lwk/errno.h>
#include <lwk/ikc.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include "ikc_cpu.h"

_Static_assert(VEC_IKC == IHK_LWK_IKC_VECTOR, "traps.c dispatches the IKC vector");

/* Unexpected messages each CPU logs in full; the rest are counted. */
#define IKC_LOG_UNEXPECTED	16

struct ikc_cpu ikc_cpus[IHK_LWK_MAX_CPUS];
struct ikc_area *ikc_area;

/* Once per kind of trouble: a bad target would otherwise flood the console. */
static void ikc_bad_target(uint32_t channel, uint64_t target, const char *why)
{
	static bool logged;

	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk("ikc: channel %u: cannot notify Linux at target 0x%lx: %s (logged once)\n",
		       channel, (unsigned long)target, why);
}

void ikc_notify_linux(struct ikc_service *s)
{
	struct ikc_cpu *ic = s->priv;
	uint64_t target = __atomic_load_n(&ikc_area->ch[s->channel].linux_target,
					  __ATOMIC_ACQUIRE);
	uint32_t apic_id = target >> 32, vector = (uint32_t)target;

	if (!target) {
		ic->no_target++;	/* nobody listens yet */
		return;
	}
	/* Vectors below 32 are exceptions; xAPIC ids stop at 0xfe (0xff: all). */
	if (vector < 32 || vector > 0xff) {
		ikc_bad_target(s->channel, target, "vector out of range");
		return;
	}
	if (!apic_x2 && apic_id > 0xfe) {
		ikc_bad_target(s->channel, target, "APIC id beyond xAPIC's reach");
		return;
	}
	if (!apic_send_ipi(apic_id, APIC_DM_FIXED | vector)) {
		ikc_bad_target(s->channel, target, "the IPI stayed pending");
		return;
	}
	ic->ipis_sent++;
}

static void ikc_unexpected(struct ikc_service *s, const struct ikc_msg *m,
			   const char *why)
{
	struct ikc_cpu *ic = s->priv;

	if (ic->logged > IKC_LOG_UNEXPECTED)
		return;
	if (ic->logged++ == IKC_LOG_UNEXPECTED) {
		printk("ikc: channel %u: more unexpected messages; counted, not logged\n",
		       s->channel);
		return;
	}
	printk("ikc: channel %u: %s: type %u, len %u, cookie 0x%lx\n",
	       s->channel, why, m->type, m->len, (unsigned long)m->cookie);
}

static void ikc_stress_log(struct ikc_service *s, uint64_t count,
			   const struct ikc_stress_report *r)
{
	struct ikc_cpu *ic = s->priv;

	if (!r) {
		printk("ikc: channel %u: stress session of %lu messages each way\n",
		       s->channel, (unsigned long)count);
		return;
	}
	printk("ikc: channel %u: stress done: received %lu (out of order %lu, bad payload %lu), sent %lu; IPIs so far %lu sent, %lu received\n",
	       s->channel, (unsigned long)r->received,
	       (unsigned long)r->out_of_order, (unsigned long)r->bad_payload,
	       (unsigned long)r->sent, (unsigned long)ic->ipis_sent,
	       (unsigned long)ic->ipis_received);
}

/* .client[] is set by ikc_set_client() before ikc_init() (no poll yet). */
static struct ikc_service_ops ikc_lwk_ops = {
	.notify = ikc_notify_linux,
	.unexpected = ikc_unexpected,
	.stress = ikc_stress_log,
};

int ikc_set_client(unsigned int cls, const struct ikc_client *client)
{
	if (cls >= IKC_NR_CLASSES || !client || !client->take ||
	    ikc_lwk_ops.client[cls] || ikc_area)
		return -EINVAL;
	ikc_lwk_ops.client[cls] = client;
	return 0;
}

int ikc_init(const struct ihk_boot_params *bp)
{
	uint64_t end = bp->kernel_phys + bp->kernel_size;
	struct ikc_area *a;
	const char *why;
	unsigned int i;

	if (!bp->ikc_phys) {
		printk("ikc: no IKC area (ihk.ko without IKC); channels off\n");
		return 0;
	}
	/* Anywhere else it would be neither mapped nor kept from the allocator. */
	if (bp->ikc_phys < bp->kernel_phys || bp->ikc_size > end ||
	    bp->ikc_phys > end - bp->ikc_size) {
		printk("ikc: area 0x%lx+0x%lx is outside the kernel's 0x%lx-0x%lx\n",
		       (unsigned long)bp->ikc_phys, (unsigned long)bp->ikc_size,
		       (unsigned long)bp->kernel_phys, (unsigned long)end);
		return -EINVAL;
	}
	a = phys_to_virt(bp->ikc_phys);
	if (ikc_area_check(a, bp->ikc_size, bp->nr_cpus, &why)) {
		printk("ikc: area at phys 0x%lx unusable: %s\n",
		       (unsigned long)bp->ikc_phys, why);
		return -EINVAL;
	}
	for (i = 0; i < bp->nr_cpus; i++) {
		struct ikc_cpu *ic = &ikc_cpus[i];

		ikc_service_init(&ic->svc[0], a, IKC_CPU_CHANNEL(i),
				 &ikc_lwk_ops, ic);
		ic->nr_svc = 1;
	}
	ikc_service_init(&ikc_cpus[0].svc[1], a, IKC_MASTER_CHANNEL,
			 &ikc_lwk_ops, &ikc_cpus[0]);
	ikc_cpus[0].nr_svc = 2;
	ikc_area = a;
	printk("ikc: %u channels of 2 x %u slots at phys 0x%lx; Linux notify vector 0x%x\n",
	       a->nr_channels, a->nr_slots, (unsigned long)bp->ikc_phys,
	       bp->linux_notify_vector);
	return 0;
}

void ikc_interrupt(void)
{
	ikc_cpus[cpu_index()].ipis_received++;
}

void ikc_log_stats(void)
{
	unsigned int i, j;

	if (!ikc_area)
		return;
	for (i = 0; i < nr_cpus; i++) {
		struct ikc_cpu *ic = &ikc_cpus[i];
		uint64_t in = 0, out = 0, bad = 0;

		for (j = 0; j < ic->nr_svc; j++) {
			in += READ_ONCE(ic->svc[j].received);
			out += READ_ONCE(ic->svc[j].sent);
			bad += READ_ONCE(ic->svc[j].unexpected);
		}
		printk("ikc: CPU %u: %lu messages in (%lu unexpected), %lu out; IPIs %lu sent, %lu received, %lu without target; %lu sleeps\n",
		       i, (unsigned long)in, (unsigned long)bad, (unsigned long)out,
		       (unsigned long)READ_ONCE(ic->ipis_sent),
		       (unsigned long)READ_ONCE(ic->ipis_received),
		       (unsigned long)READ_ONCE(ic->no_target),
		       (unsigned long)READ_ONCE(ic->sleeps));
	}
}

/*
 * The channels of this CPU, all at once: serve them, announce in the rings
 * that we may sleep (Linux then sends IHK_LWK_IKC_VECTOR after its next
 * message, or after taking from a ring we wait to send on) and withdraw
 * it. The idle loop and the waits that use these live in
 * lwk/kernel/idle.c; nothing here halts or knows what a process is.
 */

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
