// SPDX-License-Identifier: GPL-2.0
/*
 * acct: CPU time as a program sees it, for test/vm/mcexec_local.sh
 * (natively and under mcexec, glibc and musl).
 *
 *   acct spin MS      burn the CPU for MS ms of CLOCK_MONOTONIC
 *   acct sleep MS     nanosleep MS ms
 *     Then print what the program used, one "name value" a line:
 *       process_us, thread_us  CLOCK_PROCESS/THREAD_CPUTIME_ID
 *       utime_us, stime_us     getrusage(RUSAGE_SELF)
 *       maxrss_kb              its ru_maxrss
 *       times_utime            times()'s tms_utime + tms_stime, in ticks
 *       hz                     sysconf(_SC_CLK_TCK)
 *     and check what must hold whatever the machine's speed: CPU clocks
 *     and getrusage agree, RUSAGE_CHILDREN is all zeros (no children),
 *     RUSAGE_THREAD is this thread's, times() ticks forward and takes a
 *     NULL buffer, the clock ids of clock_getcpuclockid(0 and getpid())
 *     and pthread_getcpuclockid(self) read the same clocks, and bad
 *     arguments give EINVAL / EFAULT.
 *   acct wait N       start N - 1 threads that sleep (a condition wait),
 *                     print "ready", block reading stdin until EOF, then
 *                     wake and join them and print "done"
 *   acct share MS N   N threads (main included) each burn MS ms of its
 *                     own CLOCK_THREAD_CPUTIME_ID; print process_us and
 *                     check it covers them all (N * MS), ended ones too
 * "FAIL: ..." lines and exit 1 on a mismatch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define US_PER_SEC	1000000LL
#define NS_PER_US	1000LL

static long long now_us(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts)) {
		CHECK(0, "clock_gettime(%d): %s", (int)clk, strerror(errno));
		return -1;
	}
	return ts.tv_sec * US_PER_SEC + ts.tv_nsec / NS_PER_US;
}

static long long tv_us(const struct timeval *tv)
{
	return tv->tv_sec * US_PER_SEC + tv->tv_usec;
}

static void spin_until(clockid_t clk, long long us)
{
	long long end = now_us(clk) + us;

	while (now_us(clk) < end)
		;
}

static long raw(long nr, long a, long b)
{
	long r = syscall(nr, a, b);

	return r < 0 ? -errno : r;
}

/* Within a ms or two of each other: read one after the other. */
static int close_us(long long a, long long b)
{
	return llabs(a - b) <= 20000;
}

static void check_ids(void)
{
	clockid_t c;
	long long self = now_us(CLOCK_PROCESS_CPUTIME_ID);

	CHECK(clock_getcpuclockid(0, &c) == 0 && close_us(now_us(c), self),
	      "clock_getcpuclockid(0) does not read the process clock");
	CHECK(clock_getcpuclockid(getpid(), &c) == 0 && close_us(now_us(c), self),
	      "clock_getcpuclockid(getpid()) does not read the process clock");
	self = now_us(CLOCK_THREAD_CPUTIME_ID);
	CHECK(pthread_getcpuclockid(pthread_self(), &c) == 0 && close_us(now_us(c), self),
	      "pthread_getcpuclockid(self) does not read the thread clock");
}

static void check_rusage(void)
{
	struct rusage self, thread, children;
	struct timespec ts;

	memset(&children, 0xa5, sizeof(children));
	CHECK(getrusage(RUSAGE_CHILDREN, &children) == 0, "RUSAGE_CHILDREN: %s",
	      strerror(errno));
	CHECK(tv_us(&children.ru_utime) == 0 && tv_us(&children.ru_stime) == 0 &&
	      children.ru_maxrss == 0 && children.ru_nvcsw == 0,
	      "RUSAGE_CHILDREN without children: utime %lld stime %lld maxrss %ld",
	      tv_us(&children.ru_utime), tv_us(&children.ru_stime), children.ru_maxrss);
	CHECK(getrusage(RUSAGE_SELF, &self) == 0 && getrusage(RUSAGE_THREAD, &thread) == 0,
	      "getrusage: %s", strerror(errno));
	CHECK(close_us(tv_us(&self.ru_utime) + tv_us(&self.ru_stime),
		       tv_us(&thread.ru_utime) + tv_us(&thread.ru_stime)),
	      "one thread: RUSAGE_THREAD %lld us, RUSAGE_SELF %lld us",
	      tv_us(&thread.ru_utime) + tv_us(&thread.ru_stime),
	      tv_us(&self.ru_utime) + tv_us(&self.ru_stime));
	CHECK(self.ru_maxrss > 0 && thread.ru_maxrss == self.ru_maxrss,
	      "ru_maxrss %ld, of the thread %ld", self.ru_maxrss, thread.ru_maxrss);
	CHECK(raw(SYS_getrusage, 2, (long)&self) == -EINVAL, "getrusage(2) is not EINVAL");
	CHECK(raw(SYS_getrusage, -2, (long)&self) == -EINVAL, "getrusage(-2) is not EINVAL");
	CHECK(raw(SYS_getrusage, RUSAGE_SELF, 1) == -EFAULT, "getrusage to NULL+1");
	CHECK(raw(SYS_getrusage, RUSAGE_SELF, (long)0xffff800000000000UL) == -EFAULT,
	      "getrusage to a kernel address");
	CHECK(raw(SYS_times, 1, 0) == -EFAULT, "times to NULL+1");
	CHECK(raw(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, 1) == -EFAULT,
	      "clock_gettime(PROCESS_CPUTIME) to NULL+1");
	CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0 && ts.tv_sec == 0 &&
	      ts.tv_nsec == 1, "clock_getres PROCESS_CPUTIME %ld.%09ld", (long)ts.tv_sec,
	      ts.tv_nsec);
	CHECK(clock_getres(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 && ts.tv_sec == 0 &&
	      ts.tv_nsec == 1, "clock_getres THREAD_CPUTIME %ld.%09ld", (long)ts.tv_sec,
	      ts.tv_nsec);
}

