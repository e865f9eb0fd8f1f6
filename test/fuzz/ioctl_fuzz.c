// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_fuzz: random ioctls on /dev/ihk and /dev/mcosN, as root or as any
 * user, reproducible from a seed.
 *
 * Each call picks a file (/dev/ihk if we could open it, one of a few files
 * of /dev/mcos<INSTANCE>, or the device of an instance this run created),
 * a command (mostly our IHK_* numbers from include/ihk/, sometimes one of
 * them with another size or direction, sometimes any number) and an
 * argument: a struct filled at random, at its types' boundaries, or
 * mutated from a sensible one, placed to end right at an unmapped page or
 * to run into it, or in a read-only page (copy_to_user fails after the
 * work is done), or a pointer no user may pass. Now and then it maps the
 * mirror of an mcos file and touches it. A periodic SIGALRM interrupts
 * calls that wait (IHK_MC_WAIT), so a run never blocks on its own state.
 *
 * What a root run does not do, because it is destructive by design and
 * the run checks that the instance under test stays RUNNING afterwards:
 *   - IHK_OS_SHUTDOWN, and IHK_OS_DEBUG PANIC, HANG or CORRUPT_*, on the
 *     instance under test (other debug values are sent: they must be EINVAL);
 *   - IHK_DESTROY_OS of the instance under test (any other index is fine:
 *     only the instances this run created can exist besides it);
 *   - IHK_RESERVE_CPU of CPU 0 (Linux's boot CPU; the module refuses it,
 *     but a regression there would take the guest down with the run);
 *   - IHK_RESERVE_MEM of "all that can be spared" or of more than 32 MiB an
 *     item, or while this run holds more than 192 MiB unassigned: it would
 *     starve the guest of memory, which is no finding;
 *   - IHK_CREATE_OS past 8 instances of its own;
 *   - IKC ping and stress of more than 64 / 4096 messages or waits of more
 *     than 100 / 200 ms (time, not coverage).
 * As any other user everything is sent unchanged: the module must refuse
 * every change with EPERM (a success is reported as a violation).
 *
 * At the end a root run gives back what it took: the instances it
 * created, the CPUs and memory it reserved, the instance's IKC map.
 *
 * usage: ioctl_fuzz [-s SEED] [-n CALLS] [-i INSTANCE] [-v]
 * Output: the seed first; with -v every call before it is made (so the
 * last line names the call of a crash: rerun with -n up to it); at the end
 * one line of figures. Exit 0 when no violation was seen, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <ihk/abi.h>
#include <ihk/mcexec.h>

#include "fuzz_rng.h"

#define NR_OS_FILES	3
#define MAX_OWN_OS	8
#define ARENA_PAGES	8		/* room for the largest struct (ihk_mem_query) */
#define PAGE		4096UL
#define POOL_CAP	(192ULL << 20)
#define STATUS_EVERY	250		/* calls between checks of the instance */
#define SLOW_CALL_S	60		/* a call this long counts as a hang */

enum dev { DEV_CTL, DEV_OS };
enum arg { ARG_PTR, ARG_INT, ARG_NONE };

struct fz;
struct cmd {
	const char *name;
	unsigned int nr;
	enum dev dev;
	enum arg arg;
	int admin;		/* needs CAP_SYS_ADMIN */
	size_t size;		/* of the struct */
	void (*gen)(struct fz *, void *);
};

struct fz {
	struct fuzz_rng rng;
	int root, verbose, inst;
	int ctl;				/* /dev/ihk or -1 */
	int os[NR_OS_FILES];			/* /dev/mcos<inst> */
	int own[MAX_OWN_OS];			/* instances we created, -1 free */
	int own_fd[MAX_OWN_OS];
	int fds[6];				/* fds handed to IHK_OS_LOAD */
	unsigned char *arena;			/* ARENA_PAGES RW, then a guard page */
	unsigned char *ro;			/* ARENA_PAGES read-only */
	uint64_t calls, known, variants, randoms, skipped, ok, mmaps, violations;
	uint64_t err[256];
};

static void fz_bytes(struct fz *z, void *p, size_t n)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = rng_next(&z->rng);
}

