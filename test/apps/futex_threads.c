// SPDX-License-Identifier: GPL-2.0
/*
 * futex_threads: futexes between threads that really block, with raw
 * futex(2) calls so the libc's own fast paths are not what is tested.
 * Each case prints one deterministic line (counts, not timings) and
 * checks it; the guest test compares the output with a native run.
 *   - ping-pong: two threads hand a word back and forth 200 times with
 *     FUTEX_WAIT/FUTEX_WAKE (private);
 *   - wake: 4 threads wait on a word (shared), FUTEX_WAKE wakes each once;
 *   - requeue: 3 waiters on A moved to B by FUTEX_CMP_REQUEUE, then
 *     woken on B;
 *   - PI: a thread blocked in FUTEX_LOCK_PI is handed the lock by
 *     FUTEX_UNLOCK_PI (its TID, and FUTEX_WAITERS set while it waited);
 *   - futex_waitv: a waiter on two words is woken on the second (index 1);
 *   - get_robust_list of another thread of the process.
 * Threads are never joined (a finished one signals through a word): the
 * process ends by exit_group with threads still blocked.
 * Usage: futex_threads
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_TID_MASK		0x3fffffffu
#define FUTEX_32		2

#define ROUNDS		200
#define WAITERS		4
#define REQUEUED	3

struct waitv {			/* struct futex_waitv */
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static uint32_t turn, gate, qa, qb, pi_word, wv_a, wv_b, done;
static uint32_t worker_tid, pi_seen;
static long waitv_ret;
static void *worker_head;

static long fx(uint32_t *uaddr, int op, uint32_t val, long val2,
	       uint32_t *uaddr2, uint32_t val3)
{
	long r = syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);

	return r < 0 ? -errno : r;
}

static uint32_t load(uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

/* A thread is finished: count it and wake the main thread. */
static void finished(void)
{
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	fx(&done, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0);
}

/* The main thread waits until @n threads have finished in all. */
static void wait_done(uint32_t n)
{
	uint32_t d;

	while ((d = load(&done)) < n)
		fx(&done, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, d, 0, NULL, 0);
}

static void start(void *(*fn)(void *), void *arg)
{
	pthread_attr_t a;
	pthread_t t;
	int err;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&t, &a, fn, arg);
	if (err) {
		/* Nothing to wait for: stop here, not hang. */
		printf("FAIL: pthread_create: %s\n", strerror(err));
		exit(1);
	}
	pthread_attr_destroy(&a);
}

/* turn: even for the main thread, odd for the worker. */
static void *pong(void *arg)
{
	uint32_t i, v;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		while ((v = load(&turn)) % 2 == 0)
			fx(&turn, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, v, 0, NULL, 0);
		__atomic_add_fetch(&turn, 1, __ATOMIC_SEQ_CST);
		fx(&turn, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, NULL, 0);
	}
	finished();
	return NULL;
}

static void pingpong(void)
{
	uint32_t i, v;

	start(pong, NULL);
	for (i = 0; i < ROUNDS; i++) {
		while ((v = load(&turn)) % 2 == 1)
			fx(&turn, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, v, 0, NULL, 0);
		__atomic_add_fetch(&turn, 1, __ATOMIC_SEQ_CST);
		fx(&turn, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, NULL, 0);
	}
	wait_done(1);
	printf("pingpong %u\n", load(&turn));
	CHECK(load(&turn) == 2 * ROUNDS, "turn %u", load(&turn));
}

/* One wait (shared futex), ended only by a wake: the word stays 0. */
static void *gate_waiter(void *arg)
{
	(void)arg;
	fx(&gate, FUTEX_WAIT, 0, 0, NULL, 0);
	finished();
	return NULL;
}

static void wake_all(void)
{
	long woken = 0, r;
	int i;

	for (i = 0; i < WAITERS; i++)
		start(gate_waiter, NULL);
	/* Until each waiter has been woken once (so each really slept). */
	while (woken < WAITERS) {
		r = fx(&gate, FUTEX_WAKE, INT_MAX, 0, NULL, 0);
		CHECK(r >= 0, "wake: %ld", r);
		if (r < 0)
			break;
		woken += r;
		if (woken < WAITERS)
			usleep(1000);
	}
	printf("wake_woken %ld\n", woken);
	CHECK(woken == WAITERS, "woke %ld", woken);
}

static void *queue_waiter(void *arg)
{
	(void)arg;
	/* Returns 0 once woken on qb; qa stays 0 throughout. */
	fx(&qa, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0);
	finished();
	return NULL;
}

