// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous memory, three ways:
 *   mem touch MIB   mmap MIB MiB, write a per-page pattern into every page,
 *                   check all of it, munmap
 *   mem mmap N      N rounds of mmap / fill / mprotect / check / munmap over
 *                   sizes from 4 KiB to 6 MiB, 2 MiB-aligned ones included,
 *                   plus partial munmap, mprotect splits and mremap
 *   mem brk MIB     grow the break in uneven steps up to MIB MiB, data in
 *                   every step kept, shrink and grow again (fresh memory is
 *                   zero), then back to where it was
 *   mem populate MIB [ROUNDS]  ROUNDS times (default 1): one mmap of MIB
 *                   MiB (on the LWK: populated and zeroed inside that one
 *                   syscall), a word checked and written every 2 MiB,
 *                   munmap: the long local syscalls, with little user-mode
 *                   work around them
 *   mem hold MIB    mmap MIB MiB, write every page, print "holding MIB MiB"
 *                   and sleep until killed: what the memory came from can
 *                   be looked at meanwhile (NUMA placement)
 * Prints one summary line; "FAIL: ..." lines and exit 1 on a mismatch.
 * The brk part uses the raw syscall: musl's sbrk() only reports the break.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define PAGE	4096UL
#define MIB	(1UL << 20)
#define HUGE	(2UL << 20)

static uint64_t word_at(uintptr_t addr, uint64_t seed)
{
	return (addr * 0x9e3779b97f4a7c15ULL) ^ seed;
}

/* One word per 512 bytes: every page and every cache line half gets written. */
static void fill(void *p, size_t len, uint64_t seed)
{
	uintptr_t a;

	for (a = (uintptr_t)p; a < (uintptr_t)p + len; a += 512)
		*(volatile uint64_t *)a = word_at(a, seed);
}

static int same(const void *p, size_t len, uint64_t seed)
{
	uintptr_t a;

	for (a = (uintptr_t)p; a < (uintptr_t)p + len; a += 512)
		if (*(volatile uint64_t *)a != word_at(a, seed))
			return 0;
	return 1;
}

static int zero(const void *p, size_t len)
{
	const volatile uint64_t *w = p;
	size_t i;

	for (i = 0; i < len / 8; i += 64)
		if (w[i])
			return 0;
	return 1;
}

static int touch(unsigned long mib)
{
	size_t len = mib * MIB, i;
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap %lu MiB: %s", mib, strerror(errno));
	if (p == MAP_FAILED)
		return 1;
	CHECK(zero(p, len), "fresh anonymous memory is not zero");
	/* Every byte of every page, then check every byte. */
	for (i = 0; i < len; i += PAGE)
		memset(p + i, (int)((i / PAGE) * 7 + 1), PAGE);
	for (i = 0; i < len; i++) {
		if (p[i] != (unsigned char)((i / PAGE) * 7 + 1)) {
			CHECK(0, "byte %zu of %lu MiB reads %u", i, mib, p[i]);
			break;
		}
	}
	CHECK(munmap(p, len) == 0, "munmap %lu MiB", mib);
	printf("touched %lu MiB: %s\n", mib, check_failures ? "mismatch" : "all correct");
	return check_status();
}

static int populate_once(unsigned long mib)
{
	size_t len = mib * MIB, i;
	volatile uint64_t *w;
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap %lu MiB: %s", mib, strerror(errno));
	if (p == MAP_FAILED)
		return 1;
	for (i = 0; i < len; i += HUGE) {
		w = (volatile uint64_t *)(p + i);
		if (*w || w[PAGE / 8 - 1]) {
			CHECK(0, "fresh memory at +%zu MiB is not zero", i / MIB);
			break;
		}
		*w = i;
	}
	for (i = 0; i < len; i += HUGE) {
		if (*(volatile uint64_t *)(p + i) != i) {
			CHECK(0, "word at +%zu MiB lost", i / MIB);
			break;
		}
	}
	CHECK(munmap(p, len) == 0, "munmap %lu MiB", mib);
	return check_status();
}

static int populate(unsigned long mib, unsigned long rounds)
{
	while (rounds-- && !populate_once(mib))
		;
	printf("populated %lu MiB: %s\n", mib, check_failures ? "mismatch" : "all correct");
	return check_status();
}

/* A mapping of len bytes whose start is a multiple of 2 MiB. */
static void *map_aligned(size_t len)
{
	uintptr_t raw, start;
	void *p;

	p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return p;
	raw = (uintptr_t)p;
	start = (raw + HUGE - 1) & ~(HUGE - 1);
	if (start > raw)
		munmap(p, start - raw);
	munmap((void *)(start + len), raw + len + HUGE - (start + len));
	return (void *)start;
}

static void one_cycle(size_t len, int aligned, uint64_t seed)
{
	unsigned char *p;

	p = aligned ? map_aligned(len) :
		mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap %zu bytes%s: %s", len, aligned ? " (2 MiB aligned)" : "",
	      strerror(errno));
	if (p == MAP_FAILED)
		return;
	CHECK(!aligned || ((uintptr_t)p & (HUGE - 1)) == 0, "not 2 MiB aligned");
	CHECK(zero(p, len), "fresh mapping of %zu bytes not zero", len);
	fill(p, len, seed);
	CHECK(mprotect(p, len, PROT_READ) == 0, "mprotect read-only %zu", len);
	CHECK(same(p, len, seed), "data lost by mprotect(PROT_READ), %zu bytes", len);
	CHECK(mprotect(p, len, PROT_READ | PROT_WRITE) == 0, "mprotect read-write %zu", len);
	fill(p, len, ~seed);
	CHECK(same(p, len, ~seed), "rewrite of %zu bytes", len);
	CHECK(munmap(p, len) == 0, "munmap %zu", len);
}

