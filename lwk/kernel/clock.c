// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's clocks on the LWK. ihk.ko writes Linux's REALTIME, MONOTONIC
 * and BOOTTIME with the TSC value of that instant into shared->clock
 * before boot and every second; a read takes a consistent copy and adds
 * the TSC cycles since, so LWK time agrees with Linux time without a
 * message to Linux.
 *
 * - The _COARSE clocks are served as precisely as the others: Linux only
 *   promises they are cheap and tick-granular, and ours are as cheap.
 * - MONOTONIC_RAW: the base carries no raw clock, so it is the TSC
 *   itself at tsc_khz, from the first base any CPU saw (never slewed or
 *   stepped, which is what raw means; its value is not Linux's raw one).
 * - CPU clocks: the time threads held their CPU (kernel/sched.c counts
 *   it; waits in sleeps, futexes and offloaded calls are not CPU time).
 *   A process's is its ended threads' plus its live ones'. Which clocks
 *   (the ids of clock_getcpuclockid and pthread_getcpuclockid), as Linux:
 *   the caller's thread or process (pid 0, its pid, or its own tid for the
 *   process clock); another thread of the process; another process: an
 *   LWK one from its status page (a heartbeat old at most), any other is
 *   Linux's to answer (CLOCK_ASK_LINUX). A thread of another process:
 *   -EINVAL, as Linux.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lwk/clock.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/proc.h>

/* This CPU's latest MONOTONIC answer: it never goes backwards. */
static uint64_t last_mono[IHK_LWK_MAX_CPUS];

/* MONOTONIC_RAW's origin; raw_set becomes 1 once, then raw_* are fixed. */
static uint32_t raw_set;
static uint64_t raw_tsc;
static uint64_t raw_ns;

uint32_t clock_tsc_khz(void)
{
	return (uint32_t)tsc_khz;
}

static void base_now(struct ihk_clock_base *b)
{
	clock_base_read(&shared->clock, b);
	if (!b->tsc_khz)
		b->tsc_khz = clock_tsc_khz();
}

void clock_times_now(struct clock_times *t)
{
	struct ihk_clock_base b;
	uint64_t flags;

	base_now(&b);
	/* an interrupt handler never reads the clock, but stay safe */
	flags = irq_save();
	clock_compute(&b, rdtsc(), &last_mono[cpu_index()], t);
	irq_restore(flags);
}

static uint64_t raw_now(void)
{
	struct ihk_clock_base b;
	uint64_t tsc;

	if (!__atomic_load_n(&raw_set, __ATOMIC_ACQUIRE)) {
		uint32_t expected = 0;

		base_now(&b);
		if (__atomic_compare_exchange_n(&raw_set, &expected, 2, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			raw_tsc = b.tsc;
			raw_ns = b.monotonic_ns;
			__atomic_store_n(&raw_set, 1, __ATOMIC_RELEASE);
		}
		while (__atomic_load_n(&raw_set, __ATOMIC_ACQUIRE) != 1)
			cpu_relax();
	}
	tsc = rdtsc();
	if (tsc < raw_tsc)
		return raw_ns - clock_cycles_to_ns(raw_tsc - tsc, clock_tsc_khz());
	return raw_ns + clock_cycles_to_ns(tsc - raw_tsc, clock_tsc_khz());
}

/* The CPU clock of process @pid (0: the caller's). */
static int process_clock(int pid, uint64_t *ns)
{
	struct lwk_thread *t = current_thread();
	struct lwk_process *other;

	if (!pid || pid == t->proc->pid || pid == t->tid) {
		*ns = proc_cpu_ns(to_proc(t->proc));
		return 0;
	}
	other = process_get(pid);
	if (!other)
		return CLOCK_ASK_LINUX;
	*ns = READ_ONCE(other->status->cpu_ns);
	process_put(other);
	return 0;
}

/* The CPU clock of thread @tid (0: the caller) of the caller's process. */
static int thread_clock(int tid, uint64_t *ns)
{
	struct lwk_thread *t = current_thread();
	struct lwk_proc *p = to_proc(t->proc);
	uint64_t flags;

	if (!tid || tid == t->tid) {
		*ns = thread_cpu_ns(t);
		return 0;
	}
	flags = proc_lock(p);
	t = thread_find(p, tid);
	if (t)
		*ns = thread_cpu_ns(t);
	proc_unlock(p, flags);
	return t ? 0 : -EINVAL;
}

int clock_now_ns(const struct clock_sel *s, uint64_t *ns)
{
	struct clock_times ct;

	switch (s->src) {
	case CLOCK_SRC_REALTIME:
		clock_times_now(&ct);
		*ns = ct.real;
		return 0;
	case CLOCK_SRC_MONOTONIC:
		clock_times_now(&ct);
		*ns = ct.mono;
		return 0;
	case CLOCK_SRC_BOOTTIME:
		clock_times_now(&ct);
		*ns = ct.boot;
		return 0;
	case CLOCK_SRC_RAW:
		*ns = raw_now();
		return 0;
	case CLOCK_SRC_PROCESS_CPU:
		return process_clock(s->pid, ns);
	case CLOCK_SRC_THREAD_CPU:
		return thread_clock(s->pid, ns);
	default:
		return -EINVAL;
	}
}
