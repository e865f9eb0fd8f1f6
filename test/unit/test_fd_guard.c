// SPDX-License-Identifier: GPL-2.0
/* Which offloaded calls would touch mcexec's own fd (proxy/fd_guard.c). */
#include <asm/unistd_64.h>
#include <check.h>
#include <fcntl.h>
#include <stdint.h>

#include "../../proxy/fd_guard.h"

#define GUARD	1023

static struct fd_guard_split split;

static enum fd_guard_action check(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
				  uint64_t a3)
{
	const uint64_t args[6] = { a0, a1, a2, a3, 0, 0 };

	return fd_guard_check(nr, args, GUARD, &split);
}

START_TEST(calls_on_other_fds_run)
{
	ck_assert_int_eq(check(__NR_read, 0, 0, 0, 0), FD_GUARD_RUN);
	ck_assert_int_eq(check(__NR_close, 3, 0, 0, 0), FD_GUARD_RUN);
	ck_assert_int_eq(check(__NR_dup2, 1, 2, 0, 0), FD_GUARD_RUN);
	ck_assert_int_eq(check(__NR_openat, (uint64_t)(int64_t)AT_FDCWD, 0, 0, 0),
			 FD_GUARD_RUN);
	/* Calls without fd arguments, whatever their values. */
	ck_assert_int_eq(check(__NR_getcwd, GUARD, GUARD, 0, 0), FD_GUARD_RUN);
	ck_assert_int_eq(check(__NR_uname, GUARD, 0, 0, 0), FD_GUARD_RUN);
	/* Numbers beyond the table, and the x32 bit. */
	ck_assert_int_eq(check(100000, GUARD, 0, 0, 0), FD_GUARD_RUN);
	ck_assert_int_eq(check(0x40000000 | __NR_close, GUARD, 0, 0, 0), FD_GUARD_RUN);
}
END_TEST

START_TEST(calls_on_our_fd_get_ebadf)
{
	ck_assert_int_eq(check(__NR_close, GUARD, 0, 0, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_ioctl, GUARD, 0, 0, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_fcntl, GUARD, F_SETFD, 0, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_read, GUARD, 0, 0, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_dup, GUARD, 0, 0, 0), FD_GUARD_EBADF);
	/* dup2/dup3 onto it (closing it) and from it (copying it). */
	ck_assert_int_eq(check(__NR_dup2, 1, GUARD, 0, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_dup2, GUARD, 5, 0, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_dup3, 1, GUARD, O_CLOEXEC, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_dup3, GUARD, 7, 0, 0), FD_GUARD_EBADF);
	/* Later fd arguments: splice's fd_out, renameat's newdirfd. */
	ck_assert_int_eq(check(__NR_splice, 0, 0, GUARD, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_renameat, 3, 0, GUARD, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_epoll_ctl, 4, 1, GUARD, 0), FD_GUARD_EBADF);
	ck_assert_int_eq(check(__NR_openat, GUARD, 0, 0, 0), FD_GUARD_EBADF);
	/* The kernel reads an int: upper bits do not hide it. */
	ck_assert_int_eq(check(__NR_close, 0xffffffff00000000ull | GUARD, 0, 0, 0),
			 FD_GUARD_EBADF);
}
END_TEST

START_TEST(close_range_outside_runs)
{
	ck_assert_int_eq(check(__NR_close_range, 3, 100, 0, 0), FD_GUARD_RUN);
	ck_assert_int_eq(check(__NR_close_range, GUARD + 1, ~0u, 0, 0), FD_GUARD_RUN);
	/* first > last is Linux's to refuse (EINVAL), even spanning ours. */
	ck_assert_int_eq(check(__NR_close_range, 2000, 3, 0, 0), FD_GUARD_RUN);
}
END_TEST

START_TEST(close_range_split_around)
{
	ck_assert_int_eq(check(__NR_close_range, 3, ~0u, 4, 0), FD_GUARD_SPLIT);
	ck_assert_uint_eq(split.nr, 2);
	ck_assert_uint_eq(split.range[0].first, 3);
	ck_assert_uint_eq(split.range[0].last, GUARD - 1);
	ck_assert_uint_eq(split.range[1].first, GUARD + 1);
	ck_assert_uint_eq(split.range[1].last, ~0u);
}
END_TEST

START_TEST(close_range_at_an_edge)
{
	ck_assert_int_eq(check(__NR_close_range, GUARD, ~0u, 0, 0), FD_GUARD_SPLIT);
	ck_assert_uint_eq(split.nr, 1);
	ck_assert_uint_eq(split.range[0].first, GUARD + 1);
	ck_assert_uint_eq(split.range[0].last, ~0u);

	ck_assert_int_eq(check(__NR_close_range, 0, GUARD, 0, 0), FD_GUARD_SPLIT);
	ck_assert_uint_eq(split.nr, 1);
	ck_assert_uint_eq(split.range[0].first, 0);
	ck_assert_uint_eq(split.range[0].last, GUARD - 1);
}
END_TEST

START_TEST(close_range_only_ours)
{
	/* Nothing of the application's to close; flags still reach Linux. */
	ck_assert_int_eq(check(__NR_close_range, GUARD, GUARD, 0, 0), FD_GUARD_SPLIT);
	ck_assert_uint_eq(split.nr, 1);
	ck_assert_uint_eq(split.range[0].first, ~0u);
	ck_assert_uint_eq(split.range[0].last, ~0u);
}
END_TEST

START_TEST(close_range_upper_bits_ignored)
{
	/* unsigned int arguments: 0x1_00000003 is 3. */
	ck_assert_int_eq(check(__NR_close_range, 0x100000003ull, 0x1ffffffffull, 0, 0),
			 FD_GUARD_SPLIT);
	ck_assert_uint_eq(split.nr, 2);
	ck_assert_uint_eq(split.range[0].first, 3);
}
END_TEST

Suite *fd_guard_suite(void)
{
	Suite *s = suite_create("fd_guard");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, calls_on_other_fds_run);
	tcase_add_test(tc, calls_on_our_fd_get_ebadf);
	tcase_add_test(tc, close_range_outside_runs);
	tcase_add_test(tc, close_range_split_around);
	tcase_add_test(tc, close_range_at_an_edge);
	tcase_add_test(tc, close_range_only_ours);
	tcase_add_test(tc, close_range_upper_bits_ignored);
	suite_add_tcase(s, tc);
	return s;
}
