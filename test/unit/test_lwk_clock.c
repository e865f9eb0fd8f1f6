// SPDX-License-Identifier: GPL-2.0
/*
 * The arithmetic of the LWK's clocks (lwk/kernel/clock_calc.c): TSC/ns
 * conversion against 128-bit reference arithmetic, the clock base's
 * seqcount against a writer thread, the per-CPU monotonic clamp across
 * base updates, clock id decoding, timespec checks, and the timer's next
 * expiry.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>

#include <lwk/clock_calc.h>

typedef unsigned __int128 u128;

static uint64_t ref_to_ns(uint64_t cycles, uint32_t khz)
{
	return (uint64_t)((u128)cycles * 1000000 / khz);
}

static u128 ref_to_cycles(uint64_t ns, uint32_t khz)
{
	return ((u128)ns * khz + 999999) / 1000000;
}

static uint64_t rnd64(unsigned int *seed)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = (v << 16) ^ (rand_r(seed) & 0xffff);
	return v;
}

START_TEST(conversion_exact)
{
	static const uint32_t khz[] = { 1, 999, 1000, 2100000, 2999999,
					3400000, 4294967295u };
	static const uint64_t cyc[] = { 0, 1, 999, 1000, 3400000, 1ULL << 40,
					18446744073709ULL, 1ULL << 63,
					UINT64_MAX };
	unsigned int seed = 1;
	unsigned int i, j;

	for (i = 0; i < sizeof(khz) / sizeof(khz[0]); i++)
		for (j = 0; j < sizeof(cyc) / sizeof(cyc[0]); j++) {
			u128 ref = (u128)cyc[j] * 1000000 / khz[i];

			/* the only values it cannot express: past 2^64 ns */
			if (ref > UINT64_MAX)
				continue;
			ck_assert_uint_eq(clock_cycles_to_ns(cyc[j], khz[i]),
					  (uint64_t)ref);
		}
	for (i = 0; i < 100000; i++) {
		uint32_t k = 1000 + rnd64(&seed) % 5000000;
		uint64_t c = rnd64(&seed) >> (rnd64(&seed) % 40);

		ck_assert_uint_eq(clock_cycles_to_ns(c, k), ref_to_ns(c, k));
	}
}
END_TEST

/* Ten hours at 3 GHz: cycles * 1e6 overflows 64 bits, the split does not. */
START_TEST(conversion_no_overflow)
{
	uint64_t hours = 3000000ULL * 1000 * 36000;

	ck_assert(hours > UINT64_MAX / 1000000);
	ck_assert_uint_eq(clock_cycles_to_ns(hours, 3000000),
			  36000ULL * 1000000000ULL);
	ck_assert_uint_eq(clock_ns_to_cycles(36000ULL * 1000000000ULL, 3000000),
			  hours);
}
END_TEST

START_TEST(to_cycles_rounds_up_and_saturates)
{
	unsigned int seed = 7;
	unsigned int i;

	ck_assert_uint_eq(clock_ns_to_cycles(0, 3000000), 0);
	ck_assert_uint_eq(clock_ns_to_cycles(1, 3000000), 3);
	ck_assert_uint_eq(clock_ns_to_cycles(1, 1000), 1);	/* 0.001 up */
	ck_assert_uint_eq(clock_ns_to_cycles(UINT64_MAX, 3000000), UINT64_MAX);
	for (i = 0; i < 100000; i++) {
		uint32_t k = 1000 + rnd64(&seed) % 5000000;
		uint64_t ns = rnd64(&seed) >> (rnd64(&seed) % 64);
		u128 ref = ref_to_cycles(ns, k);
		uint64_t got = clock_ns_to_cycles(ns, k);

		if (ref > UINT64_MAX)
			ck_assert_uint_eq(got, UINT64_MAX);
		else
			ck_assert_uint_eq(got, (uint64_t)ref);
		/* never shorter than asked: converting back gives >= ns */
		if (got != UINT64_MAX)
			ck_assert_uint_ge(clock_cycles_to_ns(got, k), ns);
	}
	ck_assert_uint_eq(clock_add_sat(UINT64_MAX - 1, 1), UINT64_MAX);
	ck_assert_uint_eq(clock_add_sat(UINT64_MAX - 1, 2), UINT64_MAX);
	ck_assert_uint_eq(clock_add_sat(5, 6), 11);
}
END_TEST

