// SPDX-License-Identifier: GPL-2.0
/*
 * wait_threads /dev/mcosN: IHK_MC_WAIT is per thread (include/ihk/mcexec.h,
 * "Threads"). A home-made mcexec that creates an LWK process running a
 * few instructions (sync(), an offloaded call, then exit_group(7)) and
 * checks, with no LWK thread but the main one:
 *   - a thread of another process (a fork) gets EPERM from WAIT;
 *   - a result handed in by a thread with nothing pending is EINVAL;
 *   - a second thread's WAIT blocks (a signal ends it with EINTR) and
 *     never gets the main thread's events: the main thread gets the
 *     SYSCALL, with its own tid;
 *   - at most IHK_MC_MAX_THREADS threads have a WAIT entry: the rest get
 *     EAGAIN at once;
 *   - when the process ends, every thread's WAIT returns EXIT (status 7).
 * Prints "wait threads: all correct" or FAIL lines; exit 1 on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ihk/mcexec.h>

#include "check.h"

#define MIRROR_LEN	(IHK_MC_USER_END - IHK_MC_USER_START)
#define CODE_ADDR	0x400000ULL
#define STACK_ADDR	0x800000ULL
#define EXTRA		8		/* threads past the limit */
#define NR_BLOCKERS	(IHK_MC_MAX_THREADS + EXTRA)

/* mov eax,162 (sync); syscall; mov eax,231; mov edi,7; syscall; jmp . */
static const unsigned char code[] = {
	0xb8, 0xa2, 0, 0, 0, 0x0f, 0x05,
	0xb8, 0xe7, 0, 0, 0, 0xbf, 0x07, 0, 0, 0, 0x0f, 0x05,
	0xeb, 0xfe,
};

static int fd;

struct waiter {
	pthread_t thread;
	pid_t tid;
	int err;			/* errno of the last WAIT, 0 if it returned one */
	int eintr;			/* WAITs a signal ended */
	struct ihk_mc_wait w;
	int done;			/* atomic: its WAIT returned for good */
};

static struct waiter second, blockers[NR_BLOCKERS];
static int blockers_done;		/* atomic */

static void on_usr1(int sig)
{
	(void)sig;
}

