/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LWK console ring (struct ihk_kmsg_ring in include/ihk/boot.h): the
 * LWK appends, Linux reads, and neither ever waits for the other.
 *
 * Positions are absolute byte counts that only grow; byte p lives at
 * data[p & (size - 1)]. A writer first raises `reserved` to the end of
 * what it is about to write, then copies, then raises `committed`. A
 * reader copies bytes below `committed` and afterwards rereads `reserved`:
 * any byte older than reserved - size may have been overwritten while it
 * was copied, and is dropped and counted as lost. Writers must be
 * serialised by the caller (the LWK holds a lock); readers need nothing.
 * The reader trusts nothing the writer left in the header: the size both
 * sides use is their own constant (@size below, IHK_KMSG_SIZE), never the
 * header's copy, so every byte either touches lies inside data[size].
 */
#ifndef IHK_COMMON_KMSG_RING_H
#define IHK_COMMON_KMSG_RING_H

#include "compat.h"
#include <ihk/boot.h>

/* Set up an empty ring of @size bytes (a power of two). */
void kmsg_ring_init(struct ihk_kmsg_ring *ring, uint32_t size);

/*
 * Append @len bytes to the ring of @size bytes (a power of two) at @data;
 * if @len exceeds the ring, only its tail is kept.
 */
void kmsg_ring_write(struct ihk_kmsg_ring *ring, char *data, uint32_t size,
		     const char *buf, size_t len);

/*
 * Copy up to @len bytes from position *@pos of the ring of @size bytes (a
 * power of two) at @data into @out. Returns the bytes
 * copied, advances *@pos past them and adds to *@lost the bytes skipped
 * because they were overwritten. Bytes no longer kept at *@pos are skipped
 * to the oldest byte still kept, so *@pos = 0 means "from the start".
 */
size_t kmsg_ring_read(const struct ihk_kmsg_ring *ring, const char *data,
		      uint32_t size, uint64_t *pos, char *out, size_t len,
		      uint64_t *lost);

#endif /* IHK_COMMON_KMSG_RING_H */
