// SPDX-License-Identifier: GPL-2.0
/*
 * A thread's futexes at its exit (Linux 6.1's exit_robust_list(),
 * handle_futex_death() and exit_pi_state_list()): the locks on its
 * robust list get FUTEX_OWNER_DIED and one waiter each is woken; the PI
 * futexes it owns go to their first waiters, which write their own TID.
 * The list is user memory: every read may fail, and the walk stops at
 * ROBUST_LIST_LIMIT entries so a circular list cannot hold the exit up.
 */
#include "futex_internal.h"

int futex_robust_len_ok(size_t len)
{
	return len == FUTEX_ROBUST_HEAD_SIZE ? 0 : -EINVAL;
}

/* A list pointer; bit 0 says the lock is a PI futex. */
static int fetch_entry(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t from, uint64_t *entry, bool *pi)
{
	uint64_t v;

	if (t->ops->copy_in(c, &v, from, sizeof(v)))
		return -EFAULT;
	*entry = v & ~1ull;
	*pi = v & 1;
	return 0;
}

/* handle_futex_death(): -1 stops the walk (a fault). */
static int futex_death(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t uaddr, bool pi, bool pending)
{
	uint32_t uval, mval, nval, owner;

	if (uaddr % sizeof(uint32_t) || futex_user_ok(c, uaddr))
		return -1;
	if (t->ops->get_u32(c, uaddr, &uval))
		return -1;
	for (;;) {
		owner = uval & FUTEX_TID_MASK;
		if (owner != c->tid) {
			/* Died between unlock and wake, or before taking it. */
			if (pending && !pi &&
			    (!owner || !(uval & FUTEX_WAITERS)))
				futex_wake(t, c, uaddr, true, 1,
					   FUTEX_BITSET_MATCH_ANY);
			return 0;
		}
		mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (t->ops->cmpxchg_u32(c, uaddr, uval, mval, &nval))
			return -1;
		if (nval == uval)
			break;
		uval = nval;
	}
	/* PI futexes are handed over by exit_pi() instead. */
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake(t, c, uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
	return 0;
}

/* struct robust_list_head: next, futex_offset, list_op_pending. */
static void exit_robust_list(struct futex_table *t, const struct futex_ctx *c,
			     uint64_t head)
{
	uint64_t entry, next, pending, offset;
	unsigned int limit = ROBUST_LIST_LIMIT;
	bool pi, next_pi, pip;
	int rc;

	if (fetch_entry(t, c, head, &entry, &pi))
		return;
	if (t->ops->copy_in(c, &offset, head + 8, sizeof(offset)))
		return;
	if (fetch_entry(t, c, head + 16, &pending, &pip))
		return;
	while (entry != head) {
		rc = fetch_entry(t, c, entry, &next, &next_pi);
		/* The pending lock may be on the list too: once is enough. */
		if (entry != pending &&
		    futex_death(t, c, entry + offset, pi, false))
			return;
		if (rc)
			return;
		entry = next;
		pi = next_pi;
		if (!--limit)
			break;
	}
	if (pending)
		futex_death(t, c, pending + offset, pip, true);
}

/*
 * The first PI waiter in @b (locked) waiting for @tid: it gets the lock
 * (state FIXUP: it writes its TID when it runs); the others on its key
 * wait for an owner not known yet (0), as Linux's pi_state->owner = NULL.
 */
static bool hand_over_one(struct futex_table *t, struct futex_bucket *b,
			  uint32_t tid)
{
	struct futex_waiter *w;
	struct futex_key key;

	for (w = b->first; w; w = w->next) {
		if (w->kind != FUTEX_WK_PI || w->pi_owner != tid)
			continue;
		key = w->key;
		futex_wake_waiter(t, w, FUTEX_WS_FIXUP);
		futex_pi_set_owner(b, &key, 0);
		return true;
	}
	return false;
}

/* exit_pi_state_list(), by a scan: no per-thread list to allocate. */
static void exit_pi(struct futex_table *t, uint32_t tid)
{
	struct futex_bucket *b;
	unsigned int i;

	for (i = 0; i < t->nr_buckets; i++) {
		b = &t->buckets[i];
		futex_bucket_lock(t, b);
		while (hand_over_one(t, b, tid))
			;
		futex_bucket_unlock(t, b);
	}
}

void futex_exit_robust(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t head)
{
	if (head)
		exit_robust_list(t, c, head);
}

void futex_exit_pi(struct futex_table *t, const struct futex_ctx *c)
{
	exit_pi(t, c->tid);
}

void futex_thread_exit(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t head)
{
	futex_exit_robust(t, c, head);
	futex_exit_pi(t, c);
}
