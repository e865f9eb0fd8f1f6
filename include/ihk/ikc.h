/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKC: the inter-kernel channels between Linux and the LWK.
 *
 * The IKC area is part of the instance's own memory: ihk.ko places it in
 * the kernel chunk right after the boot parameters (boot params ikc_phys,
 * ikc_size; included in kernel_size, so the LWK never allocates it) and
 * initialises every ring before boot. Linux reaches it through its direct
 * map, the LWK through its own.
 *
 * Channel 0 is the master (control) channel, served by LWK cpus[0];
 * channel 1 + i belongs to LWK CPU i. Each channel has two rings: to_lwk
 * and to_linux. Each ring is a bounded multi-producer multi-consumer queue
 * of fixed-size messages (common/ikc_ring.h); a full ring makes the
 * producer wait, nothing is ever dropped or overwritten.
 *
 * Notifications: the consumer of a ring announces it may be asleep
 * (consumer_sleeping); a producer sends an IPI only if it finds it so
 * (and clears it), so a busy stream costs no IPIs. Likewise a producer that
 * waits for room announces it (producer_waiting) and the consumer notifies
 * it after taking a message. Linux -> LWK: vector IHK_LWK_IKC_VECTOR to the
 * LWK CPU's APIC id. LWK -> Linux: the vector and APIC id in the channel's
 * linux_target word, which ihk.ko rewrites whenever the target changes
 * (ikc_map, or Linux moving its IRQ); the LWK reads it at every send.
 */
#ifndef IHK_IKC_H
#define IHK_IKC_H

#if defined(__KERNEL__)
#include <linux/types.h>
#elif defined(IHK_LWK)
#include <lwk/types.h>
#else
#include <stdint.h>
#endif

#include <ihk/boot.h>

#define IHK_LWK_IKC_VECTOR	0xf3	/* on LWK CPUs: "look at your rings" */

#define IKC_SLOT_SIZE		128	/* bytes per message slot */
#define IKC_PAYLOAD_MAX		104	/* payload bytes per message */
#define IKC_RING_SLOTS		256	/* slots per ring, a power of two */

struct ikc_msg {
	uint32_t type;			/* enum ikc_msg_type */
	uint32_t len;			/* payload bytes used */
	uint64_t cookie;		/* the sender's: sequence, request id */
	uint8_t payload[IKC_PAYLOAD_MAX];
};

struct ikc_slot {
	uint64_t seq;			/* ring-internal: whose turn the slot is */
	struct ikc_msg msg;
	uint8_t pad[IKC_SLOT_SIZE - 8 - sizeof(struct ikc_msg)];
};

/* One ring; producers, consumers and constants on separate cache lines. */
struct ikc_ring {
	uint64_t tail;			/* next position to produce */
	uint32_t producer_waiting;	/* a producer found it full and waits */
	uint8_t pad0[52];
	uint64_t head;			/* next position to consume */
	uint32_t consumer_sleeping;	/* the consumer may be asleep */
	uint8_t pad1[52];
	uint32_t nr_slots;		/* power of two */
	uint32_t slot_size;		/* IKC_SLOT_SIZE */
	uint8_t pad2[56];
	struct ikc_slot slots[];
};

#define IKC_RING_BYTES(slots)	(sizeof(struct ikc_ring) + (uint64_t)(slots) * IKC_SLOT_SIZE)

enum ikc_dir {
	IKC_TO_LWK = 0,
	IKC_TO_LINUX = 1,
};

#define IKC_MASTER_CHANNEL	0
#define IKC_CPU_CHANNEL(i)	(1 + (i))	/* LWK CPU index i */

struct ikc_channel_info {
	/* (APIC id << 32) | vector of the Linux CPU to notify; 0: none yet */
	uint64_t linux_target;
	uint32_t lwk_cpu;		/* LWK CPU index that serves it */
	uint32_t linux_cpu;		/* Linux CPU number notified (for humans) */
};

#define IKC_AREA_MAGIC		0x31434b4948ULL	/* "IHKC1" */
#define IKC_MAX_CHANNELS	(1 + IHK_LWK_MAX_CPUS)

/*
 * At ikc_phys: this header, then ring (channel c, direction d) at
 * ring_offset + (2 * c + d) * ring_bytes.
 */
struct ikc_area {
	uint64_t magic;			/* IKC_AREA_MAGIC */
	uint32_t nr_channels;		/* 1 + nr_cpus */
	uint32_t ring_bytes;		/* IKC_RING_BYTES(nr_slots), 64-aligned */
	uint64_t ring_offset;		/* from the start of this header */
	uint32_t nr_slots;
	uint32_t pad;
	struct ikc_channel_info ch[IKC_MAX_CHANNELS];
};

/*
 * Message classes: the bits of a type above IKC_CLASS_SHIFT name the
 * class, and each class has one client on each side. The transport
 * dispatches on the class only (a class with no client, or past
 * IKC_NR_CLASSES, is an unexpected message), and the client on the type.
 */
#define IKC_CLASS_SHIFT		8
#define IKC_MSG_CLASS(type)	((uint32_t)(type) >> IKC_CLASS_SHIFT)
#define IKC_CLASS_BASE(cls)	((uint32_t)(cls) << IKC_CLASS_SHIFT)

enum ikc_msg_class {
	IKC_CLASS_DIAG = 0,	/* PING and STRESS, below */
	IKC_CLASS_PROC = 1,	/* processes, include/ihk/mcexec.h */
	IKC_NR_CLASSES,
};

/* Class IKC_CLASS_DIAG. */
enum ikc_msg_type {
	IKC_MSG_NONE = IKC_CLASS_BASE(IKC_CLASS_DIAG),
	/* Linux -> LWK CPU: send it back as PONG, same cookie, len, payload */
	IKC_MSG_PING,
	IKC_MSG_PONG,
	/*
	 * Linux -> LWK CPU: payload is struct ikc_stress_begin. The CPU then
	 * expects `count` STRESS messages from Linux and sends `count` back,
	 * both at once, and ends with a STRESS_REPORT.
	 */
	IKC_MSG_STRESS_BEGIN,
	/* either way: cookie = sequence 0..count-1, payload = ikc_stress_word(cookie) */
	IKC_MSG_STRESS,
	/* LWK CPU -> Linux: payload is struct ikc_stress_report */
	IKC_MSG_STRESS_REPORT,
};

struct ikc_stress_begin {
	uint64_t count;
};

struct ikc_stress_report {
	uint64_t received;		/* STRESS messages taken from Linux */
	uint64_t out_of_order;		/* of those, with an unexpected cookie */
	uint64_t bad_payload;		/* of those, with a wrong payload */
	uint64_t sent;			/* STRESS messages sent to Linux */
};

/**
 * ikc_stress_word() - the 8-byte payload a STRESS message carries
 * @seq: the message's sequence number (its cookie)
 *
 * Both sides compute it, so each can check every message it receives
 * without keeping a copy of what was sent.
 *
 * Return: the payload word for @seq.
 */
static inline uint64_t ikc_stress_word(uint64_t seq)
{
	return seq * 0x9e3779b97f4a7c15ULL ^ 0x5bd1e995ULL;
}

#endif /* IHK_IKC_H */
