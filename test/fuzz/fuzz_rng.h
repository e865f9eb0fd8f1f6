/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzers' random numbers: one 64-bit seed decides every choice, so a
 * run (or the first N calls of it) replays exactly from its seed. Small
 * and self-contained (splitmix64) so the same stream comes out of glibc
 * and musl builds alike.
 */
#ifndef FUZZ_RNG_H
#define FUZZ_RNG_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

struct fuzz_rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct fuzz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (the bias of the modulo does not matter here). */
static inline uint64_t rng_below(struct fuzz_rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* True with probability pct percent. */
static inline int rng_pct(struct fuzz_rng *r, unsigned int pct)
{
	return rng_below(r, 100) < pct;
}

/* Values at the edges of every integer type, where checks go wrong. */
static const uint64_t fuzz_boundary[] = {
	0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512,
	1023, 1024, 4095, 4096, 4097, 65535, 65536, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x100000000ULL,
	0x1ffffffffULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xfffffffffffff000ULL,
	(uint64_t)-4096, (uint64_t)-2, (uint64_t)-100, 0x200000, 0x1fffff,
	0x40000000, 0x3fffffff,
};

static inline uint64_t rng_boundary(struct fuzz_rng *r)
{
	uint64_t v = fuzz_boundary[rng_below(r, sizeof(fuzz_boundary) /
					    sizeof(fuzz_boundary[0]))];

	/* Sometimes one off, either way. */
	switch (rng_below(r, 6)) {
	case 0: return v + 1;
	case 1: return v - 1;
	default: return v;
	}
}

/* A number of random width: small ones often, full 64-bit ones sometimes. */
static inline uint64_t rng_int(struct fuzz_rng *r)
{
	switch (rng_below(r, 5)) {
	case 0: return rng_below(r, 16);
	case 1: return rng_below(r, 4096);
	case 2: return rng_boundary(r);
	case 3: return (uint32_t)rng_next(r);
	default: return rng_next(r);
	}
}

/* Pointers no user may pass: where a missing check shows. */
static const uint64_t fuzz_wild_ptr[] = {
	0, 1, 8, 0xfff, 0x1000, 0xffff,
	0x0000800000000000ULL,		/* first non-canonical address */
	0x00007ffffffff000ULL,		/* last user page */
	0x00007fffffffffffULL,
	0x0000400000000000ULL,		/* IHK_MC_USER_END */
	0x00003ffffffffff8ULL,		/* just below it */
	0xffff800000000000ULL,		/* kernel half */
	0xffff888000000000ULL,		/* Linux's direct map */
	0xffffffff81000000ULL,		/* Linux's text */
	0xffffffffff600000ULL,		/* vsyscall page */
	0xdead000000000000ULL,
	0xfffffffffffffff0ULL,
};

static inline uint64_t rng_wild_ptr(struct fuzz_rng *r)
{
	if (rng_pct(r, 20))
		return rng_next(r) & 0x00007fffffffffffULL;	/* a random user address */
	return fuzz_wild_ptr[rng_below(r, sizeof(fuzz_wild_ptr) / sizeof(fuzz_wild_ptr[0]))];
}

/* A whole-number option (-s SEED, -n CALLS): 0, or -1 if @arg is not one. */
static inline int fuzz_u64_arg(const char *arg, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 0);
	return errno || *end || !*arg || *arg == '-' ? -1 : 0;
}

#endif /* FUZZ_RNG_H */
