// SPDX-License-Identifier: GPL-2.0
/*
 * getpid, gettid: an LWK process's pid is its mcexec's Linux pid (Linux's
 * init pid namespace), and its thread's tid the Linux tid of the mcexec
 * thread that serves it, so ps, kill and /proc agree. getppid is
 * offloaded: mcexec's parent is the program's parent, and only Linux
 * knows when it changes (reparenting).
 */
#include <lwk/process.h>
#include "handlers.h"

SYSCALL_DEFINE0(getpid)
{
	return current_process()->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return current_thread()->tid;
}
