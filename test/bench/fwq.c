// SPDX-License-Identifier: GPL-2.0
/*
 * fwq: operating-system noise seen by a fixed work quantum (FWQ). A loop
 * of register-only work, sized so that one quantum takes about
 * QUANTUM_NS at its fastest, runs back to back for SECONDS; every quantum
 * that took longer than the fastest was interrupted by something (a
 * timer tick, an IPI, a daemon, the emulator). The same binary runs
 * natively (pinned by taskset) and under mcexec.
 *
 * usage: fwq -t SECONDS [-q QUANTUM_NS] [-T]
 * QUANTUM_NS defaults to 200000. Prints, overheads over the fastest:
 *   metric fwq_quanta 9876 quanta
 *   metric fwq_work 412345 iterations    (of the loop, one quantum)
 *   metric fwq_quantum_ns 199871 ns      (the fastest)
 *   metric fwq_mean_overhead_ns 312 ns   (and _p999_, _max_overhead_ns)
 *   metric fwq_duration_ns 2000101234 ns
 * and with -T each quantum's overhead, in order: trace fwq I NS.
 * Exit status: 0 done, 1 failed or not sane (bench.h), 2 bad usage.
 * A run whose fastest quantum is off by more than 2x is calibrated and run
 * again, up to ATTEMPTS runs, each retry said in a line "note run N: ...".
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "stats.h"
#include "tsc.h"

#define PROG		"fwq"
#define MAX_SECONDS	86400
#define MIN_QUANTUM_NS	1000
#define MAX_QUANTUM_NS	1000000000ull
#define CAL_TRIES	20	/* quanta timed per calibration step, at least */
#define CAL_NS		100000000ull	/* and how long the last steps last */
#define WARM_NS		200000000ull
/*
 * Runs at most, while the fastest quantum is off by more than 2x: under
 * an emulator on a shared host the CPU's speed can change for seconds,
 * between the calibration and the run. The last run is reported, sane or
 * not.
 */
#define ATTEMPTS	3

/*
 * The work: @iters turns of a loop that touches only a register. The
 * empty asm makes the counter opaque, so the compiler can neither drop
 * the loop nor fold it into one addition. Never inlined: calibration and
 * run must time the very same instructions.
 */
static __attribute__((noinline)) void work(uint64_t iters)
{
	uint64_t i;

	for (i = 0; i < iters; i++)
		asm volatile("" : "+r"(i));
}

/*
 * Busy for WARM_NS first: a CPU that just slept (in tsc_calibrate's
 * nanosleep) may still run at a low clock, and a quantum sized then
 * would be twice too long once the clock is up.
 */
static void warm_up(void)
{
	uint64_t t0 = tsc_read(), warm = tsc_from_ns(WARM_NS);

	while (tsc_read() - t0 < warm)
		work(10000);
}

/*
 * The fastest of at least CAL_TRIES runs of @iters, and of as many as fit
 * in @min_ns: on a shared host the CPU can run slow for milliseconds.
 */
