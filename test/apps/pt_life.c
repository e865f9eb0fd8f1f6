// SPDX-License-Identifier: GPL-2.0
/*
 * pt_life: what a thread owns from its creation to its end: its TLS
 * (__thread, initialised from the image, one copy per thread), its
 * thread-specific data (pthread_key_t, destructors run at exit), its
 * identity (gettid differs from getpid, which it shares), its end
 * (return value, pthread_exit, detached threads that nobody joins; the
 * cancellation is pt_cancel's), and a robust mutex its owner dies holding: the next locker gets
 * EOWNERDEAD and makes it consistent; one left inconsistent becomes
 * ENOTRECOVERABLE.
 *
 * Output: fixed lines (no tid, address or time), the same natively and
 * under mcexec, with glibc and musl. Exit status 0 if all held, else 1
 * with FAIL lines and one line on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "pt.h"

#define WORKERS	4

static pid_t my_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* --- TLS and identity --------------------------------------------------- */
static __thread int tls_int = 5;
static __thread char tls_name[16] = "initial";
static __thread long tls_zero[64];

struct ident {
	long id;
	pid_t pid, tid;
	int tls_start_ok, tls_end_ok;
};

static pthread_barrier_t all_set;

static void *ident_worker(void *arg)
{
	struct ident *w = arg;
	int i, zero = 1;

	for (i = 0; i < 64; i++)
		zero &= tls_zero[i] == 0;
	/* The image's values, not what main or another worker wrote. */
	w->tls_start_ok = tls_int == 5 && !strcmp(tls_name, "initial") && zero;
	tls_int = 100 + (int)w->id;
	snprintf(tls_name, sizeof(tls_name), "worker%ld", w->id);
	tls_zero[63] = w->id + 1;
	w->pid = getpid();
	w->tid = my_tid();
	/* Everyone has written its copy before anyone looks at its own. */
	pthread_barrier_wait(&all_set);
	w->tls_end_ok = tls_int == 100 + w->id && !strncmp(tls_name, "worker", 6) &&
			tls_name[6] == '0' + w->id && tls_zero[63] == w->id + 1;
	return NULL;
}

static void tls_and_ids(void)
{
	struct ident w[WORKERS];
	pthread_t t[WORKERS];
	int i, j, distinct = 1, ok = 1;

	tls_int = 1;
	snprintf(tls_name, sizeof(tls_name), "main");
	tls_zero[0] = 7;
	CHECK(my_tid() == getpid(), "main: gettid %d != getpid %d", my_tid(), getpid());
	pthread_barrier_init(&all_set, NULL, WORKERS);
	for (i = 0; i < WORKERS; i++) {
		w[i].id = i;
		pt_start(&t[i], ident_worker, &w[i]);
	}
	for (i = 0; i < WORKERS; i++)
		pt_join(t[i]);
	pthread_barrier_destroy(&all_set);
	for (i = 0; i < WORKERS; i++) {
		CHECK(w[i].tls_start_ok, "worker %d: TLS did not start from the image", i);
		CHECK(w[i].tls_end_ok, "worker %d: its TLS changed under it", i);
		ok &= w[i].tls_start_ok && w[i].tls_end_ok;
		CHECK(w[i].pid == getpid(), "worker %d: getpid %d, main's %d", i, w[i].pid,
		      getpid());
		CHECK(w[i].tid != getpid() && w[i].tid > 0, "worker %d: gettid %d, getpid %d",
		      i, w[i].tid, getpid());
		for (j = 0; j < i; j++)
			distinct &= w[i].tid != w[j].tid;
	}
	CHECK(distinct, "two workers had the same tid");
	CHECK(tls_int == 1 && !strcmp(tls_name, "main") && tls_zero[0] == 7,
	      "main's TLS changed by the workers: %d '%s'", tls_int, tls_name);
	printf("tls: %d workers, each its own copy from the image: %s\n", WORKERS,
	       ok ? "yes" : "no");
	printf("ids: getpid shared, gettid distinct and not the pid: %s\n",
	       distinct ? "yes" : "no");
}

/* --- thread-specific data ----------------------------------------------- */
static pthread_key_t key;
static atomic_int dtor_calls, dtor_sum;

static void dtor(void *p)
{
	atomic_fetch_add(&dtor_calls, 1);
	atomic_fetch_add(&dtor_sum, *(int *)p);
	free(p);
}

static void *tsd_worker(void *arg)
{
	long id = (long)arg;
	int *v;

	if (pthread_getspecific(key))
		return (void *)1;	/* a new thread starts with NULL */
	/* Worker 3 sets a value and clears it again: no destructor then. */
	v = malloc(sizeof(*v));
	if (!v)
		return (void *)2;
	*v = (int)id + 1;
	if (pthread_setspecific(key, v))
		return (void *)3;
	if (pthread_getspecific(key) != v)
		return (void *)4;
	if (id == 3) {
		pthread_setspecific(key, NULL);
		free(v);
	}
	return NULL;
}

