// SPDX-License-Identifier: GPL-2.0
/*
 * mirror_race: a home-made mcexec (the device is open to every user, so
 * anyone can write one) whose threads fault the mirror at an address
 * while its LWK process maps and unmaps that address in a loop, and maps
 * another address right after each munmap, filling it with a canary.
 * The LWK's first-fit allocator hands the page just freed at VICTIM to
 * CANARY, so a mirror PTE left pointing at a freed page shows up as the
 * canary when read at VICTIM: a page the process no longer owns stays
 * mapped in Linux. Legitimate reads at VICTIM see the LWK's zeroes, the
 * victim marker, or SIGBUS.
 *
 * The LWK side is a few instructions of machine code copied into a page
 * the LWK maps for it: no ELF loading needed, nothing offloaded.
 *
 * Usage: mirror_race /dev/mcosN ROUNDS READERS [MIN_READS]
 * MIN_READS (default 1): reads that must find VICTIM mapped, so a run
 * proves the readers met the mapping; 0 when faults are slowed down so
 * much that every mapping may be gone before a fault completes.
 * Prints "mirror race, N rounds, R reads: no freed page seen" or FAIL
 * lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ihk/mcexec.h>

#include "check.h"

#define MIRROR_LEN	(IHK_MC_USER_END - IHK_MC_USER_START)
#define CODE_ADDR	0x400000ULL
#define STACK_ADDR	0x800000ULL
#define STACK_LEN	0x10000ULL
#define VICTIM_ADDR	0x10000000ULL
#define CANARY_ADDR	0x20000000ULL
#define VICTIM_MAGIC	0x56494354494d2121ULL	/* "VICTIM!!" */
#define CANARY_MAGIC	0x43414e4152592121ULL	/* "CANARY!!" */
#define MAX_READERS	16

/*
 * The LWK program: r15 rounds of
 *   mmap(VICTIM, 4K, RW, PRIVATE|ANON|FIXED); *VICTIM = VICTIM_MAGIC;
 *   munmap(VICTIM, 4K);
 *   mmap(CANARY, 4K, ...); fill it with CANARY_MAGIC; munmap(CANARY, 4K);
 * then exit_group(0); exit_group(1) if an mmap fails. The round count
 * is patched into the immediate after lwk_rounds.
 */
extern const unsigned char lwk_prog[], lwk_prog_end[], lwk_rounds[];
__asm__(".pushsection .rodata\n"
	"lwk_prog:\n"
	"	movabs $" "0x10000000" ", %r12\n"
	"	movabs $" "0x20000000" ", %r13\n"
	"	.byte 0x49, 0xbf\n"		/* movabs $imm64, %r15 */
	"lwk_rounds:\n"
	"	.quad 0\n"
	"1:	mov $9, %eax\n"
	"	mov %r12, %rdi\n"
	"	mov $4096, %esi\n"
	"	mov $3, %edx\n"
	"	mov $0x32, %r10d\n"
	"	mov $-1, %r8\n"
	"	xor %r9d, %r9d\n"
	"	syscall\n"
	"	cmp %r12, %rax\n"
	"	jne 2f\n"
	"	movabs $0x56494354494d2121, %rax\n"
	"	mov %rax, (%r12)\n"
	"	mov $11, %eax\n"
	"	mov %r12, %rdi\n"
	"	mov $4096, %esi\n"
	"	syscall\n"
	"	mov $9, %eax\n"
	"	mov %r13, %rdi\n"
	"	mov $4096, %esi\n"
	"	mov $3, %edx\n"
	"	mov $0x32, %r10d\n"
	"	mov $-1, %r8\n"
	"	xor %r9d, %r9d\n"
	"	syscall\n"
	"	cmp %r13, %rax\n"
	"	jne 2f\n"
	"	mov %r13, %rdi\n"
	"	mov $512, %ecx\n"
	"	movabs $0x43414e4152592121, %rax\n"
	"	rep stosq\n"
	"	mov $11, %eax\n"
	"	mov %r13, %rdi\n"
	"	mov $4096, %esi\n"
	"	syscall\n"
	"	dec %r15\n"
	"	jnz 1b\n"
	"	mov $231, %eax\n"
	"	xor %edi, %edi\n"
	"	syscall\n"
	"2:	mov $231, %eax\n"
	"	mov $1, %edi\n"
	"	syscall\n"
	"lwk_prog_end:\n"
	".popsection\n");

static volatile int stop;
static __thread sigjmp_buf probe_env;
static uint64_t reads_done[MAX_READERS];
static uint64_t canaries_seen[MAX_READERS];

static void probe_handler(int sig)
{
	(void)sig;
	siglongjmp(probe_env, 1);
}

