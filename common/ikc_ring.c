// SPDX-License-Identifier: GPL-2.0
/* The IKC ring; the protocol and the trust rules are in ikc_ring.h. */
#include "ikc_ring.h"

/*
 * Both kernels run on the same cache-coherent machine, so the C11 atomics
 * of GCC are the common language: the module, the LWK and the host unit
 * tests compile them the same way.
 */
#define LOAD_ACQ(p)		__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define LOAD_RELAXED(p)		__atomic_load_n(p, __ATOMIC_RELAXED)
#define STORE_REL(p, v)		__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define FULL_FENCE()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

static bool ikc_claim(uint64_t *pos, uint64_t expected)
{
	return __atomic_compare_exchange_n(pos, &expected, expected + 1, false,
					   __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static struct ikc_slot *ikc_slot(const struct ikc_ring_desc *d, uint64_t pos)
{
	return &d->ring->slots[pos & d->mask];
}

/*
 * seq - want for the slot of @pos, or a broken ring. Sequence numbers only
 * grow, and a slot's last lap ended before the position reached it (the
 * claim of pos - nr_slots needed seq == pos - nr_slots, its consumer's
 * pos - nr_slots + 1), so however stale @pos is, a correct peer never
 * leaves seq more than nr_slots behind it.
 */
static bool ikc_seq_impossible(const struct ikc_ring_desc *d, int64_t dif)
{
	return dif < -(int64_t)(d->mask + 1);
}

void ikc_ring_attach(struct ikc_ring_desc *d, struct ikc_ring *r,
		     uint32_t nr_slots)
{
	d->ring = r;
	d->mask = (uint64_t)nr_slots - 1;
}

void ikc_ring_init(struct ikc_ring_desc *d, struct ikc_ring *r,
		   uint32_t nr_slots)
{
	uint32_t i;

	memset(r, 0, sizeof(*r));
	r->nr_slots = nr_slots;
	r->slot_size = IKC_SLOT_SIZE;
	for (i = 0; i < nr_slots; i++)
		r->slots[i].seq = i;
	ikc_ring_attach(d, r, nr_slots);
}

int ikc_ring_send(const struct ikc_ring_desc *d, const struct ikc_msg *msg)
{
	struct ikc_ring *r = d->ring;
	uint64_t pos = LOAD_RELAXED(&r->tail);
	uint32_t tries;

	for (tries = 0; tries < IKC_RING_MAX_RETRIES; tries++) {
		struct ikc_slot *slot = ikc_slot(d, pos);
		int64_t dif = (int64_t)(LOAD_ACQ(&slot->seq) - pos);

		if (dif == 0) {
			if (ikc_claim(&r->tail, pos)) {
				slot->msg = *msg;
				STORE_REL(&slot->seq, pos + 1);
				return 0;
			}
			pos = LOAD_RELAXED(&r->tail);
		} else if (ikc_seq_impossible(d, dif)) {
			return -EIO;
		} else if (dif < 0) {
			return -EAGAIN;		/* a lap behind: full */
		} else {
			pos = LOAD_RELAXED(&r->tail);	/* another producer won */
		}
	}
	return -EIO;
}

int ikc_ring_recv(const struct ikc_ring_desc *d, struct ikc_msg *msg)
{
	struct ikc_ring *r = d->ring;
	uint64_t pos = LOAD_RELAXED(&r->head);
	uint32_t tries;

	for (tries = 0; tries < IKC_RING_MAX_RETRIES; tries++) {
		struct ikc_slot *slot = ikc_slot(d, pos);
		int64_t dif = (int64_t)(LOAD_ACQ(&slot->seq) - (pos + 1));

		if (dif == 0) {
			if (ikc_claim(&r->head, pos)) {
				/* One copy, into our memory: the caller checks it. */
				*msg = slot->msg;
				STORE_REL(&slot->seq, pos + d->mask + 1);
				return 0;
			}
			pos = LOAD_RELAXED(&r->head);
		} else if (ikc_seq_impossible(d, dif)) {
			return -EIO;
		} else if (dif < 0) {
			return -EAGAIN;		/* not written yet: empty */
		} else {
			pos = LOAD_RELAXED(&r->head);	/* another consumer won */
		}
	}
	return -EIO;
}

bool ikc_ring_empty(const struct ikc_ring_desc *d)
{
	uint64_t pos = LOAD_RELAXED(&d->ring->head);

	return (int64_t)(LOAD_ACQ(&ikc_slot(d, pos)->seq) - (pos + 1)) < 0;
}

static bool ikc_ring_full(const struct ikc_ring_desc *d)
{
	uint64_t pos = LOAD_RELAXED(&d->ring->tail);

	return (int64_t)(LOAD_ACQ(&ikc_slot(d, pos)->seq) - pos) < 0;
}

/*
 * The flag is raised before the ring is looked at again, and a producer
 * looks at the flag only after its message is in: with a full fence on
 * both sides, either the consumer sees the message or the producer sees
 * the flag. That is the whole guard against lost wake-ups.
 */
bool ikc_ring_consumer_may_sleep(const struct ikc_ring_desc *d)
{
	STORE_REL(&d->ring->consumer_sleeping, 1);
	FULL_FENCE();
	if (ikc_ring_empty(d))
		return true;
	ikc_ring_consumer_awake(d);
	return false;
}

void ikc_ring_consumer_awake(const struct ikc_ring_desc *d)
{
	STORE_REL(&d->ring->consumer_sleeping, 0);
}

bool ikc_ring_consumer_needs_notify(const struct ikc_ring_desc *d)
{
	struct ikc_ring *r = d->ring;

	FULL_FENCE();
	if (!LOAD_RELAXED(&r->consumer_sleeping))
		return false;	/* the cheap, common case of a busy stream */
	return __atomic_exchange_n(&r->consumer_sleeping, 0, __ATOMIC_ACQ_REL);
}

bool ikc_ring_producer_may_wait(const struct ikc_ring_desc *d)
{
	STORE_REL(&d->ring->producer_waiting, 1);
	FULL_FENCE();
	if (ikc_ring_full(d))
		return true;
	ikc_ring_producer_awake(d);
	return false;
}

void ikc_ring_producer_awake(const struct ikc_ring_desc *d)
{
	STORE_REL(&d->ring->producer_waiting, 0);
}

bool ikc_ring_producer_needs_notify(const struct ikc_ring_desc *d)
{
	struct ikc_ring *r = d->ring;

	FULL_FENCE();
	if (!LOAD_RELAXED(&r->producer_waiting))
		return false;
	return __atomic_exchange_n(&r->producer_waiting, 0, __ATOMIC_ACQ_REL);
}

bool ikc_ring_header_intact(const struct ikc_ring_desc *d)
{
	return LOAD_RELAXED(&d->ring->nr_slots) == d->mask + 1 &&
	       LOAD_RELAXED(&d->ring->slot_size) == IKC_SLOT_SIZE;
}
