// SPDX-License-Identifier: GPL-2.0
/*
 * futex_stress: the futex system call itself, not through pthreads, with
 * many waiters: WAIT/WAKE rounds of 16 threads (half of them waiting with
 * WAIT_BITSET, woken by WAKE or WAKE_BITSET), WAKE_BITSET that wakes only
 * the waiters whose bits match, CMP_REQUEUE and REQUEUE storms (every
 * waiter moved from word to word before it is woken), WAKE_OP (its
 * operations and conditions, and its two wake-ups), and what a single
 * call answers: EAGAIN when the value differs, ETIMEDOUT after a relative
 * timeout and after absolute CLOCK_MONOTONIC and CLOCK_REALTIME ones,
 * EINVAL for a bad timeout or an empty bitset. All of it twice: private
 * (FUTEX_PRIVATE_FLAG) and shared (without it).
 *
 * No wait here can be lost for good: every waiter re-checks its word in
 * a loop, and the waker loops until everyone it woke has said so, so a
 * lost wake-up is a hang (the watchdog's SIGALRM) or a wrong count, never
 * a flaky pass.
 *
 * usage: futex_stress [SCALE]   (1..1000, default 1: under 2 s natively
 *                                in a TCG guest; more rounds for a soak)
 * Output: fixed lines (errno names and exact counts), the same natively
 * and under mcexec, with glibc and musl. Exit status 0 if all held, else
 * 1 with FAIL lines and one line on stderr; 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "pt.h"

/* The kernel's ABI (linux/futex.h, which musl-gcc does not see). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

#define FUTEX_OP_SET		0
#define FUTEX_OP_ADD		1
#define FUTEX_OP_OR		2
#define FUTEX_OP_ANDN		3
#define FUTEX_OP_XOR		4
#define FUTEX_OP_OPARG_SHIFT	8
#define FUTEX_OP_CMP_EQ		0
#define FUTEX_OP_CMP_NE		1
#define FUTEX_OP_CMP_LT		2
#define FUTEX_OP_CMP_LE		3
#define FUTEX_OP_CMP_GT		4
#define FUTEX_OP_CMP_GE		5
#define FUTEX_OP(op, oparg, cmp, cmparg)				\
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) |			\
	 (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

#define WAITERS		16
#define GROUPS		4	/* bitset groups of WAITERS / GROUPS */
#define ROUNDS		20	/* per SCALE, for the round-based parts */
#define TIMEOUT_NS	20000000L
#define DEADLINE_S	20	/* a waker loop that takes longer lost a waiter */

static int flag;		/* FUTEX_PRIVATE_FLAG or 0 */
static const char *mode;	/* "private" or "shared" */
static long rounds;

static long futex(atomic_uint *uaddr, int op, unsigned int val, const struct timespec *ts,
		  atomic_uint *uaddr2, unsigned int val3)
{
	return syscall(SYS_futex, uaddr, op | flag, val, ts, uaddr2, val3);
}

/* The same for the calls whose 4th argument is a count (val2). */
static long futex2(atomic_uint *uaddr, int op, unsigned int val, unsigned long val2,
		   atomic_uint *uaddr2, unsigned int val3)
{
	return syscall(SYS_futex, uaddr, op | flag, val, val2, uaddr2, val3);
}

static long wait_on(atomic_uint *w, unsigned int val)
{
	return futex(w, FUTEX_WAIT, val, NULL, NULL, 0);
}

static long wake(atomic_uint *w, int n)
{
	return futex(w, FUTEX_WAKE, n, NULL, NULL, 0);
}

/* What a call answered: "0" (or its count), or its errno's name. */
static const char *answer(long ret)
{
	static char buf[32];

	if (ret >= 0) {
		snprintf(buf, sizeof(buf), "%ld", ret);
		return buf;
	}
	switch (errno) {
	case EAGAIN: return "EAGAIN";
	case EINVAL: return "EINVAL";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINTR: return "EINTR";
	case ENOSYS: return "ENOSYS";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	}
	snprintf(buf, sizeof(buf), "errno %d", errno);
	return buf;
}

