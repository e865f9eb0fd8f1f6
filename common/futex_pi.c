// SPDX-License-Identifier: GPL-2.0
/*
 * PI futexes: LOCK_PI (LOCK_PI2), TRYLOCK_PI, UNLOCK_PI, WAIT_REQUEUE_PI
 * and CMP_REQUEUE_PI, with Linux 6.1's user-visible rules (kernel/futex/
 * pi.c and requeue.c): the owner's TID in the word, FUTEX_WAITERS while
 * the kernel has waiters, FUTEX_OWNER_DIED kept for the next owner,
 * -EDEADLK for a lock already ours, -EPERM for an unlock by another,
 * -ESRCH for an owner that does not exist, -EINVAL for a word that
 * disagrees with the kernel's waiters.
 *
 * Where Linux keeps a pi_state and an rt_mutex, the waiters themselves
 * carry the state here: each PI waiter on a key records the owner's TID
 * (pi_owner), all equal, updated under the bucket lock on hand-off. The
 * lock is handed to the first waiter (FIFO) at unlock: the unlocker
 * writes that waiter's TID | FUTEX_WAITERS into the word, as Linux does,
 * so there is no lock stealing. No priority is boosted: see
 * docs/futex.md for why.
 */
#include "futex_internal.h"

void futex_pi_set_owner(struct futex_bucket *b, const struct futex_key *key,
			uint32_t owner)
{
	struct futex_waiter *w;

	for (w = futex_top_waiter(b, key); w; w = w->next)
		if (w->kind == FUTEX_WK_PI && futex_key_eq(&w->key, key))
			w->pi_owner = owner;
}

/* Linux's __fixup_pi_state_owner() for the new owner: TID | WAITERS. */
int futex_pi_fixup(struct futex_table *t, const struct futex_ctx *c,
		   uint64_t uaddr)
{
	uint32_t uval, newval, cur;

	if (t->ops->get_u32(c, uaddr, &uval))
		return -EFAULT;
	for (;;) {
		newval = (uval & FUTEX_OWNER_DIED) | FUTEX_WAITERS | c->tid;
		if (t->ops->cmpxchg_u32(c, uaddr, uval, newval, &cur))
			return -EFAULT;
		if (cur == uval)
			return 0;
		uval = cur;
	}
}

/* 0, or -EAGAIN if the word changed under us (the caller retries). */
static int update_atomic(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr, uint32_t uval, uint32_t newval)
{
	uint32_t cur;

	if (t->ops->cmpxchg_u32(c, uaddr, uval, newval, &cur))
		return -EFAULT;
	return cur != uval ? -EAGAIN : 0;
}

/* Linux's attach_to_pi_state(): join the waiters already there. */
static int attach_to_waiters(struct futex_table *t, const struct futex_ctx *c,
			     uint64_t uaddr, uint32_t uval,
			     const struct futex_waiter *top, uint32_t *owner)
{
	uint32_t pid = uval & FUTEX_TID_MASK, uval2;

	/* A plain or requeue waiter there: user space mixed the kinds. */
	if (top->kind != FUTEX_WK_PI)
		return -EINVAL;
	if (t->ops->get_u32(c, uaddr, &uval2))
		return -EFAULT;
	if (uval2 != uval)
		return -EAGAIN;
	if (uval & FUTEX_OWNER_DIED) {
		/* Owner gone, lock handed over, TID not yet fixed up. */
		if (!top->pi_owner)
			return pid ? -EINVAL : 0;
		if (!pid)
			goto attach;
	} else if (!top->pi_owner) {
		return -EINVAL;
	}
	if (pid != top->pi_owner)
		return -EINVAL;
attach:
	*owner = top->pi_owner;
	return 0;
}

/* Linux's attach_to_pi_owner(): the first waiter; does the owner exist? */
static int attach_to_owner(struct futex_table *t, const struct futex_ctx *c,
			   uint64_t uaddr, uint32_t uval, uint32_t *owner)
{
	uint32_t pid = uval & FUTEX_TID_MASK, uval2;

	if (!pid)
		return -EAGAIN;
	if (t->ops->tid_alive && !t->ops->tid_alive(c, pid)) {
		/* handle_exit_race(): a changed word means try again. */
		if (t->ops->get_u32(c, uaddr, &uval2))
			return -EFAULT;
		return uval2 != uval ? -EAGAIN : -ESRCH;
	}
	*owner = pid;
	return 0;
}

