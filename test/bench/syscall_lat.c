// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_lat: what one system call costs, each call timed alone by the
 * TSC, the same binary natively and under mcexec.
 *
 *   getpid  the null call (the LWK serves it locally);
 *   write   write(fd, "x", 1) to /dev/null, which the LWK offloads: on the
 *           LWK this is the round trip to mcexec on Linux plus the call.
 *
 * usage: syscall_lat -c getpid|write [-n N] [-d]
 * N calls (default 100000) are timed after 1000 untimed ones (warm caches
 * and, under the emulator, translated code). Prints, in ns,
 *   metric getpid_calls 100000 calls
 *   metric getpid_min 61 ns      (and _median, _p99, _max)
 * and with -d the distribution, nearest-rank, every 5 per-mille:
 *   dist getpid 0 61   ...   dist getpid 1000 18211
 * Exit status: 0 done, 1 failed or not sane (bench.h), 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"
#include "stats.h"
#include "tsc.h"

#define PROG		"syscall_lat"
#define WARMUP		1000
#define MAX_CALLS	100000000ull

enum call { GETPID, WRITE };

/* Calls that returned something else than they must, and the first such. */
static uint64_t wrong;
static long first_wrong;
static int first_errno;

/*
 * Makes WARMUP + @n calls, the last @n timed into @ticks. getpid goes
 * through syscall(): glibc versions that cached the pid would time nothing.
 */
static uint64_t run(enum call c, int fd, uint64_t n, uint64_t *ticks)
{
	long want = c == GETPID ? syscall(SYS_getpid) : 1;
	uint64_t i, t0, t1, backwards = 0;
	long r;

	for (i = 0; i < WARMUP + n; i++) {
		t0 = tsc_read();
		if (c == GETPID)
			r = syscall(SYS_getpid);
		else
			r = write(fd, "x", 1);
		t1 = tsc_read();
		if (r != want && !wrong++) {
			first_wrong = r;
			first_errno = errno;
		}
		if (t1 < t0)
			backwards++;
		if (i >= WARMUP)
			ticks[i - WARMUP] = t1 - t0;
	}
	return backwards;
}

static void report(const char *name, uint64_t *ns, uint64_t n, int dist,
		   uint64_t backwards)
{
	struct stats_summary s;
	unsigned int p;

	stats_summarize(ns, n, &s);
	bench_metric(name, "_calls", s.n, "calls");
	bench_summary(name, &s, n);
	if (dist)
		for (p = 0; p <= 1000; p += 5)
			printf("dist %s %u %" PRIu64 "\n", name, p,
			       stats_percentile(ns, n, p));
	if (wrong)
		bench_insane("%" PRIu64 " of %" PRIu64 " %s calls returned something else, first %ld (%s)",
			     wrong, n + WARMUP, name, first_wrong,
			     first_wrong < 0 ? strerror(first_errno) : "no error");
	if (backwards)
		bench_insane("the TSC went backwards %" PRIu64 " times (moved between CPUs?)",
			     backwards);
}

int main(int argc, char **argv)
{
	uint64_t n = 100000, i, backwards, *samples;
	const char *name = NULL;
	enum call c = GETPID;
	int opt, dist = 0, fd = -1;

	while ((opt = getopt(argc, argv, "c:n:d")) != -1) {
		switch (opt) {
		case 'c':
			name = optarg;
			break;
		case 'n':
			if (bench_number(optarg, MAX_CALLS, &n))
				goto usage;
			break;
		case 'd':
			dist = 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || !name)
		goto usage;
	if (!strcmp(name, "write"))
		c = WRITE;
	else if (strcmp(name, "getpid"))
		goto usage;

	samples = malloc(n * sizeof(*samples));
	if (!samples) {
		fprintf(stderr, PROG ": no memory for %" PRIu64 " samples\n", n);
		return 1;
	}
	/* Fault the samples in now, not between two timed calls. */
	memset(samples, 0, n * sizeof(*samples));
	if (c == WRITE) {
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0) {
			fprintf(stderr, PROG ": cannot open /dev/null: %s\n",
				strerror(errno));
			return 1;
		}
	}
	if (tsc_calibrate(PROG))
		return 1;

	backwards = run(c, fd, n, samples);
	for (i = 0; i < n; i++)
		samples[i] = tsc_to_ns(samples[i]);
	report(name, samples, n, dist, backwards);
	if (fd >= 0)
		close(fd);
	free(samples);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " -c getpid|write [-n N (1..%llu, default 100000)] [-d]\n",
		MAX_CALLS);
	return 2;
}