static int64_t ns_of(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct timespec ts_of(int64_t ns)
{
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };

	return ts;
}

/* Waits until *@w reaches @want, sleeping on it; the wakers wake it. */
static int wait_until_at_least(atomic_uint *w, unsigned int want)
{
	struct timespec tick = { 0, 10000000 };
	int64_t end = ns_of(CLOCK_MONOTONIC) + DEADLINE_S * 1000000000LL;
	unsigned int v;

	while ((v = atomic_load(w)) < want) {
		if (ns_of(CLOCK_MONOTONIC) > end)
			return -1;
		futex(w, FUTEX_WAIT, v, &tick, NULL, 0);
	}
	return 0;
}

static void bump(atomic_uint *w)
{
	atomic_fetch_add(w, 1);
	wake(w, 1);
}

/* --- single calls --------------------------------------------------------- */
static void expect(const char *what, long ret, const char *want)
{
	const char *got = answer(ret);

	CHECK(!strcmp(got, want), "%s: %s: %s, want %s", mode, what, got, want);
	printf("%s: %s: %s\n", mode, what, got);
}

static void single_calls(void)
{
	struct timespec rel = { 0, TIMEOUT_NS }, bad = { 0, 1000000000 }, abs;
	atomic_uint w = 5, w2 = 0;
	int64_t t0, dl;
	long ret;

	expect("wait on a changed value", futex(&w, FUTEX_WAIT, 4, NULL, NULL, 0), "EAGAIN");
	expect("wait_bitset on a changed value",
	       futex(&w, FUTEX_WAIT_BITSET, 4, NULL, NULL, FUTEX_BITSET_MATCH_ANY), "EAGAIN");
	expect("wait_bitset with an empty bitset", futex(&w, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0),
	       "EINVAL");
	expect("wake_bitset with an empty bitset", futex(&w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0),
	       "EINVAL");
	expect("wait with tv_nsec 1000000000", futex(&w, FUTEX_WAIT, 5, &bad, NULL, 0), "EINVAL");
	expect("wake with nobody waiting", wake(&w, INT_MAX), "0");

	t0 = ns_of(CLOCK_MONOTONIC);
	ret = futex(&w, FUTEX_WAIT, 5, &rel, NULL, 0);
	expect("wait, relative 20 ms timeout", ret, "ETIMEDOUT");
	CHECK(ns_of(CLOCK_MONOTONIC) - t0 >= TIMEOUT_NS, "%s: relative timeout early", mode);

	dl = ns_of(CLOCK_MONOTONIC) + TIMEOUT_NS;
	abs = ts_of(dl);
	ret = futex(&w, FUTEX_WAIT_BITSET, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	expect("wait_bitset, absolute CLOCK_MONOTONIC timeout", ret, "ETIMEDOUT");
	CHECK(ns_of(CLOCK_MONOTONIC) >= dl, "%s: CLOCK_MONOTONIC deadline early", mode);

	dl = ns_of(CLOCK_REALTIME) + TIMEOUT_NS;
	abs = ts_of(dl);
	ret = futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &abs, NULL,
		    FUTEX_BITSET_MATCH_ANY);
	expect("wait_bitset, absolute CLOCK_REALTIME timeout", ret, "ETIMEDOUT");
	CHECK(ns_of(CLOCK_REALTIME) >= dl, "%s: CLOCK_REALTIME deadline early", mode);

	abs = ts_of(ns_of(CLOCK_REALTIME) - 1000000000LL);
	expect("wait_bitset, CLOCK_REALTIME deadline passed",
	       futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &abs, NULL,
		     FUTEX_BITSET_MATCH_ANY), "ETIMEDOUT");

	expect("cmp_requeue with a changed value",
	       futex2(&w, FUTEX_CMP_REQUEUE, 1, INT_MAX, &w2, 4), "EAGAIN");
	expect("cmp_requeue with nobody waiting",
	       futex2(&w, FUTEX_CMP_REQUEUE, 1, INT_MAX, &w2, 5), "0");
	expect("requeue with nobody waiting", futex2(&w, FUTEX_REQUEUE, 1, INT_MAX, &w2, 0), "0");
}

