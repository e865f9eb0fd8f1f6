// SPDX-License-Identifier: GPL-2.0
/*
 * pt_sync: the pthread synchronisation objects with 4 workers, each
 * checked by a count that comes out exact only if the object excluded,
 * woke and released as it must: a normal, an error-checking, a recursive
 * and a priority-inheritance mutex (PI: contended locks go through
 * FUTEX_LOCK_PI/UNLOCK_PI), a condition variable between 2 producers and
 * 2 consumers of a bounded queue, a barrier, and a read-write lock.
 *
 * Output: fixed lines with the exact counts (never a thread id, a time or
 * an order that depends on scheduling), the same natively and under
 * mcexec, with glibc and musl. Exit status 0 if every count is right,
 * else 1 with FAIL lines and one line on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include "check.h"
#include "pt.h"

#define WORKERS		4
#define ITERS		5000	/* lock/unlock pairs per worker and mutex */
#define ITEMS		4000	/* items per producer */
#define QUEUE		8
#define ROUNDS		200	/* barrier rounds */
#define RW_ITERS	2000

static pthread_mutex_t mutex;
static long counter;

/* The same increment under @mutex, ITERS times, by each worker. */
static void *mutex_worker(void *arg)
{
	int i, err, depth = (int)(long)arg;

	for (i = 0; i < ITERS; i++) {
		err = pthread_mutex_lock(&mutex);
		if (err)
			return (void *)(long)err;
		/* A recursive mutex is taken again by its owner. */
		if (depth > 1 && (err = pthread_mutex_lock(&mutex)))
			return (void *)(long)err;
		counter++;
		if (depth > 1 && (err = pthread_mutex_unlock(&mutex)))
			return (void *)(long)err;
		err = pthread_mutex_unlock(&mutex);
		if (err)
			return (void *)(long)err;
	}
	return NULL;
}

/* 4 workers hammer a mutex of @type/@protocol; the count must be exact. */
static void mutex_run(const char *name, int type, int protocol, int depth)
{
	pthread_mutexattr_t a;
	pthread_t t[WORKERS];
	long errs = 0;
	int i, err;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, type);
	err = pthread_mutexattr_setprotocol(&a, protocol);
	CHECK(!err, "mutex %s: setprotocol: %s", name, strerror(err));
	err = pthread_mutex_init(&mutex, &a);
	CHECK(!err, "mutex %s: init: %s", name, strerror(err));
	pthread_mutexattr_destroy(&a);
	if (err)
		return;
	counter = 0;
	for (i = 0; i < WORKERS; i++)
		pt_start(&t[i], mutex_worker, (void *)(long)depth);
	for (i = 0; i < WORKERS; i++)
		errs += pt_join(t[i]) != NULL;
	CHECK(!errs, "mutex %s: %ld workers saw a lock call fail", name, errs);
	CHECK(counter == (long)WORKERS * ITERS, "mutex %s: count %ld, want %ld",
	      name, counter, (long)WORKERS * ITERS);
	printf("mutex %s: %d workers x %d = %ld\n", name, WORKERS, ITERS, counter);
	pthread_mutex_destroy(&mutex);
}

static int trylock_result;

static void *trylock_worker(void *arg)
{
	(void)arg;
	trylock_result = pthread_mutex_trylock(&mutex);
	return NULL;
}

