// SPDX-License-Identifier: GPL-2.0
/*
 * Creating and starting the LWK process (include/ihk/mcexec.h steps 1-4):
 * CREATE, the mirror, MAP of each segment and of the stack, the copies
 * through the mirror, the initial stack, START.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mcexec.h"
#include "size.h"
#include "user_stack.h"

extern char **environ;

#define MCEXEC_PAGE_SIZE	4096ull
/* The stack mapped when RLIMIT_STACK is unlimited: Linux's default soft limit (_STK_LIM). */
#define MCEXEC_STACK_DEFAULT	(8ull << 20)
/* Linux's x86_64 STACK_RND_MASK + 1: the stack top moves by up to 16 GiB. */
#define STACK_RND_PAGES		(1ull << 22)
/* The room between the mmap area and the stack top (mcexec.h). */
#define MCEXEC_STACK_MAX	(IHK_MC_STACK_TOP - IHK_MC_MMAP_END)

static uint64_t page_up(uint64_t v)
{
	return (v + MCEXEC_PAGE_SIZE - 1) & ~(MCEXEC_PAGE_SIZE - 1);
}

/*
 * The program's stack limits are ours, as they are (unlimited too): its
 * getrlimit answers them. The LWK maps the whole stack up front (MAP
 * populates), so what is mapped is bounded: RLIMIT_STACK as here, 8 MiB
 * when that is unlimited or larger than the room the layout has for it
 * (Linux too gives an unlimited stack only what it can grow into).
 */
static void stack_limits(struct mcexec *mc)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl)) {
		rl.rlim_cur = MCEXEC_STACK_DEFAULT;
		rl.rlim_max = RLIM_INFINITY;
	}
	_Static_assert(RLIM_INFINITY == IHK_MC_RLIM_INFINITY, "one unlimited");
	mc->rlimit_stack = rl.rlim_cur;
	mc->rlimit_stack_max = rl.rlim_max;
	mc->stack_size = MCEXEC_STACK_DEFAULT;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= MCEXEC_STACK_MAX)
		mc->stack_size = page_up(rl.rlim_cur);
}

/*
 * The LWK had no memory for @what. Status 126, as a shell gives for an
 * execve that fails after finding the program (ENOMEM included): the
 * program exists but cannot be run, here with this much LWK memory.
 */
static int no_memory(struct mcexec *mc, const char *what, uint64_t bytes)
{
	char size[32], free_text[32];

	size_format(mcexec_lwk_free(mc), free_text, sizeof(free_text));
	if (!bytes)
		return mcexec_error(MCEXEC_CANNOT_EXEC,
				    "%s: not enough LWK memory (out of memory for %s; instance %d has %s free)",
				    mc->prog, what, mc->os_index, free_text);
	size_format(bytes, size, sizeof(size));
	return mcexec_error(MCEXEC_CANNOT_EXEC,
			    "%s: not enough LWK memory (out of memory for %s of %s; instance %d has %s free)",
			    mc->prog, what, size, mc->os_index, free_text);
}

/* An errno from a request the LWK answers, for a message. */
static const char *lwk_strerror(int err)
{
	if (err == ETIMEDOUT)
		return "the LWK did not answer in time (see ihkosctl N kmsg)";
	if (err == ESHUTDOWN)
		return "the LWK stopped";
	return strerror(err);
}

/* NUL-separated argv, as /proc/PID/cmdline, for ps. */
static char *join_cmdline(char *const *argv, uint32_t *len)
{
	size_t total = 0, n;
	char *buf, *p;
	int i;

	for (i = 0; argv[i]; i++)
		total += strlen(argv[i]) + 1;
	if (total > UINT32_MAX)
		total = UINT32_MAX;
	buf = malloc(total ? total : 1);
	if (!buf)
		return NULL;
	for (i = 0, p = buf; argv[i] && p < buf + total; i++) {
		n = strlen(argv[i]) + 1;
		if (n > (size_t)(buf + total - p))
			n = buf + total - p;
		memcpy(p, argv[i], n);
		p += n;
	}
	*len = (uint32_t)total;
	return buf;
}

