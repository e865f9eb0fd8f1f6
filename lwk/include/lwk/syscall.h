/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local syscalls: every LOCAL line of lwk/syscalls/table.c has a handler
 * sys_<name>(), written with SYSCALL_DEFINE(<name>) in lwk/syscalls/.
 * The dispatcher (lwk/kernel/syscall.c) calls it with the user's
 * arguments and returns its result to user mode unchanged: a value, or
 * -errno as Linux would return it.
 */
#ifndef LWK_SYSCALL_H
#define LWK_SYSCALL_H

#include <lwk/types.h>

struct syscall_args {
	uint64_t nr;
	uint64_t arg[6];	/* rdi, rsi, rdx, r10, r8, r9 */
};

typedef long (*syscall_fn)(const struct syscall_args *a);

#define SYSCALL_DEFINE(name)	long sys_##name(const struct syscall_args *a)

/*
 * Send the call to the process's mcexec and wait for its result (the
 * dispatcher does this for OFFLOAD lines; local handlers may too, e.g.
 * for a call they only partly serve). Serves this CPU's IKC channel while
 * it waits. Returns the result, or -EINTR if the process is being killed.
 */
long syscall_offload(const struct syscall_args *a);

#endif /* LWK_SYSCALL_H */
