/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcexec support in ihk.ko (include/ihk/mcexec.h is the contract), shared
 * by mc_proc.c (process table, create, release, instance stop), mc_ikc.c
 * (messages both ways, IHK_MC_WAIT, ZAP, who may drive a process),
 * mc_thread.c (a process's mcexec threads: one entry, event queue and
 * wait queue per LWK thread) and mc_mirror.c (the mirror mapping and its
 * fault handler). Not ABI.
 *
 * Lifetime of a process entry (struct ihk_mc_proc): made by IHK_MC_CREATE
 * and owned by the open file; at the file's last close ownership passes
 * to a release work item, which tells the LWK and frees the entry once the
 * LWK answers (or the instance stops). The entry sits on os->mc.procs from
 * CREATE until then; stopping the instance takes every entry off the list
 * at once and marks it down, and whoever owns it frees it.
 *
 * Locking, outermost first:
 *   ihk_lock -> mc.mutex -> mmap_lock -> proc->mirror_sem -> mc.lock.
 * mc.mutex guards list membership (so the stop path may sleep while it
 * walks the list); mc.lock (irq-safe, taken in the IKC receive path under
 * chan->rx_lock) guards the list walk and every field the receive path
 * reads or writes. Neither the fault handler nor mmap (both run under
 * mmap_lock) takes ihk_lock or mc.mutex.
 */
#ifndef IHK_MC_PRIV_H
#define IHK_MC_PRIV_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <ihk/ikc.h>
#include <ihk/mcexec.h>
#include "ihk.h"

struct ihk_ikc_chan;

/* Physical memory of the instance, [start, end): all ihk.ko may map. */
struct ihk_mc_range {
	u64 start;
	u64 end;
};

/* An LWK -> Linux message queued for one mcexec thread. */
struct ihk_mc_ev {
	u32 type;			/* SYSCALL, THREAD_NEW, ZAP or THREAD_EXIT */
	u32 chan;			/* the channel it came on: the reply goes there */
	u64 cookie;
	union {
		struct ikc_syscall sys;
		struct ikc_zap zap;
		struct ikc_thread thr;
	};
};

/*
 * Per LWK thread at most one SYSCALL or THREAD_NEW (it waits for its
 * answer) and one THREAD_EXIT are outstanding; a ZAP is sent only by a
 * thread that waits for nothing else. Room for one more, for slack.
 */
#define IHK_MC_TEVQ		4

/* Where a thread entry stands (under mc.lock). */
enum ihk_mc_thread_state {
	IHK_MC_T_WAITING = 1,	/* its WAIT came before a THREAD_NEW answer named it */
	IHK_MC_T_LIVE,		/* paired with the LWK thread of its tid */
	IHK_MC_T_ENDED,		/* THREAD_EXIT returned: its WAIT gets ESRCH */
};

/*
 * One mcexec thread, i.e. one LWK thread (mc_thread.c). Made in ioctl
 * context only (CREATE for the main thread, a WAIT of a thread of the
 * creator's mm, a THREAD_NEW answer), never in the receive path, which
 * only looks entries up. Freed with the process, or earlier once ENDED
 * and its Linux thread is gone (reaped when a new entry is made).
 */
struct ihk_mc_thread {
	struct hlist_node node;		/* p->threads, hashed by tid (mc.lock) */
	struct pid *pid;		/* the Linux thread, held: tids get reused */
	int tid;			/* its number in the initial pid namespace */

	/* Under mc.lock. */
	u32 state;			/* enum ihk_mc_thread_state */
	unsigned int ev_head, ev_count;
	struct ihk_mc_ev ev[IHK_MC_TEVQ];
	wait_queue_head_t wq;		/* its WAIT sleeps here */

	/*
	 * The request with mcexec (SYSCALL or THREAD_NEW): only the owning
	 * thread's WAIT reads or writes these, one call at a time.
	 */
	bool sys_pending;
	u32 sys_type;
	u32 sys_chan;			/* the channel to answer on */
	u64 sys_cookie;
};

#define IHK_MC_THREAD_HASH_BITS	6

struct ihk_mc_proc {
	struct list_head list;		/* os->mc.procs; see above */
	struct kref ref;
	struct ihk_os *os;
	struct work_struct release_work;

