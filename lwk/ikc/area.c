// SPDX-License-Identifier: GPL-2.0
/*
 * The IKC area ihk.ko built before boot (include/ihk/ikc.h). We check it
 * once, on the boot CPU, before any CPU serves a ring: every offset in it
 * was written by Linux, and a ring we would compute outside the area would
 * have us write over our own memory.
 */
#include <lwk/ikc_service.h>

int ikc_area_check(const struct ikc_area *a, uint64_t size, uint32_t nr_cpus,
		   const char **why)
{
	uint32_t c, d, slots = a->nr_slots;
	uint64_t rings;

	*why = NULL;
	if (size < sizeof(*a))
		*why = "smaller than its header";
	else if (a->magic != IKC_AREA_MAGIC)
		*why = "bad magic";
	else if (a->nr_channels > IKC_MAX_CHANNELS ||
		 a->nr_channels < IKC_CPU_CHANNEL(nr_cpus))
		*why = "not a channel for every LWK CPU";
	else if (!slots || (slots & (slots - 1)))
		*why = "nr_slots is not a power of two";
	else if (a->ring_bytes < IKC_RING_BYTES(slots) || a->ring_bytes % 64)
		*why = "ring_bytes too small for nr_slots, or unaligned";
	else if (a->ring_offset < sizeof(*a) || a->ring_offset % 8)
		/* 8: the ring's atomics; the contract does not promise 64 */
		*why = "ring_offset inside the header, or unaligned";
	if (*why)
		return -EINVAL;

	/* Both sides are below 2^32 * 2^32: no overflow in 64 bits. */
	rings = 2ULL * a->nr_channels * a->ring_bytes;
	if (a->ring_offset > size || rings > size - a->ring_offset) {
		*why = "rings beyond the end of the area";
		return -EINVAL;
	}
	for (c = 0; c < a->nr_channels; c++) {
		for (d = IKC_TO_LWK; d <= IKC_TO_LINUX; d++) {
			const struct ikc_ring *r =
				ikc_area_ring((struct ikc_area *)a, c, d);

			if (r->nr_slots != slots || r->slot_size != IKC_SLOT_SIZE) {
				*why = "a ring not initialised for nr_slots";
				return -EINVAL;
			}
		}
	}
	return 0;
}

struct ikc_ring *ikc_area_ring(struct ikc_area *a, uint32_t channel,
			       enum ikc_dir dir)
{
	return (struct ikc_ring *)((char *)a + a->ring_offset +
				   (2ULL * channel + dir) * a->ring_bytes);
}
