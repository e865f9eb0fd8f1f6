// SPDX-License-Identifier: GPL-2.0
/*
 * The gate of offloaded calls (lwk/syscalls/offload_check.c): refused
 * calls, pointers at and across the mirror's end, streams cut at the
 * end, iovecs and message headers followed through a fake user memory.
 */
#include <asm/unistd_64.h>
#include <check.h>
#include <errno.h>
#include <string.h>

#include "ihk/mcexec.h"
#include <lwk/offload_check.h>
#include "../../lwk/syscalls/table.h"

#define END	IHK_MC_USER_END
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A fake user memory: [mem_base, mem_base + sizeof(mem)). */
static unsigned char mem[8192];
static uint64_t mem_base;

static int fake_read(void *ctx, uint64_t uaddr, void *dst, size_t len)
{
	(void)ctx;
	if (uaddr < mem_base || uaddr + len > mem_base + sizeof(mem))
		return -EFAULT;
	memcpy(dst, mem + (uaddr - mem_base), len);
	return 0;
}

static long check6(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4, uint64_t a5, uint64_t out[6])
{
	uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
	long r = offload_check(nr, a, fake_read, NULL);

	if (out)
		memcpy(out, a, sizeof(a));
	return r;
}

static const long refused[] = {
	__NR_shmat, __NR_remap_file_pages, __NR_pidfd_getfd, __NR_io_uring_setup,
	__NR_io_uring_enter, __NR_io_uring_register, __NR_io_setup, __NR_io_submit,
	__NR_io_destroy, __NR_io_getevents, __NR_io_cancel, __NR_io_pgetevents,
	__NR_process_vm_readv, __NR_process_vm_writev, __NR_process_madvise,
	__NR_userfaultfd, __NR_pkey_mprotect, __NR_pkey_alloc, __NR_pkey_free,
	__NR_modify_ldt, __NR_seccomp, __NR_bpf,
};

START_TEST(refused_calls_are_enosys_and_only_them)
{
	size_t i, n = 0;
	long nr;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		ck_assert_int_eq(syscall_disposition(refused[i]), SYSCALL_REFUSED);
		ck_assert_int_eq(check6(refused[i], 0, 0, 0, 0, 0, 0, NULL), -ENOSYS);
	}
	for (nr = 0; nr < SYSCALL_TABLE_SIZE; nr++)
		if (syscall_disposition(nr) == SYSCALL_REFUSED)
			n++;
	ck_assert_uint_eq(n, ARRAY_SIZE(refused));
	ck_assert_int_eq(check6(__NR_getpid + 1000, 0, 0, 0, 0, 0, 0, NULL), 0);
}
END_TEST

START_TEST(prctl_variants)
{
	ck_assert_int_eq(check6(__NR_prctl, 35, 3, 0x1000, 0, 0, 0, NULL), -EPERM);
	ck_assert_int_eq(check6(__NR_prctl, 22, 2, 0, 0, 0, 0, NULL), -EINVAL);
	ck_assert_int_eq(check6(__NR_prctl, 16, END, 0, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_prctl, 16, END - 16, 0, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_prctl, 38, 1, 0, 0, 0, 0, NULL), 0);
}
END_TEST

START_TEST(pointers_at_or_past_the_end)
{
	ck_assert_int_eq(check6(__NR_read, 3, END, 16, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_read, 3, END, 0, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_read, 3, END - 16, 16, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_fstat, 3, END - 143, 0, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_fstat, 3, END - 144, 0, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_fstat, 3, 0, 0, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_wait4, -1, 0, 0, END + 8, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_mlock, END - 4096, 8192, 0, 0, 0, 0, NULL), -ENOMEM);
	ck_assert_int_eq(check6(__NR_getdents64, 3, END - 100, 200, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_poll, END - 16, 3, 0, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_poll, END - 16, 2, 0, 0, 0, 0, NULL), 0);
	/* select: 65 descriptors take two 8-byte words. */
	ck_assert_int_eq(check6(__NR_select, 65, END - 8, 0, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_select, 64, END - 8, 0, 0, 0, 0, NULL), 0);
}
END_TEST

START_TEST(streams_are_cut_at_the_end)
{
	uint64_t a[6];

	ck_assert_int_eq(check6(__NR_read, 3, END - 4096, 8192, 0, 0, 0, a), 0);
	ck_assert_uint_eq(a[2], 4096);
	ck_assert_int_eq(check6(__NR_pwrite64, 3, END - 10, 100, 7, 0, 0, a), 0);
	ck_assert_uint_eq(a[2], 10);
	ck_assert_uint_eq(a[3], 7);
	/* Past Linux's own user range: left for access_ok's EFAULT. */
	ck_assert_int_eq(check6(__NR_write, 1, END - 4096, ~0ull >> 1, 0, 0, 0, a), 0);
	ck_assert_uint_eq(a[2], ~0ull >> 1);
}
END_TEST

