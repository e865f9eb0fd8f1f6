// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's syscall list (lwk/syscalls/syscalls.def) against the guest
 * kernel's <asm/unistd_64.h> (the Linux that runs mcexec's offloaded
 * calls, read from its headers at run time, GUEST_UNISTD_64): the same
 * number for every name, and nothing more or less. The list itself: in
 * number order, every number and name once. The lookup (table.c) answers
 * what the list says; gaps and out-of-range numbers are offloaded.
 * README.md's LOCAL table is checked against the list by
 * test/host/syscall_docs.sh.
 */
#include <asm/unistd_64.h>
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../../lwk/syscalls/table.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct def_line {
	long nr;
	const char *name;
	enum syscall_disposition how;
};

static const struct def_line list[] = {
#define SYSCALL(nr, name, how)	{ nr, #name, SYSCALL_##how },
#include "../../lwk/syscalls/syscalls.def"
#undef SYSCALL
};

static const struct def_line *list_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(list); i++)
		if (!strcmp(list[i].name, name))
			return &list[i];
	return NULL;
}

static const struct def_line *list_by_nr(long nr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(list); i++)
		if (list[i].nr == nr)
			return &list[i];
	return NULL;
}

/* Issue 6's examples of calls that touch Linux objects. */
static const long offloaded_calls[] = {
	__NR_openat, __NR_read, __NR_write, __NR_close, __NR_fstat,
	__NR_newfstatat, __NR_statx, __NR_lseek, __NR_pread64,
	__NR_pwrite64, __NR_readv, __NR_writev, __NR_ioctl, __NR_getcwd,
	__NR_chdir, __NR_readlink, __NR_readlinkat, __NR_access,
	__NR_faccessat, __NR_unlink, __NR_unlinkat, __NR_mkdir,
	__NR_mkdirat, __NR_getdents64, __NR_fcntl, __NR_dup, __NR_dup2,
	__NR_dup3, __NR_pipe2, __NR_poll, __NR_ppoll, __NR_uname,
	__NR_getrandom, __NR_getuid, __NR_geteuid, __NR_getgid,
	__NR_getegid,
};

/* Numbers Linux 6.1 does not define on x86_64. */
static const long unknown_numbers[] = {
	-1, 335, 400, 423, SYSCALL_NR_MAX + 1, 512, 1000,
	0x40000000,		/* __X32_SYSCALL_BIT: x32 ABI, not ours */
	0x40000000 + 1,
	LONG_MIN, LONG_MAX, INT_MAX, (long)UINT_MAX,
};

/*
 * Every "#define __NR_<name> <nr>" of the guest kernel's header is a line
 * of the list with that number, and the list has no other line; the
 * highest is SYSCALL_NR_MAX.
 */
START_TEST(list_is_the_guest_kernels_numbers)
{
	FILE *f = fopen(GUEST_UNISTD_64, "r");
	char line[256], name[128];
	size_t seen = 0;
	long nr, max = -1;

	ck_assert_msg(f, "cannot read %s (scripts/deps.sh installs it)",
		      GUEST_UNISTD_64);
	while (fgets(line, sizeof(line), f)) {
		const struct def_line *d;

		if (sscanf(line, "#define __NR_%127s %ld", name, &nr) != 2)
			continue;
		/* The kernel's own count (under __KERNEL__): one past the last. */
		if (!strcmp(name, "syscalls")) {
			ck_assert_int_eq(nr, SYSCALL_TABLE_SIZE);
			continue;
		}
		d = list_by_name(name);
		ck_assert_msg(d, "%s (%ld) is not in syscalls.def", name, nr);
		ck_assert_msg(d->nr == nr, "%s is %ld in syscalls.def, %ld in %s",
			      name, d->nr, nr, GUEST_UNISTD_64);
		seen++;
		if (nr > max)
			max = nr;
	}
	fclose(f);
	ck_assert_msg(seen == ARRAY_SIZE(list),
		      "syscalls.def has %zu lines, the guest kernel %zu names",
		      ARRAY_SIZE(list), seen);
	ck_assert_int_eq(max, SYSCALL_NR_MAX);
}
END_TEST

/* The file says "in number order": so each number, and each name, once. */
START_TEST(list_is_in_order_and_unique)
{
	size_t i, j;

	for (i = 1; i < ARRAY_SIZE(list); i++)
		ck_assert_msg(list[i].nr > list[i - 1].nr,
			      "%s (%ld) after %s (%ld)", list[i].name,
			      list[i].nr, list[i - 1].name, list[i - 1].nr);
	for (i = 0; i < ARRAY_SIZE(list); i++)
		for (j = i + 1; j < ARRAY_SIZE(list); j++)
			ck_assert_msg(strcmp(list[i].name, list[j].name),
				      "%s is both %ld and %ld", list[i].name,
				      list[i].nr, list[j].nr);
}
END_TEST

/* The lookup answers what the list says, and OFFLOAD where it is silent. */
START_TEST(table_follows_the_list)
{
	long nr;

	for (nr = -2; nr < SYSCALL_TABLE_SIZE + 2; nr++) {
		const struct def_line *d = list_by_nr(nr);

		ck_assert_msg(syscall_disposition(nr) ==
			      (d ? d->how : SYSCALL_OFFLOAD),
			      "%ld %s: table %d, list %d", nr,
			      d ? d->name : "(none)", syscall_disposition(nr),
			      d ? (int)d->how : -1);
	}
}
END_TEST

START_TEST(calls_on_linux_objects_are_offloaded)
{
	long nr = offloaded_calls[_i];

	const struct def_line *d = list_by_nr(nr);

	ck_assert_msg(d && d->how == SYSCALL_OFFLOAD, "%ld %s", nr,
		      d ? d->name : "(not in the list)");
	ck_assert_int_eq(syscall_disposition(nr), SYSCALL_OFFLOAD);
}
END_TEST

START_TEST(unknown_numbers_are_offloaded)
{
	long nr = unknown_numbers[_i];

	ck_assert_ptr_null(list_by_nr(nr));
	ck_assert_int_eq(syscall_disposition(nr), SYSCALL_OFFLOAD);
}
END_TEST

START_TEST(gap_is_unknown_throughout)
{
	long nr;

	for (nr = __NR_rseq + 1; nr < __NR_pidfd_send_signal; nr++) {
		ck_assert_ptr_null(list_by_nr(nr));
		ck_assert_int_eq(syscall_disposition(nr), SYSCALL_OFFLOAD);
	}
}
END_TEST

Suite *lwk_syscalls_suite(void)
{
	Suite *s = suite_create("lwk_syscalls");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, list_is_the_guest_kernels_numbers);
	tcase_add_test(tc, list_is_in_order_and_unique);
	tcase_add_test(tc, table_follows_the_list);
	tcase_add_loop_test(tc, calls_on_linux_objects_are_offloaded, 0,
			    ARRAY_SIZE(offloaded_calls));
	tcase_add_loop_test(tc, unknown_numbers_are_offloaded, 0,
			    ARRAY_SIZE(unknown_numbers));
	tcase_add_test(tc, gap_is_unknown_throughout);
	suite_add_tcase(s, tc);
	return s;
}
