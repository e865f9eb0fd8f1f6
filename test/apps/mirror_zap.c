// SPDX-License-Identifier: GPL-2.0
/*
 * mirror_zap: after munmap, an offloaded call must see the memory mapped
 * at that address now, not the pages that were there before. Under mcexec
 * the offloaded write() reads the buffer through mcexec's mirror; if the
 * mirror kept its old mapping (no zap before the LWK reused the pages), the
 * pipe would carry the old or reused pages' bytes instead of 'B'.
 *
 *   1. p: fill 'A', send parts through a pipe (the mirror maps them)
 *   2. munmap(p): its pages go back to the LWK
 *   3. c elsewhere, fill 'C' (likely on p's old pages)
 *   4. q MAP_FIXED at p's address, fill 'B'
 *   5. write(pipe, q) and read it back: must be all 'B'
 * Natively the same holds trivially: the reference run.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define LEN	(4u << 20)	/* two 2 MiB pages when aligned */
#define CHUNK	4096u
#define STEP	(LEN / 8)

static int pfd[2];

/*
 * Send CHUNK bytes at @buf through the pipe (write reads them, under
 * mcexec through the mirror) and check they come back as @want.
 */
static void through_pipe(const char *buf, char want, int round, const char *what)
{
	static char back[CHUNK];
	size_t i;

	CHECK(write(pfd[1], buf, CHUNK) == CHUNK, "round %d: write %s", round, what);
	CHECK(read(pfd[0], back, CHUNK) == CHUNK, "round %d: read %s", round, what);
	for (i = 0; i < CHUNK && back[i] == want; i++)
		;
	CHECK(i == CHUNK, "round %d: %s byte %zu is '%c', not '%c'", round, what,
	      i, back[i], want);
}

static int round_trip(int rounds)
{
	size_t off;
	int r;

	CHECK(pipe(pfd) == 0, "pipe");
	if (check_failures)
		return check_status();
	for (r = 0; r < rounds; r++) {
		char *p, *c, *q;

		p = mmap(NULL, LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(p != MAP_FAILED, "round %d: mmap p", r);
		if (p == MAP_FAILED)
			break;
		memset(p, 'A', LEN);
		for (off = 0; off < LEN; off += STEP)
			through_pipe(p + off, 'A', r, "p");
		CHECK(munmap(p, LEN) == 0, "round %d: munmap p", r);

		c = mmap(p + 2 * LEN, LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		CHECK(c != MAP_FAILED, "round %d: mmap c", r);
		if (c != MAP_FAILED)
			memset(c, 'C', LEN);

		q = mmap(p, LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		CHECK(q == p, "round %d: MAP_FIXED at p", r);
		if (q != p)
			break;
		memset(q, 'B', LEN);
		for (off = 0; off < LEN; off += STEP)
			through_pipe(q + off, 'B', r, "q");
		munmap(q, LEN);
		if (c != MAP_FAILED)
			munmap(c, LEN);
	}
	close(pfd[0]);
	close(pfd[1]);
	if (!check_failures)
		printf("mirror after munmap, %d rounds: all correct\n", rounds);
	return check_status();
}

int main(void)
{
	return round_trip(8);
}