/* What only the owner may do: relock, trylock, unlock (by type). */
static void mutex_owner_rules(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&mutex, &a);
	pthread_mutex_lock(&mutex);
	CHECK(pthread_mutex_lock(&mutex) == EDEADLK, "errorcheck relock is not EDEADLK");
	pt_start(&t, trylock_worker, NULL);
	pt_join(t);
	CHECK(trylock_result == EBUSY, "errorcheck trylock by another thread: %d, want EBUSY",
	      trylock_result);
	pthread_mutex_unlock(&mutex);
	CHECK(pthread_mutex_unlock(&mutex) == EPERM, "errorcheck unlock when not owned is not EPERM");
	pthread_mutex_destroy(&mutex);

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&mutex, &a);
	pthread_mutex_lock(&mutex);
	CHECK(pthread_mutex_trylock(&mutex) == 0, "recursive trylock by the owner failed");
	pt_start(&t, trylock_worker, NULL);
	pt_join(t);
	CHECK(trylock_result == EBUSY, "recursive trylock by another thread: %d, want EBUSY",
	      trylock_result);
	pthread_mutex_unlock(&mutex);
	pthread_mutex_unlock(&mutex);
	pt_start(&t, trylock_worker, NULL);
	pt_join(t);
	CHECK(trylock_result == 0, "recursive mutex still held after two unlocks: %d",
	      trylock_result);
	pthread_mutex_destroy(&mutex);
	pthread_mutexattr_destroy(&a);
	printf("mutex owner rules: EDEADLK, EBUSY, EPERM as expected\n");
}

/* --- condition variable: a bounded queue, 2 producers, 2 consumers ---- */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static long queue[QUEUE];
static int q_head, q_len, producers_left;

static void *producer(void *arg)
{
	long base = (long)arg * ITEMS, i;

	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == QUEUE)
			pthread_cond_wait(&q_not_full, &q_lock);
		queue[(q_head + q_len++) % QUEUE] = base + i;
		pthread_cond_signal(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
	}
	pthread_mutex_lock(&q_lock);
	producers_left--;
	pthread_cond_broadcast(&q_not_empty);
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

struct consumed {
	long items, sum;
};

