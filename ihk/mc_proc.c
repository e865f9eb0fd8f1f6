// SPDX-License-Identifier: GPL-2.0
/*
 * mcexec's processes: the per-instance table, IHK_MC_CREATE, the release
 * at the file's last close, and what happens to every process when the
 * instance stops (mc_priv.h has the lifetime and the locking).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "mc_priv.h"

static unsigned int mc_create_timeout_ms = 10000;
module_param(mc_create_timeout_ms, uint, 0644);
MODULE_PARM_DESC(mc_create_timeout_ms, "how long IHK_MC_CREATE waits for the LWK");

/*
 * How many LWK processes one user may hold on an instance at once. An LWK
 * CPU runs one process and nothing else, with no time-sharing: without a
 * cap, one user starting a process per CPU that just sleeps shuts every
 * other user out of the instance for as long as they like. The default,
 * -1, gives a user all the instance's CPUs but one (at least one), so no
 * single user can take the whole instance; a node given to one job (a
 * batch system, an instance restricted to one group) sets 0, no cap, so
 * its job can use every CPU; N > 0 caps at N. Counted per real uid, as
 * Linux's RLIMIT_NPROC is. Processes whose mcexec has closed its file are
 * not counted: the LWK releases them at once, and counting them would
 * refuse a user's next run right after the last one ended. Holders of
 * CAP_SYS_ADMIN are neither limited nor counted: an admin must still get a
 * process onto an instance a user has filled.
 */
static int max_procs_per_user = -1;
module_param(max_procs_per_user, int, 0644);
MODULE_PARM_DESC(max_procs_per_user,
		 "LWK processes one non-admin user may hold on an instance: -1 all CPUs but one, 0 no limit");

static unsigned int mc_release_timeout_ms = 10000;
module_param(mc_release_timeout_ms, uint, 0644);
MODULE_PARM_DESC(mc_release_timeout_ms,
		 "how long a closed mcexec file waits for the LWK to release its process");

/* The release work items; module exit waits for them. */
static struct workqueue_struct *ihk_mc_wq;

static void ihk_mc_release_work(struct work_struct *work);

/**
 * ihk_mc_init() - create the workqueue for process releases
 *
 * Releases wait for the LWK (up to mc_release_timeout_ms), so they run on
 * a workqueue of their own that module exit can wait for.
 *
 * Return: 0 or -ENOMEM.
 */
int ihk_mc_init(void)
{
	ihk_mc_wq = alloc_workqueue("ihk_mc", 0, 0);
	return ihk_mc_wq ? 0 : -ENOMEM;
}

/**
 * ihk_mc_exit() - wait for the last release work items, then free the queue
 *
 * Context: module exit; release work of destroyed instances may still run.
 */
void ihk_mc_exit(void)
{
	destroy_workqueue(ihk_mc_wq);
}

/**
 * ihk_mc_os_init() - set up a new instance's process table (empty, down)
 * and register the process service as its IKC_CLASS_PROC client
 * @os: the new instance
 *
 * Return: 0, or the error of ihk_mc_ikc_register().
 */
int ihk_mc_os_init(struct ihk_os *os)
{
	struct ihk_mc_os *mc = &os->mc;

	mutex_init(&mc->mutex);
	spin_lock_init(&mc->lock);
	INIT_LIST_HEAD(&mc->procs);
	atomic64_set(&mc->cookie, 0);
	return ihk_mc_ikc_register(os);
}

/**
 * ihk_mc_os_exit() - unregister the process service of a dying instance
 * @os: the instance
 *
 * Context: process context; once it returns no process message is taken.
 */
void ihk_mc_os_exit(struct ihk_os *os)
{
	ihk_ikc_unregister(os, IKC_CLASS_PROC);
}

/**
 * ihk_mc_os_start() - open the process table of a booted instance
 * @os: the instance, just RUNNING
 *
 * From now on CREATE may put processes on the table and messages may be
 * sent: mc.ikc and mc.nr_cpus are the receive path's copies of this boot.
 *
 * Context: caller holds ihk_lock; takes mc.lock.
 */
void ihk_mc_os_start(struct ihk_os *os)
{
	struct ihk_mc_os *mc = &os->mc;

	spin_lock_irq(&mc->lock);
	mc->ikc = os->ikc;
	mc->nr_cpus = os->nr_lwk_cpus;
	mc->up = true;
	spin_unlock_irq(&mc->lock);
}

