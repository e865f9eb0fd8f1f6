/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU-time accounting as Linux's calls report it (lwk/kernel/acct.c):
 * getrusage's and times()'s layouts and units, and what a thread's state
 * is on the status page ihk.ko reads. Pure logic: built into the LWK and
 * into the host unit tests.
 *
 * The LWK does not split user from system time: a thread's CPU time is
 * the time it held its CPU (kernel/sched.c), local syscalls and
 * interrupts included, waits (sleeps, futexes, offloaded calls) excluded.
 * All of it is reported as user time, system time as 0: on the LWK the
 * kernel's share is the few local calls, and timing each call both ways
 * would cost every syscall two TSC reads for a split nobody tunes by.
 */
#ifndef LWK_ACCT_H
#define LWK_ACCT_H

#include "compat.h"
#include <lwk/clock_calc.h>

#define LWK_RUSAGE_SELF		0
#define LWK_RUSAGE_CHILDREN	(-1)
#define LWK_RUSAGE_THREAD	1

/* Linux's USER_HZ: the unit of times() and of clock_t everywhere. */
#define LWK_USER_HZ		100

/* struct rusage (x86_64): two timevals, then 14 longs. */
struct lwk_rusage {
	struct lwk_timeval utime;
	struct lwk_timeval stime;
	int64_t maxrss;		/* KiB */
	int64_t ixrss;
	int64_t idrss;
	int64_t isrss;
	int64_t minflt;
	int64_t majflt;
	int64_t nswap;
	int64_t inblock;
	int64_t oublock;
	int64_t msgsnd;
	int64_t msgrcv;
	int64_t nsignals;
	int64_t nvcsw;
	int64_t nivcsw;
};

/* struct tms: clock_t (long) ticks of LWK_USER_HZ. */
struct lwk_tms {
	int64_t utime;
	int64_t stime;
	int64_t cutime;
	int64_t cstime;
};

/* @ns as a timeval, microseconds rounded down (as Linux converts). */
void acct_ns_to_timeval(uint64_t ns, struct lwk_timeval *tv);
/* @ns in clock ticks of LWK_USER_HZ, rounded down. */
int64_t acct_ns_to_ticks(uint64_t ns);

/*
 * getrusage(@who) of a process that used @cpu_ns (for RUSAGE_THREAD: the
 * calling thread's) and whose resident memory peaked at @maxrss_bytes.
 * RUSAGE_CHILDREN: all zeros, the LWK runs no children. What the LWK
 * does not count is 0: page faults (memory is mapped populated), block
 * I/O (Linux does it for mcexec), context switches, the unused IPC and
 * swap fields. 0, or -EINVAL for another @who (Linux's answer).
 */
int acct_rusage(int who, uint64_t cpu_ns, uint64_t maxrss_bytes,
		struct lwk_rusage *ru);

/* times()'s buffer for a process that used @cpu_ns. */
void acct_tms(uint64_t cpu_ns, struct lwk_tms *t);

/* A thread as struct lwk_thread holds it, for acct_thread_state(). */
struct acct_thread_view {
	uint32_t state;		/* enum lwk_thread_state */
	bool waiting;		/* in sched_block(), waiting on its CPU */
	uint32_t wait_type;	/* a reply from Linux it waits for; 0: none */
};

/*
 * What the status page says of a thread (enum ihk_lwk_proc_state):
 * running (RUNNING, RUNNABLE or NEW: it has or wants its CPU), offload
 * (waiting for Linux's reply to an offloaded call), sleeping (any other
 * wait: nanosleep, a futex, a join), exited (DEAD).
 */
uint32_t acct_thread_state(const struct acct_thread_view *v);

#endif /* LWK_ACCT_H */