/* Holes, split protections and resizes inside one mapping. */
static void partial_cycle(uint64_t seed)
{
	size_t len = 3 * HUGE;
	unsigned char *p = map_aligned(len), *q;

	CHECK(p != MAP_FAILED, "mmap 6 MiB aligned: %s", strerror(errno));
	if (p == MAP_FAILED)
		return;
	fill(p, len, seed);
	/* Unmap the middle 2 MiB, protect a page-sized piece of the first. */
	CHECK(munmap(p + HUGE, HUGE) == 0, "munmap the middle 2 MiB");
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ) == 0, "mprotect one page");
	CHECK(same(p, HUGE, seed) && same(p + 2 * HUGE, HUGE, seed),
	      "data around a hole changed");
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect back");
	/* Fill the hole again with MAP_FIXED: fresh zero memory. */
	q = mmap(p + HUGE, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	CHECK(q == p + HUGE && zero(q, HUGE), "MAP_FIXED into the hole");
	/* Grow the last 2 MiB by mremap; the data moves along. */
	q = mremap(p + 2 * HUGE, HUGE, 2 * HUGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && same(q, HUGE, seed) && zero(q + HUGE, HUGE),
	      "mremap grow kept the data");
	if (q != MAP_FAILED)
		CHECK(munmap(q, 2 * HUGE) == 0, "munmap the remapped part");
	CHECK(munmap(p, 2 * HUGE) == 0, "munmap the rest");
}

static int cycles(unsigned long rounds)
{
	static const size_t sizes[] = {
		PAGE, 3 * PAGE, 64 * 1024, MIB + PAGE, HUGE, HUGE + PAGE, 3 * HUGE,
	};
	unsigned long r;
	size_t i;

	for (r = 0; r < rounds && check_failures < 10; r++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			one_cycle(sizes[i], i >= 4 && (r & 1), r * 31 + i);
		if (r % 8 == 0)
			partial_cycle(r);
	}
	printf("mmap cycles %lu: %s\n", rounds, check_failures ? "mismatch" : "all correct");
	return check_status();
}

static uintptr_t set_brk(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

static int brk_steps(unsigned long mib)
{
	static const size_t steps[] = { PAGE, 100 * 1024, MIB, 3 * MIB + PAGE, 7 * PAGE };
	uintptr_t start = set_brk(0), cur = start, want, got;
	size_t i = 0;

	CHECK(start != 0 && start != (uintptr_t)-1, "brk(0) gives %#lx", (unsigned long)start);
	while (cur - start < mib * MIB) {
		want = cur + steps[i++ % 5];
		CHECK(set_brk(want) == want, "brk to +%lu", (unsigned long)(want - start));
		if (check_failures)
			break;
		/* The new part (from the next page on) is zero; write it. */
		CHECK(zero((void *)((cur + PAGE - 1) & ~(PAGE - 1)),
			   (want & ~(PAGE - 1)) - ((cur + PAGE - 1) & ~(PAGE - 1))),
		      "new break memory not zero");
		memset((void *)cur, (int)(i & 0xff), want - cur);
		cur = want;
	}
	/* Every step's bytes are still there. */
	for (i = 0, want = start; want < cur; i++) {
		size_t n = steps[i % 5] < cur - want ? steps[i % 5] : cur - want;
		const unsigned char *p = (const unsigned char *)want;
		size_t j;

		for (j = 0; j < n; j += 97)
			if (p[j] != ((i + 1) & 0xff))
				break;
		CHECK(j >= n, "brk step %zu lost its data", i);
		want += n;
	}
	/* Shrink by half (page aligned), grow back: that part is fresh. */
	want = start + (((cur - start) / 2) & ~(PAGE - 1));
	got = set_brk(want);
	CHECK(got == want, "brk shrink to +%lu gave +%ld", (unsigned long)(want - start),
	      (long)(got - start));
	got = set_brk(cur);
	CHECK(got == cur, "brk regrow from +%lu to +%lu gave +%ld", (unsigned long)(want - start),
	      (unsigned long)(cur - start), (long)(got - start));
	if (got == cur)
		CHECK(zero((void *)want, (cur & ~(PAGE - 1)) - want),
		      "regrown break memory not zero");
	CHECK(set_brk(start) == start, "brk back to the start");
	printf("brk to %lu MiB: %s\n", mib, check_failures ? "mismatch" : "all correct");
	return check_status();
}

static int hold(unsigned long mib)
{
	size_t len = mib * MIB, i;
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap %lu MiB: %s", mib, strerror(errno));
	if (p == MAP_FAILED)
		return 1;
	for (i = 0; i < len; i += PAGE)
		p[i] = 1;
	printf("holding %lu MiB\n", mib);
	fflush(stdout);
	for (;;)
		sleep(1);
}

int main(int argc, char **argv)
{
	static char out[4096];
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;

	/* A static stdout buffer: no malloc (which may move the break) from printf. */
	setvbuf(stdout, out, _IOLBF, sizeof(out));

	if (argc == 3 && !strcmp(argv[1], "touch"))
		return touch(n);
	if (argc == 3 && !strcmp(argv[1], "mmap"))
		return cycles(n);
	if (argc == 3 && !strcmp(argv[1], "brk"))
		return brk_steps(n);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "populate"))
		return populate(n, argc == 4 ? strtoul(argv[3], NULL, 0) : 1);
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return hold(n);
	fprintf(stderr, "usage: mem touch MIB | mmap ROUNDS | brk MIB | populate MIB [ROUNDS] | hold MIB\n");
	return 2;
}