static uint64_t fastest(uint64_t iters, uint64_t min_ns)
{
	uint64_t t0, t, start = tsc_read(), best = UINT64_MAX;
	uint64_t min_ticks = tsc_from_ns(min_ns);
	int i;

	for (i = 0; i < CAL_TRIES || tsc_read() - start < min_ticks; i++) {
		t0 = tsc_read();
		work(iters);
		t = tsc_read() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

/*
 * Iterations for one quantum of @quantum_ns at its fastest. Doubles until
 * a run is long enough to measure (a quarter quantum), then scales by the
 * ratio, twice, from longer measurements.
 */
static uint64_t calibrate(uint64_t quantum_ns)
{
	uint64_t want = tsc_from_ns(quantum_ns), iters = 1000, t;
	int pass;

	warm_up();
	while ((t = fastest(iters, 0)) < want / 4)
		iters *= 2;
	for (pass = 0; pass < 2; pass++) {
		iters = (uint64_t)((double)iters * want / t + 0.5);
		if (!iters)
			iters = 1;
		t = fastest(iters, CAL_NS);
	}
	return iters;
}

/*
 * Runs quanta of @iters back to back into @ticks (room for @cap) until
 * @duration ticks have passed. No system call and no page fault in here:
 * @ticks is touched beforehand. Returns how many quanta ran; *@elapsed
 * gets the ticks from the first start to the last end.
 */
static uint64_t run(uint64_t iters, uint64_t duration, uint64_t *ticks,
		    uint64_t cap, uint64_t *elapsed)
{
	uint64_t start, t, prev, n = 0;

	start = prev = tsc_read();
	while (n < cap) {
		work(iters);
		t = tsc_read();
		ticks[n++] = t - prev;
		prev = t;
		if (t - start >= duration)
			break;
	}
	*elapsed = prev - start;
	return n;
}

static void report(uint64_t *ns, uint64_t *sorted, uint64_t n,
		   uint64_t iters, uint64_t duration_ns, uint64_t want_ns,
		   uint64_t quantum_ns, int trace)
{
	struct stats_overhead o;
	uint64_t i, sum = 0;

	for (i = 0; i < n; i++)
		sum += ns[i];
	stats_overhead(ns, n, sorted, &o);
	bench_metric("fwq", "_quanta", o.n, "quanta");
	bench_metric("fwq", "_work", iters, "iterations");
	bench_metric("fwq", "_quantum_ns", o.base, "ns");
	bench_metric("fwq", "_mean_overhead_ns", o.mean, "ns");
	bench_metric("fwq", "_p999_overhead_ns", o.p999, "ns");
	bench_metric("fwq", "_max_overhead_ns", o.max, "ns");
	bench_metric("fwq", "_duration_ns", duration_ns, "ns");
	if (trace)
		for (i = 0; i < n; i++)
			printf("trace fwq %" PRIu64 " %" PRIu64 "\n", i, ns[i]);

	if (duration_ns < want_ns)
		bench_insane("ran %" PRIu64 " ns of the %" PRIu64 " asked (ran out of room for quanta)",
			     duration_ns, want_ns);
	if (o.base < quantum_ns / 2 || o.base > quantum_ns * 2)
		bench_insane("the fastest quantum took %" PRIu64 " ns, %" PRIu64 " asked",
			     o.base, quantum_ns);
	if (o.mean > o.max || o.p999 > o.max)
		bench_insane("overheads mean %" PRIu64 ", p99.9 %" PRIu64 " above max %" PRIu64,
			     o.mean, o.p999, o.max);
	/* Quanta follow each other with no gap: their sum is the run. */
	if (sum + n < duration_ns || sum > duration_ns + n)
		bench_insane("quanta add up to %" PRIu64 " ns, the run took %" PRIu64,
			     sum, duration_ns);
}

int main(int argc, char **argv)
{
	uint64_t seconds = 0, quantum_ns = 200000, iters, cap, n, i;
	uint64_t fast_ns, elapsed, best, *ticks = NULL, *sorted = NULL;
	int opt, trace = 0, attempt;

	while ((opt = getopt(argc, argv, "t:q:T")) != -1) {
		switch (opt) {
		case 't':
			if (bench_number(optarg, MAX_SECONDS, &seconds))
				goto usage;
			break;
		case 'q':
			if (bench_number(optarg, MAX_QUANTUM_NS, &quantum_ns) ||
			    quantum_ns < MIN_QUANTUM_NS)
				goto usage;
			break;
		case 'T':
			trace = 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || !seconds)
		goto usage;

	if (tsc_calibrate(PROG))
		return 1;
	for (attempt = 1;; attempt++) {
		iters = calibrate(quantum_ns);
		fast_ns = tsc_to_ns(fastest(iters, 0));
		if (!fast_ns)
			fast_ns = 1;
		/* Room for twice the quanta the fastest would fit: never short. */
		cap = seconds * 1000000000ull / fast_ns * 2 + 16;
		free(ticks);
		free(sorted);
		ticks = malloc(cap * sizeof(*ticks));
		sorted = malloc(cap * sizeof(*sorted));
		if (!ticks || !sorted) {
			fprintf(stderr, PROG ": no memory for %" PRIu64 " quanta\n", cap);
			return 1;
		}
		memset(ticks, 0, cap * sizeof(*ticks));

		n = run(iters, tsc_from_ns(seconds * 1000000000ull), ticks, cap,
			&elapsed);
		best = UINT64_MAX;
		for (i = 0; i < n; i++) {
			ticks[i] = tsc_to_ns(ticks[i]);
			best = ticks[i] < best ? ticks[i] : best;
		}
		if (attempt == ATTEMPTS ||
		    (best >= quantum_ns / 2 && best <= quantum_ns * 2))
			break;
		printf("note run %d: the fastest quantum took %" PRIu64
		       " ns, %" PRIu64 " asked (the CPU's speed changed): again\n",
		       attempt, best, quantum_ns);
	}
	report(ticks, sorted, n, iters, tsc_to_ns(elapsed),
	       seconds * 1000000000ull, quantum_ns, trace);
	free(ticks);
	free(sorted);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " -t SECONDS (1..%d) [-q QUANTUM_NS (%d..%llu, default 200000)] [-T]\n",
		MAX_SECONDS, MIN_QUANTUM_NS, MAX_QUANTUM_NS);
	return 2;
}
