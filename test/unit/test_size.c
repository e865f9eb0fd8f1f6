// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "size.h"

static uint64_t bytes;
static struct size_error err;

static int parse(const char *s)
{
	memset(&err, 0, sizeof(err));
	bytes = 0xdead;
	return size_parse(s, &bytes, &err);
}

static const char *format(uint64_t v)
{
	static char buf[32];

	size_format(v, buf, sizeof(buf));
	return buf;
}

START_TEST(plain_number_is_bytes)
{
	ck_assert_int_eq(parse("4096"), 0);
	ck_assert_uint_eq(bytes, 4096);
}
END_TEST

START_TEST(suffixes_are_powers_of_1024)
{
	ck_assert_int_eq(parse("2048K"), 0);
	ck_assert_uint_eq(bytes, 2048ull << 10);
	ck_assert_int_eq(parse("512M"), 0);
	ck_assert_uint_eq(bytes, 512ull << 20);
	ck_assert_int_eq(parse("1G"), 0);
	ck_assert_uint_eq(bytes, 1ull << 30);
	ck_assert_int_eq(parse("1T"), 0);
	ck_assert_uint_eq(bytes, 1ull << 40);
}
END_TEST

START_TEST(suffixes_are_case_insensitive)
{
	ck_assert_int_eq(parse("3k"), 0);
	ck_assert_uint_eq(bytes, 3ull << 10);
	ck_assert_int_eq(parse("3m"), 0);
	ck_assert_uint_eq(bytes, 3ull << 20);
	ck_assert_int_eq(parse("3g"), 0);
	ck_assert_uint_eq(bytes, 3ull << 30);
	ck_assert_int_eq(parse("3t"), 0);
	ck_assert_uint_eq(bytes, 3ull << 40);
}
END_TEST

START_TEST(leading_zeros_are_decimal)
{
	ck_assert_int_eq(parse("010M"), 0);
	ck_assert_uint_eq(bytes, 10ull << 20);
}
END_TEST

START_TEST(largest_sizes_fit)
{
	ck_assert_int_eq(parse("18446744073709551615"), 0);
	ck_assert_uint_eq(bytes, ~0ull);
	ck_assert_int_eq(parse("16777215T"), 0);
	ck_assert_uint_eq(bytes, 16777215ull << 40);
}
END_TEST

START_TEST(parse_n_stops_at_length)
{
	ck_assert_int_eq(size_parse_n("512M@0", 4, &bytes, &err), 0);
	ck_assert_uint_eq(bytes, 512ull << 20);
}
END_TEST

struct bad_case {
	const char *input;
	int ret;
	const char *reason;
	unsigned int pos, len;
};

static const struct bad_case bad_cases[] = {
	{ "",			-EINVAL, "empty size",		0, 0 },
	{ "0",			-EINVAL, "size is zero",	0, 1 },
	{ "0K",			-EINVAL, "size is zero",	0, 2 },
	{ "000",		-EINVAL, "size is zero",	0, 3 },
	{ "-1",			-EINVAL, "negative size",	0, 2 },
	{ "-1G",		-EINVAL, "negative size",	0, 3 },
	{ "+1",			-EINVAL, "not a number",	0, 2 },
	{ " 1",			-EINVAL, "not a number",	0, 2 },
	{ "M",			-EINVAL, "not a number",	0, 1 },
	{ "abc",		-EINVAL, "not a number",	0, 3 },
	{ "1 ",			-EINVAL, "unknown suffix",	1, 1 },
	{ "1 G",		-EINVAL, "unknown suffix",	1, 2 },
	{ "12X",		-EINVAL, "unknown suffix",	2, 1 },
	{ "1MB",		-EINVAL, "unknown suffix",	1, 2 },
	{ "1MiB",		-EINVAL, "unknown suffix",	1, 3 },
	{ "1P",			-EINVAL, "unknown suffix",	1, 1 },
	{ "0x10",		-EINVAL, "unknown suffix",	1, 3 },
	{ "1G2",		-EINVAL, "unknown suffix",	1, 2 },
	{ "1.5G",		-EINVAL, "not a whole number",	1, 3 },
	{ "18446744073709551616", -ERANGE, "size too large", 0, 20 },
	{ "99999999999999999999999", -ERANGE, "size too large", 0, 23 },
	{ "16777216T",		-ERANGE, "size too large",	0, 9 },
	{ "17179869184G",	-ERANGE, "size too large",	0, 12 },
	{ "99999999999999999999X", -EINVAL, "unknown suffix", 20, 1 },
};

