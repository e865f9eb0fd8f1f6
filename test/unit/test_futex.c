// SPDX-License-Identifier: GPL-2.0
/*
 * common/futex*.c, the plain operations: WAIT, WAKE, the BITSET forms,
 * REQUEUE, CMP_REQUEUE, WAKE_OP, futex_waitv, timeouts and every errno
 * Linux 6.1 gives for bad input (in its order).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "futex_env.h"

#define ME	100
#define P	FUTEX_PRIVATE_FLAG
#define SHIFT	FUTEX_OP_OPARG_SHIFT

static struct fenv env;
static struct fthread me;
static uint32_t fa, fb, fc_word;

struct ts {
	int64_t sec, nsec;
};

static void setup(void)
{
	fenv_init(&env);
	fthread_init(&me, ME, 1);
	fa = fb = fc_word = 0;
}

static void teardown(void)
{
	fthread_destroy(&me);
	fenv_destroy(&env);
}

static long sys(const void *uaddr, int op, uint32_t val, uint64_t utime,
		const void *uaddr2, uint32_t val3)
{
	return fsys(&env, &me, uaddr, op, val, utime, uaddr2, val3);
}

/* A waiter thread on @uaddr for @val, queued before this returns. */
static void start_waiter(struct fcall *fc, uint32_t tid, uint32_t *uaddr,
			 int op, uint32_t val, uint32_t bitset, int queued)
{
	fcall_start(fc, &env, tid, uaddr, op, val, 0, NULL, bitset);
	ck_assert_int_eq(fenv_wait_queued(&env, uaddr, queued), 0);
}

START_TEST(wait_value_differs_is_eagain)
{
	fa = 1;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | P, 0, 0, NULL, 0), -EAGAIN);
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT, 0, 0, NULL, 0), -EAGAIN);
}
END_TEST

START_TEST(bad_addresses)
{
	char *p = (char *)&fa;

	ck_assert_int_eq(sys(p + 1, FUTEX_WAIT | P, 0, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(sys(p + 2, FUTEX_WAKE | P, 1, 0, NULL, 0), -EINVAL);
	me.c.user_top = (uintptr_t)&fa + 2;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | P, 0, 0, NULL, 0), -EFAULT);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), -EFAULT);
	/* Misaligned wins over out of range, as in Linux. */
	ck_assert_int_eq(sys(p + 1, FUTEX_WAKE | P, 1, 0, NULL, 0), -EINVAL);
	me.c.user_top = 0x7ffffffff000ull;
	me.fault_lo = (uintptr_t)&fa;
	me.fault_hi = me.fault_lo + 4;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | P, 0, 0, NULL, 0), -EFAULT);
	/* A private wake never reads the word: no fault, nobody woken. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 0);
	/* A shared one must find the page: -EFAULT. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE, 1, 0, NULL, 0), -EFAULT);
}
END_TEST

START_TEST(bitset_zero_is_einval)
{
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_BITSET | P, 0, 0, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE_BITSET | P, 1, 0, NULL, 0),
			 -EINVAL);
	/* Checked before the address. */
	ck_assert_int_eq(sys((char *)&fa + 1, FUTEX_WAKE_BITSET, 1, 0, NULL, 0),
			 -EINVAL);
}
END_TEST

START_TEST(unknown_ops_and_clock_flag_are_enosys)
{
	struct ts t = { 0, 1000 };

	ck_assert_int_eq(sys(&fa, FUTEX_FD, 0, 0, NULL, 0), -ENOSYS);
	ck_assert_int_eq(sys(&fa, 14, 0, 0, NULL, 0), -ENOSYS);
	ck_assert_int_eq(sys(&fa, 127, 0, 0, NULL, 0), -ENOSYS);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0,
			     NULL, 0), -ENOSYS);
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0,
			     UTIME(&t), NULL, 0), -ENOSYS);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0,
			     0, NULL, 0), -ENOSYS);
	/* The timeout is read and checked first. */
	t.nsec = -1;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0,
			     UTIME(&t), NULL, 0), -EINVAL);
}
END_TEST

