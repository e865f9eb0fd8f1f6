// SPDX-License-Identifier: GPL-2.0
/*
 * mirror_guard: the mirror of /dev/mcosN gives a user nothing but its own
 * LWK process's memory. Run by the guest test as root and as nobody:
 *   - no mmap before IHK_MC_CREATE, none of another range or private;
 *   - a forked child neither inherits the mirror nor may map the file;
 *   - an address the LWK process has not mapped reads as SIGBUS, never as
 *     some other physical page;
 *   - an address it has mapped (IHK_MC_MAP) reads as zeroes and keeps what
 *     is written.
 * Usage: mirror_guard /dev/mcosN
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ihk/mcexec.h>

#include "check.h"

#define MIRROR_LEN	(IHK_MC_USER_END - IHK_MC_USER_START)
#define DATA_ADDR	0x40000000ULL	/* 1 GiB: where we ask the LWK for memory */
#define DATA_LEN	(2ULL << 20)

static sigjmp_buf probe_env;
static volatile int probe_sig;

static void probe_handler(int sig)
{
	probe_sig = sig;
	siglongjmp(probe_env, 1);
}

/* The signal reading *@addr raises, or 0 if it reads. */
static int probe_read(uint64_t addr)
{
	struct sigaction sa = { .sa_handler = probe_handler };
	volatile unsigned char v = 0;

	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	probe_sig = 0;
	if (!sigsetjmp(probe_env, 1))
		v = *(volatile unsigned char *)addr;
	(void)v;
	return probe_sig;
}

static void *map_mirror_prot(int fd, uint64_t start, uint64_t len, int prot,
			     int flags)
{
	return mmap((void *)start, len, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
}

static void *map_mirror(int fd, uint64_t start, uint64_t len, int flags)
{
	return map_mirror_prot(fd, start, len, PROT_READ | PROT_WRITE, flags);
}

int main(int argc, char **argv)
{
	struct ihk_mc_create cr = { 0 };
	struct ihk_mc_map map = { 0 };
	char cmdline[] = "mirror_guard";
	void *m;
	pid_t child;
	int fd, st;

	if (argc != 2) {
		printf("FAIL: usage: mirror_guard /dev/mcosN\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open %s: %s", argv[1], strerror(errno));
	if (fd < 0)
		return check_status();

	m = map_mirror(fd, IHK_MC_USER_START, MIRROR_LEN, MAP_SHARED);
	CHECK(m == MAP_FAILED && errno == EINVAL,
	      "mmap before CREATE: %s, want EINVAL", m == MAP_FAILED ? strerror(errno) : "mapped");
	if (m != MAP_FAILED)
		munmap(m, MIRROR_LEN);

	cr.cmdline = (uintptr_t)cmdline;
	cr.cmdline_len = sizeof(cmdline);
	cr.rlimit_stack = 8 << 20;
	CHECK(ioctl(fd, IHK_MC_CREATE, &cr) == 0, "CREATE: %s", strerror(errno));
	if (check_failures)
		return check_status();

	m = map_mirror(fd, IHK_MC_USER_START, MIRROR_LEN - 4096, MAP_SHARED);
	CHECK(m == MAP_FAILED && errno == EINVAL,
	      "mmap of a shorter range: %s, want EINVAL", m == MAP_FAILED ? strerror(errno) : "mapped");
	if (m != MAP_FAILED)
		munmap(m, MIRROR_LEN - 4096);
	/* Read-only: a writable private 64 TiB is refused by Linux's accounting first. */
	m = map_mirror_prot(fd, IHK_MC_USER_START, MIRROR_LEN, PROT_READ, MAP_PRIVATE);
	CHECK(m == MAP_FAILED && errno == EINVAL,
	      "private mmap: %s, want EINVAL", m == MAP_FAILED ? strerror(errno) : "mapped");
	if (m != MAP_FAILED)
		munmap(m, MIRROR_LEN);

	m = map_mirror(fd, IHK_MC_USER_START, MIRROR_LEN, MAP_SHARED);
	CHECK(m != MAP_FAILED, "mirror mmap: %s", strerror(errno));
	if (m == MAP_FAILED)
		return check_status();

	/* Nothing mapped on the LWK yet: every address is SIGBUS. */
	CHECK(probe_read(DATA_ADDR) == SIGBUS, "unmapped LWK address: signal %d, want SIGBUS",
	      probe_sig);
	CHECK(probe_read(IHK_MC_USER_START) == SIGBUS, "lowest address: signal %d, want SIGBUS",
	      probe_sig);
	CHECK(probe_read(IHK_MC_USER_END - 4096) == SIGBUS,
	      "highest page: signal %d, want SIGBUS", probe_sig);

	map.addr = DATA_ADDR;
	map.len = DATA_LEN;
	map.prot = PROT_READ | PROT_WRITE;
	CHECK(ioctl(fd, IHK_MC_MAP, &map) == 0, "MAP: %s", strerror(errno));
	CHECK(probe_read(DATA_ADDR) == 0 && probe_read(DATA_ADDR + DATA_LEN - 1) == 0,
	      "mapped LWK memory does not read: signal %d", probe_sig);
	if (!probe_sig) {
		CHECK(*(volatile unsigned char *)(DATA_ADDR + 12345) == 0,
		      "fresh LWK memory is not zeroed");
		*(volatile unsigned char *)(DATA_ADDR + 12345) = 0x5a;
		CHECK(*(volatile unsigned char *)(DATA_ADDR + 12345) == 0x5a,
		      "LWK memory does not keep a byte");
	}
	CHECK(probe_read(DATA_ADDR + DATA_LEN) == SIGBUS,
	      "the page after the mapping: signal %d, want SIGBUS", probe_sig);

	child = fork();
	if (child == 0) {
		int bad = 0;

		/* Not inherited: the range is simply not mapped here. */
		if (probe_read(DATA_ADDR) != SIGSEGV) {
			printf("FAIL: child reads the mirror (signal %d, want SIGSEGV)\n",
			       probe_sig);
			bad = 1;
		}
		m = map_mirror(fd, IHK_MC_USER_START, MIRROR_LEN, MAP_SHARED);
		if (m != MAP_FAILED || errno != EPERM) {
			printf("FAIL: child mmap of the parent's file: %s, want EPERM\n",
			       m == MAP_FAILED ? strerror(errno) : "mapped");
			bad = 1;
		}
		fflush(stdout);
		_exit(bad);
	}
	CHECK(child > 0, "fork: %s", strerror(errno));
	if (child > 0) {
		CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && !WEXITSTATUS(st),
		      "child checks failed (status 0x%x)", st);
	}
	munmap((void *)IHK_MC_USER_START, MIRROR_LEN);
	close(fd);
	if (!check_failures)
		printf("mirror guard: all correct\n");
	return check_status();
}
