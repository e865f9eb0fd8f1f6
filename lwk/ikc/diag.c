// SPDX-License-Identifier: GPL-2.0
/*
 * PING and STRESS on the LWK (include/ihk/ikc.h, IKC_CLASS_DIAG): a client
 * of the channel service like any other. PING comes back as PONG; a STRESS
 * session takes `count` messages from Linux while it streams `count` back
 * (from the service's send side, through .pump), and ends with a report.
 * Its state is the channel's (struct ikc_service's stress).
 */
#include <lwk/ikc_service.h>
#include "ikc_ring.h"

static void ikc_stress_begin(struct ikc_service *s, const struct ikc_msg *m)
{
	struct ikc_stress_begin b;

	if (m->len < sizeof(b)) {
		ikc_service_unexpected(s, m, "STRESS_BEGIN without its count");
		return;
	}
	memcpy(&b, m->payload, sizeof(b));
	if (s->stress.active) {
		/* Linux gave up on it (a timeout); its report would confuse. */
		s->ops->unexpected(s, m, "STRESS_BEGIN during a session: the old one is abandoned");
	}
	memset(&s->stress, 0, sizeof(s->stress));
	s->stress.active = true;
	s->stress.count = b.count;
	s->ops->stress(s, b.count, NULL);
}

static void ikc_stress_take(struct ikc_service *s, const struct ikc_msg *m)
{
	struct ikc_stress *st = &s->stress;
	uint64_t want = ikc_stress_word(m->cookie);

	if (!st->active || st->rep.received >= st->count) {
		ikc_service_unexpected(s, m, st->active ?
				       "STRESS beyond the session's count" :
				       "STRESS outside a session");
		return;
	}
	/* Linux numbers them 0..count-1 and the ring keeps its order. */
	if (m->cookie != st->rep.received)
		st->rep.out_of_order++;
	if (m->len != sizeof(want) || memcmp(m->payload, &want, sizeof(want)))
		st->rep.bad_payload++;
	st->rep.received++;
}

static bool ikc_stress_next(struct ikc_service *s, struct ikc_msg *m)
{
	struct ikc_stress *st = &s->stress;
	uint64_t word;

	if (!st->active || st->rep.sent >= st->count)
		return false;
	word = ikc_stress_word(st->rep.sent);
	memset(m, 0, sizeof(*m));
	m->type = IKC_MSG_STRESS;
	m->len = sizeof(word);
	m->cookie = st->rep.sent;
	memcpy(m->payload, &word, sizeof(word));
	return true;
}

/* Both counts reached: the report goes after our last STRESS message. */
static void ikc_stress_end(struct ikc_service *s)
{
	struct ikc_stress *st = &s->stress;
	struct ikc_msg m;

	memset(&m, 0, sizeof(m));
	m.type = IKC_MSG_STRESS_REPORT;
	m.len = sizeof(st->rep);
	memcpy(m.payload, &st->rep, sizeof(st->rep));
	st->active = false;
	s->ops->stress(s, st->count, &st->rep);
	ikc_service_reply(s, &m);
}

static void ikc_diag_take(struct ikc_service *s, const struct ikc_msg *m)
{
	struct ikc_msg reply;

	switch (m->type) {
	case IKC_MSG_PING:
		reply = *m;
		reply.type = IKC_MSG_PONG;
		ikc_service_reply(s, &reply);
		break;
	case IKC_MSG_STRESS_BEGIN:
		ikc_stress_begin(s, m);
		break;
	case IKC_MSG_STRESS:
		ikc_stress_take(s, m);
		break;
	default:
		ikc_service_unexpected(s, m, "unknown message type");
		break;
	}
}

/* STRESS messages, up to @budget, then the report once both counts are reached. */
static unsigned int ikc_diag_pump(struct ikc_service *s, unsigned int budget)
{
	struct ikc_stress *st = &s->stress;
	struct ikc_msg m;
	unsigned int n;

	for (n = 0; n < budget && ikc_stress_next(s, &m); n++) {
		if (ikc_ring_send(&s->to_linux, &m))
			break;
		st->rep.sent++;
		s->sent++;
	}
	if (st->active && st->rep.sent == st->count &&
	    st->rep.received == st->count) {
		ikc_stress_end(s);
		n++;
	}
	return n;
}

static bool ikc_diag_pumping(const struct ikc_service *s)
{
	return s->stress.active && s->stress.rep.sent < s->stress.count;
}

const struct ikc_client ikc_diag_client = {
	.take = ikc_diag_take,
	.pump = ikc_diag_pump,
	.pumping = ikc_diag_pumping,
};
