// SPDX-License-Identifier: GPL-2.0
/*
 * getrlimit, setrlimit, prlimit64 and the limits of a new process.
 *
 * The LWK keeps the limits of what it runs itself (stack, data, address
 * space, CPU time, core, memlock, rss, nice, rtprio, rttime), starting
 * from Linux's defaults and the stack limits mcexec passes (its own, soft
 * and hard, unlimited included: include/ihk/mcexec.h). The limits on
 * what Linux does for the process (its file descriptors live in mcexec,
 * file sizes, locks, message queues) or counts per user across Linux
 * (processes, queued signals) are mcexec's own: those calls go to mcexec
 * with pid 0, so the program sees and changes the limits that apply.
 *
 * pid: 0 or the caller's own LWK pid (LWK pids are the LWK's, see
 * include/ihk/mcexec.h). Another LWK process: -EPERM, the LWK knows no
 * credentials yet to decide; no such process: -ESRCH.
 *
 * Raising a hard limit needs CAP_SYS_RESOURCE in Linux; without
 * credentials the LWK refuses it (-EPERM) for every caller, root too.
 * Limits are recorded and reported; enforcing them is for the code that
 * allocates (the stack limit shapes the stack mcexec builds).
 */
#include <lwk/compiler.h>
#include <lwk/errno.h>
#include <lwk/process.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/rlimit_rules.h>
#include "handlers.h"

_Static_assert(sizeof(struct lwk_rlimit) == sizeof(struct rlim_pair),
	       "lwk_rlimit and rlim_pair share a layout");
_Static_assert(LWK_RLIM_NLIMITS == LWK_RLIMIT_COUNT, "one limit table");

void rlimits_init(struct lwk_rlimit *r, uint64_t stack_cur, uint64_t stack_max)
{
	struct rlim_pair d[LWK_RLIMIT_COUNT];
	unsigned int i;

	rlimit_defaults(d, stack_cur, stack_max);
	for (i = 0; i < LWK_RLIMIT_COUNT; i++) {
		r[i].cur = d[i].cur;
		r[i].max = d[i].max;
	}
}

/* The LWK's part of prlimit64 for the current process. */
static long local_prlimit(unsigned int resource, const struct rlim_pair *new,
			  uint64_t uold)
{
	struct lwk_rlimit *r = current_process()->rlimit;
	struct rlim_pair old;
	int err;

	if (resource >= LWK_RLIMIT_COUNT)
		return -EINVAL;
	old.cur = r[resource].cur;
	old.max = r[resource].max;
	if (new) {
		err = rlimit_check_set(resource, &old, new);
		if (err)
			return err;
	}
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	if (new) {
		r[resource].cur = new->cur;
		r[resource].max = new->max;
	}
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, uint64_t, uold)
{

	if (resource < LWK_RLIMIT_COUNT && rlimit_is_linux(resource))
		return syscall_offload(syscall_current());
	if (resource >= LWK_RLIMIT_COUNT)
		return -EINVAL;
	return local_prlimit(resource, NULL, uold);
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, uint64_t, unew)
{
	struct rlim_pair new;

	if (resource < LWK_RLIMIT_COUNT && rlimit_is_linux(resource))
		return syscall_offload(syscall_current());
	if (copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	return local_prlimit(resource, &new, 0);
}

SYSCALL_DEFINE4(prlimit64, int32_t, pid, unsigned int, resource, uint64_t, unew,
		uint64_t, uold)
{
	struct lwk_thread *t = current_thread();
	struct rlim_pair new;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (pid && pid != t->proc->pid && pid != t->tid)
		return pid > 0 && process_find(pid) ? -EPERM : -ESRCH;
	if (resource < LWK_RLIMIT_COUNT && rlimit_is_linux(resource)) {
		struct syscall_args self = *syscall_current();

		self.arg[0] = 0;	/* mcexec, in Linux's pid space */
		return syscall_offload(&self);
	}
	return local_prlimit(resource, unew ? &new : NULL, uold);
}
