// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's IKC service (lwk/ikc/area.c, service.c) against rings in
 * ordinary memory, with the test playing Linux: PING answered, replies
 * held back when to_linux is full, STRESS sessions counted and checked,
 * unknown messages reported, notifications exactly when the protocol
 * says, and a threaded stress where both sides really sleep.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ikc_ring.h"
#include <lwk/ikc_service.h>
#include <ihk/mcexec.h>

#define SMALL_SLOTS	8

static struct {
	struct ikc_area *area;
	uint64_t size;
	struct ikc_service svc;
	unsigned int notifies;
	unsigned int unexpected;
	uint32_t last_type;
	char last_why[128];
	unsigned int stress_begun;
	bool reported;
	struct ikc_stress_report report;
	sem_t *notify_sem;	/* threaded test: the IPI to Linux */
	unsigned int procs;	/* process messages handed to the kernel */
	uint32_t proc_type;
} t;

static void fake_notify(struct ikc_service *s)
{
	(void)s;
	t.notifies++;
	if (t.notify_sem)
		sem_post(t.notify_sem);
}

static void fake_unexpected(struct ikc_service *s, const struct ikc_msg *m,
			    const char *why)
{
	(void)s;
	t.unexpected++;
	t.last_type = m->type;
	snprintf(t.last_why, sizeof(t.last_why), "%s", why);
}

static void fake_stress(struct ikc_service *s, uint64_t count,
			const struct ikc_stress_report *r)
{
	(void)s;
	(void)count;
	if (!r) {
		t.stress_begun++;
		return;
	}
	t.reported = true;
	t.report = *r;
}

/* A kernel that answers each process message with type + 1, same cookie. */
static void fake_proc(struct ikc_service *s, const struct ikc_msg *m)
{
	struct ikc_msg r = *m;

	t.procs++;
	t.proc_type = m->type;
	r.type = m->type + 1;
	ikc_service_reply(s, &r);
}

static const struct ikc_client fake_proc_client = {
	.take = fake_proc,
};

/* The LWK's own PING/STRESS client, and a fake process service. */
static const struct ikc_service_ops fake_ops = {
	.notify = fake_notify,
	.unexpected = fake_unexpected,
	.stress = fake_stress,
	.client = {
		[IKC_CLASS_DIAG] = &ikc_diag_client,
		[IKC_CLASS_PROC] = &fake_proc_client,
	},
};

static const struct ikc_service_ops no_proc_ops = {
	.notify = fake_notify,
	.unexpected = fake_unexpected,
	.stress = fake_stress,
	.client = { [IKC_CLASS_DIAG] = &ikc_diag_client },
};

/* An area as ihk.ko lays it out: header, then 2 rings per channel. */
static struct ikc_area *make_area(uint32_t nr_cpus, uint32_t slots,
				  uint64_t *size)
{
	uint32_t ring_bytes = (IKC_RING_BYTES(slots) + 63) & ~63u;
	uint64_t offset = (sizeof(struct ikc_area) + 63) & ~63ul;
	uint32_t nr_channels = 1 + nr_cpus, c;
	struct ikc_area *a;

	*size = offset + 2ull * nr_channels * ring_bytes;
	a = aligned_alloc(64, (*size + 63) & ~63ul);
	ck_assert_ptr_nonnull(a);
	memset(a, 0, *size);
	a->magic = IKC_AREA_MAGIC;
	a->nr_channels = nr_channels;
	a->ring_bytes = ring_bytes;
	a->ring_offset = offset;
	a->nr_slots = slots;
	for (c = 0; c < nr_channels; c++) {
		struct ikc_ring_desc d;

		ikc_ring_init(&d, ikc_area_ring(a, c, IKC_TO_LWK), slots);
		ikc_ring_init(&d, ikc_area_ring(a, c, IKC_TO_LINUX), slots);
	}
	return a;
}