START_TEST(ioctl_fcntl_futex)
{
	/* _IOR('x', 1, 8 bytes) */
	uint64_t ior8 = (2ull << 30) | (8 << 16) | ('x' << 8) | 1;

	ck_assert_int_eq(check6(__NR_ioctl, 3, ior8, END - 4, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_ioctl, 3, ior8, END - 8, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_ioctl, 3, 0x541B, END, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_ioctl, 3, 0x5421, 1, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_fcntl, 3, 5, END - 8, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_fcntl, 3, 4, END + 5, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_futex, END, 1, 1, 0, 0, 0, NULL), -EFAULT);
	/* WAKE_OP: uaddr2 is written; val2 sits where WAIT's timeout is. */
	ck_assert_int_eq(check6(__NR_futex, 0x1000, 5, 1, END, END, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_futex, 0x1000, 5, 1, END, 0x2000, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_futex, 0x1000, 0 | 128, 1, END, 0, 0, NULL), -EFAULT);
}
END_TEST

START_TEST(iovecs_are_followed)
{
	uint64_t iov[4] = { mem_base + 4096, 8, END, 8 }, a[6];

	memcpy(mem, iov, sizeof(iov));
	/* The second iovec is past the end: readv stops before it. */
	ck_assert_int_eq(check6(__NR_readv, 3, mem_base, 2, 0, 0, 0, a), 0);
	ck_assert_uint_eq(a[2], 1);
	/* ...and fails if it is the first. */
	ck_assert_int_eq(check6(__NR_writev, 3, mem_base + 16, 1, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_readv, 3, END - 16, 2, 0, 0, 0, NULL), -EFAULT);
	/* Unreadable array: Linux's own EFAULT in the mirror. */
	ck_assert_int_eq(check6(__NR_readv, 3, 0x1000, 2, 0, 0, 0, NULL), 0);
}
END_TEST

START_TEST(messages_are_followed)
{
	/* msghdr: name, namelen, iov, iovlen, control, controllen */
	uint64_t m[7] = { 0, 0, mem_base + 1024, 1, 0, 0, 0 };
	uint64_t iov[2] = { END - 4, 8 };

	memcpy(mem, m, sizeof(m));
	memcpy(mem + 1024, iov, sizeof(iov));
	ck_assert_int_eq(check6(__NR_sendmsg, 3, mem_base, 0, 0, 0, 0, NULL), -EFAULT);
	iov[0] = END - 8;
	memcpy(mem + 1024, iov, sizeof(iov));
	ck_assert_int_eq(check6(__NR_sendmsg, 3, mem_base, 0, 0, 0, 0, NULL), 0);
	m[4] = END;
	m[5] = 20;
	memcpy(mem, m, sizeof(m));
	ck_assert_int_eq(check6(__NR_recvmsg, 3, mem_base, 0, 0, 0, 0, NULL), -EFAULT);
}
END_TEST

START_TEST(strings_must_end_before_the_end)
{
	static const char name[] = "/etc/passwd";

	ck_assert_int_eq(check6(__NR_openat, -100, END, 0, 0, 0, 0, NULL), -EFAULT);
	ck_assert_int_eq(check6(__NR_openat, -100, 0x1000, 0, 0, 0, 0, NULL), 0);
	/* The fake memory ends 8 bytes short of END, unterminated. */
	mem_base = END - sizeof(mem);
	memset(mem, 'a', sizeof(mem));
	ck_assert_int_eq(check6(__NR_openat, -100, END - 100, 0, 0, 0, 0, NULL), -EFAULT);
	memcpy(mem + sizeof(mem) - sizeof(name), name, sizeof(name));
	ck_assert_int_eq(check6(__NR_openat, -100, END - 100, 0, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(check6(__NR_stat, END - sizeof(name), 0x1000, 0, 0, 0, 0, NULL), 0);
	mem_base = 0x100000;
}
END_TEST

static void setup(void)
{
	mem_base = 0x100000;
	memset(mem, 0, sizeof(mem));
}

Suite *offload_check_suite(void)
{
	Suite *s = suite_create("offload_check");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, refused_calls_are_enosys_and_only_them);
	tcase_add_test(tc, prctl_variants);
	tcase_add_test(tc, pointers_at_or_past_the_end);
	tcase_add_test(tc, streams_are_cut_at_the_end);
	tcase_add_test(tc, ioctl_fcntl_futex);
	tcase_add_test(tc, iovecs_are_followed);
	tcase_add_test(tc, messages_are_followed);
	tcase_add_test(tc, strings_must_end_before_the_end);
	suite_add_tcase(s, tc);
	return s;
}
