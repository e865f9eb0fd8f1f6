// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "cpumask.h"

#define NBITS 128

static uint64_t mask[CPUMASK_WORDS(NBITS)];
static struct cpulist_error err;

static int parse(const char *s)
{
	memset(&err, 0, sizeof(err));
	return cpulist_parse(s, mask, NBITS, &err);
}

static const char *format(void)
{
	static char buf[512];

	cpulist_format(mask, NBITS, buf, sizeof(buf));
	return buf;
}

START_TEST(single_cpu)
{
	ck_assert_int_eq(parse("3"), 0);
	ck_assert(cpumask_bit_test(mask, 3));
	ck_assert(!cpumask_bit_test(mask, 2));
	ck_assert_str_eq(format(), "3");
}
END_TEST

START_TEST(ranges_and_singles_round_trip)
{
	ck_assert_int_eq(parse("0,2-3,5,7-9"), 0);
	ck_assert_str_eq(format(), "0,2-3,5,7-9");
}
END_TEST

START_TEST(unordered_list_formats_canonically)
{
	ck_assert_int_eq(parse("9,1,2,3,8"), 0);
	ck_assert_str_eq(format(), "1-3,8-9");
}
END_TEST

START_TEST(ranges_across_word_boundary)
{
	ck_assert_int_eq(parse("62-65,127"), 0);
	ck_assert(cpumask_bit_test(mask, 63));
	ck_assert(cpumask_bit_test(mask, 64));
	ck_assert_str_eq(format(), "62-65,127");
}
END_TEST

START_TEST(one_cpu_range)
{
	ck_assert_int_eq(parse("4-4"), 0);
	ck_assert_str_eq(format(), "4");
}
END_TEST

START_TEST(parse_clears_previous_mask)
{
	ck_assert_int_eq(parse("1-100"), 0);
	ck_assert_int_eq(parse("5"), 0);
	ck_assert_str_eq(format(), "5");
}
END_TEST

struct bad_case {
	const char *input;
	int ret;
	const char *reason;
	unsigned int pos, len;
};

static const struct bad_case bad_cases[] = {
	{ "",		-EINVAL, "empty CPU list",		0, 0 },
	{ "2-",		-EINVAL, "range has no end",		0, 2 },
	{ "a",		-EINVAL, "not a CPU number",		0, 1 },
	{ "3-2",	-EINVAL, "range end is below its start", 0, 3 },
	{ "2,2",	-EINVAL, "CPU named twice",		2, 1 },
	{ "2-4,3",	-EINVAL, "CPU named twice",		4, 1 },
	{ "128",	-ERANGE, "CPU number too large",	0, 3 },
	{ "99999999999999999999", -ERANGE, "CPU number too large", 0, 20 },
	{ "1,",		-EINVAL, "empty item",			2, 0 },
	{ ",1",		-EINVAL, "empty item",			0, 0 },
	{ "1,,2",	-EINVAL, "empty item",			2, 0 },
	{ "-1",		-EINVAL, "not a CPU number",		0, 2 },
	{ "1-x",	-EINVAL, "range end is not a CPU number", 0, 3 },
	{ "1 ",		-EINVAL, "unexpected character",	0, 2 },
	{ " 1",		-EINVAL, "not a CPU number",		0, 2 },
	{ "1-2-3",	-EINVAL, "unexpected character",	0, 5 },
	{ "0x2",	-EINVAL, "unexpected character",	0, 3 },
};

START_TEST(bad_input_is_refused_with_reason)
{
	const struct bad_case *c = &bad_cases[_i];

	ck_assert_msg(parse(c->input) == c->ret, "'%s' returned wrong code", c->input);
	ck_assert_str_eq(err.reason, c->reason);
	ck_assert_uint_eq(err.pos, c->pos);
	ck_assert_uint_eq(err.len, c->len);
}
END_TEST

START_TEST(null_error_pointer_is_allowed)
{
	ck_assert_int_eq(cpulist_parse("2-", mask, NBITS, NULL), -EINVAL);
}
END_TEST

START_TEST(format_empty_mask)
{
	char buf[8] = "junk";

	cpumask_zero(mask, NBITS);
	ck_assert_uint_eq(cpulist_format(mask, NBITS, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(format_reports_truncation)
{
	char buf[6];

	ck_assert_int_eq(parse("0,2-3,5,7-9"), 0);
	ck_assert_uint_eq(cpulist_format(mask, NBITS, buf, sizeof(buf)), 11);
	ck_assert_str_eq(buf, "0,2-3");
}
END_TEST

START_TEST(format_zero_size_writes_nothing)
{
	char buf[1] = { 'x' };

	ck_assert_int_eq(parse("1"), 0);
	ck_assert_uint_eq(cpulist_format(mask, NBITS, buf, 0), 1);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

Suite *cpulist_suite(void)
{
	Suite *s = suite_create("cpulist");
	TCase *tc = tcase_create("parse_format");

	tcase_add_test(tc, single_cpu);
	tcase_add_test(tc, ranges_and_singles_round_trip);
	tcase_add_test(tc, unordered_list_formats_canonically);
	tcase_add_test(tc, ranges_across_word_boundary);
	tcase_add_test(tc, one_cpu_range);
	tcase_add_test(tc, parse_clears_previous_mask);
	tcase_add_loop_test(tc, bad_input_is_refused_with_reason, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, null_error_pointer_is_allowed);
	tcase_add_test(tc, format_empty_mask);
	tcase_add_test(tc, format_reports_truncation);
	tcase_add_test(tc, format_zero_size_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}
