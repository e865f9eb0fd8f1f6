// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmsg_ring.h"

#define RING_SIZE 64u

static struct ihk_kmsg_ring ring;
/* The ring, then guard bytes a reader must never copy. */
static char data[2 * RING_SIZE];

static void setup(void)
{
	kmsg_ring_init(&ring, RING_SIZE);
	memset(data, 0, RING_SIZE);
	memset(data + RING_SIZE, '#', RING_SIZE);
}

static void put(const char *s)
{
	kmsg_ring_write(&ring, data, RING_SIZE, s, strlen(s));
}

/* Read everything from *pos into a NUL-terminated static buffer. */
static const char *get(uint64_t *pos, uint64_t *lost)
{
	static char out[4 * RING_SIZE];
	size_t n = 0, got;

	do {
		got = kmsg_ring_read(&ring, data, RING_SIZE, pos, out + n,
				     sizeof(out) - 1 - n, lost);
		n += got;
	} while (got);
	out[n] = 0;
	return out;
}

START_TEST(empty_ring_reads_nothing)
{
	uint64_t pos = 0, lost = 0;
	char c;

	ck_assert_uint_eq(kmsg_ring_read(&ring, data, RING_SIZE, &pos, &c, 1, &lost), 0);
	ck_assert_uint_eq(pos, 0);
	ck_assert_uint_eq(lost, 0);
}
END_TEST

START_TEST(reads_what_was_written_in_order)
{
	uint64_t pos = 0, lost = 0;

	put("hello ");
	put("world\n");
	ck_assert_str_eq(get(&pos, &lost), "hello world\n");
	ck_assert_uint_eq(pos, 12);
	ck_assert_uint_eq(lost, 0);
	put("again");
	ck_assert_str_eq(get(&pos, &lost), "again");
	ck_assert_uint_eq(pos, 17);
}
END_TEST

START_TEST(small_reader_buffer_advances_in_pieces)
{
	uint64_t pos = 0, lost = 0;
	char out[4];

	put("abcdefghij");
	ck_assert_uint_eq(kmsg_ring_read(&ring, data, RING_SIZE, &pos, out, 4, &lost), 4);
	ck_assert_int_eq(memcmp(out, "abcd", 4), 0);
	ck_assert_uint_eq(kmsg_ring_read(&ring, data, RING_SIZE, &pos, out, 4, &lost), 4);
	ck_assert_int_eq(memcmp(out, "efgh", 4), 0);
	ck_assert_uint_eq(kmsg_ring_read(&ring, data, RING_SIZE, &pos, out, 4, &lost), 2);
	ck_assert_int_eq(memcmp(out, "ij", 2), 0);
	ck_assert_uint_eq(pos, 10);
}
END_TEST

START_TEST(wrap_around_keeps_the_newest_bytes_and_counts_lost)
{
	uint64_t pos = 0, lost = 0;
	char expect[RING_SIZE + 1];
	int i;

	/* 100 bytes through a 64-byte ring: bytes 36..99 survive. */
	for (i = 0; i < 10; i++)
		put("0123456789");
	for (i = 0; i < (int)RING_SIZE; i++)
		expect[i] = '0' + (36 + i) % 10;
	expect[RING_SIZE] = 0;
	ck_assert_str_eq(get(&pos, &lost), expect);
	ck_assert_uint_eq(lost, 36);
	ck_assert_uint_eq(pos, 100);
}
END_TEST

START_TEST(message_longer_than_ring_keeps_its_tail)
{
	char big[RING_SIZE * 2 + 1];
	uint64_t pos = 0, lost = 0;
	int i;

	for (i = 0; i < (int)sizeof(big) - 1; i++)
		big[i] = 'a' + i % 26;
	big[sizeof(big) - 1] = 0;
	put(big);
	ck_assert_str_eq(get(&pos, &lost), big + RING_SIZE);
	ck_assert_uint_eq(ring.committed, RING_SIZE);
}
END_TEST

