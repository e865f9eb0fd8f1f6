// SPDX-License-Identifier: GPL-2.0
/*
 * Dies the way it is told, after printing "about to KIND":
 *   segv   write through a NULL pointer          SIGSEGV
 *   fpe    integer division by zero (divl)       SIGFPE
 *   ill    ud2                                   SIGILL
 *   bus    EFLAGS.AC set, then a misaligned load SIGBUS (Linux sets CR0.AM)
 *   abort  abort()                               SIGABRT
 *   sigbus raise(SIGBUS)                         SIGBUS
 * QEMU's TCG emulates no alignment check (#AC): there "bus" survives
 * natively too, and no other CPU exception gives SIGBUS in a TCG guest (a
 * non-canonical stack access, #SS on hardware, comes out as #GP), so the
 * guest tests fall back to "sigbus": death by SIGBUS, not from a fault.
 * Exit status 3 if it survives, which is a failure of whatever ran it.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t buf[4];

static void divide_by_zero(void)
{
	unsigned int lo = 1, hi = 0, zero = 0;

	__asm__ volatile("divl %2" : "+a"(lo), "+d"(hi) : "r"(zero));
}

static void misaligned_with_ac(void)
{
	volatile uint32_t *p = (volatile uint32_t *)((char *)buf + 1);
	uint32_t v;

	__asm__ volatile("pushf; orl $0x40000, (%%rsp); popf" ::: "memory", "cc");
	v = *p;
	/* Still alive: clear AC again so the libc does not trip over it. */
	__asm__ volatile("pushf; andl $~0x40000, (%%rsp); popf" ::: "memory", "cc");
	(void)v;
}

int main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "";

	printf("about to %s\n", kind);
	fflush(stdout);
	if (!strcmp(kind, "segv"))
		*(volatile int *)(uintptr_t)0 = 1;
	else if (!strcmp(kind, "fpe"))
		divide_by_zero();
	else if (!strcmp(kind, "ill"))
		__asm__ volatile("ud2");
	else if (!strcmp(kind, "bus"))
		misaligned_with_ac();
	else if (!strcmp(kind, "abort"))
		abort();
	else if (!strcmp(kind, "sigbus"))
		raise(SIGBUS);
	else {
		fprintf(stderr, "usage: fault segv|fpe|ill|bus|abort|sigbus\n");
		return 2;
	}
	printf("survived %s\n", kind);
	return 3;
}
