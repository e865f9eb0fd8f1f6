// SPDX-License-Identifier: GPL-2.0
/*
 * LWK processes (include/ihk/mcexec.h): created by cpus[0] on the master
 * channel with a home CPU, which serves Linux's requests about them on
 * its own channel (MAP, START, RELEASE). The replies to what a thread
 * asked Linux (SYSCALL_RET, ZAP_DONE) come on the channel of the CPU the
 * thread runs on, which may be any LWK CPU.
 *
 * Life of a process: CREATED (being loaded) -> START queues the main
 * thread on its home, which enters user mode once the STARTED reply is
 * out -> its threads run, in user mode or in a syscall, each on its own
 * kernel stack, on their CPUs -> it exits or dies: the last thread out
 * sends PROC_EXIT -> RELEASE (it comes after mcexec's mirror is gone)
 * drops Linux's reference, and the last reference frees everything
 * (lwk/proc.h). A RELEASE of a process that still runs (mcexec was
 * killed) stops its threads first.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/idle.h>
#include <lwk/ikc.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/printk.h>
#include <lwk/spinlock.h>
#include <lwk/string.h>
#include <lwk/ikc_service.h>
#include <lwk/sigrules.h>
#include <lwk/sched.h>
#include <lwk/clock.h>
#include <lwk/proc.h>

#define PROC_PAGES	((sizeof(struct lwk_proc) + PAGE_SIZE - 1) / PAGE_SIZE)
#define OUTBOX_SIZE	4

/* Every process from CREATE until it is freed; under table_lock. */
static struct lwk_proc *procs[LWK_MAX_PROCS];
/* Live threads per CPU, for placing new processes (and threads). */
static unsigned int cpu_threads[IHK_LWK_MAX_CPUS];
/* A process homed on the CPU has work for it (start, wake to die). */
static bool home_work[IHK_LWK_MAX_CPUS];

static void home_work_set(struct lwk_proc *p)
{
	__atomic_store_n(&home_work[p->cpu], true, __ATOMIC_RELEASE);
}

/* Messages for Linux queued where they could not be sent; idle sends them. */
struct outbox {
	struct ikc_msg msg[OUTBOX_SIZE];
	unsigned int head, n;
};
static struct outbox outbox[IHK_LWK_MAX_CPUS];

struct lwk_proc *current_proc(void)
{
	struct lwk_thread *t = this_cpu()->current;

	return t ? to_proc(t->proc) : NULL;
}

struct lwk_thread *current_thread(void)
{
	return this_cpu()->current;
}

struct lwk_process *current_process(void)
{
	struct lwk_proc *p = current_proc();

	return p ? &p->pub : NULL;
}

/*
 * The process table lock orders lookups (kill, replies, idle work)
 * against a process leaving procs[]: a process is unpublished under it
 * before it is freed, so whoever found it under the lock may use it until
 * it unlocks. It also guards the creds another CPU reads. Taken with
 * interrupts off: an IKC interrupt on the same CPU may create or free a
 * process.
 */
static spinlock_t table_lock = SPINLOCK_INIT;
static uint64_t table_irqflags;		/* the holder's, for process_put() */

static uint64_t table_lock_irqsave(void)
{
	uint64_t flags = irq_save();

	spin_lock(&table_lock, cpu_index());
	return flags;
}

static void table_unlock_irqrestore(uint64_t flags)
{
	spin_unlock(&table_lock);
	irq_restore(flags);
}

/* Under table_lock; @live: only one that has not exited. */
static struct lwk_proc *find_locked(int pid, bool live)
{
	unsigned int i;

	for (i = 0; i < LWK_MAX_PROCS; i++) {
		struct lwk_proc *p = procs[i];

		if (p && p->pub.pid == pid && (!live || !READ_ONCE(p->exited)))
			return p;
	}
	return NULL;
}

