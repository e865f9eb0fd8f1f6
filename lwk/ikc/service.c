// SPDX-License-Identifier: GPL-2.0
/*
 * Serving one IKC channel on its LWK CPU: each message goes to the client
 * of its class (include/ihk/ikc.h, struct ikc_client). The CPU calls
 * ikc_service_poll() from its idle loop until nothing moves, then sleeps
 * through ikc_service_may_sleep().
 *
 * Both directions are served by one event loop: each poll takes a batch
 * from to_lwk and sends a batch to to_linux, so a STRESS session that
 * fills one ring never starves the other. Replies never block receiving
 * except for a single held-back message (see struct ikc_service), and a
 * STRESS message needs no reply, so Linux can always drain what it sent
 * even while to_linux is full.
 */
#include <lwk/ikc_service.h>
#include "ikc_ring.h"

void ikc_service_init(struct ikc_service *s, struct ikc_area *a,
		      uint32_t channel, const struct ikc_service_ops *ops,
		      void *priv)
{
	memset(s, 0, sizeof(*s));
	ikc_ring_attach(&s->to_lwk, ikc_area_ring(a, channel, IKC_TO_LWK),
			a->nr_slots);
	ikc_ring_attach(&s->to_linux, ikc_area_ring(a, channel, IKC_TO_LINUX),
			a->nr_slots);
	s->channel = channel;
	s->ops = ops;
	s->priv = priv;
}

/* Put @m on to_linux, or hold it back if there is no room. */
static void ikc_reply(struct ikc_service *s, const struct ikc_msg *m)
{
	/* Only one can wait: a second would overwrite the first. */
	if (s->has_held) {
		s->lost++;
		return;
	}
	if (s->broken)
		return;
	if (!ikc_ring_send(&s->to_linux, m)) {
		s->sent++;
		s->sent_unchecked = true;
		return;
	}
	s->held = *m;
	s->has_held = true;
}

/* To the client of @m's class; the class is checked before it indexes. */
static void ikc_serve(struct ikc_service *s, const struct ikc_msg *m)
{
	uint32_t cls = IKC_MSG_CLASS(m->type);
	const struct ikc_client *c;

	c = cls < IKC_NR_CLASSES ? s->ops->client[cls] : NULL;
	if (c && c->take)
		c->take(s, m);
	else
		ikc_service_unexpected(s, m, "unknown message type");
}

void ikc_service_unexpected(struct ikc_service *s, const struct ikc_msg *m,
			    const char *why)
{
	s->unexpected++;
	s->ops->unexpected(s, m, why);
}

/* Take up to a batch; a producer waiting for room hears about it. */
void ikc_service_reply(struct ikc_service *s, const struct ikc_msg *m)
{
	ikc_reply(s, m);
}

bool ikc_service_can_reply(const struct ikc_service *s)
{
	return !s->has_held;
}

int ikc_service_send(struct ikc_service *s, const struct ikc_msg *m)
{
	/* Behind a held reply: the order on the ring must stay the order sent. */
	if (s->has_held || ikc_ring_send(&s->to_linux, m))
		return -EAGAIN;
	s->sent++;
	if (ikc_ring_consumer_needs_notify(&s->to_linux))
		s->ops->notify(s);
	return 0;
}

static unsigned int ikc_receive(struct ikc_service *s)
{
	struct ikc_msg m;
	unsigned int n;
	int ret;

	for (n = 0; n < IKC_SERVICE_BATCH && !s->has_held; n++) {
		ret = ikc_ring_recv(&s->to_lwk, &m);
		if (ret == -EIO)
			s->broken = true;	/* Linux finds out on its side */
		if (ret)
			break;
		s->received++;
		ikc_serve(s, &m);
	}
	if (n && ikc_ring_producer_needs_notify(&s->to_lwk))
		s->ops->notify(s);
	return n;
}

/* Send the held message, then what the clients stream, up to a batch. */
static unsigned int ikc_send(struct ikc_service *s)
{
	const struct ikc_client *c;
	unsigned int n = 0, cls;

	if (s->has_held) {
		if (ikc_ring_send(&s->to_linux, &s->held))
			goto out;
		s->has_held = false;
		s->sent++;
		n++;
	}
	for (cls = 0; cls < IKC_NR_CLASSES; cls++) {
		c = s->ops->client[cls];
		if (c && c->pump)
			n += c->pump(s, n < IKC_SERVICE_BATCH ?
					IKC_SERVICE_BATCH - n : 0);
	}
out:
	if (n)
		s->sent_unchecked = true;
	return n;
}

bool ikc_service_poll(struct ikc_service *s)
{
	unsigned int moved;

	if (s->broken)
		return false;
	moved = ikc_receive(s);

	moved += ikc_send(s);
	/*
	 * Once per batch, not per message: the check costs a full fence, and
	 * Linux only needs it after the last message it would otherwise miss.
	 */
	if (s->sent_unchecked) {
		s->sent_unchecked = false;
		if (ikc_ring_consumer_needs_notify(&s->to_linux))
			s->ops->notify(s);
	}
	return moved;
}

static bool ikc_wants_to_send(struct ikc_service *s)
{
	const struct ikc_client *c;
	unsigned int cls;

	if (s->has_held)
		return true;
	for (cls = 0; cls < IKC_NR_CLASSES; cls++) {
		c = s->ops->client[cls];
		if (c && c->pumping && c->pumping(s))
			return true;
	}
	return false;
}

bool ikc_service_may_sleep(struct ikc_service *s)
{
	bool may = true;

	if (s->broken)
		return true;
	/* Nothing to send: Linux owes us no notification for room. */
	if (ikc_wants_to_send(s)) {
		s->producer_announced = true;
		if (!ikc_ring_producer_may_wait(&s->to_linux))
			may = false;
	}
	/* Holding a reply, we would not take a message anyway. */
	if (!s->has_held) {
		s->consumer_announced = true;
		if (!ikc_ring_consumer_may_sleep(&s->to_lwk))
			may = false;
	}
	return may;
}

void ikc_service_awake(struct ikc_service *s)
{
	if (s->consumer_announced) {
		s->consumer_announced = false;
		ikc_ring_consumer_awake(&s->to_lwk);
	}
	if (s->producer_announced) {
		s->producer_announced = false;
		ikc_ring_producer_awake(&s->to_linux);
	}
}
