/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A host environment for common/futex*.c: bucket locks are pthread
 * mutexes, each test thread has a condvar-based block()/wake() with a
 * remembered wake (the permit futex.h asks for), user memory is this
 * process's memory with an optional window that faults (EFAULT), and a
 * shared futex's key is its address (as a physical address would be,
 * the same from every "address space" id).
 */
#ifndef TEST_UNIT_FUTEX_ENV_H
#define TEST_UNIT_FUTEX_ENV_H

#include <pthread.h>
#include <stdint.h>

#include "futex.h"

#define FENV_BUCKETS	64

struct fenv {
	struct futex_table t;
	struct futex_bucket buckets[FENV_BUCKETS];
	pthread_mutex_t locks[FENV_BUCKETS];
	uint32_t dead_tid;		/* tid_alive() says no for this TID */
};

struct fthread {
	struct futex_ctx c;
	struct fenv *env;
	pthread_mutex_t m;
	pthread_cond_t cv;
	int permit;
	uint64_t fault_lo, fault_hi;	/* user accesses here fail */
	struct futex_waiter w;
	struct futex_waiter ws[FUTEX_WAITV_MAX];
};

void fenv_init(struct fenv *e);
void fenv_destroy(struct fenv *e);
void fthread_init(struct fthread *th, uint32_t tid, uint64_t space);
void fthread_destroy(struct fthread *th);

/* futex(2) and futex_waitv(2) as the thread @th. */
long fsys(struct fenv *e, struct fthread *th, const void *uaddr, int op,
	  uint32_t val, uint64_t utime, const void *uaddr2, uint32_t val3);
long fwaitv(struct fenv *e, struct fthread *th, const void *waiters,
	    unsigned int nr, unsigned int flags, const void *timeout,
	    int clockid);

/* Waiters queued on @uaddr's key now (all buckets looked at, locked). */
int fenv_queued(struct fenv *e, const void *uaddr);
/* Poll until @n are queued on @uaddr (5 s at most): 0, or -1. */
int fenv_wait_queued(struct fenv *e, const void *uaddr, int n);

/* One futex call run by its own pthread. */
struct fcall {
	struct fenv *e;
	struct fthread th;
	const void *uaddr, *uaddr2;
	int op;
	uint32_t val, val3;
	uint64_t utime;
	long ret;
	pthread_t pt;
};

void fcall_start(struct fcall *fc, struct fenv *e, uint32_t tid,
		 const void *uaddr, int op, uint32_t val, uint64_t utime,
		 const void *uaddr2, uint32_t val3);
long fcall_join(struct fcall *fc);

/* A timespec pointer as futex's utime argument. */
#define UTIME(ts)	((uint64_t)(uintptr_t)(ts))
uint64_t fenv_now(int clock);

#endif /* TEST_UNIT_FUTEX_ENV_H */
