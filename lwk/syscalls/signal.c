// SPDX-License-Identifier: GPL-2.0
/*
 * rt_sigaction, rt_sigprocmask, rt_sigreturn, and what a signal sent to
 * the process does (kill.c sends them).
 *
 * For now a process has one thread and no signal frames: dispositions
 * and the mask are recorded and reported with Linux's rules (lwk/kernel/sigrules.c),
 * and a signal that reaches the process acts as Linux's default would:
 * ignored, or the end of the process by that signal (with a core dump
 * due for the core signals). Two things are not served yet:
 *  - a user handler: running it needs a signal frame. The process ends by
 *    the signal instead, with one console line saying so, rather than
 *    carry on as if the handler had run.
 *  - stop signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU): stopping needs
 *    mcexec to stop too, for the shell to see it. The signal is dropped
 *    and the process runs on, with one console line per process.
 * glibc's abort() (2.36) unblocks SIGABRT and raises it with tgkill,
 * possibly inside a block-all window that raise() restores with
 * rt_sigprocmask: both paths end here in the default action, SIGABRT.
 */
#include <lwk/errno.h>
#include <lwk/printk.h>
#include <lwk/process.h>
#include <lwk/uaccess.h>
#include "deliver.h"
#include <lwk/sigrules.h>
#include "handlers.h"
#include "warn_once.h"

static void act(struct lwk_thread *t, int sig, enum sig_outcome out)
{
	struct lwk_process *p = t->proc;
	bool core = sig_default_action(sig) == SIG_DEF_CORE;

	switch (out) {
	case SIG_OUT_PENDING:
		t->sigpending |= sig_bit(sig);
		return;
	case SIG_OUT_TERMINATE:
		/* The one-line report a fault gets, for a signal it sent itself. */
		printk("pid %d: %s sent to itself: killed by %s\n", p->pid,
		       sig_name(sig), sig_name(sig));
		process_exit(0, sig, core);
	case SIG_OUT_HANDLER:
		printk("pid %d: %s has a user handler; signal handlers are not supported on the LWK yet: the process ends by %s\n",
		       p->pid, sig_name(sig), sig_name(sig));
		process_exit(0, sig, core);
	case SIG_OUT_STOP:
		if (process_warn_once(WARN_STOP_SIGNAL))
			printk("pid %d: %s dropped: stopping a process is not supported on the LWK yet\n",
			       p->pid, sig_name(sig));
		return;
	case SIG_OUT_NONE:
	default:
		return;
	}
}

void signal_send_self(int sig)
{
	struct lwk_thread *t = current_thread();

	act(t, sig, sig_outcome(sig, t->proc->sigaction[sig - 1].handler,
				t->sigmask));
}

void signal_deliver_pending(void)
{
	struct lwk_thread *t = current_thread();
	int sig;

	while ((sig = sig_next(t->sigpending, t->sigmask))) {
		t->sigpending &= ~sig_bit(sig);
		act(t, sig, sig_outcome(sig, t->proc->sigaction[sig - 1].handler,
					t->sigmask));
	}
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, uint64_t, uact, uint64_t, uoact,
		uint64_t, sigsetsize)
{
	struct lwk_thread *t = current_thread();
	struct lwk_sigaction new, old;
	struct lwk_sigaction *k;
	int err;

	if (sigsetsize != LWK_SIGSET_SIZE)
		return -EINVAL;
	if (uact && copy_from_user(&new, uact, sizeof(new)))
		return -EFAULT;
	err = sigaction_check(sig, uact, sigsetsize);
	if (err)
		return err;
	k = &t->proc->sigaction[sig - 1];
	old = *k;
	old.flags &= LWK_SA_KNOWN;
	if (uact) {
		sigaction_sanitize(&new.flags, &new.mask);
		*k = new;
		/* POSIX: a signal that becomes ignored is no longer pending */
		if (sig_handler_ignored(sig, new.handler))
			t->sigpending &= ~sig_bit(sig);
	}
	if (uoact && copy_to_user(uoact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uint64_t, uset, uint64_t, uoset,
		uint64_t, sigsetsize)
{
	struct lwk_thread *t = current_thread();
	uint64_t old = t->sigmask, mask = t->sigmask, set;
	int err;

	if (sigsetsize != LWK_SIGSET_SIZE)
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		err = sigmask_change(&mask, how, set);
		if (err)
			return err;
	}
	/* as Linux: the mask changes even if oset then faults */
	t->sigmask = mask;
	err = 0;
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		err = -EFAULT;
	/* what was pending and is now unblocked acts before the return */
	signal_deliver_pending();
	return err;
}

/*
 * No handler ever ran, so there is no signal frame to return from: Linux
 * finds garbage where the frame should be and kills the process with
 * SIGSEGV, which is what happens here.
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	printk("pid %d: rt_sigreturn without a signal frame: SIGSEGV\n",
	       current_process()->pid);
	process_exit(0, LWK_SIGSEGV, true);
}