bool proc_tryget(struct lwk_proc *p)
{
	int refs = __atomic_load_n(&p->refs, __ATOMIC_RELAXED);

	do {
		if (!refs)
			return false;
	} while (!__atomic_compare_exchange_n(&p->refs, &refs, refs + 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return true;
}

static void proc_release(struct lwk_proc *p, uint64_t cookie);

void proc_put(struct lwk_proc *p)
{
	/* Zero only after RELEASE: release_cookie is set by then. */
	if (!__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL))
		proc_release(p, p->release_cookie);
}

/*
 * The process @pid whose home is this CPU, with a reference, for a
 * message on this CPU's channel; proc_put() it after.
 */
static struct lwk_proc *get_here(int pid)
{
	uint64_t flags = table_lock_irqsave();
	struct lwk_proc *p = find_locked(pid, false);

	if (p && (p->cpu != cpu_index() || !proc_tryget(p)))
		p = NULL;
	table_unlock_irqrestore(flags);
	return p;
}

void proc_for_each_here(void (*fn)(struct lwk_proc *p))
{
	unsigned int i, me = cpu_index();
	struct lwk_proc *p;
	uint64_t flags;

	/* A reference each: a thread on another CPU may drop the last. */
	for (i = 0; i < LWK_MAX_PROCS; i++) {
		flags = table_lock_irqsave();
		p = procs[i];
		if (p && (p->cpu != me || !proc_tryget(p)))
			p = NULL;
		table_unlock_irqrestore(flags);
		if (p) {
			fn(p);
			proc_put(p);
		}
	}
}

void proc_for_each_locked(void (*fn)(struct lwk_proc *p, void *arg), void *arg)
{
	uint64_t flags = table_lock_irqsave();
	unsigned int i;

	for (i = 0; i < LWK_MAX_PROCS; i++)
		if (procs[i])
			fn(procs[i], arg);
	table_unlock_irqrestore(flags);
}

void proc_cpu_threads_add(unsigned int cpu, int n)
{
	__atomic_add_fetch(&cpu_threads[cpu], n, __ATOMIC_RELAXED);
}

bool process_find(int pid)
{
	uint64_t flags = table_lock_irqsave();
	bool found = find_locked(pid, true);

	table_unlock_irqrestore(flags);
	return found;
}

/* Any process of pid @pid, exited ones too: pids stay unique until freed. */
static bool process_held(int pid)
{
	uint64_t flags = table_lock_irqsave();
	bool found = find_locked(pid, false);

	table_unlock_irqrestore(flags);
	return found;
}

struct lwk_process *process_get(int pid)
{
	uint64_t flags = table_lock_irqsave();
	struct lwk_proc *p = find_locked(pid, true);

	if (!p) {
		table_unlock_irqrestore(flags);
		return NULL;
	}
	table_irqflags = flags;
	return &p->pub;
}

void process_put(struct lwk_process *p)
{
	(void)p;
	table_unlock_irqrestore(table_irqflags);
}

bool process_intact(struct lwk_process *pub, int pid)
{
	struct lwk_proc *p = to_proc(pub);

	return READ_ONCE(p->magic) == PROC_MAGIC && READ_ONCE(p->pub.pid) == pid;
}

static int publish(struct lwk_proc *p)
{
	uint64_t flags = table_lock_irqsave();
	unsigned int i;

	for (i = 0; i < LWK_MAX_PROCS; i++) {
		if (!procs[i]) {
			procs[i] = p;
			table_unlock_irqrestore(flags);
			return 0;
		}
	}
	table_unlock_irqrestore(flags);
	return -EAGAIN;
}

/* Off the table (if on it): no CPU holds it when this returns. */
static void unpublish(struct lwk_proc *p)
{
	uint64_t flags = table_lock_irqsave();
	unsigned int i;

	for (i = 0; i < LWK_MAX_PROCS; i++)
		if (procs[i] == p)
			procs[i] = NULL;
	table_unlock_irqrestore(flags);
}


bool thread_should_die(void)
{
	struct lwk_proc *p = current_proc();

	return p && (READ_ONCE(p->release_pending) || READ_ONCE(p->exiting) ||
		     __atomic_load_n(&p->kill_signo, __ATOMIC_ACQUIRE));
}

static void set_state(struct lwk_proc *p, enum ihk_lwk_proc_state st)
{
	WRITE_ONCE(p->pub.status->state, st);
}

static void make_msg(struct ikc_msg *m, uint32_t type, uint64_t cookie,
		     const void *payload, uint32_t len)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->len = len;
	m->cookie = cookie;
	memcpy(m->payload, payload, len);
}

