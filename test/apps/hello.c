// SPDX-License-Identifier: GPL-2.0
/*
 * The simplest application for mcexec: built static (glibc, musl),
 * static-PIE and dynamic, it checks the ELF loader and the initial stack.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from %s (%d argument%s)\n", argv[0], argc - 1, argc == 2 ? "" : "s");
	return 0;
}
