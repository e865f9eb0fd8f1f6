// SPDX-License-Identifier: GPL-2.0
/*
 * clock_gettime, clock_getres, gettimeofday, time: served from the clock
 * base Linux publishes (lwk/kernel/clock.c), so they agree with Linux.
 * Clocks the LWK has no base for (TAI, the ALARM clocks, a file
 * descriptor's clock) are Linux's: those calls go to mcexec as they are,
 * and so does the CPU clock of a process that is not the LWK's.
 */
#include <lwk/clock.h>
#include <lwk/errno.h>
#include <lwk/uaccess.h>
#include "handlers.h"

SYSCALL_DEFINE2(clock_gettime, int32_t, clk, uint64_t, utp)
{
	struct lwk_timespec ts;
	struct clock_sel s;
	uint64_t ns;
	int err;

	clock_select(clk, &s);
	if (s.src == CLOCK_SRC_LINUX)
		return syscall_offload(syscall_current());
	err = clock_now_ns(&s, &ns);
	if (err == CLOCK_ASK_LINUX)
		return syscall_offload(syscall_current());
	if (err)
		return err;
	ns_to_timespec(ns, &ts);
	return copy_to_user(utp, &ts, sizeof(ts));
}

SYSCALL_DEFINE2(clock_getres, int32_t, clk, uint64_t, utp)
{
	struct lwk_timespec ts;
	struct clock_sel s;
	uint64_t ns;
	int err;

	clock_select(clk, &s);
	if (s.src == CLOCK_SRC_LINUX)
		return syscall_offload(syscall_current());
	/* also refuses the CPU clock of another process's thread */
	err = clock_now_ns(&s, &ns);
	if (err == CLOCK_ASK_LINUX)
		return syscall_offload(syscall_current());
	if (err)
		return err;
	if (!utp)
		return 0;
	ns_to_timespec(clock_res_ns(&s), &ts);
	return copy_to_user(utp, &ts, sizeof(ts));
}

/*
 * The timezone (rarely asked for) is Linux's sys_tz, set by
 * settimeofday: only mcexec can read it, so a call that wants it goes
 * there for that part alone.
 */
SYSCALL_DEFINE2(gettimeofday, uint64_t, utv, uint64_t, utz)
{
	struct clock_times t;
	struct lwk_timeval tv;
	int err;

	if (utv) {
		clock_times_now(&t);
		tv.tv_sec = t.real / NSEC_PER_SEC;
		tv.tv_usec = t.real % NSEC_PER_SEC / 1000;
		err = copy_to_user(utv, &tv, sizeof(tv));
		if (err)
			return err;
	}
	if (utz) {
		struct syscall_args tz_only = *syscall_current();

		tz_only.arg[0] = 0;
		return syscall_offload(&tz_only);
	}
	return 0;
}

SYSCALL_DEFINE1(time, uint64_t, utloc)
{
	struct clock_times t;
	int64_t sec;
	int err;

	clock_times_now(&t);
	sec = t.real / NSEC_PER_SEC;
	if (utloc) {
		err = copy_to_user(utloc, &sec, sizeof(sec));
		if (err)
			return err;
	}
	return sec;
}
