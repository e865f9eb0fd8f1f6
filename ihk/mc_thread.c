// SPDX-License-Identifier: GPL-2.0
/*
 * The mcexec threads of a process (include/ihk/mcexec.h, "Threads"): one
 * entry per Linux thread of mcexec that serves an LWK thread, keyed by
 * its Linux tid in the initial pid namespace, each with its own event
 * queue and wait queue, so a thread only ever gets the events of the LWK
 * thread of its own tid.
 *
 * Entries are made in ioctl context only: the main thread's at CREATE,
 * another's by the THREAD_NEW answer that names it (ihk_mc_thread_claim())
 * or by its own first WAIT (ihk_mc_thread_self()), whichever comes first;
 * at most IHK_MC_MAX_THREADS per process. The receive path only looks
 * them up (ihk_mc_thread_find()) and queues; the lookups and the queue are
 * inline in mc_priv.h, so an offloaded call's path does not come here
 * but for a thread's first WAIT. An entry is freed with its
 * process, or once its THREAD_EXIT was returned and its Linux thread is
 * gone (reaped when the next entry is made); until then it answers that
 * thread's WAIT with ESRCH.
 */
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "mc_priv.h"

/**
 * ihk_mc_thread_alloc() - a new, unlisted thread entry
 * @pid: the Linux thread (a reference is taken)
 * @tid: its number in the initial pid namespace
 * @state: IHK_MC_T_WAITING or IHK_MC_T_LIVE
 *
 * Context: process context, may sleep.
 * Return: the entry, or NULL without memory.
 */
struct ihk_mc_thread *ihk_mc_thread_alloc(struct pid *pid, int tid, u32 state)
{
	struct ihk_mc_thread *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	INIT_HLIST_NODE(&t->node);
	t->pid = get_pid(pid);
	t->tid = tid;
	t->state = state;
	init_waitqueue_head(&t->wq);
	return t;
}

static void ihk_mc_thread_free(struct ihk_mc_thread *t)
{
	if (!t)
		return;
	put_pid(t->pid);
	kfree(t);
}

/**
 * ihk_mc_thread_add() - put a new entry on its process's table
 * @p: the process
 * @t: from ihk_mc_thread_alloc()
 *
 * Context: caller holds mc.lock, or owns @p alone (CREATE).
 */
void ihk_mc_thread_add(struct ihk_mc_proc *p, struct ihk_mc_thread *t)
{
	hash_add(p->threads, &t->node, t->tid);
	p->nr_threads++;
}

/**
 * ihk_mc_threads_free() - free every thread entry of a process
 * @p: the process, which nobody else can reach any more
 */
void ihk_mc_threads_free(struct ihk_mc_proc *p)
{
	struct ihk_mc_thread *t;
	struct hlist_node *tmp;
	unsigned int b;

	hash_for_each_safe(p->threads, b, tmp, t, node) {
		hash_del(&t->node);
		p->nr_events -= t->ev_count;
		ihk_mc_thread_free(t);
	}
	p->nr_threads = 0;
}

/*
 * Under mc.lock: move the ended entries whose Linux thread is gone (its
 * tid may come back as another thread) to @dead, for the caller to free
 * once it dropped the lock. Only the owner waits on an entry, and an
 * ended entry's owner no longer does, so nobody holds these.
 */
static void ihk_mc_threads_reap(struct ihk_mc_proc *p, struct hlist_head *dead)
{
	struct ihk_mc_thread *t;
	struct hlist_node *tmp;
	unsigned int b;

	hash_for_each_safe(p->threads, b, tmp, t, node) {
		if (t->state != IHK_MC_T_ENDED || pid_has_task(t->pid, PIDTYPE_PID))
			continue;
		hash_del(&t->node);
		p->nr_threads--;
		p->nr_events -= t->ev_count;
		hlist_add_head(&t->node, dead);
	}
}

static void ihk_mc_threads_free_dead(struct hlist_head *dead)
{
	struct ihk_mc_thread *t;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(t, tmp, dead, node)
		ihk_mc_thread_free(t);
}

/*
 * Under mc.lock: list @new unless the table is full (after reaping into
 * @dead). Return: 0, or -EAGAIN (then the caller still owns @new).
 */
static int ihk_mc_thread_insert(struct ihk_mc_proc *p, struct ihk_mc_thread *new,
				struct hlist_head *dead)
{
	ihk_mc_threads_reap(p, dead);
	if (p->nr_threads >= IHK_MC_MAX_THREADS)
		return -EAGAIN;
	ihk_mc_thread_add(p, new);
	return 0;
}

/**
 * ihk_mc_thread_self() - the calling thread's entry, made if need be
 * @p: the process; the caller's mm was checked to be its creator's
 * @tp: set to the entry
 *
 * A thread's WAIT may come before the THREAD_NEW answer that names it
 * (mcexec's new thread calls WAIT at once): then its entry is made here,
 * waiting, and gets no event until the answer claims it.
 *
 * Context: process context (WAIT), may sleep; takes mc.lock.
 * Return: 0; -ESRCH (its THREAD_EXIT was already returned), -EAGAIN
 * (IHK_MC_MAX_THREADS entries already), -ENOMEM.
 */
