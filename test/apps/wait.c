// SPDX-License-Identifier: GPL-2.0
/*
 * Something to signal or watch in `ps`: "wait spin S" burns the CPU,
 * "wait sleep S" sleeps in nanosleep, either for at most S seconds (a
 * deadline, so a test that loses it cannot hang). It writes "ready" to
 * stdout first and exits 0 when the time is up; a signal ends it the
 * default way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int main(int argc, char **argv)
{
	struct timespec tick = { 0, 100000000 };
	volatile unsigned long spins = 0;
	time_t end;

	if (argc != 3 || (strcmp(argv[1], "spin") && strcmp(argv[1], "sleep"))) {
		fprintf(stderr, "usage: wait spin|sleep SECONDS\n");
		return 2;
	}
	end = now() + atoi(argv[2]);
	printf("ready\n");
	fflush(stdout);
	if (!strcmp(argv[1], "spin")) {
		while (now() < end)
			spins++;
	} else {
		while (now() < end)
			nanosleep(&tick, NULL);
	}
	printf("time is up\n");
	return 0;
}