START_TEST(seqcount_odd_means_retry)
{
	struct ihk_clock_base b = { .seq = 3, .tsc = 1, .tsc_khz = 1 };
	struct ihk_clock_base out;

	ck_assert(!clock_base_try_read(&b, &out));
	b.seq = 4;
	b.realtime_ns = 77;
	ck_assert(clock_base_try_read(&b, &out));
	ck_assert_uint_eq(out.seq, 4);
	ck_assert_uint_eq(out.realtime_ns, 77);
	ck_assert_uint_eq(out.tsc, 1);
}
END_TEST

/*
 * A writer thread publishes bases whose fields all derive from one
 * counter, as ihk.ko does with its seqcount; every copy the reader
 * accepts must be one whole base, never a mix of two.
 */
static struct ihk_clock_base shared_base;
static volatile int writer_stop;

static void *writer(void *arg)
{
	uint64_t n = 0;
	int i;

	(void)arg;
	while (!writer_stop) {
		n++;
		__atomic_store_n(&shared_base.seq, shared_base.seq + 1,
				 __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		__atomic_store_n(&shared_base.tsc, n, __ATOMIC_RELAXED);
		__atomic_store_n(&shared_base.realtime_ns, n * 3, __ATOMIC_RELAXED);
		__atomic_store_n(&shared_base.monotonic_ns, n * 5, __ATOMIC_RELAXED);
		__atomic_store_n(&shared_base.boottime_ns, n * 7, __ATOMIC_RELAXED);
		__atomic_store_n(&shared_base.tsc_khz, (uint32_t)n, __ATOMIC_RELAXED);
		__atomic_store_n(&shared_base.seq, shared_base.seq + 1,
				 __ATOMIC_RELEASE);
		/* a gap between writes, or the reader might never get one */
		for (i = 0; i < 200; i++)
			__builtin_ia32_pause();
	}
	return NULL;
}

START_TEST(seqcount_against_writer)
{
	struct ihk_clock_base out;
	pthread_t th;
	unsigned long retries = 0, distinct = 0;
	uint64_t last = 0;
	int i;

	shared_base.seq = 0;
	writer_stop = 0;
	ck_assert_int_eq(pthread_create(&th, NULL, writer, NULL), 0);
	/* until the writer has been seen often and collided, within a cap */
	for (i = 0; i < 50000000 && (i < 300000 || distinct < 1000 || !retries);
	     i++) {
		retries += clock_base_read(&shared_base, &out);
		ck_assert_uint_eq(out.seq & 1, 0);
		ck_assert_uint_eq(out.realtime_ns, out.tsc * 3);
		ck_assert_uint_eq(out.monotonic_ns, out.tsc * 5);
		ck_assert_uint_eq(out.boottime_ns, out.tsc * 7);
		ck_assert_uint_eq(out.tsc_khz, (uint32_t)out.tsc);
		ck_assert_uint_ge(out.tsc, last);
		distinct += out.tsc != last;
		last = out.tsc;
	}
	writer_stop = 1;
	pthread_join(th, NULL);
	/* the writer really ran during the reads, and collided with them */
	ck_assert_uint_gt(distinct, 1);
	ck_assert_uint_gt(retries, 0);
}
END_TEST

static struct ihk_clock_base base(uint64_t tsc, uint64_t mono, uint64_t real,
				  uint64_t boot, uint32_t khz)
{
	struct ihk_clock_base b = {
		.tsc = tsc, .monotonic_ns = mono, .realtime_ns = real,
		.boottime_ns = boot, .tsc_khz = khz,
	};
	return b;
}

START_TEST(compute_extrapolates)
{
	/* 1 GHz: one cycle per ns */
	struct ihk_clock_base b = base(1000, 5000000000ULL,
				       1700000000000000000ULL,
				       5100000000ULL, 1000000);
	struct clock_times t;
	uint64_t last = 0;

	clock_compute(&b, 1000 + 123456789, &last, &t);
	ck_assert_uint_eq(t.mono, 5000000000ULL + 123456789);
	ck_assert_uint_eq(t.real, 1700000000000000000ULL + 123456789);
	ck_assert_uint_eq(t.boot, 5100000000ULL + 123456789);
	ck_assert_uint_eq(last, t.mono);
	/* a TSC just before the base's (another CPU's view) */
	last = 0;
	clock_compute(&b, 900, &last, &t);
	ck_assert_uint_eq(t.mono, 5000000000ULL - 100);
	ck_assert_uint_eq(t.real, 1700000000000000000ULL - 100);
}
END_TEST

/*
 * Base 1 extrapolated runs 2 us ahead of Linux: base 2, one second later,
 * is 2 us behind what this CPU already said. MONOTONIC must hold still
 * until the new base catches up, and REALTIME with it; another CPU (its
 * own floor) just follows the base.
 */
START_TEST(compute_clamps_across_updates)
{
	struct ihk_clock_base b1 = base(0, 1000000000ULL, 9000000000ULL,
					1000000000ULL, 1000000);
	struct ihk_clock_base b2 = base(1000000000ULL, 2000000000ULL - 2000,
					10000000000ULL - 2000,
					2000000000ULL - 2000, 1000000);
	struct clock_times t;
	uint64_t cpu0 = 0, cpu1 = 0, said;

	clock_compute(&b1, 1000000000ULL - 1, &cpu0, &t);
	said = t.mono;
	ck_assert_uint_eq(said, 2000000000ULL - 1);
	clock_compute(&b2, 1000000000ULL + 10, &cpu0, &t);
	ck_assert_uint_eq(t.mono, said);
	ck_assert_uint_eq(t.real, said + 8000000000ULL);
	clock_compute(&b2, 1000000000ULL + 5000, &cpu0, &t);
	ck_assert_uint_eq(t.mono, 2000000000ULL + 3000);
	ck_assert_uint_gt(t.mono, said);
	clock_compute(&b2, 1000000000ULL + 10, &cpu1, &t);
	ck_assert_uint_eq(t.mono, 2000000000ULL - 2000 + 10);
}
END_TEST

/* A base with REALTIME below MONOTONIC (a clock set to 1970) still adds up. */
START_TEST(compute_realtime_below_monotonic)
{
	struct ihk_clock_base b = base(0, 5000000000ULL, 1000, 5000000000ULL,
				       1000000);
	struct clock_times t;
	uint64_t last = 0;

	clock_compute(&b, 10, &last, &t);
	ck_assert_uint_eq(t.real, 1010);
}
END_TEST

START_TEST(select_clocks)
{
	struct clock_sel s;
	int id;

	clock_select(LWK_CLOCK_REALTIME, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_REALTIME);
	ck_assert(!s.coarse);
	ck_assert_uint_eq(clock_res_ns(&s), 1);
	clock_select(LWK_CLOCK_REALTIME_COARSE, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_REALTIME);
	ck_assert(s.coarse);
	ck_assert_uint_eq(clock_res_ns(&s), 4000000);
	clock_select(LWK_CLOCK_MONOTONIC_COARSE, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_MONOTONIC);
	ck_assert_uint_eq(clock_res_ns(&s), 4000000);
	ck_assert_int_eq(clock_nsleep_allowed(&s), -EOPNOTSUPP);
	clock_select(LWK_CLOCK_MONOTONIC_RAW, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_RAW);
	ck_assert_uint_eq(clock_res_ns(&s), 1);
	ck_assert_int_eq(clock_nsleep_allowed(&s), -EOPNOTSUPP);
	clock_select(LWK_CLOCK_BOOTTIME, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_BOOTTIME);
	ck_assert_int_eq(clock_nsleep_allowed(&s), 0);
	clock_select(LWK_CLOCK_PROCESS_CPUTIME_ID, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_PROCESS_CPU);
	ck_assert_int_eq(s.pid, 0);
	ck_assert_uint_eq(clock_res_ns(&s), 1);
	ck_assert_int_eq(clock_nsleep_allowed(&s), 0);
	clock_select(LWK_CLOCK_THREAD_CPUTIME_ID, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_THREAD_CPU);
	ck_assert_int_eq(clock_nsleep_allowed(&s), -EINVAL);
	for (id = 8; id <= 11; id++) {
		clock_select(id, &s);
		ck_assert_int_eq(s.src, id == 10 ? CLOCK_SRC_INVALID :
						   CLOCK_SRC_LINUX);
	}
	clock_select(12, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_INVALID);
	ck_assert_int_eq(clock_nsleep_allowed(&s), -EINVAL);
	clock_select(0x7fffffff, &s);
	ck_assert_int_eq(s.src, CLOCK_SRC_INVALID);
}
END_TEST

/* Linux's make_process_cpuclock(): ~pid shifted left by 3, in unsigned. */
static int32_t cpuclock(int32_t pid)
{
	return (int32_t)((uint32_t)~pid << 3);
}

/* glibc's clock_getcpuclockid / pthread_getcpuclockid encodings. */
START_TEST(select_cpu_clocks)
{
	struct clock_sel s;

	clock_select(cpuclock(0) | 2, &s);	/* process 0, SCHED */
	ck_assert_int_eq(s.src, CLOCK_SRC_PROCESS_CPU);
	ck_assert_int_eq(s.pid, 0);
	ck_assert(s.sched);
	clock_select(cpuclock(42) | 4 | 2, &s);	/* thread 42, SCHED */
	ck_assert_int_eq(s.src, CLOCK_SRC_THREAD_CPU);
	ck_assert_int_eq(s.pid, 42);
	ck_assert_uint_eq(clock_res_ns(&s), 1);
	clock_select(cpuclock(42) | 0, &s);	/* process 42, PROF */
	ck_assert_int_eq(s.src, CLOCK_SRC_PROCESS_CPU);
	ck_assert(!s.sched);
	ck_assert_uint_eq(clock_res_ns(&s), 4000000);
	clock_select(cpuclock(3) | 3, &s);	/* fd 3 */
	ck_assert_int_eq(s.src, CLOCK_SRC_LINUX);
	clock_select(cpuclock(3) | 4 | 3, &s);	/* not a valid encoding */
	ck_assert_int_eq(s.src, CLOCK_SRC_INVALID);
}
END_TEST

START_TEST(timespecs)
{
	struct lwk_timespec ts = { 0, 0 };

	ck_assert(timespec_valid(&ts));
	ts.tv_nsec = 999999999;
	ck_assert(timespec_valid(&ts));
	ts.tv_nsec = 1000000000;
	ck_assert(!timespec_valid(&ts));
	ts.tv_nsec = -1;
	ck_assert(!timespec_valid(&ts));
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	ck_assert(!timespec_valid(&ts));
	ts.tv_sec = 3;
	ts.tv_nsec = 5;
	ck_assert_uint_eq(timespec_to_ns(&ts), 3000000005ULL);
	ts.tv_sec = INT64_MAX;
	ck_assert_uint_eq(timespec_to_ns(&ts), UINT64_MAX);
	ts.tv_sec = 18446744073LL;		/* fits, just */
	ts.tv_nsec = 709551615;
	ck_assert_uint_eq(timespec_to_ns(&ts), UINT64_MAX);
	ts.tv_nsec = 0;
	ck_assert_uint_eq(timespec_to_ns(&ts), 18446744073000000000ULL);
	ns_to_timespec(12000000345ULL, &ts);
	ck_assert_int_eq(ts.tv_sec, 12);
	ck_assert_int_eq(ts.tv_nsec, 345);
}
END_TEST

START_TEST(timer_expiry)
{
	/* no deadline: the heartbeat */
	ck_assert_uint_eq(timer_next_expiry(100, 1000, 0, 10), 1000);
	/* a deadline before the beat wins, after it the beat does */
	ck_assert_uint_eq(timer_next_expiry(100, 1000, 500, 10), 500);
	ck_assert_uint_eq(timer_next_expiry(100, 1000, 5000, 10), 1000);
	/* a passed deadline is re-armed a retry from now */
	ck_assert_uint_eq(timer_next_expiry(600, 1000, 500, 10), 610);
	ck_assert_uint_eq(timer_next_expiry(995, 1000, 500, 10), 1000);
	ck_assert_uint_eq(timer_next_expiry(UINT64_MAX - 3, UINT64_MAX, 5, 10),
			  UINT64_MAX);
	/* the beat advances by a period, or restarts after a long stall */
	ck_assert_uint_eq(timer_advance_beat(1001, 1000, 100), 1100);
	ck_assert_uint_eq(timer_advance_beat(1100, 1000, 100), 1200);
	ck_assert_uint_eq(timer_advance_beat(5000, 1000, 100), 5100);
}
END_TEST

Suite *lwk_clock_suite(void)
{
	Suite *s = suite_create("lwk_clock");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, conversion_exact);
	tcase_add_test(tc, conversion_no_overflow);
	tcase_add_test(tc, to_cycles_rounds_up_and_saturates);
	tcase_add_test(tc, seqcount_odd_means_retry);
	tcase_add_test(tc, seqcount_against_writer);
	tcase_add_test(tc, compute_extrapolates);
	tcase_add_test(tc, compute_clamps_across_updates);
	tcase_add_test(tc, compute_realtime_below_monotonic);
	tcase_add_test(tc, select_clocks);
	tcase_add_test(tc, select_cpu_clocks);
	tcase_add_test(tc, timespecs);
	tcase_add_test(tc, timer_expiry);
	suite_add_tcase(s, tc);
	return s;
}
