/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKC on the LWK: each CPU serves its own channel (cpus[0] also the
 * master channel) from its idle loop; see lwk/ikc/ and include/ihk/ikc.h.
 */
#ifndef LWK_IKC_H
#define LWK_IKC_H

#include <lwk/types.h>
#include <lwk/compiler.h>
#include <ihk/boot.h>

/*
 * On the boot CPU, before the others start: check the area ihk.ko built
 * and set up every CPU's channels. 0 if IKC is usable or absent (an
 * ihk.ko without IKC: ikc_phys 0); -EINVAL, logged, if the area is bad.
 */
int ikc_init(const struct ihk_boot_params *bp);

/* This CPU's idle loop: serve its channels, sleep when none moves. */
void __noreturn ikc_idle(void);

/* IHK_LWK_IKC_VECTOR on this CPU (already acknowledged). */
void ikc_interrupt(void);

/* One console line per CPU: messages and notifications so far. */
void ikc_log_stats(void);

#endif /* LWK_IKC_H */
