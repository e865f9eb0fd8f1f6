// SPDX-License-Identifier: GPL-2.0
/*
 * sys_fuzz: random syscalls, run under mcexec on the LWK, reproducible
 * from a seed.
 *
 * Numbers: across the whole x86_64 table (0..462), some beyond it, some
 * with high or x32 bits set. Arguments, each independently: integers at
 * random widths and at type boundaries, file descriptors, pointers into a
 * scratch area (random bytes and a few path names), pointers that run
 * into the unmapped page after it, and pointers no user may pass (NULL,
 * the kernel half, non-canonical, the mirror's end).
 *
 * The run may die by a signal (a fuzzed call can arm a timer, install
 * seccomp, corrupt mcexec's own memory...): the harness (test/fuzz/
 * guest.sh) records it and starts the next batch with the next seed.
 * What the fuzzer does not do, because it ends its own run in ways that
 * test nothing, or because it only waits:
 *   - exit, exit_group, rt_sigreturn (a random signal frame), pause,
 *     rt_sigsuspend (nothing would ever wake it), ptrace(PTRACE_TRACEME);
 *   - reboot, kexec_load, kexec_file_load, init_module, finit_module,
 *     delete_module: machine-wide by design (nobody gets EPERM anyway);
 *   - kill/tkill/tgkill of itself (pid 0, -1 or its own) send signal 0;
 *   - arch_prctl(ARCH_SET_FS) becomes ARCH_GET_FS: a random TLS base
 *     kills the fuzzer at its next libc call;
 *   - munmap, mprotect, pkey_mprotect, madvise, mremap, MAP_FIXED mmap
 *     and brk that would hit the fuzzer's own image, heap, stack or
 *     scratch area go to a sacrificial "play" area instead;
 *   - blocking without end: every timeout argument (nanosleep,
 *     clock_nanosleep, poll, ppoll, select, pselect6, epoll_wait,
 *     epoll_pwait, epoll_pwait2, futex, futex_waitv, rt_sigtimedwait,
 *     semtimedop, mq_timedsend, mq_timedreceive, io_getevents,
 *     io_pgetevents, recvmmsg) is a valid timeout of at most 2 ms (an
 *     absolute one is then in the past), semop becomes semtimedop,
 *     msgsnd/msgrcv get IPC_NOWAIT, flock LOCK_NB, fcntl's F_SETLKW and
 *     F_OFD_SETLKW their non-waiting forms, io_uring_enter loses
 *     IORING_ENTER_GETEVENTS, mknod makes no FIFO, fcntl(F_SETFL) keeps
 *     O_NONBLOCK, and after a call that makes fds (returned, or written
 *     to memory: pipe, socketpair, recvmsg...) the fd it returned and fds
 *     0-63 are made O_NONBLOCK (0-2 too: a closed stdin is the lowest
 *     free fd for the next inotify_init).
 *
 * Output goes to fd 997 (a copy of stdout, or of fd -o FD, made at the
 * start, so fuzzed calls on fds 0-2 neither lose it nor write into it:
 * the harness gives the fuzzer /dev/null as stdout and its own file as FD): "@@p N" every 100 calls, "@@end ..."
 * at the end; with -v each call before it is made.
 *
 * usage: sys_fuzz [-s SEED] [-n CALLS] [-o FD] [-v]
 *        sys_fuzz -c    (natively, after a run: remove the SysV IPC objects
 *                        the caller owns, which outlive the runs' processes)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_rng.h"

#define OUT_FD		997
#define PAGE		4096UL
#define SCRATCH_LEN	(64 * 1024)
#define PLAY_LEN	(8UL << 20)
#define NR_MAX		463		/* one past the last number of Linux 6.9 */
#define PROGRESS_EVERY	100

extern char __executable_start[];

static struct fuzz_rng rng;
static unsigned char *scratch;		/* SCRATCH_LEN, then an unmapped page */
static unsigned char *play;		/* sacrificial */
static struct timespec *tmo;		/* the bounded timeouts, own page */
static uint64_t brk0, stack_lo, stack_hi;
static long my_pid;
static uint64_t redirected, skipped, bounded;

static const char *const paths[] = {
	"fz0", "fz1", "./fz2", "/tmp/fz/fz3", ".", "/", "..", "/dev/null",
	"/proc/self/status", "/etc/passwd", "/dev/mcos0", "/tmp", "",
};
static uint64_t path_off[sizeof(paths) / sizeof(paths[0])];

