/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local syscalls: every LOCAL line of lwk/syscalls/syscalls.def has a
 * handler sys_<name>(), written with SYSCALL_DEFINEn(<name>, ...)
 * (lwk/syscalls/handlers.h) in lwk/syscalls/. The dispatcher
 * (lwk/syscalls/dispatch.c) calls it with the user's arguments and returns
 * its result to user mode unchanged: a value, or -errno as Linux would
 * return it.
 */
#ifndef LWK_SYSCALL_H
#define LWK_SYSCALL_H

#include <lwk/types.h>

struct syscall_args {
	uint64_t nr;
	uint64_t arg[6];	/* rdi, rsi, rdx, r10, r8, r9 */
};

/*
 * The one type the dispatcher's table holds; SYSCALL_DEFINEn
 * (lwk/syscalls/handlers.h) makes one from each typed handler.
 */
typedef long syscall_handler_t(const struct syscall_args *a);
typedef syscall_handler_t *syscall_fn;

/*
 * Send the call to the process's mcexec and wait for its result (the
 * dispatcher does this for OFFLOAD lines; local handlers may too, e.g.
 * for a call they only partly serve). Serves this CPU's IKC channel while
 * it waits. Returns the result, or -EINTR if the process is being killed.
 */
long syscall_offload(const struct syscall_args *a);

/*
 * The registers of the call this thread is serving, for a local handler
 * that sends it (or a variant of it) on to mcexec.
 */
const struct syscall_args *syscall_current(void);

#endif /* LWK_SYSCALL_H */