static void setup_slots(uint32_t slots)
{
	memset(&t, 0, sizeof(t));
	t.area = make_area(2, slots, &t.size);
	ikc_service_init(&t.svc, t.area, IKC_CPU_CHANNEL(1), &fake_ops, NULL);
}

static void setup(void)
{
	setup_slots(SMALL_SLOTS);
}

static void teardown(void)
{
	free(t.area);
	t.area = NULL;
}

static struct ikc_msg msg(uint32_t type, uint64_t cookie, uint32_t len)
{
	struct ikc_msg m;
	uint32_t i;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.cookie = cookie;
	m.len = len;
	for (i = 0; i < len; i++)
		m.payload[i] = (uint8_t)(cookie + i);
	return m;
}

static struct ikc_msg stress_msg(uint64_t seq)
{
	struct ikc_msg m = msg(IKC_MSG_STRESS, seq, 8);
	uint64_t w = ikc_stress_word(seq);

	memcpy(m.payload, &w, 8);
	return m;
}

static struct ikc_msg begin_msg(uint64_t count)
{
	struct ikc_msg m = msg(IKC_MSG_STRESS_BEGIN, 0, 0);
	struct ikc_stress_begin b = { .count = count };

	memcpy(m.payload, &b, sizeof(b));
	m.len = sizeof(b);
	return m;
}

static void to_lwk(struct ikc_msg m)
{
	ck_assert_int_eq(ikc_ring_send(&t.svc.to_lwk, &m), 0);
}

static bool from_lwk(struct ikc_msg *m)
{
	return ikc_ring_recv(&t.svc.to_linux, m) == 0;
}

START_TEST(area_well_formed_is_accepted)
{
	const char *why;

	ck_assert_int_eq(ikc_area_check(t.area, t.size, 2, &why), 0);
	ck_assert_ptr_null(why);
	/* Fewer LWK CPUs than channels is fine; more is not. */
	ck_assert_int_eq(ikc_area_check(t.area, t.size, 1, &why), 0);
	ck_assert_int_eq(ikc_area_check(t.area, t.size, 3, &why), -EINVAL);
	ck_assert_ptr_nonnull(why);
}
END_TEST

START_TEST(area_bad_magic_is_refused)
{
	const char *why;

	t.area->magic ^= 1;
	ck_assert_int_eq(ikc_area_check(t.area, t.size, 2, &why), -EINVAL);
	ck_assert_str_eq(why, "bad magic");
}
END_TEST

START_TEST(area_rings_past_its_end_are_refused)
{
	const char *why;

	ck_assert_int_eq(ikc_area_check(t.area, t.size - 1, 2, &why), -EINVAL);
	ck_assert_str_eq(why, "rings beyond the end of the area");
	t.area->ring_offset = ~0ull & ~63ull;
	ck_assert_int_eq(ikc_area_check(t.area, t.size, 2, &why), -EINVAL);
}
END_TEST

START_TEST(area_slot_count_must_be_power_of_two_and_match_rings)
{
	const char *why;

	t.area->nr_slots = 6;
	ck_assert_int_eq(ikc_area_check(t.area, t.size, 2, &why), -EINVAL);
	t.area->nr_slots = SMALL_SLOTS;
	ikc_area_ring(t.area, 2, IKC_TO_LINUX)->nr_slots = SMALL_SLOTS / 2;
	ck_assert_int_eq(ikc_area_check(t.area, t.size, 2, &why), -EINVAL);
	ck_assert_str_eq(why, "a ring not initialised for nr_slots");
}
END_TEST

START_TEST(area_ring_lookup_follows_the_contract)
{
	char *base = (char *)t.area + t.area->ring_offset;

	ck_assert_ptr_eq(ikc_area_ring(t.area, 0, IKC_TO_LWK), base);
	ck_assert_ptr_eq(ikc_area_ring(t.area, 2, IKC_TO_LINUX),
			 base + 5 * (uint64_t)t.area->ring_bytes);
	ck_assert_ptr_eq(t.svc.to_lwk.ring, base + 4 * (uint64_t)t.area->ring_bytes);
}
END_TEST

