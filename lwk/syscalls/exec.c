// SPDX-License-Identifier: GPL-2.0
/*
 * execve, execveat: not served yet. They are LOCAL so that they answer
 * ENOSYS here: offloaded, mcexec itself would become the new program, on
 * Linux, leaving the LWK process behind.
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

SYSCALL_DEFINE0(execve)
{
	return not_yet("execve", WARN_EXECVE);
}

SYSCALL_DEFINE0(execveat)
{
	return not_yet("execveat", WARN_EXECVEAT);
}
