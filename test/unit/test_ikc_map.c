// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikc_map.h"

static struct ihk_ikc_map map;
static struct ikc_map_error err;

static int parse(const char *s)
{
	memset(&err, 0, sizeof(err));
	memset(&map, 0xa5, sizeof(map));
	return ikc_map_parse(s, &map, &err);
}

static const char *format(void)
{
	static char buf[IKC_MAP_TEXT];

	ikc_map_format(&map, buf, sizeof(buf));
	return buf;
}

START_TEST(two_entries)
{
	ck_assert_int_eq(parse("2:1,3:1"), 0);
	ck_assert_uint_eq(map.nr, 2);
	ck_assert_int_eq(map.failed, IHK_FAILED_NONE);
	ck_assert_int_eq(map.entry[0].lwk_cpu, 2);
	ck_assert_int_eq(map.entry[0].linux_cpu, 1);
	ck_assert_int_eq(map.entry[1].lwk_cpu, 3);
	ck_assert_int_eq(map.entry[1].linux_cpu, 1);
	ck_assert_str_eq(format(), "2:1,3:1");
}
END_TEST

START_TEST(one_entry_cpu_zero_target)
{
	ck_assert_int_eq(parse("7:0"), 0);
	ck_assert_uint_eq(map.nr, 1);
	ck_assert_int_eq(map.entry[0].lwk_cpu, 7);
	ck_assert_int_eq(map.entry[0].linux_cpu, 0);
	ck_assert_str_eq(format(), "7:0");
}
END_TEST

START_TEST(range_expands_in_order)
{
	ck_assert_int_eq(parse("4-6:1,2:0"), 0);
	ck_assert_uint_eq(map.nr, 4);
	ck_assert_int_eq(map.entry[0].lwk_cpu, 4);
	ck_assert_int_eq(map.entry[2].lwk_cpu, 6);
	ck_assert_int_eq(map.entry[2].linux_cpu, 1);
	ck_assert_int_eq(map.entry[3].lwk_cpu, 2);
	ck_assert_int_eq(map.entry[3].linux_cpu, 0);
	ck_assert_str_eq(format(), "4:1,5:1,6:1,2:0");
}
END_TEST

START_TEST(one_cpu_range)
{
	ck_assert_int_eq(parse("3-3:2"), 0);
	ck_assert_uint_eq(map.nr, 1);
	ck_assert_str_eq(format(), "3:2");
}
END_TEST

START_TEST(largest_cpu_numbers)
{
	ck_assert_int_eq(parse("1023:1023"), 0);
	ck_assert_str_eq(format(), "1023:1023");
}
END_TEST

START_TEST(full_map_of_256)
{
	ck_assert_int_eq(parse("0-255:1"), 0);
	ck_assert_uint_eq(map.nr, IHK_LWK_MAX_CPUS_ABI);
	ck_assert_int_eq(map.entry[255].lwk_cpu, 255);
}
END_TEST

START_TEST(parse_format_round_trip)
{
	static const char *const texts[] = {
		"1:0", "2:1,3:1", "3:1,2:0", "10:3,11:2,12:1,900:0",
	};
	unsigned int i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ck_assert_int_eq(parse(texts[i]), 0);
		ck_assert_str_eq(format(), texts[i]);
	}
}
END_TEST

struct bad_case {
	const char *input;
	int ret;
	const char *reason;
	unsigned int pos, len;
};