START_TEST(reader_ahead_of_writer_is_clamped)
{
	uint64_t pos = 1000, lost = 0;

	put("xyz");
	ck_assert_str_eq(get(&pos, &lost), "");
	ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(claimed_but_uncommitted_bytes_are_dropped)
{
	uint64_t pos = 0, lost = 0;
	char out[RING_SIZE];
	size_t n;

	/* A full ring, then a writer that has claimed 10 more bytes. */
	memset(out, 0, sizeof(out));
	for (n = 0; n < RING_SIZE; n++)
		kmsg_ring_write(&ring, data, RING_SIZE, "a", 1);
	ring.reserved += 10;
	n = kmsg_ring_read(&ring, data, RING_SIZE, &pos, out, sizeof(out), &lost);
	ck_assert_uint_eq(n, RING_SIZE - 10);
	ck_assert_uint_eq(lost, 10);
	ck_assert_uint_eq(pos, RING_SIZE);
}
END_TEST

START_TEST(garbage_header_is_not_trusted)
{
	uint64_t pos = 0, lost = 0;
	static char out[4 * RING_SIZE];
	size_t n, i;

	put("0123456789abcdef");
	/* What a stray LWK write leaves: a 2 GiB ring, positions far ahead. */
	ring.size = 0x80000000u;
	ring.committed = 0x7fff0000ULL + RING_SIZE / 2;
	ring.reserved = ring.committed;
	n = kmsg_ring_read(&ring, data, RING_SIZE, &pos, out, sizeof(out), &lost);
	/* At most the ring, none of the guard bytes behind it. */
	ck_assert_uint_le(n, RING_SIZE);
	for (i = 0; i < n; i++)
		ck_assert_int_ne(out[i], '#');
	ck_assert_uint_eq(pos, ring.committed);
	ck_assert_uint_eq(lost, ring.committed - RING_SIZE);
	/* A reader picking its own position lands inside the ring too. */
	for (pos = 0x7fff0000ULL; pos < ring.committed; pos += 7) {
		uint64_t p = pos;

		n = kmsg_ring_read(&ring, data, RING_SIZE, &p, out, sizeof(out), &lost);
		ck_assert_uint_le(n, RING_SIZE);
		for (i = 0; i < n; i++)
			ck_assert_int_ne(out[i], '#');
	}
	/* The writer keeps to its size as well. */
	put("after the scribble\n");
	for (i = RING_SIZE; i < sizeof(data); i++)
		ck_assert_int_eq(data[i], '#');
}
END_TEST

/*
 * One writer streams numbered lines while a reader follows: whatever the
 * reader gets must be whole, in order and only ever skip what it was told
 * it lost.
 */
#define STRESS_LINES 200000
static struct ihk_kmsg_ring big_ring;
static char big_data[4096];
static volatile int writer_done;

static void *stress_writer(void *arg)
{
	char line[32];
	int i, n;

	for (i = 0; i < STRESS_LINES; i++) {
		n = snprintf(line, sizeof(line), "%08d\n", i);
		kmsg_ring_write(&big_ring, big_data, sizeof(big_data), line, n);
	}
	__atomic_store_n(&writer_done, 1, __ATOMIC_RELEASE);
	return arg;
}

START_TEST(concurrent_reader_sees_consistent_lines)
{
	uint64_t pos = 0, lost = 0, seen = 0;
	char buf[512], line[16];
	int expect = -1, linelen = 0, done = 0;
	pthread_t t;
	size_t n = 0, i;

	kmsg_ring_init(&big_ring, sizeof(big_data));
	writer_done = 0;
	ck_assert_int_eq(pthread_create(&t, NULL, stress_writer, NULL), 0);
	/* After the writer is done, drain until a read comes back empty. */
	while (!done || n) {
		uint64_t before = lost;

		done = __atomic_load_n(&writer_done, __ATOMIC_ACQUIRE);
		n = kmsg_ring_read(&big_ring, big_data, sizeof(big_data), &pos, buf, sizeof(buf),
				   &lost);
		if (lost != before)
			linelen = -1;	/* resynchronise at the next newline */
		for (i = 0; i < n; i++) {
			if (linelen < 0) {
				if (buf[i] == '\n')
					linelen = 0;
				continue;
			}
			if (buf[i] != '\n') {
				ck_assert_int_lt(linelen, 8);
				line[linelen++] = buf[i];
				continue;
			}
			ck_assert_int_eq(linelen, 8);
			line[8] = 0;
			ck_assert_int_gt(atoi(line), expect);
			if (lost == 0)
				ck_assert_int_eq(atoi(line), expect + 1);
			expect = atoi(line);
			linelen = 0;
			seen++;
		}
	}
	pthread_join(t, NULL);
	ck_assert_int_eq(expect, STRESS_LINES - 1);
	ck_assert_uint_eq(pos, (uint64_t)STRESS_LINES * 9);
	ck_assert_uint_gt(seen, 0);
}
END_TEST

Suite *kmsg_ring_suite(void)
{
	Suite *s = suite_create("kmsg_ring");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, empty_ring_reads_nothing);
	tcase_add_test(tc, reads_what_was_written_in_order);
	tcase_add_test(tc, small_reader_buffer_advances_in_pieces);
	tcase_add_test(tc, wrap_around_keeps_the_newest_bytes_and_counts_lost);
	tcase_add_test(tc, message_longer_than_ring_keeps_its_tail);
	tcase_add_test(tc, reader_ahead_of_writer_is_clamped);
	tcase_add_test(tc, claimed_but_uncommitted_bytes_are_dropped);
	tcase_add_test(tc, garbage_header_is_not_trusted);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, concurrent_reader_sees_consistent_lines);
	suite_add_tcase(s, tc);
	return s;
}
