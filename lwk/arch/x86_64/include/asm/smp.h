/* SPDX-License-Identifier: GPL-2.0 */
/* Starting the other LWK CPUs, and signalling them. */
#ifndef LWK_ASM_SMP_H
#define LWK_ASM_SMP_H

#include <lwk/types.h>

/*
 * Start cpus[1..] one at a time through the trampoline page. Returns 0 when
 * all are up, or -ETIMEDOUT after marking the failure in the shared area.
 */
int smp_start_cpus(void);

/* Send @vector (or an NMI when @nmi) to every other LWK CPU that is up. */
void smp_send_others(uint32_t vector, bool nmi);
/* Wait up to @us for every other online CPU to report HALTED; true if all did. */
bool smp_wait_others_halted(uint64_t us);

/* entry.S */
void ap_entry(void);
extern char ap_boot_stack_top[];

#endif /* LWK_ASM_SMP_H */
