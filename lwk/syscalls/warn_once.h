/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One console line per process for each thing it does that the LWK does
 * not serve yet (warn_once.c), so a program that retries in a loop does
 * not flood the console.
 */
#ifndef LWK_SYSCALLS_WARN_ONCE_H
#define LWK_SYSCALLS_WARN_ONCE_H

#include <lwk/types.h>

enum lwk_warn {
	WARN_CLONE,
	WARN_CLONE3,
	WARN_FORK,
	WARN_VFORK,
	WARN_EXECVE,
	WARN_EXECVEAT,
	WARN_STOP_SIGNAL,
	WARN_CLONE_FLAGS,
	WARN_COUNT
};

/* True the first time the current process asks about @what. */
bool process_warn_once(enum lwk_warn what);

#endif /* LWK_SYSCALLS_WARN_ONCE_H */