/* --- WAKE_OP: the operation on the second word, then the wake-ups -------- */
static void wake_op_ops(void)
{
	static const struct {
		const char *name;
		unsigned int before, op, after;
	} t[] = {
		{ "set", 9, FUTEX_OP(FUTEX_OP_SET, 4, FUTEX_OP_CMP_EQ, 9), 4 },
		{ "add", 5, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 4), 8 },
		{ "or", 8, FUTEX_OP(FUTEX_OP_OR, 0x10, FUTEX_OP_CMP_NE, 8), 0x18 },
		{ "andn", 0x18, FUTEX_OP(FUTEX_OP_ANDN, 0x8, FUTEX_OP_CMP_LT, 0x18), 0x10 },
		{ "xor", 0x10, FUTEX_OP(FUTEX_OP_XOR, 0x11, FUTEX_OP_CMP_GE, 0x10), 0x1 },
		{ "set 1<<4", 0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4,
					  FUTEX_OP_CMP_LE, 0), 16 },
	};
	atomic_uint a = 0, b;
	unsigned int i, ok = 0;
	long ret;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b = t[i].before;
		ret = futex2(&a, FUTEX_WAKE_OP, 1, 1, &b, t[i].op);
		CHECK(ret == 0 && b == t[i].after, "%s: wake_op %s: returned %s, word %u, want 0, %u",
		      mode, t[i].name, answer(ret), b, t[i].after);
		ok += ret == 0 && b == t[i].after;
	}
	printf("%s: wake_op operations: %u of %zu right\n", mode, ok, sizeof(t) / sizeof(t[0]));
}

static atomic_uint op_a, op_b, op_left;
static atomic_int op_ret[2];

static void *op_waiter(void *arg)
{
	long i = (long)arg;

	op_ret[i] = (int)(wait_on(i ? &op_b : &op_a, 0) ? -errno : 0);
	bump(&op_left);
	return NULL;
}

/*
 * One waiter on each word. The first WAKE_OP sets B to 1 (old value 0:
 * the condition holds, B's waiter is woken too); later ones leave B's
 * waiter alone. A waiter not asleep yet is caught by a later call, or
 * finds B changed (EAGAIN).
 */
static void wake_op_waiters(void)
{
	int64_t end = ns_of(CLOCK_MONOTONIC) + DEADLINE_S * 1000000000LL;
	pthread_t t[2];
	long i, ret, bad = 0;

	op_a = op_b = op_left = 0;
	for (i = 0; i < 2; i++)
		pt_start(&t[i], op_waiter, (void *)i);
	while (atomic_load(&op_left) < 2 && ns_of(CLOCK_MONOTONIC) < end) {
		ret = futex2(&op_a, FUTEX_WAKE_OP, 1, 1, &op_b,
			     FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0));
		bad += ret < 0;
		usleep(1000);
	}
	for (i = 0; i < 2; i++)
		pt_join(t[i]);
	CHECK(!bad, "%s: wake_op with waiters failed %ld times", mode, bad);
	CHECK(op_ret[0] == 0, "%s: wake_op: A's waiter got %d", mode, op_ret[0]);
	CHECK(op_ret[1] == 0 || op_ret[1] == -EAGAIN, "%s: wake_op: B's waiter got %d", mode,
	      op_ret[1]);
	CHECK(op_b == 1, "%s: wake_op: B is %u, want 1", mode, op_b);
	printf("%s: wake_op woke both waiters, B %u\n", mode, op_b);
}

/* --- WAIT/WAKE rounds ------------------------------------------------------ */
static atomic_uint gen, arrived, passed;

