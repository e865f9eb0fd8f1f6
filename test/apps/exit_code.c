// SPDX-License-Identifier: GPL-2.0
/*
 * Ends with the status given: "exit_code N [how]" where how is
 * "return" (from main, the default), "exit" (exit(3), after atexit
 * handlers and a stdio flush) or "_exit" (the exit_group syscall at once).
 * It prints "exiting N" first (unbuffered for _exit, so the line is there
 * in every case).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void at_exit_handler(void)
{
	printf("atexit ran\n");
}

int main(int argc, char **argv)
{
	const char *how = argc > 2 ? argv[2] : "return";
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: exit_code N [return|exit|_exit]\n");
		return 2;
	}
	status = atoi(argv[1]);
	atexit(at_exit_handler);
	printf("exiting %d\n", status);
	if (!strcmp(how, "_exit")) {
		fflush(stdout);
		_exit(status);
	}
	if (!strcmp(how, "exit"))
		exit(status);
	return status;
}
