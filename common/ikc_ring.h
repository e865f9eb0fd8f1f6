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

/* An empty ring of @nr_slots (a power of two) in memory of
 * IKC_RING_BYTES(nr_slots) bytes. */
void ikc_ring_init(struct ikc_ring *r, uint32_t nr_slots);

/* 0, or -EAGAIN if the ring is full (nothing changed). */
int ikc_ring_send(struct ikc_ring *r, const struct ikc_msg *msg);

/* 0, or -EAGAIN if the ring is empty. */
int ikc_ring_recv(struct ikc_ring *r, struct ikc_msg *msg);

/* True if nothing is waiting to be received (a hint, racy by nature). */
bool ikc_ring_empty(struct ikc_ring *r);

/*
 * The consumer announces it may sleep; true if it may (the ring was still
 * empty after the announcement), false if a message is there (and the
 * announcement is withdrawn).
 */
bool ikc_ring_consumer_may_sleep(struct ikc_ring *r);

/* The consumer is awake again (woken or not): no IPI needed any more. */
void ikc_ring_consumer_awake(struct ikc_ring *r);

/*
 * After a send: true if the consumer announced sleep and this caller is
 * the one to wake it (the announcement is taken, so one IPI per sleep).
 */
bool ikc_ring_consumer_needs_notify(struct ikc_ring *r);

/* The same pair for a producer that found the ring full. */
bool ikc_ring_producer_may_wait(struct ikc_ring *r);
void ikc_ring_producer_awake(struct ikc_ring *r);
bool ikc_ring_producer_needs_notify(struct ikc_ring *r);

#endif /* IHK_COMMON_IKC_RING_H */
