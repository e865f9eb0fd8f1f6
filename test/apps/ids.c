// SPDX-License-Identifier: GPL-2.0
/*
 * ids [SECONDS]: prints "pid N", "ppid N" and "tid N" (getpid, getppid,
 * gettid), then sleeps SECONDS (default 0) and exits 0. For
 * test/vm/mcexec_identity.sh: under mcexec the numbers are mcexec's.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 0;

	printf("pid %d\nppid %d\ntid %ld\n", (int)getpid(), (int)getppid(),
	       (long)syscall(SYS_gettid));
	fflush(stdout);
	if (seconds > 0)
		sleep(seconds);
	return 0;
}
