// SPDX-License-Identifier: GPL-2.0
/*
 * compat_layout PROGRAM [ARGS...]: runs PROGRAM with the ADDR_COMPAT_LAYOUT
 * personality bit set, as util-linux's `setarch -L` does (the guest's
 * busybox has no setarch): Linux then lays PROGRAM out bottom-up from
 * TASK_UNMAPPED_BASE, the legacy mmap layout.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int pers = personality(0xffffffff);

	if (argc < 2) {
		fprintf(stderr, "usage: compat_layout PROGRAM [ARGS...]\n");
		return 2;
	}
	if (pers == -1 || personality(pers | ADDR_COMPAT_LAYOUT) == -1) {
		fprintf(stderr, "compat_layout: personality: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "compat_layout: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
