// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall dispatcher. A LOCAL line of syscalls.def calls its handler
 * from the table below; everything else, unknown numbers included, goes
 * to mcexec: SYSCALL on this CPU's channel, then we wait, serving the
 * channel, for SYSCALL_RET. Interrupts stay off except while waiting.
 *
 * Taking sys_<name>'s address in the table is what makes a LOCAL line
 * without its handler a link error, never a silent offload.
 */
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/syscall.h>
#include <lwk/uaccess.h>
#include <lwk/offload_check.h>
#include <lwk/proc.h>

#include "handlers.h"
#include "table.h"

#define SYSCALL_FN_LOCAL(nr, name)	[nr] = sys_##name,
#define SYSCALL_FN_OFFLOAD(nr, name)
#define SYSCALL_FN_REFUSED(nr, name)

static const syscall_fn local_fn[SYSCALL_TABLE_SIZE] = {
#define SYSCALL(nr, name, how)	SYSCALL_FN_##how(nr, name)
#include "syscalls.def"
#undef SYSCALL
};

static syscall_fn syscall_local_handler(uint64_t nr)
{
	return nr < SYSCALL_TABLE_SIZE ? local_fn[nr] : NULL;
}

/* Each call's number by name, from the list. */
enum {
#define SYSCALL(nr, name, how)	LWK_NR_##name = nr,
#include "syscalls.def"
#undef SYSCALL
};

/* The LOCAL calls that change the process's areas: one thread at a time. */
static bool syscall_changes_mm(uint64_t nr)
{
	switch (nr) {
	case LWK_NR_brk: case LWK_NR_mmap: case LWK_NR_munmap: case LWK_NR_mprotect:
	case LWK_NR_mremap: case LWK_NR_madvise:
		return true;
	}
	return false;
}

static long syscall_local(struct lwk_proc *p, syscall_fn fn,
			  const struct syscall_args *a)
{
	long ret;

	p->pub.status->syscalls_local++;
	if (!syscall_changes_mm(a->nr))
		return fn(a);
	ret = proc_mm_lock(p);
	if (ret)
		return ret;
	ret = fn(a);
	proc_mm_unlock(p);
	return ret;
}

static int read_user(void *ctx, uint64_t uaddr, void *dst, size_t len)
{
	(void)ctx;
	return copy_from_user(dst, uaddr, len);
}

long syscall_offload(const struct syscall_args *a)
{
	struct lwk_proc *p = current_proc();
	struct ikc_syscall req;
	int64_t ret;
	unsigned int i;
	int err;

	req.pid = p->pub.pid;
	req.tid = current_thread()->tid;
	req.nr = a->nr;
	for (i = 0; i < 6; i++)
		req.args[i] = a->arg[i];
	/* Refused calls and pointers past the mirror never reach mcexec. */
	ret = offload_check(req.nr, req.args, read_user, NULL);
	if (ret)
		return ret;
	WRITE_ONCE(p->pub.status->state, IHK_PROC_OFFLOAD);
	err = proc_call(p, IKC_MSG_SYSCALL, &req, sizeof(req),
			IKC_MSG_SYSCALL_RET, &ret);
	WRITE_ONCE(p->pub.status->state, IHK_PROC_RUNNING);
	if (err)
		return -EINTR;
	p->pub.status->syscalls_offloaded++;
	return ret;
}

const struct syscall_args *syscall_current(void)
{
	return current_thread()->syscall;
}

void syscall_dispatch(struct trap_frame *f)
{
	struct lwk_proc *p = current_proc();
	/*
	 * The number is rax's low 32 bits, as Linux's do_syscall_64(int nr)
	 * takes it: else 1 << 32 | close would be "unknown", offloaded, and
	 * run by Linux as close past mcexec's guard of its own fd.
	 */
	struct syscall_args a = {
		.nr = (uint32_t)f->rax,
		.arg = { f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9 },
	};
	syscall_fn fn = syscall_local_handler(a.nr);

	current_thread()->syscall = &a;
	if (fn)
		f->rax = syscall_local(p, fn, &a);
	else
		f->rax = syscall_offload(&a);
	current_thread()->syscall = NULL;
	proc_return_to_user(f);
}
