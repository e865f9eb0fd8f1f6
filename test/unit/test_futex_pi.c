// SPDX-License-Identifier: GPL-2.0
/*
 * common/futex*.c, ownership: LOCK_PI, TRYLOCK_PI, UNLOCK_PI, LOCK_PI2,
 * WAIT_REQUEUE_PI / CMP_REQUEUE_PI, and the robust list walk and PI
 * hand-off at thread exit, with Linux 6.1's errnos.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "futex_env.h"

#define ME	100
#define P	FUTEX_PRIVATE_FLAG
#define W	FUTEX_WAITERS
#define DIED	FUTEX_OWNER_DIED

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

/* futex(2) as thread @tid of address space 1, from this pthread. */
static long sys_as(uint32_t tid, const void *uaddr, int op, uint32_t val,
		   uint64_t utime, const void *uaddr2, uint32_t val3)
{
	struct fthread th;
	long ret;

	fthread_init(&th, tid, 1);
	ret = fsys(&env, &th, uaddr, op, val, utime, uaddr2, val3);
	fthread_destroy(&th);
	return ret;
}

static struct ts deadline_in(int clock, uint64_t ns)
{
	uint64_t d = fenv_now(clock) + ns;
	struct ts t = { (int64_t)(d / 1000000000), (int64_t)(d % 1000000000) };

	return t;
}

START_TEST(lock_unlock_uncontended)
{
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	ck_assert_uint_eq(fa, ME);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), -EDEADLK);
	ck_assert_int_eq(sys(&fa, FUTEX_TRYLOCK_PI | P, 0, 0, NULL, 0),
			 -EDEADLK);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI2 | P, 0, 0, NULL, 0), -EDEADLK);
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), 0);
	ck_assert_uint_eq(fa, 0);
	ck_assert_int_eq(sys(&fa, FUTEX_TRYLOCK_PI, 0, 0, NULL, 0), 0);
	ck_assert_uint_eq(fa, ME);
	/* WAITERS and OWNER_DIED are not kept by an unlock with no waiter. */
	fa = ME | W | DIED;
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI, 0, 0, NULL, 0), 0);
	ck_assert_uint_eq(fa, 0);
}
END_TEST

START_TEST(unlock_errors)
{
	uint32_t buf[2] = { 0, 0 };
	char *odd = (char *)buf + 1;
	uint32_t me_tid = ME, other = 55;

	fa = 55;
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), -EPERM);
	fa = 0;
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), -EPERM);
	/* The owner is checked before the alignment. */
	memcpy(odd, &other, 4);
	ck_assert_int_eq(sys(odd, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), -EPERM);
	memcpy(odd, &me_tid, 4);
	ck_assert_int_eq(sys(odd, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), -EINVAL);
	me.fault_lo = (uintptr_t)&fa;
	me.fault_hi = me.fault_lo + 4;
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), -EFAULT);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), -EFAULT);
	me.fault_hi = 0;
	me.c.user_top = (uintptr_t)&fa;
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), -EFAULT);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), -EFAULT);
	ck_assert_int_eq(sys((char *)&fa + 2, FUTEX_LOCK_PI | P, 0, 0, NULL, 0),
			 -EINVAL);
}
END_TEST

START_TEST(trylock_and_dead_owners)
{
	fa = 55;
	ck_assert_int_eq(sys(&fa, FUTEX_TRYLOCK_PI | P, 0, 0, NULL, 0),
			 -EAGAIN);
	/* Like Linux, the failed trylock leaves FUTEX_WAITERS set. */
	ck_assert_uint_eq(fa, 55 | W);
	env.dead_tid = 77;
	fa = 77;
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), -ESRCH);
	ck_assert_uint_eq(fa, 77 | W);
	ck_assert_int_eq(sys(&fa, FUTEX_TRYLOCK_PI | P, 0, 0, NULL, 0),
			 -ESRCH);
	/* A dead owner's lock marked OWNER_DIED with TID 0: taken over. */
	fa = DIED;
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	ck_assert_uint_eq(fa, DIED | ME);
}
END_TEST