static void outbox_put(const struct ikc_msg *m)
{
	struct outbox *o = &outbox[cpu_index()];

	if (o->n == OUTBOX_SIZE) {
		printk("ikc: outbox full: message type 0x%x dropped\n", m->type);
		return;
	}
	o->msg[(o->head + o->n++) % OUTBOX_SIZE] = *m;
}

static void reply_result(struct ikc_service *s, uint32_t type, uint64_t cookie,
			 int pid, int err)
{
	struct ikc_proc_result r = { .pid = pid, .err = err };
	struct ikc_msg m;

	make_msg(&m, type, cookie, &r, sizeof(r));
	ikc_service_reply(s, &m);
}

int proc_send(struct lwk_proc *p, uint32_t type, uint64_t cookie,
	      const void *payload, uint32_t len)
{
	struct ikc_msg m;

	(void)p;
	make_msg(&m, type, cookie, payload, len);
	while (ikc_service_send(ikc_cpu_channel(), &m)) {
		if (thread_should_die())
			return -EINTR;
		cpu_wait_once();
	}
	return 0;
}

int proc_call(struct lwk_proc *p, uint32_t type, const void *payload,
	      uint32_t len, uint32_t reply_type, int64_t *ret)
{
	struct lwk_thread *t = current_thread();
	uint64_t cookie = __atomic_add_fetch(&p->next_cookie, 1, __ATOMIC_RELAXED);
	int err;

	t->wait_type = reply_type;
	t->wait_cookie = cookie;
	t->wait_done = false;
	err = proc_send(p, type, cookie, payload, len);
	while (!err && !READ_ONCE(t->wait_done)) {
		/* Another thread of this CPU may run meanwhile. */
		if (sched_block(0) == -EINTR)
			err = -EINTR;
	}
	t->wait_type = 0;
	if (!err)
		*ret = t->wait_ret;
	return err;
}

static void proc_free(struct lwk_proc *p)
{
	/*
	 * Off the table before its memory goes: a kill on another CPU that
	 * found it has let go once this returns.
	 */
	unpublish(p);
	proc_mm_destroy(p);
	/* Threads that never ran (all others were freed as they ended). */
	while (p->threads) {
		struct lwk_thread *t = p->threads;

		thread_detach(p, t);
		thread_free(t);
	}
	thread_free(&p->thread);
	if (p->pub.status)
		free_pages(p->pub.status, 1);
	/* Fault injection: make a use after free visible (kill.c). */
	if (kargs.debug_kill_delay_us)
		memset(p, PROC_POISON, PROC_PAGES * PAGE_SIZE);
	else
		WRITE_ONCE(p->magic, 0);
	free_pages(p, PROC_PAGES);
	WRITE_ONCE(shared->free_bytes, phys_free_bytes());
}

/* PROC_RELEASE of a process not running here now: free it, answer. */
static void proc_release(struct lwk_proc *p, uint64_t cookie)
{
	struct ikc_proc_result r = { .pid = p->pub.pid, .err = 0 };
	struct ikc_msg m;

	proc_free(p);
	make_msg(&m, IKC_MSG_PROC_RELEASED, cookie, &r, sizeof(r));
	outbox_put(&m);
}

void proc_last_thread_left(struct lwk_proc *p)
{
	struct ikc_msg m;

	if (!p->exited && !p->release_pending) {
		p->exit.pid = p->pub.pid;
		make_msg(&m, IKC_MSG_PROC_EXIT, 0, &p->exit, sizeof(p->exit));
		outbox_put(&m);
	}
	p->exited = true;
	set_state(p, IHK_PROC_EXITED);
	p->pub.status->cpu_ns = clock_cycles_to_ns(p->dead_cpu_tsc, clock_tsc_khz());
	ikc_cpu_kernel_wake();
}