/**
 * ihk_mc_os_down() - the LWK panicked, failed or stops: end every process
 * @os: the instance
 *
 * No message goes out any more, every waiter ends with -ESHUTDOWN, and no
 * mirror maps instance memory when this returns, so the memory can go
 * back to Linux. The entries leave the table at once; whoever owns each
 * (the open file or its release work) frees it.
 *
 * Context: process context, sleeps; called under ihk_lock (shutdown) or
 * from the monitor work (panic, FAILED), before the IKC channels close.
 * Takes mc.mutex, then mc.lock, then each mirror's mirror_sem and mm.
 */
void ihk_mc_os_down(struct ihk_os *os)
{
	struct ihk_mc_os *mc = &os->mc;
	struct ihk_mc_proc *p, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&mc->mutex);
	spin_lock_irq(&mc->lock);
	mc->up = false;
	list_for_each_entry(p, &mc->procs, list) {
		p->down = true;
		ihk_mc_threads_wake(p);
	}
	list_splice_init(&mc->procs, &gone);
	spin_unlock_irq(&mc->lock);
	/* Owners take entries off a list only under mc.mutex, which we hold. */
	list_for_each_entry_safe(p, tmp, &gone, list) {
		list_del_init(&p->list);
		wake_up_all(&p->wq);
		ihk_mc_mirror_kill(p);
	}
	mutex_unlock(&mc->mutex);
}

static void ihk_mc_proc_free(struct kref *ref)
{
	struct ihk_mc_proc *p = container_of(ref, struct ihk_mc_proc, ref);

	ihk_mc_threads_free(p);
	if (p->mm)
		mmdrop(p->mm);
	kfree(p->mem);
	kfree(p);
}

/**
 * ihk_mc_proc_put() - drop a reference to a process entry
 * @p: the entry
 *
 * The last one drops the entry's hold on mcexec's mm and frees it.
 */
void ihk_mc_proc_put(struct ihk_mc_proc *p)
{
	kref_put(&p->ref, ihk_mc_proc_free);
}

static void ihk_mc_proc_unlist(struct ihk_mc_proc *p)
{
	struct ihk_mc_os *mc = &p->os->mc;

	mutex_lock(&mc->mutex);
	spin_lock_irq(&mc->lock);
	list_del_init(&p->list);
	spin_unlock_irq(&mc->lock);
	mutex_unlock(&mc->mutex);
}

/**
 * ihk_mc_in_instance() - whether a physical range lies in the instance
 * @p: the process, with its Linux-private copy of the instance's memory
 * @phys: start of the range (possibly read from LWK memory)
 * @len: its length
 *
 * The check every address the LWK hands us goes through before Linux maps
 * or reads it: the copy was taken at CREATE and cannot change while the
 * instance runs. An overflowing range is refused.
 *
 * Context: any context; reads only @p's fixed fields.
 * Return: true if [@phys, @phys + @len) lies inside one range.
 */
bool ihk_mc_in_instance(const struct ihk_mc_proc *p, u64 phys, u64 len)
{
	unsigned int i;

	if (phys + len < phys)
		return false;
	for (i = 0; i < p->nr_mem; i++)
		if (phys >= p->mem[i].start && phys + len <= p->mem[i].end)
			return true;
	return false;
}

/* Under ihk_lock: the instance's memory, adjacent chunks merged. */
static int ihk_mc_mem_snapshot(struct ihk_os *os, struct ihk_mc_proc *p)
{
	struct ihk_chunk *c;
	unsigned int n = 0;

	list_for_each_entry(c, &ihk_chunks, list)
		if (c->owner == os->index)
			n++;
	p->mem = kmalloc_array(max(n, 1u), sizeof(*p->mem), GFP_KERNEL);
	if (!p->mem)
		return -ENOMEM;
	n = 0;
	/* ihk_chunks is sorted by phys. */
	list_for_each_entry(c, &ihk_chunks, list) {
		if (c->owner != os->index)
			continue;
		if (n && p->mem[n - 1].end == c->phys) {
			p->mem[n - 1].end += c->size;
			continue;
		}
		p->mem[n].start = c->phys;
		p->mem[n].end = c->phys + c->size;
		n++;
	}
	p->nr_mem = n;
	return 0;
}

