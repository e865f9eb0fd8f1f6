/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Futexes as pure logic: the wait queues, the value checks and the
 * ownership rules of Linux's futex(2) and futex_waitv(2), with every
 * environment-specific action (locks, user memory, sleeping, waking,
 * clocks) behind struct futex_ops. The LWK compiles it with its own ops;
 * the host unit tests compile it with pthread-based ops. See
 * docs/futex.md for the design and for what an environment must provide.
 *
 * Nothing here allocates: the table's buckets and every waiter belong to
 * the caller (a waiter usually lives on the waiting thread's stack for
 * the duration of one call). Errors are Linux 6.1's, in Linux's order.
 */
#ifndef IHK_COMMON_FUTEX_H
#define IHK_COMMON_FUTEX_H

#include "compat.h"

/* Linux's futex ABI (include/uapi/linux/futex.h). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_FD		2
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_CMP_REQUEUE_PI	12
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

#define FUTEX_OP_SET		0
#define FUTEX_OP_ADD		1
#define FUTEX_OP_OR		2
#define FUTEX_OP_ANDN		3
#define FUTEX_OP_XOR		4
#define FUTEX_OP_OPARG_SHIFT	8
#define FUTEX_OP_CMP_EQ		0
#define FUTEX_OP_CMP_NE		1
#define FUTEX_OP_CMP_LT		2
#define FUTEX_OP_CMP_LE		3
#define FUTEX_OP_CMP_GT		4
#define FUTEX_OP_CMP_GE		5
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op) & 0xfu) << 28) | (((cmp) & 0xfu) << 24) | \
	 (((oparg) & 0xfffu) << 12) | ((cmparg) & 0xfffu))

#define FUTEX_32		2	/* futex_waitv entry: 32-bit futex */
#define FUTEX_WAITV_MAX		128
#define ROBUST_LIST_LIMIT	2048

/* Clock ids, Linux's numbers. */
#define FUTEX_CLOCK_ID_REALTIME		0
#define FUTEX_CLOCK_ID_MONOTONIC	1

/* struct futex_waitv and struct robust_list_head, x86_64 layout. */
struct futex_waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

#define FUTEX_ROBUST_HEAD_SIZE	24	/* what set_robust_list accepts */

/* Which futex: (address space, user address) or (shared key). */
struct futex_key {
	uint64_t space;		/* private: the address space id; shared: 0 */
	uint64_t addr;		/* private: the user address; shared: key */
	bool shared;		/* private and shared keys never match */
};

/* An absolute time on a clock (ns, saturated at INT64_MAX). */
struct futex_deadline {
	int clock;		/* FUTEX_CLOCK_ID_* */
	uint64_t ns;
};

enum futex_wstate {
	FUTEX_WS_QUEUED,	/* on a bucket's list */
	FUTEX_WS_WOKEN,		/* taken off by a wake */
	FUTEX_WS_LOCKED,	/* PI: the lock was handed to this waiter */
	FUTEX_WS_FIXUP,		/* PI: owner died, handed over; write TID */
};

enum futex_wkind {
	FUTEX_WK_PLAIN,		/* WAIT, WAIT_BITSET, futex_waitv */
	FUTEX_WK_PI,		/* LOCK_PI: waits for ownership */
	FUTEX_WK_RQPI,		/* WAIT_REQUEUE_PI: plain until requeued */
};

struct futex_bucket;

/*
 * One thread waiting on one futex, owned by the caller. Fields are the
 * futex code's own between queueing and the return of the operation;
 * a bucket lock guards them, except state, which the waiter may also
 * read without it (atomically) to decide whether to sleep again.
 */
struct futex_waiter {
	struct futex_waiter *next, *prev;
	struct futex_bucket *bucket;	/* changes on requeue */
	void *task;			/* what ops->wake() wakes */
	struct futex_key key;
	struct futex_key pi_key;	/* RQPI: the PI futex it may move to */
	uint64_t uaddr;			/* futex_waitv: the entry's word */
	uint32_t val;			/* futex_waitv: its expected value */
	uint32_t bitset;
	uint32_t tid;			/* the waiting thread's */
	uint32_t pi_owner;		/* PI: TID of the lock's owner, or 0 */
	int state;			/* enum futex_wstate */
	int kind;			/* enum futex_wkind */
};

struct futex_bucket {
	struct futex_waiter *first, *last;
};

struct futex_table;

/* The calling thread, as the futex code sees it. */
struct futex_ctx {
	void *task;		/* given to ops->wake() for its waiters */
	uint64_t space;		/* address space id (private keys) */
	uint64_t user_top;	/* first address past user space */
	uint32_t tid;		/* its thread id (PI ownership) */
	void *priv;		/* the environment's, untouched here */
};