START_TEST(bad_timeouts)
{
	struct ts t = { 0, 1000000000 };

	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | P, 0, UTIME(&t), NULL, 0),
			 -EINVAL);
	t.sec = -1;
	t.nsec = 0;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_BITSET | P, 0, UTIME(&t), NULL,
			     ~0u), -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, UTIME(&t), NULL, 0),
			 -EINVAL);
	me.fault_lo = (uintptr_t)&t;
	me.fault_hi = me.fault_lo + sizeof(t);
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | P, 0, UTIME(&t), NULL, 0),
			 -EFAULT);
	/* WAKE takes no timeout: the pointer is val2, never read. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, UTIME(&t), NULL, 0), 0);
}
END_TEST

START_TEST(relative_timeout)
{
	struct ts t = { 0, 30000000 };
	uint64_t start = fenv_now(FUTEX_CLOCK_ID_MONOTONIC);

	ck_assert_int_eq(sys(&fa, FUTEX_WAIT | P, 0, UTIME(&t), NULL, 0),
			 -ETIMEDOUT);
	ck_assert_uint_ge(fenv_now(FUTEX_CLOCK_ID_MONOTONIC) - start, 30000000);
	ck_assert_int_eq(fenv_queued(&env, &fa), 0);
}
END_TEST

START_TEST(absolute_timeouts_on_both_clocks)
{
	uint64_t start = fenv_now(FUTEX_CLOCK_ID_MONOTONIC), d;
	struct ts t;

	d = fenv_now(FUTEX_CLOCK_ID_MONOTONIC) + 20000000;
	t.sec = (int64_t)(d / 1000000000);
	t.nsec = (int64_t)(d % 1000000000);
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_BITSET | P, 0, UTIME(&t), NULL,
			     ~0u), -ETIMEDOUT);
	d = fenv_now(FUTEX_CLOCK_ID_REALTIME) + 20000000;
	t.sec = (int64_t)(d / 1000000000);
	t.nsec = (int64_t)(d % 1000000000);
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_BITSET | P | FUTEX_CLOCK_REALTIME,
			     0, UTIME(&t), NULL, ~0u), -ETIMEDOUT);
	ck_assert_uint_ge(fenv_now(FUTEX_CLOCK_ID_MONOTONIC) - start, 40000000);
	/* A deadline already past: at once. */
	t.sec = 1;
	t.nsec = 0;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_BITSET | P, 0, UTIME(&t), NULL,
			     ~0u), -ETIMEDOUT);
}
END_TEST

START_TEST(wake_wakes_a_waiter)
{
	struct fcall w;

	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 0);
	start_waiter(&w, 1, &fa, FUTEX_WAIT | P, 0, 0, 1);
	fa = 1;
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_int_eq(fenv_queued(&env, &fa), 0);
}
END_TEST

START_TEST(wake_counts_like_linux)
{
	struct fcall w[4];
	int i;

	for (i = 0; i < 4; i++)
		start_waiter(&w[i], 1 + i, &fa, FUTEX_WAIT | P, 0, 0, i + 1);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 2, 0, NULL, 0), 2);
	/* 0 (and a negative count) still wakes one. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 0, 0, NULL, 0), 1);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 0x80000000u, 0, NULL, 0), 1);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 5, 0, NULL, 0), 0);
	/* First come, first woken. */
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(fcall_join(&w[i]), 0);
}
END_TEST

START_TEST(wake_order_is_fifo)
{
	struct fcall w[3];
	int i;

	for (i = 0; i < 3; i++)
		start_waiter(&w[i], 1 + i, &fa, FUTEX_WAIT | P, 0, 0, i + 1);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
		ck_assert_int_eq(fcall_join(&w[i]), 0);
	}
}
END_TEST

START_TEST(bitsets_select_waiters)
{
	struct fcall w1, w2;

	start_waiter(&w1, 1, &fa, FUTEX_WAIT_BITSET | P, 0, 1, 1);
	start_waiter(&w2, 2, &fa, FUTEX_WAIT_BITSET | P, 0, 6, 2);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE_BITSET | P, 9, 0, NULL, 8), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE_BITSET | P, 9, 0, NULL, 4), 1);
	ck_assert_int_eq(fcall_join(&w2), 0);
	ck_assert_int_eq(fenv_queued(&env, &fa), 1);
	/* FUTEX_WAKE is MATCH_ANY. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 9, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w1), 0);
}
END_TEST

START_TEST(private_and_shared_keys)
{
	struct fcall w1, w2;
	struct fthread other;

	fthread_init(&other, 200, 2);	/* another address space */
	start_waiter(&w1, 1, &fa, FUTEX_WAIT | P, 0, 0, 1);
	start_waiter(&w2, 2, &fb, FUTEX_WAIT, 0, 0, 1);
	/* Private and shared keys of one word never match. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE, 1, 0, NULL, 0), 0);
	ck_assert_int_eq(sys(&fb, FUTEX_WAKE | P, 1, 0, NULL, 0), 0);
	/* Another space's private futex at the same address is another. */
	ck_assert_int_eq(fsys(&env, &other, &fa, FUTEX_WAKE | P, 1, 0, NULL, 0),
			 0);
	/* A shared one is the same from any space. */
	ck_assert_int_eq(fsys(&env, &other, &fb, FUTEX_WAKE, 1, 0, NULL, 0), 1);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w1), 0);
	ck_assert_int_eq(fcall_join(&w2), 0);
	fthread_destroy(&other);
}
END_TEST