int futex_lock_pi_atomic(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr, struct futex_bucket *b,
			 const struct futex_key *key, uint32_t tid,
			 bool set_waiters, uint32_t *owner)
{
	struct futex_waiter *top;
	uint32_t uval, newval;
	int ret;

	if (t->ops->get_u32(c, uaddr, &uval))
		return -EFAULT;
	if ((uval & FUTEX_TID_MASK) == tid)
		return -EDEADLK;
	top = futex_top_waiter(b, key);
	if (top)
		return attach_to_waiters(t, c, uaddr, uval, top, owner);
	if (!(uval & FUTEX_TID_MASK)) {
		/* Free: take it, keeping OWNER_DIED for the new owner. */
		newval = (uval & FUTEX_OWNER_DIED) | tid;
		if (set_waiters)
			newval |= FUTEX_WAITERS;
		ret = update_atomic(t, c, uaddr, uval, newval);
		if (ret)
			return ret;
		*owner = tid;
		return 1;
	}
	/* First waiter: FUTEX_WAITERS sends the owner's unlock to us. */
	newval = uval | FUTEX_WAITERS;
	ret = update_atomic(t, c, uaddr, uval, newval);
	if (ret)
		return ret;
	return attach_to_owner(t, c, uaddr, newval, owner);
}

/*
 * The end of a PI wait, with @w's bucket locked: 0 if the lock is ours
 * (handed over, and the word fixed up if its owner died), else @ret.
 */
static int pi_wait_result(struct futex_table *t, const struct futex_ctx *c,
			  struct futex_waiter *w, struct futex_bucket *b,
			  uint64_t uaddr, int ret)
{
	int state = futex_state_read(w);

	if (state == FUTEX_WS_QUEUED) {
		futex_unlink(w);
		futex_state_write(w, FUTEX_WS_WOKEN);
		return ret ? ret : -EAGAIN;
	}
	if (state == FUTEX_WS_LOCKED)
		return 0;
	if (state == FUTEX_WS_FIXUP) {
		ret = futex_pi_fixup(t, c, uaddr);
		futex_pi_set_owner(b, &w->key, c->tid);
		return ret;
	}
	return -EAGAIN;		/* woken early (Linux: -EWOULDBLOCK) */
}

/* Lock the bucket and try for the lock until the word holds still. */
static int lock_pi_try(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t uaddr, const struct futex_key *key,
		       struct futex_bucket **bp, uint32_t *owner)
{
	struct futex_bucket *b = futex_hash(t, key);
	int ret;

	for (;;) {
		futex_bucket_lock(t, b);
		ret = futex_lock_pi_atomic(t, c, uaddr, b, key, c->tid, false,
					   owner);
		if (ret != -EAGAIN)
			break;
		futex_bucket_unlock(t, b);
	}
	*bp = b;
	return ret;
}

int futex_lock_pi(struct futex_table *t, const struct futex_ctx *c,
		  struct futex_waiter *w, uint64_t uaddr, bool shared,
		  const struct futex_deadline *dl, bool trylock)
{
	struct futex_bucket *b;
	struct futex_key key;
	uint32_t owner = 0;
	int ret;

	ret = futex_get_key(t, c, uaddr, shared, &key);
	if (ret)
		return ret;
	ret = lock_pi_try(t, c, uaddr, &key, &b, &owner);
	if (ret || trylock) {
		futex_bucket_unlock(t, b);
		if (ret == 1)
			return 0;
		return ret ? ret : -EAGAIN;	/* trylock: -EWOULDBLOCK */
	}
	futex_waiter_init(w, c, &key, FUTEX_WK_PI, FUTEX_BITSET_MATCH_ANY);
	w->pi_owner = owner;
	futex_queue(b, w);
	futex_bucket_unlock(t, b);

	ret = futex_sleep(t, c, w, dl);
	b = futex_lock_waiter(t, w);
	ret = pi_wait_result(t, c, w, b, uaddr, ret);
	futex_bucket_unlock(t, b);
	return ret;
}

