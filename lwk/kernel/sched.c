// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK scheduler: one run queue per CPU, first in first out, and each
 * CPU's idle loop as the context that runs when no thread can.
 *
 * - A thread that waits (sched_block(): a futex, a sleep, an offloaded
 *   call) while no other thread of its CPU can run stays on the CPU and
 *   serves the CPU's channels itself: an offload costs no switch. Once
 *   another thread is runnable it is switched out (BLOCKED) and comes back
 *   through sched_wake() or its deadline.
 * - Time slices only while a CPU has more than one runnable thread: then
 *   the timer ends the slice (SCHED_SLICE_US) and the current thread goes
 *   behind the others on its way back to user mode. A CPU with one thread
 *   gets no tick but the heartbeat.
 * - A wake of a blocked thread asks its CPU to reschedule at the next way
 *   back to user mode, so a thread whose offloaded call returned runs
 *   soon after an interrupt instead of at the end of a slice.
 * - The FPU state is switched lazily: it stays in the registers until
 *   another thread needs them.
 *
 * - A thread stays on the CPU it was placed on (clone: the least loaded
 *   CPU its creator may use) until sched_setaffinity() moves it: the CPU
 *   it leaves hands it to the other one after the switch away, once it is
 *   off its kernel stack and its FPU state is saved.
 * - The idle loop runs on the kernel's page tables, so only CPUs that run
 *   a process's thread need its TLB shootdowns (asm/tlb.h).
 *
 * Locking: each CPU's run queue, sleepers and a thread's state and token
 * are under that CPU's lock, taken with interrupts off (a wake may come
 * from another CPU or from an interrupt). Only the CPU itself switches
 * its threads and programs its timer: a wake or an enqueue from another
 * CPU marks the queue's timer stale and sends an IPI, and the CPU
 * reprograms it in the interrupt (sched_remote_kick()).
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/timer.h>
#include <asm/tlb.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/idle.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/sched.h>
#include <lwk/spinlock.h>
#include <lwk/clock.h>
#include <lwk/proc.h>

#define SCHED_SLICE_US	10000

struct sched_cpu {
	spinlock_t lock;
	struct lwk_thread *head, *tail;	/* RUNNABLE, in order */
	unsigned int nr_queued;
	struct lwk_thread *sleepers;	/* BLOCKED with a deadline */
	uint64_t self_deadline;		/* the current thread's, waiting in place */
	uint64_t slice_end;		/* 0: no slice running */
	bool need_resched;
	bool timer_stale;		/* another CPU changed the queue */
	struct lwk_thread *fpu_owner;	/* whose state the FPU registers hold */
	struct lwk_thread *dead;	/* to free once off its stack */
	struct lwk_thread *leaving;	/* to move to ->migrate_cpu, the same */
	uint64_t idle_rsp;		/* the idle loop, switched out */
};

static struct sched_cpu sched_cpus[IHK_LWK_MAX_CPUS];

static struct sched_cpu *this_sched(void)
{
	return &sched_cpus[cpu_index()];
}

static uint64_t sched_lock(struct sched_cpu *sc)
{
	uint64_t flags = irq_save();

	spin_lock(&sc->lock, cpu_index());
	return flags;
}

static void sched_unlock(struct sched_cpu *sc, uint64_t flags)
{
	spin_unlock(&sc->lock);
	irq_restore(flags);
}

/* Under sc->lock. */
static void rq_push(struct sched_cpu *sc, struct lwk_thread *t)
{
	t->state = THREAD_RUNNABLE;
	t->rq_next = NULL;
	if (sc->tail)
		sc->tail->rq_next = t;
	else
		sc->head = t;
	sc->tail = t;
	sc->nr_queued++;
}

static struct lwk_thread *rq_pop(struct sched_cpu *sc)
{
	struct lwk_thread *t = sc->head;

	if (!t)
		return NULL;
	sc->head = t->rq_next;
	if (!sc->head)
		sc->tail = NULL;
	t->rq_next = NULL;
	sc->nr_queued--;
	return t;
}