START_TEST(ping_gets_pong_with_same_cookie_len_payload)
{
	struct ikc_msg in = msg(IKC_MSG_PING, 0x1234567890ull, IKC_PAYLOAD_MAX);
	struct ikc_msg out;

	to_lwk(in);
	ck_assert(ikc_service_poll(&t.svc));
	ck_assert(from_lwk(&out));
	ck_assert_uint_eq(out.type, IKC_MSG_PONG);
	ck_assert_uint_eq(out.cookie, in.cookie);
	ck_assert_uint_eq(out.len, in.len);
	ck_assert_mem_eq(out.payload, in.payload, IKC_PAYLOAD_MAX);
	ck_assert(!from_lwk(&out));
	ck_assert(!ikc_service_poll(&t.svc));
	ck_assert_uint_eq(t.svc.received, 1);
	ck_assert_uint_eq(t.svc.sent, 1);
}
END_TEST

START_TEST(linux_notified_only_when_it_said_it_sleeps)
{
	struct ikc_msg out;

	to_lwk(msg(IKC_MSG_PING, 1, 0));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.notifies, 0);	/* Linux was busy */

	ck_assert(!ikc_ring_consumer_may_sleep(&t.svc.to_linux));	/* PONG 1 */
	ck_assert(from_lwk(&out));
	ck_assert(ikc_ring_consumer_may_sleep(&t.svc.to_linux));
	to_lwk(msg(IKC_MSG_PING, 2, 0));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.notifies, 1);
	/* The announcement is used up: the next PONG costs no IPI. */
	to_lwk(msg(IKC_MSG_PING, 3, 0));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.notifies, 1);
}
END_TEST

START_TEST(full_to_linux_holds_one_reply_and_stops_taking)
{
	struct ikc_msg out;
	uint64_t i, next = 0;

	/* Nine PINGs before Linux reads: eight PONGs fit, one is held. */
	for (i = 0; i < SMALL_SLOTS; i++)
		to_lwk(msg(IKC_MSG_PING, i, 4));
	ikc_service_poll(&t.svc);
	for (i = SMALL_SLOTS; i < SMALL_SLOTS + 2; i++)
		to_lwk(msg(IKC_MSG_PING, i, 4));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.svc.received, SMALL_SLOTS + 1);
	ck_assert(t.svc.has_held);
	ck_assert(!ikc_ring_empty(&t.svc.to_lwk));	/* the tenth waits */

	/* Stuck on Linux: we may sleep, as a producer waiting for room. */
	ck_assert(ikc_service_may_sleep(&t.svc));
	ck_assert_uint_eq(t.svc.to_linux.ring->producer_waiting, 1);
	ck_assert_uint_eq(t.svc.to_lwk.ring->consumer_sleeping, 0);
	ck_assert(from_lwk(&out));
	ck_assert_uint_eq(out.cookie, next++);
	ck_assert(ikc_ring_producer_needs_notify(&t.svc.to_linux));	/* Linux IPIs us */
	ikc_service_awake(&t.svc);

	while (next < SMALL_SLOTS + 2) {
		ikc_service_poll(&t.svc);
		while (from_lwk(&out)) {
			ck_assert_uint_eq(out.type, IKC_MSG_PONG);
			ck_assert_uint_eq(out.cookie, next++);
		}
	}
	ck_assert(!t.svc.has_held);
	ck_assert_uint_eq(t.svc.sent, SMALL_SLOTS + 2);
}
END_TEST

