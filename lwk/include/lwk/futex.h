/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Futexes on the LWK (lwk/syscalls/futex_env.c): the one futex table of
 * the LWK and the environment common/futex*.c runs in (struct futex_ops:
 * bucket spinlocks, user words through the process's page tables,
 * sched_block()/sched_wake(), Linux's clocks). The syscalls are in
 * lwk/syscalls/futex.c; docs/futex.md describes the whole.
 */
#ifndef LWK_FUTEX_H
#define LWK_FUTEX_H

#include <lwk/types.h>

struct futex_ctx;
struct futex_table;
struct lwk_thread;

/* The LWK's table: every process's futexes, private and shared. */
extern struct futex_table lwk_futexes;

/* The calling thread as the futex code sees it (syscall context). */
void lwk_futex_ctx(struct futex_ctx *c);

/*
 * A thread's futex duties at its exit, as Linux's mm_release(), in the
 * exiting thread's own context (its address space loaded), before its
 * memory goes. The order that leaves no race with another thread's
 * LOCK_PI on a lock the exiting one holds:
 *
 *	futex_exit_robust_list(t);	thread_alive() still true for t
 *	... make thread_alive(p, t->tid) false ...
 *	futex_exit_thread(t);
 *
 * (docs/futex.md, "On the LWK", says why.) futex_exit_thread() alone
 * also walks the list if futex_exit_robust_list() was not called.
 */

/* Walk t's robust list (set_robust_list): FUTEX_OWNER_DIED, wake one. */
void futex_exit_robust_list(struct lwk_thread *t);

/*
 * Hand the PI futexes t still owns to their first waiters; then, if
 * set_tid_address or CLONE_CHILD_CLEARTID gave a clear_child_tid word,
 * write 0 there (a fault is ignored) and FUTEX_WAKE one waiter on it
 * (shared, as Linux: pthread_join waits there).
 */
void futex_exit_thread(struct lwk_thread *t);

#endif /* LWK_FUTEX_H */
