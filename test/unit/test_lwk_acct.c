// SPDX-License-Identifier: GPL-2.0
/*
 * CPU-time accounting in Linux's units and the status page's thread
 * states (lwk/kernel/acct.c).
 */
#include <check.h>
#include <string.h>

#include <ihk/mcexec.h>
#include <lwk/acct.h>
#include <lwk/process.h>

START_TEST(layouts_are_linuxs)
{
	/* x86_64's struct rusage and struct tms */
	ck_assert_uint_eq(sizeof(struct lwk_rusage), 144);
	ck_assert_uint_eq(offsetof(struct lwk_rusage, maxrss), 32);
	ck_assert_uint_eq(offsetof(struct lwk_rusage, nivcsw), 136);
	ck_assert_uint_eq(sizeof(struct lwk_tms), 32);
}
END_TEST

START_TEST(times_round_down)
{
	struct lwk_timeval tv;

	acct_ns_to_timeval(0, &tv);
	ck_assert_int_eq(tv.tv_sec, 0);
	ck_assert_int_eq(tv.tv_usec, 0);
	acct_ns_to_timeval(999, &tv);
	ck_assert_int_eq(tv.tv_usec, 0);
	acct_ns_to_timeval(300123999, &tv);
	ck_assert_int_eq(tv.tv_sec, 0);
	ck_assert_int_eq(tv.tv_usec, 300123);
	acct_ns_to_timeval(61999999999ull, &tv);
	ck_assert_int_eq(tv.tv_sec, 61);
	ck_assert_int_eq(tv.tv_usec, 999999);
	acct_ns_to_timeval(UINT64_MAX, &tv);
	ck_assert_int_eq(tv.tv_sec, UINT64_MAX / 1000000000ull);
	ck_assert_int_eq(tv.tv_usec, UINT64_MAX % 1000000000ull / 1000);
	/* USER_HZ 100: a tick is 10 ms */
	ck_assert_int_eq(acct_ns_to_ticks(9999999), 0);
	ck_assert_int_eq(acct_ns_to_ticks(10000000), 1);
	ck_assert_int_eq(acct_ns_to_ticks(300000000), 30);
	ck_assert_int_eq(acct_ns_to_ticks(UINT64_MAX), (int64_t)(UINT64_MAX / 10000000));
}
END_TEST

START_TEST(rusage_fields)
{
	struct lwk_rusage ru, zero;

	memset(&zero, 0, sizeof(zero));
	memset(&ru, 0xa5, sizeof(ru));
	ck_assert_int_eq(acct_rusage(LWK_RUSAGE_SELF, 1500000000ull, 8ull << 20, &ru), 0);
	ck_assert_int_eq(ru.utime.tv_sec, 1);
	ck_assert_int_eq(ru.utime.tv_usec, 500000);
	/* no user/system split: system time 0 */
	ck_assert_int_eq(ru.stime.tv_sec, 0);
	ck_assert_int_eq(ru.stime.tv_usec, 0);
	ck_assert_int_eq(ru.maxrss, 8192);
	ck_assert_int_eq(ru.minflt, 0);
	ck_assert_int_eq(ru.nivcsw, 0);
	memset(&ru, 0xa5, sizeof(ru));
	ck_assert_int_eq(acct_rusage(LWK_RUSAGE_THREAD, 2000, 4096, &ru), 0);
	ck_assert_int_eq(ru.utime.tv_usec, 2);
	ck_assert_int_eq(ru.maxrss, 4);
	/* no children on the LWK: all zeros, as Linux for a childless process */
	memset(&ru, 0xa5, sizeof(ru));
	ck_assert_int_eq(acct_rusage(LWK_RUSAGE_CHILDREN, 1500000000ull, 8ull << 20, &ru), 0);
	ck_assert_mem_eq(&ru, &zero, sizeof(ru));
	/* Linux's syscall takes only SELF, CHILDREN and THREAD (not BOTH, -2) */
	ck_assert_int_eq(acct_rusage(-2, 0, 0, &ru), -EINVAL);
	ck_assert_int_eq(acct_rusage(2, 0, 0, &ru), -EINVAL);
	ck_assert_int_eq(acct_rusage(0x7fffffff, 0, 0, &ru), -EINVAL);
}
END_TEST

START_TEST(tms_fields)
{
	struct lwk_tms t;

	memset(&t, 0xa5, sizeof(t));
	acct_tms(1234567890ull, &t);
	ck_assert_int_eq(t.utime, 123);
	ck_assert_int_eq(t.stime, 0);
	ck_assert_int_eq(t.cutime, 0);
	ck_assert_int_eq(t.cstime, 0);
}
END_TEST

static uint32_t state_of(uint32_t state, bool waiting, uint32_t wait_type)
{
	struct acct_thread_view v = {
		.state = state, .waiting = waiting, .wait_type = wait_type,
	};

	return acct_thread_state(&v);
}

START_TEST(thread_states)
{
	ck_assert_uint_eq(state_of(THREAD_NEW, false, 0), IHK_PROC_RUNNING);
	ck_assert_uint_eq(state_of(THREAD_RUNNABLE, false, 0), IHK_PROC_RUNNING);
	ck_assert_uint_eq(state_of(THREAD_RUNNING, false, 0), IHK_PROC_RUNNING);
	/* in a local call that waits for an IKC reply it has not sent: running */
	ck_assert_uint_eq(state_of(THREAD_RUNNING, false, 7), IHK_PROC_RUNNING);
	/* waiting on its CPU (alone there) or switched out: the same */
	ck_assert_uint_eq(state_of(THREAD_RUNNING, true, 0), IHK_PROC_SLEEPING);
	ck_assert_uint_eq(state_of(THREAD_RUNNING, true, 7), IHK_PROC_OFFLOAD);
	ck_assert_uint_eq(state_of(THREAD_BLOCKED, false, 0), IHK_PROC_SLEEPING);
	ck_assert_uint_eq(state_of(THREAD_BLOCKED, false, 7), IHK_PROC_OFFLOAD);
	ck_assert_uint_eq(state_of(THREAD_DEAD, false, 0), IHK_PROC_EXITED);
	ck_assert_uint_eq(state_of(99, false, 0), IHK_PROC_EXITED);
}
END_TEST

Suite *lwk_acct_suite(void)
{
	Suite *s = suite_create("lwk_acct");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, layouts_are_linuxs);
	tcase_add_test(tc, times_round_down);
	tcase_add_test(tc, rusage_fields);
	tcase_add_test(tc, tms_fields);
	tcase_add_test(tc, thread_states);
	suite_add_tcase(s, tc);
	return s;
}
