// SPDX-License-Identifier: GPL-2.0
/*
 * The arithmetic of the LWK's clocks; see include/lwk/clock_calc.h.
 * Built for the host too, so it includes only compat.h and its header.
 */
#include "compat.h"
#include <lwk/clock_calc.h>


/*
 * Split at whole milliseconds (khz cycles each) so no product exceeds
 * 64 bits: the remainder is below khz < 2^32, times 1e6 < 2^52.
 */
uint64_t clock_cycles_to_ns(uint64_t cycles, uint32_t khz)
{
	uint64_t ms = cycles / khz;
	uint64_t rest = cycles % khz;

	return ms * NSEC_PER_MSEC + rest * NSEC_PER_MSEC / khz;
}

uint64_t clock_ns_to_cycles(uint64_t ns, uint32_t khz)
{
	uint64_t ms = ns / NSEC_PER_MSEC;
	uint64_t rest = ns % NSEC_PER_MSEC;
	uint64_t whole, part;

	if (ms > UINT64_MAX / khz)
		return UINT64_MAX;
	whole = ms * khz;
	/* rest < 1e6 and khz < 2^32: the product fits in 52 bits */
	part = (rest * khz + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
	return clock_add_sat(whole, part);
}

uint64_t clock_add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/*
 * The reader's half of a seqcount: the fields are read between two
 * acquire loads of seq, so a copy that saw the same even value both
 * times was not torn by a writer.
 */
bool clock_base_try_read(const struct ihk_clock_base *b,
			 struct ihk_clock_base *out)
{
	uint64_t seq = __atomic_load_n(&b->seq, __ATOMIC_ACQUIRE);

	if (seq & 1)
		return false;
	out->seq = seq;
	out->tsc = __atomic_load_n(&b->tsc, __ATOMIC_RELAXED);
	out->realtime_ns = __atomic_load_n(&b->realtime_ns, __ATOMIC_RELAXED);
	out->monotonic_ns = __atomic_load_n(&b->monotonic_ns, __ATOMIC_RELAXED);
	out->boottime_ns = __atomic_load_n(&b->boottime_ns, __ATOMIC_RELAXED);
	out->tsc_khz = __atomic_load_n(&b->tsc_khz, __ATOMIC_RELAXED);
	out->pad = 0;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&b->seq, __ATOMIC_RELAXED) == seq;
}

unsigned int clock_base_read(const struct ihk_clock_base *b,
			     struct ihk_clock_base *out)
{
	unsigned int failed = 0;

	while (!clock_base_try_read(b, out)) {
		failed++;
		__builtin_ia32_pause();
	}
	return failed;
}

void clock_compute(const struct ihk_clock_base *b, uint64_t tsc,
		   uint64_t *last_mono, struct clock_times *t)
{
	uint64_t mono;

	if (tsc >= b->tsc)
		mono = b->monotonic_ns + clock_cycles_to_ns(tsc - b->tsc, b->tsc_khz);
	else
		mono = b->monotonic_ns - clock_cycles_to_ns(b->tsc - tsc, b->tsc_khz);
	if (mono < *last_mono)
		mono = *last_mono;
	*last_mono = mono;
	/* offsets in modular arithmetic: right whichever clock is larger */
	t->mono = mono;
	t->real = mono + (b->realtime_ns - b->monotonic_ns);
	t->boot = mono + (b->boottime_ns - b->monotonic_ns);
}

/* Linux's CPU clock encoding (include/linux/posix-timers.h). */
#define CPUCLOCK_PERTHREAD_MASK	4
#define CPUCLOCK_CLOCK_MASK	3
#define CPUCLOCK_SCHED		2
#define CLOCKFD			3

