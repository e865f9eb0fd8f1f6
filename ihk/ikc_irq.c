// SPDX-License-Identifier: GPL-2.0
/*
 * The IRQs that receive the LWK's notifications (their handler is in
 * ikc.c, next to the drain it runs). Each is allocated from
 * x86_vector_domain (exported) with its vector on one Linux CPU, so an IPI
 * the LWK sends to (APIC id, vector) runs a real Linux handler, through
 * handle_edge_irq like any device interrupt. One IRQ per Linux CPU that
 * receives notifications for an instance, not one per channel: vectors
 * are a per-CPU resource of about 200.
 *
 * The IRQ never moves: its affinity is set before it is activated and
 * IRQF_NOBALANCING keeps user space from changing it. To notify another
 * CPU, a channel switches to that CPU's IRQ. When a Linux CPU goes
 * offline, the hotplug callback below (run on that CPU while it is still
 * online) switches its channels to another online CPU and frees its IRQ,
 * before Linux would move the IRQ behind the LWK's back.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/slab.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>

#include "ikc_priv.h"

static enum cpuhp_state ihk_ikc_hp_state;

static void ihk_ikc_irq_free(struct ihk_ikc_irq *ii)
{
	free_irq(ii->irq, ii);
	irq_dispose_mapping(ii->irq);
	/* No handler can queue it any more. */
	cancel_work_sync(&ii->work);
	list_del(&ii->list);
	kfree(ii);
}

static struct ihk_ikc_irq *ihk_ikc_irq_alloc(struct ihk_ikc *ikc, int cpu)
{
	struct irq_alloc_info info;
	struct ihk_ikc_irq *ii;
	struct irq_data *irqd;
	struct irq_cfg *cfg;
	int virq, ret;

	ii = kzalloc(sizeof(*ii), GFP_KERNEL);
	if (!ii)
		return ERR_PTR(-ENOMEM);
	ii->ikc = ikc;
	ii->cpu = cpu;
	INIT_WORK(&ii->work, ihk_ikc_irq_work);

	/*
	 * init_irq_alloc_info() is not exported; all it does is this. With
	 * a mask, the vector domain assigns the vector on that CPU at once.
	 */
	memset(&info, 0, sizeof(info));
	info.mask = cpumask_of(cpu);
	virq = __irq_domain_alloc_irqs(x86_vector_domain, -1, 1,
				       cpu_to_node(cpu), &info, false, NULL);
	if (virq < 0) {
		ret = virq;
		goto err_free;
	}
	ii->irq = virq;
	irq_set_handler(virq, handle_edge_irq);
	/* Before activation this only records the affinity: no move. */
	ret = irq_set_affinity(virq, cpumask_of(cpu));
	if (ret)
		goto err_dispose;
	ret = request_irq(virq, ihk_ikc_irq_handler, IRQF_NOBALANCING,
			  "ihk-ikc", ii);
	if (ret)
		goto err_dispose;

	/*
	 * The vector is the CPU's; cfg->dest_apicid may be a logical
	 * destination (xAPIC flat mode), so the LWK gets the CPU's physical
	 * APIC id and sends in physical destination mode.
	 */
	irqd = irq_get_irq_data(virq);
	cfg = irqd_cfg(irqd);
	if (!cfg || !cpumask_equal(irq_data_get_effective_affinity_mask(irqd),
				   cpumask_of(cpu))) {
		pr_warn("ihk: IKC IRQ %d did not land on CPU %d\n", virq, cpu);
		ret = -EIO;
		goto err_irq;
	}
	ii->target = (u64)cpu_physical_id(cpu) << 32 | cfg->vector;
	list_add(&ii->list, &ikc->irqs);
	return ii;

err_irq:
	free_irq(virq, ii);
err_dispose:
	irq_dispose_mapping(virq);
err_free:
	kfree(ii);
	return ERR_PTR(ret);
}

/**
 * ihk_ikc_irq_get() - the IRQ of an instance bound to a Linux CPU
 * @ikc: the instance's channels
 * @cpu: the Linux CPU
 *
 * One IRQ per Linux CPU that receives notifications for an instance, not
 * one per channel: vectors are a per-CPU resource of about 200.
 *
 * Context: process context, sleeps; caller holds ihk_ikc_mutex.
 * Return: the IRQ, allocated from x86_vector_domain if there was none
 * yet, or an ERR_PTR().
 */
struct ihk_ikc_irq *ihk_ikc_irq_get(struct ihk_ikc *ikc, int cpu)
{
	struct ihk_ikc_irq *ii;

	lockdep_assert_held(&ihk_ikc_mutex);
	list_for_each_entry(ii, &ikc->irqs, list)
		if (ii->cpu == cpu)
			return ii;
	return ihk_ikc_irq_alloc(ikc, cpu);
}

/**
 * ihk_ikc_irq_put_unused() - free the IRQs of an instance that serve no channel
 * @ikc: the instance's channels
 *
 * Context: process context, sleeps (free_irq, cancel_work_sync); caller
 * holds ihk_ikc_mutex.
 */
void ihk_ikc_irq_put_unused(struct ihk_ikc *ikc)
{
	struct ihk_ikc_irq *ii, *tmp;

	lockdep_assert_held(&ihk_ikc_mutex);
	list_for_each_entry_safe(ii, tmp, &ikc->irqs, list)
		if (bitmap_empty(ii->chans, ikc->nr_channels))
			ihk_ikc_irq_free(ii);
}

