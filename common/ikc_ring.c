// SPDX-License-Identifier: GPL-2.0
/* The IKC ring; the protocol is described in ikc_ring.h. */
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

void ikc_ring_init(struct ikc_ring *r, uint32_t nr_slots)
{
	uint32_t i;

	memset(r, 0, sizeof(*r));
	r->nr_slots = nr_slots;
	r->slot_size = IKC_SLOT_SIZE;
	for (i = 0; i < nr_slots; i++)
		r->slots[i].seq = i;
}

int ikc_ring_send(struct ikc_ring *r, const struct ikc_msg *msg)
{
	uint64_t mask = r->nr_slots - 1;
	uint64_t pos = LOAD_RELAXED(&r->tail);

	for (;;) {
		struct ikc_slot *slot = &r->slots[pos & mask];
		int64_t dif = (int64_t)(LOAD_ACQ(&slot->seq) - pos);

		if (dif == 0) {
			if (ikc_claim(&r->tail, pos)) {
				slot->msg = *msg;
				STORE_REL(&slot->seq, pos + 1);
				return 0;
			}
			pos = LOAD_RELAXED(&r->tail);
		} else if (dif < 0) {
			return -EAGAIN;		/* a lap behind: full */
		} else {
			pos = LOAD_RELAXED(&r->tail);	/* another producer won */
		}
	}
}

int ikc_ring_recv(struct ikc_ring *r, struct ikc_msg *msg)
{
	uint64_t mask = r->nr_slots - 1;
	uint64_t pos = LOAD_RELAXED(&r->head);

	for (;;) {
		struct ikc_slot *slot = &r->slots[pos & mask];
		int64_t dif = (int64_t)(LOAD_ACQ(&slot->seq) - (pos + 1));

		if (dif == 0) {
			if (ikc_claim(&r->head, pos)) {
				*msg = slot->msg;
				STORE_REL(&slot->seq, pos + mask + 1);
				return 0;
			}
			pos = LOAD_RELAXED(&r->head);
		} else if (dif < 0) {
			return -EAGAIN;		/* not written yet: empty */
		} else {
			pos = LOAD_RELAXED(&r->head);	/* another consumer won */
		}
	}
}

bool ikc_ring_empty(struct ikc_ring *r)
{
	uint64_t pos = LOAD_RELAXED(&r->head);
	struct ikc_slot *slot = &r->slots[pos & (r->nr_slots - 1)];

	return (int64_t)(LOAD_ACQ(&slot->seq) - (pos + 1)) < 0;
}

static bool ikc_ring_full(struct ikc_ring *r)
{
	uint64_t pos = LOAD_RELAXED(&r->tail);
	struct ikc_slot *slot = &r->slots[pos & (r->nr_slots - 1)];

	return (int64_t)(LOAD_ACQ(&slot->seq) - pos) < 0;
}

/*
 * The flag is raised before the ring is looked at again, and a producer
 * looks at the flag only after its message is in: with a full fence on
 * both sides, either the consumer sees the message or the producer sees
 * the flag. That is the whole guard against lost wake-ups.
 */
bool ikc_ring_consumer_may_sleep(struct ikc_ring *r)
{
	STORE_REL(&r->consumer_sleeping, 1);
	FULL_FENCE();
	if (ikc_ring_empty(r))
		return true;
	ikc_ring_consumer_awake(r);
	return false;
}

void ikc_ring_consumer_awake(struct ikc_ring *r)
{
	STORE_REL(&r->consumer_sleeping, 0);
}

bool ikc_ring_consumer_needs_notify(struct ikc_ring *r)
{
	FULL_FENCE();
	if (!LOAD_RELAXED(&r->consumer_sleeping))
		return false;	/* the cheap, common case of a busy stream */
	return __atomic_exchange_n(&r->consumer_sleeping, 0, __ATOMIC_ACQ_REL);
}

bool ikc_ring_producer_may_wait(struct ikc_ring *r)
{
	STORE_REL(&r->producer_waiting, 1);
	FULL_FENCE();
	if (ikc_ring_full(r))
		return true;
	ikc_ring_producer_awake(r);
	return false;
}

void ikc_ring_producer_awake(struct ikc_ring *r)
{
	STORE_REL(&r->producer_waiting, 0);
}

bool ikc_ring_producer_needs_notify(struct ikc_ring *r)
{
	FULL_FENCE();
	if (!LOAD_RELAXED(&r->producer_waiting))
		return false;
	return __atomic_exchange_n(&r->producer_waiting, 0, __ATOMIC_ACQ_REL);
}