START_TEST(proc_messages_go_to_the_kernel_and_replies_keep_order)
{
	struct ikc_msg out;
	uint64_t i;

	/* More requests than to_linux holds: the last answer is held back. */
	for (i = 0; i < SMALL_SLOTS; i++)
		to_lwk(msg(IKC_MSG_PROC_MAP, i, 16));
	ikc_service_poll(&t.svc);
	to_lwk(msg(IKC_MSG_PROC_START, 100, 0));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.procs, SMALL_SLOTS + 1);
	ck_assert_uint_eq(t.proc_type, IKC_MSG_PROC_START);
	ck_assert_uint_eq(t.unexpected, 0);
	ck_assert(t.svc.has_held);
	ck_assert(!ikc_service_can_reply(&t.svc));
	/* A message sent from the kernel must not overtake the held reply. */
	out = msg(IKC_MSG_SYSCALL, 7, 8);
	ck_assert_int_eq(ikc_service_send(&t.svc, &out), -EAGAIN);

	for (i = 0; i < SMALL_SLOTS; i++) {
		ck_assert(from_lwk(&out));
		ck_assert_uint_eq(out.type, IKC_MSG_PROC_MAP_DONE);
		ck_assert_uint_eq(out.cookie, i);
		ck_assert_uint_eq(out.len, 16);
	}
	ikc_service_poll(&t.svc);
	ck_assert(ikc_service_can_reply(&t.svc));
	out = msg(IKC_MSG_SYSCALL, 7, 8);
	ck_assert_int_eq(ikc_service_send(&t.svc, &out), 0);
	ck_assert(from_lwk(&out));
	ck_assert_uint_eq(out.type, IKC_MSG_PROC_STARTED);
	ck_assert_uint_eq(out.cookie, 100);
	ck_assert(from_lwk(&out));
	ck_assert_uint_eq(out.type, IKC_MSG_SYSCALL);
	ck_assert_uint_eq(t.svc.sent, SMALL_SLOTS + 2);
	ck_assert_uint_eq(t.svc.lost, 0);
}
END_TEST

START_TEST(kernel_send_notifies_linux_only_when_it_sleeps)
{
	struct ikc_msg m = msg(IKC_MSG_SYSCALL, 1, 8), out;

	ck_assert_int_eq(ikc_service_send(&t.svc, &m), 0);
	ck_assert_uint_eq(t.notifies, 0);
	ck_assert(from_lwk(&out));
	/* Linux (the consumer of to_linux) says it sleeps. */
	ck_assert(ikc_ring_consumer_may_sleep(&t.svc.to_linux));
	ck_assert_int_eq(ikc_service_send(&t.svc, &m), 0);
	ck_assert_uint_eq(t.notifies, 1);
}
END_TEST

START_TEST(proc_messages_without_a_kernel_handler_are_unexpected)
{
	ikc_service_init(&t.svc, t.area, IKC_CPU_CHANNEL(1), &no_proc_ops, NULL);
	to_lwk(msg(IKC_MSG_PROC_CREATE, 3, 0));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.unexpected, 1);
	ck_assert_uint_eq(t.last_type, IKC_MSG_PROC_CREATE);
	ck_assert_uint_eq(t.procs, 0);
}
END_TEST

START_TEST(linux_waiting_for_room_notified_after_we_take)
{
	uint64_t i;

	for (i = 0; i < SMALL_SLOTS; i++)
		to_lwk(msg(IKC_MSG_PING, i, 0));
	ck_assert(ikc_ring_producer_may_wait(&t.svc.to_lwk));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.notifies, 1);
}
END_TEST

START_TEST(idle_service_announces_sleep_and_withdraws_it)
{
	ck_assert(ikc_service_may_sleep(&t.svc));
	ck_assert_uint_eq(t.svc.to_lwk.ring->consumer_sleeping, 1);
	ck_assert_uint_eq(t.svc.to_linux.ring->producer_waiting, 0);
	ikc_service_awake(&t.svc);
	ck_assert_uint_eq(t.svc.to_lwk.ring->consumer_sleeping, 0);

	to_lwk(msg(IKC_MSG_PING, 1, 0));
	ck_assert(!ikc_service_may_sleep(&t.svc));
	ikc_service_awake(&t.svc);
	ck_assert_uint_eq(t.svc.to_lwk.ring->consumer_sleeping, 0);
}
END_TEST

