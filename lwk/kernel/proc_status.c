// SPDX-License-Identifier: GPL-2.0
/*
 * A process's CPU time, and its threads on the status page ihk.ko reads
 * for /proc/ihk/osN/processes and threads (`ihkosctl N ps`, `ps -L`).
 *
 * The page's nr_threads follows the thread list at once (thread_attach,
 * thread_detach); cpu_ns and threads[] are a snapshot, refreshed when a
 * thread comes or goes and from the timer at most about once a heartbeat
 * per CPU: a few stores per thread, nothing on the syscall path. So `ps`
 * may show CPU times a heartbeat old, never a thread that left more than
 * a heartbeat ago.
 *
 * The thread list is read under the process's lock; a thread running on
 * another CPU is read as it runs (thread_cpu_tsc()).
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/timer.h>
#include <lwk/acct.h>
#include <lwk/clock.h>
#include <lwk/kernel.h>
#include <lwk/proc.h>

/* When each CPU last refreshed from its timer (TSC). */
static uint64_t last_refresh[IHK_LWK_MAX_CPUS];

uint64_t proc_cpu_ns(struct lwk_proc *p)
{
	uint64_t flags = proc_lock(p);
	uint64_t tsc = p->dead_cpu_tsc;
	struct lwk_thread *t;

	for (t = p->threads; t; t = t->next_in_proc)
		tsc += thread_cpu_tsc(t);
	proc_unlock(p, flags);
	return clock_cycles_to_ns(tsc, clock_tsc_khz());
}

uint64_t thread_cpu_ns(const struct lwk_thread *t)
{
	return clock_cycles_to_ns(thread_cpu_tsc(t), clock_tsc_khz());
}

void proc_status_refresh(struct lwk_proc *p)
{
	struct ihk_lwk_proc_status *st = p->pub.status;
	uint64_t flags, total, tsc;
	struct lwk_thread *t;
	unsigned int n = 0;
	uint32_t khz = clock_tsc_khz();

	if (!st)
		return;
	flags = proc_lock(p);
	total = p->dead_cpu_tsc;
	for (t = p->threads; t; t = t->next_in_proc) {
		struct ihk_lwk_thread_status *ts = &st->threads[n];
		struct acct_thread_view v = {
			.state = READ_ONCE(t->state),
			/* kernel/sched.c: run_tsc 0 while waiting on its CPU */
			.waiting = !READ_ONCE(t->run_tsc),
			.wait_type = READ_ONCE(t->wait_type),
		};

		tsc = thread_cpu_tsc(t);
		total += tsc;
		if (n >= IHK_LWK_STATUS_THREADS)
			continue;
		WRITE_ONCE(ts->tid, t->tid);
		WRITE_ONCE(ts->cpu_index, t->cpu);
		WRITE_ONCE(ts->state, acct_thread_state(&v));
		WRITE_ONCE(ts->cpu_ns, clock_cycles_to_ns(tsc, khz));
		n++;
	}
	/* The end of the table, if it got shorter. */
	if (n < IHK_LWK_STATUS_THREADS)
		WRITE_ONCE(st->threads[n].tid, 0);
	WRITE_ONCE(st->cpu_ns, clock_cycles_to_ns(total, khz));
	proc_unlock(p, flags);
}

static void refresh_if_here(struct lwk_proc *p, void *arg)
{
	if (p->cpu == *(unsigned int *)arg)
		proc_status_refresh(p);
}

void proc_status_tick(void)
{
	unsigned int me = cpu_index();
	uint64_t now = rdtsc();
	/* Half a heartbeat: each heartbeat refreshes, slice ticks mostly not. */
	uint64_t gap = clock_ns_to_cycles(NSEC_PER_SEC / TIMER_HZ / 2, clock_tsc_khz());

	if (now - last_refresh[me] < gap)
		return;
	last_refresh[me] = now;
	/* The processes whose home is here, wherever their threads run. */
	proc_for_each_locked(refresh_if_here, &me);
}