/**
 * ihk_ikc_retarget() - have the LWK notify a channel through another IRQ
 * @chan: the channel
 * @ii: the new IRQ, or NULL for none
 *
 * The LWK reads linux_target at every send; a notification already on
 * its way to the old target may be missed, so the new IRQ's CPU drains
 * the channel once after the switch.
 *
 * Context: caller holds ihk_ikc_mutex.
 */
void ihk_ikc_retarget(struct ihk_ikc_chan *chan, struct ihk_ikc_irq *ii)
{
	struct ihk_ikc_irq *old = chan->irq;

	lockdep_assert_held(&ihk_ikc_mutex);
	if (old == ii)
		return;
	if (ii)
		set_bit(chan->index, ii->chans);
	chan->irq = ii;
	WRITE_ONCE(chan->info->linux_target, ii ? ii->target : 0);
	WRITE_ONCE(chan->info->linux_cpu, ii ? ii->cpu : 0);
	if (old)
		clear_bit(chan->index, old->chans);
	/* The new target is visible before the drain looks at the ring. */
	smp_mb();
	if (ii)
		queue_work_on(ii->cpu, system_highpri_wq, &ii->work);
}

/**
 * ihk_ikc_irqs_setup() - before boot: an IRQ for every channel
 * @ikc: the instance's channels
 * @cpu_of_chan: for each channel, the Linux CPU it notifies
 *
 * All or nothing; on success the instance joins ihk_ikc_list, which the
 * CPU hotplug callback walks.
 *
 * Context: process context, sleeps; caller holds ihk_lock; takes
 * cpus_read_lock() (so the CPUs stay online) and ihk_ikc_mutex.
 * Return: 0 or the error of the IRQ allocation.
 */
int ihk_ikc_irqs_setup(struct ihk_ikc *ikc, const int *cpu_of_chan)
{
	struct ihk_ikc_irq *ii;
	unsigned int c;
	int ret = 0;

	cpus_read_lock();
	mutex_lock(&ihk_ikc_mutex);
	for (c = 0; c < ikc->nr_channels; c++) {
		ii = ihk_ikc_irq_get(ikc, cpu_of_chan[c]);
		if (IS_ERR(ii)) {
			ret = PTR_ERR(ii);
			break;
		}
		ihk_ikc_retarget(&ikc->chan[c], ii);
	}
	if (ret) {
		for (c = 0; c < ikc->nr_channels; c++)
			ihk_ikc_retarget(&ikc->chan[c], NULL);
		ihk_ikc_irq_put_unused(ikc);
	} else {
		list_add(&ikc->list, &ihk_ikc_list);
	}
	mutex_unlock(&ihk_ikc_mutex);
	cpus_read_unlock();
	return ret;
}

/* Another CPU for the channels of @dying: the next usable one after it. */
static int ihk_ikc_other_cpu(unsigned int dying)
{
	unsigned int cpu;

	for_each_cpu_wrap(cpu, cpu_online_mask, (dying + 1) % nr_cpu_ids)
		if (cpu != dying && ihk_ikc_cpu_usable(cpu))
			return cpu;
	return -1;
}

/*
 * CPU @dying goes offline: move every channel it receives to another CPU.
 * The map stored by IHK_OS_IKC_MAP_SET is left alone, so the next boot
 * uses it again if the CPU is back online by then.
 */
static int ihk_ikc_cpu_offline(unsigned int dying)
{
	struct ihk_ikc_irq *ii, *to;
	struct ihk_ikc *ikc;
	unsigned int c;
	int cpu;

	mutex_lock(&ihk_ikc_mutex);
	list_for_each_entry(ikc, &ihk_ikc_list, list) {
		list_for_each_entry(ii, &ikc->irqs, list)
			if (ii->cpu == dying)
				break;
		if (list_entry_is_head(ii, &ikc->irqs, list))
			continue;
		cpu = ihk_ikc_other_cpu(dying);
		to = cpu < 0 ? ERR_PTR(-ENODEV) : ihk_ikc_irq_get(ikc, cpu);
		if (IS_ERR(to)) {
			pr_warn("ihk: %s: no CPU takes IKC notifications from CPU %u (%ld)\n",
				ikc->os->name, dying, PTR_ERR(to));
			continue;
		}
		for_each_set_bit(c, ii->chans, ikc->nr_channels)
			ihk_ikc_retarget(&ikc->chan[c], to);
		ihk_ikc_irq_put_unused(ikc);
		pr_info("ihk: %s: IKC notifications from CPU %u now go to CPU %d\n",
			ikc->os->name, dying, cpu);
	}
	mutex_unlock(&ihk_ikc_mutex);
	return 0;
}

/**
 * ihk_ikc_init() - install the CPU hotplug callback that moves channels
 *
 * A Linux CPU going offline would have Linux move our IRQs behind the
 * LWK's back; the teardown callback (CPUHP_AP_ONLINE_DYN, run while the
 * CPU is still online) moves its channels to the next usable CPU first.
 *
 * Return: 0 or cpuhp_setup_state_nocalls()'s error.
 */
int ihk_ikc_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "ihk:ikc", NULL,
					ihk_ikc_cpu_offline);
	if (ret < 0)
		return ret;
	ihk_ikc_hp_state = ret;
	return 0;
}

/**
 * ihk_ikc_exit() - remove the hotplug callback (module exit)
 *
 * No instance, and so no IRQ, exists any more.
 */
void ihk_ikc_exit(void)
{
	cpuhp_remove_state_nocalls(ihk_ikc_hp_state);
}
