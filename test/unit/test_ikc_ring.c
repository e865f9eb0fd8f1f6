// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ikc_ring.h"

#define SLOTS 8u

static struct ikc_ring_desc *ring;

static struct ikc_ring_desc *ring_new(uint32_t slots)
{
	struct ikc_ring *r = aligned_alloc(64, IKC_RING_BYTES(slots));
	struct ikc_ring_desc *d = malloc(sizeof(*d));

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(d);
	ikc_ring_init(d, r, slots);
	return d;
}

static void ring_free(struct ikc_ring_desc *d)
{
	free(d->ring);
	free(d);
}

static void setup(void)
{
	ring = ring_new(SLOTS);
}

static void teardown(void)
{
	ring_free(ring);
}

static struct ikc_msg msg(uint32_t type, uint64_t cookie)
{
	struct ikc_msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.cookie = cookie;
	m.len = 8;
	memcpy(m.payload, &cookie, 8);
	return m;
}

START_TEST(layout_is_cache_line_sized)
{
	ck_assert_uint_eq(sizeof(struct ikc_slot), IKC_SLOT_SIZE);
	ck_assert_uint_eq(sizeof(struct ikc_ring) % 64, 0);
	ck_assert_uint_eq(__builtin_offsetof(struct ikc_ring, head), 64);
	ck_assert_uint_eq(__builtin_offsetof(struct ikc_ring, nr_slots), 128);
}
END_TEST

START_TEST(empty_ring_receives_nothing)
{
	struct ikc_msg m;

	ck_assert(ikc_ring_empty(ring));
	ck_assert_int_eq(ikc_ring_recv(ring, &m), -EAGAIN);
}
END_TEST

START_TEST(messages_come_out_whole_and_in_order)
{
	struct ikc_msg m = msg(7, 0), out;
	int i;

	memset(m.payload, 0xab, IKC_PAYLOAD_MAX);
	m.len = IKC_PAYLOAD_MAX;
	for (i = 0; i < 3; i++) {
		m.cookie = i;
		ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	}
	ck_assert(!ikc_ring_empty(ring));
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(ikc_ring_recv(ring, &out), 0);
		ck_assert_uint_eq(out.cookie, i);
		ck_assert_uint_eq(out.type, 7);
		ck_assert_int_eq(memcmp(&out, &m, __builtin_offsetof(struct ikc_msg, cookie)), 0);
		ck_assert_int_eq(memcmp(out.payload, m.payload, IKC_PAYLOAD_MAX), 0);
	}
	ck_assert_int_eq(ikc_ring_recv(ring, &out), -EAGAIN);
}
END_TEST

START_TEST(full_ring_refuses_and_overwrites_nothing)
{
	struct ikc_msg m, out;
	uint32_t i;

	for (i = 0; i < SLOTS; i++) {
		m = msg(1, i);
		ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	}
	m = msg(1, 999);
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EAGAIN);
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EAGAIN);
	for (i = 0; i < SLOTS; i++) {
		ck_assert_int_eq(ikc_ring_recv(ring, &out), 0);
		ck_assert_uint_eq(out.cookie, i);
	}
	ck_assert_int_eq(ikc_ring_recv(ring, &out), -EAGAIN);
}
END_TEST

START_TEST(wrap_around_many_laps)
{
	struct ikc_msg m, out;
	uint64_t sent = 0, got = 0;
	uint32_t lap, k;

	/* Uneven batches so head and tail cross the end at every offset. */
	for (lap = 0; lap < 1000; lap++) {
		for (k = 0; k < 1 + lap % SLOTS; k++) {
			m = msg(2, sent);
			if (ikc_ring_send(ring, &m))
				break;
			sent++;
		}
		for (k = 0; k < 1 + (lap * 7) % SLOTS; k++) {
			if (ikc_ring_recv(ring, &out))
				break;
			ck_assert_uint_eq(out.cookie, got);
			got++;
		}
	}
	while (!ikc_ring_recv(ring, &out))
		ck_assert_uint_eq(out.cookie, got++);
	ck_assert_uint_eq(got, sent);
	ck_assert_uint_gt(sent, 4 * SLOTS);
}
END_TEST

START_TEST(sleep_announcement_is_taken_once)
{
	struct ikc_msg m = msg(1, 1), out;

	ck_assert(ikc_ring_consumer_may_sleep(ring));
	ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	ck_assert(ikc_ring_consumer_needs_notify(ring));
	ck_assert(!ikc_ring_consumer_needs_notify(ring));	/* one IPI per sleep */
	ck_assert_int_eq(ikc_ring_recv(ring, &out), 0);
}
END_TEST

START_TEST(busy_consumer_needs_no_notification)
{
	struct ikc_msg m = msg(1, 1);

	ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	ck_assert(!ikc_ring_consumer_needs_notify(ring));
}
END_TEST

