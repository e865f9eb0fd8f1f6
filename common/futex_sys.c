// SPDX-License-Identifier: GPL-2.0
/*
 * The system call layer: futex(2)'s operation decoding and timeouts
 * (Linux 6.1's kernel/futex/syscalls.c), futex_waitv(2)'s argument
 * checks, and the robust-list walk and PI hand-off at thread exit
 * (kernel/futex/core.c). Errors come in Linux's order.
 */
#include "futex_internal.h"

#define NSEC_PER_SEC	1000000000ll
#define KTIME_MAX	INT64_MAX
#define KTIME_SEC_MAX	(KTIME_MAX / NSEC_PER_SEC)

/* struct __kernel_timespec */
struct futex_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

static bool futex_cmd_has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_BITSET ||
	       cmd == FUTEX_WAIT_REQUEUE_PI;
}

/* timespec64_valid() then timespec64_to_ktime() (saturating). */
static int timespec_to_ns(const struct futex_timespec *ts, int64_t *ns)
{
	if (ts->tv_sec < 0 || (uint64_t)ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (ts->tv_sec >= KTIME_SEC_MAX)
		*ns = KTIME_MAX;
	else
		*ns = ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	return 0;
}

/*
 * futex_init_timeout() and the clock futex_setup_timer() picks: FUTEX_WAIT
 * is relative to CLOCK_MONOTONIC, LOCK_PI absolute on CLOCK_REALTIME,
 * the others absolute on the clock the op names.
 */
static int init_timeout(struct futex_table *t, const struct futex_ctx *c,
			int op, uint64_t utime, struct futex_deadline *dl)
{
	int cmd = op & FUTEX_CMD_MASK;
	struct futex_timespec ts;
	int64_t ns, now;
	int ret;

	if (t->ops->copy_in(c, &ts, utime, sizeof(ts)))
		return -EFAULT;
	ret = timespec_to_ns(&ts, &ns);
	if (ret)
		return ret;
	if (cmd == FUTEX_WAIT) {
		now = (int64_t)t->ops->now(c, FUTEX_CLOCK_ID_MONOTONIC);
		ns = ns > KTIME_MAX - now ? KTIME_MAX : ns + now;
	}
	dl->clock = FUTEX_CLOCK_ID_MONOTONIC;
	if (cmd == FUTEX_LOCK_PI || (op & FUTEX_CLOCK_REALTIME))
		dl->clock = FUTEX_CLOCK_ID_REALTIME;
	dl->ns = (uint64_t)ns;
	return 0;
}

/* do_futex(): the operation, once the timeout (if any) is known. */
static long do_futex(struct futex_table *t, const struct futex_ctx *c,
		     struct futex_waiter *w, uint64_t uaddr, int op,
		     uint32_t val, const struct futex_deadline *dl,
		     uint64_t uaddr2, uint32_t val2, uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool shared = !(op & FUTEX_PRIVATE_FLAG);

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		return futex_wait(t, c, w, uaddr, shared, val, dl, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		return futex_wake(t, c, uaddr, shared, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(t, c, uaddr, shared, uaddr2, (int)val,
				     (int)val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(t, c, uaddr, shared, uaddr2, (int)val,
				     (int)val2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(t, c, uaddr, shared, uaddr2, (int)val,
				     (int)val2, val3);
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		return futex_lock_pi(t, c, w, uaddr, shared, dl, false);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(t, c, uaddr, shared);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(t, c, w, uaddr, shared, NULL, true);
	case FUTEX_WAIT_REQUEUE_PI:
		return futex_wait_requeue_pi(t, c, w, uaddr, shared, val, dl,
					     uaddr2);
	case FUTEX_CMP_REQUEUE_PI:
		return futex_cmp_requeue_pi(t, c, uaddr, shared, uaddr2,
					    (int)val, (int)val2, val3);
	}
	return -ENOSYS;
}

long futex_syscall(struct futex_table *t, const struct futex_ctx *c,
		   struct futex_waiter *w, uint64_t uaddr, int op,
		   uint32_t val, uint64_t utime, uint64_t uaddr2,
		   uint32_t val3)
{
	struct futex_deadline dl, *dlp = NULL;
	int ret;

	if (utime && futex_cmd_has_timeout(op & FUTEX_CMD_MASK)) {
		ret = init_timeout(t, c, op, utime, &dl);
		if (ret)
			return ret;
		dlp = &dl;
	}
	return do_futex(t, c, w, uaddr, op, val, dlp, uaddr2,
			(uint32_t)utime, val3);
}

/* futex_parse_waitv(): each entry read once, checked, kept in ws[i]. */
static int parse_waitv(struct futex_table *t, const struct futex_ctx *c,
		       struct futex_waiter *ws, uint64_t uwaiters,
		       unsigned int nr)
{
	struct futex_waitv aux;
	unsigned int i;
	int ret;

	for (i = 0; i < nr; i++) {
		if (t->ops->copy_in(c, &aux, uwaiters + i * sizeof(aux),
				    sizeof(aux)))
			return -EFAULT;
		if ((aux.flags & ~(FUTEX_32 | FUTEX_PRIVATE_FLAG)) ||
		    aux.reserved || !(aux.flags & FUTEX_32))
			return -EINVAL;
		ws[i].uaddr = aux.uaddr;
		ws[i].val = (uint32_t)aux.val;
		ws[i].key.shared = !(aux.flags & FUTEX_PRIVATE_FLAG);
	}
	/* Then every key, before any is queued (futex_wait_multiple_setup). */
	for (i = 0; i < nr; i++) {
		ret = futex_get_key(t, c, ws[i].uaddr, ws[i].key.shared,
				    &ws[i].key);
		if (ret)
			return ret;
	}
	return 0;
}

long futex_waitv_syscall(struct futex_table *t, const struct futex_ctx *c,
			 struct futex_waiter *ws, uint64_t uwaiters,
			 unsigned int nr, unsigned int flags,
			 uint64_t utimeout, int clockid)
{
	struct futex_deadline dl, *dlp = NULL;
	struct futex_timespec ts;
	int64_t ns;
	int ret;

	if (flags)
		return -EINVAL;
	if (!nr || nr > FUTEX_WAITV_MAX || !uwaiters)
		return -EINVAL;
	if (utimeout) {
		if (clockid != FUTEX_CLOCK_ID_REALTIME &&
		    clockid != FUTEX_CLOCK_ID_MONOTONIC)
			return -EINVAL;
		if (t->ops->copy_in(c, &ts, utimeout, sizeof(ts)))
			return -EFAULT;
		ret = timespec_to_ns(&ts, &ns);
		if (ret)
			return ret;
		dl.clock = clockid;
		dl.ns = (uint64_t)ns;
		dlp = &dl;
	}
	ret = parse_waitv(t, c, ws, uwaiters, nr);
	if (ret)
		return ret;
	return futex_wait_multiple(t, c, ws, nr, dlp);
}
