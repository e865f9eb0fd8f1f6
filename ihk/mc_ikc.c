// SPDX-License-Identifier: GPL-2.0
/*
 * mcexec's messages (include/ihk/mcexec.h), both ways, and the ioctls that
 * wait for them.
 *
 * What the LWK sends arrives in ihk_mc_take() in the IKC receive path
 * (hard IRQ or the drain work, with chan->rx_lock held and interrupts
 * off), which only copies and wakes. Requests from Linux go out with
 * ihk_mc_send(); IHK_MC_MAP and IHK_MC_START wait for their answers.
 *
 * IHK_MC_WAIT is the mcexec thread's side of offloading. It hands in the
 * result of the last offloaded syscall, then sleeps until the LWK thread
 * needs it again: a syscall to run natively, or the end of the process.
 * ZAP requests are served on the way, in mcexec's own context, because
 * they change mcexec's page tables.
 */
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "ikc_priv.h"
#include "mc_priv.h"

unsigned int ihk_mc_request_timeout_ms = 30000;
module_param_named(mc_request_timeout_ms, ihk_mc_request_timeout_ms, uint, 0644);
MODULE_PARM_DESC(mc_request_timeout_ms,
		 "how long IHK_MC_MAP and IHK_MC_START wait for the LWK");

static unsigned int mc_send_timeout_ms = 5000;
module_param(mc_send_timeout_ms, uint, 0644);
MODULE_PARM_DESC(mc_send_timeout_ms,
		 "how long a message waits for room in a full IKC ring");

/**
 * ihk_mc_next_cookie() - a fresh cookie to match a request with its answer
 * @os: the instance
 *
 * Return: a number unique per instance.
 */
u64 ihk_mc_next_cookie(struct ihk_os *os)
{
	return atomic64_inc_return(&os->mc.cookie);
}

/* Errors the LWK reports are -errno; anything else is its bug. */
static int ihk_mc_lwk_err(struct ihk_os *os, int err)
{
	if (err > 0 || err < -MAX_ERRNO) {
		pr_info_ratelimited("ihk: %s: LWK answered with error %d\n",
				    os->name, err);
		return -EIO;
	}
	return err;
}

/**
 * ihk_mc_send() - send a process message on one channel of a running LWK
 * @os: the instance
 * @chan: the channel (master for CREATE, the process's CPU channel else)
 * @type: the message type (IKC_MSG_PROC_*, SYSCALL_RET, ZAP_DONE)
 * @cookie: matches the answer, or answers the LWK's message
 * @payload: the payload
 * @len: its size, at most IKC_PAYLOAD_MAX
 *
 * The ikc->users count keeps the rings until the send is over:
 * ihk_mc_os_down() clears mc.up before the channels close, and
 * ihk_ikc_close() waits for the count to drop.
 *
 * Context: process context, may sleep (a full ring) up to
 * mc_send_timeout_ms; takes mc.lock briefly.
 * Return: 0; -ESHUTDOWN (the instance stopped), -ETIMEDOUT, -EIO (a
 * broken channel), -EINTR (fatal signal), -EINVAL.
 */
int ihk_mc_send(struct ihk_os *os, unsigned int chan, u32 type, u64 cookie,
		const void *payload, u32 len)
{
	struct ihk_mc_os *mc = &os->mc;
	struct ikc_msg m = { .type = type, .len = len, .cookie = cookie };
	struct ihk_ikc *ikc;
	unsigned long flags;
	int ret;

	if (WARN_ON(len > IKC_PAYLOAD_MAX))
		return -EINVAL;
	memcpy(m.payload, payload, len);
	spin_lock_irqsave(&mc->lock, flags);
	ikc = mc->ikc;
	if (!mc->up || chan >= ikc->nr_channels) {
		spin_unlock_irqrestore(&mc->lock, flags);
		return -ESHUTDOWN;
	}
	atomic_inc(&ikc->users);
	spin_unlock_irqrestore(&mc->lock, flags);
	ret = ihk_ikc_send(&ikc->chan[chan], &m, mc_send_timeout_ms);
	ihk_ikc_put(&ikc->chan[chan]);
	/* A closed channel means the instance stopped, whoever closed it. */
	if (ret == -ENODEV)
		ret = -ESHUTDOWN;
	return ret;
}

