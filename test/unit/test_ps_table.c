// SPDX-License-Identifier: GPL-2.0
/* /proc/ihk/osN/processes and threads lines, sizes, times (common/ps_table.c). */
#include <check.h>
#include <string.h>

#include "ps_table.h"

static struct ps_entry e;

START_TEST(parses_a_line)
{
	char line[] = "3 4242 2 2359296 RUNNING 4 18446744073709551615 ./hello a  b";

	ck_assert_int_eq(ps_parse_line(line, &e), 0);
	ck_assert_int_eq(e.pid, 3);
	ck_assert_int_eq(e.linux_pid, 4242);
	ck_assert_int_eq(e.cpu, 2);
	ck_assert_uint_eq(e.rss_bytes, 2359296);
	ck_assert_str_eq(e.state, "RUNNING");
	ck_assert_uint_eq(e.threads, 4);
	ck_assert_uint_eq(e.cpu_ns, UINT64_MAX);
	/* The rest of the line, inner spaces kept. */
	ck_assert_str_eq(e.cmdline, "./hello a  b");
}
END_TEST

START_TEST(empty_cmdline)
{
	char line[] = "1 10 3 0 CREATED 1 0";
	char line2[] = "1 10 3 0 EXITED 0 300000000   ";

	ck_assert_int_eq(ps_parse_line(line, &e), 0);
	ck_assert_str_eq(e.state, "CREATED");
	ck_assert_str_eq(e.cmdline, "");
	ck_assert_int_eq(ps_parse_line(line2, &e), 0);
	ck_assert_str_eq(e.state, "EXITED");
	ck_assert_uint_eq(e.threads, 0);
	ck_assert_uint_eq(e.cpu_ns, 300000000);
	ck_assert_str_eq(e.cmdline, "");
}
END_TEST

START_TEST(refuses_bad_lines)
{
	char header[] = "pid linux_pid cpu rss state threads cpu_ns cmdline";
	char short_line[] = "1 2 3 4";
	char neg_rss[] = "1 2 3 -4 RUNNING 1 0 x";
	char junk_pid[] = "1x 2 3 4 RUNNING 1 0 x";
	char empty[] = "";
	/* The format before the threads and cpu_ns columns. */
	char old[] = "1 2 3 4 RUNNING ./hello";
	char neg_threads[] = "1 2 3 4 RUNNING -1 0 x";
	char no_time[] = "1 2 3 4 RUNNING 1";
	char junk_time[] = "1 2 3 4 RUNNING 1 5s x";

	ck_assert_int_eq(ps_parse_line(header, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(short_line, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(neg_rss, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(junk_pid, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(empty, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(old, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(neg_threads, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(no_time, &e), -EINVAL);
	ck_assert_int_eq(ps_parse_line(junk_time, &e), -EINVAL);
}
END_TEST

START_TEST(parses_thread_lines)
{
	char line[] = "4242 4243 3 offload 123456789";
	char no_cpu[] = "4242 4242 -1 unknown 0";
	struct ps_thread t;

	ck_assert_int_eq(ps_parse_thread_line(line, &t), 0);
	ck_assert_int_eq(t.pid, 4242);
	ck_assert_int_eq(t.tid, 4243);
	ck_assert_int_eq(t.cpu, 3);
	ck_assert_str_eq(t.state, "offload");
	ck_assert_uint_eq(t.cpu_ns, 123456789);
	ck_assert_int_eq(ps_parse_thread_line(no_cpu, &t), 0);
	ck_assert_int_eq(t.cpu, -1);
	ck_assert_str_eq(t.state, "unknown");
}
END_TEST

START_TEST(refuses_bad_thread_lines)
{
	char header[] = "pid tid cpu state cpu_ns";
	char zero_tid[] = "1 0 3 running 5";
	char extra[] = "1 2 3 running 5 6";
	char short_line[] = "1 2 3 running";
	char neg_time[] = "1 2 3 running -5";
	char cpu_low[] = "1 2 -2 running 5";
	char empty[] = "";
	struct ps_thread t;

	ck_assert_int_eq(ps_parse_thread_line(header, &t), -EINVAL);
	ck_assert_int_eq(ps_parse_thread_line(zero_tid, &t), -EINVAL);
	ck_assert_int_eq(ps_parse_thread_line(extra, &t), -EINVAL);
	ck_assert_int_eq(ps_parse_thread_line(short_line, &t), -EINVAL);
	ck_assert_int_eq(ps_parse_thread_line(neg_time, &t), -EINVAL);
	ck_assert_int_eq(ps_parse_thread_line(cpu_low, &t), -EINVAL);
	ck_assert_int_eq(ps_parse_thread_line(empty, &t), -EINVAL);
}
END_TEST

static const char *cpu_time(uint64_t ns)
{
	static char buf[32];

	ps_cpu_time(ns, buf, sizeof(buf));
	return buf;
}

START_TEST(cpu_times)
{
	ck_assert_str_eq(cpu_time(0), "0:00.00");
	/* Rounded down, as ps and top do. */
	ck_assert_str_eq(cpu_time(9999999), "0:00.00");
	ck_assert_str_eq(cpu_time(10000000), "0:00.01");
	ck_assert_str_eq(cpu_time(300000000), "0:00.30");
	ck_assert_str_eq(cpu_time(59990000000ull), "0:59.99");
	ck_assert_str_eq(cpu_time(60000000000ull), "1:00.00");
	ck_assert_str_eq(cpu_time(125000000000ull), "2:05.00");
	ck_assert_str_eq(cpu_time(74096780000000ull), "1234:56.78");
	ck_assert_str_eq(cpu_time(UINT64_MAX), "307445734:33.70");
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
	tcase_add_test(tc, parses_thread_lines);
	tcase_add_test(tc, refuses_bad_thread_lines);
	tcase_add_test(tc, cpu_times);
	tcase_add_test(tc, human_sizes);
	suite_add_tcase(s, tc);
	return s;
}
