// SPDX-License-Identifier: GPL-2.0
/*
 * mirror_prot: an offloaded call obeys the page rights the program set,
 * as Linux does. Under mcexec, read() into a buffer is done by mcexec
 * through its mirror, so the mirror must refuse to write where the
 * program's memory is read-only (never written through the mirror, or
 * written before an mprotect took the right away) and refuse access after
 * PROT_NONE, and give the right back after mprotect restores it. Prints
 * one line per step; the guest test compares it with a native run.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define PG	4096

static int pfd[2];

/* read() of @n bytes from the pipe (filled first) into @dst. */
static void read_into(const char *what, char *dst, size_t n)
{
	static char fill[PG];
	long r;

	memset(fill, 'r', n);
	CHECK(write(pfd[1], fill, n) == (long)n, "%s: filling the pipe", what);
	r = read(pfd[0], dst, n);
	printf("%s: read into it: %s\n", what, r < 0 ? strerror(errno) : "ok");
	if (r < 0) {		/* drain what the failed read left */
		while (read(pfd[0], fill, n) < 0 && errno == EINTR)
			;
	}
}

/* write() of @n bytes at @src into the pipe. */
static void write_from(const char *what, const char *src, size_t n)
{
	static char sink[PG];
	long r = write(pfd[1], src, n);

	printf("%s: write from it: %s\n", what, r < 0 ? strerror(errno) : "ok");
	if (r > 0)
		CHECK(read(pfd[0], sink, r) == r, "%s: draining the pipe", what);
}

int main(void)
{
	char *b;

	CHECK(pipe(pfd) == 0, "pipe");
	b = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(b != MAP_FAILED, "mmap");
	if (check_failures)
		return check_status();
	memset(b, 'x', 4 * PG);

	/* Written through the mirror, then made read-only. */
	read_into("page 0 writable", b, 64);
	CHECK(mprotect(b, PG, PROT_READ) == 0, "mprotect page 0 read-only");
	read_into("page 0 after PROT_READ", b, 64);
	write_from("page 0 after PROT_READ", b, 64);

	/* Never written through the mirror: read-only from the start. */
	CHECK(mprotect(b + PG, PG, PROT_READ) == 0, "mprotect page 1 read-only");
	read_into("page 1 read-only", b + PG, 64);
	write_from("page 1 read-only", b + PG, 64);

	/* Read through the mirror, then PROT_NONE. */
	write_from("page 2 readable", b + 2 * PG, 64);
	CHECK(mprotect(b + 2 * PG, PG, PROT_NONE) == 0, "mprotect page 2 none");
	write_from("page 2 after PROT_NONE", b + 2 * PG, 64);
	read_into("page 2 after PROT_NONE", b + 2 * PG, 64);

	/* Rights back: writable again, through the mirror too. */
	CHECK(mprotect(b, 3 * PG, PROT_READ | PROT_WRITE) == 0, "mprotect back");
	read_into("page 0 writable again", b, 64);
	read_into("page 1 writable again", b + PG, 64);
	read_into("page 2 writable again", b + 2 * PG, 64);
	printf("page 0 holds '%c', page 1 '%c', page 2 '%c'\n", b[0], b[PG], b[2 * PG]);

	/* A buffer that straddles a writable and a read-only page. */
	CHECK(mprotect(b + 3 * PG, PG, PROT_READ) == 0, "mprotect page 3 read-only");
	read_into("pages 2-3 straddled", b + 3 * PG - 32, 64);
	printf("page 2 tail holds '%c'\n", b[3 * PG - 1]);
	return check_status();
}
