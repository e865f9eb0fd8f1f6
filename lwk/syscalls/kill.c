// SPDX-License-Identifier: GPL-2.0
/*
 * kill, tkill, tgkill.
 *
 * Pids here are LWK pids: what getpid() returns on the LWK and what
 * IHK_MC_CREATE hands mcexec (include/ihk/mcexec.h), not Linux pids. A
 * Linux process is not reachable from the LWK (offloading kill would
 * send from mcexec, with the number read in Linux's pid space, the wrong
 * one); mcexec's own pid has no meaning here either.
 *
 * - the process itself: pid 0 (its process group is itself on the LWK),
 *   its own pid, or -pid; tkill/tgkill with its own tid. The signal acts
 *   as signal.c says.
 * - another LWK process: the sender needs Linux's permission (below),
 *   else -EPERM; then process_kill() ends it, unless its disposition
 *   ignores the signal (SIG_IGN, or a default of ignore or stop); its
 *   blocked mask is not looked at (it belongs to its thread, on another
 *   CPU), and handlers are not served, as for the process itself.
 * - anything else (other process groups, -1 for "everyone"): -ESRCH, no
 *   LWK process in it may be signalled.
 * Signal 0 checks that the target exists (-ESRCH) and that the sender may
 * signal it (-EPERM), as on Linux.
 *
 * Permission is Linux's check_kill_permission() over the creds ihk.ko
 * gave each process (struct ihk_lwk_cred): the sender's real or effective
 * uid equals the target's real or saved uid, or the sender has CAP_KILL
 * over the target's user namespace, or the signal is SIGCONT within one
 * session. The target is held (process_get) from the lookup to the end of
 * its use, so it cannot be freed or change creds meanwhile. The kernel
 * argument debug_kill_delay_us stretches that hold (kargs.c); a target
 * found freed anyway is reported as a BUG and not touched.
 */
#include <asm/cpu.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/process.h>
#include <lwk/sched.h>
#include "deliver.h"
#include <lwk/sigrules.h>
#include "handlers.h"

static long to_self(int sig)
{
	if (sig)
		signal_send_self(sig);
	return 0;
}

/* Linux's kill_ok_by_cred(), and SIGCONT within a session. */
static bool may_signal(const struct ihk_lwk_cred *s, const struct ihk_lwk_cred *t,
		       int sig)
{
	if (s->euid == t->suid || s->euid == t->uid ||
	    s->uid == t->suid || s->uid == t->uid)
		return true;
	/* CAP_KILL over the target's namespace: its own, or an ancestor. */
	if ((s->flags & IHK_CRED_CAP_KILL) &&
	    ((s->flags & IHK_CRED_INIT_USERNS) || s->userns == t->userns))
		return true;
	return sig == LWK_SIGCONT && s->sid == t->sid;
}

static long to_other(int pid, int sig)
{
	struct lwk_process *self = current_process();
	struct lwk_process *p = process_get(pid);
	enum sig_outcome out;
	long ret = 0;

	if (!p)
		return -ESRCH;
	if (kargs.debug_kill_delay_us)
		tsc_delay_us(kargs.debug_kill_delay_us);
	if (!process_intact(p, pid)) {
		/* Freed (or reused) while we held it: the table lock failed. */
		printk("BUG: kill: pid %d was freed while held (use after free)\n", pid);
		ret = -ESRCH;
	} else if (p == self) {
		ret = -ESRCH;
	} else if (!may_signal(&self->cred, &p->cred, sig)) {
		ret = -EPERM;
	} else if (sig) {
		out = sig_outcome(sig, __atomic_load_n(&p->sigaction[sig - 1].handler,
						       __ATOMIC_RELAXED), 0);
		if (out != SIG_OUT_NONE && out != SIG_OUT_STOP)
			process_kill(p, sig);
	}
	process_put(p);
	return ret;
}

static bool sig_ok(long sig)
{
	return sig == 0 || sig_valid(sig);
}

SYSCALL_DEFINE2(kill, int32_t, pid, int, sig)
{
	struct lwk_process *self = current_process();

	if (!sig_ok(sig))
		return -EINVAL;
	if (pid == 0 || pid == self->pid || pid == -self->pid)
		return to_self(sig);
	if (pid > 0)
		return to_other(pid, sig);
	return -ESRCH;
}

/*
 * A thread of our own process: the signal acts on the process as
 * signal.c says (no handlers run yet, so a thread's mask and pending set
 * are only the caller's). Another process: only through its main thread,
 * whose tid is its pid.
 */
SYSCALL_DEFINE2(tkill, int32_t, tid, int, sig)
{
	struct lwk_process *self = current_process();

	if (tid <= 0 || !sig_ok(sig))
		return -EINVAL;
	if (thread_alive(self, tid))
		return to_self(sig);
	return to_other(tid, sig);
}

SYSCALL_DEFINE3(tgkill, int32_t, tgid, int32_t, tid, int, sig)
{
	struct lwk_process *self = current_process();

	if (tgid <= 0 || tid <= 0 || !sig_ok(sig))
		return -EINVAL;
	if (tgid == self->pid)
		return thread_alive(self, tid) ? to_self(sig) : -ESRCH;
	if (tid != tgid)
		return -ESRCH;
	return to_other(tgid, sig);
}
