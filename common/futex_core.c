// SPDX-License-Identifier: GPL-2.0
/*
 * Futex keys, buckets, queueing and sleeping: the parts every operation
 * shares.
 *
 * Why no wake-up is ever lost (the same argument as Linux's, see
 * kernel/futex/waitwake.c there). A waiter locks the bucket of its key,
 * reads the user word, compares it with the value it expects, and only
 * then, still under the lock, queues itself and unlocks. A waker changes
 * the word first (in user space, or in WAKE_OP under the lock), then
 * locks the same bucket and takes the waiters it finds off the list. The
 * bucket lock orders the two critical sections:
 *  - the waker's comes first: its word change happened before its lock,
 *    so the waiter's read after taking the lock sees the new value and
 *    returns -EAGAIN instead of sleeping;
 *  - the waiter's comes first: it is on the list when the waker looks,
 *    so the waker takes it off (state WOKEN) and calls ops->wake().
 * Between its unlock and its block() the waiter may be woken; block()
 * returns at once then, because ops->wake() before block() is remembered
 * (the contract in futex.h, like a task set running before schedule()).
 * The waiter sleeps only while its state reads QUEUED, and a spurious
 * return from block() just re-checks the state.
 *
 * Lifetime: the waker reads w->task before publishing the new state and
 * calls ops->wake() with the bucket lock still held; the waiter always
 * ends by locking the bucket it is on (futex_lock_waiter), so it cannot
 * return, and its waiter or thread cannot go away, while a waker is
 * still using them.
 */
#include "futex_internal.h"

void futex_table_init(struct futex_table *t, const struct futex_ops *ops,
		      void *priv, struct futex_bucket *buckets,
		      unsigned int nr_buckets)
{
	unsigned int i;

	t->ops = ops;
	t->priv = priv;
	t->buckets = buckets;
	t->nr_buckets = nr_buckets;
	for (i = 0; i < nr_buckets; i++) {
		buckets[i].first = NULL;
		buckets[i].last = NULL;
	}
}

int futex_user_ok(const struct futex_ctx *c, uint64_t uaddr)
{
	if (uaddr > c->user_top || c->user_top - uaddr < sizeof(uint32_t))
		return -EFAULT;
	return 0;
}

int futex_get_key(struct futex_table *t, const struct futex_ctx *c,
		  uint64_t uaddr, bool shared, struct futex_key *key)
{
	int ret;

	/* Linux's order: alignment (EINVAL) before access_ok (EFAULT). */
	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	ret = futex_user_ok(c, uaddr);
	if (ret)
		return ret;
	if (shared) {
		ret = t->ops->shared_key(c, uaddr, key);
		if (ret)
			return ret;
	} else {
		key->space = c->space;
		key->addr = uaddr;
	}
	key->shared = shared;
	return 0;
}

bool futex_key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->addr == b->addr && a->space == b->space &&
	       a->shared == b->shared;
}

struct futex_bucket *futex_hash(struct futex_table *t,
				const struct futex_key *key)
{
	uint64_t h;

	/* Multiplicative hashing; the high bits are the well mixed ones. */
	h = key->addr * 0x9e3779b97f4a7c15ull;
	h ^= (key->space + key->shared) * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	h *= 0x94d049bb133111ebull;
	return &t->buckets[(h >> 32) & (t->nr_buckets - 1)];
}

static unsigned int bucket_index(struct futex_table *t,
				 struct futex_bucket *b)
{
	return (unsigned int)(b - t->buckets);
}

void futex_bucket_lock(struct futex_table *t, struct futex_bucket *b)
{
	t->ops->lock(t, bucket_index(t, b));
}

void futex_bucket_unlock(struct futex_table *t, struct futex_bucket *b)
{
	t->ops->unlock(t, bucket_index(t, b));
}

void futex_double_lock(struct futex_table *t, struct futex_bucket *b1,
		       struct futex_bucket *b2)
{
	if (b1 > b2) {
		struct futex_bucket *tmp = b1;

		b1 = b2;
		b2 = tmp;
	}
	futex_bucket_lock(t, b1);
	if (b2 != b1)
		futex_bucket_lock(t, b2);
}

