/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the futex files only: keys, buckets, queueing and sleeping
 * (futex_core.c), used by the wait/wake (futex_wait.c), PI (futex_pi.c)
 * and syscall (futex_sys.c) parts.
 */
#ifndef IHK_COMMON_FUTEX_INTERNAL_H
#define IHK_COMMON_FUTEX_INTERNAL_H

#include "futex.h"

/* A key for @uaddr: -EINVAL if misaligned, -EFAULT if outside user. */
int futex_get_key(struct futex_table *t, const struct futex_ctx *c,
		  uint64_t uaddr, bool shared, struct futex_key *key);
/* access_ok(): -EFAULT unless the 4 bytes at @uaddr are user addresses. */
int futex_user_ok(const struct futex_ctx *c, uint64_t uaddr);
bool futex_key_eq(const struct futex_key *a, const struct futex_key *b);

struct futex_bucket *futex_hash(struct futex_table *t,
				const struct futex_key *key);
void futex_bucket_lock(struct futex_table *t, struct futex_bucket *b);
void futex_bucket_unlock(struct futex_table *t, struct futex_bucket *b);
/* Two buckets, in index order so two callers cannot deadlock. */
void futex_double_lock(struct futex_table *t, struct futex_bucket *b1,
		       struct futex_bucket *b2);
void futex_double_unlock(struct futex_table *t, struct futex_bucket *b1,
			 struct futex_bucket *b2);

/* The first waiter on @key in @b (locked), or NULL. */
struct futex_waiter *futex_top_waiter(struct futex_bucket *b,
				      const struct futex_key *key);
struct futex_waiter *futex_next_on_key(struct futex_waiter *w,
				       const struct futex_key *key);

/* @w, prepared by the caller (key, kind, bitset...), onto @b (locked). */
void futex_queue(struct futex_bucket *b, struct futex_waiter *w);
void futex_unlink(struct futex_waiter *w);
/* Take @w off (locked) as @state and wake its task. */
void futex_wake_waiter(struct futex_table *t, struct futex_waiter *w,
		       int state);
/* Move @w (both buckets locked) to @b2 under @key2. */
void futex_requeue_waiter(struct futex_waiter *w, struct futex_bucket *b2,
			  const struct futex_key *key2);

/* Fill in a waiter of the calling thread before queueing it. */
void futex_waiter_init(struct futex_waiter *w, const struct futex_ctx *c,
		       const struct futex_key *key, int kind, uint32_t bitset);

/*
 * Sleep until @w is no longer queued, @dl passes or block() fails: 0 or
 * block()'s error. Called with no lock held, after futex_queue().
 */
int futex_sleep(struct futex_table *t, const struct futex_ctx *c,
		struct futex_waiter *w, const struct futex_deadline *dl);
/*
 * Lock the bucket @w is on now (it may move while we wait for the lock);
 * returns it locked.
 */
struct futex_bucket *futex_lock_waiter(struct futex_table *t,
				       struct futex_waiter *w);

/*
 * Lock @key's bucket and check *@uaddr == @val: 0 with the bucket locked
 * (returned in *@bp), -EFAULT or -EAGAIN with it unlocked.
 */
int futex_wait_setup(struct futex_table *t, const struct futex_ctx *c,
		     uint64_t uaddr, uint32_t val, const struct futex_key *key,
		     struct futex_bucket **bp);

/*
 * Acquire the PI futex at @uaddr (its bucket @b locked) for thread @tid:
 * 1 acquired, 0 must wait (*@owner: the owner's TID), -errno. With
 * @set_waiters, FUTEX_WAITERS is set even when acquired.
 */
int futex_lock_pi_atomic(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr, struct futex_bucket *b,
			 const struct futex_key *key, uint32_t tid,
			 bool set_waiters, uint32_t *owner);
/* A woken PI waiter that was handed a dead owner's lock writes its TID. */
int futex_pi_fixup(struct futex_table *t, const struct futex_ctx *c,
		   uint64_t uaddr);
/* Every PI waiter on @key in @b (locked) now waits for @owner. */
void futex_pi_set_owner(struct futex_bucket *b, const struct futex_key *key,
			uint32_t owner);

/* The operations (flags: shared or not, clock). */
int futex_wait(struct futex_table *t, const struct futex_ctx *c,
	       struct futex_waiter *w, uint64_t uaddr, bool shared,
	       uint32_t val, const struct futex_deadline *dl, uint32_t bitset);
int futex_wake(struct futex_table *t, const struct futex_ctx *c,
	       uint64_t uaddr, bool shared, int nr_wake, uint32_t bitset);
int futex_requeue(struct futex_table *t, const struct futex_ctx *c,
		  uint64_t uaddr1, bool shared, uint64_t uaddr2, int nr_wake,
		  int nr_requeue, const uint32_t *cmpval);
int futex_wake_op(struct futex_table *t, const struct futex_ctx *c,
		  uint64_t uaddr1, bool shared, uint64_t uaddr2, int nr_wake,
		  int nr_wake2, uint32_t encoded_op);
int futex_lock_pi(struct futex_table *t, const struct futex_ctx *c,
		  struct futex_waiter *w, uint64_t uaddr, bool shared,
		  const struct futex_deadline *dl, bool trylock);
int futex_unlock_pi(struct futex_table *t, const struct futex_ctx *c,
		    uint64_t uaddr, bool shared);
int futex_wait_requeue_pi(struct futex_table *t, const struct futex_ctx *c,
			  struct futex_waiter *w, uint64_t uaddr, bool shared,
			  uint32_t val, const struct futex_deadline *dl,
			  uint64_t uaddr2);
int futex_cmp_requeue_pi(struct futex_table *t, const struct futex_ctx *c,
			 uint64_t uaddr1, bool shared, uint64_t uaddr2,
			 int nr_wake, int nr_requeue, uint32_t cmpval);
/* @ws[i] have key, uaddr and val set; a woken index or -errno. */
int futex_wait_multiple(struct futex_table *t, const struct futex_ctx *c,
			struct futex_waiter *ws, unsigned int nr,
			const struct futex_deadline *dl);

/* Atomic accessors for the fields read outside the bucket lock. */
static inline int futex_state_read(const struct futex_waiter *w)
{
	return __atomic_load_n(&w->state, __ATOMIC_ACQUIRE);
}

static inline void futex_state_write(struct futex_waiter *w, int state)
{
	__atomic_store_n(&w->state, state, __ATOMIC_RELEASE);
}

#endif /* IHK_COMMON_FUTEX_INTERNAL_H */
