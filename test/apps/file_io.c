// SPDX-License-Identifier: GPL-2.0
/*
 * File I/O in directory DIR (argument): creates DIR/file_io.dat, writes
 * 8 MiB of a position-dependent pattern in uneven chunks, reads it back
 * (whole, and with pread at odd offsets) and compares, checks the size
 * with fstat and stat, lseek, pwrite in the middle, unlinks the file and
 * checks it is gone. Prints one line per step; "FAIL: ..." and exit 1 on
 * a mismatch.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define SIZE	(8 << 20)

static unsigned char pattern_at(size_t pos)
{
	return (unsigned char)((pos * 2654435761u) >> 13);
}

static size_t first_difference(const unsigned char *p, size_t start, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pattern_at(start + i))
			return i;
	return n;
}

static int write_chunks(int fd, const unsigned char *data)
{
	static const size_t chunks[] = { 1, 4095, 4097, 65536, 1 << 20, 333333 };
	size_t pos = 0, i = 0;

	while (pos < SIZE) {
		size_t n = chunks[i++ % 6];
		ssize_t w;

		if (n > SIZE - pos)
			n = SIZE - pos;
		w = write(fd, data + pos, n);
		if (w <= 0) {
			CHECK(0, "write at %zu: %s", pos, w < 0 ? strerror(errno) : "wrote 0");
			return -1;
		}
		pos += (size_t)w;
	}
	return 0;
}

static int read_all(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);

		if (r <= 0) {
			CHECK(0, "read at %zu: %s", got, r < 0 ? strerror(errno) : "early EOF");
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *data, *back, small[4096];
	char path[PATH_MAX];
	struct stat st;
	size_t i, d;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: file_io DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/file_io.dat", argv[1]);
	data = malloc(SIZE);
	back = malloc(SIZE);
	if (!data || !back) {
		printf("FAIL: malloc\n");
		return 1;
	}
	for (i = 0; i < SIZE; i++)
		data[i] = pattern_at(i);

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create %s: %s", path, strerror(errno));
	if (fd < 0)
		return 1;
	if (write_chunks(fd, data) || fsync(fd) || close(fd))
		return 1;
	printf("wrote 8 MiB\n");

	CHECK(stat(path, &st) == 0 && st.st_size == SIZE && S_ISREG(st.st_mode),
	      "stat size %lld, expected %d", (long long)st.st_size, SIZE);
	fd = open(path, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	if (fd < 0)
		return 1;
	CHECK(fstat(fd, &st) == 0 && st.st_size == SIZE, "fstat size %lld",
	      (long long)st.st_size);
	if (read_all(fd, back, SIZE))
		return 1;
	d = first_difference(back, 0, SIZE);
	CHECK(d == SIZE, "read back differs at byte %zu", d);
	CHECK(read(fd, small, 1) == 0, "no EOF after 8 MiB");
	printf("read back 8 MiB, same\n");

	/* pread at odd offsets, then lseek + read. */
	for (i = 0; i < 64; i++) {
		size_t off = (i * 131071) % (SIZE - sizeof(small));

		CHECK(pread(fd, small, sizeof(small), (off_t)off) == sizeof(small) &&
		      first_difference(small, off, sizeof(small)) == sizeof(small),
		      "pread at %zu", off);
	}
	CHECK(lseek(fd, 12345, SEEK_SET) == 12345 && read(fd, small, 100) == 100 &&
	      first_difference(small, 12345, 100) == 100, "lseek + read at 12345");
	CHECK(lseek(fd, 0, SEEK_END) == SIZE, "lseek SEEK_END");

	/* pwrite in the middle changes just those bytes. */
	memset(small, 0xa5, sizeof(small));
	CHECK(pwrite(fd, small, 10, 4 << 20) == 10, "pwrite: %s", strerror(errno));
	CHECK(pread(fd, back, 12, (4 << 20) - 1) == 12 && back[0] == pattern_at((4 << 20) - 1) &&
	      back[1] == 0xa5 && back[10] == 0xa5 && back[11] == pattern_at((4 << 20) + 10),
	      "pwrite changed other bytes or not these");
	CHECK(close(fd) == 0, "close: %s", strerror(errno));
	printf("pread, lseek, pwrite fine\n");

	CHECK(unlink(path) == 0, "unlink: %s", strerror(errno));
	errno = 0;
	CHECK(stat(path, &st) == -1 && errno == ENOENT, "still there after unlink (%s)",
	      strerror(errno));
	errno = 0;
	CHECK(open(path, O_RDONLY) == -1 && errno == ENOENT, "open after unlink: %s",
	      strerror(errno));
	CHECK(access(path, F_OK) == -1, "access after unlink succeeds");
	printf("unlinked, gone\n");
	free(data);
	free(back);
	return check_status();
}