START_TEST(requeue_wakes_then_moves)
{
	struct fcall w[4];
	int i;

	for (i = 0; i < 4; i++)
		start_waiter(&w[i], 1 + i, &fa, FUTEX_WAIT | P, 0, 0, i + 1);
	/* Wake 1, move 2 (val2 travels in the timeout argument). */
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 1, 2, &fb, 0), 3);
	ck_assert_int_eq(fcall_join(&w[0]), 0);
	ck_assert_int_eq(fenv_queued(&env, &fa), 1);
	ck_assert_int_eq(fenv_queued(&env, &fb), 2);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 9, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w[3]), 0);
	ck_assert_int_eq(sys(&fb, FUTEX_WAKE | P, 9, 0, NULL, 0), 2);
	ck_assert_int_eq(fcall_join(&w[1]), 0);
	ck_assert_int_eq(fcall_join(&w[2]), 0);
}
END_TEST

START_TEST(requeue_counts_and_errors)
{
	struct fcall w[2];
	uint32_t hi = 0;

	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, -1, 0, &fb, 0), -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 1, 0xffffffffu, &fb, 0),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 1, 1, (char *)&fb + 1, 0),
			 -EINVAL);
	/* uaddr2 past the top of user space (the stack is above fa). */
	me.c.user_top = (uintptr_t)&fa + 4;
	ck_assert_uint_gt((uintptr_t)&hi, me.c.user_top);
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 1, 1, &hi, 0), -EFAULT);
	me.c.user_top = 0x7ffffffff000ull;
	start_waiter(&w[0], 1, &fa, FUTEX_WAIT | P, 0, 0, 1);
	start_waiter(&w[1], 2, &fa, FUTEX_WAIT | P, 0, 0, 2);
	/* Nothing to wake or move: 0, everyone stays. */
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 0, 0, &fb, 0), 0);
	ck_assert_int_eq(fenv_queued(&env, &fa), 2);
	/* Onto the same futex: moved in place, still counted. */
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 0, 5, &fa, 0), 2);
	ck_assert_int_eq(fenv_queued(&env, &fa), 2);
	/* Move only. */
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 0, 5, &fb, 0), 2);
	ck_assert_int_eq(fenv_queued(&env, &fb), 2);
	ck_assert_int_eq(sys(&fb, FUTEX_WAKE | P, 2, 0, NULL, 0), 2);
	ck_assert_int_eq(fcall_join(&w[0]), 0);
	ck_assert_int_eq(fcall_join(&w[1]), 0);
}
END_TEST

START_TEST(cmp_requeue_checks_the_value)
{
	struct fcall w;

	start_waiter(&w, 1, &fa, FUTEX_WAIT | P, 0, 0, 1);
	fa = 7;
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE | P, 0, 1, &fb, 6),
			 -EAGAIN);
	ck_assert_int_eq(fenv_queued(&env, &fa), 1);
	me.fault_lo = (uintptr_t)&fa;
	me.fault_hi = me.fault_lo + 4;
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE | P, 0, 1, &fb, 7),
			 -EFAULT);
	me.fault_hi = 0;
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE | P, 0, 1, &fb, 7), 1);
	ck_assert_int_eq(fenv_queued(&env, &fb), 1);
	ck_assert_int_eq(sys(&fb, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w), 0);
}
END_TEST