START_TEST(consumer_may_not_sleep_on_a_message)
{
	struct ikc_msg m = msg(1, 1);

	ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	ck_assert(!ikc_ring_consumer_may_sleep(ring));
	ck_assert(!ikc_ring_consumer_needs_notify(ring));	/* withdrawn */
}
END_TEST

START_TEST(producer_waits_only_on_a_full_ring)
{
	struct ikc_msg m = msg(1, 1), out;
	uint32_t i;

	ck_assert(!ikc_ring_producer_may_wait(ring));
	ck_assert(!ikc_ring_producer_needs_notify(ring));
	for (i = 0; i < SLOTS; i++)
		ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	ck_assert(ikc_ring_producer_may_wait(ring));
	ck_assert_int_eq(ikc_ring_recv(ring, &out), 0);
	ck_assert(ikc_ring_producer_needs_notify(ring));
	ck_assert(!ikc_ring_producer_needs_notify(ring));
}
END_TEST

/*
 * Several producers, one consumer, millions of messages through a small
 * ring: each producer's messages arrive complete, once, and in its order.
 */
#define PRODUCERS	4
/*
 * 3 million messages in all under make soak (IHK_UNIT_SOAK set); make
 * check sends a fifth of that, which still fills the ring tens of
 * thousands of times, and stays well inside the timeout on a busy host.
 */
static uint64_t per_producer(void)
{
	return getenv("IHK_UNIT_SOAK") ? 750000 : 150000;
}

struct producer {
	struct ikc_ring_desc *r;
	uint32_t id;
	uint64_t full;		/* times the ring pushed back */
};

static void *producer_main(void *arg)
{
	struct producer *p = arg;
	struct ikc_msg m;
	uint64_t i;
	int ret;

	memset(&m, 0, sizeof(m));
	m.type = p->id;
	m.len = 16;
	for (i = 0; i < per_producer(); i++) {
		uint64_t check = i ^ ((uint64_t)p->id << 40);

		m.cookie = i;
		memcpy(m.payload, &check, 8);
		memcpy(m.payload + 96, &i, 8);	/* the end of the slot, too */
		while ((ret = ikc_ring_send(p->r, &m)) == -EAGAIN) {
			p->full++;
			sched_yield();
		}
		/* Contention between correct producers never looks broken. */
		ck_assert_int_eq(ret, 0);
	}
	return NULL;
}

START_TEST(many_producers_one_consumer_no_loss_no_dup_in_order)
{
	struct producer prod[PRODUCERS];
	uint64_t next[PRODUCERS] = { 0 }, total = 0, full = 0;
	pthread_t t[PRODUCERS];
	struct ikc_ring_desc *r = ring_new(64);
	struct ikc_msg m;
	int i;

	for (i = 0; i < PRODUCERS; i++) {
		prod[i] = (struct producer){ .r = r, .id = i };
		ck_assert_int_eq(pthread_create(&t[i], NULL, producer_main, &prod[i]), 0);
	}
	while (total < PRODUCERS * per_producer()) {
		uint64_t check, tail;

		if (ikc_ring_recv(r, &m)) {
			sched_yield();
			continue;
		}
		ck_assert_uint_lt(m.type, PRODUCERS);
		ck_assert_uint_eq(m.cookie, next[m.type]);
		memcpy(&check, m.payload, 8);
		memcpy(&tail, m.payload + 96, 8);
		ck_assert_uint_eq(check, m.cookie ^ ((uint64_t)m.type << 40));
		ck_assert_uint_eq(tail, m.cookie);
		next[m.type]++;
		total++;
	}
	for (i = 0; i < PRODUCERS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_uint_eq(next[i], per_producer());
		full += prod[i].full;
	}
	ck_assert_int_eq(ikc_ring_recv(r, &m), -EAGAIN);
	ck_assert_uint_gt(full, 0);	/* back-pressure was exercised */
	ring_free(r);
}
END_TEST

/*
 * A consumer that really sleeps when the ring says it may, and a producer
 * that wakes it only when told to: a lost wake-up shows as a consumer
 * stuck asleep (the timed wait catches it) with messages in the ring.
 */
#define WAKE_MESSAGES	200000ull

static sem_t doorbell;
static uint64_t notifications;

static void *notifying_producer(void *arg)
{
	struct ikc_ring_desc *r = arg;
	struct ikc_msg m;
	uint64_t i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < WAKE_MESSAGES; i++) {
		m.cookie = i;
		while (ikc_ring_send(r, &m) == -EAGAIN)
			sched_yield();
		if (ikc_ring_consumer_needs_notify(r)) {
			notifications++;
			sem_post(&doorbell);
		}
		if (i % 1000 == 0)
			usleep(50);	/* let the consumer fall asleep often */
	}
	return NULL;
}

