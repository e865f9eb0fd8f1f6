// SPDX-License-Identifier: GPL-2.0
/*
 * omp_bench: the overheads of OpenMP's synchronisation, after the EPCC
 * syncbench: the time one barrier takes when every thread arrives at
 * once, and the time of a whole `parallel for reduction(+)` over a small
 * loop (team wake-up, the loop, the reduction, the join). Each sample is
 * the mean over INNER repetitions; REPS samples make the distribution.
 * Natively it is libgomp on Linux's futex and scheduler; under mcexec the
 * LWK's (issue 15). Static glibc with libgomp (gcc -fopenmp).
 *
 * usage: omp_bench [-t THREADS] [-c CPU,CPU...] [-r REPS] [-i INNER]
 *   -t  the team (default 2)
 *   -c  pin team thread i to the i-th CPU of the list (Linux numbering,
 *       the LWK's too); without it, where the OS puts them
 *   -r  samples (default 50), -i  repetitions a sample (default 1000)
 * Prints (bench.h):
 *   metric omp_threads T threads
 *   metric omp_barrier_min NS ns      (and _median, _p99, _max)
 *   metric omp_reduction_min NS ns    (and _median, _p99, _max)
 * Not sane: a team of another size, a thread not on its CPU, a wrong sum.
 * Exit status: 0 done, 1 failed or not sane, 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <omp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "stats.h"

#define PROG		"omp_bench"
#define MAX_THREADS	64
#define ITEMS		1024	/* the reduction's loop */

static int cpus[MAX_THREADS], ncpus;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* "2,3" into cpus[]; -1 if it is not a list of CPU numbers. */
static int parse_cpus(char *s)
{
	char *tok, *end;
	long v;

	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		errno = 0;
		v = strtol(tok, &end, 10);
		if (!*tok || *end || errno || v < 0 || v >= CPU_SETSIZE || ncpus == MAX_THREADS)
			return -1;
		cpus[ncpus++] = (int)v;
	}
	return ncpus ? 0 : -1;
}

/* Pins the calling team thread; 0, or -errno. */
static int pin_me(void)
{
	int id = omp_get_thread_num();
	cpu_set_t set;

	if (!ncpus)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpus[id % ncpus], &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	return sched_getcpu() == cpus[id % ncpus] ? 0 : -EIO;
}

int main(int argc, char **argv)
{
	uint64_t threads = 2, reps = 50, inner = 1000, r, j, t0, *bar, *red;
	int opt, team = 0, pin_err = 0;
	struct stats_summary s;
	long sum, wrong = 0;

	while ((opt = getopt(argc, argv, "t:c:r:i:")) != -1) {
		switch (opt) {
		case 't':
			if (bench_number(optarg, MAX_THREADS, &threads))
				goto usage;
			break;
		case 'c':
			if (parse_cpus(optarg))
				goto usage;
			break;
		case 'r':
			if (bench_number(optarg, 1000000, &reps))
				goto usage;
			break;
		case 'i':
			if (bench_number(optarg, 100000000, &inner))
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	bar = calloc(reps, sizeof(*bar));
	red = calloc(reps, sizeof(*red));
	if (!bar || !red) {
		fprintf(stderr, PROG ": no memory for the samples\n");
		return 1;
	}
	omp_set_dynamic(0);
	omp_set_num_threads((int)threads);

	/* Barriers: thread 0 times INNER of them, the whole team passing each. */
#pragma omp parallel
	{
		uint64_t k, m;	/* each thread's own: every one passes every barrier */
		int err = pin_me();

#pragma omp atomic
		pin_err += err != 0;
#pragma omp single
		team = omp_get_num_threads();
		for (k = 0; k < reps; k++) {
#pragma omp barrier
#pragma omp master
			t0 = now_ns();
			for (m = 0; m < inner; m++) {
#pragma omp barrier
			}
#pragma omp master
			bar[k] = (now_ns() - t0) / inner;
		}
	}
	if (pin_err)
		bench_insane("%d team threads could not run on their CPU", pin_err);
	if ((uint64_t)team != threads)
		bench_insane("a team of %d threads, want %llu", team, (unsigned long long)threads);

	/* Whole parallel-for reductions, from the master thread's side. */
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		for (j = 0; j < inner; j++) {
			long i;

			sum = 0;
#pragma omp parallel for reduction(+:sum)
			for (i = 1; i <= ITEMS; i++)
				sum += i;
			wrong += sum != (long)ITEMS * (ITEMS + 1) / 2;
		}
		red[r] = (now_ns() - t0) / inner;
	}
	if (wrong)
		bench_insane("%ld reductions gave a wrong sum", wrong);

	bench_metric("omp", "_threads", threads, "threads");
	stats_summarize(bar, reps, &s);
	bench_summary("omp_barrier", &s, reps);
	stats_summarize(red, reps, &s);
	bench_summary("omp_reduction", &s, reps);
	free(bar);
	free(red);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " [-t THREADS (1..%d)] [-c CPU,CPU...] [-r REPS] [-i INNER]\n",
		MAX_THREADS);
	return 2;
}