START_TEST(unlock_hands_over_in_order)
{
	struct fcall w[3];
	int i;

	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	for (i = 0; i < 3; i++) {
		fcall_start(&w[i], &env, 1 + i, &fa, FUTEX_LOCK_PI | P, 0, 0,
			    NULL, 0);
		ck_assert_int_eq(fenv_wait_queued(&env, &fa, i + 1), 0);
	}
	ck_assert_uint_eq(fa, ME | W);
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), 0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(fcall_join(&w[i]), 0);
		/* The word names the new owner; WAITERS stays set. */
		ck_assert_uint_eq(fa, (uint32_t)(1 + i) | W);
		ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0),
				 -EPERM);
		ck_assert_int_eq(sys_as(1 + i, &fa, FUTEX_UNLOCK_PI | P, 0, 0,
					NULL, 0), 0);
	}
	ck_assert_uint_eq(fa, 0);
}
END_TEST

START_TEST(lock_pi_timeouts)
{
	struct ts t = deadline_in(FUTEX_CLOCK_ID_REALTIME, 20000000);
	struct fcall w;

	fa = 55;
	fcall_start(&w, &env, 1, &fa, FUTEX_LOCK_PI | P, 0, UTIME(&t), NULL, 0);
	ck_assert_int_eq(fcall_join(&w), -ETIMEDOUT);
	ck_assert_int_eq(fenv_queued(&env, &fa), 0);
	ck_assert_uint_eq(fa, 55 | W);
	t = deadline_in(FUTEX_CLOCK_ID_MONOTONIC, 20000000);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI2 | P, 0, UTIME(&t), NULL, 0),
			 -ETIMEDOUT);
	t = deadline_in(FUTEX_CLOCK_ID_REALTIME, 20000000);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI2 | P | FUTEX_CLOCK_REALTIME, 0,
			     UTIME(&t), NULL, 0), -ETIMEDOUT);
	ck_assert_int_eq(sys_as(55, &fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0),
			 0);
	ck_assert_uint_eq(fa, 0);
}
END_TEST

START_TEST(plain_and_pi_do_not_mix)
{
	struct fcall w;

	fa = 55;
	fcall_start(&w, &env, 1, &fa, FUTEX_WAIT | P, 55, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), -EINVAL);
	fa = 55 | W;
	ck_assert_int_eq(sys_as(55, &fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w), 0);

	fa = 55;
	fcall_start(&w, &env, 1, &fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_REQUEUE | P, 1, 1, &fb, 0), -EINVAL);
	ck_assert_int_eq(sys(&fb, FUTEX_WAKE_OP | P, 1, 1, &fa,
			     FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_EQ,
				      (55 | W) & 0xfff)), 0);
	/* WAKE_OP reaching the PI waiter on its second futex: -EINVAL. */
	ck_assert_int_eq(sys(&fb, FUTEX_WAKE_OP | P, 1, 1, &fa,
			     FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_NE, 0)),
			 -EINVAL);
	ck_assert_uint_eq(fa, 55 | W);
	ck_assert_int_eq(sys_as(55, &fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0),
			 0);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_uint_eq(fa, 1 | W);
}
END_TEST

