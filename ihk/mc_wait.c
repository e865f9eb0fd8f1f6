// SPDX-License-Identifier: GPL-2.0
/*
 * IHK_MC_WAIT: the mcexec thread's side of offloading. It hands in the
 * result of the last offloaded syscall, then sleeps until the LWK thread
 * needs it again: a syscall to run natively, or the end of the process.
 * ZAP requests are served on the way, in mcexec's own context, because
 * they change mcexec's page tables.
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "mc_priv.h"

/**
 * ihk_mc_ev_pop() - take the oldest queued event of a process
 * @p: the process
 * @ev: filled with the event
 *
 * Context: caller holds mc.lock.
 * Return: true if there was one.
 */
bool ihk_mc_ev_pop(struct ihk_mc_proc *p, struct ihk_mc_ev *ev)
{
	if (!p->ev_count)
		return false;
	*ev = p->ev[p->ev_head];
	p->ev_head = (p->ev_head + 1) % IHK_MC_EVQ;
	p->ev_count--;
	return true;
}

/**
 * ihk_mc_zap_done() - tell the LWK a ZAP is done
 * @p: the process
 * @ev: the ZAP event (its cookie is answered)
 * @err: 0, or -EINVAL for a range that was refused
 *
 * The LWK frees or reuses the pages only after this answer.
 *
 * Context: process context, may sleep.
 * Return: ihk_mc_send()'s result.
 */
int ihk_mc_zap_done(struct ihk_mc_proc *p, const struct ihk_mc_ev *ev, int err)
{
	struct ikc_proc_result r = { .pid = p->pid, .err = err };

	return ihk_mc_send(p->os, ihk_mc_chan(p), IKC_MSG_ZAP_DONE, ev->cookie,
			   &r, sizeof(r));
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

static void ihk_mc_fill_exit(struct ihk_mc_proc *p, struct ihk_mc_wait *w)
{
	w->event = IHK_MC_EV_EXIT;
	w->tid = p->exit.pid;
	w->exit_status = p->exit.exit_status;
	w->signo = p->exit.signo;
	w->core = p->exit.core;
}

static void ihk_mc_fill_syscall(struct ihk_mc_proc *p, struct ihk_mc_wait *w,
				const struct ihk_mc_ev *ev)
{
	w->event = IHK_MC_EV_SYSCALL;
	w->tid = ev->sys.tid;
	w->nr = ev->sys.nr;
	memcpy(w->args, ev->sys.args, sizeof(w->args));
	p->sys_pending = true;
	p->sys_tid = ev->sys.tid;
	p->sys_cookie = ev->cookie;
}

static bool ihk_mc_wait_moved(struct ihk_mc_proc *p)
{
	return READ_ONCE(p->ev_count) || READ_ONCE(p->down);
}

/* Under p->wait_mutex: the next event for mcexec, into @w. */
static long ihk_mc_next_event(struct ihk_mc_proc *p, struct ihk_mc_wait *w)
{
	struct ihk_mc_os *mc = &p->os->mc;
	struct ihk_mc_ev ev;
	bool got, down;

	for (;;) {
		if (p->exited) {
			ihk_mc_fill_exit(p, w);
			return 0;
		}
		spin_lock_irq(&mc->lock);
		down = p->down;
		got = !down && ihk_mc_ev_pop(p, &ev);
		spin_unlock_irq(&mc->lock);
		if (down)
			return -ESHUTDOWN;
		if (!got) {
			if (wait_event_interruptible(p->wq, ihk_mc_wait_moved(p)))
				return -EINTR;
			continue;
		}
		switch (ev.type) {
		case IKC_MSG_SYSCALL:
			ihk_mc_fill_syscall(p, w, &ev);
			return 0;
		case IKC_MSG_ZAP:
			ihk_mc_zap(p, &ev);
			break;
		case IKC_MSG_PROC_EXIT:
			p->exited = true;
			p->exit = ev.exit;
			break;
		}
	}
}

/**
 * ihk_mc_wait() - hand in a syscall result and wait for the next event (IHK_MC_WAIT)
 * @f: the creator's file
 * @arg: struct ihk_mc_wait: the last result in; the next call or the exit out
 *
 * The mcexec side of offloading. The result goes back with Linux's current
 * credentials (the call may have changed them). ZAPs that arrive meanwhile
 * are served here, in mcexec's own context, because they change mcexec's
 * page tables. An interrupted wait after the result went out returns
 * -EINTR; one before returns -ERESTARTNOINTR, so the result is not lost.
 *
 * Context: process context, sleeps; takes the process's wait_mutex, and
 * mmap_lock then mirror_sem for a ZAP.
 * Return: 0 with an event in @arg; -ESRCH, -EPERM, -EINVAL (a result with
 * no call pending), -ESHUTDOWN, -EINTR, -EFAULT, or ihk_mc_send()'s error.
 */
long ihk_mc_wait(struct ihk_os_file *f, void __user *arg)
{
	struct ikc_syscall_ret r = { 0 };
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
	/*
	 * Not -EINTR: that tells mcexec the result was handed in. Restarted,
	 * the call hands it in after the signal.
	 */
	if (mutex_lock_interruptible(&p->wait_mutex))
		return -ERESTARTNOINTR;
	if (w.has_ret && !p->exited) {
		if (!p->sys_pending) {
			ret = -EINVAL;
			goto out;
		}
		p->sys_pending = false;
		r.pid = p->pid;
		r.tid = p->sys_tid;
		r.ret = w.ret;
		/* The call may have changed them (setuid...): Linux's view. */
		ihk_mc_fill_cred(&r.cred);
		ret = ihk_mc_send(p->os, ihk_mc_chan(p), IKC_MSG_SYSCALL_RET,
				  p->sys_cookie, &r, sizeof(r));
		if (ret)
			goto out;
	}
	ret = ihk_mc_next_event(p, &w);
out:
	mutex_unlock(&p->wait_mutex);
	if (!ret && copy_to_user(arg, &w, sizeof(w)))
		ret = -EFAULT;
	return ret;
}
