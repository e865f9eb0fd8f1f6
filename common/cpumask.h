/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-size CPU bitmaps as arrays of 64-bit words, the same layout on
 * every side so a mask can be handed across an ioctl or to the LWK as is.
 */
#ifndef IHK_COMMON_CPUMASK_H
#define IHK_COMMON_CPUMASK_H

#include "compat.h"

#define CPUMASK_WORDS(nbits)	(((nbits) + 63) / 64)

static inline void cpumask_bit_set(uint64_t *mask, unsigned int cpu)
{
	mask[cpu / 64] |= (uint64_t)1 << (cpu % 64);
}

static inline bool cpumask_bit_test(const uint64_t *mask, unsigned int cpu)
{
	return (mask[cpu / 64] >> (cpu % 64)) & 1;
}

static inline void cpumask_zero(uint64_t *mask, unsigned int nbits)
{
	memset(mask, 0, CPUMASK_WORDS(nbits) * sizeof(uint64_t));
}

#endif /* IHK_COMMON_CPUMASK_H */
