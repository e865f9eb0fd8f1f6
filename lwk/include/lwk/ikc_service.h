/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LWK's end of IKC, as pure logic: finding the rings in the area
 * ihk.ko built (area.c), serving one channel (service.c): hand each
 * message to the client of its class, hold back what to_linux has no room
 * for; and the client of PING and STRESS (diag.c). Nothing
 * here touches the hardware; interrupts, IPIs and HLT are the caller's
 * (lwk/ikc/channel.c, lwk/kernel/idle.c), so the host unit tests run this unchanged
 * against rings in ordinary memory.
 */
#ifndef LWK_IKC_SERVICE_H
#define LWK_IKC_SERVICE_H

#include "compat.h"
#include "ikc_ring.h"
#include <ihk/ikc.h>

/*
 * 0 if the area of @size bytes at @a is one we can serve for @nr_cpus LWK
 * CPUs: magic, a channel per CPU plus the master, every ring inside @size
 * and initialised for the same nr_slots. Else -EINVAL and *why says what
 * is wrong (a static string, for the console).
 */
int ikc_area_check(const struct ikc_area *a, uint64_t size, uint32_t nr_cpus,
		   const char **why);

/* Ring (@channel, @dir) of an area that passed ikc_area_check(). */
struct ikc_ring *ikc_area_ring(struct ikc_area *a, uint32_t channel,
			       enum ikc_dir dir);

struct ikc_service;

/**
 * struct ikc_client - the LWK's client of one message class (include/ihk/ikc.h)
 * @take: a message of the class from Linux, inside the channel's poll;
 *        it may answer with ikc_service_reply()
 * @pump: optional: send on to_linux what the client streams by itself,
 *        at most @budget messages (ikc_ring_send(), counting s->sent);
 *        returns how many messages moved
 * @pumping: optional: true while @pump has something to send
 *
 * A client serves every channel; per-channel state lives in the service.
 */
struct ikc_client {
	void (*take)(struct ikc_service *s, const struct ikc_msg *m);
	unsigned int (*pump)(struct ikc_service *s, unsigned int budget);
	bool (*pumping)(const struct ikc_service *s);
};

/* What a service asks of its kernel; all called from ikc_service_poll(). */
struct ikc_service_ops {
	/* Linux may sleep on this channel: send it the notification IPI. */
	void (*notify)(struct ikc_service *s);
	/* A message we do not serve: log it (never drop it silently). */
	void (*unexpected)(struct ikc_service *s, const struct ikc_msg *m,
			   const char *why);
	/* A STRESS session started (@r NULL) or ended with report @r. */
	void (*stress)(struct ikc_service *s, uint64_t count,
		       const struct ikc_stress_report *r);
	/*
	 * The client of each message class; NULL: its messages are
	 * unexpected. The service dispatches on the class only.
	 */
	const struct ikc_client *client[IKC_NR_CLASSES];
};

/* One STRESS session: counts both ways at once (ikc.h). */
struct ikc_stress {
	bool active;
	uint64_t count;
	struct ikc_stress_report rep;
};

/*
 * One channel as its LWK CPU sees it. Only that CPU touches it (the
 * counters are read by others for statistics only).
 */
struct ikc_service {
	/* Our own view: the mask is never read back from the shared ring. */
	struct ikc_ring_desc to_lwk;
	struct ikc_ring_desc to_linux;
	uint32_t channel;
	bool broken;			/* a ring was found corrupted: left alone */
	const struct ikc_service_ops *ops;
	void *priv;			/* the kernel's, for ops */

	/*
	 * A message to_linux had no room for. While it waits we take nothing
	 * more from to_lwk, so at most one is ever held back.
	 */
	bool has_held;
	struct ikc_msg held;
	bool sent_unchecked;		/* sent since the last notify check */
	bool consumer_announced;	/* we said we may sleep on to_lwk */
	bool producer_announced;	/* we said we wait for room in to_linux */
	struct ikc_stress stress;	/* the DIAG client's (lwk/ikc/diag.c) */

	uint64_t received;		/* messages taken from to_lwk */
	uint64_t sent;			/* messages put on to_linux */
	uint64_t unexpected;		/* of those received, not served */
	uint64_t lost;			/* replies dropped: one was held already */
};

/* Messages taken, and sent, per direction in one ikc_service_poll(). */
#define IKC_SERVICE_BATCH	32

void ikc_service_init(struct ikc_service *s, struct ikc_area *a,
		      uint32_t channel, const struct ikc_service_ops *ops,
		      void *priv);

/*
 * Move what can move without waiting: take messages from to_lwk (serving
 * each), send held and STRESS messages to to_linux, notify Linux where the
 * protocol says so. True if anything moved; false means the channel is
 * stuck on Linux, and the caller may go to sleep through
 * ikc_service_may_sleep().
 */
bool ikc_service_poll(struct ikc_service *s);

/*
 * Answer from a client's take (or queue a message the kernel wants sent in
 * order with the replies): on to_linux now, or held back until there is
 * room. Only one message can be held; check ikc_service_can_reply()
 * before producing one outside a poll (a second is dropped and counted
 * in lost).
 */
void ikc_service_reply(struct ikc_service *s, const struct ikc_msg *m);
bool ikc_service_can_reply(const struct ikc_service *s);

/**
 * ikc_service_unexpected() - count and report a message nobody serves
 * @s: the channel it came on
 * @m: the message
 * @why: a static string for the console
 *
 * For clients too: a message of their class they do not serve.
 */
void ikc_service_unexpected(struct ikc_service *s, const struct ikc_msg *m,
			    const char *why);

/*
 * PING and STRESS (lwk/ikc/diag.c), the client of IKC_CLASS_DIAG: answers
 * PING with PONG and runs STRESS sessions (include/ihk/ikc.h).
 */
extern const struct ikc_client ikc_diag_client;

/*
 * Send @m now, from kernel code outside a poll, and notify Linux if it
 * sleeps on to_linux: 0, or -EAGAIN if there is no room (or a held reply
 * must go first); the caller waits (polling) and tries again.
 */
int ikc_service_send(struct ikc_service *s, const struct ikc_msg *m);

/*
 * Announce that we are about to sleep (in the rings, so Linux knows to
 * notify us). True if we may: nothing to take, and nothing we could send.
 * Call ikc_service_awake() afterwards whatever the answer, and whether or
 * not the caller slept. The caller must not be interruptible by something
 * that could need this channel between this and its sleep.
 */
bool ikc_service_may_sleep(struct ikc_service *s);
void ikc_service_awake(struct ikc_service *s);

#endif /* LWK_IKC_SERVICE_H */
