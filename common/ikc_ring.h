/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKC ring (struct ikc_ring in include/ihk/ikc.h): a bounded queue of
 * fixed-size messages that any number of producers and consumers on either
 * kernel may use at once, without locks. Each slot carries a sequence
 * number saying whose turn it is: a producer claims position p by moving
 * tail from p to p + 1 when the slot's seq is p, writes the message, then
 * sets seq to p + 1; a consumer claims p by moving head when seq is p + 1,
 * reads, then sets seq to p + nr_slots, handing the slot to the producer
 * of the next lap. A full ring refuses (-EAGAIN), so the caller applies
 * back-pressure; nothing is ever overwritten.
 *
 * Trust: the ring is shared with the other kernel, which may scribble on
 * it. Each side reaches a ring only through its own struct ikc_ring_desc,
 * whose mask it set itself: the nr_slots and slot_size words in the shared
 * header are written once at init and never read back here, and every
 * index into slots[] is masked with the private mask, so no value in
 * shared memory can move an access outside the ring. A ring whose
 * positions or sequence numbers no correct peer could produce, or whose
 * claim loop keeps failing, is reported as broken (-EIO) instead of being
 * spun on; the caller stops using it.
 *
 * Sleeping and waking, without lost wake-ups (see the functions below):
 *   consumer: if (ikc_ring_consumer_may_sleep(r)) sleep;
 *             ikc_ring_consumer_awake(r) once awake, then receive.
 *   producer: send; if (ikc_ring_consumer_needs_notify(r)) send an IPI.
 * and the same shape for a producer waiting for room
 * (ikc_ring_producer_may_wait / ikc_ring_producer_needs_notify, called by
 * the consumer after it took a message).
 */
#ifndef IHK_COMMON_IKC_RING_H
#define IHK_COMMON_IKC_RING_H

#include "compat.h"
#include <ihk/ikc.h>

/* One side's private view of a shared ring. */
struct ikc_ring_desc {
	struct ikc_ring *ring;		/* shared with the other kernel */
	uint64_t mask;			/* nr_slots - 1: ours, never re-read */
};

/*
 * Claim attempts one send or receive makes before it calls the ring
 * broken. Each failed attempt means another party moved the position, so
 * a correct peer cannot make us fail this often while the ring neither
 * fills nor empties; a corrupted slot or position can, forever.
 */
#define IKC_RING_MAX_RETRIES	(1u << 16)

/*
 * An empty ring of @nr_slots (a power of two) in memory of
 * IKC_RING_BYTES(nr_slots) bytes at @r, and @d to reach it.
 */
void ikc_ring_init(struct ikc_ring_desc *d, struct ikc_ring *r,
		   uint32_t nr_slots);

/* @d reaches the ring of @nr_slots at @r that the other side set up. */
void ikc_ring_attach(struct ikc_ring_desc *d, struct ikc_ring *r,
		     uint32_t nr_slots);

/* 0, -EAGAIN if the ring is full (nothing changed), -EIO if broken. */
int ikc_ring_send(const struct ikc_ring_desc *d, const struct ikc_msg *msg);

/* 0, -EAGAIN if the ring is empty, -EIO if broken. */
int ikc_ring_recv(const struct ikc_ring_desc *d, struct ikc_msg *msg);

/* True if nothing is waiting to be received (a hint, racy by nature). */
bool ikc_ring_empty(const struct ikc_ring_desc *d);

/*
 * The consumer announces it may sleep; true if it may (the ring was still
 * empty after the announcement), false if a message is there (and the
 * announcement is withdrawn).
 */
bool ikc_ring_consumer_may_sleep(const struct ikc_ring_desc *d);

/* The consumer is awake again (woken or not): no IPI needed any more. */
void ikc_ring_consumer_awake(const struct ikc_ring_desc *d);

/*
 * After a send: true if the consumer announced sleep and this caller is
 * the one to wake it (the announcement is taken, so one IPI per sleep).
 */
bool ikc_ring_consumer_needs_notify(const struct ikc_ring_desc *d);

/* The same pair for a producer that found the ring full. */
bool ikc_ring_producer_may_wait(const struct ikc_ring_desc *d);
void ikc_ring_producer_awake(const struct ikc_ring_desc *d);
bool ikc_ring_producer_needs_notify(const struct ikc_ring_desc *d);

/*
 * True if the geometry words of the shared header still say what @d was
 * set up with: a check for scribbles, never a source of sizes.
 */
bool ikc_ring_header_intact(const struct ikc_ring_desc *d);

#endif /* IHK_COMMON_IKC_RING_H */
