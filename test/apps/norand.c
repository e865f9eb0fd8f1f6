// SPDX-License-Identifier: GPL-2.0
/*
 * norand PROGRAM [ARG...]: runs PROGRAM with personality
 * ADDR_NO_RANDOMIZE, as `setarch -R` does (the guest has only busybox).
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/personality.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int pers = personality(0xffffffff);

	if (argc < 2) {
		fprintf(stderr, "usage: norand PROGRAM [ARG...]\n");
		return 2;
	}
	if (pers == -1 || personality(pers | ADDR_NO_RANDOMIZE) == -1) {
		fprintf(stderr, "norand: personality: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "norand: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
