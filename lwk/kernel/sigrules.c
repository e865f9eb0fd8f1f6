// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's signal rules; see sigrules.h. Facts from Linux 6.1
 * (include/linux/signal.h: SIG_KERNEL_*_MASK; kernel/signal.c:
 * do_sigaction, sigprocmask, next_signal).
 */
#include "compat.h"
#include <lwk/sigrules.h>

#define SIG_COREDUMP_MASK (sig_bit(LWK_SIGQUIT) | sig_bit(LWK_SIGILL) | \
			   sig_bit(LWK_SIGTRAP) | sig_bit(LWK_SIGABRT) | \
			   sig_bit(LWK_SIGFPE) | sig_bit(LWK_SIGSEGV) | \
			   sig_bit(LWK_SIGBUS) | sig_bit(LWK_SIGSYS) | \
			   sig_bit(LWK_SIGXCPU) | sig_bit(LWK_SIGXFSZ))
#define SIG_IGNORE_MASK (sig_bit(LWK_SIGCONT) | sig_bit(LWK_SIGCHLD) | \
			 sig_bit(LWK_SIGWINCH) | sig_bit(LWK_SIGURG))
#define SIG_STOP_MASK (sig_bit(LWK_SIGSTOP) | sig_bit(LWK_SIGTSTP) | \
		       sig_bit(LWK_SIGTTIN) | sig_bit(LWK_SIGTTOU))
#define SIG_SYNCHRONOUS_MASK (sig_bit(LWK_SIGSEGV) | sig_bit(LWK_SIGBUS) | \
			      sig_bit(LWK_SIGILL) | sig_bit(LWK_SIGTRAP) | \
			      sig_bit(LWK_SIGFPE) | sig_bit(LWK_SIGSYS))

enum sig_default sig_default_action(int sig)
{
	uint64_t b = sig_bit(sig);

	if (b & SIG_COREDUMP_MASK)
		return SIG_DEF_CORE;
	if (b & SIG_IGNORE_MASK)
		return SIG_DEF_IGNORE;
	if (b & SIG_STOP_MASK)
		return SIG_DEF_STOP;
	return SIG_DEF_TERM;
}

bool sig_handler_ignored(int sig, uint64_t handler)
{
	return handler == LWK_SIG_IGN ||
	       (handler == LWK_SIG_DFL &&
		sig_default_action(sig) == SIG_DEF_IGNORE);
}

int sigaction_check(long sig, bool changes, uint64_t sigsetsize)
{
	if (sigsetsize != LWK_SIGSET_SIZE)
		return -EINVAL;
	if (!sig_valid(sig))
		return -EINVAL;
	if (changes && (sig_bit(sig) & SIG_UNBLOCKABLE))
		return -EINVAL;
	return 0;
}

void sigaction_sanitize(uint64_t *flags, uint64_t *mask)
{
	*flags &= LWK_SA_KNOWN;
	*mask &= ~SIG_UNBLOCKABLE;
}

int sigmask_change(uint64_t *mask, int how, uint64_t set)
{
	set &= ~SIG_UNBLOCKABLE;
	switch (how) {
	case LWK_SIG_BLOCK:
		*mask |= set;
		return 0;
	case LWK_SIG_UNBLOCK:
		*mask &= ~set;
		return 0;
	case LWK_SIG_SETMASK:
		*mask = set;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Linux queues a blocked signal even when it is ignored now: the
 * disposition may change before it is unblocked (sig_ignored()).
 */
enum sig_outcome sig_outcome(int sig, uint64_t handler, uint64_t blocked)
{
	if (!sig)
		return SIG_OUT_NONE;
	if (blocked & sig_bit(sig) & ~SIG_UNBLOCKABLE)
		return SIG_OUT_PENDING;
	/* KILL and STOP always take their default action */
	if (sig_bit(sig) & SIG_UNBLOCKABLE)
		handler = LWK_SIG_DFL;
	if (handler == LWK_SIG_IGN)
		return SIG_OUT_NONE;
	if (handler != LWK_SIG_DFL)
		return SIG_OUT_HANDLER;
	switch (sig_default_action(sig)) {
	case SIG_DEF_IGNORE:
		return SIG_OUT_NONE;
	case SIG_DEF_STOP:
		return SIG_OUT_STOP;
	default:
		return SIG_OUT_TERMINATE;
	}
}

int sig_next(uint64_t pending, uint64_t blocked)
{
	uint64_t ready = pending & ~blocked;

	if (!ready)
		return 0;
	if (ready & SIG_SYNCHRONOUS_MASK)
		ready &= SIG_SYNCHRONOUS_MASK;
	return __builtin_ctzll(ready) + 1;
}

static const char *const sig_names[LWK_SIGRTMIN] = {
	[LWK_SIGHUP] = "SIGHUP", [LWK_SIGINT] = "SIGINT",
	[LWK_SIGQUIT] = "SIGQUIT", [LWK_SIGILL] = "SIGILL",
	[LWK_SIGTRAP] = "SIGTRAP", [LWK_SIGABRT] = "SIGABRT",
	[LWK_SIGBUS] = "SIGBUS", [LWK_SIGFPE] = "SIGFPE",
	[LWK_SIGKILL] = "SIGKILL", [LWK_SIGUSR1] = "SIGUSR1",
	[LWK_SIGSEGV] = "SIGSEGV", [LWK_SIGUSR2] = "SIGUSR2",
	[LWK_SIGPIPE] = "SIGPIPE", [LWK_SIGALRM] = "SIGALRM",
	[LWK_SIGTERM] = "SIGTERM", [LWK_SIGSTKFLT] = "SIGSTKFLT",
	[LWK_SIGCHLD] = "SIGCHLD", [LWK_SIGCONT] = "SIGCONT",
	[LWK_SIGSTOP] = "SIGSTOP", [LWK_SIGTSTP] = "SIGTSTP",
	[LWK_SIGTTIN] = "SIGTTIN", [LWK_SIGTTOU] = "SIGTTOU",
	[LWK_SIGURG] = "SIGURG", [LWK_SIGXCPU] = "SIGXCPU",
	[LWK_SIGXFSZ] = "SIGXFSZ", [LWK_SIGVTALRM] = "SIGVTALRM",
	[LWK_SIGPROF] = "SIGPROF", [LWK_SIGWINCH] = "SIGWINCH",
	[LWK_SIGIO] = "SIGIO", [LWK_SIGPWR] = "SIGPWR",
	[LWK_SIGSYS] = "SIGSYS",
};

static const char *const rt_names[LWK_SIGMAX - LWK_SIGRTMIN + 1] = {
	"SIGRT0", "SIGRT1", "SIGRT2", "SIGRT3", "SIGRT4", "SIGRT5", "SIGRT6",
	"SIGRT7", "SIGRT8", "SIGRT9", "SIGRT10", "SIGRT11", "SIGRT12",
	"SIGRT13", "SIGRT14", "SIGRT15", "SIGRT16", "SIGRT17", "SIGRT18",
	"SIGRT19", "SIGRT20", "SIGRT21", "SIGRT22", "SIGRT23", "SIGRT24",
	"SIGRT25", "SIGRT26", "SIGRT27", "SIGRT28", "SIGRT29", "SIGRT30",
	"SIGRT31", "SIGRT32",
};

const char *sig_name(int sig)
{
	if (sig >= 1 && sig < LWK_SIGRTMIN)
		return sig_names[sig];
	if (sig >= LWK_SIGRTMIN && sig <= LWK_SIGMAX)
		return rt_names[sig - LWK_SIGRTMIN];
	return "signal ?";
}