/* A CPU set: none, one CPU (small numbers mostly), a few, or noise. */
static void gen_cpu_set(struct fz *z, void *buf)
{
	struct ihk_cpu_set *s = buf;
	int i, n;

	memset(s, 0, sizeof(*s));
	switch (rng_below(&z->rng, 5)) {
	case 0:
		break;
	case 1:
		fz_bytes(z, s, sizeof(*s));
		break;
	default:
		n = 1 + rng_below(&z->rng, 3);
		for (i = 0; i < n; i++) {
			unsigned int c = rng_pct(&z->rng, 80) ? rng_below(&z->rng, 8) :
							       rng_below(&z->rng, IHK_MAX_CPUS);
			s->mask[c / 64] |= 1ULL << (c % 64);
		}
	}
	s->failed = rng_int(&z->rng);
}

static void gen_mem_request(struct fz *z, void *buf)
{
	struct ihk_mem_request *r = buf;
	unsigned int i;

	fz_bytes(z, r, sizeof(*r));
	r->nr_items = rng_pct(&z->rng, 80) ? rng_below(&z->rng, 4) : rng_int(&z->rng);
	for (i = 0; i < IHK_MAX_MEM_ITEMS; i++) {
		struct ihk_mem_item *it = &r->items[i];

		switch (rng_below(&z->rng, 4)) {
		case 0: it->size = IHK_SIZE_ALL; break;
		case 1: it->size = rng_int(&z->rng); break;
		default: it->size = (1 + rng_below(&z->rng, 16)) * IHK_MEM_ALIGN;
		}
		it->node = rng_pct(&z->rng, 70) ? (int)rng_below(&z->rng, 3) - 1 :
						  (int32_t)rng_int(&z->rng);
	}
}

static void gen_kargs(struct fz *z, void *buf)
{
	struct ihk_os_kargs *k = buf;
	unsigned char *s = z->ro;		/* readable, never written */

	k->str = rng_pct(&z->rng, 70) ? (uint64_t)(uintptr_t)s : rng_wild_ptr(&z->rng);
	k->len = rng_pct(&z->rng, 70) ? rng_below(&z->rng, ARENA_PAGES * PAGE) :
					rng_int(&z->rng);
}

static void gen_kmsg(struct fz *z, void *buf)
{
	struct ihk_os_kmsg *k = buf;

	fz_bytes(z, k, sizeof(*k));
	/* A buffer in the arena's first half; lengths may run into the guard. */
	k->buf = rng_pct(&z->rng, 70) ? (uint64_t)(uintptr_t)z->arena : rng_wild_ptr(&z->rng);
	k->len = rng_pct(&z->rng, 50) ? rng_below(&z->rng, 4 * PAGE) : rng_int(&z->rng);
	k->pos = rng_pct(&z->rng, 50) ? rng_below(&z->rng, 1 << 20) : rng_int(&z->rng);
}

static void gen_ikc_map(struct fz *z, void *buf)
{
	struct ihk_ikc_map *m = buf;
	unsigned int i;

	m->nr = rng_pct(&z->rng, 80) ? rng_below(&z->rng, 4) : rng_int(&z->rng);
	m->failed = rng_int(&z->rng);
	for (i = 0; i < IHK_LWK_MAX_CPUS_ABI; i++) {
		m->entry[i].lwk_cpu = rng_pct(&z->rng, 80) ? (int)rng_below(&z->rng, 6) - 1 :
							     (int32_t)rng_int(&z->rng);
		m->entry[i].linux_cpu = rng_pct(&z->rng, 80) ? (int)rng_below(&z->rng, 6) - 1 :
							       (int32_t)rng_int(&z->rng);
	}
}

static void gen_ping(struct fz *z, void *buf)
{
	struct ihk_ikc_ping *p = buf;

	fz_bytes(z, p, sizeof(*p));
	p->cpu = rng_pct(&z->rng, 80) ? (int)rng_below(&z->rng, 6) - 1 : (int32_t)rng_int(&z->rng);
	p->count = rng_pct(&z->rng, 80) ? rng_below(&z->rng, 4) : rng_int(&z->rng);
	p->size = rng_pct(&z->rng, 60) ? rng_below(&z->rng, 120) : rng_int(&z->rng);
	p->timeout_ms = rng_int(&z->rng);
	p->samples = rng_pct(&z->rng, 70) ? (uint64_t)(uintptr_t)z->arena : rng_wild_ptr(&z->rng);
}

