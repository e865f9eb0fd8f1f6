// SPDX-License-Identifier: GPL-2.0
/*
 * The plain futex operations: WAIT, WAKE (and their BITSET forms),
 * REQUEUE, CMP_REQUEUE, WAKE_OP and futex_waitv's wait. Each follows
 * Linux 6.1's kernel/futex/waitwake.c and requeue.c, including their
 * quirks (a wake of 0 wakes one; a PI waiter met by a plain operation
 * gives -EINVAL).
 */
#include "futex_internal.h"

/* Off its bucket (locked by the caller): was it still queued? */
static bool unqueue_locked(struct futex_waiter *w)
{
	if (futex_state_read(w) != FUTEX_WS_QUEUED)
		return false;
	futex_unlink(w);
	futex_state_write(w, FUTEX_WS_WOKEN);
	return true;
}

/* futex_unqueue(): true if @w was still queued (so not woken). */
static bool unqueue(struct futex_table *t, struct futex_waiter *w)
{
	struct futex_bucket *b = futex_lock_waiter(t, w);
	bool queued = unqueue_locked(w);

	futex_bucket_unlock(t, b);
	return queued;
}

int futex_wait(struct futex_table *t, const struct futex_ctx *c,
	       struct futex_waiter *w, uint64_t uaddr, bool shared,
	       uint32_t val, const struct futex_deadline *dl, uint32_t bitset)
{
	struct futex_bucket *b;
	struct futex_key key;
	int ret;

	if (!bitset)
		return -EINVAL;
	ret = futex_get_key(t, c, uaddr, shared, &key);
	if (ret)
		return ret;
	ret = futex_wait_setup(t, c, uaddr, val, &key, &b);
	if (ret)
		return ret;
	futex_waiter_init(w, c, &key, FUTEX_WK_PLAIN, bitset);
	futex_queue(b, w);
	futex_bucket_unlock(t, b);

	ret = futex_sleep(t, c, w, dl);
	/* Woken, whatever else happened: success (Linux's rule). */
	if (!unqueue(t, w))
		return 0;
	return ret;
}

/*
 * Wake up to @nr (at least one, as Linux counts) waiters on @key in @b
 * (locked) whose bitset meets @bitset: the number woken, or -EINVAL if a
 * PI waiter is met first.
 */
static int wake_key(struct futex_table *t, struct futex_bucket *b,
		    const struct futex_key *key, int nr, uint32_t bitset)
{
	struct futex_waiter *w, *next;
	int woken = 0;

	for (w = futex_top_waiter(b, key); w; w = next) {
		next = futex_next_on_key(w->next, key);
		if (w->kind != FUTEX_WK_PLAIN)
			return -EINVAL;
		if (!(w->bitset & bitset))
			continue;
		futex_wake_waiter(t, w, FUTEX_WS_WOKEN);
		if (++woken >= nr)
			break;
	}
	return woken;
}

int futex_wake(struct futex_table *t, const struct futex_ctx *c,
	       uint64_t uaddr, bool shared, int nr_wake, uint32_t bitset)
{
	struct futex_bucket *b;
	struct futex_key key;
	int ret;

	if (!bitset)
		return -EINVAL;
	ret = futex_get_key(t, c, uaddr, shared, &key);
	if (ret)
		return ret;
	b = futex_hash(t, &key);
	futex_bucket_lock(t, b);
	ret = wake_key(t, b, &key, nr_wake, bitset);
	futex_bucket_unlock(t, b);
	return ret;
}

/* Wake @nr_wake, then move up to @nr_requeue (both buckets locked). */
static int requeue_key(struct futex_table *t, struct futex_bucket *b1,
		       const struct futex_key *key1, struct futex_bucket *b2,
		       const struct futex_key *key2, int nr_wake,
		       int nr_requeue)
{
	struct futex_waiter *w, *next;
	int count = 0;

	for (w = futex_top_waiter(b1, key1); w; w = next) {
		next = futex_next_on_key(w->next, key1);
		if (count - nr_wake >= nr_requeue)
			break;
		if (w->kind != FUTEX_WK_PLAIN)
			return -EINVAL;
		if (++count <= nr_wake)
			futex_wake_waiter(t, w, FUTEX_WS_WOKEN);
		else
			futex_requeue_waiter(w, b2, key2);
	}
	return count;
}