static void *reader(void *arg)
{
	unsigned long me = (unsigned long)arg;
	volatile uint64_t *victim = (volatile uint64_t *)VICTIM_ADDR;

	while (!stop) {
		if (sigsetjmp(probe_env, 1))
			continue;	/* SIGBUS: not mapped right now */
		if (*victim == CANARY_MAGIC)
			canaries_seen[me]++;
		reads_done[me]++;
	}
	return NULL;
}

static int map(int fd, uint64_t addr, uint64_t len, uint32_t prot, uint32_t flags)
{
	struct ihk_mc_map m = { .addr = addr, .len = len, .prot = prot, .flags = flags };

	return ioctl(fd, IHK_MC_MAP, &m);
}

/* Serve the process until it ends; its exit status, or -1. */
static int serve(int fd)
{
	struct ihk_mc_wait w = { 0 };

	for (;;) {
		if (ioctl(fd, IHK_MC_WAIT, &w)) {
			if (errno == EINTR)
				continue;
			printf("FAIL: WAIT: %s\n", strerror(errno));
			return -1;
		}
		if (w.event == IHK_MC_EV_EXIT)
			return w.signo ? 128 + w.signo : w.exit_status;
		w.has_ret = 1;		/* nothing should be offloaded */
		w.ret = -ENOSYS;
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = probe_handler };
	struct ihk_mc_create cr = { 0 };
	struct ihk_mc_start st = { 0 };
	char cmdline[] = "mirror_race";
	pthread_t th[MAX_READERS];
	uint64_t rounds, min_reads = 1, reads = 0, seen = 0;
	unsigned long i, nr_readers;
	int fd, status;

	if (argc != 4 && argc != 5) {
		printf("FAIL: usage: mirror_race /dev/mcosN ROUNDS READERS [MIN_READS]\n");
		return 2;
	}
	rounds = strtoull(argv[2], NULL, 0);
	nr_readers = strtoul(argv[3], NULL, 0);
	if (argc == 5)
		min_reads = strtoull(argv[4], NULL, 0);
	if (!rounds || !nr_readers || nr_readers > MAX_READERS) {
		printf("FAIL: bad ROUNDS or READERS (1..%d)\n", MAX_READERS);
		return 2;
	}
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open %s: %s", argv[1], strerror(errno));
	if (fd < 0)
		return check_status();
	cr.cmdline = (uintptr_t)cmdline;
	cr.cmdline_len = sizeof(cmdline);
	cr.rlimit_stack = STACK_LEN;
	CHECK(ioctl(fd, IHK_MC_CREATE, &cr) == 0, "CREATE: %s", strerror(errno));
	if (check_failures)
		return check_status();
	CHECK(mmap((void *)IHK_MC_USER_START, MIRROR_LEN, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0) != MAP_FAILED,
	      "mirror mmap: %s", strerror(errno));
	CHECK(map(fd, CODE_ADDR, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, 0) == 0,
	      "MAP code: %s", strerror(errno));
	CHECK(map(fd, STACK_ADDR, STACK_LEN, PROT_READ | PROT_WRITE, IHK_MC_MAP_STACK) == 0,
	      "MAP stack: %s", strerror(errno));
	if (check_failures)
		return check_status();

	/* Loading, as mcexec does: through the mirror, before START. */
	memcpy((void *)CODE_ADDR, lwk_prog, lwk_prog_end - lwk_prog);
	memcpy((void *)(CODE_ADDR + (lwk_rounds - lwk_prog)), &rounds, sizeof(rounds));

	for (i = 0; i < nr_readers; i++)
		CHECK(pthread_create(&th[i], NULL, reader, (void *)i) == 0, "pthread_create");
	if (check_failures)
		return check_status();
	st.rip = CODE_ADDR;
	st.rsp = STACK_ADDR + STACK_LEN;
	CHECK(ioctl(fd, IHK_MC_START, &st) == 0, "START: %s", strerror(errno));
	status = check_failures ? -1 : serve(fd);
	stop = 1;
	for (i = 0; i < nr_readers; i++) {
		pthread_join(th[i], NULL);
		reads += reads_done[i];
		seen += canaries_seen[i];
	}
	CHECK(status == 0, "the LWK program ended with status %d, want 0", status);
	CHECK(!seen, "%llu of %llu reads at VICTIM saw the canary: a freed page stayed mapped",
	      (unsigned long long)seen, (unsigned long long)reads);
	CHECK(reads >= min_reads, "the readers read VICTIM mapped %llu times, want %llu",
	      (unsigned long long)reads, (unsigned long long)min_reads);
	if (!check_failures)
		printf("mirror race, %llu rounds, %llu reads: no freed page seen\n",
		       (unsigned long long)rounds, (unsigned long long)reads);
	return check_status();
}