static void sleepers_remove(struct sched_cpu *sc, struct lwk_thread *t)
{
	struct lwk_thread **pp;

	for (pp = &sc->sleepers; *pp; pp = &(*pp)->rq_next) {
		if (*pp == t) {
			*pp = t->rq_next;
			t->rq_next = NULL;
			return;
		}
	}
}

/* The one timer deadline of this CPU: the earliest wait or slice end. */
static void program_timer(struct sched_cpu *sc)
{
	uint64_t when = sc->self_deadline;
	struct lwk_thread *t;

	for (t = sc->sleepers; t; t = t->rq_next)
		if (!when || t->deadline_tsc < when)
			when = t->deadline_tsc;
	if (sc->nr_queued && !sc->slice_end)
		sc->slice_end = clock_add_sat(rdtsc(),
			clock_ns_to_cycles(SCHED_SLICE_US * 1000ULL, clock_tsc_khz()));
	if (!sc->nr_queued)
		sc->slice_end = 0;
	if (sc->slice_end && (!when || sc->slice_end < when))
		when = sc->slice_end;
	if (when)
		timer_set_deadline(when);
	else
		timer_clear_deadline();
}

static void after_switch(void)
{
	struct sched_cpu *sc = this_sched();
	struct lwk_thread *dead = sc->dead, *leaving = sc->leaving;

	if (leaving) {
		/* Off its stack now: sched_wake() finds it at its new CPU. */
		uint64_t flags = sched_lock(sc);
		unsigned int from = leaving->cpu;

		sc->leaving = NULL;
		leaving->cpu = leaving->migrate_cpu;
		sched_unlock(sc, flags);
		proc_cpu_threads_add(from, -1);
		proc_cpu_threads_add(leaving->cpu, 1);
		sched_enqueue(leaving);
	}
	if (!dead)
		return;
	sc->dead = NULL;
	if (sc->fpu_owner == dead)
		sc->fpu_owner = NULL;
	thread_reap(dead);
}

/* Load @root (a process's tables, or the kernel's) if not loaded yet. */
static void load_root(uint64_t root, bool user)
{
	if (read_cr3() == root)
		return;
	tlb_set_loaded_root(user ? root : 0);
	write_cr3(root);
}

/*
 * Switch from @prev (NULL: the idle loop) to @next (NULL: the idle loop).
 * Interrupts off, run queue lock not held.
 */
static void switch_to(struct sched_cpu *sc, struct lwk_thread *prev,
		      struct lwk_thread *next)
{
	struct percpu *cpu = this_cpu();
	uint64_t now = rdtsc();
	uint64_t *save = prev ? &prev->ctx_rsp : &sc->idle_rsp;

	if (prev == next)
		return;
	if (prev)
		prev->cpu_tsc += now - prev->run_tsc;
	if (next) {
		uint64_t top = (uint64_t)next->kstack + THREAD_STACK_SIZE;
		uint64_t pml4 = to_proc(next->proc)->upt.pml4;

		next->state = THREAD_RUNNING;
		next->run_tsc = now;
		cpu->current = next;
		cpu->syscall_rsp = top;
		cpu->tss.rsp[0] = top;
		load_root(pml4, true);
		wrmsr(MSR_FS_BASE, next->fs_base);
		wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
		/* A thread that moves to another CPU takes its state along. */
		if (prev && prev == sc->leaving && sc->fpu_owner == prev) {
			fpu_save(prev->fpu);
			sc->fpu_owner = NULL;
		}
		if (sc->fpu_owner != next) {
			if (sc->fpu_owner)
				fpu_save(sc->fpu_owner->fpu);
			fpu_restore(next->fpu);
			sc->fpu_owner = next;
		}
		ctx_switch(save, next->ctx_rsp);
	} else {
		if (prev && prev == sc->leaving && sc->fpu_owner == prev) {
			fpu_save(prev->fpu);
			sc->fpu_owner = NULL;
		}
		load_root(kernel_cr3, false);
		cpu->current = NULL;
		cpu->tss.rsp[0] = cpu->stack_top;
		cpu->syscall_rsp = cpu->stack_top;
		ctx_switch(save, sc->idle_rsp);
	}
	after_switch();
}

