// SPDX-License-Identifier: GPL-2.0
/*
 * TEMPORARY: removed when lwk-sys lands. The LOCAL syscalls another
 * helper writes (signals, clone/exec, time, sleep, scheduling, rlimits)
 * answer -ENOSYS here so the image links meanwhile; the generated
 * dispatcher table makes any LOCAL line without a handler a link error,
 * so deleting this file cannot hide a missing one.
 */
#include <lwk/errno.h>
#include <lwk/process.h>
#include <lwk/string.h>
#include <lwk/syscall.h>

#define PENDING(name)	SYSCALL_DEFINE(name) { (void)a; return -ENOSYS; }

PENDING(rt_sigaction)
PENDING(rt_sigprocmask)
PENDING(rt_sigreturn)
PENDING(sched_yield)
PENDING(nanosleep)
PENDING(clone)
PENDING(fork)
PENDING(vfork)
PENDING(execve)
PENDING(kill)
PENDING(gettimeofday)
PENDING(getrlimit)
PENDING(setrlimit)
PENDING(tkill)
PENDING(time)
PENDING(sched_getaffinity)
PENDING(clock_gettime)
PENDING(clock_getres)
PENDING(clock_nanosleep)
PENDING(tgkill)
PENDING(prlimit64)
PENDING(execveat)
PENDING(clone3)

void rlimits_init(struct lwk_rlimit *r, uint64_t stack_cur)
{
	unsigned int i;

	for (i = 0; i < LWK_RLIM_NLIMITS; i++)
		r[i].cur = r[i].max = LWK_RLIM_INFINITY;
	r[3].cur = stack_cur;	/* RLIMIT_STACK */
}
