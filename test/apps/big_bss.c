// SPDX-License-Identifier: GPL-2.0
/*
 * A program whose .bss (768 MiB) is bigger than all of the LWK's memory
 * in the test guest (512 MiB), so loading it there must fail with ENOMEM.
 * Natively Linux maps .bss lazily and this runs: it touches one page at
 * each end and prints "big bss fine".
 */
#include <stdio.h>

#define BSS_SIZE	(768UL << 20)

static char big[BSS_SIZE];

int main(void)
{
	volatile char *p = big;

	p[0] = 1;
	p[BSS_SIZE - 1] = 2;
	printf("big bss fine (%lu MiB)\n", BSS_SIZE >> 20);
	return p[0] + p[BSS_SIZE - 1] == 3 ? 0 : 1;
}