/*
 * Linux's wake_futex_pi(): hand the lock to @top (bucket locked). 1 if
 * a waiter set FUTEX_WAITERS since the caller read @uval: try again.
 */
static int wake_futex_pi(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr, uint32_t uval,
			 struct futex_bucket *b, struct futex_waiter *top)
{
	uint32_t newval = FUTEX_WAITERS | top->tid, cur, new_owner = top->tid;
	struct futex_key key = top->key;

	if (t->ops->cmpxchg_u32(c, uaddr, uval, newval, &cur))
		return -EFAULT;
	if (cur != uval)
		return (cur & FUTEX_TID_MASK) == uval ? 1 : -EINVAL;
	futex_wake_waiter(t, top, FUTEX_WS_LOCKED);
	futex_pi_set_owner(b, &key, new_owner);
	return 0;
}

/*
 * Under the bucket lock: hand over, or release the word if no waiter
 * (-EAGAIN if it changed: user space deals with it, as in Linux).
 */
static int unlock_pi_locked(struct futex_table *t, const struct futex_ctx *c,
			    uint64_t uaddr, uint32_t uval,
			    struct futex_bucket *b, const struct futex_key *key)
{
	struct futex_waiter *top = futex_top_waiter(b, key);
	uint32_t cur;

	if (top) {
		/* Kernel state must agree that we are the owner. */
		if (top->kind != FUTEX_WK_PI || top->pi_owner != c->tid)
			return -EINVAL;
		return wake_futex_pi(t, c, uaddr, uval, b, top);
	}
	/* No waiters: neither WAITERS nor OWNER_DIED is kept. */
	if (t->ops->cmpxchg_u32(c, uaddr, uval, 0, &cur))
		return -EFAULT;
	return cur == uval ? 0 : -EAGAIN;
}

int futex_unlock_pi(struct futex_table *t, const struct futex_ctx *c,
		    uint64_t uaddr, bool shared)
{
	struct futex_bucket *b;
	struct futex_key key;
	uint32_t uval;
	int ret;

	for (;;) {
		/* get_user() first: -EPERM before a misaligned -EINVAL. */
		if (futex_user_ok(c, uaddr) || t->ops->get_u32(c, uaddr, &uval))
			return -EFAULT;
		if ((uval & FUTEX_TID_MASK) != c->tid)
			return -EPERM;
		ret = futex_get_key(t, c, uaddr, shared, &key);
		if (ret)
			return ret;
		b = futex_hash(t, &key);
		futex_bucket_lock(t, b);
		ret = unlock_pi_locked(t, c, uaddr, uval, b, &key);
		futex_bucket_unlock(t, b);
		if (ret != 1)
			return ret;
	}
}

int futex_wait_requeue_pi(struct futex_table *t, const struct futex_ctx *c,
			  struct futex_waiter *w, uint64_t uaddr, bool shared,
			  uint32_t val, const struct futex_deadline *dl,
			  uint64_t uaddr2)
{
	struct futex_key key1, key2;
	struct futex_bucket *b;
	int ret;

	if (uaddr == uaddr2)
		return -EINVAL;
	ret = futex_get_key(t, c, uaddr2, shared, &key2);
	if (ret)
		return ret;
	ret = futex_get_key(t, c, uaddr, shared, &key1);
	if (ret)
		return ret;
	ret = futex_wait_setup(t, c, uaddr, val, &key1, &b);
	if (ret)
		return ret;
	/* Different addresses may still be one shared futex. */
	if (futex_key_eq(&key1, &key2)) {
		futex_bucket_unlock(t, b);
		return -EINVAL;
	}
	futex_waiter_init(w, c, &key1, FUTEX_WK_RQPI, FUTEX_BITSET_MATCH_ANY);
	w->pi_key = key2;
	futex_queue(b, w);
	futex_bucket_unlock(t, b);

	ret = futex_sleep(t, c, w, dl);
	b = futex_lock_waiter(t, w);
	ret = pi_wait_result(t, c, w, b, uaddr2, ret);
	futex_bucket_unlock(t, b);
	return ret;
}

