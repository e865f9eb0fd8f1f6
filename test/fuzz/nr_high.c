// SPDX-License-Identifier: GPL-2.0
/*
 * nr_high: a syscall number with bits set above bit 31 is, for Linux, the
 * number in its low 32 bits (do_syscall_64 takes an int). Found by
 * sys_fuzz (seed 7000102): the LWK offloaded 1 << 32 | close_range as an
 * unknown number, mcexec's fd guard did not recognise it, and Linux ran
 * close_range over mcexec's own fd (mcexec: "waiting for the LWK process
 * failed: Bad file descriptor"). Run under mcexec; prints one line per
 * check and exits 1 if one failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

static long raw(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "0"(nr), "D"(a0), "S"(a1), "d"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

int main(void)
{
	long pid = raw(SYS_getpid, 0, 0, 0), hpid = raw(1ULL << 32 | SYS_getpid, 0, 0, 0);
	long r;
	int bad = 0;

	/* The same call, so the same answer: the LWK's pid, not mcexec's. */
	printf("getpid %ld, 1<<32|getpid %ld\n", pid, hpid);
	bad |= pid != hpid;
	/* Closes every fd from 3 up; mcexec's own fd must survive it. */
	r = raw(1ULL << 32 | SYS_close_range, 3, ~0U, 0);
	printf("1<<32|close_range(3, ~0U, 0) = %ld\n", r);
	bad |= r != 0;
	printf("nr_high: %s\n", bad ? "FAIL" : "ok");
	return bad;
}