static void gen_stress(struct fz *z, void *buf)
{
	struct ihk_ikc_stress *s = buf;

	fz_bytes(z, s, sizeof(*s));
	s->cpu = rng_pct(&z->rng, 80) ? (int)rng_below(&z->rng, 6) - 1 : (int32_t)rng_int(&z->rng);
	s->count = rng_pct(&z->rng, 80) ? rng_below(&z->rng, 100) : rng_int(&z->rng);
	s->timeout_ms = rng_int(&z->rng);
}

static void gen_mc_create(struct fz *z, void *buf)
{
	struct ihk_mc_create *c = buf;

	fz_bytes(z, c, sizeof(*c));
	c->cmdline = rng_pct(&z->rng, 70) ? (uint64_t)(uintptr_t)z->ro : rng_wild_ptr(&z->rng);
	c->cmdline_len = rng_pct(&z->rng, 70) ? rng_below(&z->rng, 2 * IHK_MC_CMDLINE_MAX) :
					       rng_int(&z->rng);
	c->rlimit_stack = rng_pct(&z->rng, 50) ? (8ULL << 20) : rng_int(&z->rng);
}

/* An address in the LWK's user range, often a plausible one. */
static uint64_t gen_user_addr(struct fz *z)
{
	switch (rng_below(&z->rng, 4)) {
	case 0: return 0x40000000ULL + rng_below(&z->rng, 64) * PAGE;
	case 1: return IHK_MC_USER_START + rng_below(&z->rng, 1 << 20) * PAGE;
	case 2: return rng_wild_ptr(&z->rng);
	default: return rng_int(&z->rng);
	}
}

static void gen_mc_map(struct fz *z, void *buf)
{
	struct ihk_mc_map *m = buf;

	m->addr = gen_user_addr(z);
	m->len = rng_pct(&z->rng, 70) ? (1 + rng_below(&z->rng, 1024)) * PAGE : rng_int(&z->rng);
	m->prot = rng_pct(&z->rng, 70) ? rng_below(&z->rng, 8) : rng_int(&z->rng);
	m->flags = rng_pct(&z->rng, 70) ? rng_below(&z->rng, 4) : rng_int(&z->rng);
}

static void gen_mc_start(struct fz *z, void *buf)
{
	struct ihk_mc_start *s = buf;

	s->rip = gen_user_addr(z);
	s->rsp = gen_user_addr(z);
}

static void gen_mc_wait(struct fz *z, void *buf)
{
	struct ihk_mc_wait *w = buf;

	fz_bytes(z, w, sizeof(*w));
	w->has_ret = rng_below(&z->rng, 3);
	w->ret = rng_pct(&z->rng, 50) ? -(int64_t)rng_below(&z->rng, 140) : (int64_t)rng_int(&z->rng);
}

