// SPDX-License-Identifier: GPL-2.0
/*
 * pt_pipe: one thread blocked in read() on a pipe must not hold up the
 * others (under mcexec: a blocked offloaded read must not stall another
 * thread's offloaded write). The reader blocks first; then 3 workers
 * compute (sums of squares over their slices) and write() their lines to
 * stdout, in turn, and their results to a second pipe that main reads;
 * only after all that does main write "release" to the reader's pipe.
 * The reader must still be blocked when main writes, and get exactly
 * what main wrote.
 *
 * Output: fixed lines (the workers take turns: no scheduling order shows),
 * the same natively and under mcexec, with glibc and musl. Exit status 0
 * if all held, else 1 with FAIL lines and one line on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pt.h"

#define WORKERS	3
#define SLICE	200000L

static int to_reader[2], results[2];
static atomic_int reading, reader_done;
static char got[64];
static ssize_t got_len;

static void *reader(void *arg)
{
	(void)arg;
	atomic_store(&reading, 1);
	do
		got_len = read(to_reader[0], got, sizeof(got) - 1);
	while (got_len < 0 && errno == EINTR);
	atomic_store(&reader_done, 1);
	return NULL;
}

static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cond = PTHREAD_COND_INITIALIZER;
static int turn;

/* Writes all of @len bytes of @buf to @fd (a pipe or stdout). */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

static void *worker(void *arg)
{
	long id = (long)arg, i, sum = 0;
	char line[96];
	int len;

	for (i = id * SLICE + 1; i <= (id + 1) * SLICE; i++)
		sum += i * i % 1000003;
	len = snprintf(line, sizeof(line), "worker %ld: sum of squares mod 1000003 over %ld..%ld = %ld\n",
		       id, id * SLICE + 1, (id + 1) * SLICE, sum);
	pthread_mutex_lock(&turn_lock);
	while (turn != id)
		pthread_cond_wait(&turn_cond, &turn_lock);
	pthread_mutex_unlock(&turn_lock);
	if (write_all(STDOUT_FILENO, line, len) || write_all(results[1], (char *)&sum, sizeof(sum)))
		return (void *)1;
	pthread_mutex_lock(&turn_lock);
	turn++;
	pthread_cond_broadcast(&turn_cond);
	pthread_mutex_unlock(&turn_lock);
	return NULL;
}

int main(void)
{
	pthread_t r, t[WORKERS];
	long i, v, total = 0, want = 0, bad = 0;
	int still_blocked;

	pt_watchdog("pt_pipe", 30);
	if (pipe(to_reader) || pipe(results))
		pt_die("cannot make a pipe", errno);
	pt_start(&r, reader, NULL);
	while (!atomic_load(&reading))
		sched_yield();
	/* Give it time to be in read() before the others start. */
	usleep(20000);
	for (i = 0; i < WORKERS; i++)
		pt_start(&t[i], worker, (void *)i);
	for (i = 0; i < WORKERS; i++)
		bad += pt_join(t[i]) != NULL;
	CHECK(!bad, "%ld workers could not write", bad);
	for (i = 0; i < WORKERS; i++) {
		if (read(results[0], &v, sizeof(v)) != sizeof(v)) {
			CHECK(0, "result %ld missing from the pipe", i);
			break;
		}
		total += v;
	}
	for (i = 1; i <= WORKERS * SLICE; i++)
		want += i * i % 1000003;
	CHECK(total == want, "results through the pipe: %ld, want %ld", total, want);
	printf("main: results through the pipe add up to %ld\n", total);
	fflush(stdout);

	still_blocked = !atomic_load(&reader_done);
	CHECK(still_blocked, "the reader returned before anything was written to its pipe");
	if (write_all(to_reader[1], "release", 7))
		pt_die("cannot write to the reader's pipe", errno);
	pt_join(r);
	if (got_len >= 0)
		got[got_len] = 0;
	CHECK(got_len == 7 && !strcmp(got, "release"), "the reader got %zd bytes '%s'",
	      got_len, got_len >= 0 ? got : "");
	printf("reader: blocked until main wrote, then got '%s'\n", got_len >= 0 ? got : "");
	return check_verdict("pt_pipe");
}
