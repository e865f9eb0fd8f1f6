// SPDX-License-Identifier: GPL-2.0
/*
 * Runs a command as nobody (uid and gid 65534, no supplementary groups),
 * for tests in a guest that may lack /etc/passwd or su:
 * setuid_exec COMMAND [ARG]... (run as root). Exit 126 if it cannot
 * drop privileges, 127 if COMMAND cannot be run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NOBODY	65534

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: setuid_exec COMMAND [ARG]...\n");
		return 2;
	}
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)) {
		fprintf(stderr, "setuid_exec: cannot become uid/gid %d: %s\n", NOBODY,
			strerror(errno));
		return 126;
	}
	if (getuid() != NOBODY || geteuid() != NOBODY || getgid() != NOBODY) {
		fprintf(stderr, "setuid_exec: ids did not change\n");
		return 126;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "setuid_exec: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