/* The command line for ps: printable, one space between arguments. */
static int ihk_mc_copy_cmdline(struct ihk_mc_proc *p, const struct ihk_mc_create *c)
{
	u32 len = min_t(u32, c->cmdline_len, IHK_MC_CMDLINE_MAX);
	char *s = p->cmdline;
	u32 i;

	if (len && copy_from_user(s, u64_to_user_ptr(c->cmdline), len))
		return -EFAULT;
	p->cmdline_cut = c->cmdline_len > IHK_MC_CMDLINE_MAX;
	while (len && !s[len - 1])
		len--;
	for (i = 0; i < len; i++) {
		if (!s[i])
			s[i] = ' ';
		else if (s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	}
	s[len] = '\0';
	return 0;
}

/*
 * A new entry, with its main thread's (the caller's thread group leader:
 * the LWK pid is its tid), paired from the start.
 */
static struct ihk_mc_proc *ihk_mc_proc_alloc(struct ihk_os *os)
{
	struct ihk_mc_proc *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct ihk_mc_thread *main;

	if (!p)
		return NULL;
	main = ihk_mc_thread_alloc(task_tgid(current), task_tgid_nr(current),
				   IHK_MC_T_LIVE);
	if (!main) {
		kfree(p);
		return NULL;
	}
	hash_init(p->threads);
	ihk_mc_thread_add(p, main);
	INIT_LIST_HEAD(&p->list);
	kref_init(&p->ref);
	p->os = os;
	INIT_WORK(&p->release_work, ihk_mc_release_work);
	mutex_init(&p->req_mutex);
	init_waitqueue_head(&p->wq);
	init_rwsem(&p->mirror_sem);
	p->linux_pid = task_tgid_nr(current);
	p->limit_uid = current_uid();
	p->limit_exempt = capable(CAP_SYS_ADMIN);
	p->mm = current->mm;
	mmgrab(p->mm);
	return p;
}

/* Under mc.lock: @p's user already holds as many processes as allowed. */
static bool ihk_mc_user_full(struct ihk_mc_os *mc, const struct ihk_mc_proc *p)
{
	int max = READ_ONCE(max_procs_per_user);
	const struct ihk_mc_proc *q;
	unsigned int held = 0, limit;

	if (p->limit_exempt || max == 0)
		return false;
	limit = max > 0 ? max : max_t(unsigned int, mc->nr_cpus, 2) - 1;
	list_for_each_entry(q, &mc->procs, list)
		if (!q->limit_exempt && !q->closing &&
		    uid_eq(q->limit_uid, p->limit_uid))
			held++;
	return held >= limit;
}

/*
 * Under mc.lock: the Linux process of @p already has an LWK process on
 * this instance. Its LWK pid is the Linux pid, so there can be only one.
 */
static bool ihk_mc_pid_taken(struct ihk_mc_os *mc, const struct ihk_mc_proc *p)
{
	const struct ihk_mc_proc *q;

	list_for_each_entry(q, &mc->procs, list) {
		if (q->linux_pid == p->linux_pid)
			return true;
	}
	return false;
}

/* Put @p on the table of a RUNNING instance. */
static int ihk_mc_proc_list(struct ihk_os *os, struct ihk_mc_proc *p)
{
	int ret = 0;

	mutex_lock(&ihk_lock);
	if (os->dead) {
		ret = -ENODEV;
	} else if (READ_ONCE(os->status) != IHK_OS_RUNNING) {
		ret = -EBUSY;
	} else {
		ret = ihk_mc_mem_snapshot(os, p);
		if (!ret) {
			mutex_lock(&os->mc.mutex);
			spin_lock_irq(&os->mc.lock);
			if (!os->mc.up)
				ret = -EBUSY;
			else if (ihk_mc_pid_taken(&os->mc, p))
				ret = -EEXIST;
			else if (ihk_mc_user_full(&os->mc, p))
				ret = -EUSERS;
			else
				list_add_tail(&p->list, &os->mc.procs);
			spin_unlock_irq(&os->mc.lock);
			mutex_unlock(&os->mc.mutex);
		}
	}
	mutex_unlock(&ihk_lock);
	return ret;
}

/*
 * The LWK's answer to CREATE arrived (under mc.lock): make the process
 * usable if what it says is sane.
 */
static int ihk_mc_check_created(struct ihk_mc_proc *p)
{
	u64 st = p->created.status_phys;

	if (p->req_err)
		return p->req_err;
	if (!p->lwk_owned)
		return -EIO;		/* a bad CPU index: the receive path said so */
	if (p->pid != p->linux_pid) {
		pr_info("ihk: %s: LWK named process %d %d, not mcexec's pid\n",
			p->os->name, p->linux_pid, p->pid);
		return -EIO;
	}
	if (!IS_ALIGNED(st, 8) || !ihk_mc_in_instance(p, st, sizeof(*p->status))) {
		pr_info("ihk: %s: LWK process %d: status at 0x%llx is outside the instance\n",
			p->os->name, p->pid, st);
		return -EIO;
	}
	p->status = phys_to_virt(st);
	p->live = true;
	return 0;
}

/**
 * ihk_mc_create() - ask the LWK for a process for this file (IHK_MC_CREATE)
 * @f: the open /dev/mcosN file; it carries at most one process
 * @arg: struct ihk_mc_create: command line, stack limits; pid and CPU out
 *
 * The entry is put on the table (counted against max_procs_per_user), the
 * master channel carries PROC_CREATE with Linux's credentials, and the
 * answer is checked (its CPU index and status page must lie inside the
 * instance) before the entry is published on the file. An answer that
 * comes after the caller gave up is still attached, so the LWK's process
 * is released at the file's last close.
 *
 * Context: process context, sleeps up to mc_create_timeout_ms; takes
 * ihk_lock, mc.mutex, mc.lock, the file's lock and the entry's req_mutex.
 * Return: 0; -EEXIST (this file, or another file of the calling process,
 * has a process on the instance: the LWK pid is the caller's Linux pid),
 * -ENODEV, -EBUSY (not RUNNING), -EUSERS (user's cap), -ETIMEDOUT,
 * -EINTR, -EIO (an impossible answer: a CPU index, pid or status page
 * that cannot be), -ESHUTDOWN, the LWK's error (-EAGAIN: the LWK holds its most processes; -ENOMEM),
 * or -EFAULT.
 */
long ihk_mc_create(struct ihk_os_file *f, void __user *arg)
{
	struct ihk_mc_create __user *uc = arg;
	struct ihk_os *os = f->os;
	struct ikc_proc_create req = { 0 };
	struct ihk_mc_create c;
	struct ihk_mc_proc *p;
	bool attach = false;
	long ret;

	if (copy_from_user(&c, uc, sizeof(c)))
		return -EFAULT;
	p = ihk_mc_proc_alloc(os);
	if (!p)
		return -ENOMEM;
	ret = ihk_mc_copy_cmdline(p, &c);
	if (ret)
		goto out_put;

	mutex_lock(&f->lock);
	if (f->proc) {
		ret = -EEXIST;
		goto out_unlock;
	}
	ret = ihk_mc_proc_list(os, p);
	if (ret)
		goto out_unlock;

	req.linux_pid = p->linux_pid;
	req.rlimit_stack = c.rlimit_stack;
	ihk_mc_fill_cred(&req.cred);
	req.rlimit_stack_max = c.rlimit_stack_max;
	mutex_lock(&p->req_mutex);
	ret = ihk_mc_request(p, IKC_MASTER_CHANNEL, IKC_MSG_PROC_CREATE,
			     IKC_MSG_PROC_CREATED, &req, sizeof(req),
			     mc_create_timeout_ms, true);
	mutex_unlock(&p->req_mutex);
	spin_lock_irq(&os->mc.lock);
	if (!ret) {
		ret = ihk_mc_check_created(p);
		/* What the LWK holds is released at the file's last close. */
		attach = p->lwk_owned;
	} else {
		/* Sent but unanswered: a late answer is released at close. */
		attach = p->req_type == IKC_MSG_PROC_CREATED;
	}
	spin_unlock_irq(&os->mc.lock);
	if (!attach) {
		ihk_mc_proc_unlist(p);
		goto out_unlock;
	}
	/* Readers (ihk_mc_file_get) see the entry complete. */
	smp_store_release(&f->proc, p);
	mutex_unlock(&f->lock);
	if (ret)
		return ret;
	if (put_user(p->pid, &uc->pid) || put_user(p->linux_cpu, &uc->cpu))
		return -EFAULT;
	return 0;

out_unlock:
	mutex_unlock(&f->lock);
out_put:
	ihk_mc_proc_put(p);
	return ret;
}

/* Answer every ZAP that waits: the mirror is gone, nothing maps the pages. */
static void ihk_mc_answer_zaps(struct ihk_mc_proc *p)
{
	struct ihk_mc_ev ev;
	bool got;

	for (;;) {
		spin_lock_irq(&p->os->mc.lock);
		got = ihk_mc_ev_pop_any(p, &ev);
		spin_unlock_irq(&p->os->mc.lock);
		if (!got)
			return;
		if (ev.type == IKC_MSG_ZAP)
			ihk_mc_zap_done(p, &ev, 0);
	}
}

static bool ihk_mc_release_moved(struct ihk_mc_proc *p)
{
	return READ_ONCE(p->req_in) || READ_ONCE(p->down) || READ_ONCE(p->nr_events);
}

/* Tell the LWK to drop the process and wait until it did (or gave up). */
static void ihk_mc_release_lwk(struct ihk_mc_proc *p)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(mc_release_timeout_ms);
	struct ikc_proc_release rel = { .pid = p->pid };
	struct ihk_os *os = p->os;
	u64 cookie = ihk_mc_next_cookie(os);
	long left;
	int ret;

	ihk_mc_answer_zaps(p);
	spin_lock_irq(&os->mc.lock);
	p->req_type = IKC_MSG_PROC_RELEASED;
	p->req_cookie = cookie;
	p->req_in = false;
	spin_unlock_irq(&os->mc.lock);
	ret = ihk_mc_send(os, ihk_mc_chan(p), IKC_MSG_PROC_RELEASE, cookie,
			  &rel, sizeof(rel));
	if (ret)
		return;
	for (;;) {
		left = (long)(deadline - jiffies);
		if (left <= 0)
			break;
		wait_event_timeout(p->wq, ihk_mc_release_moved(p), left);
		ihk_mc_answer_zaps(p);
		if (READ_ONCE(p->down))
			return;
		if (READ_ONCE(p->req_in)) {
			if (p->req_err)
				pr_info("ihk: %s: LWK process %d: release failed (%d)\n",
					os->name, p->pid, p->req_err);
			return;
		}
	}
	pr_info("ihk: %s: LWK did not release process %d in %u ms\n", os->name,
		p->pid, mc_release_timeout_ms);
}

