// SPDX-License-Identifier: GPL-2.0
/*
 * omp_sync: OpenMP (gcc -fopenmp, static libgomp; glibc only, musl has
 * no libgomp) as an HPC code uses it: parallel-for reductions (sum, max,
 * exact integers), a critical section, atomics, an OpenMP lock, barriers
 * that must hold every thread until all have arrived, and a static
 * schedule that gives every thread of the team its share.
 *
 * The team has OMP_NUM_THREADS threads (checked: a runtime that quietly
 * ran fewer, say because thread creation failed, is a failure), yet the
 * output does not depend on how many: run it with OMP_NUM_THREADS=1, 2
 * and 8 and the output is the same, natively and under mcexec.
 * Exit status 0 if every count is exact, else 1 with FAIL lines and one
 * line on stderr.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"

#define N		1000000L
#define CRIT_N		20000
#define ROUNDS		200
#define MAX_THREADS	256

static int slot[MAX_THREADS];

int main(void)
{
	const char *env = getenv("OMP_NUM_THREADS");
	long i, sum = 0, sq = 0, mx = 0, want_sq = 0, crit = 0, atom = 0, locked = 0;
	int team = 0, stale = 0, threads_used = 0, over = 0;
	int used[MAX_THREADS] = { 0 };
	omp_lock_t lock;

	alarm(30);	/* a hang ends as SIGALRM (pt.h says why 30 s) */
	omp_set_dynamic(0);
#pragma omp parallel for reduction(+:sum) reduction(+:sq) reduction(max:mx)
	for (i = 1; i <= N; i++) {
		sum += i;
		sq += i * i % 1000003;
		if ((i * 7919) % N > mx)
			mx = (i * 7919) % N;
	}
	for (i = 1; i <= N; i++)
		want_sq += i * i % 1000003;
	CHECK(sum == N * (N + 1) / 2, "reduction sum %ld, want %ld", sum, N * (N + 1) / 2);
	CHECK(sq == want_sq, "reduction of squares %ld, want %ld", sq, want_sq);
	CHECK(mx == N - 1, "reduction max %ld, want %ld", mx, N - 1);
	printf("parallel for reduction: sum 1..%ld = %ld, squares mod 1000003 = %ld, max %ld\n",
	       N, sum, sq, mx);

	omp_init_lock(&lock);
#pragma omp parallel
	{
		int id = omp_get_thread_num(), n = omp_get_num_threads(), r, k, bad = 0;

#pragma omp single
		team = n;
		if (id >= MAX_THREADS) {
#pragma omp atomic
			over++;
		}
#pragma omp for schedule(static, 1)
		for (k = 0; k < CRIT_N; k++) {
#pragma omp critical
			crit++;
#pragma omp atomic
			atom += k;
			omp_set_lock(&lock);
			locked += 2;
			omp_unset_lock(&lock);
			if (id < MAX_THREADS)
				used[id] = 1;
		}
		/* Nobody reads a round's slots before all have written them. */
		for (r = 1; r <= ROUNDS && id < MAX_THREADS; r++) {
			slot[id] = r;
#pragma omp barrier
			for (k = 0; k < n && k < MAX_THREADS; k++)
				bad += slot[k] != r;
#pragma omp barrier
		}
#pragma omp atomic
		stale += bad;
	}
	omp_destroy_lock(&lock);
	for (i = 0; i < MAX_THREADS; i++)
		threads_used += used[i];

	CHECK(crit == CRIT_N, "critical: %ld, want %d", crit, CRIT_N);
	CHECK(atom == (long)CRIT_N * (CRIT_N - 1) / 2, "atomic: %ld, want %ld", atom,
	      (long)CRIT_N * (CRIT_N - 1) / 2);
	CHECK(locked == 2L * CRIT_N, "lock: %ld, want %ld", locked, 2L * CRIT_N);
	CHECK(!stale, "barrier: %d slots read before they were written", stale);
	CHECK(!over, "more than %d threads", MAX_THREADS);
	CHECK(threads_used == (team < CRIT_N ? team : CRIT_N),
	      "schedule(static, 1): %d of %d threads got iterations", threads_used, team);
	if (env && atoi(env) > 0)
		CHECK(team == atoi(env), "team of %d threads, OMP_NUM_THREADS=%s", team, env);
	printf("critical %ld, atomic %ld, lock %ld\n", crit, atom, locked);
	printf("barrier: %d rounds, %d stale reads\n", ROUNDS, stale);
	printf("every thread of the team got iterations: %s\n",
	       threads_used == team ? "yes" : "no");
	return check_verdict("omp_sync");
}