/**
 * ihk_mc_request() - send a request about a process and wait for the reply
 * @p: the process
 * @chan: the channel
 * @type: the request's message type
 * @reply_type: the answer awaited, matched with the cookie
 * @payload: the request's payload
 * @len: its size
 * @timeout_ms: how long to wait for the answer
 * @interruptible: whether a signal ends the wait
 *
 * A request that was sent but not answered stays armed, so a late reply
 * is still recorded (and the release at close knows the LWK may hold the
 * process).
 *
 * Context: process context, sleeps; caller holds @p->req_mutex.
 * Return: 0 once answered (the LWK's verdict is in @p->req_err);
 * -ESHUTDOWN, -EINTR, -ETIMEDOUT, or ihk_mc_send()'s error.
 */
int ihk_mc_request(struct ihk_mc_proc *p, unsigned int chan, u32 type,
		   u32 reply_type, const void *payload, u32 len,
		   unsigned int timeout_ms, bool interruptible)
{
	struct ihk_mc_os *mc = &p->os->mc;
	u64 cookie = ihk_mc_next_cookie(p->os);
	unsigned long tmo = msecs_to_jiffies(timeout_ms);
	long left;
	int ret;

	spin_lock_irq(&mc->lock);
	p->req_type = reply_type;
	p->req_cookie = cookie;
	p->req_in = false;
	spin_unlock_irq(&mc->lock);

	ret = ihk_mc_send(p->os, chan, type, cookie, payload, len);
	if (ret) {
		spin_lock_irq(&mc->lock);
		p->req_type = 0;
		spin_unlock_irq(&mc->lock);
		return ret;
	}
	if (interruptible)
		left = wait_event_interruptible_timeout(p->wq, READ_ONCE(p->req_in) ||
							READ_ONCE(p->down), tmo);
	else
		left = wait_event_timeout(p->wq, READ_ONCE(p->req_in) ||
					  READ_ONCE(p->down), tmo);
	spin_lock_irq(&mc->lock);
	if (p->req_in)
		ret = 0;
	else if (p->down)
		ret = -ESHUTDOWN;
	else if (left < 0)
		ret = -EINTR;
	else
		ret = -ETIMEDOUT;
	spin_unlock_irq(&mc->lock);
	return ret;
}

/* The process of @f for MAP and START: created, usable, and ours. */
static int ihk_mc_usable(struct ihk_os_file *f, struct ihk_mc_proc **pp)
{
	bool live, down;
	int ret = ihk_mc_creator_proc(f, pp, &live, &down);

	if (ret)
		return ret;
	return down ? -ESHUTDOWN : live ? 0 : -ESRCH;
}

static long ihk_mc_call(struct ihk_mc_proc *p, u32 type, u32 reply_type,
			const void *payload, u32 len)
{
	long ret;

	if (mutex_lock_interruptible(&p->req_mutex))
		return -EINTR;
	ret = ihk_mc_request(p, ihk_mc_chan(p), type, reply_type, payload, len,
			     ihk_mc_request_timeout_ms, true);
	if (!ret)
		ret = p->req_err;
	mutex_unlock(&p->req_mutex);
	return ret;
}

/**
 * ihk_mc_map() - have the LWK map a range of the process (IHK_MC_MAP)
 * @f: the creator's file
 * @arg: struct ihk_mc_map: page-aligned range in the user window, rights
 *       and flags (stack, brk)
 *
 * mcexec maps each segment and the stack this way, then copies their
 * contents in through the mirror. The range is checked here as well as
 * on the LWK, because it comes from user space.
 *
 * Context: process context, sleeps up to mc_request_timeout_ms.
 * Return: 0; -EINVAL (bad range, rights or flags), -ESRCH, -EPERM,
 * -ESHUTDOWN, -EINTR, -ETIMEDOUT, -EFAULT, or the LWK's error (-ENOMEM).
 */
