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
 * - another LWK process: process_kill() ends it, unless its disposition
 *   ignores the signal (SIG_IGN, or a default of ignore or stop); its
 *   blocked mask is not looked at (it belongs to its thread, on another
 *   CPU), and handlers are not served, as for the process itself.
 * - anything else (other process groups, -1 for "everyone"): -ESRCH, no
 *   LWK process in it may be signalled.
 * Signal 0 only checks that the target exists.
 */
#include <lwk/errno.h>
#include <lwk/process.h>
#include <lwk/syscall.h>
#include "deliver.h"
#include "sigrules.h"

static long to_self(int sig)
{
	if (sig)
		signal_send_self(sig);
	return 0;
}

static long to_other(struct lwk_process *p, int sig)
{
	enum sig_outcome out;

	if (!p || p == current_process())
		return -ESRCH;
	if (!sig)
		return 0;
	out = sig_outcome(sig, __atomic_load_n(&p->sigaction[sig - 1].handler,
					       __ATOMIC_RELAXED), 0);
	if (out == SIG_OUT_NONE || out == SIG_OUT_STOP)
		return 0;
	process_kill(p, sig);
	return 0;
}

static bool sig_ok(long sig)
{
	return sig == 0 || sig_valid(sig);
}

/* kill(pid, sig) */
SYSCALL_DEFINE(kill)
{
	struct lwk_process *self = current_process();
	int32_t pid = (int32_t)a->arg[0];
	int sig = (int)a->arg[1];

	if (!sig_ok(sig))
		return -EINVAL;
	if (pid == 0 || pid == self->pid || pid == -self->pid)
		return to_self(sig);
	if (pid > 0)
		return to_other(process_find(pid), sig);
	return -ESRCH;
}

/* tkill(tid, sig): one thread per process, whose tid is the pid. */
SYSCALL_DEFINE(tkill)
{
	struct lwk_thread *t = current_thread();
	int32_t tid = (int32_t)a->arg[0];
	int sig = (int)a->arg[1];
	struct lwk_process *p;

	if (tid <= 0 || !sig_ok(sig))
		return -EINVAL;
	if (tid == t->tid)
		return to_self(sig);
	p = process_find(tid);
	return to_other(p && p->pid == tid ? p : NULL, sig);
}

/* tgkill(tgid, tid, sig) */
SYSCALL_DEFINE(tgkill)
{
	struct lwk_thread *t = current_thread();
	int32_t tgid = (int32_t)a->arg[0];
	int32_t tid = (int32_t)a->arg[1];
	int sig = (int)a->arg[2];

	if (tgid <= 0 || tid <= 0 || !sig_ok(sig))
		return -EINVAL;
	if (tgid == t->proc->pid && tid == t->tid)
		return to_self(sig);
	if (tid != tgid)
		return -ESRCH;
	return to_other(process_find(tgid), sig);
}
