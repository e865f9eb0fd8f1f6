// SPDX-License-Identifier: GPL-2.0
/*
 * futex_local: futex(2), futex_waitv(2) and the robust-list calls from
 * one thread, as the LWK serves them itself. Each case prints one line,
 * "name result" (a return value or -errno, or a word's value), the same
 * natively and under mcexec, and checks it against what Linux 6.1 gives
 * (a FAIL line if not). Timeouts print whether the time waited was at
 * least the time asked and not absurdly more, never the time itself.
 * Covered: WAIT/WAIT_BITSET value mismatch, relative and absolute
 * (REALTIME, MONOTONIC) timeouts, wakes and requeues without waiters,
 * WAKE_OP's store, bad addresses and read-only pages (private and
 * shared), unknown ops, FUTEX_FD, the PI operations on free, own and
 * dead-owner words, requeue-PI argument checks, set/get_robust_list,
 * futex_waitv's checks and timeouts.
 * "futex_local block" prints "blocking" and waits on a futex for ever:
 * the guest test kills it there (a wait must end when the process dies).
 * Usage: futex_local [block]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

/* <linux/futex.h>, which musl-gcc has not. */
#define FUTEX_WAIT			0
#define FUTEX_WAKE			1
#define FUTEX_REQUEUE			3
#define FUTEX_CMP_REQUEUE		4
#define FUTEX_WAKE_OP			5
#define FUTEX_LOCK_PI			6
#define FUTEX_UNLOCK_PI			7
#define FUTEX_TRYLOCK_PI		8
#define FUTEX_WAIT_BITSET		9
#define FUTEX_WAKE_BITSET		10
#define FUTEX_WAIT_REQUEUE_PI		11
#define FUTEX_CMP_REQUEUE_PI		12
#define FUTEX_LOCK_PI2			13
#define FUTEX_PRIVATE_FLAG		128
#define FUTEX_CLOCK_REALTIME		256
#define FUTEX_WAIT_PRIVATE		(FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE		(FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE		(FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_UNLOCK_PI_PRIVATE		(FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_TRYLOCK_PI_PRIVATE	(FUTEX_TRYLOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE	(FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY		0xffffffff
#define FUTEX_WAITERS			0x80000000u
#define FUTEX_OWNER_DIED		0x40000000u
#define FUTEX_OP_SET			0
#define FUTEX_OP_ADD			1
#define FUTEX_OP_CMP_EQ			0
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | \
	 (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))
#define FUTEX_32			2

#define MS		1000000LL
#define SLACK_NS	(3000 * MS)	/* a slow TCG guest; "not forever" */
#define DEAD_TID	0x3fffffffu	/* above any pid_max */

struct waitv {			/* struct futex_waitv */
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

struct robust_head {		/* struct robust_list_head */
	void *next;
	long offset;
	void *pending;
};

static uint32_t word, word2;
static uint32_t *ro_page, *none_page;
static uint32_t *unmapped;

static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r < 0 ? -errno : r;
}

static long fx(uint32_t *uaddr, int op, uint32_t val, const void *ts,
	       uint32_t *uaddr2, uint32_t val3)
{
	return sys(SYS_futex, (long)uaddr, op, val, (long)ts, (long)uaddr2, val3);
}

