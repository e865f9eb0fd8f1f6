// SPDX-License-Identifier: GPL-2.0
/*
 * Threads of an LWK process: their memory, their list, and how they end.
 *
 * A process's threads run on any LWK CPU; its thread list and the fields
 * that say how it ends are under its lock (lwk/proc.h). A thread is
 * freed by its own CPU once switched away from (thread_reap()), which
 * drops its reference to the process.
 *
 * Ending: a thread that calls exit() while others live leaves alone
 * (THREAD_EXIT tells its mcexec thread). exit_group, a fatal signal, a
 * kill or Linux's RELEASE make the whole process end: every thread is
 * woken, sees thread_should_die() and leaves, and the last one out sends
 * PROC_EXIT (or, for a RELEASE, frees the process once off its stack).
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/futex.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/proc.h>

#define KSTACK_PAGES	(THREAD_STACK_SIZE / PAGE_SIZE)

/* Stack and FPU area; for the main thread the struct is in the process. */
static int thread_mem_alloc(struct lwk_thread *t, int node)
{
	t->kstack = alloc_pages_node(KSTACK_PAGES, PAGE_SIZE, node);
	t->fpu = alloc_pages_node(1, PAGE_SIZE, node);
	if (!t->kstack || !t->fpu)
		return -ENOMEM;
	return 0;
}

int thread_main_init(struct lwk_proc *p, int node)
{
	struct lwk_thread *t = &p->thread;

	t->proc = &p->pub;
	t->tid = p->pub.pid;
	t->cpu = p->cpu;
	t->state = THREAD_NEW;
	/* Every LWK CPU, as Linux's init gives every CPU. */
	memset(&t->affinity, 0xff, sizeof(t->affinity));
	if (thread_mem_alloc(t, node))
		return -ENOMEM;
	fpu_init_state(t->fpu);
	return 0;
}

struct lwk_thread *thread_alloc(struct lwk_proc *p, unsigned int cpu)
{
	int node = percpu_area[cpu].node;
	struct lwk_thread *t = alloc_pages_node(1, PAGE_SIZE, node);

	_Static_assert(sizeof(*t) <= PAGE_SIZE, "a thread fits in a page");
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->proc = &p->pub;
	t->cpu = cpu;
	t->state = THREAD_NEW;
	if (thread_mem_alloc(t, node)) {
		thread_free(t);
		return NULL;
	}
	return t;
}

void thread_free(struct lwk_thread *t)
{
	struct lwk_proc *p = to_proc(t->proc);

	sched_forget(t);
	if (t->kstack)
		free_pages(t->kstack, KSTACK_PAGES);
	if (t->fpu)
		free_pages(t->fpu, 1);
	t->kstack = NULL;
	t->fpu = NULL;
	if (t != &p->thread)
		free_pages(t, 1);
}

struct trap_frame *thread_user_frame(struct lwk_thread *t)
{
	return (struct trap_frame *)((uint64_t)t->kstack + THREAD_STACK_SIZE) - 1;
}

void thread_prepare(struct lwk_thread *t, const struct trap_frame *f)
{
	struct trap_frame *uf = thread_user_frame(t);
	uint64_t *sp = (uint64_t *)uf;
	unsigned int i;

	*uf = *f;
	/* ctx_switch() pops six registers, then returns to the entry. */
	*--sp = (uint64_t)thread_first_entry;
	for (i = 0; i < 6; i++)
		*--sp = 0;
	t->ctx_rsp = (uint64_t)sp;
}

struct lwk_thread *thread_find(struct lwk_proc *p, int tid)
{
	struct lwk_thread *t;

	for (t = p->threads; t; t = t->next_in_proc)
		if (t->tid == tid)
			return t;
	return NULL;
}

