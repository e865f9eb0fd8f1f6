/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handlers of the LOCAL lines of syscalls.def. Each is written with
 * its typed arguments, as Linux writes them:
 *
 *	SYSCALL_DEFINE2(munmap, uint64_t, addr, uint64_t, len)
 *	{
 *		... addr, len ...
 *	}
 *
 * in the file README.md names. The macro makes two functions: the typed
 * body, do_sys_<name>(), and sys_<name>(), of the one type the
 * dispatcher's table holds (syscall_handler_t), which converts the
 * registers to the declared types. So a handler never indexes raw
 * registers, and each argument's width and sign is stated once, where a
 * reader looks for it (a pid is int32_t, as Linux's pid_t: the upper half
 * of its register is ignored, as Linux ignores it).
 *
 * SYSCALL_DEFINEn of a call that is not LOCAL in syscalls.def does not
 * compile (syscall_is_local_<name> is undeclared); a LOCAL line without
 * its handler does not link (dispatch.c takes its address). So the list
 * and the code agree. A handler that sends its call on to mcexec unchanged
 * uses syscall_offload(syscall_current()).
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

/* (type, name) pairs -> "type name, ..." or "(type)a->arg[i], ..." */
#define SC_DECL(i, t, v)	t v
#define SC_ARG(i, t, v)		(t)a->arg[i]
#define SC_MAP1(m, t0, v0)	m(0, t0, v0)
#define SC_MAP2(m, t0, v0, t1, v1)					\
	SC_MAP1(m, t0, v0), m(1, t1, v1)
#define SC_MAP3(m, t0, v0, t1, v1, t2, v2)				\
	SC_MAP2(m, t0, v0, t1, v1), m(2, t2, v2)
#define SC_MAP4(m, t0, v0, t1, v1, t2, v2, t3, v3)			\
	SC_MAP3(m, t0, v0, t1, v1, t2, v2), m(3, t3, v3)
#define SC_MAP5(m, t0, v0, t1, v1, t2, v2, t3, v3, t4, v4)		\
	SC_MAP4(m, t0, v0, t1, v1, t2, v2, t3, v3), m(4, t4, v4)
#define SC_MAP6(m, t0, v0, t1, v1, t2, v2, t3, v3, t4, v4, t5, v5)	\
	SC_MAP5(m, t0, v0, t1, v1, t2, v2, t3, v3, t4, v4), m(5, t5, v5)

#define SYSCALL_IS_LOCAL(name)						\
	_Static_assert(syscall_is_local_##name,				\
		       #name " is LOCAL in syscalls.def")

#define SYSCALL_DEFINE0(name)						\
	SYSCALL_IS_LOCAL(name);						\
	static long do_sys_##name(void);				\
	long sys_##name(const struct syscall_args *a)			\
	{								\
		(void)a;						\
		return do_sys_##name();					\
	}								\
	static long do_sys_##name(void)

#define SYSCALL_DEFINEx(n, name, ...)					\
	SYSCALL_IS_LOCAL(name);						\
	static long do_sys_##name(SC_MAP##n(SC_DECL, __VA_ARGS__));	\
	long sys_##name(const struct syscall_args *a)			\
	{								\
		return do_sys_##name(SC_MAP##n(SC_ARG, __VA_ARGS__));	\
	}								\
	static long do_sys_##name(SC_MAP##n(SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...)	SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...)	SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...)	SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...)	SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...)	SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...)	SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#endif /* LWK_SYSCALLS_HANDLERS_H */
