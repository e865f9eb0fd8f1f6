/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux's signal rules the LWK follows (lwk/kernel/sigrules.c): default actions,
 * what rt_sigaction and rt_sigprocmask accept, and what a signal sent to
 * the process does now. Pure logic: built into the LWK and into the host
 * unit tests. Signals are 1..64; a set is a 64-bit mask, bit (sig - 1),
 * as Linux's x86_64 sigset_t.
 */
#ifndef LWK_SYSCALLS_SIGRULES_H
#define LWK_SYSCALLS_SIGRULES_H

#include "compat.h"

#define LWK_SIGHUP	1
#define LWK_SIGINT	2
#define LWK_SIGQUIT	3
#define LWK_SIGILL	4
#define LWK_SIGTRAP	5
#define LWK_SIGABRT	6
#define LWK_SIGBUS	7
#define LWK_SIGFPE	8
#define LWK_SIGKILL	9
#define LWK_SIGUSR1	10
#define LWK_SIGSEGV	11
#define LWK_SIGUSR2	12
#define LWK_SIGPIPE	13
#define LWK_SIGALRM	14
#define LWK_SIGTERM	15
#define LWK_SIGSTKFLT	16
#define LWK_SIGCHLD	17
#define LWK_SIGCONT	18
#define LWK_SIGSTOP	19
#define LWK_SIGTSTP	20
#define LWK_SIGTTIN	21
#define LWK_SIGTTOU	22
#define LWK_SIGURG	23
#define LWK_SIGXCPU	24
#define LWK_SIGXFSZ	25
#define LWK_SIGVTALRM	26
#define LWK_SIGPROF	27
#define LWK_SIGWINCH	28
#define LWK_SIGIO	29
#define LWK_SIGPWR	30
#define LWK_SIGSYS	31
#define LWK_SIGRTMIN	32
#define LWK_SIGMAX	64

#define LWK_SIG_DFL	0
#define LWK_SIG_IGN	1

#define LWK_SIG_BLOCK	0
#define LWK_SIG_UNBLOCK	1
#define LWK_SIG_SETMASK	2

/* The only sigsetsize rt_sigaction and rt_sigprocmask accept on x86_64. */
#define LWK_SIGSET_SIZE	8

/* sa_flags Linux 6.1 keeps on x86_64 (UAPI_SA_FLAGS); others read back 0. */
#define LWK_SA_NOCLDSTOP	0x00000001ULL
#define LWK_SA_NOCLDWAIT	0x00000002ULL
#define LWK_SA_SIGINFO		0x00000004ULL
#define LWK_SA_EXPOSE_TAGBITS	0x00000800ULL
#define LWK_SA_RESTORER		0x04000000ULL
#define LWK_SA_ONSTACK		0x08000000ULL
#define LWK_SA_RESTART		0x10000000ULL
#define LWK_SA_NODEFER		0x40000000ULL
#define LWK_SA_RESETHAND	0x80000000ULL
#define LWK_SA_KNOWN	(LWK_SA_NOCLDSTOP | LWK_SA_NOCLDWAIT | LWK_SA_SIGINFO | \
			 LWK_SA_EXPOSE_TAGBITS | LWK_SA_RESTORER | \
			 LWK_SA_ONSTACK | LWK_SA_RESTART | LWK_SA_NODEFER | \
			 LWK_SA_RESETHAND)

static inline uint64_t sig_bit(int sig)
{
	return 1ULL << (sig - 1);
}

/* SIGKILL and SIGSTOP: never blocked, never caught or ignored. */
#define SIG_UNBLOCKABLE	(sig_bit(LWK_SIGKILL) | sig_bit(LWK_SIGSTOP))

static inline bool sig_valid(long sig)
{
	return sig >= 1 && sig <= LWK_SIGMAX;
}

enum sig_default {
	SIG_DEF_TERM,		/* end the process */
	SIG_DEF_CORE,		/* end it, a core dump is due */
	SIG_DEF_IGNORE,		/* SIGCHLD, SIGURG, SIGWINCH, SIGCONT */
	SIG_DEF_STOP,		/* SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU */
};

/* The default action of valid signal @sig, as Linux's masks define it. */
enum sig_default sig_default_action(int sig);

/*
 * Would @sig with handler @handler be ignored now (SIG_IGN, or SIG_DFL
 * with a default of ignore)? Such a signal is discarded, even pending.
 */
bool sig_handler_ignored(int sig, uint64_t handler);

/* rt_sigaction's checks: 0, or -EINVAL as Linux orders them. */
int sigaction_check(long sig, bool changes, uint64_t sigsetsize);
/* What Linux stores of a new action: known flags, no KILL/STOP in mask. */
void sigaction_sanitize(uint64_t *flags, uint64_t *mask);

/* rt_sigprocmask: apply @how with @set to *mask; 0 or -EINVAL (bad how). */
int sigmask_change(uint64_t *mask, int how, uint64_t set);

/* What a signal does to the process when it is sent or unblocked. */
enum sig_outcome {
	SIG_OUT_NONE,		/* ignored (or signal 0) */
	SIG_OUT_PENDING,	/* blocked: remembered until unblocked */
	SIG_OUT_TERMINATE,	/* default action ends the process */
	SIG_OUT_STOP,		/* default action stops it (not served) */
	SIG_OUT_HANDLER,	/* a user handler would run (not served) */
};

enum sig_outcome sig_outcome(int sig, uint64_t handler, uint64_t blocked);

/*
 * The signal to act on next among @pending not @blocked: 0 if none.
 * Linux takes the synchronous ones (SEGV, BUS, ILL, TRAP, FPE, SYS)
 * first, then the lowest number.
 */
int sig_next(uint64_t pending, uint64_t blocked);

/* "SIGSEGV" for 11, "SIGRT3" for 35, "signal ?" never (valid @sig). */
const char *sig_name(int sig);

#endif /* LWK_SYSCALLS_SIGRULES_H */
