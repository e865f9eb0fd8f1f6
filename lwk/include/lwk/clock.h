/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux's clocks on the LWK (lwk/kernel/clock.c), read from the clock
 * base ihk.ko keeps in the shared area plus the TSC, so LWK time agrees
 * with Linux time. The arithmetic is in clock_calc.h.
 */
#ifndef LWK_CLOCK_H
#define LWK_CLOCK_H

#include <lwk/types.h>
#include <lwk/clock_calc.h>

/* The TSC frequency the clocks use, kHz (never 0 once the LWK runs). */
uint32_t clock_tsc_khz(void);

/* Linux's REALTIME, MONOTONIC and BOOTTIME now, as seen on this CPU. */
void clock_times_now(struct clock_times *t);

/* clock_now_ns(): the CPU clock of a process that is not the LWK's. */
#define CLOCK_ASK_LINUX		1

/*
 * Clock @s (not CLOCK_SRC_LINUX) now in ns, for the calling thread:
 * 0, -EINVAL for an invalid clock or the CPU clock of a thread of another
 * process, or CLOCK_ASK_LINUX for the CPU clock of a process that is not
 * an LWK one (Linux knows it, or that there is none): offload the call.
 */
int clock_now_ns(const struct clock_sel *s, uint64_t *ns);

#endif /* LWK_CLOCK_H */
