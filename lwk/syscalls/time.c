// SPDX-License-Identifier: GPL-2.0
/*
 * clock_gettime, clock_getres, gettimeofday, time: served from the clock
 * base Linux publishes (lwk/kernel/clock.c), so they agree with Linux.
 * Clocks the LWK has no base for (TAI, the ALARM clocks, a file
 * descriptor's clock) are Linux's: those calls go to mcexec as they are.
 */
#include <lwk/clock.h>
#include <lwk/errno.h>
#include <lwk/uaccess.h>
#include "handlers.h"

SYSCALL_DEFINE(clock_gettime)
{
	struct lwk_timespec ts;
	struct clock_sel s;
	uint64_t ns;
	int err;

	clock_select((int32_t)a->arg[0], &s);
	if (s.src == CLOCK_SRC_LINUX)
		return syscall_offload(a);
	err = clock_now_ns(&s, &ns);
	if (err)
		return err;
	ns_to_timespec(ns, &ts);
	return copy_to_user(a->arg[1], &ts, sizeof(ts));
}

SYSCALL_DEFINE(clock_getres)
{
	struct lwk_timespec ts;
	struct clock_sel s;
	uint64_t ns;
	int err;

	clock_select((int32_t)a->arg[0], &s);
	if (s.src == CLOCK_SRC_LINUX)
		return syscall_offload(a);
	/* also refuses the CPU clock of another process or thread */
	err = clock_now_ns(&s, &ns);
	if (err)
		return err;
	if (!a->arg[1])
		return 0;
	ns_to_timespec(clock_res_ns(&s), &ts);
	return copy_to_user(a->arg[1], &ts, sizeof(ts));
}

/*
 * The timezone (rarely asked for) is Linux's sys_tz, set by
 * settimeofday: only mcexec can read it, so a call that wants it goes
 * there for that part alone.
 */
SYSCALL_DEFINE(gettimeofday)
{
	struct clock_times t;
	struct lwk_timeval tv;
	int err;

	if (a->arg[0]) {
		clock_times_now(&t);
		tv.tv_sec = t.real / NSEC_PER_SEC;
		tv.tv_usec = t.real % NSEC_PER_SEC / 1000;
		err = copy_to_user(a->arg[0], &tv, sizeof(tv));
		if (err)
			return err;
	}
	if (a->arg[1]) {
		struct syscall_args tz_only = *a;

		tz_only.arg[0] = 0;
		return syscall_offload(&tz_only);
	}
	return 0;
}

SYSCALL_DEFINE(time)
{
	struct clock_times t;
	int64_t sec;
	int err;

	clock_times_now(&t);
	sec = t.real / NSEC_PER_SEC;
	if (a->arg[0]) {
		err = copy_to_user(a->arg[0], &sec, sizeof(sec));
		if (err)
			return err;
	}
	return sec;
}