void futex_double_unlock(struct futex_table *t, struct futex_bucket *b1,
			 struct futex_bucket *b2)
{
	futex_bucket_unlock(t, b1);
	if (b2 != b1)
		futex_bucket_unlock(t, b2);
}

struct futex_waiter *futex_next_on_key(struct futex_waiter *w,
				       const struct futex_key *key)
{
	for (; w; w = w->next)
		if (futex_key_eq(&w->key, key))
			return w;
	return NULL;
}

struct futex_waiter *futex_top_waiter(struct futex_bucket *b,
				      const struct futex_key *key)
{
	return futex_next_on_key(b->first, key);
}

void futex_waiter_init(struct futex_waiter *w, const struct futex_ctx *c,
		       const struct futex_key *key, int kind, uint32_t bitset)
{
	w->next = NULL;
	w->prev = NULL;
	w->bucket = NULL;
	w->task = c->task;
	w->key = *key;
	w->bitset = bitset;
	w->tid = c->tid;
	w->pi_owner = 0;
	w->kind = kind;
	w->state = FUTEX_WS_QUEUED;
}

/* Waiters of one key stay in arrival order: FIFO wake and hand-off. */
void futex_queue(struct futex_bucket *b, struct futex_waiter *w)
{
	w->next = NULL;
	w->prev = b->last;
	if (b->last)
		b->last->next = w;
	else
		b->first = w;
	b->last = w;
	__atomic_store_n(&w->bucket, b, __ATOMIC_RELEASE);
	futex_state_write(w, FUTEX_WS_QUEUED);
}

void futex_unlink(struct futex_waiter *w)
{
	struct futex_bucket *b = w->bucket;

	if (w->prev)
		w->prev->next = w->next;
	else
		b->first = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		b->last = w->prev;
	w->next = NULL;
	w->prev = NULL;
}

void futex_wake_waiter(struct futex_table *t, struct futex_waiter *w,
		       int state)
{
	void *task = w->task;

	futex_unlink(w);
	/* After this store the waiter may return: w is not touched again. */
	futex_state_write(w, state);
	t->ops->wake(t, task);
}

void futex_requeue_waiter(struct futex_waiter *w, struct futex_bucket *b2,
			  const struct futex_key *key2)
{
	/* In the same bucket the waiter keeps its place, as in Linux. */
	if (w->bucket != b2) {
		futex_unlink(w);
		futex_queue(b2, w);
	}
	w->key = *key2;
}

int futex_sleep(struct futex_table *t, const struct futex_ctx *c,
		struct futex_waiter *w, const struct futex_deadline *dl)
{
	int ret;

	while (futex_state_read(w) == FUTEX_WS_QUEUED) {
		ret = t->ops->block(c, dl);
		if (ret)
			return ret;
	}
	return 0;
}

struct futex_bucket *futex_lock_waiter(struct futex_table *t,
				       struct futex_waiter *w)
{
	struct futex_bucket *b;

	/* A requeue moves w under both locks: re-check once we hold one. */
	for (;;) {
		b = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		futex_bucket_lock(t, b);
		if (b == __atomic_load_n(&w->bucket, __ATOMIC_RELAXED))
			return b;
		futex_bucket_unlock(t, b);
	}
}

int futex_wait_setup(struct futex_table *t, const struct futex_ctx *c,
		     uint64_t uaddr, uint32_t val, const struct futex_key *key,
		     struct futex_bucket **bp)
{
	struct futex_bucket *b = futex_hash(t, key);
	uint32_t uval;

	/* The read must follow the lock: see the comment on top. */
	futex_bucket_lock(t, b);
	if (t->ops->get_u32(c, uaddr, &uval)) {
		futex_bucket_unlock(t, b);
		return -EFAULT;
	}
	if (uval != val) {
		futex_bucket_unlock(t, b);
		return -EAGAIN;
	}
	*bp = b;
	return 0;
}