static void *consumer(void *arg)
{
	struct consumed *c = arg;

	pthread_mutex_lock(&q_lock);
	for (;;) {
		while (!q_len && producers_left)
			pthread_cond_wait(&q_not_empty, &q_lock);
		if (!q_len)
			break;
		c->sum += queue[q_head];
		c->items++;
		q_head = (q_head + 1) % QUEUE;
		q_len--;
		pthread_cond_signal(&q_not_full);
	}
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

static void condvar_run(void)
{
	struct consumed c[2] = { { 0, 0 }, { 0, 0 } };
	long n = 2L * ITEMS, want = n * (n + 1) / 2;
	pthread_t t[4];
	int i;

	producers_left = 2;
	pt_start(&t[0], consumer, &c[0]);
	pt_start(&t[1], consumer, &c[1]);
	pt_start(&t[2], producer, (void *)0L);
	pt_start(&t[3], producer, (void *)1L);
	for (i = 0; i < 4; i++)
		pt_join(t[i]);
	CHECK(c[0].items + c[1].items == n, "condvar: %ld items consumed, want %ld",
	      c[0].items + c[1].items, n);
	CHECK(c[0].sum + c[1].sum == want, "condvar: sum %ld, want %ld",
	      c[0].sum + c[1].sum, want);
	CHECK(!q_len, "condvar: %d items left in the queue", q_len);
	printf("condvar: 2 producers, 2 consumers, %ld items, sum %ld\n",
	       c[0].items + c[1].items, c[0].sum + c[1].sum);
}

/* --- barrier ----------------------------------------------------------- */
static pthread_barrier_t barrier;
static long slot[2][WORKERS];
static int serials, barrier_errors;
static pthread_mutex_t tally_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Each round every worker writes its slot, waits, reads everyone's: a
 * worker let through early reads a stale slot. Two slot sets alternate
 * so a round's writes cannot race the previous round's reads.
 */
static void *barrier_worker(void *arg)
{
	long id = (long)arg, sum;
	int r, i, ret, serial = 0, errors = 0;

	for (r = 1; r <= ROUNDS; r++) {
		slot[r & 1][id] = (long)r * (id + 1);
		ret = pthread_barrier_wait(&barrier);
		if (ret == PTHREAD_BARRIER_SERIAL_THREAD)
			serial++;
		else if (ret)
			errors++;
		for (sum = 0, i = 0; i < WORKERS; i++)
			sum += slot[r & 1][i];
		if (sum != (long)r * WORKERS * (WORKERS + 1) / 2)
			errors++;
		/* Nobody rewrites this round's set until all have read it. */
		ret = pthread_barrier_wait(&barrier);
		if (ret == PTHREAD_BARRIER_SERIAL_THREAD)
			serial++;
		else if (ret)
			errors++;
	}
	pthread_mutex_lock(&tally_lock);
	serials += serial;
	barrier_errors += errors;
	pthread_mutex_unlock(&tally_lock);
	return NULL;
}

static void barrier_run(void)
{
	pthread_t t[WORKERS];
	long i;

	pthread_barrier_init(&barrier, NULL, WORKERS);
	for (i = 0; i < WORKERS; i++)
		pt_start(&t[i], barrier_worker, (void *)i);
	for (i = 0; i < WORKERS; i++)
		pt_join(t[i]);
	pthread_barrier_destroy(&barrier);
	CHECK(!barrier_errors, "barrier: %d stale reads or failed waits", barrier_errors);
	CHECK(serials == 2 * ROUNDS, "barrier: %d serial threads, want one per wait (%d)",
	      serials, 2 * ROUNDS);
	printf("barrier: %d workers, %d waits, %d serial, %d stale\n", WORKERS,
	       2 * ROUNDS, serials, barrier_errors);
}

/* --- read-write lock ----------------------------------------------------- */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_a, rw_b;
static int rw_torn;

/* Worker 0 and 2 write (a and b together), 1 and 3 read (a == b). */
static void *rw_worker(void *arg)
{
	long id = (long)arg;
	int i, torn = 0;

	for (i = 0; i < RW_ITERS; i++) {
		if (id % 2 == 0) {
			pthread_rwlock_wrlock(&rw);
			rw_a++;
			rw_b++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			torn += rw_a != rw_b;
			pthread_rwlock_unlock(&rw);
		}
	}
	pthread_mutex_lock(&tally_lock);
	rw_torn += torn;
	pthread_mutex_unlock(&tally_lock);
	return NULL;
}

static int try_rd, try_wr;

static void *rw_try(void *arg)
{
	(void)arg;
	try_rd = pthread_rwlock_tryrdlock(&rw);
	if (!try_rd)
		pthread_rwlock_unlock(&rw);
	try_wr = pthread_rwlock_trywrlock(&rw);
	if (!try_wr)
		pthread_rwlock_unlock(&rw);
	return NULL;
}

static void rwlock_run(void)
{
	pthread_t t[WORKERS];
	long i;

	for (i = 0; i < WORKERS; i++)
		pt_start(&t[i], rw_worker, (void *)i);
	for (i = 0; i < WORKERS; i++)
		pt_join(t[i]);
	CHECK(!rw_torn, "rwlock: %d reads saw a half-done write", rw_torn);
	CHECK(rw_a == 2L * RW_ITERS && rw_b == rw_a, "rwlock: counts %ld %ld, want %ld",
	      rw_a, rw_b, 2L * RW_ITERS);
	/* Readers share, a writer waits for them. */
	pthread_rwlock_rdlock(&rw);
	pt_start(&t[0], rw_try, NULL);
	pt_join(t[0]);
	pthread_rwlock_unlock(&rw);
	CHECK(!try_rd, "rwlock: a second reader was refused: %d", try_rd);
	CHECK(try_wr == EBUSY, "rwlock: trywrlock under a reader: %d, want EBUSY", try_wr);
	printf("rwlock: 2 writers x %d, 2 readers x %d, count %ld, torn %d, shared reads ok\n",
	       RW_ITERS, RW_ITERS, rw_a, rw_torn);
}

int main(void)
{
	pt_watchdog("pt_sync", 30);
	mutex_run("normal", PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_NONE, 1);
	mutex_run("errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE, 1);
	mutex_run("recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_PRIO_NONE, 2);
	mutex_run("pi", PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_INHERIT, 1);
	mutex_run("pi recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_PRIO_INHERIT, 2);
	mutex_owner_rules();
	condvar_run();
	barrier_run();
	rwlock_run();
	return check_verdict("pt_sync");
}
