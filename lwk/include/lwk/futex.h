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

/**
 * futex_exit_thread() - a thread's futex duties at its exit
 * @t: the exiting thread, which is the current one: call it in its own
 *     context (its address space loaded), before it stops being
 *     thread_alive() and before its memory goes
 *
 * As Linux's mm_release(): walk its robust list (set_robust_list) and
 * hand over the PI futexes it still owns, then, if set_tid_address or
 * CLONE_CHILD_CLEARTID gave a clear_child_tid word, write 0 there
 * (a fault is ignored) and FUTEX_WAKE one waiter on it (shared, as
 * Linux: pthread_join waits there). May sleep only as long as a bucket
 * lock is held by another CPU.
 */
void futex_exit_thread(struct lwk_thread *t);

#endif /* LWK_FUTEX_H */