START_TEST(bad_input_is_refused_with_reason)
{
	const struct bad_case *c = &bad_cases[_i];

	ck_assert_msg(parse(c->input) == c->ret, "'%s' returned wrong code",
		      c->input);
	ck_assert_str_eq(err.reason, c->reason);
	ck_assert_uint_eq(err.pos, c->pos);
	ck_assert_uint_eq(err.len, c->len);
	ck_assert_uint_eq(bytes, 0xdead);
}
END_TEST

START_TEST(null_error_pointer_is_allowed)
{
	ck_assert_int_eq(size_parse("1X", &bytes, NULL), -EINVAL);
}
END_TEST

START_TEST(format_picks_largest_exact_unit)
{
	ck_assert_str_eq(format(512ull << 20), "512M");
	ck_assert_str_eq(format(1ull << 30), "1G");
	ck_assert_str_eq(format(1536ull << 20), "1536M");
	ck_assert_str_eq(format(4096), "4K");
	ck_assert_str_eq(format(3ull << 40), "3T");
}
END_TEST

START_TEST(format_keeps_bytes_that_are_not_whole_kilobytes)
{
	ck_assert_str_eq(format(1000), "1000");
	ck_assert_str_eq(format(1025), "1025");
	ck_assert_str_eq(format(1), "1");
}
END_TEST

START_TEST(format_never_goes_beyond_terabytes)
{
	ck_assert_str_eq(format(1ull << 50), "1024T");
	ck_assert_str_eq(format(1ull << 63), "8388608T");
}
END_TEST

START_TEST(format_zero)
{
	ck_assert_str_eq(format(0), "0");
}
END_TEST

START_TEST(format_largest_value)
{
	ck_assert_str_eq(format(~0ull), "18446744073709551615");
}
END_TEST

START_TEST(format_round_trips_through_parse)
{
	static const uint64_t values[] = {
		1, 1023, 1024, 3ull << 20, (1ull << 30) + 4096, 7ull << 40,
	};
	unsigned int i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		ck_assert_int_eq(parse(format(values[i])), 0);
		ck_assert_uint_eq(bytes, values[i]);
	}
}
END_TEST

START_TEST(format_reports_truncation)
{
	char buf[4];

	ck_assert_uint_eq(size_format(1536ull << 20, buf, sizeof(buf)), 5);
	ck_assert_str_eq(buf, "153");
}
END_TEST

START_TEST(format_zero_size_writes_nothing)
{
	char buf[1] = { 'x' };

	ck_assert_uint_eq(size_format(1ull << 30, buf, 0), 2);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

Suite *size_suite(void)
{
	Suite *s = suite_create("size");
	TCase *tc = tcase_create("parse_format");

	tcase_add_test(tc, plain_number_is_bytes);
	tcase_add_test(tc, suffixes_are_powers_of_1024);
	tcase_add_test(tc, suffixes_are_case_insensitive);
	tcase_add_test(tc, leading_zeros_are_decimal);
	tcase_add_test(tc, largest_sizes_fit);
	tcase_add_test(tc, parse_n_stops_at_length);
	tcase_add_loop_test(tc, bad_input_is_refused_with_reason, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, null_error_pointer_is_allowed);
	tcase_add_test(tc, format_picks_largest_exact_unit);
	tcase_add_test(tc, format_keeps_bytes_that_are_not_whole_kilobytes);
	tcase_add_test(tc, format_never_goes_beyond_terabytes);
	tcase_add_test(tc, format_zero);
	tcase_add_test(tc, format_largest_value);
	tcase_add_test(tc, format_round_trips_through_parse);
	tcase_add_test(tc, format_reports_truncation);
	tcase_add_test(tc, format_zero_size_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}