/* The current thread, no longer RUNNING, gives the CPU to the next one. */
static void schedule(void)
{
	struct sched_cpu *sc = this_sched();
	struct lwk_thread *prev = current_thread();
	struct lwk_thread *next;
	uint64_t flags = sched_lock(sc);

	next = rq_pop(sc);
	sc->need_resched = false;
	sc->slice_end = 0;
	program_timer(sc);
	sched_unlock(sc, flags);
	switch_to(sc, prev, next);
}

void thread_first_run(struct trap_frame *f)
{
	after_switch();
	proc_return_to_user(f);
	enter_user(f);
}

/* Under sc->lock: the queue changed; its CPU reprograms its timer. */
static void queue_changed(struct sched_cpu *sc)
{
	if (sc == this_sched())
		program_timer(sc);
	else
		WRITE_ONCE(sc->timer_stale, true);
}

/* After a change to @cpu's queue from here: a HLT there ends. */
static void kick(unsigned int cpu)
{
	if (cpu != cpu_index())
		apic_send_ipi(percpu_area[cpu].apic_id, APIC_DM_FIXED | VEC_IKC);
}

void sched_remote_kick(void)
{
	struct sched_cpu *sc = this_sched();
	uint64_t flags;

	if (!READ_ONCE(sc->timer_stale))
		return;
	flags = sched_lock(sc);
	sc->timer_stale = false;
	program_timer(sc);
	sched_unlock(sc, flags);
}

void sched_enqueue(struct lwk_thread *t)
{
	unsigned int cpu = t->cpu;
	struct sched_cpu *sc = &sched_cpus[cpu];
	uint64_t flags = sched_lock(sc);

	rq_push(sc, t);
	queue_changed(sc);
	sched_unlock(sc, flags);
	kick(cpu);
}

void sched_migrate_current(unsigned int cpu)
{
	struct sched_cpu *sc = this_sched();
	struct lwk_thread *t = current_thread();
	uint64_t flags;

	if (cpu == t->cpu)
		return;
	flags = sched_lock(sc);
	t->migrate_cpu = cpu;
	/* On no queue until after_switch(); a wake only leaves its token. */
	t->state = THREAD_RUNNABLE;
	sc->leaving = t;
	sched_unlock(sc, flags);
	schedule();
}

bool sched_idle_run(void)
{
	struct sched_cpu *sc = this_sched();
	struct lwk_thread *next;
	uint64_t flags;
	bool ran = false;

	for (;;) {
		flags = sched_lock(sc);
		next = rq_pop(sc);
		sc->need_resched = false;
		sc->slice_end = 0;
		program_timer(sc);
		sched_unlock(sc, flags);
		if (!next)
			return ran;
		switch_to(sc, NULL, next);
		ran = true;
	}
}

void sched_preempt_check(void)
{
	struct sched_cpu *sc = this_sched();
	struct lwk_thread *t = current_thread();
	uint64_t flags;

	if (!READ_ONCE(sc->need_resched))
		return;
	flags = sched_lock(sc);
	if (!sc->nr_queued) {
		sc->need_resched = false;
		sched_unlock(sc, flags);
		return;
	}
	rq_push(sc, t);
	sched_unlock(sc, flags);
	schedule();
}

void sched_yield_current(void)
{
	struct sched_cpu *sc = this_sched();
	uint64_t flags = sched_lock(sc);

	if (!sc->nr_queued) {
		sched_unlock(sc, flags);
		return;
	}
	rq_push(sc, current_thread());
	sched_unlock(sc, flags);
	schedule();
}

void __noreturn sched_exit_current(void)
{
	struct sched_cpu *sc = this_sched();

	irq_disable();
	sc->dead = current_thread();
	schedule();
	panic("a dead thread was scheduled\n");
}

