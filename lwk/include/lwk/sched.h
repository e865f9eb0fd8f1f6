/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Blocking and waking LWK threads (lwk/kernel/sched.c). Kernel code that
 * waits for another thread (a futex, a join) blocks here; waits for Linux
 * (an offloaded call) and for a deadline (nanosleep) use the same calls,
 * so a blocked thread frees its CPU for another runnable thread.
 */
#ifndef LWK_SCHED_H
#define LWK_SCHED_H

#include <lwk/types.h>

struct lwk_thread;
struct lwk_process;

/**
 * sched_block() - block the current thread until it is woken
 * @deadline_tsc: give up when the TSC passes this; 0: no deadline
 *
 * Returns as soon as a sched_wake() of the thread came since it last
 * returned from sched_block() (a wake before the block is not lost: this
 * is what makes check-then-block race free when the waker changes the
 * condition before it wakes). Spurious returns are allowed: callers loop
 * around their own condition. Call with interrupts off; returns with
 * interrupts off.
 *
 * Return: 0 when woken, -ETIMEDOUT when the deadline passed first,
 * -EINTR when the thread must die (thread_should_die()).
 */
int sched_block(uint64_t deadline_tsc);

/**
 * sched_wake() - make a thread blocked in sched_block() return
 * @t: the thread; any LWK CPU, any context, interrupts on or off
 *
 * The caller guarantees @t is not freed meanwhile (it holds the lock its
 * wait queue is under, e.g. a futex bucket's).
 */
void sched_wake(struct lwk_thread *t);

/**
 * thread_alive() - whether @p has a live thread of tid @tid
 * @p: the process (the caller's own, or held with process_get())
 * @tid: the thread id
 */
bool thread_alive(struct lwk_process *p, int tid);

/* The timer interrupt: deadlines of blocked threads, time slices. */
void sched_tick(void);

/* From the idle loop: run what is runnable; false if nothing was. */
bool sched_idle_run(void);

/* Whether a thread waits on this CPU's run queue (the idle loop's HLT). */
bool sched_queued(void);

#endif /* LWK_SCHED_H */
