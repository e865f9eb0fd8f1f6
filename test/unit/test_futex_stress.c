// SPDX-License-Identifier: GPL-2.0
/*
 * common/futex*.c under real concurrency (pthreads, the host ops of
 * futex_env.c): a lost wake-up hangs a ping-pong (the test times out), a
 * lost or doubled wake breaks the count the requeue storm keeps, and a
 * broken PI hand-off breaks mutual exclusion or hangs. Sized to take a
 * few seconds under make check; ten times more under make soak
 * (IHK_UNIT_SOAK set).
 */
#include <check.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "futex_env.h"

#define P		FUTEX_PRIVATE_FLAG
#define MAX_THREADS	8

static struct fenv env;

static int scale(int n)
{
	return getenv("IHK_UNIT_SOAK") ? n * 10 : n;
}

static void setup(void)
{
	fenv_init(&env);
}

static void teardown(void)
{
	fenv_destroy(&env);
}

struct ts {
	int64_t sec, nsec;
};

static uint32_t ld(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static void st(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

/* Ping-pong: thread i waits for its own word, then passes the turn on. */
struct ring {
	uint32_t words[MAX_THREADS];
	uint32_t turn;			/* the bitset variant's one word */
	int nr, rounds, bitset;
	bool shared;
};

struct member {
	struct ring *r;
	int i;
	pthread_t pt;
};

static void ring_pass_words(struct fthread *th, struct ring *r, int i)
{
	int op = r->shared ? 0 : P, next = (i + 1) % r->nr;

	while (ld(&r->words[i]) == 0)
		fsys(&env, th, &r->words[i], FUTEX_WAIT | op, 0, 0, NULL, 0);
	st(&r->words[i], 0);
	st(&r->words[next], 1);
	fsys(&env, th, &r->words[next], FUTEX_WAKE | op, 1, 0, NULL, 0);
}

/* One word; each waits with its own bit, the waker wakes the next's. */
static void ring_pass_bitset(struct fthread *th, struct ring *r, int i)
{
	uint32_t v;
	int next = (i + 1) % r->nr;

	while ((v = ld(&r->turn)) % (uint32_t)r->nr != (uint32_t)i)
		fsys(&env, th, &r->turn, FUTEX_WAIT_BITSET | P, v, 0, NULL,
		     1u << i);
	st(&r->turn, v + 1);
	fsys(&env, th, &r->turn, FUTEX_WAKE_BITSET | P, 1, 0, NULL, 1u << next);
}

static void *ring_run(void *arg)
{
	struct member *m = arg;
	struct fthread th;
	int k;

	fthread_init(&th, 1000 + m->i, 1);
	for (k = 0; k < m->r->rounds; k++) {
		if (m->r->bitset)
			ring_pass_bitset(&th, m->r, m->i);
		else
			ring_pass_words(&th, m->r, m->i);
	}
	fthread_destroy(&th);
	return NULL;
}

static void ring_go(int nr, int rounds, int bitset, bool shared)
{
	static struct ring r;
	struct member m[MAX_THREADS];
	int i;

	memset(&r, 0, sizeof(r));
	r.nr = nr;
	r.rounds = rounds;
	r.bitset = bitset;
	r.shared = shared;
	r.words[0] = 1;
	for (i = 0; i < nr; i++) {
		m[i].r = &r;
		m[i].i = i;
		pthread_create(&m[i].pt, NULL, ring_run, &m[i]);
	}
	for (i = 0; i < nr; i++)
		pthread_join(m[i].pt, NULL);
	ck_assert_int_eq(fenv_queued(&env, &r.turn), 0);
	if (bitset)
		ck_assert_uint_eq(r.turn, (uint32_t)(nr * rounds));
}

START_TEST(ping_pong_two)
{
	ring_go(2, scale(10000), 0, false);
}
END_TEST

START_TEST(ping_pong_ring_shared)
{
	ring_go(5, scale(2000), 0, true);
}
END_TEST

START_TEST(ping_pong_bitsets)
{
	ring_go(4, scale(2500), 1, false);
}
END_TEST

/*
 * The storm: waiters wait on A with short timeouts; wakers bump A and
 * CMP_REQUEUE its waiters to B, wake some on B, move some back (REQUEUE
 * B to A), WAKE_OP both. Every wake a waker counts must be one waiter
 * returning 0, and the reverse: woken == reported at the end.
 */
struct storm {
	uint32_t a, b;
	int stop;
	long woken, reported, timeouts, waiters_done;
};

static struct storm S;

static void *storm_waiter(void *arg)
{
	struct fthread th;
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	struct ts t;
	long ret;

	fthread_init(&th, 2000 + (uint32_t)(uintptr_t)arg, 1);
	while (!__atomic_load_n(&S.stop, __ATOMIC_SEQ_CST)) {
		uint32_t v = ld(&S.a);

		t.sec = 0;
		t.nsec = rand_r(&seed) % 300000;
		ret = fsys(&env, &th, &S.a, FUTEX_WAIT | P, v,
			   rand_r(&seed) % 4 ? UTIME(&t) : 0, NULL, 0);
		if (ret == 0)
			__atomic_add_fetch(&S.woken, 1, __ATOMIC_SEQ_CST);
		else if (ret == -ETIMEDOUT)
			__atomic_add_fetch(&S.timeouts, 1, __ATOMIC_SEQ_CST);
		else
			ck_assert_int_eq(ret, -EAGAIN);
	}
	__atomic_add_fetch(&S.waiters_done, 1, __ATOMIC_SEQ_CST);
	fthread_destroy(&th);
	return NULL;
}

static void report(long n)
{
	ck_assert_int_ge(n, 0);
	__atomic_add_fetch(&S.reported, n, __ATOMIC_SEQ_CST);
}

static void storm_step(struct fthread *th, unsigned int *seed)
{
	uint32_t v = __atomic_add_fetch(&S.a, 1, __ATOMIC_SEQ_CST);
	long ret;

	switch (rand_r(seed) % 5) {
	case 0:
	case 1:
		/* Wake one, move the rest (old glibc's broadcast). */
		ret = fsys(&env, th, &S.a, FUTEX_CMP_REQUEUE | P, 1, 0x7fffffff,
			   &S.b, v);
		if (ret != -EAGAIN)
			report(ret > 0 ? 1 : 0);
		break;
	case 2:
		report(fsys(&env, th, &S.b, FUTEX_WAKE | P,
			    1 + rand_r(seed) % 3, 0, NULL, 0));
		break;
	case 3:
		/* Move everyone back: nobody woken, nothing to report. */
		ret = fsys(&env, th, &S.b, FUTEX_REQUEUE | P, 0, 0x7fffffff,
			   &S.a, 0);
		ck_assert_int_ge(ret, 0);
		break;
	default:
		/* B += 0, old B == B: wakes on both. */
		report(fsys(&env, th, &S.a, FUTEX_WAKE_OP | P, 1, 1, &S.b,
			    FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_EQ,
				     ld(&S.b))));
		break;
	}
}

static void *storm_waker(void *arg)
{
	struct fthread th;
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	int k, n = scale(15000);

	fthread_init(&th, 3000 + (uint32_t)(uintptr_t)arg, 1);
	for (k = 0; k < n; k++)
		storm_step(&th, &seed);
	fthread_destroy(&th);
	return NULL;
}

START_TEST(requeue_storm_with_timeouts)
{
	pthread_t w[6], k[2];
	struct fthread me;
	int i;

	memset(&S, 0, sizeof(S));
	fthread_init(&me, 1, 1);
	for (i = 0; i < 6; i++)
		pthread_create(&w[i], NULL, storm_waiter,
			       (void *)(uintptr_t)(i + 1));
	for (i = 0; i < 2; i++)
		pthread_create(&k[i], NULL, storm_waker,
			       (void *)(uintptr_t)(i + 7));
	for (i = 0; i < 2; i++)
		pthread_join(k[i], NULL);
	__atomic_store_n(&S.stop, 1, __ATOMIC_SEQ_CST);
	/* Wake whoever still sleeps (with no timeout) until all are out. */
	while (__atomic_load_n(&S.waiters_done, __ATOMIC_SEQ_CST) < 6) {
		report(fsys(&env, &me, &S.a, FUTEX_WAKE | P, 0x7fffffff, 0,
			    NULL, 0));
		report(fsys(&env, &me, &S.b, FUTEX_WAKE | P, 0x7fffffff, 0,
			    NULL, 0));
		usleep(200);
	}
	for (i = 0; i < 6; i++)
		pthread_join(w[i], NULL);
	ck_assert_int_eq(fenv_queued(&env, &S.a) + fenv_queued(&env, &S.b), 0);
	ck_assert_int_eq(S.woken, S.reported);
	ck_assert_int_gt(S.woken, 0);
	ck_assert_int_gt(S.timeouts, 0);
	fthread_destroy(&me);
}
END_TEST

/* PI mutex with the user-space fast paths glibc uses. */
struct pimutex {
	uint32_t word;
	long count;
	int iters;
};

static void pi_lock(struct fthread *th, struct pimutex *m)
{
	uint32_t zero = 0;

	if (__atomic_compare_exchange_n(&m->word, &zero, th->c.tid, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	ck_assert_int_eq(fsys(&env, th, &m->word, FUTEX_LOCK_PI | P, 0, 0,
			      NULL, 0), 0);
}

static void pi_unlock(struct fthread *th, struct pimutex *m)
{
	uint32_t tid = th->c.tid;

	if (__atomic_compare_exchange_n(&m->word, &tid, 0, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	ck_assert_int_eq(fsys(&env, th, &m->word, FUTEX_UNLOCK_PI | P, 0, 0,
			      NULL, 0), 0);
}

static struct pimutex PM;

static void *pi_worker(void *arg)
{
	struct fthread th;
	int k;
	long c;

	fthread_init(&th, 4000 + (uint32_t)(uintptr_t)arg, 1);
	for (k = 0; k < PM.iters; k++) {
		pi_lock(&th, &PM);
		ck_assert_uint_eq(ld(&PM.word) & FUTEX_TID_MASK, th.c.tid);
		c = PM.count;		/* not atomic: the lock protects it */
		if (!(k % 64))
			sched_yield();
		PM.count = c + 1;
		pi_unlock(&th, &PM);
	}
	fthread_destroy(&th);
	return NULL;
}

START_TEST(pi_mutex_exclusion_and_hand_off)
{
	pthread_t t[4];
	int i;

	memset(&PM, 0, sizeof(PM));
	PM.iters = scale(10000);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, pi_worker, (void *)(uintptr_t)i);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(PM.count, 4L * PM.iters);
	ck_assert_uint_eq(PM.word, 0);
	ck_assert_int_eq(fenv_queued(&env, &PM.word), 0);
}
END_TEST

Suite *futex_stress_suite(void)
{
	Suite *s = suite_create("futex_stress");
	TCase *tc = tcase_create("stress");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, getenv("IHK_UNIT_SOAK") ? 600 : 60);
	tcase_add_test(tc, ping_pong_two);
	tcase_add_test(tc, ping_pong_ring_shared);
	tcase_add_test(tc, ping_pong_bitsets);
	tcase_add_test(tc, requeue_storm_with_timeouts);
	tcase_add_test(tc, pi_mutex_exclusion_and_hand_off);
	suite_add_tcase(s, tc);
	return s;
}