START_TEST(sleeping_consumer_is_never_left_asleep)
{
	struct ikc_ring_desc *r = ring_new(16);
	uint64_t got = 0, sleeps = 0;
	struct ikc_msg m;
	pthread_t t;

	notifications = 0;
	ck_assert_int_eq(sem_init(&doorbell, 0, 0), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, notifying_producer, r), 0);
	while (got < WAKE_MESSAGES) {
		if (!ikc_ring_recv(r, &m)) {
			ck_assert_uint_eq(m.cookie, got);
			got++;
			continue;
		}
		if (ikc_ring_consumer_may_sleep(r)) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 5;
			sleeps++;
			ck_assert_msg(sem_timedwait(&doorbell, &ts) == 0,
				      "lost wake-up after %llu messages",
				      (unsigned long long)got);
			ikc_ring_consumer_awake(r);
		}
	}
	pthread_join(t, NULL);
	ck_assert_uint_gt(sleeps, 0);
	ck_assert_uint_le(notifications, sleeps);	/* at most one per sleep */
	sem_destroy(&doorbell);
	ring_free(r);
}
END_TEST

/*
 * The shared header's geometry is the other kernel's to scribble on: a
 * wild nr_slots and slot_size change nothing this side touches.
 */
START_TEST(wild_nr_slots_changes_nothing)
{
	struct ikc_msg m = msg(3, 0), out;
	uint64_t i;

	ring->ring->nr_slots = 0x80000000u;
	ring->ring->slot_size = 0xffffffffu;
	ck_assert(!ikc_ring_header_intact(ring));
	/* Several laps: with the header's mask the ring would run off its end. */
	for (i = 0; i < 5 * SLOTS; i++) {
		m.cookie = i;
		ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
		ck_assert_int_eq(ikc_ring_recv(ring, &out), 0);
		ck_assert_uint_eq(out.cookie, i);
	}
	for (i = 0; i < SLOTS; i++)
		ck_assert_int_eq(ikc_ring_send(ring, &m), 0);
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EAGAIN);
}
END_TEST

START_TEST(intact_header_is_intact)
{
	ck_assert(ikc_ring_header_intact(ring));
}
END_TEST

/* Positions no correct peer can produce: broken, not full or empty. */
START_TEST(wild_positions_are_broken)
{
	struct ikc_msg m = msg(3, 0);

	ring->ring->tail = 0x7ffffff0ULL;
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EIO);
	ring->ring->head = 0x7ffffff0ULL;
	ck_assert_int_eq(ikc_ring_recv(ring, &m), -EIO);
}
END_TEST

/* A seq that runs ahead of its position: the claim loops end. */
START_TEST(seq_ahead_ends_the_claim_loops)
{
	struct ikc_msg m = msg(3, 0);

	ring->ring->slots[0].seq = 6;	/* tail 0 wants 0, head 0 wants 1 */
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EIO);
	ck_assert_int_eq(ikc_ring_recv(ring, &m), -EIO);
}
END_TEST

/* A lap behind is the legitimate "full"; more than a lap is corruption. */
START_TEST(seq_more_than_a_lap_behind_is_broken)
{
	struct ikc_msg m = msg(3, 0);

	ring->ring->tail = SLOTS;
	ring->ring->slots[0].seq = 1;	/* written, not taken: full */
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EAGAIN);
	ring->ring->slots[0].seq = 0;	/* claimed, being written: full */
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EAGAIN);
	ring->ring->tail = 2 * SLOTS;
	ck_assert_int_eq(ikc_ring_send(ring, &m), -EIO);
}
END_TEST

Suite *ikc_ring_suite(void)
{
	Suite *s = suite_create("ikc_ring");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, layout_is_cache_line_sized);
	tcase_add_test(tc, empty_ring_receives_nothing);
	tcase_add_test(tc, messages_come_out_whole_and_in_order);
	tcase_add_test(tc, full_ring_refuses_and_overwrites_nothing);
	tcase_add_test(tc, wrap_around_many_laps);
	tcase_add_test(tc, sleep_announcement_is_taken_once);
	tcase_add_test(tc, busy_consumer_needs_no_notification);
	tcase_add_test(tc, consumer_may_not_sleep_on_a_message);
	tcase_add_test(tc, producer_waits_only_on_a_full_ring);
	tcase_add_test(tc, wild_nr_slots_changes_nothing);
	tcase_add_test(tc, intact_header_is_intact);
	tcase_add_test(tc, wild_positions_are_broken);
	tcase_add_test(tc, seq_ahead_ends_the_claim_loops);
	tcase_add_test(tc, seq_more_than_a_lap_behind_is_broken);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, many_producers_one_consumer_no_loss_no_dup_in_order);
	tcase_add_test(tc, sleeping_consumer_is_never_left_asleep);
	suite_add_tcase(s, tc);
	return s;
}
