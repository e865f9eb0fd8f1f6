// SPDX-License-Identifier: GPL-2.0
/* getpid, getppid, gettid: the LWK's own numbering (pids from 1). */
#include <lwk/process.h>
#include "handlers.h"

SYSCALL_DEFINE0(getpid)
{
	return current_process()->pid;
}

/* mcexec's parent lives in Linux, not here: 0, as for a process whose parent is outside its namespace. */
SYSCALL_DEFINE0(getppid)
{
	return current_process()->ppid;
}

SYSCALL_DEFINE0(gettid)
{
	return current_thread()->tid;
}