START_TEST(word_and_kernel_must_agree)
{
	struct fcall w;

	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	fcall_start(&w, &env, 1, &fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	/* User space rewrites the owner: the kernel knows better. */
	fa = 300 | W;
	ck_assert_int_eq(sys_as(300, &fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(sys_as(2, &fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(sys_as(2, &fa, FUTEX_TRYLOCK_PI | P, 0, 0, NULL, 0),
			 -EINVAL);
	fa = ME | W;
	ck_assert_int_eq(sys(&fa, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), 0);
	ck_assert_int_eq(fcall_join(&w), 0);
}
END_TEST

START_TEST(requeue_pi_errors)
{
	struct fcall w;

	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_REQUEUE_PI | P, 0, 0, &fa, 0),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_REQUEUE_PI | P, 0, 0,
			     (char *)&fb + 1, 0), -EINVAL);
	fa = 1;
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_REQUEUE_PI | P, 0, 0, &fb, 0),
			 -EAGAIN);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fa, 1),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 2, 1, &fb, 1),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 0xffffffffu,
			     &fb, 1), -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 2),
			 -EAGAIN);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 1), 0);
	/* A plain waiter cannot be requeued to a PI futex. */
	fcall_start(&w, &env, 1, &fa, FUTEX_WAIT | P, 1, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 1),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), 1);
	ck_assert_int_eq(fcall_join(&w), 0);
	/* A requeue-PI waiter: no plain wake or requeue, only its target. */
	fcall_start(&w, &env, 1, &fa, FUTEX_WAIT_REQUEUE_PI | P, 1, 0, &fb, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_WAKE | P, 1, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE | P, 1, 1, &fb, 1),
			 -EINVAL);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fc_word, 1),
			 -EINVAL);
	/* Its target owned by a thread that does not exist: -ESRCH. */
	env.dead_tid = 77;
	fb = 77;
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 1),
			 -ESRCH);
	/* Its target owned by the waiter itself: -EDEADLK. */
	fb = 1;
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 1),
			 -EDEADLK);
	/* Taken for it; WAITERS forced as more might have been moved. */
	fb = 0;
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 1), 1);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_uint_eq(fb, 1 | W);
	/* With nothing to move (nr_requeue 0), the word is the TID alone. */
	fb = 0;
	fcall_start(&w, &env, 2, &fa, FUTEX_WAIT_REQUEUE_PI | P, 1, 0, &fb, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 0, &fb, 1), 1);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_uint_eq(fb, 2);
}
END_TEST

START_TEST(requeue_pi_to_a_held_lock)
{
	struct fcall w[3];
	int i;

	fa = 5;
	ck_assert_int_eq(sys(&fb, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	for (i = 0; i < 3; i++) {
		fcall_start(&w[i], &env, 1 + i, &fa, FUTEX_WAIT_REQUEUE_PI | P,
			    5, 0, &fb, 0);
		ck_assert_int_eq(fenv_wait_queued(&env, &fa, i + 1), 0);
	}
	/* nr_requeue 1: the top waiter and one more move; one stays. */
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 5), 2);
	ck_assert_uint_eq(fb, ME | W);
	ck_assert_int_eq(fenv_queued(&env, &fb), 2);
	ck_assert_int_eq(fenv_queued(&env, &fa), 1);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 9, &fb, 5), 1);
	ck_assert_int_eq(sys(&fb, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), 0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(fcall_join(&w[i]), 0);
		ck_assert_uint_eq(fb, (uint32_t)(1 + i) | W);
		ck_assert_int_eq(sys_as(1 + i, &fb, FUTEX_UNLOCK_PI | P, 0, 0,
					NULL, 0), 0);
	}
	ck_assert_uint_eq(fb, 0);
}
END_TEST

START_TEST(requeue_pi_free_lock_with_more_waiters)
{
	struct fcall w[2];

	fcall_start(&w[0], &env, 1, &fa, FUTEX_WAIT_REQUEUE_PI | P, 0, 0, &fb,
		    0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	fcall_start(&w[1], &env, 2, &fa, FUTEX_WAIT_REQUEUE_PI | P, 0, 0, &fb,
		    0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 2), 0);
	/* The first takes the free lock (WAITERS forced), the second waits. */
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 0), 2);
	ck_assert_int_eq(fcall_join(&w[0]), 0);
	ck_assert_uint_eq(fb, 1 | W);
	ck_assert_int_eq(sys_as(1, &fb, FUTEX_UNLOCK_PI | P, 0, 0, NULL, 0), 0);
	ck_assert_int_eq(fcall_join(&w[1]), 0);
	ck_assert_uint_eq(fb, 2 | W);
}
END_TEST

