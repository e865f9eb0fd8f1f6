// SPDX-License-Identifier: GPL-2.0
/*
 * clone, clone3: threads. fork, vfork and clones that make a process are
 * not served yet (issue 17): they answer ENOSYS here, never offloaded
 * (mcexec would fork itself, and the child would be a Linux process with
 * no LWK process behind it).
 *
 * A thread needs the flags glibc and musl give pthread_create: a shared
 * address space, files, fs info and signal handlers in one thread group
 * (CLONE_THREAD_NEEDS); it may ask for CLONE_THREAD_MAY. Anything else
 * with CLONE_THREAD is EINVAL with one console line per process.
 *
 * The new thread's tid is the Linux tid of a new mcexec thread: THREAD_NEW
 * asks mcexec for one (include/ihk/mcexec.h) before the thread exists
 * here, so a failure there leaves nothing behind. The thread starts as a
 * copy of the caller's user registers and FPU state, with rax 0, the new
 * stack and TLS, on the least loaded LWK CPU the caller may use
 * (sched_setaffinity(), lwk/syscalls/sched.c).
 */
#include <asm/cpu.h>
#include <lwk/compiler.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/printk.h>
#include <lwk/process.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/proc.h>
#include "handlers.h"
#include "warn_once.h"

#define CLONE_VM		0x00000100ULL
#define CLONE_FS		0x00000200ULL
#define CLONE_FILES		0x00000400ULL
#define CLONE_SIGHAND		0x00000800ULL
#define CLONE_THREAD		0x00010000ULL
#define CLONE_SYSVSEM		0x00040000ULL
#define CLONE_SETTLS		0x00080000ULL
#define CLONE_PARENT_SETTID	0x00100000ULL
#define CLONE_CHILD_CLEARTID	0x00200000ULL
#define CLONE_DETACHED		0x00400000ULL
#define CLONE_CHILD_SETTID	0x01000000ULL
#define CSIGNAL			0xffULL

#define CLONE_THREAD_NEEDS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
				 CLONE_THREAD)
#define CLONE_THREAD_MAY	(CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
				 CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)

/* struct clone_args (include/uapi/linux/sched.h), as far as we read it. */
struct clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};
#define CLONE_ARGS_SIZE_VER0	64

struct thread_args {
	uint64_t flags;
	uint64_t stack;		/* the new rsp; 0: the caller's */
	uint64_t parent_tid;
	uint64_t child_tid;
	uint64_t tls;
};

static long not_yet(const char *name, enum lwk_warn w)
{
	if (process_warn_once(w))
		printk("pid %d: %s of a new process is not supported on the LWK yet: ENOSYS\n",
		       current_process()->pid, name);
	return -ENOSYS;
}

static long bad_flags(const char *name, uint64_t flags)
{
	if (process_warn_once(WARN_CLONE_FLAGS))
		printk("pid %d: %s flags 0x%lx are not supported on the LWK: EINVAL\n",
		       current_process()->pid, name, (unsigned long)flags);
	return -EINVAL;
}

/* The new thread's registers: the caller's, as its syscall left them. */
static void child_frame(struct trap_frame *f, const struct thread_args *a)
{
	*f = *thread_user_frame(current_thread());
	f->rax = 0;
	if (a->stack)
		f->rsp = a->stack;
}

