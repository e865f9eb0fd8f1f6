// SPDX-License-Identifier: GPL-2.0
/* The LWK console ring; the protocol is described in kmsg_ring.h. */
#include "kmsg_ring.h"

void kmsg_ring_init(struct ihk_kmsg_ring *ring, uint32_t size)
{
	ring->reserved = 0;
	ring->committed = 0;
	ring->size = size;
	ring->pad = 0;
}

void kmsg_ring_write(struct ihk_kmsg_ring *ring, char *data, uint32_t size,
		     const char *buf, size_t len)
{
	uint64_t mask = size - 1;
	uint64_t pos = ring->committed;
	size_t i;

	if (len > size) {
		buf += len - size;
		len = size;
	}
	__atomic_store_n(&ring->reserved, pos + len, __ATOMIC_RELAXED);
	/* Readers must see the claim before any byte it allows to change. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < len; i++)
		data[(pos + i) & mask] = buf[i];
	__atomic_store_n(&ring->committed, pos + len, __ATOMIC_RELEASE);
}

size_t kmsg_ring_read(const struct ihk_kmsg_ring *ring, const char *data,
		      uint32_t size, uint64_t *pos, char *out, size_t len,
		      uint64_t *lost)
{
	uint64_t committed, reserved, start, oldest;
	uint64_t mask;
	size_t n, i, drop;

	if (!size || (size & (size - 1)))
		return 0;
	mask = size - 1;
	committed = __atomic_load_n(&ring->committed, __ATOMIC_ACQUIRE);
	start = *pos;
	if (start > committed)		/* a reader from before a reset */
		start = committed;
	oldest = committed > size ? committed - size : 0;
	if (start < oldest) {
		*lost += oldest - start;
		start = oldest;
	}
	n = committed - start;
	if (n > len)
		n = len;
	for (i = 0; i < n; i++)
		out[i] = data[(start + i) & mask];

	/* Anything a writer may have started to overwrite meanwhile is gone. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	reserved = __atomic_load_n(&ring->reserved, __ATOMIC_RELAXED);
	oldest = reserved > size ? reserved - size : 0;
	if (start < oldest) {
		drop = oldest - start;
		if (drop > n)
			drop = n;
		for (i = drop; i < n; i++)
			out[i - drop] = out[i];
		*lost += drop;
		n -= drop;
		start += drop;
	}
	*pos = start + n;
	return n;
}