void clock_select(int32_t id, struct clock_sel *s)
{
	s->src = CLOCK_SRC_INVALID;
	s->coarse = false;
	s->sched = true;
	s->pid = 0;

	if (id < 0) {
		if ((id & (CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_CLOCK_MASK)) == CLOCKFD) {
			s->src = CLOCK_SRC_LINUX;	/* a file descriptor's */
			return;
		}
		if ((id & CPUCLOCK_CLOCK_MASK) == CLOCKFD)
			return;
		s->pid = ~(id >> 3);
		s->sched = (id & CPUCLOCK_CLOCK_MASK) == CPUCLOCK_SCHED;
		s->src = id & CPUCLOCK_PERTHREAD_MASK ? CLOCK_SRC_THREAD_CPU :
							CLOCK_SRC_PROCESS_CPU;
		return;
	}
	switch (id) {
	case LWK_CLOCK_REALTIME_COARSE:
		s->coarse = true;
		/* fall through */
	case LWK_CLOCK_REALTIME:
		s->src = CLOCK_SRC_REALTIME;
		break;
	case LWK_CLOCK_MONOTONIC_COARSE:
		s->coarse = true;
		/* fall through */
	case LWK_CLOCK_MONOTONIC:
		s->src = CLOCK_SRC_MONOTONIC;
		break;
	case LWK_CLOCK_BOOTTIME:
		s->src = CLOCK_SRC_BOOTTIME;
		break;
	case LWK_CLOCK_MONOTONIC_RAW:
		s->src = CLOCK_SRC_RAW;
		break;
	case LWK_CLOCK_PROCESS_CPUTIME_ID:
		s->src = CLOCK_SRC_PROCESS_CPU;
		break;
	case LWK_CLOCK_THREAD_CPUTIME_ID:
		s->src = CLOCK_SRC_THREAD_CPU;
		break;
	case LWK_CLOCK_REALTIME_ALARM:
	case LWK_CLOCK_BOOTTIME_ALARM:
	case LWK_CLOCK_TAI:
		s->src = CLOCK_SRC_LINUX;
		break;
	default:
		break;
	}
}

uint64_t clock_res_ns(const struct clock_sel *s)
{
	if (s->coarse)
		return CLOCK_COARSE_RES_NS;
	if ((s->src == CLOCK_SRC_PROCESS_CPU || s->src == CLOCK_SRC_THREAD_CPU) &&
	    !s->sched)
		return CLOCK_COARSE_RES_NS;
	return 1;
}

int clock_nsleep_allowed(const struct clock_sel *s)
{
	switch (s->src) {
	case CLOCK_SRC_REALTIME:
	case CLOCK_SRC_MONOTONIC:
		return s->coarse ? -EOPNOTSUPP : 0;
	case CLOCK_SRC_BOOTTIME:
	case CLOCK_SRC_PROCESS_CPU:
		return 0;
	case CLOCK_SRC_RAW:
		return -EOPNOTSUPP;
	case CLOCK_SRC_THREAD_CPU:
	case CLOCK_SRC_INVALID:
	default:
		return -EINVAL;
	}
}

bool timespec_valid(const struct lwk_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       (uint64_t)ts->tv_nsec < NSEC_PER_SEC;
}

uint64_t timespec_to_ns(const struct lwk_timespec *ts)
{
	uint64_t sec = ts->tv_sec;

	if (sec > (UINT64_MAX - ts->tv_nsec) / NSEC_PER_SEC)
		return UINT64_MAX;
	return sec * NSEC_PER_SEC + ts->tv_nsec;
}

void ns_to_timespec(uint64_t ns, struct lwk_timespec *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

uint64_t timer_next_expiry(uint64_t now, uint64_t next_beat,
			   uint64_t deadline, uint64_t retry)
{
	if (!deadline)
		return next_beat;
	if (deadline <= now)
		deadline = clock_add_sat(now, retry);
	return deadline < next_beat ? deadline : next_beat;
}

uint64_t timer_advance_beat(uint64_t now, uint64_t next_beat, uint64_t period)
{
	uint64_t next = next_beat + period;

	return next <= now ? now + period : next;
}