static void *round_waiter(void *arg)
{
	long id = (long)arg;
	unsigned int r, bits = 0x100 | 1u << (id % GROUPS);

	for (r = 0; r < rounds; r++) {
		bump(&arrived);
		while (atomic_load(&gen) == r) {
			if (id % 2)
				futex(&gen, FUTEX_WAIT_BITSET, r, NULL, NULL, bits);
			else
				wait_on(&gen, r);
		}
		atomic_fetch_add(&passed, 1);
	}
	return NULL;
}

static void wait_wake_rounds(void)
{
	pthread_t t[WAITERS];
	unsigned int r;
	long i, n, woken = 0;
	int lost = 0;

	gen = arrived = passed = 0;
	for (i = 0; i < WAITERS; i++)
		pt_start(&t[i], round_waiter, (void *)i);
	for (r = 0; r < rounds && !lost; r++) {
		lost = wait_until_at_least(&arrived, WAITERS * (r + 1));
		atomic_store(&gen, r + 1);
		/* Every waiter's bitset has 0x100. */
		if (r % 2)
			n = futex(&gen, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x100);
		else
			n = wake(&gen, INT_MAX);
		woken += n > 0 ? n : 0;
	}
	if (lost)
		pt_die("wait/wake rounds: the waiters never all arrived", ETIMEDOUT);
	for (i = 0; i < WAITERS; i++)
		pt_join(t[i]);
	/* As for the requeue storm: some wake-up must have met a sleeper. */
	CHECK(woken > 0, "%s: wait/wake: no wake-up ever found a sleeper", mode);
	CHECK(passed == WAITERS * rounds, "%s: wait/wake: %u passes, want %ld", mode, passed,
	      WAITERS * rounds);
	printf("%s: wait/wake: %d waiters x %ld rounds = %u wake-ups\n", mode, WAITERS, rounds,
	       passed);
}

/* --- WAKE_BITSET wakes only the matching waiters --------------------------- */
static atomic_uint bs_word, bs_woken[GROUPS];
static atomic_int bs_bad;

static void *bitset_waiter(void *arg)
{
	long g = (long)arg % GROUPS;

	if (futex(&bs_word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 1u << g))
		atomic_fetch_add(&bs_bad, 1);
	atomic_fetch_add(&bs_woken[g], 1);
	return NULL;
}

static void wake_bitset_groups(void)
{
	pthread_t t[WAITERS];
	long i, g, woke, ret;
	int64_t end;
	int early = 0;

	bs_word = 0;
	bs_bad = 0;
	for (g = 0; g < GROUPS; g++)
		bs_woken[g] = 0;
	for (i = 0; i < WAITERS; i++)
		pt_start(&t[i], bitset_waiter, (void *)i);
	end = ns_of(CLOCK_MONOTONIC) + DEADLINE_S * 1000000000LL;
	for (g = 0; g < GROUPS; g++) {
		/* The group's waiters may not all be asleep yet: until they are. */
		for (woke = 0; woke < WAITERS / GROUPS;) {
			ret = futex(&bs_word, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 1u << g);
			if (ret < 0 || ns_of(CLOCK_MONOTONIC) > end)
				pt_die("wake_bitset: a group was never woken", ret < 0 ? errno :
				       ETIMEDOUT);
			woke += ret;
			if (woke < WAITERS / GROUPS)
				usleep(1000);
		}
		CHECK(woke == WAITERS / GROUPS, "%s: wake_bitset group %ld: woke %ld", mode, g,
		      woke);
		/* Later groups sleep on: nobody of theirs was woken. */
		for (i = g + 1; i < GROUPS; i++)
			early += atomic_load(&bs_woken[i]) != 0;
	}
	for (i = 0; i < WAITERS; i++)
		pt_join(t[i]);
	CHECK(!early, "%s: wake_bitset woke a waiter of another group", mode);
	CHECK(!bs_bad, "%s: wake_bitset: %d waiters' calls failed", mode, bs_bad);
	printf("%s: wake_bitset: %d groups of %d, each woken alone: %s\n", mode, GROUPS,
	       WAITERS / GROUPS, early || bs_bad ? "no" : "yes");
}

/* --- CMP_REQUEUE / REQUEUE storms ------------------------------------------ */
static atomic_uint seq, rq_arrived, rq_left, m1, m2;

