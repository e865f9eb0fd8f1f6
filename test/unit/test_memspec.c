// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memspec.h"

static struct ihk_mem_item items[IHK_MAX_MEM_ITEMS];
static unsigned int nr;
static struct memspec_error err;

static int parse(const char *s)
{
	memset(&err, 0, sizeof(err));
	memset(items, 0xff, sizeof(items));
	nr = 12345;
	return memspec_parse(s, items, &nr, &err);
}

static void assert_item(unsigned int i, uint64_t size, int32_t node)
{
	ck_assert_uint_eq(items[i].size, size);
	ck_assert_int_eq(items[i].node, node);
	ck_assert_uint_eq(items[i].pad, 0);
}

/* "1M,1M,...": @n items, in a static buffer. */
static const char *many_items(unsigned int n)
{
	static char buf[IHK_MAX_MEM_ITEMS * 8];
	unsigned int i;
	size_t used = 0;

	for (i = 0; i < n; i++)
		used += sprintf(&buf[used], "%s1M", i ? "," : "");
	return buf;
}

START_TEST(size_without_node_is_any_node)
{
	ck_assert_int_eq(parse("512M"), 0);
	ck_assert_uint_eq(nr, 1);
	assert_item(0, 512ull << 20, IHK_NODE_ANY);
}
END_TEST

START_TEST(size_at_node)
{
	ck_assert_int_eq(parse("1G@1"), 0);
	ck_assert_uint_eq(nr, 1);
	assert_item(0, 1ull << 30, 1);
}
END_TEST

START_TEST(several_items_keep_their_order)
{
	ck_assert_int_eq(parse("512M@0,1G@1,4096"), 0);
	ck_assert_uint_eq(nr, 3);
	assert_item(0, 512ull << 20, 0);
	assert_item(1, 1ull << 30, 1);
	assert_item(2, 4096, IHK_NODE_ANY);
}
END_TEST

START_TEST(all_is_size_all_on_any_node)
{
	ck_assert_int_eq(parse("all"), 0);
	ck_assert_uint_eq(nr, 1);
	assert_item(0, IHK_SIZE_ALL, IHK_NODE_ANY);
}
END_TEST

START_TEST(all_at_node)
{
	ck_assert_int_eq(parse("all@3"), 0);
	ck_assert_uint_eq(nr, 1);
	assert_item(0, IHK_SIZE_ALL, 3);
}
END_TEST

START_TEST(all_on_each_of_several_nodes)
{
	ck_assert_int_eq(parse("all@0,all@1"), 0);
	ck_assert_uint_eq(nr, 2);
	assert_item(0, IHK_SIZE_ALL, 0);
	assert_item(1, IHK_SIZE_ALL, 1);
}
END_TEST

START_TEST(all_on_one_node_and_sizes_elsewhere)
{
	ck_assert_int_eq(parse("all@0,512M@1,256M"), 0);
	ck_assert_uint_eq(nr, 3);
}
END_TEST

START_TEST(same_node_twice_with_sizes)
{
	ck_assert_int_eq(parse("512M@0,512M@0"), 0);
	ck_assert_uint_eq(nr, 2);
}
END_TEST

START_TEST(highest_node)
{
	ck_assert_int_eq(parse("2M@63"), 0);
	assert_item(0, 2ull << 20, IHK_MAX_NODES - 1);
}
END_TEST

START_TEST(most_items_allowed)
{
	ck_assert_int_eq(parse(many_items(IHK_MAX_MEM_ITEMS)), 0);
	ck_assert_uint_eq(nr, IHK_MAX_MEM_ITEMS);
}
END_TEST

START_TEST(one_item_too_many)
{
	const char *s = many_items(IHK_MAX_MEM_ITEMS + 1);

	ck_assert_int_eq(parse(s), -ERANGE);
	ck_assert_str_eq(err.reason, "too many items");
	ck_assert_uint_eq(err.pos, strlen(s) - 2);
	ck_assert_uint_eq(err.len, 2);
	ck_assert_uint_eq(nr, 12345);
}
END_TEST

struct bad_case {
	const char *input;
	int ret;
	const char *reason;
	unsigned int pos, len;
};

