// SPDX-License-Identifier: GPL-2.0
/*
 * Debug requests (abi.h IHK_DEBUG_CORRUPT_*): scribble on the rings of
 * cpus[0]'s own channel as a stray write of a buggy LWK would, so tests
 * can show that ihk.ko survives it. Runs on cpus[0] in its request
 * handler (interrupts off), the CPU that serves that channel.
 */
#include <lwk/ikc.h>
#include <lwk/printk.h>
#include "ikc_cpu.h"
#include "ikc_ring.h"

/* Positions no ring of ours reaches: 2^31 - 16 messages in. */
#define CORRUPT_POS		0x7ffffff0ULL
#define CORRUPT_NR_SLOTS	0x80000000u
/* A sequence number ahead of the position it belongs to. */
#define CORRUPT_SEQ_AHEAD	6

static void corrupt_header(struct ikc_ring *r)
{
	WRITE_ONCE(r->nr_slots, CORRUPT_NR_SLOTS);
	WRITE_ONCE(r->slot_size, 0xffffffffu);
}

static void corrupt_msgs(struct ikc_service *s)
{
	static const struct { uint32_t type, len; } bad[] = {
		{ IKC_MSG_PONG, 0xffffffffu },
		{ IKC_MSG_STRESS_REPORT, 0x7fffffffu },
		/* a reply of the process class, PROC_CREATED */
		{ IKC_CLASS_BASE(IKC_CLASS_PROC) + 1, 0xffffffffu },
		{ 0xffffffffu, 0xffffffffu },
	};
	struct ikc_msg m;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&m, 0xff, sizeof(m));
		m.type = bad[i].type;
		m.len = bad[i].len;
		if (ikc_ring_send(&s->to_linux, &m))
			break;
	}
}

void ikc_debug_corrupt(unsigned int what)
{
	struct ikc_service *s = &ikc_cpus[0].svc[0];
	struct ikc_ring *rx = s->to_linux.ring, *tx = s->to_lwk.ring;
	uint64_t pos;

	if (!ikc_area)
		return;
	switch (what) {
	case IHK_DEBUG_CORRUPT_RING:
		printk("debug: corrupting channel %u's ring headers\n", s->channel);
		corrupt_header(rx);
		corrupt_header(tx);
		/* The positions Linux uses: its producer's and its consumer's. */
		WRITE_ONCE(tx->tail, CORRUPT_POS);
		WRITE_ONCE(rx->head, CORRUPT_POS);
		break;
	case IHK_DEBUG_CORRUPT_SLOT_RX:
		printk("debug: corrupting the next to_linux slot of channel %u\n",
		       s->channel);
		pos = READ_ONCE(rx->tail);
		WRITE_ONCE(rx->slots[pos & s->to_linux.mask].seq,
			   pos + CORRUPT_SEQ_AHEAD);
		/* Linux drains at once, in its IRQ handler. */
		ikc_notify_linux(s);
		break;
	case IHK_DEBUG_CORRUPT_SLOT_TX:
		printk("debug: corrupting the next to_lwk slot of channel %u\n",
		       s->channel);
		pos = READ_ONCE(tx->tail);
		WRITE_ONCE(tx->slots[pos & s->to_lwk.mask].seq,
			   pos + CORRUPT_SEQ_AHEAD);
		break;
	case IHK_DEBUG_CORRUPT_MSG:
		printk("debug: sending messages with wild fields on channel %u\n",
		       s->channel);
		corrupt_msgs(s);
		ikc_notify_linux(s);
		break;
	}
}