	/* Set by CREATE before the entry is published, then fixed. */
	int linux_pid;
	struct mm_struct *mm;		/* mcexec's, grabbed */
	char cmdline[IHK_MC_CMDLINE_MAX + 1];	/* printable, spaces between args */
	bool cmdline_cut;
	unsigned int nr_mem;
	struct ihk_mc_range *mem;	/* the instance's memory at CREATE */
	kuid_t limit_uid;		/* counted against max_procs_per_user */
	bool limit_exempt;		/* CAP_SYS_ADMIN: not counted */

	/* Under mc.lock. */
	bool lwk_owned;			/* the LWK has it: release it at the end */
	bool live;			/* created and checked: ioctls may use it */
	bool closing;			/* the file is closed ("exiting") */
	bool down;			/* the instance stopped */
	bool started;			/* loading is over (mirror_sem) */
	int pid;
	u32 cpu_index;			/* LWK CPU index */
	int linux_cpu;
	struct ihk_lwk_proc_status *status;	/* in instance memory */

	/* The request in flight (req_mutex); its reply, under mc.lock. */
	struct mutex req_mutex;
	u32 req_type;			/* the reply awaited */
	u64 req_cookie;
	bool req_in;
	int req_err;
	struct ikc_proc_created created;

	/* Requests and the release wait here (req_in, down, nr_events). */
	wait_queue_head_t wq;

	/* The mcexec threads (struct ihk_mc_thread); under mc.lock. */
	DECLARE_HASHTABLE(threads, IHK_MC_THREAD_HASH_BITS);
	unsigned int nr_threads;	/* entries, at most IHK_MC_MAX_THREADS */
	unsigned int nr_events;		/* queued in all of them */
	bool exited;			/* PROC_EXIT came: every WAIT returns EXIT */
	struct ikc_proc_exit exit;

	/*
	 * Faults hold it for reading from walk to insert; a ZAP holds it for
	 * writing, and so does the stop path while it sets mirror_gone.
	 */
	struct rw_semaphore mirror_sem;
	bool mirror_gone;
};

/* An open /dev/mcosN file. */
struct ihk_os_file {
	struct ihk_os *os;
	struct mutex lock;		/* serialises CREATE */
	struct ihk_mc_proc *proc;	/* set once by CREATE (release/acquire) */
};

extern unsigned int ihk_mc_request_timeout_ms;

/* mc_proc.c */
void ihk_mc_proc_put(struct ihk_mc_proc *p);
bool ihk_mc_in_instance(const struct ihk_mc_proc *p, u64 phys, u64 len);
long ihk_mc_create(struct ihk_os_file *f, void __user *arg);

/* mc_ikc.c */
int ihk_mc_send(struct ihk_os *os, unsigned int chan, u32 type, u64 cookie,
		const void *payload, u32 len);
u64 ihk_mc_next_cookie(struct ihk_os *os);
int ihk_mc_request(struct ihk_mc_proc *p, unsigned int chan, u32 type,
		   u32 reply_type, const void *payload, u32 len,
		   unsigned int timeout_ms, bool interruptible);
long ihk_mc_map(struct ihk_os_file *f, void __user *arg);
long ihk_mc_start(struct ihk_os_file *f, void __user *arg);
int ihk_mc_creator_proc(struct ihk_os_file *f, struct ihk_mc_proc **pp,
			bool *live, bool *down);
void ihk_mc_fill_cred(struct ihk_lwk_cred *c);
long ihk_mc_wait(struct ihk_os_file *f, void __user *arg);
int ihk_mc_zap_done(struct ihk_mc_proc *p, const struct ihk_mc_ev *ev, int err);

/**
 * ihk_mc_ikc_register() - make ihk_mc_take() @os's IKC_CLASS_PROC client
 * @os: the instance being created
 *
 * Return: 0, or the error of ihk_ikc_register().
 */
int ihk_mc_ikc_register(struct ihk_os *os);

/* mc_thread.c */
struct ihk_mc_thread *ihk_mc_thread_alloc(struct pid *pid, int tid, u32 state);
void ihk_mc_thread_add(struct ihk_mc_proc *p, struct ihk_mc_thread *t);
void ihk_mc_threads_free(struct ihk_mc_proc *p);
int ihk_mc_thread_self(struct ihk_mc_proc *p, struct ihk_mc_thread **tp);
long ihk_mc_thread_claim(struct ihk_mc_proc *p, s64 tid);
void ihk_mc_threads_wake(struct ihk_mc_proc *p);
bool ihk_mc_ev_pop_any(struct ihk_mc_proc *p, struct ihk_mc_ev *ev);