int futex_requeue(struct futex_table *t, const struct futex_ctx *c,
		  uint64_t uaddr1, bool shared, uint64_t uaddr2, int nr_wake,
		  int nr_requeue, const uint32_t *cmpval)
{
	struct futex_bucket *b1, *b2;
	struct futex_key key1, key2;
	uint32_t cur;
	int ret;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	ret = futex_get_key(t, c, uaddr1, shared, &key1);
	if (ret)
		return ret;
	ret = futex_get_key(t, c, uaddr2, shared, &key2);
	if (ret)
		return ret;
	b1 = futex_hash(t, &key1);
	b2 = futex_hash(t, &key2);
	futex_double_lock(t, b1, b2);
	if (cmpval && t->ops->get_u32(c, uaddr1, &cur))
		ret = -EFAULT;
	else if (cmpval && cur != *cmpval)
		ret = -EAGAIN;
	else
		ret = requeue_key(t, b1, &key1, b2, &key2, nr_wake, nr_requeue);
	futex_double_unlock(t, b1, b2);
	return ret;
}

static int32_t sign_extend12(uint32_t v)
{
	return (int32_t)(v << 20) >> 20;
}

/* The new value of the word for WAKE_OP's @op, or -ENOSYS. */
static int apply_op(unsigned int op, uint32_t oparg, uint32_t old,
		    uint32_t *newval)
{
	switch (op) {
	case FUTEX_OP_SET:
		*newval = oparg;
		return 0;
	case FUTEX_OP_ADD:
		*newval = old + oparg;
		return 0;
	case FUTEX_OP_OR:
		*newval = old | oparg;
		return 0;
	case FUTEX_OP_ANDN:
		*newval = old & ~oparg;
		return 0;
	case FUTEX_OP_XOR:
		*newval = old ^ oparg;
		return 0;
	default:
		return -ENOSYS;
	}
}

/* arch_futex_atomic_op_inuser(), as a compare-and-exchange loop. */
static int atomic_op(struct futex_table *t, const struct futex_ctx *c,
		     uint64_t uaddr, unsigned int op, uint32_t oparg,
		     int32_t *oldval)
{
	uint32_t old, newval, cur;
	int ret;

	if (op > FUTEX_OP_XOR)
		return -ENOSYS;
	if (t->ops->get_u32(c, uaddr, &old))
		return -EFAULT;
	for (;;) {
		ret = apply_op(op, oparg, old, &newval);
		if (ret)
			return ret;
		if (t->ops->cmpxchg_u32(c, uaddr, old, newval, &cur))
			return -EFAULT;
		if (cur == old)
			break;
		old = cur;
	}
	*oldval = (int32_t)old;
	return 0;
}

/*
 * futex_atomic_op_inuser(): do the op on *@uaddr, then 1 if the old value
 * passes the comparison, 0 if not, -errno. An unknown comparison is
 * -ENOSYS after the op was done, as in Linux.
 */
static int wake_op_inuser(struct futex_table *t, const struct futex_ctx *c,
			  uint32_t encoded, uint64_t uaddr)
{
	unsigned int op = (encoded & 0x70000000) >> 28;
	unsigned int cmp = (encoded & 0x0f000000) >> 24;
	int32_t oparg = sign_extend12((encoded & 0x00fff000) >> 12);
	int32_t cmparg = sign_extend12(encoded & 0x00000fff);
	int32_t oldval;
	int ret;

	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28)) {
		/* Linux warns (ratelimited) and masks a shift out of range. */
		if (oparg < 0 || oparg > 31)
			oparg &= 31;
		oparg = (int32_t)(1u << oparg);
	}
	ret = atomic_op(t, c, uaddr, op, (uint32_t)oparg, &oldval);
	if (ret)
		return ret;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		return oldval == cmparg;
	case FUTEX_OP_CMP_NE:
		return oldval != cmparg;
	case FUTEX_OP_CMP_LT:
		return oldval < cmparg;
	case FUTEX_OP_CMP_GE:
		return oldval >= cmparg;
	case FUTEX_OP_CMP_LE:
		return oldval <= cmparg;
	case FUTEX_OP_CMP_GT:
		return oldval > cmparg;
	default:
		return -ENOSYS;
	}
}