static const struct bad_case bad_cases[] = {
	{ "",		-EINVAL, "empty memory spec",		0, 0 },
	{ ",",		-EINVAL, "empty item",			0, 0 },
	{ "1G,",	-EINVAL, "empty item",			3, 0 },
	{ "1G,,2G",	-EINVAL, "empty item",			3, 0 },
	{ "@0",		-EINVAL, "empty size",			0, 2 },
	{ "1G@",	-EINVAL, "node is missing",		0, 3 },
	{ "1G@x",	-EINVAL, "node is not a number",	0, 4 },
	{ "1G@-1",	-EINVAL, "node is not a number",	0, 5 },
	{ "1G@+1",	-EINVAL, "node is not a number",	0, 5 },
	{ "1G@ 1",	-EINVAL, "node is not a number",	0, 5 },
	{ "1G@1 ",	-EINVAL, "node is not a number",	0, 5 },
	{ "1G@0@1",	-EINVAL, "node is not a number",	0, 6 },
	{ "1G@0x1",	-EINVAL, "node is not a number",	0, 6 },
	{ "1G@64",	-ERANGE, "node number too large",	0, 5 },
	{ "1G@99999999999999999999", -ERANGE, "node number too large", 0, 23 },
	{ "all@64",	-ERANGE, "node number too large",	0, 6 },
	{ "512M@0,1G@x", -EINVAL, "node is not a number",	7, 4 },
	{ "1X@0",	-EINVAL, "unknown suffix",		0, 4 },
	{ "0@0",	-EINVAL, "size is zero",		0, 3 },
	{ "-1G",	-EINVAL, "negative size",		0, 3 },
	{ "99999999T@0", -ERANGE, "size too large",		0, 11 },
	{ "ALL",	-EINVAL, "not a size or 'all'",		0, 3 },
	{ "al",		-EINVAL, "not a size or 'all'",		0, 2 },
	{ "allM",	-EINVAL, "not a size or 'all'",		0, 4 },
	{ "x@0",	-EINVAL, "not a size or 'all'",		0, 3 },
	{ " 1G",	-EINVAL, "not a size or 'all'",		0, 3 },
	{ "all,1G@1",	-EINVAL, "'all' cannot be combined with other items", 4, 4 },
	{ "1G@1,all",	-EINVAL, "'all' cannot be combined with other items", 5, 3 },
	{ "all,all",	-EINVAL, "'all' cannot be combined with other items", 4, 3 },
	{ "all@0,all@0", -EINVAL, "'all' cannot share its node with other items", 6, 5 },
	{ "all@0,1G@0",	-EINVAL, "'all' cannot share its node with other items", 6, 4 },
	{ "1G@0,all@0",	-EINVAL, "'all' cannot share its node with other items", 5, 5 },
};

START_TEST(bad_input_is_refused_with_reason)
{
	const struct bad_case *c = &bad_cases[_i];

	ck_assert_msg(parse(c->input) == c->ret, "'%s' returned wrong code",
		      c->input);
	ck_assert_str_eq(err.reason, c->reason);
	ck_assert_uint_eq(err.pos, c->pos);
	ck_assert_uint_eq(err.len, c->len);
	ck_assert_uint_eq(nr, 12345);
}
END_TEST

START_TEST(null_error_pointer_is_allowed)
{
	ck_assert_int_eq(memspec_parse("1G@x", items, &nr, NULL), -EINVAL);
}
END_TEST

Suite *memspec_suite(void)
{
	Suite *s = suite_create("memspec");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, size_without_node_is_any_node);
	tcase_add_test(tc, size_at_node);
	tcase_add_test(tc, several_items_keep_their_order);
	tcase_add_test(tc, all_is_size_all_on_any_node);
	tcase_add_test(tc, all_at_node);
	tcase_add_test(tc, all_on_each_of_several_nodes);
	tcase_add_test(tc, all_on_one_node_and_sizes_elsewhere);
	tcase_add_test(tc, same_node_twice_with_sizes);
	tcase_add_test(tc, highest_node);
	tcase_add_test(tc, most_items_allowed);
	tcase_add_test(tc, one_item_too_many);
	tcase_add_loop_test(tc, bad_input_is_refused_with_reason, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, null_error_pointer_is_allowed);
	suite_add_tcase(s, tc);
	return s;
}
