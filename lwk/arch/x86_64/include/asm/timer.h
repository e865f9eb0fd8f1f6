/* SPDX-License-Identifier: GPL-2.0 */
/* The local APIC timer: calibrated once against the TSC, then periodic. */
#ifndef LWK_ASM_TIMER_H
#define LWK_ASM_TIMER_H

#include <lwk/types.h>

#define TIMER_HZ	10	/* heartbeat rate; emulated CPUs share real ones */

/* On the boot CPU, with its APIC enabled: measure the timer's rate. */
int timer_calibrate(void);
/* Start this CPU's periodic tick at TIMER_HZ. */
void timer_start_cpu(void);
void timer_stop_cpu(void);
/* Called for VEC_TIMER. */
void timer_interrupt(void);

#endif /* LWK_ASM_TIMER_H */