static void requeue(uint32_t base)
{
	long moved = 0, woken = 0, r;
	int i;

	for (i = 0; i < REQUEUED; i++)
		start(queue_waiter, NULL);
	while (moved < REQUEUED) {
		r = fx(&qa, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 0, INT_MAX, &qb, 0);
		CHECK(r >= 0, "cmp_requeue: %ld", r);
		if (r < 0)
			break;
		moved += r;
		if (moved < REQUEUED)
			usleep(1000);
	}
	CHECK(load(&done) == base, "a requeued waiter returned early");
	while (woken < REQUEUED) {
		r = fx(&qb, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0);
		if (r < 0)
			break;
		woken += r;
	}
	printf("requeue_moved %ld woken_on_b %ld\n", moved, woken);
	CHECK(moved == REQUEUED && woken == REQUEUED, "moved %ld woken %ld",
	      moved, woken);
	wait_done(base + REQUEUED);
}

static void *pi_locker(void *arg)
{
	uint32_t tid = (uint32_t)syscall(SYS_gettid);
	long r;

	(void)arg;
	__atomic_store_n(&worker_tid, tid, __ATOMIC_SEQ_CST);
	r = fx(&pi_word, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0);
	pi_seen = r == 0 && (load(&pi_word) & FUTEX_TID_MASK) == tid;
	r = fx(&pi_word, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0);
	pi_seen = pi_seen && r == 0 && load(&pi_word) == 0;
	finished();
	return NULL;
}

static void pi_handoff(uint32_t base)
{
	uint32_t me = (uint32_t)syscall(SYS_gettid);
	long r;

	r = fx(&pi_word, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0);
	CHECK(r == 0 && load(&pi_word) == me, "lock_pi %ld word %#x", r, load(&pi_word));
	start(pi_locker, NULL);
	/* The locker is in the kernel once it has set FUTEX_WAITERS. */
	while (!(load(&pi_word) & FUTEX_WAITERS))
		usleep(1000);
	printf("pi_waiters_set %d\n", load(&pi_word) == (me | FUTEX_WAITERS));
	r = fx(&pi_word, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0);
	CHECK(r == 0, "unlock_pi %ld", r);
	wait_done(base + 1);
	printf("pi_handed_over %d\n", (int)pi_seen);
	CHECK(pi_seen, "the waiter did not get the lock as its own");
}

static void *waitv_waiter(void *arg)
{
	struct waitv w[2] = {
		{ 0, (uintptr_t)&wv_a, FUTEX_32 | FUTEX_PRIVATE_FLAG, 0 },
		{ 0, (uintptr_t)&wv_b, FUTEX_32 | FUTEX_PRIVATE_FLAG, 0 },
	};
	long r;

	(void)arg;
	r = syscall(SYS_futex_waitv, w, 2, 0, NULL, 0);
	waitv_ret = r < 0 ? -errno : r;
	finished();
	return NULL;
}

static void waitv_wake(uint32_t base)
{
	long r;

	start(waitv_waiter, NULL);
	while ((r = fx(&wv_b, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, NULL, 0)) == 0)
		usleep(1000);
	wait_done(base + 1);
	printf("waitv_woken %ld index %ld\n", r, waitv_ret);
	CHECK(r == 1 && waitv_ret == 1, "wake %ld, waitv returned %ld", r, waitv_ret);
}

static void *robust_setter(void *arg)
{
	static struct { void *next; long off; void *pending; } head;
	uint32_t never = 0;

	(void)arg;
	head.next = &head;
	syscall(SYS_set_robust_list, &head, sizeof(head));
	__atomic_store_n(&worker_head, (void *)&head, __ATOMIC_SEQ_CST);
	__atomic_store_n(&worker_tid, (uint32_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	finished();
	for (;;)		/* stays, so its tid stays its own */
		fx(&never, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0);
	return NULL;
}

static void robust_other(uint32_t base)
{
	void *head = NULL;
	size_t len = 0;
	long r;

	worker_tid = 0;
	start(robust_setter, NULL);
	wait_done(base + 1);
	r = syscall(SYS_get_robust_list, load(&worker_tid), &head, &len);
	r = r < 0 ? -errno : r;
	printf("get_robust_list_other %ld same %d len %zu\n", r,
	       head == worker_head, len);
	CHECK(r == 0 && head == worker_head && len == 24,
	      "get_robust_list of another thread: %ld", r);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pingpong();
	wake_all();
	wait_done(1 + WAITERS);
	requeue(1 + WAITERS);
	pi_handoff(1 + WAITERS + REQUEUED);
	waitv_wake(2 + WAITERS + REQUEUED);
	robust_other(3 + WAITERS + REQUEUED);
	if (!check_status())
		printf("futex threads: all correct\n");
	return check_status();
}
