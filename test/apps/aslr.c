// SPDX-License-Identifier: GPL-2.0
/*
 * Prints where this run's stack, mmap area and program (main) are, and
 * its AT_RANDOM bytes: two runs must differ under ASLR and match, except
 * for AT_RANDOM, without it (test/vm/mcexec_hardening.sh).
 */
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/mman.h>

int main(void)
{
	const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
	volatile int on_stack = 0;
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (m == MAP_FAILED || !r) {
		printf("no mmap or no AT_RANDOM\n");
		return 1;
	}
	printf("stack %p\nmmap %p\nmain %p\nrandom ", (void *)&on_stack, m, (void *)main);
	for (i = 0; i < 16; i++)
		printf("%02x", r[i]);
	printf("\n");
	return 0;
}
