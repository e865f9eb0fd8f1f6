// SPDX-License-Identifier: GPL-2.0
/*
 * madv: MADV_DONTNEED on private anonymous memory reads back as zeros
 * afterwards, whoever wrote the bytes before:
 *   - user stores (4 KiB pages, and a 4 MiB region with a DONTNEED range
 *     that cuts 2 MiB pages: the bytes around it stay);
 *   - read() from a file into fresh memory (on the LWK an offloaded call:
 *     Linux writes through mcexec's mirror of the page, not the program);
 *   - mremap that has to move the bytes;
 *   - the same page written, dropped, written, dropped again.
 * Prints "madv: all correct" or FAIL lines; the same natively.
 *
 * usage: madv DIR   (a writable directory for a scratch file)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define KIB	1024UL
#define MIB	(1024 * KIB)

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("madv: mmap");
		exit(1);
	}
	return p;
}

/* The first offset in [from, to) of @p that is not @c, or -1. */
static long not_all(const char *p, size_t from, size_t to, char c)
{
	size_t i;

	for (i = from; i < to; i++)
		if (p[i] != c)
			return (long)i;
	return -1;
}

static void dontneed(char *p, size_t len, const char *what)
{
	CHECK(!madvise(p, len, MADV_DONTNEED), "%s: madvise: %m", what);
}

static void user_stores(void)
{
	char *p = map(64 * KIB), *q = map(4 * MIB);
	long at;

	memset(p, 0x11, 64 * KIB);
	dontneed(p + 16 * KIB, 32 * KIB, "user 4k");
	CHECK((at = not_all(p, 0, 16 * KIB, 0x11)) < 0, "user 4k: byte %ld before the range changed", at);
	CHECK((at = not_all(p, 16 * KIB, 48 * KIB, 0)) < 0, "user 4k: byte %ld not zero", at);
	CHECK((at = not_all(p, 48 * KIB, 64 * KIB, 0x11)) < 0, "user 4k: byte %ld after the range changed", at);

	/* Cuts whatever 2 MiB pages the region has, at both ends. */
	memset(q, 0x22, 4 * MIB);
	dontneed(q + MIB + 4 * KIB, 2 * MIB, "user cut");
	CHECK((at = not_all(q, 0, MIB + 4 * KIB, 0x22)) < 0, "user cut: byte %ld before changed", at);
	CHECK((at = not_all(q, MIB + 4 * KIB, 3 * MIB + 4 * KIB, 0)) < 0, "user cut: byte %ld not zero", at);
	CHECK((at = not_all(q, 3 * MIB + 4 * KIB, 4 * MIB, 0x22)) < 0, "user cut: byte %ld after changed", at);

	/* Twice: the second round's stores must count as much as the first's. */
	memset(q, 0x33, 4 * MIB);
	dontneed(q, 4 * MIB, "user round 1");
	CHECK((at = not_all(q, 0, 4 * MIB, 0)) < 0, "user round 1: byte %ld not zero", at);
	q[3 * MIB + 5] = 0x44;
	q[7] = 0x44;
	dontneed(q, 4 * MIB, "user round 2");
	CHECK((at = not_all(q, 0, 4 * MIB, 0)) < 0, "user round 2: byte %ld not zero", at);
	munmap(p, 64 * KIB);
	munmap(q, 4 * MIB);
}

/* read() into memory the program never touched. */
static void read_into(const char *dir)
{
	size_t len = 3 * MIB;
	char path[4096], *src = map(len), *dst;
	long at;
	int fd, round;

	snprintf(path, sizeof(path), "%s/madv.%d", dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror("madv: scratch file");
		exit(1);
	}
	unlink(path);
	memset(src, 0x55, len);
	CHECK(write(fd, src, len) == (ssize_t)len, "read: write the file: %m");
	dst = map(len);
	for (round = 1; round <= 2; round++) {
		CHECK(pread(fd, dst, len, 0) == (ssize_t)len, "read %d: pread: %m", round);
		CHECK((at = not_all(dst, 0, len, 0x55)) < 0, "read %d: byte %ld not read", round, at);
		dontneed(dst, len, "read");
		CHECK((at = not_all(dst, 0, len, 0)) < 0, "read %d: byte %ld not zero", round, at);
	}
	close(fd);
	munmap(src, len);
	munmap(dst, len);
}

/* mremap that must move: another mapping sits right after the old one. */
static void moved(void)
{
	char *p = map(16 * KIB), *q;
	long at;

	memset(p, 0x66, 16 * KIB);
	q = mremap(p, 8 * KIB, 4 * MIB, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap: %m");
	if (q == MAP_FAILED)
		return;
	CHECK((at = not_all(q, 0, 8 * KIB, 0x66)) < 0, "mremap: byte %ld not moved", at);
	dontneed(q, 8 * KIB, "mremap");
	CHECK((at = not_all(q, 0, 8 * KIB, 0)) < 0, "mremap: byte %ld not zero", at);
	munmap(q, 4 * MIB);
	munmap(p + 8 * KIB, 8 * KIB);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: madv DIR\n");
		return 2;
	}
	user_stores();
	read_into(argv[1]);
	moved();
	if (!check_failures)
		printf("madv: all correct\n");
	return check_verdict("madv");
}
