/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handlers of the LOCAL lines of syscalls.def: one prototype each,
 * declared from the list, all of one type (syscall_handler_t), so the
 * compiler checks every definition against it. Write a handler as
 *
 *	SYSCALL_DEFINE(brk)
 *	{
 *		... a->arg[0] ...
 *	}
 *
 * in the file README.md names. SYSCALL_DEFINE of a call that is not
 * LOCAL in syscalls.def does not compile (syscall_is_local_<name> is
 * undeclared); a LOCAL line without its handler does not link
 * (handlers.c takes its address). So the list and the code agree.
 */
#ifndef LWK_SYSCALLS_HANDLERS_H
#define LWK_SYSCALLS_HANDLERS_H

#include <lwk/syscall.h>

#define SYSCALL_DECLARE_LOCAL(name)				\
	syscall_handler_t sys_##name;				\
	enum { syscall_is_local_##name = 1 };
#define SYSCALL_DECLARE_OFFLOAD(name)
#define SYSCALL_DECLARE_REFUSED(name)
#define SYSCALL(nr, name, how)	SYSCALL_DECLARE_##how(name)
#include "syscalls.def"
#undef SYSCALL

#define SYSCALL_DEFINE(name)						\
	_Static_assert(syscall_is_local_##name,				\
		       #name " is LOCAL in syscalls.def");		\
	long sys_##name(const struct syscall_args *a)

#endif /* LWK_SYSCALLS_HANDLERS_H */