/*
 * What the environment provides. Called under a bucket lock (so they
 * must not sleep): get_u32, cmpxchg_u32, wake, tid_alive. User memory
 * accessors return 0 or -EFAULT (an unmapped or unwritable address);
 * they must not fault pages in by sleeping.
 */
struct futex_ops {
	/* Bucket locks (spinlocks in a kernel); never nested but by index. */
	void (*lock)(struct futex_table *t, unsigned int bucket);
	void (*unlock)(struct futex_table *t, unsigned int bucket);
	int (*get_u32)(const struct futex_ctx *c, uint64_t uaddr,
		       uint32_t *val);
	/* Atomic: *uaddr = newval if it was old; *cur = what it was. */
	int (*cmpxchg_u32)(const struct futex_ctx *c, uint64_t uaddr,
			   uint32_t old, uint32_t newval, uint32_t *cur);
	int (*copy_in)(const struct futex_ctx *c, void *dst, uint64_t uaddr,
		       size_t len);
	/*
	 * Shared futexes: fill in key->space and key->addr so that every
	 * mapping of the word gives the same pair (e.g. 0 and its physical
	 * address). Called without a lock held.
	 */
	int (*shared_key)(const struct futex_ctx *c, uint64_t uaddr,
			  struct futex_key *key);
	uint64_t (*now)(const struct futex_ctx *c, int clock);
	/*
	 * Sleep the calling thread until a wake() of its task since it last
	 * returned from block(), or @dl (NULL: none) passes. 0 when woken
	 * (spurious returns are allowed: the caller re-checks), -ETIMEDOUT,
	 * or another negative errno the operation returns (e.g. a signal).
	 * A wake() that came before block() makes it return at once: that
	 * is what makes unlock-then-block race free.
	 */
	int (*block)(const struct futex_ctx *c,
		     const struct futex_deadline *dl);
	void (*wake)(struct futex_table *t, void *task);
	/* Does a thread with this TID exist (PI owner check)? */
	bool (*tid_alive)(const struct futex_ctx *c, uint32_t tid);
};

struct futex_table {
	const struct futex_ops *ops;
	void *priv;			/* the environment's (its locks) */
	struct futex_bucket *buckets;
	unsigned int nr_buckets;	/* a power of two */
};

/* @buckets: @nr_buckets (a power of two) entries, the caller's memory. */
void futex_table_init(struct futex_table *t, const struct futex_ops *ops,
		      void *priv, struct futex_bucket *buckets,
		      unsigned int nr_buckets);

/*
 * futex(2): @utime is the user pointer to a struct timespec (read for
 * the operations that take a timeout) and, as in Linux, val2 (the
 * requeue count) for the others. @w is the caller's waiter, used by the
 * operations that sleep. Returns what the syscall returns.
 */
long futex_syscall(struct futex_table *t, const struct futex_ctx *c,
		   struct futex_waiter *w, uint64_t uaddr, int op,
		   uint32_t val, uint64_t utime, uint64_t uaddr2,
		   uint32_t val3);

/*
 * futex_waitv(2): @ws is FUTEX_WAITV_MAX waiters of the caller's
 * (FUTEX_WAITV_MAX * sizeof(struct futex_waiter) bytes: too big for a
 * small kernel stack). Returns the index of a woken futex or -errno.
 */
long futex_waitv_syscall(struct futex_table *t, const struct futex_ctx *c,
			 struct futex_waiter *ws, uint64_t uwaiters,
			 unsigned int nr, unsigned int flags,
			 uint64_t utimeout, int clockid);

/* set_robust_list(2)'s only check: 0 or -EINVAL. */
int futex_robust_len_ok(size_t len);

/*
 * A thread exits: walk its robust list at user address @head (0: none)
 * marking the locks it holds FUTEX_OWNER_DIED and waking one waiter of
 * each, then hand the PI futexes it owns to their first waiters.
 */
void futex_thread_exit(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t head);

/*
 * futex_thread_exit() in its two halves, for an environment that can
 * make ops->tid_alive() say no for the thread between them (Linux's
 * FUTEX_STATE_EXITING..DEAD, without the waiting): robust list while the
 * thread still counts as alive, so a LOCK_PI racing with the exit queues
 * behind it or finds the word already marked FUTEX_OWNER_DIED; PI
 * hand-over once it does not, so no LOCK_PI can queue behind it after
 * the hand-over has passed its bucket.
 */
void futex_exit_robust(struct futex_table *t, const struct futex_ctx *c,
		       uint64_t head);
void futex_exit_pi(struct futex_table *t, const struct futex_ctx *c);

#endif /* IHK_COMMON_FUTEX_H */