static void expect(const char *name, long got, long want)
{
	printf("%s %ld\n", name, got);
	CHECK(got == want, "%s: %ld, Linux gives %ld", name, got, want);
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct timespec ts_of(int64_t ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	return ts;
}

/* "name_waited_ok 1": waited at least @want ns, less than want + slack. */
static void expect_waited(const char *name, int64_t start, int64_t want)
{
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	int ok = took >= want && took < want + SLACK_NS;

	printf("%s_waited_ok %d\n", name, ok);
	CHECK(ok, "%s: waited %lld ns for %lld", name, (long long)took,
	      (long long)want);
}

static void plain(void)
{
	struct timespec rel = ts_of(100 * MS), bad = { 0, 1000000000L }, abs;
	int64_t t0;

	word = 1;
	expect("wait_mismatch", fx(&word, FUTEX_WAIT, 0, NULL, NULL, 0), -EAGAIN);
	expect("wait_private_mismatch",
	       fx(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), -EAGAIN);
	t0 = now_ns(CLOCK_MONOTONIC);
	expect("wait_timeout", fx(&word, FUTEX_WAIT, 1, &rel, NULL, 0), -ETIMEDOUT);
	expect_waited("wait_timeout", t0, 100 * MS);
	expect("wait_bad_timespec", fx(&word, FUTEX_WAIT, 1, &bad, NULL, 0), -EINVAL);
	abs = ts_of(now_ns(CLOCK_REALTIME) - 1000 * MS);
	t0 = now_ns(CLOCK_MONOTONIC);
	expect("wait_bitset_realtime_past",
	       fx(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &abs, NULL,
		  FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
	expect_waited("wait_bitset_realtime_past", t0, 0);
	abs = ts_of(now_ns(CLOCK_MONOTONIC) + 50 * MS);
	t0 = now_ns(CLOCK_MONOTONIC);
	expect("wait_bitset_monotonic",
	       fx(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL, 1), -ETIMEDOUT);
	expect_waited("wait_bitset_monotonic", t0, 40 * MS);
	expect("wait_bitset_zero", fx(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0),
	       -EINVAL);
	expect("wake_nobody", fx(&word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	expect("wake_private_nobody", fx(&word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0), 0);
	expect("wake_bitset_nobody", fx(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 2), 0);
	expect("requeue_nobody", fx(&word, FUTEX_REQUEUE, 1, (void *)1, &word2, 0), 0);
	expect("cmp_requeue_mismatch",
	       fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word2, 7), -EAGAIN);
	expect("cmp_requeue_nobody",
	       fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word2, 1), 0);
	word2 = 5;
	expect("wake_op_nobody",
	       fx(&word, FUTEX_WAKE_OP, 1, (void *)1, &word2,
		  FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5)), 0);
	expect("wake_op_word", word2, 8);
}

static void bad_input(void)
{
	expect("wait_null", fx(NULL, FUTEX_WAIT, 0, NULL, NULL, 0), -EFAULT);
	expect("wait_unmapped", fx(unmapped, FUTEX_WAIT, 0, NULL, NULL, 0), -EFAULT);
	expect("wait_kernel", fx((uint32_t *)0xffff800000000000ULL, FUTEX_WAIT, 0,
				 NULL, NULL, 0), -EFAULT);
	expect("wait_unaligned", fx((uint32_t *)((char *)&word + 1), FUTEX_WAIT, 0,
				    NULL, NULL, 0), -EINVAL);
	expect("wait_prot_none_private",
	       fx(none_page, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), -EFAULT);
	expect("wait_read_only_private",
	       fx(ro_page, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), -EAGAIN);
	expect("wait_read_only_shared", fx(ro_page, FUTEX_WAIT, 0, NULL, NULL, 0),
	       -EFAULT);
	expect("wake_read_only_shared", fx(ro_page, FUTEX_WAKE, 1, NULL, NULL, 0),
	       -EFAULT);
	expect("wake_op_read_only",
	       fx(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, ro_page,
		  FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0)), -EFAULT);
	expect("op_unknown", fx(&word, 99, 0, NULL, NULL, 0), -ENOSYS);
	expect("op_fd", fx(&word, 2 /* FUTEX_FD */, 0, NULL, NULL, 0), -ENOSYS);
	expect("wake_clock_realtime",
	       fx(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0),
	       -ENOSYS);
}

static void pi(void)
{
	uint32_t tid = (uint32_t)syscall(SYS_gettid);
	struct timespec soon = ts_of(now_ns(CLOCK_REALTIME) + 10 * MS);

	word = 0;
	expect("lock_pi_free", fx(&word, FUTEX_LOCK_PI, 0, NULL, NULL, 0), 0);
	expect("lock_pi_word_is_tid", word == tid, 1);
	expect("lock_pi_again", fx(&word, FUTEX_LOCK_PI, 0, NULL, NULL, 0), -EDEADLK);
	expect("trylock_pi_own", fx(&word, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0),
	       -EDEADLK);
	expect("unlock_pi", fx(&word, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0), 0);
	expect("unlock_pi_word", word, 0);
	expect("unlock_pi_not_owner", fx(&word, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0),
	       -EPERM);
	expect("trylock_pi_free", fx(&word, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	expect("trylock_pi_word_is_tid", word == tid, 1);
	expect("unlock_pi_private", fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	expect("lock_pi2_free", fx(&word, FUTEX_LOCK_PI2, 0, NULL, NULL, 0), 0);
	expect("lock_pi2_word_is_tid", word == tid, 1);
	expect("unlock_pi2", fx(&word, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0), 0);

	word = DEAD_TID;
	expect("trylock_pi_dead_owner", fx(&word, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0),
	       -ESRCH);
	expect("trylock_pi_dead_owner_word", word, FUTEX_WAITERS | DEAD_TID);
	word = DEAD_TID;
	expect("lock_pi_dead_owner", fx(&word, FUTEX_LOCK_PI, 0, &soon, NULL, 0),
	       -ESRCH);
	word = FUTEX_OWNER_DIED;
	expect("trylock_pi_owner_died", fx(&word, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0), 0);
	expect("trylock_pi_owner_died_word", word == (FUTEX_OWNER_DIED | tid), 1);
	expect("unlock_pi_owner_died", fx(&word, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0), 0);
	expect("unlock_pi_owner_died_word", word, 0);

	word = 1;
	expect("wait_requeue_pi_same", fx(&word, FUTEX_WAIT_REQUEUE_PI, 1, NULL, &word, 0),
	       -EINVAL);
	expect("wait_requeue_pi_mismatch",
	       fx(&word, FUTEX_WAIT_REQUEUE_PI, 0, NULL, &word2, 0), -EAGAIN);
	expect("cmp_requeue_pi_nr_wake",
	       fx(&word, FUTEX_CMP_REQUEUE_PI, 2, (void *)1, &word2, 1), -EINVAL);
	expect("cmp_requeue_pi_mismatch",
	       fx(&word, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &word2, 3), -EAGAIN);
	word2 = 0;
	expect("cmp_requeue_pi_nobody",
	       fx(&word, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &word2, 1), 0);
}

static void robust(void)
{
	static struct robust_head head = { &head, 0, NULL };
	struct robust_head *old = NULL, *got = NULL;
	size_t len = 0;
	long tid = syscall(SYS_gettid);

	sys(SYS_get_robust_list, 0, (long)&old, (long)&len, 0, 0, 0);
	expect("set_robust_list_bad_len",
	       sys(SYS_set_robust_list, (long)&head, 23, 0, 0, 0, 0), -EINVAL);
	expect("set_robust_list", sys(SYS_set_robust_list, (long)&head, sizeof(head),
				      0, 0, 0, 0), 0);
	len = 0;
	expect("get_robust_list", sys(SYS_get_robust_list, 0, (long)&got,
				      (long)&len, 0, 0, 0), 0);
	expect("get_robust_list_head", got == &head, 1);
	expect("get_robust_list_len", (long)len, sizeof(head));
	got = NULL;
	expect("get_robust_list_tid", sys(SYS_get_robust_list, tid, (long)&got,
					  (long)&len, 0, 0, 0), 0);
	expect("get_robust_list_tid_head", got == &head, 1);
	expect("get_robust_list_no_such_tid",
	       sys(SYS_get_robust_list, DEAD_TID, (long)&got, (long)&len, 0, 0, 0),
	       -ESRCH);
	expect("get_robust_list_bad_len_ptr",
	       sys(SYS_get_robust_list, 0, (long)&got, (long)unmapped, 0, 0, 0),
	       -EFAULT);
	expect("get_robust_list_bad_head_ptr",
	       sys(SYS_get_robust_list, 0, (long)unmapped, (long)&len, 0, 0, 0),
	       -EFAULT);
	if (old)
		sys(SYS_set_robust_list, (long)old, sizeof(head), 0, 0, 0, 0);
}

static long waitv(struct waitv *w, unsigned int nr, unsigned int flags,
		  const struct timespec *ts, int clk)
{
	return sys(SYS_futex_waitv, (long)w, nr, flags, (long)ts, clk, 0);
}

static void waitv_cases(void)
{
	struct waitv w[2] = {
		{ 1, (uintptr_t)&word, FUTEX_32 | FUTEX_PRIVATE_FLAG, 0 },
		{ 0, (uintptr_t)&word2, FUTEX_32, 0 },
	};
	struct timespec abs;
	int64_t t0;

	word = 0;
	word2 = 0;
	expect("waitv_mismatch", waitv(w, 1, 0, NULL, 0), -EAGAIN);
	expect("waitv_nr_zero", waitv(w, 0, 0, NULL, 0), -EINVAL);
	expect("waitv_nr_too_many", waitv(w, 129, 0, NULL, 0), -EINVAL);
	expect("waitv_flags", waitv(w, 1, 1, NULL, 0), -EINVAL);
	expect("waitv_null", waitv(NULL, 1, 0, NULL, 0), -EINVAL);
	expect("waitv_unmapped", waitv((struct waitv *)unmapped, 1, 0, NULL, 0),
	       -EFAULT);
	w[0].flags = FUTEX_PRIVATE_FLAG;
	expect("waitv_no_futex32", waitv(w, 1, 0, NULL, 0), -EINVAL);
	w[0].flags = FUTEX_32;
	w[0].uaddr = (uintptr_t)unmapped;
	expect("waitv_bad_uaddr", waitv(w, 1, 0, NULL, 0), -EFAULT);
	w[0].uaddr = (uintptr_t)&word;
	w[0].val = 0;
	abs = ts_of(now_ns(CLOCK_MONOTONIC) + 100 * MS);
	expect("waitv_bad_clock", waitv(w, 2, 0, &abs, CLOCK_PROCESS_CPUTIME_ID),
	       -EINVAL);
	t0 = now_ns(CLOCK_MONOTONIC);
	expect("waitv_timeout", waitv(w, 2, 0, &abs, CLOCK_MONOTONIC), -ETIMEDOUT);
	expect_waited("waitv_timeout", t0, 90 * MS);
	abs = ts_of(now_ns(CLOCK_REALTIME) - 1000 * MS);
	t0 = now_ns(CLOCK_MONOTONIC);
	expect("waitv_realtime_past", waitv(w, 2, 0, &abs, CLOCK_REALTIME),
	       -ETIMEDOUT);
	expect_waited("waitv_realtime_past", t0, 0);
}

static uint32_t *page(int prot)
{
	uint32_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap failed");
	*p = 1;		/* a real page, not the zero page */
	CHECK(mprotect(p, 4096, prot) == 0, "mprotect %d failed", prot);
	return p;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "block")) {
		word = 0;
		printf("blocking\n");
		fx(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		printf("woke\n");
		return 1;
	}
	ro_page = page(PROT_READ);
	none_page = page(PROT_NONE);
	unmapped = page(PROT_READ);
	munmap(unmapped, 4096);
	plain();
	bad_input();
	pi();
	robust();
	waitv_cases();
	if (!check_status())
		printf("futex local: all correct\n");
	return check_status();
}