START_TEST(unknown_types_are_reported_with_their_type)
{
	to_lwk(msg(99, 7, 3));
	to_lwk(msg(IKC_MSG_PONG, 8, 0));	/* wrong direction */
	to_lwk(stress_msg(0));			/* no session */
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.unexpected, 3);
	ck_assert_uint_eq(t.svc.unexpected, 3);
	ck_assert_uint_eq(t.last_type, IKC_MSG_STRESS);
	ck_assert_str_eq(t.last_why, "STRESS outside a session");

	to_lwk(msg(99, 7, 3));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.last_type, 99);
	ck_assert_str_eq(t.last_why, "unknown message type");
}
END_TEST

/* A class nobody serves (or past IKC_NR_CLASSES) reaches no client. */
START_TEST(unknown_classes_reach_no_client)
{
	to_lwk(msg(IKC_CLASS_BASE(IKC_NR_CLASSES), 1, 0));
	to_lwk(msg(0xffffffffu, 2, 0));
	ikc_service_poll(&t.svc);
	ck_assert_uint_eq(t.procs, 0);
	ck_assert_uint_eq(t.unexpected, 2);
	ck_assert_uint_eq(t.svc.unexpected, 2);
	ck_assert_uint_eq(t.last_type, 0xffffffffu);
	ck_assert_str_eq(t.last_why, "unknown message type");
}
END_TEST

START_TEST(stress_counts_out_of_order_and_bad_payload)
{
	struct ikc_msg m, bad = stress_msg(3), out;
	uint64_t got = 0;

	bad.payload[0] ^= 1;
	to_lwk(begin_msg(4));
	to_lwk(stress_msg(0));
	to_lwk(stress_msg(2));
	to_lwk(stress_msg(1));
	to_lwk(bad);
	while (!t.reported)
		ck_assert(ikc_service_poll(&t.svc));
	ck_assert_uint_eq(t.stress_begun, 1);
	ck_assert_uint_eq(t.report.received, 4);
	ck_assert_uint_eq(t.report.out_of_order, 2);
	ck_assert_uint_eq(t.report.bad_payload, 1);
	ck_assert_uint_eq(t.report.sent, 4);

	while (from_lwk(&out)) {
		if (out.type == IKC_MSG_STRESS_REPORT)
			break;
		m = stress_msg(got++);
		ck_assert_mem_eq(&out, &m, sizeof(m));
	}
	ck_assert_uint_eq(got, 4);
	ck_assert_uint_eq(out.type, IKC_MSG_STRESS_REPORT);
	ck_assert_uint_eq(out.len, sizeof(struct ikc_stress_report));
	ck_assert_mem_eq(out.payload, &t.report, sizeof(t.report));
}
END_TEST

START_TEST(stress_of_zero_reports_at_once)
{
	struct ikc_msg out;

	to_lwk(begin_msg(0));
	ikc_service_poll(&t.svc);
	ck_assert(from_lwk(&out));
	ck_assert_uint_eq(out.type, IKC_MSG_STRESS_REPORT);
	ck_assert_uint_eq(t.report.sent, 0);
}
END_TEST

/*
 * Linux's side of a session in the same thread: send what fits, take what
 * is there, checking every message. Returns true once the report is in.
 */
struct linux_side {
	uint64_t count, sent, received;
	bool begun, done;
	struct ikc_stress_report report;
};

static unsigned int linux_step(struct linux_side *l, struct ikc_ring_desc *out,
			       struct ikc_ring_desc *in)
{
	struct ikc_msg m;
	unsigned int moved = 0;