int ihk_mc_thread_self(struct ihk_mc_proc *p, struct ihk_mc_thread **tp)
{
	struct ihk_mc_os *mc = &p->os->mc;
	struct pid *me = task_pid(current);
	int tid = task_pid_nr(current);
	struct ihk_mc_thread *t, *new = NULL;
	HLIST_HEAD(dead);
	int ret = 0;

	for (;;) {
		spin_lock_irq(&mc->lock);
		t = ihk_mc_thread_of(p, me, tid);
		if (t || new)
			break;
		spin_unlock_irq(&mc->lock);
		new = ihk_mc_thread_alloc(me, tid, IHK_MC_T_WAITING);
		if (!new)
			return -ENOMEM;
	}
	if (!t) {
		ret = ihk_mc_thread_insert(p, new, &dead);
		if (!ret) {
			t = new;
			new = NULL;
		}
	} else if (t->state == IHK_MC_T_ENDED) {
		ret = -ESRCH;
	}
	spin_unlock_irq(&mc->lock);
	ihk_mc_threads_free_dead(&dead);
	ihk_mc_thread_free(new);
	*tp = t;
	return ret;
}

/* The Linux thread numbered @tid, if it is one of the caller's group. */
static struct pid *ihk_mc_sibling(s64 tid)
{
	struct task_struct *task;
	struct pid *pid, *ret = NULL;

	if (tid <= 0 || tid > INT_MAX)
		return NULL;
	rcu_read_lock();
	pid = find_pid_ns(tid, &init_pid_ns);
	task = pid ? pid_task(pid, PIDTYPE_PID) : NULL;
	if (task && same_thread_group(task, current))
		ret = get_pid(pid);
	rcu_read_unlock();
	return ret;
}

/**
 * ihk_mc_thread_claim() - check mcexec's answer to a THREAD_NEW
 * @p: the process
 * @tid: what the creating mcexec thread handed in: the new Linux
 *       thread's tid, or -errno
 *
 * The LWK gives its new thread the tid we answer, and from then on sends
 * that thread's events to that tid: it must be a live thread of the
 * caller's own thread group that serves no LWK thread yet. Its entry is
 * made (or, if its WAIT came first, claimed) before the answer goes out,
 * so the new thread's first event finds it.
 *
 * Context: process context (the creating thread's WAIT); takes mc.lock.
 * Return: @tid if it passed; @tid if it is -errno; -EAGAIN for anything
 * else (not a thread of ours, already paired, table full, no memory).
 */
long ihk_mc_thread_claim(struct ihk_mc_proc *p, s64 tid)
{
	struct ihk_mc_os *mc = &p->os->mc;
	struct ihk_mc_thread *t, *new;
	HLIST_HEAD(dead);
	struct pid *pid;
	long ret = tid;

	if (tid <= 0)
		return tid < 0 && tid >= -MAX_ERRNO ? tid : -EAGAIN;
	pid = ihk_mc_sibling(tid);
	if (!pid) {
		pr_info_ratelimited("ihk: %s: process %d: new thread %lld is not one of mcexec's\n",
				    p->os->name, p->pid, tid);
		return -EAGAIN;
	}
	new = ihk_mc_thread_alloc(pid, tid, IHK_MC_T_LIVE);
	spin_lock_irq(&mc->lock);
	t = ihk_mc_thread_of(p, pid, tid);
	if (t && t->state == IHK_MC_T_WAITING) {
		t->state = IHK_MC_T_LIVE;
	} else if (t) {
		ret = -EAGAIN;		/* it serves (or served) an LWK thread */
	} else if (!new || ihk_mc_thread_insert(p, new, &dead)) {
		ret = -EAGAIN;
	} else {
		new = NULL;
	}
	spin_unlock_irq(&mc->lock);
	ihk_mc_threads_free_dead(&dead);
	ihk_mc_thread_free(new);
	put_pid(pid);
	return ret;
}

/**
 * ihk_mc_threads_wake() - wake every thread's WAIT (exit, instance down)
 * @p: the process
 *
 * Context: caller holds mc.lock.
 */
void ihk_mc_threads_wake(struct ihk_mc_proc *p)
{
	struct ihk_mc_thread *t;
	unsigned int b;

	hash_for_each(p->threads, b, t, node)
		wake_up_all(&t->wq);
}

/**
 * ihk_mc_ev_pop_any() - take a queued event of any thread (the release)
 * @p: the process
 * @ev: filled with the event
 *
 * Context: caller holds mc.lock.
 * Return: true if there was one.
 */
bool ihk_mc_ev_pop_any(struct ihk_mc_proc *p, struct ihk_mc_ev *ev)
{
	struct ihk_mc_thread *t;
	unsigned int b;

	if (!p->nr_events)
		return false;
	hash_for_each(p->threads, b, t, node)
		if (ihk_mc_ev_pop(p, t, ev))
			return true;
	return false;
}
