// SPDX-License-Identifier: GPL-2.0
/*
 * futex_pingpong: two threads of one process pass a counter back and forth
 * through one futex word, each sleeping in FUTEX_WAIT_PRIVATE until the
 * other wakes it with FUTEX_WAKE_PRIVATE: the cost of a wake-up between
 * two CPUs, the futex round trip that every contended lock, condition
 * variable and OpenMP barrier of a threaded code pays. Natively it is
 * Linux's futex and scheduler; under mcexec the LWK's (issue 15).
 *
 * usage: futex_pingpong [-n COUNT] [-a CPU -b CPU]
 *   -n  round trips timed (default 10000), after 100 untimed
 *   -a, -b  pin the two threads to these CPUs (Linux numbering, which is
 *       the LWK's too); without them, where the OS puts them
 * Prints (bench.h):
 *   metric futex_pp_round_trips COUNT round_trips
 *   metric futex_pp_rate R per_s          round trips a second, overall
 *   metric futex_pp_min NS ns             (and _median, _p99, _max)
 * Exit status: 0 done, 1 failed or not sane, 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "stats.h"

#define PROG	"futex_pingpong"
#define WARMUP	100

static struct {
	_Alignas(64) _Atomic uint32_t word;
	char pad[60];
} shared;

static uint64_t count = 10000;
static int cpu_a = -1, cpu_b = -1;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Sleeps until the word is @want; the other side wakes us. */
static void wait_for(uint32_t want)
{
	uint32_t v;

	while ((v = atomic_load_explicit(&shared.word, memory_order_acquire)) != want)
		syscall(SYS_futex, &shared.word, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void post(uint32_t val)
{
	atomic_store_explicit(&shared.word, val, memory_order_release);
	syscall(SYS_futex, &shared.word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* @s as a CPU number (0 included: bench_number starts at 1), or -1. */
static int cpu_number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v >= CPU_SETSIZE)
		return -1;
	return (int)v;
}

/* 0, or -errno if the calling thread cannot run on @cpu (-1: anywhere). */
static int pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	return sched_getcpu() == cpu ? 0 : -EIO;
}

/* The second thread's start: 0 not yet, 1 running where it should, else -errno. */
static _Atomic int pong_state;

static void *pong(void *arg)
{
	uint64_t i, total = WARMUP + count;
	int ret = pin(cpu_b);

	(void)arg;
	atomic_store(&pong_state, ret ? ret : 1);
	if (ret)
		return NULL;
	for (i = 0; i < total; i++) {
		wait_for(2 * i + 1);
		post(2 * i + 2);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	uint64_t i, v, t0, start = 0, total, *ns;
	struct stats_summary s;
	pthread_t t;
	int opt, ret;

	while ((opt = getopt(argc, argv, "n:a:b:")) != -1) {
		switch (opt) {
		case 'n':
			if (bench_number(optarg, 100000000, &count))
				goto usage;
			break;
		case 'a':
		case 'b':
			ret = cpu_number(optarg);
			if (ret < 0)
				goto usage;
			*(opt == 'a' ? &cpu_a : &cpu_b) = ret;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || (cpu_a < 0) != (cpu_b < 0) || (cpu_a >= 0 && cpu_a == cpu_b))
		goto usage;
	total = WARMUP + count;
	ns = malloc(count * sizeof(*ns));
	if (!ns) {
		fprintf(stderr, PROG ": no memory for %llu samples\n", (unsigned long long)count);
		return 1;
	}
	ret = pin(cpu_a);
	if (ret) {
		fprintf(stderr, PROG ": cannot run on CPU %d: %s\n", cpu_a, strerror(-ret));
		return 1;
	}
	ret = pthread_create(&t, NULL, pong, NULL);
	if (ret) {
		fprintf(stderr, PROG ": cannot create a thread: %s\n", strerror(ret));
		return 1;
	}
	while (!(ret = atomic_load(&pong_state)))
		sched_yield();
	if (ret < 0) {
		pthread_join(t, NULL);
		fprintf(stderr, PROG ": cannot run on CPU %d: %s\n", cpu_b, strerror(-ret));
		return 1;
	}
	for (i = 0; i < total; i++) {
		if (i == WARMUP)
			start = now_ns();
		t0 = now_ns();
		post(2 * i + 1);
		wait_for(2 * i + 2);
		if (i >= WARMUP)
			ns[i - WARMUP] = now_ns() - t0;
	}
	v = now_ns() - start;
	pthread_join(t, NULL);
	if (atomic_load(&shared.word) != 2 * total)
		bench_insane("the word is %u after %llu round trips, want %llu",
			     (unsigned int)atomic_load(&shared.word), (unsigned long long)total,
			     (unsigned long long)(2 * total));
	stats_summarize(ns, count, &s);
	bench_metric("futex_pp", "_round_trips", s.n, "round_trips");
	bench_metric_fixed("futex_pp", "_rate", v ? count * 1e9 / v : 0, "per_s");
	bench_summary("futex_pp", &s, count);
	free(ns);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " [-n COUNT (1..100000000)] [-a CPU -b CPU (two different CPUs)]\n");
	return 2;
}
