// SPDX-License-Identifier: GPL-2.0
/*
 * Offloaded calls must not reach mcexec's own memory or descriptors
 * (lwk/syscalls/offload_check.c).
 *
 *   offload_guard ends     pointers at and across 0x400000000000, the
 *                          mirror's end: prints one line per call, which
 *                          must be the same natively (nothing is mapped
 *                          there either) and under mcexec.
 *   offload_guard mcexec   under mcexec only: the refused calls answer
 *                          ENOSYS/EPERM, and mcexec's own memory (found
 *                          through /proc/self/maps, which is mcexec's) and
 *                          /dev/mcosN fd cannot be reached.
 *
 * Raw syscalls throughout, so glibc and musl make the same calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

#define END		0x400000000000ul	/* IHK_MC_USER_END */
#define PAGE		4096ul

static const char *res(long r)
{
	static char buf[32];

	if (r >= 0) {
		snprintf(buf, sizeof(buf), "%ld", r);
		return buf;
	}
	switch (errno) {
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case ENOSYS: return "ENOSYS";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	}
	snprintf(buf, sizeof(buf), "errno %d", errno);
	return buf;
}

static int file_of(size_t len)
{
	char path[] = "/tmp/offload_guard.XXXXXX";
	static char data[8192];
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	memset(data, 'x', sizeof(data));
	if (write(fd, data, len) != (ssize_t)len)
		return -1;
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static int ends(void)
{
	char *last = (char *)(END - PAGE);
	struct iovec iov[2];
	int fd, dir, p[2], sv[2];

	/* Nothing may be mapped at END: natively neither (static, or PIE high up). */
	if (mmap(last, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0) != last) {
		printf("cannot map the last page below 0x%lx\n", END);
		return 1;
	}
	memset(last, 'y', PAGE);
	fd = file_of(8192);
	dir = open("/", O_RDONLY | O_DIRECTORY);
	if (fd < 0 || dir < 0 || pipe(p) || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) {
		printf("no file, directory, pipe or socket\n");
		return 1;
	}
	printf("read at end: %s\n", res(syscall(SYS_read, fd, END, 16)));
	printf("read far above: %s\n", res(syscall(SYS_read, fd, 0x500000000000ul, 16)));
	printf("read zero bytes at end: %s\n", res(syscall(SYS_read, fd, END, 0)));
	printf("read across end: %s\n", res(syscall(SYS_read, fd, last, 8192)));
	printf("pread across end: %s\n", res(syscall(SYS_pread64, fd, last, 8192, 0)));
	printf("write at end: %s\n", res(syscall(SYS_write, p[1], END, 16)));
	printf("write across end: %s\n", res(syscall(SYS_write, p[1], last, 8192)));
	printf("write huge length: %s\n", res(syscall(SYS_write, p[1], last, ~0ul >> 1)));
	printf("fstat at end: %s\n", res(syscall(SYS_fstat, fd, END)));
	printf("fstat across end: %s\n", res(syscall(SYS_fstat, fd, END - 64)));
	printf("stat path at end: %s\n", res(syscall(SYS_stat, END, last)));
	memset(last, 'y', PAGE);
	printf("open path running into end: %s\n",
	       res(syscall(SYS_openat, AT_FDCWD, END - 8, O_RDONLY)));
	iov[0].iov_base = last;
	iov[0].iov_len = 8;
	iov[1].iov_base = (void *)END;
	iov[1].iov_len = 8;
	lseek(fd, 0, SEEK_SET);
	printf("readv iov_base at end: %s\n", res(syscall(SYS_readv, fd, iov, 2)));
	printf("writev iov_base at end: %s\n", res(syscall(SYS_writev, p[1], &iov[1], 1)));
	printf("readv iovec array at end: %s\n", res(syscall(SYS_readv, fd, END, 1)));
	printf("getcwd at end: %s\n", res(syscall(SYS_getcwd, END, 64)));
	printf("uname at end: %s\n", res(syscall(SYS_uname, END)));
	printf("ioctl FIONREAD at end: %s\n",
	       res(syscall(SYS_ioctl, p[0], 0x541B, END)));
	printf("getdents64 at end: %s\n", res(syscall(SYS_getdents64, dir, END, 4096)));
	printf("send: %s\n", res(syscall(SYS_sendto, sv[1], "hello", 5, 0, 0, 0)));
	printf("recvfrom at end: %s\n",
	       res(syscall(SYS_recvfrom, sv[0], END, 16, MSG_DONTWAIT, 0, 0)));
	printf("futex at end: %s\n", res(syscall(SYS_futex, END, 1, 1, 0, 0, 0)));
	printf("mlock at end: %s\n", res(syscall(SYS_mlock, END, PAGE)));
	printf("mlock across end: %s\n", res(syscall(SYS_mlock, last, 2 * PAGE)));
	return 0;
}

/* The first address of a mapping named @what in /proc/self/maps: mcexec's. */
static unsigned long mapping_of(const char *what)
{
	char line[512];
	unsigned long a = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, what)) {
			a = strtoul(line, NULL, 16);
			break;
		}
	fclose(f);
	return a;
}