static const struct bad_case bad_cases[] = {
	{ "",		-EINVAL, "empty map",				0, 0 },
	{ ",",		-EINVAL, "empty item",				0, 0 },
	{ "2:1,",	-EINVAL, "empty item",				4, 0 },
	{ "2:1,,3:1",	-EINVAL, "empty item",				4, 0 },
	{ ",2:1",	-EINVAL, "empty item",				0, 0 },
	{ "2",		-EINVAL, "missing ':' (expected LWK_CPU:LINUX_CPU)", 0, 1 },
	{ "2:1,3",	-EINVAL, "missing ':' (expected LWK_CPU:LINUX_CPU)", 4, 1 },
	{ "2=1",	-EINVAL, "missing ':' (expected LWK_CPU:LINUX_CPU)", 0, 3 },
	{ ":1",		-EINVAL, "LWK CPU is not a CPU number",		0, 2 },
	{ "x:1",	-EINVAL, "LWK CPU is not a CPU number",		0, 3 },
	{ "-2:1",	-EINVAL, "LWK CPU is not a CPU number",		0, 4 },
	{ "2x:1",	-EINVAL, "LWK CPU is not a CPU number",		0, 4 },
	{ " 2:1",	-EINVAL, "LWK CPU is not a CPU number",		0, 4 },
	{ "2-:1",	-EINVAL, "LWK CPU range end is not a CPU number", 0, 4 },
	{ "2-3-4:1",	-EINVAL, "LWK CPU is not a CPU number",		0, 7 },
	{ "3-2:1",	-EINVAL, "range end is below its start",	0, 5 },
	{ "2:",		-EINVAL, "Linux CPU is not a CPU number",	0, 2 },
	{ "2:x",	-EINVAL, "Linux CPU is not a CPU number",	0, 3 },
	{ "2:1 ",	-EINVAL, "Linux CPU is not a CPU number",	0, 4 },
	{ "2:0x1",	-EINVAL, "Linux CPU is not a CPU number",	0, 5 },
	{ "2:-1",	-EINVAL, "Linux CPU is not a CPU number",	0, 4 },
	{ "2:0-1",	-EINVAL, "Linux CPU must be one CPU, not a range", 0, 5 },
	{ "2:1:0",	-EINVAL, "more than one ':'",			0, 5 },
	{ "2:1,2:0",	-EINVAL, "LWK CPU named twice",			4, 3 },
	{ "2-4:1,3:0",	-EINVAL, "LWK CPU named twice",			6, 3 },
	{ "1024:1",	-ERANGE, "CPU number too large",		0, 6 },
	{ "2:1024",	-ERANGE, "CPU number too large",		0, 6 },
	{ "1000-1024:1", -ERANGE, "CPU number too large",		0, 11 },
	{ "99999999999999999999:1", -ERANGE, "CPU number too large",	0, 22 },
	{ "0-256:1",	-E2BIG,  "too many entries (at most 256 LWK CPUs)", 0, 7 },
	{ "0-255:1,300:2", -E2BIG, "too many entries (at most 256 LWK CPUs)", 8, 5 },
};

START_TEST(bad_input_is_refused_with_reason)
{
	const struct bad_case *c = &bad_cases[_i];

	ck_assert_msg(parse(c->input) == c->ret, "'%s' returned wrong code",
		      c->input);
	ck_assert_str_eq(err.reason, c->reason);
	ck_assert_uint_eq(err.pos, c->pos);
	ck_assert_uint_eq(err.len, c->len);
}
END_TEST

START_TEST(null_error_pointer_is_allowed)
{
	ck_assert_int_eq(ikc_map_parse("2", &map, NULL), -EINVAL);
}
END_TEST

START_TEST(format_empty_map)
{
	char buf[8] = "junk";

	map.nr = 0;
	ck_assert_uint_eq(ikc_map_format(&map, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(format_reports_truncation)
{
	char buf[6];

	ck_assert_int_eq(parse("2:1,3:1"), 0);
	ck_assert_uint_eq(ikc_map_format(&map, buf, sizeof(buf)), 7);
	ck_assert_str_eq(buf, "2:1,3");
}
END_TEST

START_TEST(format_zero_size_writes_nothing)
{
	char buf[1] = { 'x' };

	ck_assert_int_eq(parse("2:1"), 0);
	ck_assert_uint_eq(ikc_map_format(&map, buf, 0), 3);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

START_TEST(format_full_map_fits_the_text_size)
{
	static char buf[IKC_MAP_TEXT];
	unsigned int i;

	map.nr = IHK_LWK_MAX_CPUS_ABI;
	for (i = 0; i < map.nr; i++) {
		map.entry[i].lwk_cpu = 1023 - i;
		map.entry[i].linux_cpu = 1000 + i % 24;
	}
	ck_assert_uint_lt(ikc_map_format(&map, buf, sizeof(buf)), sizeof(buf));
	ck_assert_int_eq(ikc_map_parse(buf, &map, &err), 0);
	ck_assert_uint_eq(map.nr, IHK_LWK_MAX_CPUS_ABI);
	ck_assert_int_eq(map.entry[255].lwk_cpu, 1023 - 255);
}
END_TEST

Suite *ikc_map_suite(void)
{
	Suite *s = suite_create("ikc_map");
	TCase *tc = tcase_create("parse_format");

	tcase_add_test(tc, two_entries);
	tcase_add_test(tc, one_entry_cpu_zero_target);
	tcase_add_test(tc, range_expands_in_order);
	tcase_add_test(tc, one_cpu_range);
	tcase_add_test(tc, largest_cpu_numbers);
	tcase_add_test(tc, full_map_of_256);
	tcase_add_test(tc, parse_format_round_trip);
	tcase_add_loop_test(tc, bad_input_is_refused_with_reason, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, null_error_pointer_is_allowed);
	tcase_add_test(tc, format_empty_map);
	tcase_add_test(tc, format_reports_truncation);
	tcase_add_test(tc, format_zero_size_writes_nothing);
	tcase_add_test(tc, format_full_map_fits_the_text_size);
	suite_add_tcase(s, tc);
	return s;
}
