// SPDX-License-Identifier: GPL-2.0
/* /proc/ihk/osN/processes lines and human sizes (common/ps_table.c). */
#include <check.h>
#include <string.h>

#include "ps_table.h"

static struct ps_entry e;

START_TEST(parses_a_line)
{
	char line[] = "3 4242 2 2359296 RUNNING ./hello a  b";

	ck_assert_int_eq(ps_parse_line(line, &e), 0);
	ck_assert_int_eq(e.pid, 3);
	ck_assert_int_eq(e.linux_pid, 4242);
	ck_assert_int_eq(e.cpu, 2);
	ck_assert_uint_eq(e.rss_bytes, 2359296);
	ck_assert_str_eq(e.state, "RUNNING");
	/* The rest of the line, inner spaces kept. */
	ck_assert_str_eq(e.cmdline, "./hello a  b");
}
END_TEST

START_TEST(empty_cmdline)
{
	char line[] = "1 10 3 0 CREATED";
	char line2[] = "1 10 3 0 EXITED   ";

	ck_assert_int_eq(ps_parse_line(line, &e), 0);
	ck_assert_str_eq(e.state, "CREATED");
	ck_assert_str_eq(e.cmdline, "");
	ck_assert_int_eq(ps_parse_line(line2, &e), 0);
	ck_assert_str_eq(e.state, "EXITED");
	ck_assert_str_eq(e.cmdline, "");
}
END_TEST

START_TEST(refuses_bad_lines)
{
	char header[] = "pid linux_pid cpu rss_bytes state cmdline";
	char short_line[] = "1 2 3 4";
	char neg_rss[] = "1 2 3 -4 RUNNING x";
	char junk_pid[] = "1x 2 3 4 RUNNING x";
	char empty[] = "";

	ck_assert_int_eq(ps_parse_line(header, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(short_line, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(neg_rss, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(junk_pid, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(empty, &e), -EINVAL);
}
END_TEST

static const char *human(uint64_t bytes)
{
	static char buf[32];

	ps_human_size(bytes, buf, sizeof(buf));
	return buf;
}

START_TEST(human_sizes)
{
	ck_assert_str_eq(human(0), "0B");
	ck_assert_str_eq(human(1023), "1023B");
	ck_assert_str_eq(human(1024), "1.0K");
	ck_assert_str_eq(human(1536), "1.5K");
	ck_assert_str_eq(human(10 * 1024), "10K");
	ck_assert_str_eq(human(2359296), "2.2M");
	ck_assert_str_eq(human(8ull << 20), "8.0M");
	ck_assert_str_eq(human(17ull << 20), "17M");
	ck_assert_str_eq(human(512ull << 20), "512M");
	/* Just under a unit: not "1024K". */
	ck_assert_str_eq(human((1ull << 20) - 100), "1.0M");
	ck_assert_str_eq(human(3ull << 30), "3.0G");
	ck_assert_str_eq(human(UINT64_MAX), "16E");
}
END_TEST

Suite *ps_table_suite(void)
{
	Suite *s = suite_create("ps_table");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_a_line);
	tcase_add_test(tc, empty_cmdline);
	tcase_add_test(tc, refuses_bad_lines);
	tcase_add_test(tc, human_sizes);
	suite_add_tcase(s, tc);
	return s;
}
