// SPDX-License-Identifier: GPL-2.0
/*
 * xcpu_pingpong: the Linux-to-Linux cross-CPU round trip, the baseline the
 * IKC round trip (ihkosctl N ping) is compared with by scripts/bench.
 *
 * Two threads pinned to two CPUs pass a counter back and forth, COUNT
 * round trips each way of waiting:
 *   spin   both spin on one shared cache line (the fastest a round trip
 *          between two CPUs can be: two cache-line transfers);
 *   futex  both sleep in futex(FUTEX_WAIT) and wake each other with
 *          futex(FUTEX_WAKE) (a wake-up across CPUs, an IPI each way when
 *          the other side sleeps).
 * The first thread times each round trip with CLOCK_MONOTONIC.
 *
 * usage: xcpu_pingpong [-n COUNT] [-a CPU] [-b CPU]   (default 10000, 0, 1)
 * Prints, per way, one line:
 *   spin: 10000 round trips, min 812 ns, median 950 ns, p99 2100 ns, max 50000 ns
 * Exit status: 0 done, 1 failed (a CPU could not be used), 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"

#define WARMUP	100	/* round trips not timed, first */

enum way { SPIN, FUTEX };

static struct {
	_Alignas(64) _Atomic uint32_t word;
	char pad[60];
} shared;

static unsigned long count = 10000;
static int cpu_a, cpu_b = 1;
static enum way way;
static uint64_t *samples;

static void futex_wait(_Atomic uint32_t *w, uint32_t val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Waits until the word is @want, the way the run uses. */
static void wait_for(uint32_t want)
{
	uint32_t v;

	if (way == SPIN) {
		while (atomic_load_explicit(&shared.word, memory_order_acquire) != want)
			;
		return;
	}
	while ((v = atomic_load_explicit(&shared.word, memory_order_acquire)) != want)
		futex_wait(&shared.word, v);
}

static void post(uint32_t val)
{
	atomic_store_explicit(&shared.word, val, memory_order_release);
	if (way == FUTEX)
		futex_wake(&shared.word);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	return sched_getcpu() == cpu ? 0 : -EIO;
}

/* The second thread's start: 0 not yet, 1 running on cpu_b, else -errno. */
static _Atomic int pong_state;

/* The second thread: answers every odd value with the next even one. */
static void *pong(void *arg)
{
	unsigned long i, total = WARMUP + count;

	int ret;

	(void)arg;
	ret = pin(cpu_b);
	atomic_store(&pong_state, ret ? ret : 1);
	if (ret)
		return NULL;
	for (i = 0; i < total; i++) {
		wait_for(2 * i + 1);
		post(2 * i + 2);
	}
	return NULL;
}

static int run(enum way w, const char *name)
{
	unsigned long i, total = WARMUP + count;
	struct stats_summary s;
	pthread_t t;
	uint64_t t0;
	int ret;

	way = w;
	atomic_store(&shared.word, 0);
	atomic_store(&pong_state, 0);
	ret = pthread_create(&t, NULL, pong, NULL);
	if (ret) {
		fprintf(stderr, "xcpu_pingpong: cannot start a thread: %s\n",
			strerror(ret));
		return 1;
	}
	while (!(ret = atomic_load(&pong_state)))
		sched_yield();
	if (ret < 0) {
		pthread_join(t, NULL);
		fprintf(stderr, "xcpu_pingpong: cannot run on CPU %d: %s\n",
			cpu_b, strerror(-ret));
		return 1;
	}
	for (i = 0; i < total; i++) {
		t0 = now_ns();
		post(2 * i + 1);
		wait_for(2 * i + 2);
		if (i >= WARMUP)
			samples[i - WARMUP] = now_ns() - t0;
	}
	pthread_join(t, NULL);
	stats_summarize(samples, count, &s);
	printf("%s: %" PRIu64 " round trips, min %" PRIu64 " ns, median %" PRIu64
	       " ns, p99 %" PRIu64 " ns, max %" PRIu64 " ns\n", name, s.n,
	       s.min, s.median, s.p99, s.max);
	fflush(stdout);
	return 0;
}

static int number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return !*s || *end || errno || *s == '-' || *out > max;
}

int main(int argc, char **argv)
{
	unsigned long v;
	int opt, ret;

	while ((opt = getopt(argc, argv, "n:a:b:h")) != -1) {
		switch (opt) {
		case 'n':
			if (number(optarg, 100000000, &count) || !count)
				goto usage;
			break;
		case 'a':
		case 'b':
			if (number(optarg, CPU_SETSIZE - 1, &v))
				goto usage;
			*(opt == 'a' ? &cpu_a : &cpu_b) = v;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || cpu_a == cpu_b)
		goto usage;
	samples = malloc(count * sizeof(*samples));
	if (!samples) {
		fprintf(stderr, "xcpu_pingpong: no memory for %lu samples\n", count);
		return 1;
	}
	ret = pin(cpu_a);
	if (ret) {
		fprintf(stderr, "xcpu_pingpong: cannot run on CPU %d: %s\n",
			cpu_a, strerror(-ret));
		return 1;
	}
	ret = run(SPIN, "spin") || run(FUTEX, "futex");
	free(samples);
	return ret;

usage:
	fprintf(stderr, "usage: xcpu_pingpong [-n COUNT] [-a CPU] [-b CPU] (two different CPUs)\n");
	return 2;
}