START_TEST(requeue_pi_timeouts)
{
	struct ts t = deadline_in(FUTEX_CLOCK_ID_MONOTONIC, 20000000);
	struct fcall w;

	/* Times out on the first futex. */
	ck_assert_int_eq(sys(&fa, FUTEX_WAIT_REQUEUE_PI | P, 0, UTIME(&t), &fb,
			     0), -ETIMEDOUT);
	/* And after being moved to the PI futex. */
	fb = 55;
	t = deadline_in(FUTEX_CLOCK_ID_REALTIME, 200000000);
	fcall_start(&w, &env, 1, &fa, FUTEX_WAIT_REQUEUE_PI | P |
		    FUTEX_CLOCK_REALTIME, 0, UTIME(&t), &fb, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	ck_assert_int_eq(sys(&fa, FUTEX_CMP_REQUEUE_PI | P, 1, 1, &fb, 0), 1);
	ck_assert_int_eq(fenv_queued(&env, &fb), 1);
	ck_assert_int_eq(fcall_join(&w), -ETIMEDOUT);
	ck_assert_int_eq(fenv_queued(&env, &fb), 0);
	ck_assert_uint_eq(fb, 55 | W);
}
END_TEST

/* A robust list entry: list pointer, then the lock word at offset 8. */
struct rlock {
	uint64_t next;
	uint32_t word;
	uint32_t pad;
};

struct rhead {
	uint64_t next;
	int64_t offset;
	uint64_t pending;
};

static void rlist(struct rhead *h, struct rlock *l, int n)
{
	int i;

	h->offset = 8;
	h->pending = 0;
	h->next = n ? (uintptr_t)&l[0] : (uintptr_t)h;
	for (i = 0; i < n; i++)
		l[i].next = i + 1 < n ? (uintptr_t)&l[i + 1] : (uintptr_t)h;
}

START_TEST(robust_list_marks_and_wakes)
{
	struct rlock l[3];
	struct rhead h;
	struct fcall w;

	rlist(&h, l, 3);
	l[0].word = ME | W;
	l[1].word = 55;
	l[2].word = ME;
	fcall_start(&w, &env, 1, &l[0].word, FUTEX_WAIT, ME | W, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &l[0].word, 1), 0);
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_uint_eq(l[0].word, W | DIED);
	ck_assert_uint_eq(l[1].word, 55);
	ck_assert_uint_eq(l[2].word, DIED);
	ck_assert_int_eq(futex_robust_len_ok(24), 0);
	ck_assert_int_eq(futex_robust_len_ok(16), -EINVAL);
}
END_TEST

START_TEST(robust_pending_op)
{
	struct rlock l[2];
	struct rhead h;
	struct fcall w;

	/* Died between its unlock (word 0) and the wake: wake one. */
	rlist(&h, l, 1);
	l[0].word = ME;
	l[1].word = 0;
	h.pending = (uintptr_t)&l[1];
	fcall_start(&w, &env, 1, &l[1].word, FUTEX_WAIT, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &l[1].word, 1), 0);
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_uint_eq(l[0].word, DIED);
	ck_assert_uint_eq(l[1].word, 0);
	/* The pending lock also on the list is handled once. */
	rlist(&h, l, 1);
	l[0].word = ME;
	h.pending = (uintptr_t)&l[0];
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_uint_eq(l[0].word, DIED);
}
END_TEST

START_TEST(robust_list_limits_and_faults)
{
	static struct rlock l[ROBUST_LIST_LIMIT + 10];
	struct rhead h;
	int i;

	rlist(&h, l, ROBUST_LIST_LIMIT + 10);
	for (i = 0; i < ROBUST_LIST_LIMIT + 10; i++)
		l[i].word = ME;
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_uint_eq(l[ROBUST_LIST_LIMIT - 1].word, DIED);
	ck_assert_uint_eq(l[ROBUST_LIST_LIMIT].word, ME);
	/* A circle ends too. */
	rlist(&h, l, 2);
	l[1].next = (uintptr_t)&l[0];
	l[0].word = ME;
	l[1].word = ME;
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_uint_eq(l[1].word, DIED);
	/* A fault stops the walk there. */
	rlist(&h, l, 3);
	for (i = 0; i < 3; i++)
		l[i].word = ME;
	me.fault_lo = (uintptr_t)&l[1].word;
	me.fault_hi = me.fault_lo + 4;
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_uint_eq(l[0].word, DIED);
	ck_assert_uint_eq(l[2].word, ME);
	me.fault_lo = (uintptr_t)&h;
	me.fault_hi = me.fault_lo + 1;
	l[0].word = ME;
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_uint_eq(l[0].word, ME);
}
END_TEST

