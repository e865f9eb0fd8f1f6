// SPDX-License-Identifier: GPL-2.0
/*
 * Serving the LWK process (include/ihk/mcexec.h step 5) and ending mcexec
 * the way the process ended. One serving loop per LWK thread, each run by
 * its own mcexec thread (docs/threads.md): serve_thread() keeps all its
 * state on its stack and shares only the read-only struct mcexec, so the
 * offloaded calls of different threads run at once, each thread blocking
 * only in its own IHK_MC_WAIT or its own call. The main thread serves the
 * main LWK thread and ends mcexec; a THREAD_NEW starts a detached Linux
 * thread with a small stack and every signal blocked (signals sent to
 * mcexec are the main thread's to take), which ends with its LWK thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fd_guard.h"
#include "mcexec.h"

/*
 * The call exactly as the application made it: the syscall instruction,
 * with Linux's raw result (-errno on failure, any value otherwise, e.g.
 * an address), so nothing of libc (errno, cancellation, wrappers that
 * rewrite arguments) stands between the application and Linux.
 */
static long raw_syscall(uint64_t nr, const uint64_t a[6])
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* close_range around our fd: each part, the first error wins. */
static long run_split(const struct ihk_mc_wait *w, const struct fd_guard_split *split)
{
	long ret = 0, r;
	unsigned int i;

	for (i = 0; i < split->nr; i++) {
		uint64_t a[6] = { split->range[i].first, split->range[i].last, w->args[2] };

		r = raw_syscall(w->nr, a);
		if (r < 0 && !ret)
			ret = r;
	}
	return ret;
}

static long offload(const struct mcexec *mc, const struct ihk_mc_wait *w)
{
	struct fd_guard_split split;

	switch (fd_guard_check(w->nr, w->args, mc->fd, &split)) {
	case FD_GUARD_EBADF:
		return -EBADF;
	case FD_GUARD_SPLIT:
		return run_split(w, &split);
	case FD_GUARD_RUN:
		break;
	}
	return raw_syscall(w->nr, w->args);
}

/* A thread serves offloaded calls, not deep recursion: 64 KiB is plenty. */
#define LWK_THREAD_STACK	(64 * 1024)

/* What a new serving thread is handed; on its creator's stack. */
struct thread_start {
	const struct mcexec *mc;
	sem_t ready;
	pid_t tid;
};

static int serve_thread(const struct mcexec *mc, struct ihk_mc_wait *end);

static void *lwk_thread_main(void *arg)
{
	struct thread_start *ts = arg;
	const struct mcexec *mc = ts->mc;
	struct ihk_mc_wait end;

	ts->tid = gettid();
	/* @ts is gone once the creator wakes. */
	sem_post(&ts->ready);
	/* Its LWK thread ended, or the process did: the main thread reports. */
	serve_thread(mc, &end);
	return NULL;
}

/*
 * THREAD_NEW: a detached Linux thread for the new LWK thread. Returns its
 * tid once it has one (ihk.ko pairs the LWK thread with that tid), or
 * -EAGAIN if no thread could be made.
 */
static long start_lwk_thread(const struct mcexec *mc)
{
	struct thread_start ts = { .mc = mc };
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t thread;
	int err;

	if (sem_init(&ts.ready, 0, 0))
		return -EAGAIN;
	err = pthread_attr_init(&attr);
	if (err)
		goto out_sem;
	err = pthread_attr_setstacksize(&attr, LWK_THREAD_STACK);
	if (!err)
		err = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (!err) {
		/* The new thread starts with every signal blocked. */
		sigfillset(&all);
		pthread_sigmask(SIG_BLOCK, &all, &old);
		err = pthread_create(&thread, &attr, lwk_thread_main, &ts);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	pthread_attr_destroy(&attr);
	if (!err)
		while (sem_wait(&ts.ready) && errno == EINTR)
			;
out_sem:
	sem_destroy(&ts.ready);
	return err ? -EAGAIN : ts.tid;
}

/*
 * Serves the LWK thread paired with the calling thread until it or its
 * process ends; @end gets the EXIT or THREAD_EXIT event. Returns 0, or
 * -errno of a failed WAIT.
 */
static int serve_thread(const struct mcexec *mc, struct ihk_mc_wait *end)
{
	struct ihk_mc_wait w = { 0 };
	bool main_thread = gettid() == getpid();

	for (;;) {
		if (ioctl(mc->fd, IHK_MC_WAIT, &w) < 0) {
			/* The result went in before the signal: never twice. */
			if (errno == EINTR) {
				w.has_ret = 0;
				continue;
			}
			return -errno;
		}
		switch (w.event) {
		case IHK_MC_EV_SYSCALL:
			w.ret = offload(mc, &w);
			w.has_ret = 1;
			break;
		case IHK_MC_EV_THREAD_NEW:
			w.ret = start_lwk_thread(mc);
			w.has_ret = 1;
			break;
		case IHK_MC_EV_THREAD_EXIT:
			/* The main thread stays to report the process's end. */
			if (main_thread) {
				w.has_ret = 0;
				break;
			}
			*end = w;
			return 0;
		case IHK_MC_EV_EXIT:
			*end = w;
			return 0;
		default:
			return -EPROTO;
		}
	}
}

void mcexec_default_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	sigset_t set;
	unsigned int i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		signal(sigs[i], SIG_DFL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Dies by @signo, as the application did; its core was the LWK's to report. */
static void die_by_signal(int signo)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;

	/* Our core would be mcexec's, not the application's: none at all. */
	if (!getrlimit(RLIMIT_CORE, &no_core))
		no_core.rlim_cur = 0;
	setrlimit(RLIMIT_CORE, &no_core);
	signal(signo, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	/* A signal whose default is not to terminate: the shell's number then. */
	exit(128 + signo);
}

int mcexec_serve(struct mcexec *mc)
{
	struct ihk_mc_wait end = { 0 };
	int ret;

	ret = serve_thread(mc, &end);
	if (ret == -ESHUTDOWN)
		return mcexec_error(MCEXEC_FAILED, "%s: the LWK of instance %d went away",
				    mc->prog, mc->os_index);
	if (ret == -EPROTO)
		return mcexec_error(MCEXEC_FAILED, "%s: unknown event from ihk.ko (mismatched ABI?)",
				    mc->prog);
	if (ret)
		return mcexec_error(MCEXEC_FAILED, "%s: waiting for the LWK process failed: %s",
				    mc->prog, strerror(-ret));

	/* The LWK process is gone: let ihk.ko release it before we report. */
	mcexec_release(mc);
	if (end.signo > 0 && end.signo < NSIG)
		die_by_signal(end.signo);
	exit(end.exit_status & 0xff);
}
