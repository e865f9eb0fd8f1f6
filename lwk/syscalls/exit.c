// SPDX-License-Identifier: GPL-2.0
/*
 * exit and exit_group. One thread per process for now, so both end the
 * process; mcexec gets PROC_EXIT with status & 0xff. Memory is freed at
 * PROC_RELEASE, after mcexec's mirror is gone.
 */
#include <lwk/process.h>
#include "handlers.h"

SYSCALL_DEFINE1(exit, int, code)
{
	process_exit(code & 0xff, 0, false);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	process_exit(code & 0xff, 0, false);
}
