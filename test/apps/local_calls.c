// SPDX-License-Identifier: GPL-2.0
/*
 * local_calls: the calls the LWK serves itself, and its pointer checks.
 * Prints facts the guest test compares with the shell's view (ids, the
 * CPU, limits) and checks the rest itself, one FAIL line per mismatch:
 *   - gettid is getpid; sched_yield 0; set_tid_address returns the tid;
 *   - sched_getaffinity: the mask it reports, printed as a CPU list;
 *     sched_setaffinity takes that mask back, and refuses an empty one;
 *   - getrlimit/setrlimit/prlimit64: RLIMIT_STACK printed; lowering the
 *     soft limit sticks, raising the hard one is EPERM (not root) or
 *     sticks (root), RLIMIT_NOFILE printed;
 *   - clock_getres: fine clocks 1 ns, a bad clock id EINVAL;
 *   - every pointer argument of a local call that points nowhere (NULL+1,
 *     an unmapped user page, a kernel address) is EFAULT, and the process
 *     lives on to say so.
 * Usage: local_calls
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static long raw(long nr, long a, long b, long c, long d)
{
	long r = syscall(nr, a, b, c, d);

	return r < 0 ? -errno : r;
}

static void ids(void)
{
	long tid = raw(SYS_gettid, 0, 0, 0, 0);

	CHECK(tid == getpid(), "gettid %ld, getpid %d", tid, getpid());
	CHECK(raw(SYS_set_tid_address, 0, 0, 0, 0) == tid,
	      "set_tid_address does not return the tid");
	CHECK(sched_yield() == 0, "sched_yield: %s", strerror(errno));
	printf("pid %d\n", getpid());
}

static void affinity(void)
{
	cpu_set_t set;
	int cpu, n = 0;

	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity: %s",
	      strerror(errno));
	printf("affinity");
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &set)) {
			printf(" %d", cpu);
			n++;
		}
	}
	printf("\n");
	CHECK(n > 0, "empty affinity mask");
	/* Its own mask back is fine; a mask with no CPU is EINVAL. */
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0,
	      "sched_setaffinity to its own mask: %s", strerror(errno));
	CPU_ZERO(&set);
	errno = 0;
	CHECK(sched_setaffinity(0, sizeof(set), &set) == -1 && errno == EINVAL,
	      "sched_setaffinity to no CPU: %s, not EINVAL", strerror(errno));
}

static void limits(void)
{
	struct rlimit r, lower, back;

	CHECK(getrlimit(RLIMIT_STACK, &r) == 0, "getrlimit STACK: %s", strerror(errno));
	printf("stack %llu\n", (unsigned long long)r.rlim_cur);
	lower = r;
	lower.rlim_cur = 1 << 20;
	if (r.rlim_max != RLIM_INFINITY && r.rlim_max < lower.rlim_cur)
		lower.rlim_cur = r.rlim_max;
	CHECK(setrlimit(RLIMIT_STACK, &lower) == 0, "setrlimit STACK: %s", strerror(errno));
	CHECK(getrlimit(RLIMIT_STACK, &back) == 0 && back.rlim_cur == lower.rlim_cur,
	      "lowered STACK soft limit reads back as %llu", (unsigned long long)back.rlim_cur);
	CHECK(prlimit(0, RLIMIT_STACK, &r, &back) == 0 && back.rlim_cur == lower.rlim_cur,
	      "prlimit64 sets and returns the old STACK limit");
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0, "getrlimit NOFILE: %s", strerror(errno));
	printf("nofile %llu %llu\n", (unsigned long long)r.rlim_cur,
	       (unsigned long long)r.rlim_max);
	CHECK(getrlimit(99, &r) == -1 && errno == EINVAL, "getrlimit(99) is not EINVAL");
}

static void resolution(void)
{
	struct timespec ts;

	CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 1,
	      "clock_getres MONOTONIC %ld.%09ld", (long)ts.tv_sec, ts.tv_nsec);
	CHECK(clock_getres(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 1,
	      "clock_getres REALTIME %ld.%09ld", (long)ts.tv_sec, ts.tv_nsec);
	CHECK(raw(SYS_clock_gettime, 12345, (long)&ts, 0, 0) == -EINVAL,
	      "clock_gettime of a bad clock id is not EINVAL");
}

/* Each local call with a pointer that points nowhere: EFAULT. */
static void bad_pointers(void)
{
	static const struct {
		const char *what;
		long addr;
	} bad[] = {
		{ "NULL+1", 1 },
		{ "kernel address", (long)0xffff800000000000UL },
		{ "LWK kernel image", (long)0xffffffff80000000UL },
		{ "non-canonical", (long)0x0000900000000000UL },
		{ "unmapped page", 0 },	/* filled in below */
	};
	struct timespec req = { 0, 1000 };
	unsigned int i;
	long p, hole;

	hole = (long)mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(hole != (long)MAP_FAILED && munmap((void *)hole, 4096) == 0,
	      "making an unmapped page");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *w = bad[i].what;

		p = bad[i].addr ? bad[i].addr : hole;
		CHECK(raw(SYS_clock_gettime, CLOCK_REALTIME, p, 0, 0) == -EFAULT,
		      "clock_gettime to %s", w);
		CHECK(raw(SYS_gettimeofday, p, 0, 0, 0) == -EFAULT, "gettimeofday to %s", w);
		CHECK(raw(SYS_time, p, 0, 0, 0) == -EFAULT, "time to %s", w);
		CHECK(raw(SYS_nanosleep, p, 0, 0, 0) == -EFAULT, "nanosleep from %s", w);
		CHECK(raw(SYS_nanosleep, (long)&req, 0, 0, 0) == 0, "nanosleep 1 us");
		CHECK(raw(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, p, 0) == -EFAULT,
		      "clock_nanosleep from %s", w);
		CHECK(raw(SYS_sched_getaffinity, 0, 128, p, 0) == -EFAULT,
		      "sched_getaffinity to %s", w);
		CHECK(raw(SYS_getrlimit, RLIMIT_STACK, p, 0, 0) == -EFAULT,
		      "getrlimit to %s", w);
		CHECK(raw(SYS_setrlimit, RLIMIT_STACK, p, 0, 0) == -EFAULT,
		      "setrlimit from %s", w);
		CHECK(raw(SYS_prlimit64, 0, RLIMIT_STACK, p, 0) == -EFAULT,
		      "prlimit64 from %s", w);
		CHECK(raw(SYS_rt_sigaction, SIGUSR1, p, 0, 8) == -EFAULT,
		      "rt_sigaction from %s", w);
		CHECK(raw(SYS_rt_sigprocmask, SIG_BLOCK, p, 0, 8) == -EFAULT,
		      "rt_sigprocmask from %s", w);
		CHECK(raw(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, p, 0, 0) == -EFAULT,
		      "arch_prctl(ARCH_GET_FS) to %s", w);
		CHECK(raw(SYS_clock_getres, CLOCK_MONOTONIC, p, 0, 0) == -EFAULT,
		      "clock_getres to %s", w);
	}
}

int main(void)
{
	ids();
	affinity();
	limits();
	resolution();
	bad_pointers();
	if (!check_failures)
		printf("local calls: all correct\n");
	return check_status();
}
