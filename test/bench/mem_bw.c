// SPDX-License-Identifier: GPL-2.0
/*
 * mem_bw: anonymous memory the way a program gets it: mmap, a first write
 * to every page, munmap, each timed by the TSC. The same binary runs
 * natively and under mcexec.
 *
 *   default  no advice: on the LWK, 2 MiB pages populated at mmap time;
 *   4k       madvise(MADV_NOHUGEPAGE): Linux with 4 KiB pages;
 *   thp      madvise(MADV_HUGEPAGE): Linux with transparent huge pages.
 *
 * usage: mem_bw -s SIZE -m default|4k|thp [-r REPS]
 * SIZE in whole MiB (256M, 1G); REPS (default 3) times over. Prints, with
 * NAME = mem_<MiB>m_<mode>, medians over the reps:
 *   metric NAME_gbps 1.234 GB/s      SIZE / (mmap + touch + munmap)
 *   metric NAME_mmap_ms 0.012 ms     (and _touch_ms, _munmap_ms)
 *   metric NAME_reps 3 reps
 * and for 4k and thp, what Linux really gave, read before the last munmap:
 *   metric NAME_huge_kb 1048576 kB   AnonHugePages of /proc/self/smaps_rollup
 * (not for default: under mcexec that file would describe mcexec).
 * Exit status: 0 done, 1 failed or not sane (bench.h), 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"
#include "size.h"
#include "stats.h"
#include "tsc.h"

#define PROG		"mem_bw"
#define PAGE		4096ul
#define MIB		(1ul << 20)
#define MAX_REPS	1000

enum mode { DEFAULT, SMALL, THP };
static const char *const mode_names[] = { "default", "4k", "thp" };

/* One rep's three phases, in ns. */
struct rep {
	uint64_t mmap, touch, munmap;
};

/*
 * The byte for the page at @off: never zero, so reading it back proves the
 * write (fresh pages are zero), and cheap beside a page fault.
 */
static unsigned char page_mark(size_t off)
{
	return (unsigned char)(off / PAGE) | 1;
}

/* AnonHugePages of this process in kB, or -1 after a line on stderr. */
static int64_t huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[128];
	long long kb;

	if (!f) {
		fprintf(stderr, PROG ": cannot open /proc/self/smaps_rollup: %s\n",
			strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "AnonHugePages: %lld kB", &kb) == 1) {
			fclose(f);
			return kb;
		}
	}
	fclose(f);
	fprintf(stderr, PROG ": no AnonHugePages line in /proc/self/smaps_rollup\n");
	return -1;
}

/*
 * Maps, touches and unmaps @size bytes once, into @r. The pages are read
 * back between touch and munmap, untimed: a page that lost its byte is a
 * broken kernel. tsc_read()'s memory clobber keeps every write inside the
 * timed window and makes the read-back real loads, not values the
 * compiler remembers. *@huge (when not NULL) gets the process's huge-page
 * total at that point.
 * Returns the number of pages that read back wrong, or -1 on failure.
 */
static int64_t one_rep(size_t size, enum mode m, struct rep *r, int64_t *huge)
{
	unsigned char *p;
	uint64_t t0, t1, t2, t3;
	int64_t bad = 0;
	size_t off;
	int ret = 0;

	t0 = tsc_read();
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, PROG ": cannot mmap %zu MiB: %s\n", size / MIB,
			strerror(errno));
		return -1;
	}
	if (m == SMALL)
		ret = madvise(p, size, MADV_NOHUGEPAGE);
	else if (m == THP)
		ret = madvise(p, size, MADV_HUGEPAGE);
	t1 = tsc_read();
	if (ret) {
		fprintf(stderr, PROG ": madvise(%s) failed: %s\n",
			m == THP ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE",
			strerror(errno));
		return -1;
	}
	for (off = 0; off < size; off += PAGE)
		p[off] = page_mark(off);
	t2 = tsc_read();

	for (off = 0; off < size; off += PAGE)
		bad += p[off] != page_mark(off);
	if (huge) {
		*huge = huge_kb();
		if (*huge < 0)
			return -1;
	}

	t3 = tsc_read();
	if (munmap(p, size)) {
		fprintf(stderr, PROG ": cannot munmap %zu MiB: %s\n",
			size / MIB, strerror(errno));
		return -1;
	}
	r->munmap = tsc_to_ns(tsc_read() - t3);
	r->mmap = tsc_to_ns(t1 - t0);
	r->touch = tsc_to_ns(t2 - t1);
	return bad;
}