static void *requeue_waiter(void *arg)
{
	unsigned int r;

	(void)arg;
	for (r = 0; r < rounds; r++) {
		bump(&rq_arrived);
		while (atomic_load(&seq) == r)
			wait_on(&seq, r);
		bump(&rq_left);
	}
	return NULL;
}

/*
 * Each round: a condition-variable broadcast the way glibc once did it
 * (wake one, requeue the rest onto a mutex word), then the sleepers moved
 * m1 -> m2 (CMP_REQUEUE) -> m1 (REQUEUE), then woken from m1 in ones and
 * twos until all have passed.
 */
static void requeue_storm(void)
{
	struct timespec tick = { 0, 1000000 };
	pthread_t t[WAITERS];
	unsigned int r, l;
	int64_t end;
	long i, n, bad = 0, moved = 0;

	seq = rq_arrived = rq_left = m1 = m2 = 0;
	for (i = 0; i < WAITERS; i++)
		pt_start(&t[i], requeue_waiter, (void *)i);
	end = ns_of(CLOCK_MONOTONIC) + DEADLINE_S * 1000000000LL;
	for (r = 0; r < rounds; r++) {
		if (wait_until_at_least(&rq_arrived, WAITERS * (r + 1)))
			pt_die("requeue: the waiters never all arrived", ETIMEDOUT);
		atomic_store(&seq, r + 1);
		n = futex2(&seq, FUTEX_CMP_REQUEUE, 1, INT_MAX, &m1, r + 1);
		bad += n < 0;
		moved += n > 1 ? n - 1 : 0;
		bad += futex2(&m1, FUTEX_CMP_REQUEUE, 0, INT_MAX, &m2, 0) < 0;
		bad += futex2(&m2, FUTEX_REQUEUE, 0, INT_MAX, &m1, 0) < 0;
		while ((l = atomic_load(&rq_left)) < WAITERS * (r + 1)) {
			if (ns_of(CLOCK_MONOTONIC) > end)
				pt_die("requeue: requeued waiters were never woken", ETIMEDOUT);
			if (wake(&m1, 1 + r % 2) <= 0)
				futex(&rq_left, FUTEX_WAIT, l, &tick, NULL, 0);
		}
	}
	for (i = 0; i < WAITERS; i++)
		pt_join(t[i]);
	CHECK(!bad, "%s: requeue: %ld calls failed", mode, bad);
	/*
	 * Not one sleeper requeued in all the rounds would be a storm that
	 * never happened (every waiter would have to be between its arrival
	 * and its FUTEX_WAIT each time): the count itself varies, so only
	 * "some" is checked, never printed.
	 */
	CHECK(moved > 0, "%s: requeue: no waiter was ever asleep to be requeued", mode);
	CHECK(rq_left == WAITERS * rounds, "%s: requeue: %u passes, want %ld", mode, rq_left,
	      WAITERS * rounds);
	printf("%s: cmp_requeue/requeue: %d waiters x %ld rounds = %u wake-ups\n", mode, WAITERS,
	       rounds, rq_left);
}

int main(int argc, char **argv)
{
	char *end;
	long scale = 1;
	int pass;

	if (argc > 2)
		goto usage;
	if (argc == 2) {
		scale = strtol(argv[1], &end, 10);
		if (!*argv[1] || *end || scale < 1 || scale > 1000)
			goto usage;
	}
	rounds = ROUNDS * scale;
	pt_watchdog("futex_stress", 30 + 10 * scale);
	for (pass = 0; pass < 2; pass++) {
		flag = pass ? 0 : FUTEX_PRIVATE_FLAG;
		mode = pass ? "shared" : "private";
		single_calls();
		wake_op_ops();
		wake_op_waiters();
		wait_wake_rounds();
		wake_bitset_groups();
		requeue_storm();
	}
	return check_verdict("futex_stress");

usage:
	fprintf(stderr, "usage: futex_stress [SCALE (1..1000)]\n");
	return 2;
}