/*
 * Linux's futex_proxy_trylock_atomic(): try to take @uaddr2 for the first
 * waiter on @key1; 1 (taken, and that waiter woken), 0, or -errno.
 */
static int proxy_trylock(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr2, struct futex_bucket *b1,
			 const struct futex_key *key1, struct futex_bucket *b2,
			 const struct futex_key *key2, bool set_waiters,
			 uint32_t *owner)
{
	struct futex_waiter *top = futex_top_waiter(b1, key1);
	int ret;

	if (!top)
		return 0;
	if (top->kind != FUTEX_WK_RQPI || !futex_key_eq(&top->pi_key, key2))
		return -EINVAL;
	ret = futex_lock_pi_atomic(t, c, uaddr2, b2, key2, top->tid,
				   set_waiters, owner);
	if (ret == 1)
		futex_wake_waiter(t, top, FUTEX_WS_LOCKED);
	return ret;
}

/* Move waiters from @key1 to wait for the PI futex @key2 (owned by @owner). */
static int requeue_pi_key(struct futex_bucket *b1, const struct futex_key *key1,
			  struct futex_bucket *b2, const struct futex_key *key2,
			  int count, int nr_requeue, uint32_t owner)
{
	struct futex_waiter *w, *next;

	for (w = futex_top_waiter(b1, key1); w; w = next) {
		next = futex_next_on_key(w->next, key1);
		if (count - 1 >= nr_requeue)
			break;
		if (w->kind != FUTEX_WK_RQPI || !futex_key_eq(&w->pi_key, key2))
			return -EINVAL;
		futex_requeue_waiter(w, b2, key2);
		w->kind = FUTEX_WK_PI;
		w->pi_owner = owner;
		count++;
	}
	return count;
}

/* Not an errno: the word changed between read and update; start over. */
#define FUTEX_RETRY	(-4096)

/* Both buckets locked, *uaddr1 checked: the result, or FUTEX_RETRY. */
static int cmp_requeue_pi_locked(struct futex_table *t,
				 const struct futex_ctx *c, uint64_t uaddr2,
				 struct futex_bucket *b1,
				 const struct futex_key *key1,
				 struct futex_bucket *b2,
				 const struct futex_key *key2, int nr_requeue)
{
	uint32_t owner = 0;
	int ret, count = 0;

	ret = proxy_trylock(t, c, uaddr2, b1, key1, b2, key2, nr_requeue > 0,
			    &owner);
	if (ret == -EAGAIN)
		return FUTEX_RETRY;
	if (ret < 0)
		return ret;
	count = ret;
	return requeue_pi_key(b1, key1, b2, key2, count, nr_requeue, owner);
}

int futex_cmp_requeue_pi(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr1, bool shared, uint64_t uaddr2,
			 int nr_wake, int nr_requeue, uint32_t cmpval)
{
	struct futex_bucket *b1, *b2;
	struct futex_key key1, key2;
	uint32_t cur;
	int ret;

	if (nr_wake < 0 || nr_requeue < 0 || uaddr1 == uaddr2 || nr_wake != 1)
		return -EINVAL;
	ret = futex_get_key(t, c, uaddr1, shared, &key1);
	if (ret)
		return ret;
	ret = futex_get_key(t, c, uaddr2, shared, &key2);
	if (ret)
		return ret;
	if (futex_key_eq(&key1, &key2))
		return -EINVAL;
	b1 = futex_hash(t, &key1);
	b2 = futex_hash(t, &key2);
	do {
		futex_double_lock(t, b1, b2);
		if (t->ops->get_u32(c, uaddr1, &cur))
			ret = -EFAULT;
		else if (cur != cmpval)
			ret = -EAGAIN;
		else
			ret = cmp_requeue_pi_locked(t, c, uaddr2, b1, &key1,
						    b2, &key2, nr_requeue);
		futex_double_unlock(t, b1, b2);
	} while (ret == FUTEX_RETRY);
	return ret;
}