long ihk_mc_map(struct ihk_os_file *f, void __user *arg)
{
	struct ikc_proc_map req = { 0 };
	struct ihk_mc_proc *p;
	struct ihk_mc_map m;
	long ret;

	ret = ihk_mc_usable(f, &p);
	if (ret)
		return ret;
	if (copy_from_user(&m, arg, sizeof(m)))
		return -EFAULT;
	if (!m.len || !PAGE_ALIGNED(m.addr) || !PAGE_ALIGNED(m.len) ||
	    m.addr < IHK_MC_USER_START || m.addr > IHK_MC_USER_END ||
	    m.len > IHK_MC_USER_END - m.addr ||
	    (m.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    (m.flags & ~(IHK_MC_MAP_STACK | IHK_MC_MAP_BRK)))
		return -EINVAL;
	req.pid = p->pid;
	req.prot = m.prot;
	req.addr = m.addr;
	req.len = m.len;
	req.flags = m.flags;
	return ihk_mc_call(p, IKC_MSG_PROC_MAP, IKC_MSG_PROC_MAP_DONE, &req,
			   sizeof(req));
}

/**
 * ihk_mc_start() - start the loaded program (IHK_MC_START)
 * @f: the creator's file
 * @arg: struct ihk_mc_start: entry point and initial stack pointer
 *
 * Seals the mirror first (what loading mapped writable is zapped), so from
 * now on every page comes back with the LWK's own rights.
 *
 * Context: process context, sleeps up to mc_request_timeout_ms.
 * Return: 0; -ESRCH, -EPERM, -ESHUTDOWN, -EINTR, -ETIMEDOUT, -EFAULT, or
 * the LWK's error.
 */
long ihk_mc_start(struct ihk_os_file *f, void __user *arg)
{
	struct ikc_proc_start req = { 0 };
	struct ihk_mc_start s;
	struct ihk_mc_proc *p;
	long ret;

	ret = ihk_mc_usable(f, &p);
	if (ret)
		return ret;
	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	req.pid = p->pid;
	req.rip = s.rip;
	req.rsp = s.rsp;
	ihk_mc_mirror_seal(p);
	return ihk_mc_call(p, IKC_MSG_PROC_START, IKC_MSG_PROC_STARTED, &req,
			   sizeof(req));
}

/* Receiving: everything below runs under mc.lock in the IKC receive path. */

static bool ihk_mc_payload(struct ihk_os *os, const struct ikc_msg *m,
			   void *out, size_t size)
{
	if (m->len < size || m->len > IKC_PAYLOAD_MAX) {
		pr_info_ratelimited("ihk: %s: message type 0x%x with %u payload bytes dropped\n",
				    os->name, m->type, m->len);
		return false;
	}
	memcpy(out, m->payload, size);
	return true;
}

static void ihk_mc_take_created(struct ihk_os *os, unsigned int chan,
				const struct ikc_msg *m)
{
	struct ikc_proc_created c;
	struct ihk_mc_proc *p;

	if (chan != IKC_MASTER_CHANNEL || !ihk_mc_payload(os, m, &c, sizeof(c)))
		return;
	list_for_each_entry(p, &os->mc.procs, list) {
		if (p->req_type != IKC_MSG_PROC_CREATED || p->req_cookie != m->cookie ||
		    p->req_in)
			continue;
		p->created = c;
		p->req_err = ihk_mc_lwk_err(os, c.err);
		if (!p->req_err) {
			p->pid = c.pid;
			if (c.cpu_index < os->mc.nr_cpus) {
				p->cpu_index = c.cpu_index;
				p->linux_cpu = os->lwk_cpu[c.cpu_index];
				p->lwk_owned = true;
			} else {
				pr_info_ratelimited("ihk: %s: LWK process %d on CPU index %u of %u\n",
						    os->name, c.pid, c.cpu_index,
						    os->mc.nr_cpus);
			}
		}
		p->req_in = true;
		wake_up(&p->wq);
		return;
	}
	/* The CREATE was given up and its file closed before this came. */
	if (!c.err)
		pr_info_ratelimited("ihk: %s: LWK process %d created for nobody\n",
				    os->name, c.pid);
}

/* MAP_DONE, STARTED, RELEASED: the answer to the request in flight. */
static void ihk_mc_take_result(struct ihk_os *os, unsigned int chan,
			       const struct ikc_msg *m)
{
	struct ikc_proc_result r;
	struct ihk_mc_proc *p;

	if (!ihk_mc_payload(os, m, &r, sizeof(r)))
		return;
	list_for_each_entry(p, &os->mc.procs, list) {
		if (!p->lwk_owned || p->pid != r.pid || p->req_type != m->type ||
		    p->req_cookie != m->cookie || p->req_in)
			continue;
		p->req_err = ihk_mc_lwk_err(os, r.err);
		p->req_in = true;
		wake_up(&p->wq);
		return;
	}
}

/*
 * The process an event is for. A pid may be on the table twice: a
 * closed one the LWK released (its RELEASED still on the way) and a new
 * one; events come only from the live one. Its threads run on any of the
 * instance's LWK CPUs, so any CPU channel may carry its events (never the
 * master channel).
 */
static struct ihk_mc_proc *ihk_mc_find(struct ihk_os *os, unsigned int chan,
				       int pid)
{
	struct ihk_mc_proc *p, *closing = NULL;

	if (chan < IKC_CPU_CHANNEL(0) || chan >= IKC_CPU_CHANNEL(os->mc.nr_cpus))
		return NULL;
	list_for_each_entry(p, &os->mc.procs, list) {
		if (!p->lwk_owned || p->pid != pid)
			continue;
		if (!p->closing)
			return p;
		closing = p;
	}
	return closing;
}

/* PROC_EXIT: every thread's WAIT returns EXIT from now on. */
static void ihk_mc_take_exit(struct ihk_mc_proc *p, const struct ikc_proc_exit *e)
{
	if (p->exited || p->closing)
		return;
	p->exited = true;
	p->exit = *e;
	ihk_mc_threads_wake(p);
}

static size_t ihk_mc_event_size(u32 type)
{
	switch (type) {
	case IKC_MSG_SYSCALL:
		return sizeof(struct ikc_syscall);
	case IKC_MSG_ZAP:
		return sizeof(struct ikc_zap);
	case IKC_MSG_THREAD_NEW:
	case IKC_MSG_THREAD_EXIT:
		return sizeof(struct ikc_thread);
	default:
		return sizeof(struct ikc_proc_exit);
	}
}

/*
 * SYSCALL, THREAD_NEW, ZAP, THREAD_EXIT: queued for the mcexec thread of
 * the LWK thread that sent it; PROC_EXIT: for all of them.
 */
static void ihk_mc_take_event(struct ihk_os *os, unsigned int chan,
			      const struct ikc_msg *m)
{
	struct ihk_mc_ev ev = { .type = m->type, .chan = chan, .cookie = m->cookie };
	struct ikc_proc_exit exit;
	struct ihk_mc_thread *t;
	struct ihk_mc_proc *p;
	int pid, tid;

	BUILD_BUG_ON(sizeof(ev.sys) < sizeof(exit));
	if (!ihk_mc_payload(os, m, &ev.sys, ihk_mc_event_size(m->type)))
		return;
	/* pid comes first in each, tid second in all but PROC_EXIT. */
	pid = ev.sys.pid;
	tid = ev.sys.tid;
	p = ihk_mc_find(os, chan, pid);
	if (!p) {
		pr_info_ratelimited("ihk: %s: channel %u: message type 0x%x for unknown process %d\n",
				    os->name, chan, m->type, pid);
		return;
	}
	if (m->type == IKC_MSG_PROC_EXIT) {
		memcpy(&exit, &ev.sys, sizeof(exit));
		ihk_mc_take_exit(p, &exit);
		return;
	}
	/* Nobody runs a closed process's calls; its zaps are answered. */
	if (p->closing && m->type != IKC_MSG_ZAP)
		return;
	t = ihk_mc_thread_find(p, tid);
	if (!t) {
		pr_info_ratelimited("ihk: %s: process %d: message type 0x%x for thread %d it does not have\n",
				    os->name, pid, m->type, tid);
		return;
	}
	if (!ihk_mc_ev_push(p, t, &ev)) {
		pr_info_ratelimited("ihk: %s: process %d thread %d: event queue full, type 0x%x dropped\n",
				    os->name, pid, tid, m->type);
		return;
	}
	/* The release work answers a closed process's zaps. */
	if (p->closing)
		wake_up(&p->wq);
}

/**
 * ihk_mc_take() - a process message from the LWK (our IKC client,
 * IKC_CLASS_PROC, registered by ihk_mc_ikc_register())
 * @ikc_chan: the channel's state (unused)
 * @chan: the channel it came on (CREATED only on the master channel,
 *        events only on an LWK CPU's; replies go back on it)
 * @m: the message, already copied out of the ring
 * @data: the instance
 *
 * Only copies and wakes: answers to CREATE, MAP, START and RELEASE go to
 * the request in flight (matched by type, cookie and pid); SYSCALL,
 * THREAD_NEW, ZAP and THREAD_EXIT are queued for the mcexec thread of the
 * tid they name, which serves them in its own context; PROC_EXIT ends
 * every thread's WAIT. Payload sizes, CPU indexes, channels, pids and
 * tids are checked; what does not fit is dropped with a rate-limited line.
 * Nothing is allocated here: thread entries are made in ioctl context.
 *
 * Context: hard IRQ or the drain work, chan->rx_lock held, interrupts off;
 * takes mc.lock.
 */
static void ihk_mc_take(struct ihk_ikc_chan *ikc_chan, unsigned int chan,
			const struct ikc_msg *m, void *data)
{
	struct ihk_os *os = data;
	struct ihk_mc_os *mc = &os->mc;

	spin_lock(&mc->lock);
	switch (m->type) {
	case IKC_MSG_PROC_CREATED:
		ihk_mc_take_created(os, chan, m);
		break;
	case IKC_MSG_PROC_MAP_DONE:
	case IKC_MSG_PROC_STARTED:
	case IKC_MSG_PROC_RELEASED:
		ihk_mc_take_result(os, chan, m);
		break;
	case IKC_MSG_SYSCALL:
	case IKC_MSG_THREAD_NEW:
	case IKC_MSG_ZAP:
	case IKC_MSG_THREAD_EXIT:
	case IKC_MSG_PROC_EXIT:
		ihk_mc_take_event(os, chan, m);
		break;
	default:
		pr_info_ratelimited("ihk: %s: channel %u: unexpected message type 0x%x\n",
				    os->name, chan, m->type);
	}
	spin_unlock(&mc->lock);
}

/**
 * ihk_mc_ikc_register() - the process service becomes @os's
 * IKC_CLASS_PROC client (ihk_mc_take())
 * @os: the new instance
 *
 * Return: 0, or the error of ihk_ikc_register().
 */
int ihk_mc_ikc_register(struct ihk_os *os)
{
	return ihk_ikc_register(os, IKC_CLASS_PROC, ihk_mc_take, os);
}

/**
 * ihk_mc_fill_cred() - the calling thread's credentials for the LWK
 * @c: cleared and filled from current_cred()
 *
 * Linux's own view, never what mcexec writes in its structs, so a program
 * cannot claim another user's ids on the LWK. Sent with CREATE and with
 * every offloaded call's result (a setuid() takes effect at once).
 *
 * Context: process context of the mcexec thread.
 */
void ihk_mc_fill_cred(struct ihk_lwk_cred *c)
{
	const struct cred *cred = current_cred();

	BUILD_BUG_ON(sizeof(struct ikc_proc_create) > IKC_PAYLOAD_MAX);
	BUILD_BUG_ON(sizeof(struct ikc_syscall_ret) > IKC_PAYLOAD_MAX);
	memset(c, 0, sizeof(*c));
	c->uid = __kuid_val(cred->uid);
	c->euid = __kuid_val(cred->euid);
	c->suid = __kuid_val(cred->suid);
	c->gid = __kgid_val(cred->gid);
	c->egid = __kgid_val(cred->egid);
	c->sgid = __kgid_val(cred->sgid);
	c->userns = cred->user_ns->ns.inum;
	if (cred->user_ns == &init_user_ns)
		c->flags |= IHK_CRED_INIT_USERNS;
	if (cap_raised(cred->cap_effective, CAP_KILL))
		c->flags |= IHK_CRED_CAP_KILL;
	rcu_read_lock();
	c->sid = pid_nr(task_session(current));
	rcu_read_unlock();
}

/**
 * ihk_mc_creator_proc() - this file's process, called by its creator
 * @f: the open file
 * @pp: set to the process
 * @live: set to whether CREATE completed and the file is open
 * @down: set to whether the instance stopped
 *
 * The one check behind MAP, START, WAIT and the mirror mmap: only the
 * address space that created the process may drive it, so a fork of
 * mcexec or a process the descriptor was passed to gets nothing.
 * @live and @down are read together; each caller decides what they mean.
 *
 * Context: process context; takes mc.lock.
 * Return: 0; -ESRCH before CREATE; -EPERM from any other mm.
 */
int ihk_mc_creator_proc(struct ihk_os_file *f, struct ihk_mc_proc **pp,
			bool *live, bool *down)
{
	struct ihk_mc_proc *p = ihk_mc_file_get(f);

	if (!p)
		return -ESRCH;
	if (p->mm != current->mm)
		return -EPERM;
	spin_lock_irq(&p->os->mc.lock);
	*live = p->live;
	*down = p->down;
	spin_unlock_irq(&p->os->mc.lock);
	*pp = p;
	return 0;
}

/**
 * ihk_mc_zap_done() - tell the LWK a ZAP is done
 * @p: the process
 * @ev: the ZAP event (its cookie is answered, on the channel it came on,
 *      to the thread that sent it)
 * @err: 0, or -EINVAL for a range that was refused
 *
 * The LWK frees or reuses the pages only after this answer.
 *
 * Context: process context, may sleep.
 * Return: ihk_mc_send()'s result.
 */
int ihk_mc_zap_done(struct ihk_mc_proc *p, const struct ihk_mc_ev *ev, int err)
{
	struct ikc_zap_done r = { .pid = p->pid, .tid = ev->zap.tid, .err = err };

	return ihk_mc_send(p->os, ev->chan, IKC_MSG_ZAP_DONE, ev->cookie, &r,
			   sizeof(r));
}

/* Unmap [addr, addr + len) from the calling mcexec's mirror, then answer. */
static void ihk_mc_zap(struct ihk_mc_proc *p, const struct ihk_mc_ev *ev)
{
	u64 start = ev->zap.addr, len = ev->zap.len;
	int err = 0;

	if (!len || !PAGE_ALIGNED(start) || !PAGE_ALIGNED(len) ||
	    start < IHK_MC_USER_START || start > IHK_MC_USER_END ||
	    len > IHK_MC_USER_END - start) {
		pr_info_ratelimited("ihk: %s: process %d: bad ZAP range 0x%llx+0x%llx\n",
				    p->os->name, p->pid, start, len);
		err = -EINVAL;
	} else {
		/*
		 * Faults hold mirror_sem for reading from their walk to their
		 * insert: writing it waits for every fault that may have read
		 * a PTE before the LWK cleared it, so its insert is zapped
		 * here rather than landing after ZAP_DONE, when the LWK frees
		 * and reuses the page. Faults that start later walk the
		 * cleared tables.
		 */
		mmap_read_lock(current->mm);
		down_write(&p->mirror_sem);
		ihk_mc_zap_range(p, current->mm, start, start + len);
		up_write(&p->mirror_sem);
		mmap_read_unlock(current->mm);
	}
	ihk_mc_zap_done(p, ev, err);
}

static void ihk_mc_fill_exit(struct ihk_mc_proc *p, struct ihk_mc_thread *t,
			     struct ihk_mc_wait *w)
{
	w->event = IHK_MC_EV_EXIT;
	w->tid = t->tid;
	w->exit_status = p->exit.exit_status;
	w->signo = p->exit.signo;
	w->core = p->exit.core;
}

/* A SYSCALL or THREAD_NEW goes to mcexec; its answer is the next has_ret. */
static void ihk_mc_fill_request(struct ihk_mc_thread *t, struct ihk_mc_wait *w,
				const struct ihk_mc_ev *ev)
{
	if (ev->type == IKC_MSG_SYSCALL) {
		w->event = IHK_MC_EV_SYSCALL;
		w->nr = ev->sys.nr;
		memcpy(w->args, ev->sys.args, sizeof(w->args));
	} else {
		w->event = IHK_MC_EV_THREAD_NEW;
		w->args[0] = ev->thr.flags;
	}
	w->tid = t->tid;
	t->sys_pending = true;
	t->sys_type = ev->type;
	t->sys_chan = ev->chan;
	t->sys_cookie = ev->cookie;
}

/*
 * THREAD_EXIT: returned once, then the entry is ended (its next WAIT gets
 * ESRCH). The main thread's stays paired: its mcexec thread reports the
 * process's end, as Linux keeps a thread group's leader until then.
 */
static void ihk_mc_thread_exit(struct ihk_mc_proc *p, struct ihk_mc_thread *t,
			       struct ihk_mc_wait *w)
{
	t->sys_pending = false;
	if (t->tid != p->linux_pid) {
		spin_lock_irq(&p->os->mc.lock);
		t->state = IHK_MC_T_ENDED;
		spin_unlock_irq(&p->os->mc.lock);
	}
	w->event = IHK_MC_EV_THREAD_EXIT;
	w->tid = t->tid;
}

static bool ihk_mc_wait_moved(struct ihk_mc_proc *p, struct ihk_mc_thread *t)
{
	return READ_ONCE(t->ev_count) || READ_ONCE(p->exited) ||
	       READ_ONCE(p->down) || READ_ONCE(t->state) == IHK_MC_T_ENDED;
}

/*
 * The next event of thread @t, into @w. Its queued events come first (a
 * ZAP must be served even after the exit); once the process exited its
 * calls are not run, and EXIT is what every WAIT returns.
 */
static long ihk_mc_next_event(struct ihk_mc_proc *p, struct ihk_mc_thread *t,
			      struct ihk_mc_wait *w)
{
	struct ihk_mc_os *mc = &p->os->mc;
	bool got, down, exited, ended;
	struct ihk_mc_ev ev;

	for (;;) {
		spin_lock_irq(&mc->lock);
		down = p->down;
		exited = p->exited;
		ended = t->state == IHK_MC_T_ENDED;
		got = !down && ihk_mc_ev_pop(p, t, &ev);
		spin_unlock_irq(&mc->lock);
		if (got) {
			switch (ev.type) {
			case IKC_MSG_SYSCALL:
			case IKC_MSG_THREAD_NEW:
				if (exited)
					continue;
				ihk_mc_fill_request(t, w, &ev);
				return 0;
			case IKC_MSG_ZAP:
				ihk_mc_zap(p, &ev);
				continue;
			case IKC_MSG_THREAD_EXIT:
				ihk_mc_thread_exit(p, t, w);
				return 0;
			}
			continue;
		}
		if (exited) {
			ihk_mc_fill_exit(p, t, w);
			return 0;
		}
		if (down)
			return -ESHUTDOWN;
		if (ended)
			return -ESRCH;
		if (wait_event_interruptible(t->wq, ihk_mc_wait_moved(p, t)))
			return -EINTR;
	}
}

/*
 * The result mcexec hands in goes back to the LWK thread on the channel
 * its request came on, with Linux's current credentials (the call may
 * have changed them). A THREAD_NEW's result is a tid we check first.
 */
static long ihk_mc_hand_in(struct ihk_mc_proc *p, struct ihk_mc_thread *t,
			   s64 val)
{
	struct ikc_syscall_ret r = { 0 };

	if (!t->sys_pending)
		return -EINVAL;
	t->sys_pending = false;
	if (t->sys_type == IKC_MSG_THREAD_NEW)
		val = ihk_mc_thread_claim(p, val);
	r.pid = p->pid;
	r.tid = t->tid;
	r.ret = val;
	/* The call may have changed them (setuid...): Linux's view. */
	ihk_mc_fill_cred(&r.cred);
	return ihk_mc_send(p->os, t->sys_chan, IKC_MSG_SYSCALL_RET,
			   t->sys_cookie, &r, sizeof(r));
}

/*
 * The caller's entry: found here on every WAIT but a thread's first,
 * which makes it (ihk_mc_thread_self(), mc_thread.c).
 */
static int ihk_mc_wait_thread(struct ihk_mc_proc *p, struct ihk_mc_thread **tp)
{
	struct ihk_mc_thread *t;

	spin_lock_irq(&p->os->mc.lock);
	t = ihk_mc_thread_of(p, task_pid(current), task_pid_nr(current));
	if (t && t->state != IHK_MC_T_ENDED) {
		spin_unlock_irq(&p->os->mc.lock);
		*tp = t;
		return 0;
	}
	spin_unlock_irq(&p->os->mc.lock);
	return ihk_mc_thread_self(p, tp);
}

/**
 * ihk_mc_wait() - hand in a result and wait for the next event (IHK_MC_WAIT)
 * @f: the creator's file
 * @arg: struct ihk_mc_wait: the last result in; the next event out
 *
 * The mcexec side of offloading, per thread: the caller is known by its
 * Linux tid (initial pid namespace) and only ever gets the events of the
 * LWK thread of that tid. A thread of the creator's mm that has no entry
 * yet gets one, which waits until a THREAD_NEW answer names it. ZAPs that
 * arrive meanwhile are served here, in mcexec's own context, because they
 * change mcexec's page tables. An interrupted wait returns -EINTR after
 * the result went out: it must not be handed in again.
 *
 * Context: process context, sleeps; takes mc.lock, and mmap_lock then
 * mirror_sem for a ZAP.
 * Return: 0 with an event in @arg; -ESRCH (no process yet, or this
 * thread's LWK thread ended), -EPERM (not the creator's mm), -EAGAIN
 * (IHK_MC_MAX_THREADS threads), -EINVAL (a result with nothing pending),
 * -ESHUTDOWN, -EINTR, -EFAULT, -ENOMEM, or ihk_mc_send()'s error.
 */
long ihk_mc_wait(struct ihk_os_file *f, void __user *arg)
{
	struct ihk_mc_thread *t;
	struct ihk_mc_proc *p;
	struct ihk_mc_wait w;
	bool live, down;
	long ret;

	/* Down is ihk_mc_next_event()'s to answer: an exit is reported even then. */
	ret = ihk_mc_creator_proc(f, &p, &live, &down);
	if (ret)
		return ret;
	if (!live)
		return -ESRCH;
	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	ret = ihk_mc_wait_thread(p, &t);
	if (ret)
		return ret;
	if (w.has_ret && !READ_ONCE(p->exited)) {
		ret = ihk_mc_hand_in(p, t, w.ret);
		if (ret)
			return ret;
	}
	ret = ihk_mc_next_event(p, t, &w);
	if (!ret && copy_to_user(arg, &w, sizeof(w)))
		ret = -EFAULT;
	return ret;
}
