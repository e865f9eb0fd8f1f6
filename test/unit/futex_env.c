// SPDX-License-Identifier: GPL-2.0
/* The host futex environment (see futex_env.h). */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "futex_env.h"

static struct fthread *th_of(const struct futex_ctx *c)
{
	return c->priv;
}

static bool faults(const struct futex_ctx *c, uint64_t uaddr, size_t len)
{
	const struct fthread *th = th_of(c);

	return uaddr < th->fault_hi && uaddr + len > th->fault_lo;
}

static void env_lock(struct futex_table *t, unsigned int b)
{
	struct fenv *e = t->priv;

	pthread_mutex_lock(&e->locks[b]);
}

static void env_unlock(struct futex_table *t, unsigned int b)
{
	struct fenv *e = t->priv;

	pthread_mutex_unlock(&e->locks[b]);
}

static int env_get_u32(const struct futex_ctx *c, uint64_t uaddr,
		       uint32_t *val)
{
	if (faults(c, uaddr, 4))
		return -EFAULT;
	if (uaddr % 4) {
		memcpy(val, (void *)(uintptr_t)uaddr, 4);
		return 0;
	}
	*val = __atomic_load_n((uint32_t *)(uintptr_t)uaddr, __ATOMIC_SEQ_CST);
	return 0;
}