/* The median of @n values, which it sorts. */
static uint64_t median(uint64_t *v, size_t n)
{
	stats_sort(v, n);
	return stats_percentile(v, n, 500);
}

static void report(const char *name, size_t size, struct rep *reps,
		   uint64_t n, enum mode m, int64_t huge)
{
	uint64_t mmap_ns[MAX_REPS], touch_ns[MAX_REPS], munmap_ns[MAX_REPS];
	uint64_t total_ns[MAX_REPS], i, total;

	for (i = 0; i < n; i++) {
		mmap_ns[i] = reps[i].mmap;
		touch_ns[i] = reps[i].touch;
		munmap_ns[i] = reps[i].munmap;
		total_ns[i] = reps[i].mmap + reps[i].touch + reps[i].munmap;
	}
	total = median(total_ns, n);
	/* Bytes per ns are 1e9 bytes per second. */
	bench_metric_fixed(name, "_gbps", total ? (double)size / total : 0,
			   "GB/s");
	bench_metric_fixed(name, "_mmap_ms", median(mmap_ns, n) / 1e6, "ms");
	bench_metric_fixed(name, "_touch_ms", median(touch_ns, n) / 1e6, "ms");
	bench_metric_fixed(name, "_munmap_ms", median(munmap_ns, n) / 1e6,
			   "ms");
	bench_metric(name, "_reps", n, "reps");
	if (m != DEFAULT)
		bench_metric(name, "_huge_kb", huge, "kB");

	/* Sorted: element 0 is each phase's fastest rep. */
	if (!mmap_ns[0] || !touch_ns[0] || !munmap_ns[0])
		bench_insane("a phase that took 0 ns (mmap %" PRIu64 ", touch %"
			     PRIu64 ", munmap %" PRIu64 ")", mmap_ns[0],
			     touch_ns[0], munmap_ns[0]);
	if (m == THP && huge == 0)
		bench_insane("thp mode got no huge pages (AnonHugePages 0 kB)");
	if (m == SMALL && huge > 0)
		bench_insane("4k mode got %" PRId64 " kB of huge pages", huge);
}

int main(int argc, char **argv)
{
	struct rep reps[MAX_REPS];
	const char *mode_arg = NULL, *size_arg = NULL;
	uint64_t size = 0, n = 3, i;
	struct size_error err;
	int64_t bad, huge = 0;
	enum mode m = DEFAULT;
	char name[64];
	int opt;

	while ((opt = getopt(argc, argv, "s:m:r:")) != -1) {
		switch (opt) {
		case 's':
			size_arg = optarg;
			break;
		case 'm':
			mode_arg = optarg;
			break;
		case 'r':
			if (bench_number(optarg, MAX_REPS, &n))
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || !size_arg || !mode_arg)
		goto usage;
	if (size_parse(size_arg, &size, &err)) {
		fprintf(stderr, PROG ": bad size '%s': %s\n", size_arg,
			err.reason);
		return 2;
	}
	if (size % MIB || size > SIZE_MAX / 2) {
		fprintf(stderr, PROG ": bad size '%s': not a whole number of MiB\n",
			size_arg);
		return 2;
	}
	while (m <= THP && strcmp(mode_arg, mode_names[m]))
		m++;
	if (m > THP)
		goto usage;
	snprintf(name, sizeof(name), "mem_%" PRIu64 "m_%s", size / MIB,
		 mode_names[m]);

	if (tsc_calibrate(PROG))
		return 1;
	for (i = 0; i < n; i++) {
		bad = one_rep(size, m, &reps[i],
			      m != DEFAULT && i == n - 1 ? &huge : NULL);
		if (bad < 0)
			return 1;
		if (bad)
			bench_insane("rep %" PRIu64 ": %" PRId64 " pages did not keep the byte written",
				     i + 1, bad);
	}
	report(name, size, reps, n, m, huge);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " -s SIZE (whole MiB: 256M, 1G) -m default|4k|thp [-r REPS (1..%d, default 3)]\n",
		MAX_REPS);
	return 2;
}