/* On every offloaded call's path (receive, WAIT): inline. */
/**
 * ihk_mc_thread_of() - the entry of the Linux thread @pid (number @tid)
 * @p: the process
 * @pid: the Linux thread
 * @tid: its number in the initial pid namespace
 *
 * Context: caller holds mc.lock.
 * Return: the entry, or NULL.
 */
static inline struct ihk_mc_thread *ihk_mc_thread_of(struct ihk_mc_proc *p,
						     struct pid *pid, int tid)
{
	struct ihk_mc_thread *t;

	hash_for_each_possible(p->threads, t, node, tid)
		if (t->pid == pid)
			return t;
	return NULL;
}

/**
 * ihk_mc_thread_find() - the entry an LWK event for thread @tid goes to
 * @p: the process
 * @tid: the LWK thread's tid, as the LWK wrote it
 *
 * Only a paired entry: the LWK knows a tid only from our THREAD_NEW
 * answer (or the pid, for the main thread).
 *
 * Context: caller holds mc.lock (the receive path).
 * Return: the entry, or NULL.
 */
static inline struct ihk_mc_thread *ihk_mc_thread_find(struct ihk_mc_proc *p,
						       int tid)
{
	struct ihk_mc_thread *t;

	hash_for_each_possible(p->threads, t, node, tid)
		if (t->tid == tid && t->state == IHK_MC_T_LIVE)
			return t;
	return NULL;
}

/**
 * ihk_mc_ev_push() - queue an event for one thread and wake it
 * @p: the process
 * @t: the thread
 * @ev: the event
 *
 * Context: caller holds mc.lock.
 * Return: false if the thread's queue is full (the LWK broke the one
 * request per thread rule).
 */
static inline bool ihk_mc_ev_push(struct ihk_mc_proc *p, struct ihk_mc_thread *t,
				  const struct ihk_mc_ev *ev)
{
	if (t->ev_count == IHK_MC_TEVQ)
		return false;
	t->ev[(t->ev_head + t->ev_count) % IHK_MC_TEVQ] = *ev;
	t->ev_count++;
	p->nr_events++;
	wake_up(&t->wq);
	return true;
}

/**
 * ihk_mc_ev_pop() - take the oldest queued event of a thread
 * @p: the process
 * @t: the thread
 * @ev: filled with the event
 *
 * Context: caller holds mc.lock.
 * Return: true if there was one.
 */
static inline bool ihk_mc_ev_pop(struct ihk_mc_proc *p, struct ihk_mc_thread *t,
				 struct ihk_mc_ev *ev)
{
	if (!t->ev_count)
		return false;
	*ev = t->ev[t->ev_head];
	t->ev_head = (t->ev_head + 1) % IHK_MC_TEVQ;
	t->ev_count--;
	p->nr_events--;
	return true;
}


/* mc_mirror.c */
void ihk_mc_zap_range(struct ihk_mc_proc *p, struct mm_struct *mm, u64 start,
		      u64 end);
void ihk_mc_mirror_kill(struct ihk_mc_proc *p);
void ihk_mc_mirror_seal(struct ihk_mc_proc *p);

/**
 * ihk_mc_chan() - the IKC channel of a process's LWK CPU
 * @p: the process (its CPU index was checked when CREATE was answered)
 *
 * Return: the channel number.
 */
static inline unsigned int ihk_mc_chan(const struct ihk_mc_proc *p)
{
	return IKC_CPU_CHANNEL(p->cpu_index);
}

/**
 * ihk_mc_file_get() - the file's process, or NULL before CREATE
 * @f: the open file
 *
 * CREATE publishes the entry complete with a release store; this acquire
 * load pairs with it, so no lock is needed to read the fixed fields.
 *
 * Return: the process, or NULL.
 */
static inline struct ihk_mc_proc *ihk_mc_file_get(struct ihk_os_file *f)
{
	/* Pairs with the smp_store_release() in ihk_mc_create(). */
	return smp_load_acquire(&f->proc);
}

#endif /* IHK_MC_PRIV_H */