	if (!l->begun) {
		m = begin_msg(l->count);
		if (ikc_ring_send(out, &m))
			return 0;
		l->begun = true;
		moved++;
	}
	while (l->sent < l->count) {
		m = stress_msg(l->sent);
		if (ikc_ring_send(out, &m))
			break;
		l->sent++;
		moved++;
	}
	while (!l->done && !ikc_ring_recv(in, &m)) {
		moved++;
		if (m.type == IKC_MSG_STRESS_REPORT) {
			ck_assert_uint_eq(l->received, l->count);
			memcpy(&l->report, m.payload, sizeof(l->report));
			l->done = true;
			break;
		}
		ck_assert_uint_eq(m.type, IKC_MSG_STRESS);
		ck_assert_uint_eq(m.cookie, l->received);
		ck_assert_uint_eq(m.len, 8);
		ck_assert_mem_eq(m.payload, &(uint64_t){ ikc_stress_word(l->received) }, 8);
		l->received++;
	}
	return moved;
}

static void check_clean_report(const struct ikc_stress_report *r, uint64_t count)
{
	ck_assert_uint_eq(r->received, count);
	ck_assert_uint_eq(r->out_of_order, 0);
	ck_assert_uint_eq(r->bad_payload, 0);
	ck_assert_uint_eq(r->sent, count);
}

START_TEST(stress_both_ways_interleaved)
{
	struct linux_side l = { .count = 100000 };

	while (!l.done) {
		bool lwk = ikc_service_poll(&t.svc);

		ck_assert(linux_step(&l, &t.svc.to_lwk, &t.svc.to_linux) || lwk);
	}
	check_clean_report(&l.report, l.count);
	ck_assert_mem_eq(&l.report, &t.report, sizeof(l.report));
}
END_TEST

/* A PING in the middle of a session is answered in line with STRESS. */
START_TEST(ping_during_stress_is_answered)
{
	struct ikc_msg out;
	bool pong = false;
	uint64_t stress = 0;

	to_lwk(begin_msg(3));
	to_lwk(stress_msg(0));
	to_lwk(msg(IKC_MSG_PING, 42, 1));
	to_lwk(stress_msg(1));
	to_lwk(stress_msg(2));
	while (!t.reported)
		ikc_service_poll(&t.svc);
	ikc_service_poll(&t.svc);
	while (from_lwk(&out)) {
		pong |= out.type == IKC_MSG_PONG && out.cookie == 42;
		stress += out.type == IKC_MSG_STRESS;
	}
	ck_assert(pong);
	ck_assert_uint_eq(stress, 3);
	check_clean_report(&t.report, 3);
}
END_TEST

/*
 * Both sides in their own thread, each sleeping on a semaphore as the
 * kernels sleep in HLT or wait queues, woken only by the other's
 * notification. A lost wake-up shows as a sleep that times out.
 */
#define THREADED_COUNT	200000
#define SLEEP_LIMIT_S	10

static sem_t lwk_sem, linux_sem;
static volatile bool lwk_stop;
static unsigned int lwk_timeouts, linux_timeouts, lwk_ipis;

static bool sleep_on(sem_t *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += SLEEP_LIMIT_S;
	while (sem_timedwait(s, &ts)) {
		if (errno != EINTR)
			return false;
	}
	return true;
}

static void *lwk_thread(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&lwk_stop, __ATOMIC_ACQUIRE)) {
		if (ikc_service_poll(&t.svc))
			continue;
		if (ikc_service_may_sleep(&t.svc) && !sleep_on(&lwk_sem))
			lwk_timeouts++;
		ikc_service_awake(&t.svc);
	}
	return NULL;
}

