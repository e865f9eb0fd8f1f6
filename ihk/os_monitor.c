// SPDX-License-Identifier: GPL-2.0
/*
 * Watching a running LWK from Linux: once a second, look for a panic the
 * LWK reported and for heartbeats (per-CPU timer counters) that stopped.
 * A CPU whose heartbeat has not moved for hung_timeout_ms makes the
 * instance HUNG; it goes back to RUNNING if the heartbeat moves again.
 * An instance whose shared structures ihk.ko found corrupted (an IKC ring,
 * the console header) becomes FAILED for good: its processes are told,
 * and nothing but shutdown and destroy is done with it any more.
 * The same tick refreshes the clock base the LWK's clocks start from.
 */
#include <linux/irqflags.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include <kmsg_ring.h>
#include "ihk.h"

static unsigned int hung_timeout_ms = 5000;
module_param(hung_timeout_ms, uint, 0644);
MODULE_PARM_DESC(hung_timeout_ms,
		 "an LWK CPU whose heartbeat stops this long makes the instance HUNG");

/**
 * ihk_lwk_cpu_to_linux() - the Linux CPU number of an LWK CPU
 * @os: the instance
 * @index: LWK CPU index of the last boot (possibly read from shared memory)
 *
 * @index may come from the LWK, so it is checked against the
 * Linux-private count of the last boot.
 *
 * Return: the Linux CPU number, or -1 if @index is out of range.
 */
int ihk_lwk_cpu_to_linux(struct ihk_os *os, u32 index)
{
	if (index >= os->nr_lwk_cpus)
		return -1;
	return os->lwk_cpu[index];
}

/**
 * ihk_lwk_cpus_up() - how many LWK CPUs report themselves up
 * @os: the instance
 *
 * Only for display (query, boot wait): the states are the LWK's word, read
 * once each, over the Linux-private CPU count.
 *
 * Return: the number of CPUs whose shared state is IHK_LWK_CPU_UP.
 */
unsigned int ihk_lwk_cpus_up(struct ihk_os *os)
{
	unsigned int i, up = 0;

	for (i = 0; i < os->nr_lwk_cpus; i++)
		if (READ_ONCE(os->shared->cpus[i].state) == IHK_LWK_CPU_UP)
			up++;
	return up;
}

/**
 * ihk_clock_base_write() - publish Linux's clocks and the TSC for the LWK
 * @os: the instance
 *
 * The LWK keeps Linux's time with the TSC from this base (boot.h). The
 * readings are taken together with interrupts off and published under a
 * sequence count that is odd while the fields change, so the LWK never
 * reads a torn base.
 *
 * Context: boot and the monitor work; one writer at a time.
 */
void ihk_clock_base_write(struct ihk_os *os)
{
	struct ihk_clock_base *cb = &os->shared->clock;
	unsigned long flags;
	u64 seq = READ_ONCE(cb->seq);

	local_irq_save(flags);
	WRITE_ONCE(cb->seq, seq + 1);
	/* A reader that sees any new field also sees seq odd. */
	smp_wmb();
	WRITE_ONCE(cb->tsc, rdtsc_ordered());
	WRITE_ONCE(cb->realtime_ns, ktime_get_real_ns());
	WRITE_ONCE(cb->monotonic_ns, ktime_get_ns());
	WRITE_ONCE(cb->boottime_ns, ktime_get_boottime_ns());
	WRITE_ONCE(cb->tsc_khz, tsc_khz);
	/* Every field is in place before seq turns even again. */
	smp_wmb();
	WRITE_ONCE(cb->seq, seq + 2);
	local_irq_restore(flags);
}