static int mcos_fd(void)
{
	char path[64], target[256];
	ssize_t n;
	int fd;

	for (fd = 0; fd < 4096; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (strstr(target, "/dev/mcos"))
			return fd;
	}
	return -1;
}

static void expect(const char *what, long r, int want)
{
	CHECK(r == -1 && errno == want, "%s: %s, want %s", what, res(r),
	      want == ENOSYS ? "ENOSYS" : want == EPERM ? "EPERM" : "EFAULT");
}

static int mcexec_side(void)
{
	unsigned long stack = mapping_of("[stack]");
	char self[32] = "", buf[64];
	struct iovec local = { buf, 16 }, remote;
	long mc_pid, pidfd, r, shmid;
	int p[2], fd = mcos_fd();
	uint64_t ctx = 0;
	char params[120] = { 0 };

	CHECK(stack >= END, "mcexec's [stack] at 0x%lx, not above the mirror", stack);
	CHECK(fd >= 0, "mcexec's /dev/mcosN fd not found in /proc/self/fd");
	if (readlink("/proc/self", self, sizeof(self) - 1) <= 0)
		CHECK(0, "readlink /proc/self: %s", strerror(errno));
	mc_pid = atol(self);
	if (pipe(p))
		return 1;

	/* (b) mcexec's memory is nowhere: its stack cannot be read or written. */
	expect("write from mcexec's stack", syscall(SYS_write, p[1], stack, 16), EFAULT);
	expect("read into mcexec's stack", syscall(SYS_read, p[0], stack, 16), EFAULT);
	expect("uname into mcexec's stack", syscall(SYS_uname, stack), EFAULT);

	/* (a) calls that would reshape mcexec or reach its fd. */
	pidfd = syscall(SYS_pidfd_open, mc_pid, 0);
	r = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	expect("pidfd_getfd of mcexec's /dev/mcosN", r, ENOSYS);
	if (r >= 0) {
		snprintf(buf, sizeof(buf), "/proc/self/fd/%ld", r);
		printf("pidfd_getfd: got fd %ld, a copy of mcexec's fd %d\n", r, fd);
	}
	remote.iov_base = (void *)stack;
	remote.iov_len = 16;
	expect("process_vm_readv of mcexec's stack",
	       syscall(SYS_process_vm_readv, mc_pid, &local, 1, &remote, 1, 0), ENOSYS);
	shmid = syscall(SYS_shmget, IPC_PRIVATE, PAGE, IPC_CREAT | 0600);
	CHECK(shmid >= 0, "shmget: %s", strerror(errno));
	expect("shmat SHM_REMAP over the mirror",
	       syscall(SYS_shmat, shmid, 0x200000000000ul, SHM_REMAP), ENOSYS);
	expect("shmat anywhere", syscall(SYS_shmat, shmid, 0, 0), ENOSYS);
	syscall(SYS_shmctl, shmid, IPC_RMID, 0);
	expect("remap_file_pages", syscall(SYS_remap_file_pages, 0x200000000000ul, PAGE, 0, 1, 0),
	       ENOSYS);
	expect("io_uring_setup", syscall(SYS_io_uring_setup, 4, params), ENOSYS);
	expect("io_uring_enter", syscall(SYS_io_uring_enter, 0, 0, 0, 0, 0, 0), ENOSYS);
	expect("io_uring_register", syscall(SYS_io_uring_register, 0, 0, 0, 0), ENOSYS);
	expect("io_setup", syscall(SYS_io_setup, 1, &ctx), ENOSYS);
	expect("userfaultfd", syscall(SYS_userfaultfd, 0), ENOSYS);
	expect("pkey_mprotect", syscall(SYS_pkey_mprotect, stack, PAGE, PROT_READ | PROT_WRITE, 0),
	       ENOSYS);
	expect("modify_ldt", syscall(SYS_modify_ldt, 0, buf, sizeof(buf)), ENOSYS);
	expect("seccomp", syscall(SYS_seccomp, 2 /* GET_ACTION_AVAIL */, 0, buf), ENOSYS);
	expect("process_madvise", syscall(SYS_process_madvise, pidfd, &local, 1, 0, 0), ENOSYS);
	expect("prctl PR_SET_MM", syscall(SYS_prctl, 35 /* PR_SET_MM */, 3 /* START_BRK */,
					  0x200000000000ul, 0, 0), EPERM);
	if (!check_failures)
		printf("offload guard: all correct\n");
	return check_status();
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 2 && !strcmp(argv[1], "ends"))
		return ends();
	if (argc == 2 && !strcmp(argv[1], "mcexec"))
		return mcexec_side();
	fprintf(stderr, "usage: offload_guard ends|mcexec\n");
	return 2;
}