START_TEST(exit_hands_pi_locks_over)
{
	struct rlock l[1];
	struct rhead h;
	struct fcall w[2];

	/* On the robust list: OWNER_DIED stays for the new owner to see. */
	rlist(&h, l, 1);
	h.next |= 1;			/* bit 0: a PI futex */
	l[0].word = ME;
	fcall_start(&w[0], &env, 1, &l[0].word, FUTEX_LOCK_PI, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &l[0].word, 1), 0);
	fcall_start(&w[1], &env, 2, &l[0].word, FUTEX_LOCK_PI, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &l[0].word, 2), 0);
	futex_thread_exit(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_int_eq(fcall_join(&w[0]), 0);
	ck_assert_uint_eq(l[0].word, 1 | W | DIED);
	ck_assert_int_eq(sys_as(1, &l[0].word, FUTEX_UNLOCK_PI, 0, 0, NULL, 0),
			 0);
	ck_assert_int_eq(fcall_join(&w[1]), 0);
	ck_assert_uint_eq(l[0].word, 2 | W);
	/* Not on any list: handed over all the same. */
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	fcall_start(&w[0], &env, 1, &fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	futex_thread_exit(&env.t, &me.c, 0);
	ck_assert_int_eq(fcall_join(&w[0]), 0);
	ck_assert_uint_eq(fa, 1 | W);
}
END_TEST

/*
 * The two halves with the owner marked dead between them (lwk/futex.h's
 * order): a robust lock is already OWNER_DIED when a locker first sees
 * the owner dead, so it is taken over, not ESRCH; a waiter queued while
 * the owner was alive is handed its lock by the second half.
 */
START_TEST(exit_in_two_halves)
{
	struct rlock l[1];
	struct rhead h;
	struct fcall w;

	rlist(&h, l, 1);
	h.next |= 1;			/* bit 0: a PI futex */
	l[0].word = ME;
	ck_assert_int_eq(sys(&fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0), 0);
	fcall_start(&w, &env, 1, &fa, FUTEX_LOCK_PI | P, 0, 0, NULL, 0);
	ck_assert_int_eq(fenv_wait_queued(&env, &fa, 1), 0);
	futex_exit_robust(&env.t, &me.c, (uintptr_t)&h);
	ck_assert_uint_eq(l[0].word, DIED);
	env.dead_tid = ME;
	ck_assert_int_eq(sys_as(2, &l[0].word, FUTEX_LOCK_PI, 0, 0, NULL, 0), 0);
	ck_assert_uint_eq(l[0].word, 2 | DIED);
	/* Not robust, nobody queued, owner dead: ESRCH, as Linux. */
	fb = ME;
	ck_assert_int_eq(sys_as(2, &fb, FUTEX_TRYLOCK_PI, 0, 0, NULL, 0), -ESRCH);
	futex_exit_pi(&env.t, &me.c);
	ck_assert_int_eq(fcall_join(&w), 0);
	ck_assert_uint_eq(fa, 1 | W);
}
END_TEST

Suite *futex_pi_suite(void)
{
	Suite *s = suite_create("futex_pi");
	TCase *tc = tcase_create("pi");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, lock_unlock_uncontended);
	tcase_add_test(tc, unlock_errors);
	tcase_add_test(tc, trylock_and_dead_owners);
	tcase_add_test(tc, unlock_hands_over_in_order);
	tcase_add_test(tc, lock_pi_timeouts);
	tcase_add_test(tc, plain_and_pi_do_not_mix);
	tcase_add_test(tc, word_and_kernel_must_agree);
	tcase_add_test(tc, requeue_pi_errors);
	tcase_add_test(tc, requeue_pi_to_a_held_lock);
	tcase_add_test(tc, requeue_pi_free_lock_with_more_waiters);
	tcase_add_test(tc, requeue_pi_timeouts);
	tcase_add_test(tc, robust_list_marks_and_wakes);
	tcase_add_test(tc, robust_pending_op);
	tcase_add_test(tc, robust_list_limits_and_faults);
	tcase_add_test(tc, exit_hands_pi_locks_over);
	tcase_add_test(tc, exit_in_two_halves);
	suite_add_tcase(s, tc);
	return s;
}
