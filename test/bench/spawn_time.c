// SPDX-License-Identifier: GPL-2.0
/*
 * spawn_time: how long a command takes from fork to its exit, N times; a
 * launcher run on Linux only. `./hello` against `mcexec ./hello` is the
 * start-up cost of the LWK; `-p mcstop.sh -- mcreboot.sh ...` is its boot.
 *
 * usage: spawn_time -n N [-l LABEL] [-p PREP] -- CMD [ARGS...]
 * Each run: PREP (if given) with /bin/sh -c, untimed, which must exit 0;
 * then fork, execvp(CMD) with stdout to /dev/null (stderr kept, so a
 * failing command explains itself), waitpid, timed by CLOCK_MONOTONIC.
 * Every run must exit 0. Prints, LABEL defaulting to spawn:
 *   metric LABEL_runs 10 runs
 *   metric LABEL_min 712345 ns      (and _median, _p99, _max)
 * Exit status: 0 done, 1 failed or not sane (bench.h), 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "stats.h"

#define PROG		"spawn_time"
#define MAX_RUNS	1000000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * Starts @argv with stdout on @out (when >= 0). The child reports its own
 * exec failure and exits 127, the way shells do. Returns the pid, or -1
 * after a line on stderr.
 */
static pid_t start(char *const *argv, int out)
{
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, PROG ": cannot fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid)
		return pid;
	if (out >= 0 && dup2(out, STDOUT_FILENO) < 0) {
		fprintf(stderr, PROG ": cannot redirect %s's stdout: %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	execvp(argv[0], argv);
	fprintf(stderr, PROG ": cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/*
 * Waits for @pid; 0 if it exited 0, else -1 after a line on stderr that
 * names @what and run @run.
 */
static int finish(pid_t pid, const char *what, uint64_t run)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, PROG ": run %" PRIu64 ": cannot wait for %s: %s\n",
				run, what, strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	if (WIFEXITED(status))
		fprintf(stderr, PROG ": run %" PRIu64 ": %s exited with status %d\n",
			run, what, WEXITSTATUS(status));
	else
		fprintf(stderr, PROG ": run %" PRIu64 ": %s was killed by signal %d (%s)\n",
			run, what, WTERMSIG(status), strsignal(WTERMSIG(status)));
	return -1;
}

int main(int argc, char **argv)
{
	const char *label = "spawn", *prep = NULL;
	uint64_t n = 0, i, t0, *ns;
	struct stats_summary s;
	char *sh[4] = { "/bin/sh", "-c", NULL, NULL };
	char prep_what[128], **cmd;
	int opt, null;
	pid_t pid;

	/* "+": options end at CMD, whose own options are its business. */
	while ((opt = getopt(argc, argv, "+n:l:p:")) != -1) {
		switch (opt) {
		case 'n':
			if (bench_number(optarg, MAX_RUNS, &n))
				goto usage;
			break;
		case 'l':
			label = optarg;
			if (!bench_name_ok(label))
				goto usage;
			break;
		case 'p':
			prep = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!n || optind >= argc)
		goto usage;
	cmd = &argv[optind];
	sh[2] = (char *)prep;
	snprintf(prep_what, sizeof(prep_what), "prep '%s'", prep ? prep : "");

	ns = calloc(n, sizeof(*ns));
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!ns || null < 0) {
		fprintf(stderr, PROG ": %s\n", ns ? "cannot open /dev/null" :
			"no memory for the samples");
		return 1;
	}
	/* Our stdout is for results: nothing the children print goes there. */
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if (prep) {
			pid = start(sh, null);
			if (pid < 0 || finish(pid, prep_what, i + 1))
				return 1;
		}
		t0 = now_ns();
		pid = start(cmd, null);
		if (pid < 0 || finish(pid, cmd[0], i + 1))
			return 1;
		ns[i] = now_ns() - t0;
	}

	stats_summarize(ns, n, &s);
	bench_metric(label, "_runs", s.n, "runs");
	bench_summary(label, &s, n);
	free(ns);
	return bench_verdict(PROG);

usage:
	fprintf(stderr, "usage: " PROG " -n N (1..%d) [-l LABEL ([a-z0-9_]+)] [-p PREP] -- CMD [ARGS...]\n",
		MAX_RUNS);
	return 2;
}