static void ihk_mc_release_work(struct work_struct *work)
{
	struct ihk_mc_proc *p = container_of(work, struct ihk_mc_proc, release_work);
	struct ihk_os *os = p->os;
	bool owned;

	/* A CREATE that gave up waiting may still be answered. */
	spin_lock_irq(&os->mc.lock);
	owned = p->lwk_owned;
	spin_unlock_irq(&os->mc.lock);
	if (!owned) {
		wait_event_timeout(p->wq, READ_ONCE(p->req_in) || READ_ONCE(p->down),
				   msecs_to_jiffies(mc_create_timeout_ms));
		spin_lock_irq(&os->mc.lock);
		owned = p->lwk_owned;
		spin_unlock_irq(&os->mc.lock);
	}
	if (owned && !READ_ONCE(p->down))
		ihk_mc_release_lwk(p);
	ihk_mc_proc_unlist(p);
	ihk_mc_proc_put(p);
	ihk_os_put(os);
}

/**
 * ihk_mc_file_open() - the per-file state of an open /dev/mcosN
 * @os: the instance
 *
 * Context: open(), under misc_mtx.
 * Return: the new file state, or NULL without memory.
 */
struct ihk_os_file *ihk_mc_file_open(struct ihk_os *os)
{
	struct ihk_os_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->os = os;
	mutex_init(&f->lock);
	return f;
}