/* WAKE_OP on fb with @op; returns what it returned, fb's new value in *v. */
static long wake_op(uint32_t start, uint32_t op, uint32_t *v)
{
	long ret;

	fb = start;
	ret = sys(&fa, FUTEX_WAKE_OP | P, 1, 1, &fb, op);
	*v = fb;
	return ret;
}

START_TEST(wake_op_ops)
{
	uint32_t v;

	ck_assert_int_eq(wake_op(5, FUTEX_OP(FUTEX_OP_SET, 9, 0, 0), &v), 0);
	ck_assert_uint_eq(v, 9);
	ck_assert_int_eq(wake_op(5, FUTEX_OP(FUTEX_OP_ADD, 9, 0, 0), &v), 0);
	ck_assert_uint_eq(v, 14);
	ck_assert_int_eq(wake_op(5, FUTEX_OP(FUTEX_OP_ADD, 0xfff, 0, 0), &v),
			 0);
	ck_assert_uint_eq(v, 4);	/* oparg is 12 bits, signed */
	ck_assert_int_eq(wake_op(5, FUTEX_OP(FUTEX_OP_OR, 2, 0, 0), &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(wake_op(7, FUTEX_OP(FUTEX_OP_ANDN, 2, 0, 0), &v), 0);
	ck_assert_uint_eq(v, 5);
	ck_assert_int_eq(wake_op(5, FUTEX_OP(FUTEX_OP_XOR, 3, 0, 0), &v), 0);
	ck_assert_uint_eq(v, 6);
	/* OPARG_SHIFT: 1 << oparg; out of range is masked to 5 bits. */
	ck_assert_int_eq(wake_op(0, FUTEX_OP(FUTEX_OP_OR | SHIFT, 4, 0, 0),
				 &v), 0);
	ck_assert_uint_eq(v, 16);
	ck_assert_int_eq(wake_op(0, FUTEX_OP(FUTEX_OP_SET | SHIFT, 33, 0, 0),
				 &v), 0);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(wake_op(0, FUTEX_OP(FUTEX_OP_SET | SHIFT, 31, 0, 0),
				 &v), 0);
	ck_assert_uint_eq(v, 0x80000000u);
	ck_assert_int_eq(wake_op(0, FUTEX_OP(FUTEX_OP_SET | SHIFT, 0xfff, 0, 0),
				 &v), 0);
	ck_assert_uint_eq(v, 0x80000000u);	/* -1 & 31 */
	/* An unknown op: -ENOSYS, word untouched. */
	ck_assert_int_eq(wake_op(5, FUTEX_OP(5, 1, 0, 0), &v), -ENOSYS);
	ck_assert_uint_eq(v, 5);
	ck_assert_int_eq(wake_op(5, FUTEX_OP(7, 1, 0, 0), &v), -ENOSYS);
	/* An unknown comparison: -ENOSYS after the op was done. */
	ck_assert_int_eq(wake_op(5, FUTEX_OP(FUTEX_OP_SET, 1, 6, 0), &v),
			 -ENOSYS);
	ck_assert_uint_eq(v, 1);
}
END_TEST

/* The comparison on the old value decides whether fb's waiter wakes. */
static int cmp_wakes(uint32_t old, int cmp, uint32_t cmparg)
{
	struct fcall w;
	long ret;

	fb = old;
	start_waiter(&w, 7, &fb, FUTEX_WAIT | P, old, 0, 1);
	ret = sys(&fa, FUTEX_WAKE_OP | P, 1, 1, &fb,
		  FUTEX_OP(FUTEX_OP_SET, 0, cmp, cmparg));
	if (ret == 0) {
		fb = 0;
		ck_assert_int_eq(sys(&fb, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
	}
	ck_assert_int_eq(fcall_join(&w), 0);
	return (int)ret;
}

START_TEST(wake_op_comparisons)
{
	ck_assert_int_eq(cmp_wakes(3, FUTEX_OP_CMP_EQ, 3), 1);
	ck_assert_int_eq(cmp_wakes(3, FUTEX_OP_CMP_EQ, 4), 0);
	ck_assert_int_eq(cmp_wakes(3, FUTEX_OP_CMP_NE, 4), 1);
	ck_assert_int_eq(cmp_wakes(3, FUTEX_OP_CMP_NE, 3), 0);
	ck_assert_int_eq(cmp_wakes(3, FUTEX_OP_CMP_LT, 4), 1);
	ck_assert_int_eq(cmp_wakes(4, FUTEX_OP_CMP_LT, 4), 0);
	ck_assert_int_eq(cmp_wakes(4, FUTEX_OP_CMP_LE, 4), 1);
	ck_assert_int_eq(cmp_wakes(5, FUTEX_OP_CMP_LE, 4), 0);
	ck_assert_int_eq(cmp_wakes(5, FUTEX_OP_CMP_GT, 4), 1);
	ck_assert_int_eq(cmp_wakes(4, FUTEX_OP_CMP_GT, 4), 0);
	ck_assert_int_eq(cmp_wakes(4, FUTEX_OP_CMP_GE, 4), 1);
	ck_assert_int_eq(cmp_wakes(3, FUTEX_OP_CMP_GE, 4), 0);
	/* Signed: old -1 < 0; cmparg 0xfff is -1. */
	ck_assert_int_eq(cmp_wakes(0xffffffffu, FUTEX_OP_CMP_LT, 0), 1);
	ck_assert_int_eq(cmp_wakes(0xffffffffu, FUTEX_OP_CMP_EQ, 0xfff), 1);
}
END_TEST

START_TEST(wake_op_wakes_both_and_faults)
{
	struct fcall w1, w2;

	start_waiter(&w1, 1, &fa, FUTEX_WAIT | P, 0, 0, 1);
	start_waiter(&w2, 2, &fb, FUTEX_WAIT | P, 0, 0, 1);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE_OP | P, 1, 1, &fb,
			     FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), 2);
	ck_assert_uint_eq(fb, 1);
	ck_assert_int_eq(fcall_join(&w1), 0);
	ck_assert_int_eq(fcall_join(&w2), 0);
	ck_assert_int_eq(sys((char *)&fa + 1, FUTEX_WAKE_OP | P, 1, 1, &fb, 0),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE_OP | P, 1, 1, (char *)&fb + 2, 0),
			 -EINVAL);
	me.fault_lo = (uintptr_t)&fb;
	me.fault_hi = me.fault_lo + 4;
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE_OP | P, 1, 1, &fb, 0), -EFAULT);
}
END_TEST

