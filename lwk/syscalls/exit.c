// SPDX-License-Identifier: GPL-2.0
/*
 * exit ends the calling thread (the process too if it was the last one);
 * exit_group ends every thread. mcexec gets PROC_EXIT with status & 0xff
 * once the last thread is gone. Memory is freed at PROC_RELEASE, after
 * mcexec's mirror is gone.
 */
#include <lwk/process.h>
#include <lwk/proc.h>
#include "handlers.h"

SYSCALL_DEFINE1(exit, int, code)
{
	thread_exit(code & 0xff);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	process_exit(code & 0xff, 0, false);
}