#define C(n, d, a, adm, t, g)	{ #n, n, d, a, adm, t, g }
static const struct cmd cmds[] = {
	C(IHK_RESERVE_CPU, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_cpu_set), gen_cpu_set),
	C(IHK_RELEASE_CPU, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_cpu_set), gen_cpu_set),
	C(IHK_QUERY_CPU, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_cpu_query), NULL),
	C(IHK_RESERVE_MEM, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_mem_request), gen_mem_request),
	C(IHK_RELEASE_MEM, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_mem_request), gen_mem_request),
	C(IHK_QUERY_MEM, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_mem_query), NULL),
	C(IHK_CREATE_OS, DEV_CTL, ARG_NONE, 1, 0, NULL),
	C(IHK_DESTROY_OS, DEV_CTL, ARG_INT, 1, 0, NULL),
	C(IHK_LIST_OS, DEV_CTL, ARG_PTR, 1, sizeof(struct ihk_os_list), NULL),
	C(IHK_OS_ASSIGN_CPU, DEV_OS, ARG_PTR, 1, sizeof(struct ihk_cpu_set), gen_cpu_set),
	C(IHK_OS_RELEASE_CPU, DEV_OS, ARG_PTR, 1, sizeof(struct ihk_cpu_set), gen_cpu_set),
	C(IHK_OS_ASSIGN_MEM, DEV_OS, ARG_PTR, 1, sizeof(struct ihk_mem_request), gen_mem_request),
	C(IHK_OS_RELEASE_MEM, DEV_OS, ARG_NONE, 1, 0, NULL),
	C(IHK_OS_LOAD, DEV_OS, ARG_INT, 1, 0, NULL),
	C(IHK_OS_SET_KARGS, DEV_OS, ARG_PTR, 1, sizeof(struct ihk_os_kargs), gen_kargs),
	C(IHK_OS_QUERY, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_os_info), NULL),
	C(IHK_OS_BOOT, DEV_OS, ARG_NONE, 1, 0, NULL),
	C(IHK_OS_SHUTDOWN, DEV_OS, ARG_NONE, 1, 0, NULL),
	C(IHK_OS_KMSG, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_os_kmsg), gen_kmsg),
	C(IHK_OS_DEBUG, DEV_OS, ARG_INT, 1, 0, NULL),
	C(IHK_OS_IKC_MAP_SET, DEV_OS, ARG_PTR, 1, sizeof(struct ihk_ikc_map), gen_ikc_map),
	C(IHK_OS_IKC_MAP_GET, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_ikc_map), NULL),
	C(IHK_OS_IKC_PING, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_ikc_ping), gen_ping),
	C(IHK_OS_IKC_STRESS, DEV_OS, ARG_PTR, 1, sizeof(struct ihk_ikc_stress), gen_stress),
	C(IHK_MC_CREATE, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_mc_create), gen_mc_create),
	C(IHK_MC_MAP, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_mc_map), gen_mc_map),
	C(IHK_MC_START, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_mc_start), gen_mc_start),
	C(IHK_MC_WAIT, DEV_OS, ARG_PTR, 0, sizeof(struct ihk_mc_wait), gen_mc_wait),
};
#define NR_CMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void on_alarm(int sig)
{
	(void)sig;
}

static sigjmp_buf touch_env;

static void on_fault(int sig)
{
	siglongjmp(touch_env, sig);
}

static int open_os(int index)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/" IHK_OS_DEVICE_FMT, index);
	return open(path, O_RDWR | O_CLOEXEC);
}

static int inst_status(struct fz *z)
{
	struct ihk_os_info *info = (void *)z->arena;

	if (ioctl(z->os[0], IHK_OS_QUERY, info) < 0)
		return -errno;
	return info->status;
}