START_TEST(timed_out_waiter_leaves_no_trace)
{
	struct ts t = { 0, 5000000 };
	struct fcall w;

	fcall_start(&w, &env, 1, &fa, FUTEX_WAIT | P, 0, UTIME(&t), NULL, 0);
	ck_assert_int_eq(fcall_join(&w), -ETIMEDOUT);
	ck_assert_int_eq(fenv_queued(&env, &fa), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 0);
}
END_TEST

/* futex_waitv run by its own thread. */
struct vcall {
	struct fthread th;
	struct futex_waitv *v;
	unsigned int nr;
	const struct ts *timeout;
	long ret;
	pthread_t pt;
};

static void *vcall_run(void *arg)
{
	struct vcall *vc = arg;

	vc->ret = fwaitv(&env, &vc->th, vc->v, vc->nr, 0, vc->timeout,
			 FUTEX_CLOCK_ID_MONOTONIC);
	return NULL;
}

static void waitv_entry(struct futex_waitv *v, uint32_t *uaddr, uint32_t val,
			uint32_t flags)
{
	memset(v, 0, sizeof(*v));
	v->uaddr = (uintptr_t)uaddr;
	v->val = val;
	v->flags = flags;
}

START_TEST(waitv_argument_errors)
{
	struct futex_waitv v[2];
	struct ts t = { 0, 0 };

	waitv_entry(&v[0], &fa, 0, FUTEX_32 | P);
	waitv_entry(&v[1], &fb, 0, FUTEX_32);
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 1, NULL, 0), -EINVAL);
	ck_assert_int_eq(fwaitv(&env, &me, v, 0, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(fwaitv(&env, &me, v, 129, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(fwaitv(&env, &me, NULL, 2, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, &t, 2), -EINVAL);
	t.nsec = -5;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, &t, 1), -EINVAL);
	me.fault_lo = (uintptr_t)&t;
	me.fault_hi = me.fault_lo + 1;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, &t, 1), -EFAULT);
	/* The clock is checked before the timeout is read. */
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, &t, 7), -EINVAL);
	me.fault_lo = (uintptr_t)&v[1];
	me.fault_hi = me.fault_lo + 1;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, NULL, 0), -EFAULT);
	me.fault_hi = 0;
	v[1].flags = P;			/* no FUTEX_32 */
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, NULL, 0), -EINVAL);
	v[1].flags = FUTEX_32 | 1;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, NULL, 0), -EINVAL);
	v[1].flags = FUTEX_32;
	v[1].reserved = 1;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, NULL, 0), -EINVAL);
	v[1].reserved = 0;
	v[1].uaddr++;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, NULL, 0), -EINVAL);
	v[1].uaddr--;
	fb = 3;
	ck_assert_int_eq(fwaitv(&env, &me, v, 2, 0, NULL, 0), -EAGAIN);
	ck_assert_int_eq(fenv_queued(&env, &fa), 0);
}
END_TEST