/* The first reason to end wins: what PROC_EXIT will say. Under p->lock. */
void proc_set_exit(struct lwk_proc *p, int status, int signo, bool core)
{
	if (p->exiting)
		return;
	memset(&p->exit, 0, sizeof(p->exit));
	p->exit.exit_status = signo ? 0 : (status & 0xff);
	p->exit.signo = signo;
	p->exit.core = signo && core;
	WRITE_ONCE(p->exiting, true);
}

void __noreturn process_exit(int status, int signo, bool core)
{
	struct lwk_proc *p = current_proc();

	uint64_t flags;

	if (!p)
		panic("process_exit outside a process\n");
	flags = proc_lock(p);
	proc_set_exit(p, status, signo, core);
	proc_unlock(p, flags);
	proc_exit_group(p);
}

void process_kill(struct lwk_process *pub, int signo)
{
	struct lwk_proc *p = to_proc(pub);
	int none = 0;

	if (!__atomic_compare_exchange_n(&p->kill_signo, &none, signo, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;		/* already dying */
	home_work_set(p);
	if (p->cpu != cpu_index())
		apic_send_ipi(percpu_area[p->cpu].apic_id, APIC_DM_FIXED | VEC_IKC);
}

static void __noreturn die_now(struct lwk_proc *p)
{
	int sig = __atomic_load_n(&p->kill_signo, __ATOMIC_ACQUIRE);

	if (p->release_pending || p->exiting)
		thread_leave();
	printk("pid %d: killed by %s from another LWK process\n",
	       p->pub.pid, sig_name(sig));
	process_exit(0, sig, sig_default_action(sig) == SIG_DEF_CORE);
}

/* sched_setaffinity() took this CPU out of the thread's mask: move. */
static bool move_if_unwelcome(struct lwk_thread *t)
{
	int cpu;

	if (lwk_cpumask_has(&t->affinity, t->cpu))
		return false;
	cpu = proc_pick_cpu(&t->affinity);
	if (cpu < 0)
		return false;
	sched_migrate_current(cpu);
	return true;
}

void proc_return_to_user(struct trap_frame *f)
{
	struct lwk_proc *p = current_proc();

	(void)f;
	for (;;) {
		if (thread_should_die())
			die_now(p);
		/* A busy thread must not hold up another process's START or exit. */
		proc_idle_work();
		sched_preempt_check();
		if (thread_should_die() || move_if_unwelcome(current_thread()))
			continue;
		if (ikc_cpu_user_ready())
			break;
	}
}

/* The main thread's first run: the registers START gave, all else zero. */
static void proc_enter(struct lwk_proc *p)
{
	struct trap_frame f;

	p->start_pending = false;
	memset(&f, 0, sizeof(f));
	f.rip = p->start_rip;
	f.rsp = p->start_rsp;
	f.cs = SEL_USER_CS;
	f.ss = SEL_USER_DS;
	f.rflags = RFLAGS_USER_INIT;
	thread_prepare(&p->thread, &f);
	p->running = true;
	set_state(p, IHK_PROC_RUNNING);
	/* The main thread's reference, dropped once it is freed. */
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_ACQ_REL);
	sched_enqueue(&p->thread);
}

static void proc_idle_one(struct lwk_proc *p)
{
	struct outbox *o = &outbox[cpu_index()];

	if (p->start_pending) {
		if (!o->n && ikc_service_can_reply(ikc_cpu_channel()))
			proc_enter(p);
		else
			home_work_set(p);	/* once STARTED is out */
	}
	/* Killed or released while every thread waits: wake them to die. */
	if (p->running && p->nr_threads &&
	    (p->release_pending || p->exiting || p->kill_signo))
		sched_wake_all(p);
}

bool proc_idle_work(void)
{
	struct outbox *o = &outbox[cpu_index()];
	struct ikc_service *s = ikc_cpu_channel();
	bool sent = false;

	while (o->n && ikc_service_can_reply(s)) {
		ikc_service_reply(s, &o->msg[o->head]);
		o->head = (o->head + 1) % OUTBOX_SIZE;
		o->n--;
		sent = true;
	}
	/* A plain load first: this runs on every way back to user mode. */
	if (__atomic_load_n(&home_work[cpu_index()], __ATOMIC_ACQUIRE) &&
	    __atomic_exchange_n(&home_work[cpu_index()], false, __ATOMIC_ACQ_REL))
		proc_for_each_here(proc_idle_one);
	return sent;
}

/*
 * The online CPU in @allowed with the fewest live threads; among equals,
 * cpus[0] last: it also serves the master channel and requests.
 * Processes and threads share CPUs once every CPU has one.
 */
int proc_pick_cpu(const struct lwk_cpumask *allowed)
{
	unsigned int i, best = 0, load, best_load = ~0u;
	bool found = false;

	for (i = 1; i <= nr_cpus; i++) {
		unsigned int c = i % nr_cpus;

		if (!READ_ONCE(percpu_area[c].online) ||
		    (allowed && !lwk_cpumask_has(allowed, c)))
			continue;
		load = __atomic_load_n(&cpu_threads[c], __ATOMIC_RELAXED);
		if (!found || load < best_load) {
			best = c;
			best_load = load;
			found = true;
		}
	}
	return found ? (int)best : -EAGAIN;
}

/* CREATE, on the master channel (@none: there is no process yet). */
static void proc_create(struct ikc_service *s, struct lwk_proc *none,
			const struct ikc_msg *m)
{
	struct ikc_proc_created rep;
	struct ikc_proc_create req;
	struct lwk_proc *p = NULL;
	struct ikc_msg out;
	int cpu, err, node;

	(void)none;
	memset(&rep, 0, sizeof(rep));
	err = -EINVAL;
	if (m->len < sizeof(req) || s->channel != IKC_MASTER_CHANNEL)
		goto reply;
	memcpy(&req, m->payload, sizeof(req));
	/* Linux's pid of mcexec, so every tool names it alike; unique. */
	err = -EEXIST;
	if (req.linux_pid <= 0 || process_held(req.linux_pid))
		goto reply;
	cpu = proc_pick_cpu(NULL);
	if (cpu < 0) {
		err = cpu;
		goto reply;
	}
	err = -ENOMEM;
	/* From the node of the CPU it will run on, not of this one. */
	node = percpu_area[cpu].node;
	p = alloc_pages_node(PROC_PAGES, PAGE_SIZE, node);
	if (!p)
		goto reply;
	p->magic = PROC_MAGIC;
	p->lock = (spinlock_t)SPINLOCK_INIT;
	p->refs = 1;		/* Linux's, until RELEASE */
	p->cpu = cpu;
	p->pub.pid = req.linux_pid;
	p->pub.linux_pid = req.linux_pid;
	p->pub.status = alloc_pages_node(1, PAGE_SIZE, node);
	if (!p->pub.status || thread_main_init(p, node) || proc_mm_init(p))
		goto free;
	p->pub.cred = req.cred;
	rlimits_init(p->pub.rlimit, req.rlimit_stack, req.rlimit_stack_max);
	thread_attach(p, &p->thread);
	p->pub.status->pid = p->pub.pid;
	p->pub.status->pml4_phys = p->upt.pml4;
	p->pub.status->state = IHK_PROC_CREATED;
	proc_mm_publish_rss(p);
	rep.pid = p->pub.pid;
	rep.cpu_index = cpu;
	rep.status_phys = virt_to_phys(p->pub.status);
	err = publish(p);
	if (err)
		goto free;
	WRITE_ONCE(shared->free_bytes, phys_free_bytes());
	goto reply;
free:
	proc_free(p);
reply:
	rep.err = err;
	make_msg(&out, IKC_MSG_PROC_CREATED, m->cookie, &rep, sizeof(rep));
	ikc_service_reply(s, &out);
}

static void proc_map(struct ikc_service *s, struct lwk_proc *p,
		     const struct ikc_msg *m)
{
	const struct ikc_proc_map *req = (const struct ikc_proc_map *)m->payload;
	uint32_t kind = req->flags & IHK_MC_MAP_STACK ? VM_KIND_STACK : VM_KIND_SEGMENT;
	int err = -EINVAL;

	if (p->started || (req->prot & ~7u) || (req->flags & ~3u) ||
	    req->flags == (IHK_MC_MAP_STACK | IHK_MC_MAP_BRK))
		goto out;
	err = proc_mm_map(p, req->addr, req->len, req->prot, kind, false);
	if (!err && (req->flags & IHK_MC_MAP_BRK))
		p->brk_start = p->brk = req->addr + req->len;
out:
	reply_result(s, IKC_MSG_PROC_MAP_DONE, m->cookie, req->pid, err);
}

static bool user_addr(uint64_t a)
{
	return a >= IHK_MC_USER_START && a < IHK_MC_USER_END;
}

static void proc_start(struct ikc_service *s, struct lwk_proc *p,
		       const struct ikc_msg *m)
{
	const struct ikc_proc_start *req = (const struct ikc_proc_start *)m->payload;
	int err = -EINVAL;

	if (p->started || !user_addr(req->rip) || !user_addr(req->rsp - 1))
		goto out;
	p->started = true;
	p->start_rip = req->rip;
	p->start_rsp = req->rsp;
	p->start_pending = true;
	home_work_set(p);
	err = 0;
	if (p->kill_signo) {
		/* Killed before it ran: it ends at once. */
		p->start_pending = false;
		p->exited = true;
		set_state(p, IHK_PROC_EXITED);
	}
out:
	reply_result(s, IKC_MSG_PROC_STARTED, m->cookie, req->pid, err);
	if (!err && p->exited) {
		struct ikc_proc_exit e = { .pid = p->pub.pid, .signo = p->kill_signo,
					   .core = sig_default_action(p->kill_signo) ==
						   SIG_DEF_CORE };
		struct ikc_msg x;

		make_msg(&x, IKC_MSG_PROC_EXIT, 0, &e, sizeof(e));
		outbox_put(&x);
	}
}

/*
 * True if @m was the reply a thread of @p waits for: cookies are the
 * process's, one per request, so the cookie names the thread.
 */
static bool wake_waiter(struct lwk_proc *p, const struct ikc_msg *m, int64_t ret)
{
	uint64_t flags = proc_lock(p);
	struct lwk_thread *t;
	bool found = false;

	for (t = p->threads; t; t = t->next_in_proc) {
		if (t->wait_type != m->type || t->wait_cookie != m->cookie ||
		    t->wait_done)
			continue;
		t->wait_ret = ret;
		WRITE_ONCE(t->wait_done, true);
		sched_wake(t);
		found = true;
		break;
	}
	proc_unlock(p, flags);
	return found;
}

static void proc_release_msg(struct ikc_service *s, struct lwk_proc *p,
			     const struct ikc_msg *m)
{
	uint64_t flags = proc_lock(p);

	(void)s;
	if (p->release_pending) {
		proc_unlock(p, flags);
		ikc_service_unexpected(s, m, "a second RELEASE of a process");
		return;
	}
	p->release_cookie = m->cookie;
	WRITE_ONCE(p->release_pending, true);
	proc_unlock(p, flags);
	/* Its threads stop on their way back to user mode; the last frees it. */
	if (p->running)
		sched_wake_all(p);
	proc_put(p);		/* Linux's reference */
}

/* Under the process table lock (the creds), on any CPU. */
static void proc_syscall_ret(struct ikc_service *s, struct lwk_proc *p,
			     const struct ikc_msg *m)
{
	const struct ikc_syscall_ret *r = (const struct ikc_syscall_ret *)m->payload;

	(void)s;
	if (wake_waiter(p, m, r->ret) && memcmp(&p->pub.cred, &r->cred, sizeof(r->cred)))
		p->pub.cred = r->cred;
}

static void proc_zap_done(struct ikc_service *s, struct lwk_proc *p,
			  const struct ikc_msg *m)
{
	(void)s;
	wake_waiter(p, m, ((const struct ikc_zap_done *)m->payload)->err);
}

/*
 * The process messages Linux sends, by type. CREATE (@master) comes on
 * the master channel and checks its own payload; requests come on the
 * channel of the process's home CPU, replies (@any_cpu) on the channel of
 * the CPU of the thread that asked, and their handlers run under the
 * process table lock. Each names the payload bytes its handler reads (the
 * pid first), and the reply that carries -ESRCH when there is no such
 * process here (0: an answer nobody waits for, logged).
 */
#define PROC_MSG(type)	((type) - IKC_MSG_PROC_BASE)
static const struct proc_msg {
	void (*fn)(struct ikc_service *s, struct lwk_proc *p,
		   const struct ikc_msg *m);
	bool master;
	bool any_cpu;
	uint32_t min_len;
	uint32_t no_proc_reply;
} proc_msgs[] = {
	[PROC_MSG(IKC_MSG_PROC_CREATE)] = { proc_create, true, false, 0, 0 },
	[PROC_MSG(IKC_MSG_PROC_MAP)] = {
		proc_map, false, false, sizeof(struct ikc_proc_map), IKC_MSG_PROC_MAP_DONE },
	[PROC_MSG(IKC_MSG_PROC_START)] = {
		proc_start, false, false, sizeof(struct ikc_proc_start),
		IKC_MSG_PROC_STARTED },
	[PROC_MSG(IKC_MSG_PROC_RELEASE)] = {
		proc_release_msg, false, false, sizeof(int32_t), IKC_MSG_PROC_RELEASED },
	[PROC_MSG(IKC_MSG_SYSCALL_RET)] = {
		proc_syscall_ret, false, true, sizeof(struct ikc_syscall_ret), 0 },
	[PROC_MSG(IKC_MSG_ZAP_DONE)] = {
		proc_zap_done, false, true, sizeof(struct ikc_zap_done), 0 },
};

/* Our IKC client's take (IKC_CLASS_PROC): to the handler of the type. */
static void proc_ikc_take(struct ikc_service *s, const struct ikc_msg *m)
{
	uint32_t i = m->type - IKC_MSG_PROC_BASE;
	unsigned int cpu = cpu_index();
	const struct proc_msg *h;
	struct lwk_proc *p;
	uint64_t flags;
	int32_t pid;

	if (i >= ARRAY_SIZE(proc_msgs) || !proc_msgs[i].fn) {
		ikc_service_unexpected(s, m, "unknown process message type");
		return;
	}
	h = &proc_msgs[i];
	if (h->master) {
		h->fn(s, NULL, m);
		return;
	}
	if (s->channel != IKC_CPU_CHANNEL(cpu) || m->len < sizeof(pid)) {
		ikc_service_unexpected(s, m, "process message on the wrong channel, or short");
		return;
	}
	memcpy(&pid, m->payload, sizeof(pid));
	if (h->any_cpu) {
		flags = table_lock_irqsave();
		p = find_locked(pid, false);
		if (p && m->len >= h->min_len)
			h->fn(s, p, m);
		table_unlock_irqrestore(flags);
	} else {
		p = get_here(pid);
		if (p && m->len >= h->min_len)
			h->fn(s, p, m);
		if (p)
			proc_put(p);
	}
	if (p && m->len >= h->min_len)
		return;
	/* A request for no such process gets its error; anything else is logged. */
	if (h->no_proc_reply)
		reply_result(s, h->no_proc_reply, m->cookie, pid, -ESRCH);
	else
		ikc_service_unexpected(s, m, "reply for no such process");
}

const struct ikc_client proc_ikc_client = {
	.take = proc_ikc_take,
};