static long raw(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void out(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	raw(SYS_write, OUT_FD, (uintptr_t)buf, n, 0, 0, 0);
}

static uint64_t gen_arg(void)
{
	unsigned int w = rng_below(&rng, 100);
	uint64_t v;

	if (w < 25)
		return rng_int(&rng);
	if (w < 37) {
		switch (rng_below(&rng, 4)) {
		case 0: return (uint64_t)-1;
		case 1: return (uint64_t)AT_FDCWD;
		default: return rng_below(&rng, 12);
		}
	}
	if (w < 62)
		return (uintptr_t)scratch + rng_below(&rng, SCRATCH_LEN - 256);
	if (w < 70)
		return (uintptr_t)scratch + path_off[rng_below(&rng, sizeof(paths) / sizeof(paths[0]))];
	if (w < 75)
		return (uintptr_t)scratch + SCRATCH_LEN - rng_below(&rng, 64);
	if (w < 80) {
		v = (uintptr_t)play + rng_below(&rng, PLAY_LEN / PAGE) * PAGE;
		return rng_pct(&rng, 50) ? v : v + rng_below(&rng, PAGE);
	}
	return rng_wild_ptr(&rng);
}

/* [a, a+len) meets [lo, hi)? A wrapping range meets everything above a. */
static int meets(uint64_t a, uint64_t len, uint64_t lo, uint64_t hi)
{
	uint64_t end = a + len;

	if (end < a)
		end = UINT64_MAX;
	return a < hi && end > lo;
}

static int hits_self(uint64_t a, uint64_t len)
{
	if (len == 0)
		len = 1;
	return meets(a, len, (uintptr_t)__executable_start, brk0) ||
	       meets(a, len, stack_lo, stack_hi) ||
	       meets(a, len, (uintptr_t)scratch, (uintptr_t)scratch + SCRATCH_LEN + PAGE) ||
	       meets(a, len, (uintptr_t)tmo, (uintptr_t)tmo + PAGE);
}

/* An (addr, len) that would hit the fuzzer goes to the play area. */
static void redirect(uint64_t *a, uint64_t *len)
{
	uint64_t off;

	if (!hits_self(*a, *len))
		return;
	off = rng_below(&rng, PLAY_LEN / PAGE) * PAGE;
	*a = (uintptr_t)play + off;
	if (*len > PLAY_LEN - off || *len == 0)
		*len = PLAY_LEN - off;
	redirected++;
}

/* A timeout of at most 2 ms (in the past if taken as absolute). */
static uint64_t short_timeout(int timeval)
{
	tmo->tv_sec = 0;
	tmo->tv_nsec = rng_below(&rng, 2000000);
	if (timeval)
		tmo->tv_nsec /= 1000;	/* struct timeval: tv_usec */
	bounded++;
	return (uintptr_t)tmo;
}

/* fds a call returned: made non-blocking, so no later call waits on them. */
static void nonblock(long fd)
{
	if (fd >= 0 && fd < 65536 && fd != OUT_FD)
		raw(SYS_fcntl, fd, F_SETFL, O_NONBLOCK, 0, 0, 0);
}

static int makes_fds(uint64_t nr)
{
	switch (nr) {
	case SYS_pipe: case SYS_pipe2: case SYS_socketpair: case SYS_recvmsg:
	case SYS_recvmmsg: case SYS_seccomp: case SYS_io_uring_register:
	case SYS_open: case SYS_openat: case SYS_openat2: case SYS_creat: case SYS_dup:
	case SYS_dup2: case SYS_dup3: case SYS_fcntl: case SYS_socket: case SYS_accept:
	case SYS_accept4: case SYS_epoll_create: case SYS_epoll_create1: case SYS_eventfd:
	case SYS_eventfd2: case SYS_signalfd: case SYS_signalfd4: case SYS_timerfd_create:
	case SYS_inotify_init: case SYS_inotify_init1: case SYS_fanotify_init:
	case SYS_memfd_create: case SYS_userfaultfd: case SYS_pidfd_open: case SYS_pidfd_getfd:
	case SYS_io_uring_setup: case SYS_perf_event_open: case SYS_open_tree: case SYS_fsopen:
	case SYS_fsmount: case SYS_fspick: case SYS_memfd_secret: case SYS_mq_open:
	case SYS_open_by_handle_at: case SYS_landlock_create_ruleset: case SYS_bpf:
		return 1;
	}
	return 0;
}

/*
 * The fixes listed at the head of the file, on the call's number without
 * its high and x32 bits (which the kernels may ignore). Returns 0 to skip.
 */
static int tame(uint64_t nr, uint64_t a[6])
{
	uint64_t key = nr & 0xbfffffffULL;

	switch (key) {
	case SYS_exit: case SYS_exit_group: case SYS_rt_sigreturn: case SYS_pause:
	case SYS_rt_sigsuspend: case SYS_reboot: case SYS_kexec_load:
	case SYS_kexec_file_load: case SYS_init_module: case SYS_finit_module:
	case SYS_delete_module:
		return 0;
	case SYS_ptrace:
		return (long)a[0] != 0;		/* PTRACE_TRACEME */
	case SYS_kill:
		if ((int)a[0] == 0 || (int)a[0] == -1 || (int)a[0] == my_pid)
			a[1] = 0;
		break;
	case SYS_tkill:
		if ((int)a[0] == my_pid)
			a[1] = 0;
		break;
	case SYS_tgkill:
		if ((int)a[0] == my_pid || (int)a[0] == -1 || (int)a[1] == my_pid)
			a[2] = 0;
		break;
	case SYS_arch_prctl:
		if (a[0] == 0x1002)		/* ARCH_SET_FS */
			a[0] = 0x1003;		/* ARCH_GET_FS */
		break;
	case SYS_munmap: case SYS_mprotect: case SYS_pkey_mprotect: case SYS_madvise:
		redirect(&a[0], &a[1]);
		break;
	case SYS_mmap:
		if (a[3] & MAP_FIXED)
			redirect(&a[0], &a[1]);
		break;
	case SYS_mremap:
		redirect(&a[0], &a[1]);
		if (a[3] & 2)			/* MREMAP_FIXED */
			redirect(&a[4], &a[2]);
		break;
	case SYS_brk:
		if (a[0] && a[0] < brk0)
			a[0] = brk0 + rng_below(&rng, 64) * PAGE;
		break;
	case SYS_nanosleep:
		a[0] = short_timeout(0);
		break;
	case SYS_clock_nanosleep:
		a[2] = short_timeout(0);
		break;
	case SYS_poll:
		a[2] = rng_below(&rng, 3);
		bounded++;
		break;
	case SYS_epoll_wait: case SYS_epoll_pwait:
		a[3] = rng_below(&rng, 3);
		bounded++;
		break;
	case SYS_ppoll: case SYS_rt_sigtimedwait:
		a[2] = short_timeout(0);
		break;
	case SYS_select:
		a[4] = short_timeout(1);
		break;
	case SYS_pselect6:
		a[4] = short_timeout(0);
		break;
	case SYS_epoll_pwait2: case SYS_futex: case SYS_futex_waitv:
	case SYS_semtimedop:
		a[3] = short_timeout(0);
		break;
	case SYS_mq_timedsend: case SYS_mq_timedreceive: case SYS_io_getevents:
	case SYS_io_pgetevents: case SYS_recvmmsg:
		a[4] = short_timeout(0);
		break;
	case SYS_msgsnd:
		a[3] |= IPC_NOWAIT;
		break;
	case SYS_msgrcv:
		a[4] |= IPC_NOWAIT;
		break;
	case SYS_flock:
		a[1] |= LOCK_NB;
		break;
	case SYS_fcntl:
		if ((int)a[1] == F_SETFL)
			a[2] |= O_NONBLOCK;
		else if ((int)a[1] == F_SETLKW)
			a[1] = F_SETLK;
		else if ((int)a[1] == F_OFD_SETLKW)
			a[1] = F_OFD_SETLK;
		break;
	case SYS_io_uring_enter:
		a[3] &= ~1ULL;			/* IORING_ENTER_GETEVENTS */
		break;
	case SYS_mknod:
		if ((a[1] & S_IFMT) == S_IFIFO)
			a[1] &= ~(uint64_t)S_IFMT;
		break;
	case SYS_mknodat:
		if ((a[2] & S_IFMT) == S_IFIFO)
			a[2] &= ~(uint64_t)S_IFMT;
		break;
	}
	return 1;
}

static uint64_t gen_nr(void)
{
	unsigned int w = rng_below(&rng, 100);

	if (w < 92)
		return rng_below(&rng, NR_MAX);
	if (w < 96)
		return NR_MAX + rng_below(&rng, 600);
	switch (rng_below(&rng, 4)) {
	case 0: return 0x40000000ULL | rng_below(&rng, 600);	/* x32 */
	case 1: return (1ULL << 32) | rng_below(&rng, NR_MAX);
	case 2: return (uint64_t)-1 - rng_below(&rng, 4);
	default: return rng_next(&rng);
	}
}

static void setup(void)
{
	unsigned int i;
	uint64_t off = 0;
	volatile int here;

	scratch = mmap(NULL, SCRATCH_LEN + PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	play = mmap(NULL, PLAY_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tmo = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED || play == MAP_FAILED || tmo == MAP_FAILED ||
	    munmap(scratch + SCRATCH_LEN, PAGE)) {
		perror("sys_fuzz: mmap");
		exit(2);
	}
	for (i = 0; i < SCRATCH_LEN; i++)
		scratch[i] = rng_next(&rng);
	/* Path names at the start, so calls taking a name find real ones. */
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		path_off[i] = off;
		memcpy(scratch + off, paths[i], strlen(paths[i]) + 1);
		off += strlen(paths[i]) + 1;
	}
	brk0 = raw(SYS_brk, 0, 0, 0, 0, 0, 0) + (1 << 20);
	stack_lo = ((uintptr_t)&here & ~(PAGE - 1)) - (16UL << 20);
	stack_hi = ((uintptr_t)&here & ~(PAGE - 1)) + (16UL << 20);
	my_pid = raw(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

/* Removes every SysV IPC object of /proc/sysvipc/NAME we may remove. */
static int ipc_clean(const char *name, int (*rm)(int))
{
	char path[64], line[512];
	int id, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*d %d", &id) == 1 && rm(id) == 0)
			n++;
	fclose(f);
	return n;
}

static int rm_shm(int id) { return shmctl(id, IPC_RMID, NULL); }
static int rm_msg(int id) { return msgctl(id, IPC_RMID, NULL); }
static int rm_sem(int id) { return semctl(id, 0, IPC_RMID); }

static void usage(void)
{
	fprintf(stderr, "usage: sys_fuzz [-s SEED] [-n CALLS] [-o FD] [-v] | sys_fuzz -c\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed, n = 1000, i, nr, a[6];
	int opt, verbose = 0, j, ofd = 1;
	long ret;

	seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((opt = getopt(argc, argv, "s:n:o:vc")) != -1) {
		switch (opt) {
		case 'c':
			printf("sys_fuzz: removed %d shm, %d msg, %d sem objects\n",
			       ipc_clean("shm", rm_shm), ipc_clean("msg", rm_msg),
			       ipc_clean("sem", rm_sem));
			return 0;
		case 's':
			if (fuzz_u64_arg(optarg, &seed))
				usage();
			break;
		case 'n':
			if (fuzz_u64_arg(optarg, &n))
				usage();
			break;
		case 'o':
			ofd = atoi(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (dup2(ofd, OUT_FD) != OUT_FD) {
		perror("sys_fuzz: dup2");
		return 2;
	}
	if (ofd != 1)
		close(ofd);
	rng.s = seed;
	out("sys_fuzz: seed %#" PRIx64 ", %" PRIu64 " calls\n", seed, n);
	setup();

	for (i = 0; i < n; i++) {
		nr = gen_nr();
		for (j = 0; j < 6; j++)
			a[j] = gen_arg();
		if (!tame(nr, a)) {
			skipped++;
			continue;
		}
		if (verbose)
			out("#%" PRIu64 " %" PRIu64 "(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#"
			    PRIx64 ", %#" PRIx64 ", %#" PRIx64 ")\n", i, nr, a[0], a[1], a[2],
			    a[3], a[4], a[5]);
		ret = raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (verbose)
			out("= %ld\n", ret);
		if (ret >= 0 && makes_fds(nr & 0xbfffffffULL)) {
			/* The fd returned, and those written to memory (the lowest free). */
			nonblock(ret);
			for (j = 0; j < 64; j++)
				nonblock(j);
		}
		if ((i + 1) % PROGRESS_EVERY == 0)
			out("@@p %" PRIu64 "\n", i + 1);
	}
	out("@@end %" PRIu64 " calls, %" PRIu64 " skipped, %" PRIu64 " redirected, %" PRIu64
	    " bounded\n", n, skipped, redirected, bounded);
	return 0;
}
