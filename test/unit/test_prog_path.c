// SPDX-License-Identifier: GPL-2.0
/* mcexec's PATH search (proxy/prog_path.c) against a fake file system. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "../../proxy/prog_path.h"

/* The fake file system: each path with what the probe answers for it. */
struct fake_file {
	const char *path;
	int probe;
};

static const struct fake_file files[] = {
	{ "/bin/ls", 0 },
	{ "/usr/bin/ls", 0 },
	{ "/opt/noexec/tool", -EACCES },
	{ "/opt/bin/tool", 0 },
	{ "/second/noexec/tool", -EACCES },
	{ "local", 0 },
	{ "/usr/bin/only-usr", 0 },
};

static int probed;

static int fake_probe(const char *path, void *ctx)
{
	unsigned int i;

	(void)ctx;
	probed++;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!strcmp(files[i].path, path))
			return files[i].probe;
	return -ENOENT;
}

static char out[256];

static int find(const char *name, const char *path)
{
	probed = 0;
	memset(out, 'x', sizeof(out));
	return prog_path_find(name, path, fake_probe, NULL, out, sizeof(out));
}

START_TEST(slash_used_as_given_without_probing)
{
	ck_assert_int_eq(find("./missing", "/bin"), 0);
	ck_assert_str_eq(out, "./missing");
	ck_assert_int_eq(probed, 0);
	ck_assert_int_eq(find("/abs/path", NULL), 0);
	ck_assert_str_eq(out, "/abs/path");
}
END_TEST

START_TEST(first_match_in_order)
{
	ck_assert_int_eq(find("ls", "/usr/bin:/bin"), 0);
	ck_assert_str_eq(out, "/usr/bin/ls");
	ck_assert_int_eq(probed, 1);
	ck_assert_int_eq(find("ls", "/nowhere:/bin:/usr/bin"), 0);
	ck_assert_str_eq(out, "/bin/ls");
	ck_assert_int_eq(probed, 2);
}
END_TEST

START_TEST(default_path_when_unset)
{
	ck_assert_int_eq(find("only-usr", NULL), 0);
	ck_assert_str_eq(out, "/usr/bin/only-usr");
	ck_assert_int_eq(find("local", NULL), -ENOENT);
}
END_TEST

START_TEST(empty_entry_is_cwd)
{
	ck_assert_int_eq(find("local", "/bin::/usr/bin"), 0);
	ck_assert_str_eq(out, "local");
	ck_assert_int_eq(find("local", "/bin:"), 0);
	ck_assert_str_eq(out, "local");
	ck_assert_int_eq(find("local", ":/bin"), 0);
	ck_assert_str_eq(out, "local");
	ck_assert_int_eq(find("local", ""), 0);
	ck_assert_str_eq(out, "local");
}
END_TEST

START_TEST(not_executable_remembered_but_later_match_wins)
{
	ck_assert_int_eq(find("tool", "/opt/noexec:/opt/bin"), 0);
	ck_assert_str_eq(out, "/opt/bin/tool");
	/* Only non-executables: the first one is named. */
	ck_assert_int_eq(find("tool", "/second/noexec:/opt/noexec:/bin"), -EACCES);
	ck_assert_str_eq(out, "/second/noexec/tool");
}
END_TEST

START_TEST(not_found)
{
	ck_assert_int_eq(find("nosuch", "/bin:/usr/bin"), -ENOENT);
	ck_assert_str_eq(out, "nosuch");
	ck_assert_int_eq(probed, 2);
	ck_assert_int_eq(find("", "/bin"), -ENOENT);
	ck_assert_int_eq(probed, 0);
}
END_TEST

START_TEST(too_long)
{
	char name[300], small[8];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(find(name, "/bin"), -ENAMETOOLONG);
	/* A match that does not fit the caller's buffer is not cut. */
	ck_assert_int_eq(prog_path_find("ls", "/usr/bin", fake_probe, NULL, small,
					sizeof(small)), -ENAMETOOLONG);
	ck_assert_int_eq(prog_path_find("ls", "/bin", fake_probe, NULL, small,
					sizeof(small)), 0);
	ck_assert_str_eq(small, "/bin/ls");
}
END_TEST

Suite *prog_path_suite(void)
{
	Suite *s = suite_create("prog_path");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, slash_used_as_given_without_probing);
	tcase_add_test(tc, first_match_in_order);
	tcase_add_test(tc, default_path_when_unset);
	tcase_add_test(tc, empty_entry_is_cwd);
	tcase_add_test(tc, not_executable_remembered_but_later_match_wins);
	tcase_add_test(tc, not_found);
	tcase_add_test(tc, too_long);
	suite_add_tcase(s, tc);
	return s;
}
