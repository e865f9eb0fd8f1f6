// SPDX-License-Identifier: GPL-2.0
/*
 * Signals between processes, for test/vm/mcexec_kill.sh; the same natively
 * (Linux pids) and under mcexec (LWK pids):
 *
 *   kill_peer wait SECONDS
 *	prints "pid N" (getpid()), then sleeps SECONDS and exits 0.
 *   kill_peer kill|tkill|tgkill PID SIG [UID]
 *	setuid(UID) first if given, then sends SIG (a number, 0 allowed) to
 *	PID with that call and prints "CALL SIG: OK" or "CALL SIG: EPERM"
 *	(ESRCH, EINVAL, or "errno N"); no pid in it, so native output
 *	compares. Exit 0 unless setuid fails (1).
 *   kill_peer storm SECONDS AHEAD
 *	prints "storming", then for SECONDS, over and over: for each pid
 *	from a little below the highest pid found so far (at first getpid())
 *	to AHEAD above it, kill(pid, 0), tkill(pid, 0), tgkill(pid, pid, 0),
 *	then kill(pid, SIGTERM) when it was found; ends with "storm: P
 *	probes, F found, K signalled, E unexpected errors" (only ESRCH may
 *	fail). Exit 0 if E is 0.
 *   kill_peer probe PID SECONDS
 *	prints "probing", then kill(PID, 0) every 20 ms until it fails or
 *	SECONDS pass; ends with "probe: N found, then ESRCH" (exit 0) or
 *	"probe: N found, then still there" / "..., then <error>" (exit 1).
 *	With the LWK's debug_kill_delay_us each call holds PID for a while:
 *	mcexec_kill.sh frees PID meanwhile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *err_name(int e)
{
	static char buf[32];

	switch (e) {
	case EPERM:
		return "EPERM";
	case ESRCH:
		return "ESRCH";
	case EINVAL:
		return "EINVAL";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static long send(const char *call, long pid, int sig)
{
	if (!strcmp(call, "kill"))
		return syscall(SYS_kill, pid, sig);
	if (!strcmp(call, "tkill"))
		return syscall(SYS_tkill, pid, sig);
	return syscall(SYS_tgkill, pid, pid, sig);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int do_wait(int seconds)
{
	struct timespec ts = { .tv_sec = seconds };

	printf("pid %d\n", (int)getpid());
	fflush(stdout);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	return 0;
}

static int do_send(const char *call, long pid, int sig, const char *uid)
{
	if (uid && setuid(atoi(uid))) {
		printf("setuid %s: %s\n", uid, strerror(errno));
		return 1;
	}
	if (send(call, pid, sig))
		printf("%s %d: %s\n", call, sig, err_name(errno));
	else
		printf("%s %d: OK\n", call, sig);
	return 0;
}

static int do_storm(int seconds, int ahead)
{
	static const char *const calls[] = { "kill", "tkill", "tgkill" };
	long self = getpid(), lo = self + 1, last = self, pid;
	long probes = 0, found = 0, sent = 0, bad = 0;
	double end = now() + seconds;
	unsigned int i;

	printf("storming\n");
	while (now() < end) {
		/* Where the pids are being handed out now, and a little ahead. */
		for (pid = lo; pid <= last + ahead; pid++) {
			bool hit = false;

			for (i = 0; i < 3; i++) {
				probes++;
				if (!send(calls[i], pid, 0))
					hit = true;
				else if (errno != ESRCH && bad++ < 5)
					printf("%s %ld 0: %s\n", calls[i], pid, err_name(errno));
			}
			if (!hit)
				continue;
			found++;
			if (pid > last)
				last = pid;
			if (!kill(pid, SIGTERM))
				sent++;
			else if (errno != ESRCH && bad++ < 5)
				printf("kill %ld SIGTERM: %s\n", pid, err_name(errno));
		}
		if (last - 8 > lo)
			lo = last - 8;
	}
	printf("storm: %ld probes, %ld found, %ld signalled, %ld unexpected errors\n",
	       probes, found, sent, bad);
	return bad != 0;
}

static int do_probe(long pid, int seconds)
{
	struct timespec gap = { .tv_nsec = 20 * 1000 * 1000 };
	double end = now() + seconds;
	long found = 0;
	int e = 0;

	printf("probing\n");
	while (now() < end) {
		if (kill(pid, 0)) {
			e = errno;
			break;
		}
		found++;
		nanosleep(&gap, NULL);
	}
	printf("probe: %ld found, then %s\n", found, e ? err_name(e) : "still there");
	return e != ESRCH;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "wait"))
		return do_wait(atoi(argv[2]));
	if ((argc == 4 || argc == 5) && (!strcmp(argv[1], "kill") ||
	    !strcmp(argv[1], "tkill") || !strcmp(argv[1], "tgkill")))
		return do_send(argv[1], atol(argv[2]), atoi(argv[3]),
			       argc == 5 ? argv[4] : NULL);
	if (argc == 4 && !strcmp(argv[1], "storm"))
		return do_storm(atoi(argv[2]), atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "probe"))
		return do_probe(atol(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: kill_peer wait SECONDS | kill|tkill|tgkill PID SIG [UID] |"
		" storm SECONDS AHEAD | probe PID SECONDS\n");
	return 2;
}
