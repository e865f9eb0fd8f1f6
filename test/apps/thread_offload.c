// SPDX-License-Identifier: GPL-2.0
/*
 * thread_offload: offloaded calls of different threads run at once
 * (docs/threads.md). One thread blocks in read() of an empty pipe (an
 * offloaded call) while four others each offload writes to a second pipe;
 * the main thread collects those, and only then fills the first pipe. If
 * the offloads of one thread held up another's, the writers would never
 * finish and the alarm would end us with exit 3. Each thread's gettid()
 * is its own, none is the pid. Same output natively and under mcexec:
 * "thread offload: all correct", exit 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define WRITERS		4
#define ROUNDS		50

static int blocked[2], results[2];
static pid_t tids[WRITERS + 1];

static void on_alarm(int sig)
{
	static const char msg[] = "FAIL: offloads of different threads do not run at once\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

static void *reader(void *arg)
{
	char buf[16];
	ssize_t n;

	(void)arg;
	tids[WRITERS] = gettid();
	n = read(blocked[0], buf, sizeof(buf));
	return (void *)(long)n;
}

static void *writer(void *arg)
{
	long i = (long)arg, r;
	char c = (char)('a' + i);

	tids[i] = gettid();
	for (r = 0; r < ROUNDS; r++)
		if (write(results[1], &c, 1) != 1)
			return (void *)1L;
	return NULL;
}

int main(void)
{
	pthread_t w[WRITERS], rd;
	int counts[WRITERS] = { 0 };
	void *ret;
	long i, j;
	char c;

	signal(SIGALRM, on_alarm);
	alarm(60);
	if (pipe(blocked) || pipe(results)) {
		printf("FAIL: pipe: %s\n", strerror(errno));
		return 1;
	}
	CHECK(!pthread_create(&rd, NULL, reader, NULL), "pthread_create reader");
	for (i = 0; i < WRITERS; i++)
		CHECK(!pthread_create(&w[i], NULL, writer, (void *)i), "pthread_create writer %ld", i);
	if (check_failures)
		return check_status();
	/* The reader is still blocked in its read: nothing was written yet. */
	for (i = 0; i < WRITERS * ROUNDS; i++) {
		CHECK(read(results[0], &c, 1) == 1, "read result: %s", strerror(errno));
		if (c >= 'a' && c < 'a' + WRITERS)
			counts[c - 'a']++;
	}
	for (i = 0; i < WRITERS; i++) {
		CHECK(!pthread_join(w[i], &ret) && !ret, "writer %ld failed", i);
		CHECK(counts[i] == ROUNDS, "writer %ld: %d writes, want %d", i, counts[i], ROUNDS);
	}
	CHECK(write(blocked[1], "go", 2) == 2, "write go: %s", strerror(errno));
	CHECK(!pthread_join(rd, &ret) && (long)ret == 2, "reader read %ld, want 2", (long)ret);
	for (i = 0; i <= WRITERS; i++) {
		CHECK(tids[i] > 0 && tids[i] != getpid(), "thread %ld: tid %d (pid %d)", i,
		      (int)tids[i], (int)getpid());
		for (j = 0; j < i; j++)
			CHECK(tids[i] != tids[j], "threads %ld and %ld share tid %d", i, j,
			      (int)tids[i]);
	}
	if (!check_failures)
		printf("thread offload: all correct\n");
	return check_status();
}
