// SPDX-License-Identifier: GPL-2.0
/*
 * getrusage and times, from the LWK's own accounting (lwk/kernel/
 * proc_status.c, include/lwk/acct.h has the rules): CPU time is the time
 * threads held their LWK CPU, all of it reported as user time (system
 * time 0: the LWK does not split them); ru_maxrss is the peak of the
 * memory the process held on the LWK (populated when mapped, so the
 * whole of every mapping, unlike Linux's touched pages); the LWK runs no
 * children, so RUSAGE_CHILDREN and tms_c*time are 0. Other rusage fields
 * are 0: no page faults, swap or IPC on the LWK, Linux does the block
 * I/O for mcexec, context switches are not counted.
 *
 * times() returns CLOCK_MONOTONIC in ticks of USER_HZ: clock ticks from
 * an arbitrary point, as Linux's (its origin is not Linux's jiffies').
 */
#include <lwk/acct.h>
#include <lwk/clock.h>
#include <lwk/errno.h>
#include <lwk/proc.h>
#include <lwk/uaccess.h>
#include "handlers.h"

SYSCALL_DEFINE2(getrusage, int32_t, who, uint64_t, uru)
{
	struct lwk_thread *t = current_thread();
	struct lwk_proc *p = current_proc();
	struct lwk_rusage ru;
	uint64_t ns;
	int err;

	ns = who == LWK_RUSAGE_THREAD ? thread_cpu_ns(t) : proc_cpu_ns(p);
	err = acct_rusage(who, ns, p->max_rss_bytes, &ru);
	if (err)
		return err;
	return copy_to_user(uru, &ru, sizeof(ru));
}

SYSCALL_DEFINE1(times, uint64_t, ubuf)
{
	struct clock_times now;
	struct lwk_tms tms;
	int err;

	if (ubuf) {
		acct_tms(proc_cpu_ns(current_proc()), &tms);
		err = copy_to_user(ubuf, &tms, sizeof(tms));
		if (err)
			return err;
	}
	clock_times_now(&now);
	return acct_ns_to_ticks(now.mono);
}