static void violation(struct fz *z, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void violation(struct fz *z, const char *fmt, ...)
{
	va_list ap;

	printf("ioctl_fuzz: VIOLATION at call %" PRIu64 ": ", z->calls);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	z->violations++;
}

/* Bytes of memory reserved but assigned to no instance. */
static uint64_t pool_bytes(struct fz *z)
{
	struct ihk_mem_query *q = (void *)z->arena;
	uint64_t sum = 0;
	uint32_t i;

	if (ioctl(z->ctl, IHK_QUERY_MEM, q) < 0)
		return 0;
	for (i = 0; i < q->nr_chunks && i < IHK_MAX_CHUNKS; i++)
		if (q->chunks[i].owner == IHK_OWNER_POOL)
			sum += q->chunks[i].size;
	return sum;
}

static int own_slot(struct fz *z, int index)
{
	int i;

	for (i = 0; i < MAX_OWN_OS; i++)
		if (z->own[i] == index)
			return i;
	return -1;
}

/*
 * Makes a root call harmless where it is destructive by design (see the
 * head of the file). Returns 0 to skip the call.
 */
static int root_sanitize(struct fz *z, const struct cmd *c, int fd, uint64_t *arg, void *s)
{
	struct ihk_mem_request *r = s;
	uint64_t total = 0;
	uint32_t i;

	switch (c->nr) {
	case IHK_OS_SHUTDOWN:
		return fd != z->os[0] && fd != z->os[1] && fd != z->os[2];
	case IHK_OS_DEBUG:
		if ((fd == z->os[0] || fd == z->os[1] || fd == z->os[2]) &&
		    *arg >= IHK_DEBUG_PANIC && *arg <= IHK_DEBUG_CORRUPT_LAST)
			*arg = IHK_DEBUG_CORRUPT_LAST + 1 + rng_below(&z->rng, 3);
		return 1;
	case IHK_DESTROY_OS:
		if ((int)*arg == z->inst)
			*arg = z->inst + 1 + rng_below(&z->rng, IHK_MAX_OS);
		return 1;
	case IHK_CREATE_OS:
		return own_slot(z, -1) >= 0;
	}
	if (!s)
		return 1;
	switch (c->nr) {
	case IHK_RESERVE_CPU:
		((struct ihk_cpu_set *)s)->mask[0] &= ~1ULL;
		return 1;
	case IHK_RESERVE_MEM:
		for (i = 0; i < IHK_MAX_MEM_ITEMS; i++) {
			if (r->items[i].size == IHK_SIZE_ALL || r->items[i].size > (32ULL << 20))
				r->items[i].size = IHK_MEM_ALIGN;
			if (i < r->nr_items)
				total += r->items[i].size;
		}
		return total + pool_bytes(z) <= POOL_CAP;
	case IHK_OS_IKC_PING:
		((struct ihk_ikc_ping *)s)->count %= 65;
		((struct ihk_ikc_ping *)s)->timeout_ms %= 101;
		return 1;
	case IHK_OS_IKC_STRESS:
		((struct ihk_ikc_stress *)s)->count %= 4097;
		((struct ihk_ikc_stress *)s)->timeout_ms %= 201;
		return 1;
	}
	return 1;
}

/* An fd of the kind each device takes, or -1 to use none. */
static int pick_fd(struct fz *z, enum dev dev)
{
	int i;

	if (dev == DEV_CTL)
		return z->ctl;
	if (rng_pct(&z->rng, 85))
		return z->os[rng_below(&z->rng, NR_OS_FILES)];
	i = rng_below(&z->rng, MAX_OWN_OS);
	return z->own_fd[i] >= 0 ? z->own_fd[i] : z->os[0];
}

/*
 * The argument of a pointer command: the struct generated, placed so it
 * ends at the guard page (most often), runs into it, or sits in the
 * read-only pages; else a wild pointer.
 */
static uint64_t place_struct(struct fz *z, const struct cmd *c, void *gen, size_t size)
{
	unsigned char *end = z->arena + ARENA_PAGES * PAGE;
	unsigned char *p;
	unsigned int w = rng_below(&z->rng, 100);

	if (w < 70) {
		p = end - size;
	} else if (w < 80) {
		p = end - size + 1 + rng_below(&z->rng, size);
	} else if (w < 85) {
		p = z->ro + ARENA_PAGES * PAGE - size;
		if (mprotect(z->ro, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE) == 0) {
			memcpy(p, gen, size);
			mprotect(z->ro, ARENA_PAGES * PAGE, PROT_READ);
		}
		return (uintptr_t)p;
	} else {
		return rng_wild_ptr(&z->rng);
	}
	(void)c;
	memcpy(p, gen, end - p < (long)size ? (size_t)(end - p) : size);
	return (uintptr_t)p;
}

static void count_result(struct fz *z, long ret, int e)
{
	if (ret >= 0)
		z->ok++;
	else
		z->err[e & 255]++;
}

/* Map an mcos file's mirror (or something like it), touch it, unmap it. */
static void fuzz_mmap(struct fz *z)
{
	int fd = pick_fd(z, DEV_OS);
	uint64_t start = IHK_MC_USER_START, len = IHK_MC_USER_END - IHK_MC_USER_START;
	int flags = MAP_SHARED | MAP_FIXED_NOREPLACE, prot = PROT_READ | PROT_WRITE;
	off_t off = 0;
	struct sigaction sa = { .sa_handler = on_fault }, old_segv, old_bus;
	unsigned char *m;
	int i, n;

	if (rng_pct(&z->rng, 30)) {
		start = rng_pct(&z->rng, 50) ? start : 0;
		len = rng_pct(&z->rng, 50) ? PAGE * (1 + rng_below(&z->rng, 16)) : rng_int(&z->rng);
		off = rng_pct(&z->rng, 50) ? 0 : (off_t)(rng_below(&z->rng, 16) * PAGE);
		flags = rng_pct(&z->rng, 50) ? MAP_SHARED : MAP_PRIVATE;
		prot = rng_below(&z->rng, 8);
	}
	if (z->verbose)
		printf("#%" PRIu64 " mmap fd %d start %#" PRIx64 " len %#" PRIx64 " prot %d flags %#x off %#lx\n",
		       z->calls, fd, start, len, prot, flags, (long)off);
	fflush(stdout);
	z->mmaps++;
	m = mmap((void *)(uintptr_t)start, len, prot, flags, fd, off);
	if (m == MAP_FAILED)
		return;
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	n = rng_below(&z->rng, 8);
	for (i = 0; i < n; i++) {
		volatile unsigned char *a = m + (rng_pct(&z->rng, 50) ?
			0x40000000ULL - IHK_MC_USER_START + rng_below(&z->rng, 64) * PAGE :
			rng_below(&z->rng, len));

		if ((uint64_t)((unsigned char *)a - m) >= len)
			continue;
		if (sigsetjmp(touch_env, 1) == 0) {
			if (rng_pct(&z->rng, 70))
				(void)*a;
			else
				*a = rng_next(&z->rng);
		}
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	munmap(m, len);
}

static void one_call(struct fz *z)
{
	static unsigned char gen[ARENA_PAGES * PAGE];
	const struct cmd *c = &cmds[rng_below(&z->rng, NR_CMDS)];
	unsigned int nr = c->nr, w = rng_below(&z->rng, 100);
	enum dev dev = c->dev;
	uint64_t arg = 0;
	struct timespec t0, t1;
	int fd, e, is_known = 1;
	long ret;

	if (w < 2) {
		fuzz_mmap(z);
		return;
	}
	if (w < 10) {
		/* One of ours with another size or direction. */
		nr = (nr & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
		     ((rng_below(&z->rng, 1 << _IOC_SIZEBITS)) << _IOC_SIZESHIFT);
		if (rng_pct(&z->rng, 50))
			nr ^= rng_below(&z->rng, 4) << _IOC_DIRSHIFT;
		is_known = nr == c->nr;
	} else if (w < 20) {
		/* Any number: our magic with any nr, or anything at all. */
		nr = rng_pct(&z->rng, 50) ? _IOC(rng_below(&z->rng, 4), IHK_IOC_MAGIC,
						 rng_below(&z->rng, 256),
						 rng_below(&z->rng, 1 << _IOC_SIZEBITS)) :
					    (unsigned int)rng_next(&z->rng);
		dev = rng_pct(&z->rng, 50) ? DEV_CTL : DEV_OS;
		is_known = 0;
	}
	fd = pick_fd(z, dev);
	if (fd < 0)
		fd = z->os[0];

	if (c->arg == ARG_PTR) {
		memset(gen, 0, c->size);
		if (c->gen && rng_pct(&z->rng, 85))
			c->gen(z, gen);
		else if (rng_pct(&z->rng, 50))
			fz_bytes(z, gen, c->size);
	} else if (c->nr == IHK_OS_LOAD) {
		arg = rng_pct(&z->rng, 70) ? (uint64_t)z->fds[rng_below(&z->rng, 6)] : rng_int(&z->rng);
	} else if (c->nr == IHK_DESTROY_OS || c->nr == IHK_OS_DEBUG) {
		arg = rng_pct(&z->rng, 70) ? rng_below(&z->rng, 12) : rng_int(&z->rng);
	} else {
		arg = rng_int(&z->rng);
	}
	if (z->root && is_known && !root_sanitize(z, c, fd, &arg,
						   c->arg == ARG_PTR ? gen : NULL)) {
		z->skipped++;
		return;
	}
	if (c->arg == ARG_PTR)
		arg = place_struct(z, c, gen, c->size);

	if (z->verbose) {
		printf("#%" PRIu64 " fd %d cmd %#x (%s%s) arg %#" PRIx64 "\n", z->calls, fd, nr,
		       c->name, is_known ? "" : ", altered", arg);
		fflush(stdout);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = ioctl(fd, nr, (unsigned long)arg);
	e = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	count_result(z, ret, e);
	if (is_known)
		z->known++;
	else if (w < 10)
		z->variants++;
	else
		z->randoms++;

	if (t1.tv_sec - t0.tv_sec > SLOW_CALL_S)
		violation(z, "%s (%#x) on fd %d took %ld s", c->name, nr, fd,
			  (long)(t1.tv_sec - t0.tv_sec));
	if (!z->root && is_known && c->admin && ret >= 0)
		violation(z, "%s succeeded without CAP_SYS_ADMIN", c->name);
	if (!z->root && is_known && c->admin && ret < 0 && e != EPERM && e != EACCES &&
	    e != EFAULT && e != EBADF)
		violation(z, "%s without CAP_SYS_ADMIN: %s, not EPERM", c->name, strerror(e));

	/* Keep track of what a root run created, to work on it and give it back. */
	if (is_known && nr == IHK_CREATE_OS && ret >= 0) {
		int slot = own_slot(z, -1);

		if (slot >= 0) {
			z->own[slot] = ret;
			z->own_fd[slot] = open_os(ret);
		} else {
			violation(z, "instance %ld created past our limit", ret);
		}
	}
	if (is_known && nr == IHK_DESTROY_OS && ret >= 0) {
		int slot = own_slot(z, (int)arg);

		if (slot >= 0) {
			z->own[slot] = -1;
			close(z->own_fd[slot]);
			z->own_fd[slot] = -1;
		}
	}
	/* Sometimes a fresh file: the last close releases its LWK process. */
	if (rng_pct(&z->rng, 3)) {
		int i = rng_below(&z->rng, NR_OS_FILES);

		if (i != 0) {
			close(z->os[i]);
			z->os[i] = open_os(z->inst);
		}
	}
}

/* Gives back what a root run took (see the head of the file). */
static void root_cleanup(struct fz *z, const struct ihk_cpu_query *cpus0,
			 const struct ihk_ikc_map *map0, uint64_t pool0)
{
	struct ihk_cpu_query now;
	struct ihk_cpu_set set;
	struct ihk_mem_request req;
	int i, w;

	for (i = 0; i < MAX_OWN_OS; i++) {
		if (z->own[i] < 0)
			continue;
		if (z->own_fd[i] >= 0) {
			ioctl(z->own_fd[i], IHK_OS_SHUTDOWN);
			ioctl(z->own_fd[i], IHK_OS_RELEASE_MEM);
			memset(&set, 0, sizeof(set));
			memset(set.mask, 0xff, sizeof(set.mask));
			ioctl(z->own_fd[i], IHK_OS_RELEASE_CPU, &set);
			close(z->own_fd[i]);
		}
		if (ioctl(z->ctl, IHK_DESTROY_OS, z->own[i]) < 0)
			violation(z, "cleanup: destroy of our instance %d: %s", z->own[i],
				  strerror(errno));
	}
	if (ioctl(z->ctl, IHK_QUERY_CPU, &now) == 0) {
		memset(&set, 0, sizeof(set));
		for (w = 0; w < IHK_CPU_WORDS; w++)
			set.mask[w] = now.reserved[w] & ~cpus0->reserved[w];
		for (w = 0; w < IHK_CPU_WORDS && !set.mask[w]; w++)
			;
		if (w < IHK_CPU_WORDS && ioctl(z->ctl, IHK_RELEASE_CPU, &set) < 0)
			violation(z, "cleanup: release of the CPUs we reserved: %s (CPU %d)",
				  strerror(errno), set.failed);
	}
	/* By size: "all" is EBUSY while any chunk is assigned (instance 0's). */
	if (pool_bytes(z) > pool0) {
		memset(&req, 0, sizeof(req));
		req.nr_items = 1;
		req.items[0].size = pool_bytes(z) - pool0;
		req.items[0].node = IHK_NODE_ANY;
		if (ioctl(z->ctl, IHK_RELEASE_MEM, &req) < 0)
			violation(z, "cleanup: release of the memory we reserved: %s",
				  strerror(errno));
	}
	if (ioctl(z->os[0], IHK_OS_IKC_MAP_SET, map0) < 0)
		violation(z, "cleanup: restoring the IKC map: %s", strerror(errno));
}

static void usage(void)
{
	fprintf(stderr, "usage: ioctl_fuzz [-s SEED] [-n CALLS] [-i INSTANCE] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct fz fz;
	struct fz *z = &fz;
	struct ihk_cpu_query cpus0;
	static struct ihk_ikc_map map0;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 100000 }, { 0, 100000 } };
	uint64_t seed, n = 1000, pool0 = 0;
	int opt, i, st;
	unsigned int e;

	seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	z->inst = 0;
	while ((opt = getopt(argc, argv, "s:n:i:v")) != -1) {
		switch (opt) {
		case 's':
			if (fuzz_u64_arg(optarg, &seed))
				usage();
			break;
		case 'n':
			if (fuzz_u64_arg(optarg, &n))
				usage();
			break;
		case 'i':
			z->inst = atoi(optarg);
			break;
		case 'v':
			z->verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	z->rng.s = seed;
	z->root = geteuid() == 0;
	printf("ioctl_fuzz: seed %#" PRIx64 ", %" PRIu64 " calls, instance %d, as %s\n", seed,
	       n, z->inst, z->root ? "root" : "an unprivileged user");

	z->arena = mmap(NULL, (ARENA_PAGES + 1) * PAGE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	z->ro = mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (z->arena == MAP_FAILED || z->ro == MAP_FAILED ||
	    mprotect(z->arena + ARENA_PAGES * PAGE, PAGE, PROT_NONE)) {
		perror("ioctl_fuzz: mmap");
		return 2;
	}
	fz_bytes(z, z->ro, ARENA_PAGES * PAGE);
	mprotect(z->ro, ARENA_PAGES * PAGE, PROT_READ);

	z->ctl = open("/dev/" IHK_CTL_DEVICE, O_RDWR | O_CLOEXEC);
	if (z->ctl < 0 && z->root) {
		fprintf(stderr, "ioctl_fuzz: /dev/%s: %s\n", IHK_CTL_DEVICE, strerror(errno));
		return 2;
	}
	for (i = 0; i < NR_OS_FILES; i++) {
		z->os[i] = open_os(z->inst);
		if (z->os[i] < 0) {
			fprintf(stderr, "ioctl_fuzz: /dev/" IHK_OS_DEVICE_FMT ": %s\n", z->inst,
				strerror(errno));
			return 2;
		}
	}
	for (i = 0; i < MAX_OWN_OS; i++)
		z->own[i] = z->own_fd[i] = -1;
	/* For IHK_OS_LOAD: the real image, a non-ELF file, a device, nothing. */
	z->fds[0] = open("/lib/ihk/lwk.elf", O_RDONLY | O_CLOEXEC);
	z->fds[1] = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	z->fds[2] = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	z->fds[3] = z->os[0];
	z->fds[4] = -1;
	z->fds[5] = open("/etc/passwd", O_WRONLY | O_CLOEXEC);	/* fails as nobody */

	st = inst_status(z);
	if (st != IHK_OS_RUNNING) {
		fprintf(stderr, "ioctl_fuzz: instance %d is not RUNNING (%d)\n", z->inst, st);
		return 2;
	}
	if (z->root) {
		if (ioctl(z->ctl, IHK_QUERY_CPU, &cpus0) || ioctl(z->os[0], IHK_OS_IKC_MAP_GET, &map0)) {
			perror("ioctl_fuzz: initial state");
			return 2;
		}
		pool0 = pool_bytes(z);
	}

	sigaction(SIGALRM, &sa, NULL);		/* no SA_RESTART: waits end in EINTR */
	setitimer(ITIMER_REAL, &it, NULL);
	for (z->calls = 0; z->calls < n; z->calls++) {
		one_call(z);
		if ((z->calls + 1) % STATUS_EVERY == 0 || z->calls + 1 == n) {
			st = inst_status(z);
			if (st != IHK_OS_RUNNING) {
				violation(z, "instance %d is no longer RUNNING (status %d)",
					  z->inst, st);
				break;
			}
		}
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	if (z->root)
		root_cleanup(z, &cpus0, &map0, pool0);

	printf("ioctl_fuzz: seed %#" PRIx64 ": %" PRIu64 " calls (%" PRIu64 " known commands, %"
	       PRIu64 " altered, %" PRIu64 " random numbers, %" PRIu64 " mirror maps, %" PRIu64
	       " skipped as destructive), %" PRIu64 " succeeded; errors:", seed, z->calls,
	       z->known, z->variants, z->randoms, z->mmaps, z->skipped, z->ok);
	for (e = 0; e < 256; e++)
		if (z->err[e])
			printf(" %s %" PRIu64, e ? strerrorname_np(e) ?: "?" : "0", z->err[e]);
	printf("; violations %" PRIu64 "\n", z->violations);
	return z->violations ? 1 : 0;
}
