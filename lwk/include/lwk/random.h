/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random numbers for address-space layout (lwk/lib/random.c): RDRAND
 * when the CPU has it (QEMU's TCG "-cpu max" does, fed from the host's
 * getrandom), else TSC readings mixed by splitmix64, which is enough to
 * make layouts differ between runs but is no secret against a local
 * observer of the TSC.
 */
#ifndef LWK_RANDOM_H
#define LWK_RANDOM_H

#include <lwk/types.h>

uint64_t random_u64(void);

/* True when random_u64() comes from RDRAND. */
bool random_is_hw(void);

#endif /* LWK_RANDOM_H */
