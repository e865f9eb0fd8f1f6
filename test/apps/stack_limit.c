// SPDX-License-Identifier: GPL-2.0
/*
 * stack_limit: what a program sees of its stack limit and address-space
 * layout, for the guest test to compare with the same program run
 * natively (test/vm/mcexec_stack.sh):
 *   - getrlimit and prlimit64(0) of RLIMIT_STACK, soft and hard;
 *   - the "Max stack size" line of /proc/self/limits (under mcexec that
 *     file is mcexec's: it shows the limit Linux applies to mcexec and to
 *     what it runs for the program);
 *   - whether the ADDR_COMPAT_LAYOUT personality bit is set;
 *   - 4 MiB of stack used, touched page by page from the top (any stack
 *     of a sane size has that much, unlimited too).
 * Usage: stack_limit
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>

#include "check.h"

#define USE_BYTES	(4 << 20)

static void print_limit(const char *what, const struct rlimit *r)
{
	printf("%s soft ", what);
	if (r->rlim_cur == RLIM_INFINITY)
		printf("unlimited");
	else
		printf("%llu", (unsigned long long)r->rlim_cur);
	printf(" hard ");
	if (r->rlim_max == RLIM_INFINITY)
		printf("unlimited\n");
	else
		printf("%llu\n", (unsigned long long)r->rlim_max);
}

static void proc_limits(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/limits", "r");

	CHECK(f, "/proc/self/limits: %s", strerror(errno));
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *a, *b = line;

		if (strncmp(line, "Max stack size", 14))
			continue;
		/* One space between words: the columns are for eyes. */
		for (a = line; *a; a++) {
			if (*a == ' ' && (b == line || b[-1] == ' '))
				continue;
			*b++ = *a;
		}
		*b = 0;
		printf("proc %s", line);
	}
	fclose(f);
}

/* Touches @n bytes of stack below the caller's frame, top down. */
static __attribute__((noinline)) unsigned long use_stack(unsigned long n)
{
	volatile char buf[64 << 10];
	unsigned long i, sum = 0;

	for (i = sizeof(buf); i > 0; i -= 4096) {
		buf[i - 1] = (char)i;
		sum += buf[i - 1];
	}
	if (n > sizeof(buf))
		sum += use_stack(n - sizeof(buf));
	return sum;
}

int main(void)
{
	struct rlimit r;
	int pers;

	CHECK(getrlimit(RLIMIT_STACK, &r) == 0, "getrlimit: %s", strerror(errno));
	print_limit("getrlimit", &r);
	CHECK(prlimit(0, RLIMIT_STACK, NULL, &r) == 0, "prlimit: %s", strerror(errno));
	print_limit("prlimit", &r);
	proc_limits();
	pers = personality(0xffffffff);
	CHECK(pers != -1, "personality: %s", strerror(errno));
	printf("compat layout %d\n", !!(pers & ADDR_COMPAT_LAYOUT));
	use_stack(USE_BYTES);
	printf("used %d MiB of stack\n", USE_BYTES >> 20);
	return check_status();
}