/**
 * ihk_mc_file_release() - the last close of a /dev/mcosN file
 * @f: the file state, freed here
 *
 * The file's process, if the LWK has (or may still get) it, passes to a
 * release work item that tells the LWK and waits for its answer, keeping
 * the instance meanwhile; close itself never waits for the LWK. A mirror
 * holds a reference on the file, so none is left here.
 *
 * Context: process context; takes mc.mutex and mc.lock.
 */
void ihk_mc_file_release(struct ihk_os_file *f)
{
	struct ihk_mc_proc *p = f->proc;
	struct ihk_os *os = f->os;
	bool keep;

	kfree(f);
	if (!p)
		return;
	mutex_lock(&os->mc.mutex);
	spin_lock_irq(&os->mc.lock);
	p->closing = true;
	p->live = false;
	keep = !p->down && (p->lwk_owned || (p->req_type == IKC_MSG_PROC_CREATED &&
					     !p->req_in));
	if (!keep)
		list_del_init(&p->list);
	spin_unlock_irq(&os->mc.lock);
	mutex_unlock(&os->mc.mutex);
	if (!keep) {
		ihk_mc_proc_put(p);
		return;
	}
	/* The work owns the entry now, and keeps the instance. */
	kref_get(&os->ref);
	queue_work(ihk_mc_wq, &p->release_work);
}