static int create(struct mcexec *mc)
{
	struct ihk_mc_create req = { 0 };
	char *cmdline;
	int ret;

	cmdline = join_cmdline(mc->argv, &req.cmdline_len);
	if (!cmdline)
		return mcexec_error(MCEXEC_FAILED, "%s", strerror(ENOMEM));
	req.cmdline = (uintptr_t)cmdline;
	req.rlimit_stack = mc->rlimit_stack;
	req.rlimit_stack_max = mc->rlimit_stack_max;
	ret = ioctl(mc->fd, IHK_MC_CREATE, &req);
	free(cmdline);
	if (ret == 0) {
		mc->lwk_pid = req.pid;
		mc->lwk_cpu = req.cpu;
		return 0;
	}
	switch (errno) {
	case ENOMEM:
		return no_memory(mc, "a new process", 0);
	case EAGAIN:
		return mcexec_error(MCEXEC_FAILED,
				    "instance %d already runs as many processes as it can (see ihkosctl %d ps)",
				    mc->os_index, mc->os_index);
	case EBUSY:
		return mcexec_error(MCEXEC_FAILED, "instance %d is no longer running",
				    mc->os_index);
	case EUSERS:
		return mcexec_limit_error(mc);
	case EACCES:
		/* Opened before an admin restricted the node. */
		return mcexec_access_error(mc->os_index);
	case ENOTTY:
		return mcexec_error(MCEXEC_FAILED,
				    "instance %d cannot run processes (ihk.ko without mcexec support)",
				    mc->os_index);
	}
	return mcexec_error(MCEXEC_FAILED, "cannot create the LWK process on instance %d: %s",
			    mc->os_index, lwk_strerror(errno));
}

static int mirror(struct mcexec *mc)
{
	const uint64_t len = IHK_MC_USER_END - IHK_MC_USER_START;
	void *p;

	p = mmap((void *)IHK_MC_USER_START, len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED_NOREPLACE, mc->fd, 0);
	if (p == MAP_FAILED) {
		if (errno == EEXIST)
			return mcexec_layout_conflict();
		if (errno == ENOMEM)
			return mcexec_error(MCEXEC_FAILED,
					    "cannot map the LWK range [0x%llx, 0x%llx): out of address space (ulimit -v?)",
					    IHK_MC_USER_START, IHK_MC_USER_END);
		return mcexec_error(MCEXEC_FAILED, "cannot map the LWK process's memory: %s",
				    strerror(errno));
	}
	if (p != (void *)IHK_MC_USER_START) {
		/* A kernel older than 4.17 takes NOREPLACE as a hint. */
		munmap(p, len);
		return mcexec_error(MCEXEC_FAILED,
				    "the kernel placed the LWK range elsewhere (no MAP_FIXED_NOREPLACE?)");
	}
	mc->mirrored = true;
	return 0;
}

static int map(struct mcexec *mc, uint64_t addr, uint64_t len, uint32_t prot,
	       uint32_t flags, const char *what)
{
	struct ihk_mc_map req = { .addr = addr, .len = len, .prot = prot, .flags = flags };

	if (!ioctl(mc->fd, IHK_MC_MAP, &req))
		return 0;
	if (errno == ENOMEM)
		return no_memory(mc, what, len);
	return mcexec_error(MCEXEC_FAILED, "%s: cannot map %s at 0x%llx (%llu bytes): %s",
			    mc->prog, what, (unsigned long long)addr,
			    (unsigned long long)len, lwk_strerror(errno));
}

/*
 * The stack's top: IHK_MC_STACK_TOP, or under ASLR as Linux's x86_64 exec
 * does, 1 to 2^22 - 1 pages higher (never 0: the LWK reads an unmoved
 * stack as "no ASLR", include/ihk/mcexec.h) and the initial stack pointer
 * a further 0-8 KiB lower (arch_align_stack), taken from the stack's room.
 */
static void place_stack(struct mcexec *mc)
{
	mc->stack_top = IHK_MC_STACK_TOP;
	mc->stack_gap = 0;
	if (!mcexec_aslr())
		return;
	mc->stack_top += (1 + mcexec_random() % (STACK_RND_PAGES - 1)) * MCEXEC_PAGE_SIZE;
	mc->stack_gap = (mcexec_random() % 8192) & ~15ull;
}

/* Segments first (the highest sets the program break), then the stack. */
static int map_all(struct mcexec *mc)
{
	const struct elf_exec_plan *plan = &mc->plan;
	unsigned int i;
	int ret;

	for (i = 0; i < plan->nr_segs; i++) {
		const struct elf_exec_seg *s = &plan->segs[i];

		ret = map(mc, s->start, s->end - s->start, s->prot,
			  i == plan->nr_segs - 1 ? IHK_MC_MAP_BRK : 0, "a segment");
		if (ret)
			return ret;
	}
	place_stack(mc);
	return map(mc, mc->stack_top - mc->stack_size, mc->stack_size,
		   PROT_READ | PROT_WRITE | (plan->stack_exec ? PROT_EXEC : 0),
		   IHK_MC_MAP_STACK, "the stack");
}