START_TEST(stress_threaded_both_sides_sleep)
{
	struct linux_side l = { .count = THREADED_COUNT };
	struct ikc_ring_desc *out = &t.svc.to_lwk, *in = &t.svc.to_linux;
	pthread_t th;

	sem_init(&lwk_sem, 0, 0);
	sem_init(&linux_sem, 0, 0);
	t.notify_sem = &linux_sem;
	ck_assert_int_eq(pthread_create(&th, NULL, lwk_thread, NULL), 0);

	while (!l.done) {
		uint64_t sent = l.sent, received = l.received;
		bool begun = l.begun, may = true;

		if (linux_step(&l, out, in)) {
			if ((l.sent != sent || l.begun != begun) &&
			    ikc_ring_consumer_needs_notify(out)) {
				lwk_ipis++;
				sem_post(&lwk_sem);
			}
			if ((l.received != received || l.done) &&
			    ikc_ring_producer_needs_notify(in)) {
				lwk_ipis++;
				sem_post(&lwk_sem);
			}
			continue;
		}
		if (l.sent < l.count || !l.begun)
			may = ikc_ring_producer_may_wait(out);
		may = ikc_ring_consumer_may_sleep(in) && may;
		if (may && !sleep_on(&linux_sem))
			linux_timeouts++;
		ikc_ring_consumer_awake(in);
		ikc_ring_producer_awake(out);
	}
	__atomic_store_n(&lwk_stop, true, __ATOMIC_RELEASE);
	sem_post(&lwk_sem);
	pthread_join(th, NULL);

	ck_assert_uint_eq(lwk_timeouts, 0);
	ck_assert_uint_eq(linux_timeouts, 0);
	check_clean_report(&l.report, THREADED_COUNT);
}
END_TEST

Suite *lwk_ikc_suite(void);

Suite *lwk_ikc_suite(void)
{
	Suite *s = suite_create("lwk_ikc");
	TCase *area = tcase_create("area");
	TCase *svc = tcase_create("service");
	TCase *threaded = tcase_create("threaded");

	tcase_add_checked_fixture(area, setup, teardown);
	tcase_add_test(area, area_well_formed_is_accepted);
	tcase_add_test(area, area_bad_magic_is_refused);
	tcase_add_test(area, area_rings_past_its_end_are_refused);
	tcase_add_test(area, area_slot_count_must_be_power_of_two_and_match_rings);
	tcase_add_test(area, area_ring_lookup_follows_the_contract);
	suite_add_tcase(s, area);

	tcase_add_checked_fixture(svc, setup, teardown);
	tcase_add_test(svc, ping_gets_pong_with_same_cookie_len_payload);
	tcase_add_test(svc, linux_notified_only_when_it_said_it_sleeps);
	tcase_add_test(svc, full_to_linux_holds_one_reply_and_stops_taking);
	tcase_add_test(svc, linux_waiting_for_room_notified_after_we_take);
	tcase_add_test(svc, proc_messages_go_to_the_kernel_and_replies_keep_order);
	tcase_add_test(svc, kernel_send_notifies_linux_only_when_it_sleeps);
	tcase_add_test(svc, proc_messages_without_a_kernel_handler_are_unexpected);
	tcase_add_test(svc, idle_service_announces_sleep_and_withdraws_it);
	tcase_add_test(svc, unknown_types_are_reported_with_their_type);
	tcase_add_test(svc, unknown_classes_reach_no_client);
	tcase_add_test(svc, stress_counts_out_of_order_and_bad_payload);
	tcase_add_test(svc, stress_of_zero_reports_at_once);
	/* 100,000 messages each way: seconds on a host busy with guests. */
	tcase_set_timeout(svc, 60);
	tcase_add_test(svc, stress_both_ways_interleaved);
	tcase_add_test(svc, ping_during_stress_is_answered);
	suite_add_tcase(s, svc);

	/* Small rings: both sides find them full, and sleep, often. */
	tcase_add_checked_fixture(threaded, setup, teardown);
	tcase_set_timeout(threaded, 60);
	tcase_add_test(threaded, stress_threaded_both_sides_sleep);
	suite_add_tcase(s, threaded);
	return s;
}