static void on_alarm(int sig)
{
	static const char msg[] = "FAIL: wait_threads hangs (a WAIT never returned)\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* WAIT until it returns something other than EINTR. */
static void *waiter_run(void *arg)
{
	struct waiter *wt = arg;

	wt->tid = gettid();
	for (;;) {
		memset(&wt->w, 0, sizeof(wt->w));
		if (!ioctl(fd, IHK_MC_WAIT, &wt->w)) {
			wt->err = 0;
			break;
		}
		wt->err = errno;
		if (errno != EINTR)
			break;
		__atomic_add_fetch(&wt->eintr, 1, __ATOMIC_SEQ_CST);
	}
	__atomic_store_n(&wt->done, 1, __ATOMIC_SEQ_CST);
	if (wt != &second)
		__atomic_add_fetch(&blockers_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int start_waiter(struct waiter *wt)
{
	pthread_attr_t attr;
	int ret;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	ret = pthread_create(&wt->thread, &attr, waiter_run, wt);
	pthread_attr_destroy(&attr);
	return ret;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Waits up to @ms for *@counter to reach @want; returns its value. */
static int wait_count(int *counter, int want, long ms)
{
	int v;

	while ((v = __atomic_load_n(counter, __ATOMIC_SEQ_CST)) < want && ms > 0) {
		sleep_ms(10);
		ms -= 10;
	}
	return v;
}

static void *einval_run(void *arg)
{
	struct ihk_mc_wait w = { .has_ret = 1, .ret = 0 };
	int *err = arg;

	*err = ioctl(fd, IHK_MC_WAIT, &w) ? errno : 0;
	return NULL;
}

/* A thread of a forked child: not the creator's mm, so EPERM. */
static void *eperm_run(void *arg)
{
	struct ihk_mc_wait w = { 0 };
	int *err = arg;

	*err = ioctl(fd, IHK_MC_WAIT, &w) ? errno : 0;
	return NULL;
}

static void check_other_process(void)
{
	pid_t child = fork();
	int st = 0;

	if (child == 0) {
		pthread_t t;
		int err = -1;

		alarm(10);
		if (pthread_create(&t, NULL, eperm_run, &err) || pthread_join(t, NULL))
			_exit(2);
		if (err != EPERM) {
			printf("FAIL: WAIT from a thread of another process: %s, want EPERM\n",
			       strerror(err));
			fflush(stdout);
			_exit(1);
		}
		_exit(0);
	}
	CHECK(child > 0, "fork: %s", strerror(errno));
	if (child > 0)
		CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && !WEXITSTATUS(st),
		      "the other process's check failed (status 0x%x)", st);
}

static void check_einval(void)
{
	pthread_t t;
	int err = -1;

	CHECK(!pthread_create(&t, NULL, einval_run, &err) && !pthread_join(t, NULL),
	      "the EINVAL thread did not run");
	CHECK(err == EINVAL, "a second thread's result with nothing pending: %s, want EINVAL",
	      strerror(err));
}

/* Every thread past IHK_MC_MAX_THREADS entries gets EAGAIN at once. */
static int check_limit(void)
{
	int i, started = 0, again = 0, want;

	for (i = 0; i < NR_BLOCKERS; i++)
		if (!start_waiter(&blockers[i]))
			started++;
	CHECK(started == NR_BLOCKERS, "only %d of %d threads started", started, NR_BLOCKERS);
	/* main, the EINVAL thread's entry, the second thread, the blockers */
	want = started - (IHK_MC_MAX_THREADS - 3);
	wait_count(&blockers_done, want, 20000);
	sleep_ms(300);
	for (i = 0; i < NR_BLOCKERS; i++)
		if (__atomic_load_n(&blockers[i].done, __ATOMIC_SEQ_CST) &&
		    blockers[i].err == EAGAIN)
			again++;
	CHECK(again == want && __atomic_load_n(&blockers_done, __ATOMIC_SEQ_CST) == want,
	      "%d threads past the limit: %d got EAGAIN, %d WAITs returned", want, again,
	      blockers_done);
	return started;
}

static void run_process(void)
{
	struct ihk_mc_start start = { .rip = CODE_ADDR, .rsp = STACK_ADDR + 4096 };
	struct ihk_mc_wait w = { 0 };

	CHECK(ioctl(fd, IHK_MC_START, &start) == 0, "START: %s", strerror(errno));
	CHECK(ioctl(fd, IHK_MC_WAIT, &w) == 0, "main WAIT: %s", strerror(errno));
	CHECK(w.event == IHK_MC_EV_SYSCALL && w.nr == 162 && w.tid == getpid(),
	      "main thread: event %u nr %llu tid %d, want SYSCALL 162 tid %d", w.event,
	      (unsigned long long)w.nr, w.tid, (int)getpid());
	CHECK(!__atomic_load_n(&second.done, __ATOMIC_SEQ_CST),
	      "the second thread's WAIT returned (event %u, %s) before the process ended",
	      second.w.event, strerror(second.err));
	w.has_ret = 1;
	w.ret = 0;
	CHECK(ioctl(fd, IHK_MC_WAIT, &w) == 0, "main WAIT after sync: %s", strerror(errno));
	CHECK(w.event == IHK_MC_EV_EXIT && w.exit_status == 7 && w.signo == 0,
	      "main thread: event %u status %d signo %d, want EXIT 7", w.event, w.exit_status,
	      w.signo);
}

static void check_ended(struct waiter *wt, const char *who)
{
	CHECK(wt->err == 0 && wt->w.event == IHK_MC_EV_EXIT && wt->w.exit_status == 7 &&
	      wt->w.tid == wt->tid,
	      "%s: %s, event %u status %d tid %d, want EXIT 7 tid %d", who,
	      wt->err ? strerror(wt->err) : "ok", wt->w.event, wt->w.exit_status, wt->w.tid,
	      wt->tid);
}

static void check_all_ended(int started)
{
	int i, want = started - (IHK_MC_MAX_THREADS - 3), bad = 0;

	wait_count(&blockers_done, started, 20000);
	wait_count(&second.done, 1, 5000);
	CHECK(second.done, "the second thread's WAIT did not end with the process");
	if (second.done)
		check_ended(&second, "second thread");
	for (i = 0; i < started; i++) {
		if (!blockers[i].done || blockers[i].err == EAGAIN)
			continue;
		if (blockers[i].err || blockers[i].w.event != IHK_MC_EV_EXIT ||
		    blockers[i].w.exit_status != 7 || blockers[i].w.tid != blockers[i].tid)
			bad++;
	}
	CHECK(blockers_done == started && !bad,
	      "%d of %d waiting threads ended, %d of them wrongly", blockers_done - want,
	      started - want, bad);
}

static int setup(const char *dev)
{
	static char cmdline[] = "wait_threads";
	struct ihk_mc_create cr = { 0 };
	struct ihk_mc_map map = { 0 };

	fd = open(dev, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open %s: %s", dev, strerror(errno));
	if (fd < 0)
		return -1;
	cr.cmdline = (uintptr_t)cmdline;
	cr.cmdline_len = sizeof(cmdline);
	cr.rlimit_stack = 8 << 20;
	CHECK(ioctl(fd, IHK_MC_CREATE, &cr) == 0, "CREATE: %s", strerror(errno));
	CHECK(mmap((void *)IHK_MC_USER_START, MIRROR_LEN, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0) != MAP_FAILED,
	      "mirror mmap: %s", strerror(errno));
	map.addr = CODE_ADDR;
	map.len = 4096;
	map.prot = PROT_READ | PROT_EXEC;
	CHECK(ioctl(fd, IHK_MC_MAP, &map) == 0, "MAP code: %s", strerror(errno));
	map.addr = STACK_ADDR;
	map.prot = PROT_READ | PROT_WRITE;
	map.flags = IHK_MC_MAP_STACK;
	CHECK(ioctl(fd, IHK_MC_MAP, &map) == 0, "MAP stack: %s", strerror(errno));
	if (check_failures)
		return -1;
	memcpy((void *)CODE_ADDR, code, sizeof(code));
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int started;

	if (argc != 2) {
		printf("FAIL: usage: wait_threads /dev/mcosN\n");
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm(120);
	sigaction(SIGUSR1, &sa, NULL);		/* no SA_RESTART: EINTR */
	if (setup(argv[1]))
		return check_status();
	check_other_process();
	check_einval();

	CHECK(!start_waiter(&second), "second thread: pthread_create failed");
	sleep_ms(300);
	CHECK(!second.done, "a second thread's WAIT returned at once: event %u, %s",
	      second.w.event, strerror(second.err));
	pthread_kill(second.thread, SIGUSR1);
	CHECK(wait_count(&second.eintr, 1, 5000) == 1 && !second.done,
	      "a signal to the second thread's WAIT: %d EINTR, done %d", second.eintr,
	      second.done);

	started = check_limit();
	run_process();
	check_all_ended(started);
	close(fd);
	if (!check_failures)
		printf("wait threads: all correct\n");
	fflush(stdout);
	/* Threads that never returned (a failure) die with us. */
	_exit(check_status());
}
