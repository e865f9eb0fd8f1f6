// SPDX-License-Identifier: GPL-2.0
/*
 * nanosleep, clock_nanosleep. The thread blocks with the deadline
 * (sched_block(): the CPU's timer fires then, and other threads of the
 * CPU run meanwhile, or the CPU keeps its IKC channel served); each
 * wake-up reads the clock again, so heartbeats, IKC interrupts and clock base updates only
 * cost a look at the clock. A sleep ends by its deadline or, with -EINTR,
 * when the process is being killed or released.
 *
 * The deadline is converted to TSC cycles from the remaining time at
 * each wake-up, so a REALTIME sleep that Linux's clock is stepped under
 * ends within a heartbeat of the new time, not at once (Linux ends it at
 * once); the LWK has no notification of clock steps yet.
 *
 * A sleep on the process's CPU clock ends once its threads used that much
 * CPU time; waits are not CPU time, so a process whose only thread sleeps
 * on it sleeps until a signal, as on Linux.
 */
#include <asm/cpu.h>
#include <asm/timer.h>
#include <lwk/clock.h>
#include <lwk/compiler.h>
#include <lwk/errno.h>
#include <lwk/idle.h>
#include <lwk/ikc.h>
#include <lwk/process.h>
#include <lwk/sched.h>
#include <lwk/uaccess.h>
#include "handlers.h"

static void set_state(uint32_t from, uint32_t to)
{
	struct ihk_lwk_proc_status *st = current_process()->status;

	if (st)
		__atomic_compare_exchange_n(&st->state, &from, to, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/*
 * Sleep until clock @s reads @target. 0, or -EINTR with the time left in
 * *left. The clock was validated by the caller (clock_now_ns succeeded).
 */
static long sleep_until(const struct clock_sel *s, uint64_t target,
			uint64_t *left)
{
	uint64_t now, cycles;
	long ret;

	set_state(IHK_PROC_RUNNING, IHK_PROC_SLEEPING);
	for (;;) {
		if (clock_now_ns(s, &now) || now >= target) {
			ret = 0;
			break;
		}
		if (thread_should_die()) {
			*left = target - now;
			ret = -EINTR;
			break;
		}
		cycles = clock_ns_to_cycles(target - now, clock_tsc_khz());
		/* Woken early (a stale wake) or on time: the clock decides. */
		sched_block(clock_add_sat(rdtsc(), cycles));
	}
	set_state(IHK_PROC_SLEEPING, IHK_PROC_RUNNING);
	return ret;
}

static int get_request(uint64_t uaddr, uint64_t *ns)
{
	struct lwk_timespec ts;

	if (copy_from_user(&ts, uaddr, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	*ns = timespec_to_ns(&ts);
	return 0;
}

/* As Linux: the time left is written only when the sleep was cut short. */
static long relative_sleep(const struct clock_sel *s, uint64_t ns,
			   uint64_t urem)
{
	struct lwk_timespec rem;
	uint64_t now, left = 0;
	long ret;
	int err;

	err = clock_now_ns(s, &now);
	if (err)
		return err < 0 ? err : -EINVAL;	/* that process just ended */
	ret = sleep_until(s, clock_add_sat(now, ns), &left);
	if (ret == -EINTR && urem) {
		ns_to_timespec(left, &rem);
		if (copy_to_user(urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE2(nanosleep, uint64_t, ureq, uint64_t, urem)
{
	struct clock_sel s;
	uint64_t ns;
	int err;

	err = get_request(ureq, &ns);
	if (err)
		return err;
	clock_select(LWK_CLOCK_MONOTONIC, &s);
	return relative_sleep(&s, ns, urem);
}

SYSCALL_DEFINE4(clock_nanosleep, int32_t, clk, int, flags, uint64_t, ureq,
		uint64_t, urem)
{
	struct clock_sel s;
	uint64_t ns, now, left;
	int err;

	clock_select(clk, &s);
	if (s.src == CLOCK_SRC_LINUX)
		return syscall_offload(syscall_current());
	err = clock_nsleep_allowed(&s);
	if (err)
		return err;
	/* The CPU clock of a process Linux runs: Linux's to sleep on. */
	if (clock_now_ns(&s, &now) == CLOCK_ASK_LINUX)
		return syscall_offload(syscall_current());
	err = get_request(ureq, &ns);
	if (err)
		return err;
	if (!(flags & LWK_TIMER_ABSTIME))
		return relative_sleep(&s, ns, urem);
	err = clock_now_ns(&s, &now);
	if (err)
		return err < 0 ? err : -EINVAL;	/* that process just ended */
	return sleep_until(&s, ns, &left);
}