/* The LWK memory is zeroed: only the file bytes need copying. */
static void copy_segments(struct mcexec *mc)
{
	const struct elf_exec_plan *plan = &mc->plan;
	unsigned int i;

	for (i = 0; i < plan->nr_segs; i++) {
		const struct elf_exec_seg *s = &plan->segs[i];

		memcpy((void *)(uintptr_t)s->start, (const char *)mc->image + s->file_offset,
		       s->file_size);
	}
}

/*
 * The auxv value Linux gave mcexec. From /proc/self/auxv, because glibc's
 * getauxval(AT_HWCAP) on x86_64 answers its own HWCAP_X86_64 bits, not
 * Linux's CPUID(1).EDX that the application would get natively.
 */
static uint64_t linux_auxval(unsigned long type)
{
	uint64_t pair[2], val = 0;
	bool found = false;
	int fd;

	fd = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while (read(fd, pair, sizeof(pair)) == sizeof(pair) && pair[0]) {
			if (pair[0] == type) {
				val = pair[1];
				found = true;
				break;
			}
		}
		close(fd);
	}
	return found ? val : getauxval(type);
}

static int build_stack(struct mcexec *mc, uint64_t *rsp)
{
	const struct elf_exec_plan *plan = &mc->plan;
	struct user_stack_auxv aux = {
		.phdr = plan->phdr,
		.phent = plan->phent,
		.phnum = plan->phnum,
		.pagesz = MCEXEC_PAGE_SIZE,
		.entry = plan->entry,
		.uid = getuid(),
		.euid = geteuid(),
		.gid = getgid(),
		.egid = getegid(),
		.secure = 0,
		.hwcap = linux_auxval(AT_HWCAP),
		.hwcap2 = linux_auxval(AT_HWCAP2),
		.clktck = 100,
		.minsigstksz = linux_auxval(AT_MINSIGSTKSZ),
		.sysinfo_ehdr = 0,	/* no vDSO on the LWK */
	};
	uint8_t random[16];
	struct user_stack_args args = {
		.argv = (const char *const *)mc->argv,
		.envp = (const char *const *)environ,
		/* What execve got: the path the search found (as given if it has a '/'). */
		.execfn = mc->path,
		.random = random,
		.auxv = &aux,
		.stack_top = mc->stack_top - mc->stack_gap,
	};
	size_t used;
	int ret;

	if (getrandom(random, sizeof(random), 0) != sizeof(random))
		return mcexec_error(MCEXEC_FAILED, "getrandom: %s", strerror(errno));
	/* Built in place, through the mirror: only its top pages are written. */
	ret = user_stack_build(&args, (void *)(uintptr_t)(mc->stack_top - mc->stack_size),
			       mc->stack_size - mc->stack_gap, rsp, &used);
	if (ret == -E2BIG)
		return mcexec_error(MCEXEC_CANNOT_EXEC,
				    "%s: Argument list too long (%zu bytes of arguments and environment for a %llu-byte stack)",
				    mc->prog, used, (unsigned long long)mc->stack_size);
	if (ret)
		return mcexec_error(MCEXEC_FAILED, "%s: cannot build the stack: %s", mc->prog,
				    strerror(-ret));
	return 0;
}

static int start(struct mcexec *mc, uint64_t rsp)
{
	struct ihk_mc_start req = { .rip = mc->plan.entry, .rsp = rsp };

	if (!ioctl(mc->fd, IHK_MC_START, &req))
		return 0;
	return mcexec_error(MCEXEC_FAILED, "%s: cannot start the LWK process: %s", mc->prog,
			    lwk_strerror(errno));
}

int mcexec_load(struct mcexec *mc)
{
	uint64_t rsp;
	int ret;

	stack_limits(mc);
	ret = create(mc);
	if (!ret)
		ret = mirror(mc);
	if (!ret)
		ret = map_all(mc);
	if (ret)
		return ret;
	copy_segments(mc);
	ret = build_stack(mc, &rsp);
	if (!ret)
		ret = start(mc, rsp);
	return ret;
}

void mcexec_release(struct mcexec *mc)
{
	if (mc->mirrored)
		munmap((void *)IHK_MC_USER_START, IHK_MC_USER_END - IHK_MC_USER_START);
	mc->mirrored = false;
	if (mc->fd >= 0)
		close(mc->fd);
	mc->fd = -1;
}
