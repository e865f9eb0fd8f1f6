// SPDX-License-Identifier: GPL-2.0
/* ihkosctl N kmsg [-f]: the LWK console, whole or followed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ihk/boot.h"
#include "ihkosctl.h"
#include "libihk.h"

#define KMSG_CHUNK		IHK_KMSG_SIZE
#define FOLLOW_POLL_NS		(200 * 1000 * 1000)
/* What a tail keeps at most: the ring, plus what arrives while we read. */
#define TAIL_KEEP		(4 * IHK_KMSG_SIZE)

static int write_all(const char *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, stdout) != len)
		return cli_error("cannot write the console: %s", strerror(errno));
	return 0;
}

static void report_lost(uint64_t lost, bool at_start)
{
	if (!lost)
		return;
	if (at_start)
		cli_error("the oldest %llu bytes of the LWK console were overwritten and are not shown",
			  (unsigned long long)lost);
	else
		cli_error("%llu bytes of the LWK console were overwritten before they could be read",
			  (unsigned long long)lost);
}

static int kmsg_error(int err)
{
	char why[128];

	/* ihk.ko follows dmesg: only EPERM when kernel.dmesg_restrict is set. */
	if (err == EPERM)
		return cli_error("cannot read the console of instance %d: kernel.dmesg_restrict is set and reading it needs CAP_SYSLOG, as for dmesg",
				 osctl_index);

	return cli_error("cannot read the console of instance %d: %s",
			 osctl_index, osctl_why(-1, err, why, sizeof(why)));
}

int osctl_kmsg(const char *unused)
{
	char *buf = malloc(KMSG_CHUNK);
	uint64_t pos = 0, lost = 0;
	int fd, n, ret = 0;

	(void)unused;
	if (!buf)
		return cli_error("cannot read the console of instance %d: %s",
				 osctl_index, strerror(ENOMEM));
	fd = osctl_open(O_RDONLY);
	if (fd < 0) {
		free(buf);
		return CLI_FAILED;
	}
	/* Lost bytes at the start are the ring wrapping: say so once, first. */
	n = ihk_os_kmsg(fd, buf, KMSG_CHUNK, &pos, &lost);
	report_lost(lost, true);
	while (n > 0 && !ret) {
		ret = write_all(buf, n);
		lost = 0;
		n = ihk_os_kmsg(fd, buf, KMSG_CHUNK, &pos, &lost);
		report_lost(lost, false);
	}
	if (n < 0 && !ret)
		ret = kmsg_error(-n);
	if (fflush(stdout) && !ret)
		ret = cli_error("cannot write the console: %s", strerror(errno));
	close(fd);
	free(buf);
	return ret;
}

static volatile sig_atomic_t follow_stop;

static void follow_signal(int sig)
{
	(void)sig;
	follow_stop = 1;
}

/*
 * Prints the console, then whatever the LWK adds, until SIGINT or SIGTERM
 * or until the instance is destroyed; all three are a normal end.
 */
int osctl_kmsg_follow(const char *unused)
{
	const struct timespec poll = { .tv_nsec = FOLLOW_POLL_NS };
	struct sigaction sa = { .sa_handler = follow_signal };
	char *buf = malloc(KMSG_CHUNK);
	uint64_t pos = 0, lost;
	bool first = true;
	int fd, n, ret = 0;

	(void)unused;
	if (!buf)
		return cli_error("cannot read the console of instance %d: %s",
				 osctl_index, strerror(ENOMEM));
	fd = osctl_open(O_RDONLY);
	if (fd < 0) {
		free(buf);
		return CLI_FAILED;
	}
	/* No SA_RESTART: a signal cuts the sleep short. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!follow_stop) {
		lost = 0;
		n = ihk_os_kmsg(fd, buf, KMSG_CHUNK, &pos, &lost);
		if (n == -ENODEV)	/* destroyed: nothing more will come */
			break;
		if (n == -EINTR)
			continue;
		if (n < 0) {
			ret = kmsg_error(-n);
			break;
		}
		report_lost(lost, first);
		first = false;
		if (n > 0) {
			ret = write_all(buf, n);
			if (!ret && fflush(stdout))
				ret = cli_error("cannot write the console: %s",
						strerror(errno));
			if (ret)
				break;
			continue;
		}
		nanosleep(&poll, NULL);
	}
	close(fd);
	free(buf);
	return ret;
}

/* The last TAIL_KEEP bytes of what was appended. */
struct tail_buf {
	char *data;
	size_t len;
};

_Static_assert(KMSG_CHUNK < TAIL_KEEP, "a chunk must fit the tail");

/* @n is at most KMSG_CHUNK. */
static void tail_append(struct tail_buf *t, const char *s, size_t n)
{
	if (t->len + n > TAIL_KEEP) {
		size_t drop = t->len + n - TAIL_KEEP;

		memmove(t->data, t->data + drop, t->len - drop);
		t->len -= drop;
	}
	memcpy(t->data + t->len, s, n);
	t->len += n;
}

uint64_t osctl_kmsg_end(int fd)
{
	uint64_t pos = UINT64_MAX;

	/* A reader past the end is moved to it; nothing is copied. */
	if (ihk_os_kmsg(fd, NULL, 0, &pos, NULL) < 0 || pos == UINT64_MAX)
		return 0;
	return pos;
}

void osctl_kmsg_tail(int fd, uint64_t from, unsigned int lines)
{
	struct tail_buf t = { .data = malloc(TAIL_KEEP) };
	char *chunk = malloc(KMSG_CHUNK);
	uint64_t pos = from, lost = 0;
	unsigned int seen = 0;
	size_t start;
	int n;

	if (!t.data || !chunk) {
		fprintf(stderr, "LWK console: cannot read it: %s\n",
			strerror(ENOMEM));
		goto out;
	}
	while ((n = ihk_os_kmsg(fd, chunk, KMSG_CHUNK, &pos, &lost)) > 0)
		tail_append(&t, chunk, n);
	if (n < 0 && !t.len) {
		fprintf(stderr, "LWK console: cannot read it: %s\n",
			cli_strerror(-n));
		goto out;
	}
	if (!t.len) {
		fprintf(stderr, "LWK console: the LWK wrote nothing%s\n",
			from ? " this time" : "");
		goto out;
	}
	/* Back from the end over @lines line ends (a last partial line counts). */
	start = t.len;
	if (t.data[start - 1] == '\n')
		start--;
	while (start > 0) {
		if (t.data[start - 1] == '\n' && ++seen == lines)
			break;
		start--;
	}
	fprintf(stderr, "LWK console (last %u lines):\n", lines);
	fwrite(t.data + start, 1, t.len - start, stderr);
	if (t.data[t.len - 1] != '\n')
		fputc('\n', stderr);
out:
	free(chunk);
	free(t.data);
}