static void ihk_monitor_work(struct work_struct *work)
{
	struct ihk_os *os = container_of(to_delayed_work(work), struct ihk_os,
					 monitor);
	unsigned long stale = msecs_to_jiffies(hung_timeout_ms);
	bool stuck = false;
	unsigned int i;

	if (READ_ONCE(os->shared->state) == IHK_LWK_PANIC) {
		WRITE_ONCE(os->panic_cpu,
			   ihk_lwk_cpu_to_linux(os, READ_ONCE(os->shared->panic_cpu)));
		WRITE_ONCE(os->status, IHK_OS_PANIC);
		pr_info("ihk: %s: LWK panicked on CPU %d\n", os->name, os->panic_cpu);
		/* Its processes are lost: their mcexecs hear it now. */
		ihk_mc_os_down(os);
		return;
	}
	if (atomic_read(&os->corrupt) || ihk_ikc_broken(os) || ihk_kmsg_broken(os)) {
		WRITE_ONCE(os->status, IHK_OS_FAILED);
		ihk_mc_os_down(os);
		return;
	}
	ihk_clock_base_write(os);
	for (i = 0; i < os->nr_lwk_cpus; i++) {
		u64 hb = READ_ONCE(os->shared->cpus[i].heartbeat);

		if (hb != os->hb_seen[i]) {
			os->hb_seen[i] = hb;
			os->hb_moved[i] = jiffies;
		} else if (time_after(jiffies, os->hb_moved[i] + stale)) {
			stuck = true;
		}
	}
	if (stuck && READ_ONCE(os->status) == IHK_OS_RUNNING)
		pr_info("ihk: %s: LWK heartbeat stopped\n", os->name);
	WRITE_ONCE(os->status, stuck ? IHK_OS_HUNG : IHK_OS_RUNNING);
	schedule_delayed_work(&os->monitor, HZ);
}

/**
 * ihk_monitor_init() - set up an instance's monitor work (not started)
 * @os: the new instance
 */
void ihk_monitor_init(struct ihk_os *os)
{
	INIT_DELAYED_WORK(&os->monitor, ihk_monitor_work);
}

/**
 * ihk_kmsg_broken() - whether the LWK changed the console header's size
 * @os: the instance
 *
 * The size is ours and never used (os_kmsg.c uses IHK_KMSG_SIZE); an LWK
 * that changes it scribbles on memory it must not touch.
 *
 * Context: the monitor work.
 * Return: true if the header is corrupted (logged, rate-limited).
 */
bool ihk_kmsg_broken(struct ihk_os *os)
{
	if (READ_ONCE(os->shared->kmsg.size) == IHK_KMSG_SIZE)
		return false;
	pr_warn_ratelimited("ihk: %s: console header corrupted by the LWK; instance FAILED\n",
			    os->name);
	return true;
}

/**
 * ihk_os_mark_corrupt() - note that the LWK wrote something impossible
 * @os: the instance
 * @what: what was corrupted, for the log
 *
 * For shared state the monitor does not check itself (a process status
 * page, a page-table root outside the instance): the next monitor tick
 * makes the instance FAILED. Logged once.
 *
 * Context: any context (an atomic flag).
 */
void ihk_os_mark_corrupt(struct ihk_os *os, const char *what)
{
	if (atomic_xchg(&os->corrupt, 1))
		return;
	pr_warn_ratelimited("ihk: %s: %s corrupted by the LWK; instance FAILED\n",
			    os->name, what);
}

/**
 * ihk_monitor_start() - start watching a booted LWK once a second
 * @os: the instance, just booted
 *
 * Every heartbeat counts as moved now, so the hung timeout starts at boot.
 *
 * Context: caller holds ihk_lock.
 */
void ihk_monitor_start(struct ihk_os *os)
{
	unsigned int i;

	atomic_set(&os->corrupt, 0);
	for (i = 0; i < os->nr_lwk_cpus; i++) {
		os->hb_seen[i] = READ_ONCE(os->shared->cpus[i].heartbeat);
		os->hb_moved[i] = jiffies;
	}
	schedule_delayed_work(&os->monitor, HZ);
}

/**
 * ihk_monitor_stop() - stop the monitor and wait for a tick in progress
 * @os: the instance
 *
 * After it the status is changed only under ihk_lock.
 *
 * Context: process context, sleeps; the monitor work never takes ihk_lock,
 * so it may be called with it held.
 */
void ihk_monitor_stop(struct ihk_os *os)
{
	cancel_delayed_work_sync(&os->monitor);
}
