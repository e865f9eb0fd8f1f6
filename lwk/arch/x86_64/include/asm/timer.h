/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC timer: calibrated once against the TSC, then one-shot,
 * re-armed for the next heartbeat or an earlier sleep deadline.
 */
#ifndef LWK_ASM_TIMER_H
#define LWK_ASM_TIMER_H

#include <lwk/types.h>

#define TIMER_HZ	10	/* heartbeat rate; emulated CPUs share real ones */

/* On the boot CPU, with its APIC enabled: measure the timer's rate. */
int timer_calibrate(void);
/* Start this CPU's timer: a heartbeat at TIMER_HZ. */
void timer_start_cpu(void);
void timer_stop_cpu(void);
/*
 * This CPU also wants a timer interrupt at TSC @tsc (one deadline per
 * CPU: its one thread's). Once past, it keeps firing every millisecond or
 * so until timer_clear_deadline(), so a waiter that checked the clock just
 * before the interrupt and then halted is not left asleep until the next
 * heartbeat.
 */
void timer_set_deadline(uint64_t tsc);
void timer_clear_deadline(void);
/* Called for VEC_TIMER. */
void timer_interrupt(void);

#endif /* LWK_ASM_TIMER_H */