static int env_cmpxchg(const struct futex_ctx *c, uint64_t uaddr,
		       uint32_t old, uint32_t newval, uint32_t *cur)
{
	if (faults(c, uaddr, 4))
		return -EFAULT;
	__atomic_compare_exchange_n((uint32_t *)(uintptr_t)uaddr, &old, newval,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	*cur = old;
	return 0;
}

static int env_copy_in(const struct futex_ctx *c, void *dst, uint64_t uaddr,
		       size_t len)
{
	if (faults(c, uaddr, len))
		return -EFAULT;
	memcpy(dst, (void *)(uintptr_t)uaddr, len);
	return 0;
}

static int env_shared_key(const struct futex_ctx *c, uint64_t uaddr,
			  struct futex_key *key)
{
	if (faults(c, uaddr, 4))
		return -EFAULT;
	key->space = 0;
	key->addr = uaddr;
	return 0;
}

uint64_t fenv_now(int clock)
{
	struct timespec ts;

	clock_gettime(clock == FUTEX_CLOCK_ID_REALTIME ? CLOCK_REALTIME :
		      CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t env_now(const struct futex_ctx *c, int clock)
{
	(void)c;
	return fenv_now(clock);
}

/* The deadline as an absolute CLOCK_MONOTONIC time for the condvar. */
static struct timespec mono_deadline(const struct futex_deadline *dl)
{
	uint64_t now = fenv_now(dl->clock), mono = fenv_now(1), left, abs;
	struct timespec ts;

	left = dl->ns > now ? dl->ns - now : 0;
	if (left > 1000000000ull * 3600 * 24 * 365)
		left = 1000000000ull * 3600 * 24 * 365;
	abs = mono + left;
	ts.tv_sec = (time_t)(abs / 1000000000ull);
	ts.tv_nsec = (long)(abs % 1000000000ull);
	return ts;
}

static int env_block(const struct futex_ctx *c, const struct futex_deadline *dl)
{
	struct fthread *th = th_of(c);
	struct timespec ts;
	int ret = 0;

	if (dl)
		ts = mono_deadline(dl);
	pthread_mutex_lock(&th->m);
	while (!th->permit && !ret) {
		if (!dl)
			pthread_cond_wait(&th->cv, &th->m);
		else if (pthread_cond_timedwait(&th->cv, &th->m, &ts) ==
			 ETIMEDOUT)
			ret = -ETIMEDOUT;
	}
	if (th->permit) {
		th->permit = 0;
		ret = 0;
	}
	pthread_mutex_unlock(&th->m);
	return ret;
}

static void env_wake(struct futex_table *t, void *task)
{
	struct fthread *th = task;

	(void)t;
	pthread_mutex_lock(&th->m);
	th->permit = 1;
	pthread_cond_signal(&th->cv);
	pthread_mutex_unlock(&th->m);
}

static bool env_tid_alive(const struct futex_ctx *c, uint32_t tid)
{
	return tid != th_of(c)->env->dead_tid;
}

static const struct futex_ops env_ops = {
	.lock = env_lock,
	.unlock = env_unlock,
	.get_u32 = env_get_u32,
	.cmpxchg_u32 = env_cmpxchg,
	.copy_in = env_copy_in,
	.shared_key = env_shared_key,
	.now = env_now,
	.block = env_block,
	.wake = env_wake,
	.tid_alive = env_tid_alive,
};

void fenv_init(struct fenv *e)
{
	int i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < FENV_BUCKETS; i++)
		pthread_mutex_init(&e->locks[i], NULL);
	futex_table_init(&e->t, &env_ops, e, e->buckets, FENV_BUCKETS);
}

void fenv_destroy(struct fenv *e)
{
	int i;

	for (i = 0; i < FENV_BUCKETS; i++)
		pthread_mutex_destroy(&e->locks[i]);
}

void fthread_init(struct fthread *th, uint32_t tid, uint64_t space)
{
	pthread_condattr_t a;

	memset(th, 0, sizeof(*th));
	pthread_mutex_init(&th->m, NULL);
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&th->cv, &a);
	pthread_condattr_destroy(&a);
	th->c.task = th;
	th->c.priv = th;
	th->c.tid = tid;
	th->c.space = space;
	th->c.user_top = 0x7ffffffff000ull;
}

void fthread_destroy(struct fthread *th)
{
	pthread_mutex_destroy(&th->m);
	pthread_cond_destroy(&th->cv);
}

long fsys(struct fenv *e, struct fthread *th, const void *uaddr, int op,
	  uint32_t val, uint64_t utime, const void *uaddr2, uint32_t val3)
{
	th->env = e;
	return futex_syscall(&e->t, &th->c, &th->w, (uintptr_t)uaddr, op, val,
			     utime, (uintptr_t)uaddr2, val3);
}

long fwaitv(struct fenv *e, struct fthread *th, const void *waiters,
	    unsigned int nr, unsigned int flags, const void *timeout,
	    int clockid)
{
	th->env = e;
	return futex_waitv_syscall(&e->t, &th->c, th->ws, (uintptr_t)waiters,
				   nr, flags, (uintptr_t)timeout, clockid);
}

int fenv_queued(struct fenv *e, const void *uaddr)
{
	struct futex_waiter *w;
	int i, n = 0;

	for (i = 0; i < FENV_BUCKETS; i++) {
		pthread_mutex_lock(&e->locks[i]);
		for (w = e->buckets[i].first; w; w = w->next)
			if (w->key.addr == (uintptr_t)uaddr)
				n++;
		pthread_mutex_unlock(&e->locks[i]);
	}
	return n;
}

int fenv_wait_queued(struct fenv *e, const void *uaddr, int n)
{
	int i;

	for (i = 0; i < 50000; i++) {
		if (fenv_queued(e, uaddr) == n)
			return 0;
		usleep(100);
	}
	return -1;
}

static void *fcall_run(void *arg)
{
	struct fcall *fc = arg;

	fc->ret = fsys(fc->e, &fc->th, fc->uaddr, fc->op, fc->val, fc->utime,
		       fc->uaddr2, fc->val3);
	return NULL;
}

void fcall_start(struct fcall *fc, struct fenv *e, uint32_t tid,
		 const void *uaddr, int op, uint32_t val, uint64_t utime,
		 const void *uaddr2, uint32_t val3)
{
	fthread_init(&fc->th, tid, 1);
	fc->e = e;
	fc->uaddr = uaddr;
	fc->op = op;
	fc->val = val;
	fc->utime = utime;
	fc->uaddr2 = uaddr2;
	fc->val3 = val3;
	fc->ret = -12345;
	pthread_create(&fc->pt, NULL, fcall_run, fc);
}

long fcall_join(struct fcall *fc)
{
	pthread_join(fc->pt, NULL);
	fthread_destroy(&fc->th);
	return fc->ret;
}