static void tsd(void)
{
	pthread_t t[WORKERS];
	long i, bad = 0;
	int main_val = 42;

	CHECK(!pthread_key_create(&key, dtor), "pthread_key_create failed");
	pthread_setspecific(key, &main_val);
	for (i = 0; i < WORKERS; i++)
		pt_start(&t[i], tsd_worker, (void *)i);
	for (i = 0; i < WORKERS; i++)
		bad += pt_join(t[i]) != NULL;
	CHECK(!bad, "tsd: %ld workers saw a wrong value", bad);
	CHECK(pthread_getspecific(key) == &main_val, "tsd: main's value changed");
	/* Workers 0, 1, 2 left 1, 2, 3: three calls, sum 6. */
	CHECK(dtor_calls == 3 && dtor_sum == 6, "tsd: %d destructor calls, sum %d; want 3, 6",
	      dtor_calls, dtor_sum);
	pthread_setspecific(key, NULL);
	pthread_key_delete(key);
	printf("tsd: %d destructor calls, sum %d\n", dtor_calls, dtor_sum);
}

/* --- end of a thread: return, pthread_exit, detach ------------------------ */
static void exit_deep(long v)
{
	pthread_exit((void *)(v * 10));
}

static void *ender(void *arg)
{
	long id = (long)arg;

	if (id % 2)
		exit_deep(id);		/* does not return */
	return (void *)(id * 3 + 1);
}

static atomic_int detached_done;
static sem_t detached_sem;

static void *detached(void *arg)
{
	atomic_fetch_add(&detached_done, (int)(long)arg);
	sem_post(&detached_sem);
	return NULL;
}

static void ends(void)
{
	pthread_t t[WORKERS];
	pthread_attr_t a;
	long i, ok = 0;
	void *r;

	for (i = 0; i < WORKERS; i++)
		pt_start(&t[i], ender, (void *)i);
	for (i = 0; i < WORKERS; i++) {
		r = pt_join(t[i]);
		ok += r == (void *)(i % 2 ? i * 10 : i * 3 + 1);
		CHECK(r == (void *)(i % 2 ? i * 10 : i * 3 + 1), "thread %ld returned %ld",
		      i, (long)r);
	}
	printf("join: %ld of %d return values right (returned and pthread_exit)\n", ok,
	       WORKERS);

	sem_init(&detached_sem, 0, 0);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (i = 1; i <= WORKERS; i++) {
		int err = pthread_create(&t[0], &a, detached, (void *)i);

		if (err)
			pt_die("cannot create a detached thread", err);
	}
	pthread_attr_destroy(&a);
	pt_start(&t[1], detached, (void *)100L);
	CHECK(!pthread_detach(t[1]), "pthread_detach failed");
	for (i = 0; i <= WORKERS; i++)
		sem_wait(&detached_sem);
	CHECK(detached_done == 110, "detached threads: sum %d, want 110", detached_done);
	printf("detached: %d threads ran, sum %d\n", WORKERS + 1, detached_done);
}

/* --- a robust mutex whose owner dies ----------------------------------- */
static pthread_mutex_t robust[2];

static void *die_holding(void *arg)
{
	long i = (long)arg;

	if (pthread_mutex_lock(&robust[i]))
		return (void *)1;
	pthread_exit(NULL);	/* still holding it */
}

static void robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	int i, r1, r2, r3;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	for (i = 0; i < 2; i++) {
		pthread_mutex_init(&robust[i], &a);
		pt_start(&t, die_holding, (void *)(long)i);
		CHECK(pt_join(t) == NULL, "robust: the owner could not lock");
	}
	pthread_mutexattr_destroy(&a);

	/* Made consistent: usable again. */
	r1 = pthread_mutex_lock(&robust[0]);
	r2 = r1 == EOWNERDEAD ? pthread_mutex_consistent(&robust[0]) : -1;
	pthread_mutex_unlock(&robust[0]);
	r3 = pthread_mutex_lock(&robust[0]);
	if (!r3)
		pthread_mutex_unlock(&robust[0]);
	CHECK(r1 == EOWNERDEAD, "robust: lock after the owner died: %d, want EOWNERDEAD", r1);
	CHECK(r2 == 0, "robust: pthread_mutex_consistent: %d", r2);
	CHECK(r3 == 0, "robust: lock after consistent: %d", r3);
	printf("robust: owner died: %s, consistent: %s, relock: %s\n",
	       r1 == EOWNERDEAD ? "EOWNERDEAD" : "wrong", r2 ? "wrong" : "ok",
	       r3 ? "wrong" : "ok");

	/* Unlocked without consistent: nobody can have it any more. */
	r1 = pthread_mutex_trylock(&robust[1]);
	pthread_mutex_unlock(&robust[1]);
	r2 = pthread_mutex_lock(&robust[1]);
	CHECK(r1 == EOWNERDEAD, "robust: trylock after the owner died: %d", r1);
	CHECK(r2 == ENOTRECOVERABLE, "robust: lock of an inconsistent mutex: %d", r2);
	printf("robust: left inconsistent: %s\n",
	       r2 == ENOTRECOVERABLE ? "ENOTRECOVERABLE" : "wrong");
}

int main(void)
{
	pt_watchdog("pt_life", 30);
	tls_and_ids();
	tsd();
	ends();
	robust_mutex();
	return check_verdict("pt_life");
}
