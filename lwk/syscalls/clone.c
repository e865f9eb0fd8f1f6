// SPDX-License-Identifier: GPL-2.0
/*
 * clone, clone3, fork, vfork: not served yet (threads and processes on
 * the LWK come in a later issue). They are LOCAL so that they answer
 * ENOSYS here: offloaded, mcexec would fork itself, and the child would
 * be a Linux process with no LWK process behind it.
 */
#include <lwk/errno.h>
#include <lwk/printk.h>
#include <lwk/process.h>
#include "handlers.h"
#include "warn_once.h"

static long not_yet(const char *name, enum lwk_warn w)
{
	if (process_warn_once(w))
		printk("pid %d: %s is not supported on the LWK yet: ENOSYS\n",
		       current_process()->pid, name);
	return -ENOSYS;
}

SYSCALL_DEFINE0(clone)
{
	return not_yet("clone", WARN_CLONE);
}

SYSCALL_DEFINE0(clone3)
{
	return not_yet("clone3", WARN_CLONE3);
}

SYSCALL_DEFINE0(fork)
{
	return not_yet("fork", WARN_FORK);
}

SYSCALL_DEFINE0(vfork)
{
	return not_yet("vfork", WARN_VFORK);
}
