// SPDX-License-Identifier: GPL-2.0
/*
 * CPU-time accounting in Linux's units; see include/lwk/acct.h. Built for
 * the host too, so it includes only compat.h and headers of plain types.
 */
#include "compat.h"
#include <ihk/mcexec.h>
#include <lwk/acct.h>
#include <lwk/process.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_TICK	(NSEC_PER_SEC / LWK_USER_HZ)

void acct_ns_to_timeval(uint64_t ns, struct lwk_timeval *tv)
{
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC;
}

int64_t acct_ns_to_ticks(uint64_t ns)
{
	return (int64_t)(ns / NSEC_PER_TICK);
}

int acct_rusage(int who, uint64_t cpu_ns, uint64_t maxrss_bytes,
		struct lwk_rusage *ru)
{
	if (who != LWK_RUSAGE_SELF && who != LWK_RUSAGE_CHILDREN &&
	    who != LWK_RUSAGE_THREAD)
		return -EINVAL;
	memset(ru, 0, sizeof(*ru));
	if (who == LWK_RUSAGE_CHILDREN)
		return 0;
	acct_ns_to_timeval(cpu_ns, &ru->utime);
	/* As Linux: the process's peak, for RUSAGE_THREAD too. */
	ru->maxrss = (int64_t)(maxrss_bytes / 1024);
	return 0;
}

void acct_tms(uint64_t cpu_ns, struct lwk_tms *t)
{
	memset(t, 0, sizeof(*t));
	t->utime = acct_ns_to_ticks(cpu_ns);
}

uint32_t acct_thread_state(const struct acct_thread_view *v)
{
	switch (v->state) {
	case THREAD_NEW:
	case THREAD_RUNNABLE:
		return IHK_PROC_RUNNING;
	case THREAD_RUNNING:
		/* waiting on its CPU is blocked all the same */
		if (!v->waiting)
			return IHK_PROC_RUNNING;
		return v->wait_type ? IHK_PROC_OFFLOAD : IHK_PROC_SLEEPING;
	case THREAD_BLOCKED:
		return v->wait_type ? IHK_PROC_OFFLOAD : IHK_PROC_SLEEPING;
	case THREAD_DEAD:
	default:
		return IHK_PROC_EXITED;
	}
}