static void check_times(void)
{
	struct tms t;
	clock_t a, b;

	a = times(&t);
	spin_until(CLOCK_MONOTONIC, 30000);
	b = times(NULL);
	CHECK(b > a, "times() did not tick forward over 30 ms: %ld then %ld", (long)a, (long)b);
	CHECK(t.tms_cutime == 0 && t.tms_cstime == 0, "tms_cutime %ld tms_cstime %ld",
	      (long)t.tms_cutime, (long)t.tms_cstime);
}

static int report(void)
{
	long long proc, thr;
	struct rusage ru;
	struct tms t;

	proc = now_us(CLOCK_PROCESS_CPUTIME_ID);
	thr = now_us(CLOCK_THREAD_CPUTIME_ID);
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0, "getrusage: %s", strerror(errno));
	times(&t);
	/* Read one after the other: the later reads may be a little more. */
	CHECK(close_us(proc, thr), "one thread: process %lld us, thread %lld us", proc, thr);
	CHECK(close_us(proc, tv_us(&ru.ru_utime) + tv_us(&ru.ru_stime)),
	      "process clock %lld us, getrusage %lld us", proc,
	      tv_us(&ru.ru_utime) + tv_us(&ru.ru_stime));
	printf("process_us %lld\nthread_us %lld\n", proc, thr);
	printf("utime_us %lld\nstime_us %lld\nmaxrss_kb %ld\n", tv_us(&ru.ru_utime),
	       tv_us(&ru.ru_stime), ru.ru_maxrss);
	printf("times_utime %ld\nhz %ld\n", (long)(t.tms_utime + t.tms_stime),
	       sysconf(_SC_CLK_TCK));
	check_ids();
	check_rusage();
	check_times();
	return check_status();
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int go;
static long long share_us;

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *burner(void *arg)
{
	(void)arg;
	spin_until(CLOCK_THREAD_CPUTIME_ID, share_us);
	return NULL;
}

/* Start n - 1 threads running @fn; 0 or the number that started. */
static int start(pthread_t *t, int n, void *(*fn)(void *))
{
	int i, err;

	for (i = 1; i < n; i++) {
		err = pthread_create(&t[i], NULL, fn, NULL);
		if (err) {
			CHECK(0, "pthread_create %d: %s", i, strerror(err));
			return i;
		}
	}
	return n;
}

static void join(pthread_t *t, int n)
{
	int i;

	for (i = 1; i < n; i++)
		pthread_join(t[i], NULL);
}

static int wait_mode(int n)
{
	pthread_t t[64];
	char buf[64];
	int started = start(t, n, sleeper);

	printf("ready\n");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	join(t, started);
	printf("done\n");
	return check_status();
}

static int share_mode(long long ms, int n)
{
	pthread_t t[64];
	long long proc;
	int started;

	share_us = ms * 1000;
	started = start(t, n, burner);
	burner(NULL);
	join(t, started);
	proc = now_us(CLOCK_PROCESS_CPUTIME_ID);
	printf("process_us %lld\n", proc);
	/* Each thread's clock passed ms: the sum has every one, ended too. */
	CHECK(proc >= n * share_us, "%d threads of %lld us each: process %lld us", n,
	      share_us, proc);
	return check_status();
}

int main(int argc, char **argv)
{
	struct timespec ts;
	long long ms = argc > 2 ? atoll(argv[2]) : 0;
	int n = argc > 3 ? atoi(argv[3]) : 0;

	if (argc == 3 && !strcmp(argv[1], "spin") && ms > 0) {
		spin_until(CLOCK_MONOTONIC, ms * 1000);
		return report();
	}
	if (argc == 3 && !strcmp(argv[1], "sleep") && ms > 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = ms % 1000 * 1000000;
		nanosleep(&ts, NULL);
		return report();
	}
	if (argc == 3 && !strcmp(argv[1], "wait") && ms > 0 && ms <= 64)
		return wait_mode((int)ms);
	if (argc == 4 && !strcmp(argv[1], "share") && ms > 0 && n > 0 && n <= 64)
		return share_mode(ms, n);
	fprintf(stderr, "usage: acct spin|sleep MS | wait N | share MS N\n");
	return 2;
}