START_TEST(waitv_returns_the_woken_index)
{
	static struct vcall vc;
	struct futex_waitv v[3];

	waitv_entry(&v[0], &fa, 0, FUTEX_32 | P);
	waitv_entry(&v[1], &fb, 0, FUTEX_32 | P);
	waitv_entry(&v[2], &fc_word, 0, FUTEX_32);
	fthread_init(&vc.th, 5, 1);
	vc.v = v;
	vc.nr = 3;
	pthread_create(&vc.pt, NULL, vcall_run, &vc);
	ck_assert_int_eq(fenv_wait_queued(&env, &fc_word, 1), 0);
	ck_assert_int_eq(fenv_queued(&env, &fa), 1);
	ck_assert_int_eq(sys(&fc_word, FUTEX_WAKE, 1, 0, NULL, 0), 1);
	pthread_join(vc.pt, NULL);
	ck_assert_int_eq(vc.ret, 2);
	/* Every entry is off its queue. */
	ck_assert_int_eq(fenv_queued(&env, &fa), 0);
	ck_assert_int_eq(fenv_queued(&env, &fb), 0);
	fthread_destroy(&vc.th);
}
END_TEST

START_TEST(waitv_of_128_times_out)
{
	static struct futex_waitv v[FUTEX_WAITV_MAX];
	static uint32_t words[FUTEX_WAITV_MAX];
	struct ts t;
	uint64_t d = fenv_now(FUTEX_CLOCK_ID_REALTIME) + 10000000;
	int i;

	for (i = 0; i < FUTEX_WAITV_MAX; i++)
		waitv_entry(&v[i], &words[i], 0, FUTEX_32 | P);
	t.sec = (int64_t)(d / 1000000000);
	t.nsec = (int64_t)(d % 1000000000);
	ck_assert_int_eq(fwaitv(&env, &me, v, FUTEX_WAITV_MAX, 0, &t,
				FUTEX_CLOCK_ID_REALTIME), -ETIMEDOUT);
	for (i = 0; i < FUTEX_WAITV_MAX; i++)
		ck_assert_int_eq(fenv_queued(&env, &words[i]), 0);
}
END_TEST

Suite *futex_suite(void)
{
	Suite *s = suite_create("futex");
	TCase *tc = tcase_create("plain");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, wait_value_differs_is_eagain);
	tcase_add_test(tc, bad_addresses);
	tcase_add_test(tc, bitset_zero_is_einval);
	tcase_add_test(tc, unknown_ops_and_clock_flag_are_enosys);
	tcase_add_test(tc, bad_timeouts);
	tcase_add_test(tc, relative_timeout);
	tcase_add_test(tc, absolute_timeouts_on_both_clocks);
	tcase_add_test(tc, wake_wakes_a_waiter);
	tcase_add_test(tc, wake_counts_like_linux);
	tcase_add_test(tc, wake_order_is_fifo);
	tcase_add_test(tc, bitsets_select_waiters);
	tcase_add_test(tc, private_and_shared_keys);
	tcase_add_test(tc, requeue_wakes_then_moves);
	tcase_add_test(tc, requeue_counts_and_errors);
	tcase_add_test(tc, cmp_requeue_checks_the_value);
	tcase_add_test(tc, wake_op_ops);
	tcase_add_test(tc, wake_op_comparisons);
	tcase_add_test(tc, wake_op_wakes_both_and_faults);
	tcase_add_test(tc, timed_out_waiter_leaves_no_trace);
	tcase_add_test(tc, waitv_argument_errors);
	tcase_add_test(tc, waitv_returns_the_woken_index);
	tcase_add_test(tc, waitv_of_128_times_out);
	suite_add_tcase(s, tc);
	return s;
}