int futex_wake_op(struct futex_table *t, const struct futex_ctx *c,
		  uint64_t uaddr1, bool shared, uint64_t uaddr2, int nr_wake,
		  int nr_wake2, uint32_t encoded_op)
{
	struct futex_bucket *b1, *b2;
	struct futex_key key1, key2;
	int ret, op_ret;

	ret = futex_get_key(t, c, uaddr1, shared, &key1);
	if (ret)
		return ret;
	ret = futex_get_key(t, c, uaddr2, shared, &key2);
	if (ret)
		return ret;
	b1 = futex_hash(t, &key1);
	b2 = futex_hash(t, &key2);
	futex_double_lock(t, b1, b2);
	op_ret = wake_op_inuser(t, c, encoded_op, uaddr2);
	if (op_ret < 0) {
		ret = op_ret;
		goto out;
	}
	ret = wake_key(t, b1, &key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (ret < 0 || op_ret == 0)
		goto out;
	op_ret = wake_key(t, b2, &key2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	ret = op_ret < 0 ? op_ret : ret + op_ret;
out:
	futex_double_unlock(t, b1, b2);
	return ret;
}

/* unqueue_multiple(): the index of the last woken waiter, or -1. */
static int unqueue_multiple(struct futex_table *t, struct futex_waiter *ws,
			    unsigned int nr)
{
	unsigned int i;
	int ret = -1;

	for (i = 0; i < nr; i++)
		if (!unqueue(t, &ws[i]))
			ret = (int)i;
	return ret;
}

/*
 * Queue every entry whose word holds its value: 0 all queued, 1 with
 * *@woken set if one was woken meanwhile, or -EFAULT/-EAGAIN with none
 * left queued.
 */
static int wait_multiple_setup(struct futex_table *t,
			       const struct futex_ctx *c,
			       struct futex_waiter *ws, unsigned int nr,
			       int *woken)
{
	struct futex_bucket *b;
	unsigned int i;
	uint32_t uval;
	int ret;

	for (i = 0; i < nr; i++) {
		b = futex_hash(t, &ws[i].key);
		futex_bucket_lock(t, b);
		ret = t->ops->get_u32(c, ws[i].uaddr, &uval) ? -EFAULT : 0;
		if (!ret && uval == ws[i].val) {
			futex_queue(b, &ws[i]);
			futex_bucket_unlock(t, b);
			continue;
		}
		futex_bucket_unlock(t, b);
		*woken = unqueue_multiple(t, ws, i);
		if (*woken >= 0)
			return 1;
		return ret ? ret : -EAGAIN;
	}
	return 0;
}

/* @ws[i] have key, uaddr and val set; returns a woken index or -errno. */
int futex_wait_multiple(struct futex_table *t, const struct futex_ctx *c,
			struct futex_waiter *ws, unsigned int nr,
			const struct futex_deadline *dl)
{
	unsigned int i;
	int ret, hint = 0;

	for (i = 0; i < nr; i++) {
		ws[i].task = c->task;
		ws[i].tid = c->tid;
		ws[i].bitset = FUTEX_BITSET_MATCH_ANY;
		ws[i].kind = FUTEX_WK_PLAIN;
		ws[i].pi_owner = 0;
	}
	ret = wait_multiple_setup(t, c, ws, nr, &hint);
	if (ret)
		return ret > 0 ? hint : ret;
	ret = 0;
	for (;;) {
		for (i = 0; i < nr; i++)
			if (futex_state_read(&ws[i]) != FUTEX_WS_QUEUED)
				break;
		if (i < nr)
			break;
		ret = t->ops->block(c, dl);
		if (ret)
			break;
	}
	hint = unqueue_multiple(t, ws, nr);
	return hint >= 0 ? hint : ret;
}