void sched_tick(void)
{
	struct sched_cpu *sc = this_sched();
	uint64_t now = rdtsc();
	struct lwk_thread **pp, *t;
	uint64_t flags = sched_lock(sc);

	pp = &sc->sleepers;
	while ((t = *pp)) {
		if (t->deadline_tsc > now) {
			pp = &t->rq_next;
			continue;
		}
		*pp = t->rq_next;
		rq_push(sc, t);
	}
	if (sc->slice_end && now >= sc->slice_end)
		sc->need_resched = true;
	program_timer(sc);
	sched_unlock(sc, flags);
	proc_status_tick();
}

/* Take the token if a wake came; under sc->lock. */
static bool take_token(struct lwk_thread *t)
{
	return __atomic_exchange_n(&t->wake_token, false, __ATOMIC_ACQ_REL);
}

int sched_block(uint64_t deadline_tsc)
{
	struct sched_cpu *sc = this_sched();
	struct lwk_thread *t = current_thread();
	uint64_t flags;
	int ret;

	for (;;) {
		flags = sched_lock(sc);
		if (take_token(t)) {
			ret = 0;
			break;
		}
		if (thread_should_die()) {
			ret = -EINTR;
			break;
		}
		if (deadline_tsc && rdtsc() >= deadline_tsc) {
			ret = -ETIMEDOUT;
			break;
		}
		if (!sc->nr_queued) {
			/*
			 * Nobody else to run: wait here, serving the channels.
			 * The wait is not the thread's CPU time.
			 */
			sc->self_deadline = deadline_tsc;
			program_timer(sc);
			sched_unlock(sc, flags);
			t->cpu_tsc += rdtsc() - t->run_tsc;
			t->run_tsc = 0;	/* accrues nothing (thread_cpu_tsc()) */
			cpu_wait_once();
			t->run_tsc = rdtsc();
			continue;
		}
		t->state = THREAD_BLOCKED;
		t->deadline_tsc = deadline_tsc;
		if (deadline_tsc) {
			t->rq_next = sc->sleepers;
			sc->sleepers = t;
		}
		sc->self_deadline = 0;
		sched_unlock(sc, flags);
		schedule();
	}
	sc->self_deadline = 0;
	program_timer(sc);
	sched_unlock(sc, flags);
	return ret;
}

void sched_wake(struct lwk_thread *t)
{
	struct sched_cpu *sc;
	unsigned int cpu;
	uint64_t flags;

	/* Its CPU changes only while it is switched out, under that CPU's lock. */
	for (;;) {
		cpu = READ_ONCE(t->cpu);
		sc = &sched_cpus[cpu];
		flags = sched_lock(sc);
		if (t->cpu == cpu)
			break;
		sched_unlock(sc, flags);
	}
	__atomic_store_n(&t->wake_token, true, __ATOMIC_RELEASE);
	if (t->state == THREAD_BLOCKED) {
		if (t->deadline_tsc)
			sleepers_remove(sc, t);
		rq_push(sc, t);
		sc->need_resched = true;
		queue_changed(sc);
	}
	sched_unlock(sc, flags);
	/* A HLT there ends; the CPU looks at its queue and the token. */
	kick(cpu);
}

void sched_wake_all(struct lwk_proc *p)
{
	uint64_t flags = proc_lock(p);
	struct lwk_thread *t;

	for (t = p->threads; t; t = t->next_in_proc)
		if (t != current_thread())
			sched_wake(t);
	proc_unlock(p, flags);
}

bool sched_queued(void)
{
	return READ_ONCE(this_sched()->nr_queued) != 0;
}

void sched_forget(struct lwk_thread *t)
{
	struct sched_cpu *sc = &sched_cpus[t->cpu];

	if (sc->fpu_owner == t)
		sc->fpu_owner = NULL;
}

bool thread_alive(struct lwk_process *pub, int tid)
{
	struct lwk_proc *p = to_proc(pub);
	uint64_t flags = proc_lock(p);
	bool alive = thread_find(p, tid) != NULL;

	proc_unlock(p, flags);
	return alive;
}