void thread_attach(struct lwk_proc *p, struct lwk_thread *t)
{
	uint64_t flags = proc_lock(p);
	struct lwk_thread **pp = &p->threads;

	/* At the end: the main thread stays first, as `ps -L` lists it. */
	while (*pp)
		pp = &(*pp)->next_in_proc;
	t->next_in_proc = NULL;
	*pp = t;
	p->nr_threads++;
	proc_cpu_threads_add(t->cpu, 1);
	p->pub.status->nr_threads = p->nr_threads;
	proc_unlock(p, flags);
	proc_status_refresh(p);
}

/* Under p->lock. */
static void detach_locked(struct lwk_proc *p, struct lwk_thread *t)
{
	struct lwk_thread **pp;

	for (pp = &p->threads; *pp; pp = &(*pp)->next_in_proc) {
		if (*pp == t) {
			*pp = t->next_in_proc;
			t->next_in_proc = NULL;
			p->nr_threads--;
			proc_cpu_threads_add(t->cpu, -1);
			p->pub.status->nr_threads = p->nr_threads;
			return;
		}
	}
}

void thread_detach(struct lwk_proc *p, struct lwk_thread *t)
{
	uint64_t flags = proc_lock(p);

	detach_locked(p, t);
	proc_unlock(p, flags);
}

uint64_t thread_cpu_tsc(const struct lwk_thread *t)
{
	/*
	 * run_tsc 0: it waits on its CPU (sched_block()), not its time. The
	 * TSCs of LWK CPUs agree, so this holds for a thread running on
	 * another CPU too, give or take a switch happening meanwhile.
	 */
	uint64_t run = READ_ONCE(t->run_tsc), used = READ_ONCE(t->cpu_tsc);
	uint64_t now = rdtsc();

	if (READ_ONCE(t->state) == THREAD_RUNNING && run && now > run)
		return used + (now - run);
	return used;
}

void thread_reap(struct lwk_thread *t)
{
	struct lwk_proc *p = to_proc(t->proc);

	thread_free(t);
	/* Its reference: the last one, after RELEASE, frees the process. */
	proc_put(p);
}

/* Tell mcexec's thread of @t that it may end (not for the main thread). */
static void send_thread_exit(struct lwk_proc *p, struct lwk_thread *t)
{
	struct ikc_thread m = { .pid = p->pub.pid, .tid = t->tid };

	if (t == &p->thread)
		return;
	proc_send(p, IKC_MSG_THREAD_EXIT, 0, &m, sizeof(m));
}

/*
 * The current thread leaves @p; @status: its exit(2) status, which ends
 * the process if it is the last thread (NULL: the process ends anyway).
 */
static void __noreturn leave(const int *status)
{
	struct lwk_thread *t = current_thread();
	struct lwk_proc *p = to_proc(t->proc);
	bool group = READ_ONCE(p->exiting) || READ_ONCE(p->release_pending) ||
		     READ_ONCE(p->kill_signo);
	/* Released: mcexec and its mirror are gone; nobody waits on a word. */
	bool futex_duties = !READ_ONCE(p->release_pending);
	uint64_t flags;
	bool last;

	irq_disable();
	if (futex_duties)
		futex_exit_robust_list(t);
	if (!group)
		send_thread_exit(p, t);
	flags = proc_lock(p);
	detach_locked(p, t);
	last = !p->nr_threads;
	/* The last thread's exit() ends the process with its status. */
	if (last && status)
		proc_set_exit(p, *status, 0, false);
	proc_unlock(p, flags);
	/* Now thread_alive() says no: PI owners and CLEARTID waiters see it. */
	if (futex_duties)
		futex_exit_thread(t);
	flags = proc_lock(p);
	p->dead_cpu_tsc += thread_cpu_tsc(t);
	proc_unlock(p, flags);
	proc_status_refresh(p);
	if (last)
		proc_last_thread_left(p);
	t->state = THREAD_DEAD;
	sched_exit_current();
}

void __noreturn thread_leave(void)
{
	leave(NULL);
}

void __noreturn thread_exit(int status)
{
	leave(&status);
}

void __noreturn proc_exit_group(struct lwk_proc *p)
{
	irq_disable();
	WRITE_ONCE(p->exiting, true);
	sched_wake_all(p);
	thread_leave();
}