static long clone_thread(const struct thread_args *a)
{
	struct lwk_thread *self = current_thread(), *t;
	struct lwk_proc *p = current_proc();
	struct ikc_thread req = {
		.pid = p->pub.pid, .tid = self->tid, .flags = a->flags,
	};
	struct trap_frame f;
	uint64_t flags;
	int64_t tid;
	int32_t tid32;
	bool dup;
	int cpu;

	if (READ_ONCE(p->nr_threads) >= IHK_MC_MAX_THREADS)
		return -EAGAIN;
	cpu = proc_pick_cpu(&self->affinity);
	if (cpu < 0)
		return -EAGAIN;
	t = thread_alloc(p, cpu);
	if (!t)
		return -EAGAIN;
	if (proc_call(p, IKC_MSG_THREAD_NEW, &req, sizeof(req),
		      IKC_MSG_SYSCALL_RET, &tid)) {
		thread_free(t);
		return -EINTR;
	}
	flags = proc_lock(p);
	dup = tid > 0 && tid <= INT32_MAX && thread_find(p, (int)tid);
	proc_unlock(p, flags);
	if (tid <= 0 || tid > INT32_MAX || dup) {
		thread_free(t);
		if (tid > 0)
			printk("pid %d: mcexec named tid %ld twice: EAGAIN\n",
			       p->pub.pid, (long)tid);
		return tid < 0 && tid >= -4095 ? tid : -EAGAIN;
	}
	t->tid = (int)tid;
	t->fs_base = a->flags & CLONE_SETTLS ? a->tls : self->fs_base;
	t->gs_base = self->gs_base;
	t->sigmask = self->sigmask;
	t->affinity = self->affinity;
	if (a->flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = a->child_tid;
	/* The caller owns the FPU registers now: they are its state. */
	fpu_save(t->fpu);
	child_frame(&f, a);
	thread_prepare(t, &f);
	/* As Linux: a bad address here is not the caller's error. */
	tid32 = t->tid;
	if (a->flags & CLONE_PARENT_SETTID)
		copy_to_user(a->parent_tid, &tid32, sizeof(tid32));
	if (a->flags & CLONE_CHILD_SETTID)
		copy_to_user(a->child_tid, &tid32, sizeof(tid32));
	thread_attach(p, t);
	/* Its reference to the process, dropped once it is freed. */
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_ACQ_REL);
	sched_enqueue(t);
	return tid32;
}

static long clone_common(const char *name, const struct thread_args *a,
			 uint64_t exit_signal)
{
	uint64_t flags = a->flags;

	if (!(flags & CLONE_THREAD))
		return not_yet(name, !strcmp(name, "clone") ? WARN_CLONE : WARN_CLONE3);
	if ((flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS ||
	    (flags & ~(CLONE_THREAD_NEEDS | CLONE_THREAD_MAY)) || exit_signal)
		return bad_flags(name, flags);
	return clone_thread(a);
}

/* x86_64 order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, uint64_t, flags, uint64_t, stack, uint64_t, parent_tid,
		uint64_t, child_tid, uint64_t, tls)
{
	struct thread_args a = {
		.flags = flags & ~CSIGNAL, .stack = stack,
		.parent_tid = parent_tid, .child_tid = child_tid, .tls = tls,
	};

	/* Linux ignores the exit signal of a thread; so do we. */
	if (flags & CLONE_THREAD)
		return clone_common("clone", &a, 0);
	return clone_common("clone", &a, flags & CSIGNAL);
}

/* Bytes past what we know must be zero, as Linux asks (E2BIG). */
static long clone3_copy(struct clone_args *ca, uint64_t uargs, uint64_t size)
{
	uint64_t off;
	uint8_t b;

	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	memset(ca, 0, sizeof(*ca));
	if (copy_from_user(ca, uargs, size < sizeof(*ca) ? size : sizeof(*ca)))
		return -EFAULT;
	for (off = sizeof(*ca); off < size; off++) {
		if (copy_from_user(&b, uargs + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	return 0;
}

SYSCALL_DEFINE2(clone3, uint64_t, uargs, uint64_t, size)
{
	struct clone_args ca;
	struct thread_args a;
	long err = clone3_copy(&ca, uargs, size);

	if (err)
		return err;
	/*
	 * pidfd and cgroup mean something only with CLONE_PIDFD and
	 * CLONE_INTO_CGROUP, which we refuse (glibc passes a pidfd address
	 * anyway).
	 */
	if (ca.set_tid || ca.set_tid_size || (ca.flags >> 32) ||
	    (!ca.stack) != (!ca.stack_size) || ca.exit_signal & ~CSIGNAL)
		return (ca.flags & CLONE_THREAD) ? bad_flags("clone3", ca.flags) : -EINVAL;
	a.flags = ca.flags;
	a.stack = ca.stack ? ca.stack + ca.stack_size : 0;
	a.parent_tid = ca.parent_tid;
	a.child_tid = ca.child_tid;
	a.tls = ca.tls;
	return clone_common("clone3", &a, ca.exit_signal);
}

SYSCALL_DEFINE0(fork)
{
	return not_yet("fork", WARN_FORK);
}

SYSCALL_DEFINE0(vfork)
{
	return not_yet("vfork", WARN_VFORK);
}
