// SPDX-License-Identifier: GPL-2.0
/* Random numbers for ASLR (include/lwk/random.h says which source). */
#include <asm/cpu.h>
#include <lwk/random.h>

#define CPUID1_ECX_RDRAND	(1u << 30)
#define RDRAND_RETRIES		10	/* Intel's advice for a transient failure */

static int hw = -1;		/* unknown until first use */
static uint64_t mix_state;

bool random_is_hw(void)
{
	uint32_t a, b, c, d;

	if (hw < 0) {
		cpuid(1, 0, &a, &b, &c, &d);
		hw = !!(c & CPUID1_ECX_RDRAND);
	}
	return hw;
}

static bool rdrand(uint64_t *v)
{
	unsigned int i;
	uint8_t ok;

	for (i = 0; i < RDRAND_RETRIES; i++) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
		if (ok)
			return true;
	}
	return false;
}

/* splitmix64 over the TSC: every call moves the state by a fresh reading. */
static uint64_t tsc_mix(void)
{
	uint64_t z;

	z = __atomic_add_fetch(&mix_state, rdtsc() + 0x9e3779b97f4a7c15ull, __ATOMIC_RELAXED);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t random_u64(void)
{
	uint64_t v;

	if (random_is_hw() && rdrand(&v))
		return v;
	return tsc_mix();
}
