// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's environment for the futex logic of common/futex*.c (its
 * struct futex_ops, see common/futex.h) and the one table all processes
 * share: FUTEX_BUCKETS buckets, a spinlock each, taken with interrupts
 * off because a wake may later come from interrupt context (IKC). The
 * code takes two bucket locks at once (requeue) and releases them in
 * either order, so the interrupt state is kept per CPU with a nesting
 * count, not per lock.
 *
 * User words are reached through the process's own page tables (its CR3
 * is loaded in a syscall and at thread exit) and the direct map: the leaf
 * must be present and user (and writable for a cmpxchg), else -EFAULT.
 * A bad address can never fault in the LWK that way, and the cmpxchg is
 * a real lock cmpxchg on the very physical word the process sees.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <ihk/mcexec.h>
#include <lwk/clock.h>
#include <lwk/compiler.h>
#include <lwk/errno.h>
#include <lwk/futex.h>
#include <lwk/process.h>
#include <lwk/sched.h>
#include <lwk/spinlock.h>
#include <lwk/uaccess.h>
#include "futex.h"

#define FUTEX_BUCKETS	256	/* a power of two */
#define PT_ENTRIES	512

static struct futex_bucket buckets[FUTEX_BUCKETS];
static spinlock_t bucket_locks[FUTEX_BUCKETS] = {
	[0 ... FUTEX_BUCKETS - 1] = SPINLOCK_INIT
};

/* Bucket locks held by each CPU, and its interrupt state before them. */
static struct {
	unsigned int depth;
	uint64_t flags;
} lock_irq[IHK_LWK_MAX_CPUS];

static void env_lock(struct futex_table *t, unsigned int i)
{
	uint64_t flags = irq_save();
	unsigned int cpu = cpu_index();

	(void)t;
	spin_lock(&bucket_locks[i], cpu);
	if (!lock_irq[cpu].depth++)
		lock_irq[cpu].flags = flags;
}

static void env_unlock(struct futex_table *t, unsigned int i)
{
	unsigned int cpu = cpu_index();

	(void)t;
	spin_unlock(&bucket_locks[i]);
	if (!--lock_irq[cpu].depth)
		irq_restore(lock_irq[cpu].flags);
}

/*
 * The physical address of user @uaddr in the loaded address space, if
 * every level maps it present, user (and @write: writable). Table pages
 * are only freed with the whole tree, so the walk is safe against a
 * concurrent change of the tables; the page behind a leaf is the
 * caller's to keep (docs/futex.md, "On the LWK").
 */
static int user_phys(uint64_t uaddr, bool write, phys_addr_t *pa)
{
	uint64_t *table = phys_to_virt(read_cr3() & PTE_ADDR_MASK);
	uint64_t need = PTE_P | PTE_U | (write ? PTE_W : 0), e, size;
	int level;

	if (uaddr < IHK_MC_USER_START || uaddr >= IHK_MC_USER_END)
		return -EFAULT;
	for (level = 4; level >= 1; level--) {
		unsigned int shift = PAGE_SHIFT + 9 * (level - 1);

		e = READ_ONCE(table[(uaddr >> shift) & (PT_ENTRIES - 1)]);
		if ((e & need) != need)
			return -EFAULT;
		if (level == 1 || (e & PTE_PS)) {
			size = 1ULL << shift;
			*pa = (e & PTE_ADDR_MASK & ~(size - 1)) + (uaddr & (size - 1));
			return 0;
		}
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return -EFAULT;
}

/* An aligned u32 of user memory through the direct map. */
static int user_u32(uint64_t uaddr, bool write, uint32_t **p)
{
	phys_addr_t pa;
	int ret;

	if (uaddr % sizeof(uint32_t))
		return -EFAULT;
	ret = user_phys(uaddr, write, &pa);
	if (!ret)
		*p = phys_to_virt(pa);
	return ret;
}

static int env_get_u32(const struct futex_ctx *c, uint64_t uaddr,
		       uint32_t *val)
{
	uint32_t *p;
	int ret = user_u32(uaddr, false, &p);

	(void)c;
	if (!ret)
		*val = __atomic_load_n(p, __ATOMIC_RELAXED);
	return ret;
}

static int env_cmpxchg_u32(const struct futex_ctx *c, uint64_t uaddr,
			   uint32_t old, uint32_t newval, uint32_t *cur)
{
	uint32_t *p;
	int ret = user_u32(uaddr, true, &p);

	(void)c;
	if (ret)
		return ret;
	/* lock cmpxchg; on failure old becomes what the word held. */
	__atomic_compare_exchange_n(p, &old, newval, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
	*cur = old;
	return 0;
}

static int env_copy_in(const struct futex_ctx *c, void *dst, uint64_t uaddr,
		       size_t len)
{
	(void)c;
	return copy_from_user(dst, uaddr, len);
}

/*
 * The physical address: the same from every mapping of the word. All
 * LWK user memory is anonymous, and Linux refuses a shared futex on a
 * read-only anonymous page (-EFAULT: it could never change), so the
 * page must be writable here too.
 */
static int env_shared_key(const struct futex_ctx *c, uint64_t uaddr,
			  struct futex_key *key)
{
	phys_addr_t pa;
	int ret = user_phys(uaddr, true, &pa);

	(void)c;
	if (ret)
		return ret;
	key->space = 0;
	key->addr = pa;
	return 0;
}

static uint64_t env_now(const struct futex_ctx *c, int clock)
{
	struct clock_sel s;
	uint64_t ns = 0;

	(void)c;
	clock_select(clock == FUTEX_CLOCK_ID_REALTIME ? LWK_CLOCK_REALTIME :
		     LWK_CLOCK_MONOTONIC, &s);
	clock_now_ns(&s, &ns);
	return ns;
}

/* For ps and /proc/ihk/osN/processes: "sleeping", as in nanosleep. */
static void set_state(uint32_t from, uint32_t to)
{
	struct ihk_lwk_proc_status *st = current_process()->status;

	if (st)
		__atomic_compare_exchange_n(&st->state, &from, to, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/*
 * The deadline becomes a TSC deadline for sched_block(). When the TSC
 * says it passed, the clock decides: a spurious 0 makes the caller call
 * again, which reads the clock (it may have been stepped by a new clock
 * base) and either waits for the rest or says -ETIMEDOUT.
 */
static int env_block(const struct futex_ctx *c, const struct futex_deadline *dl)
{
	uint64_t deadline_tsc = 0, now, flags;
	int ret;

	if (dl) {
		now = env_now(c, dl->clock);
		if (now >= dl->ns)
			return -ETIMEDOUT;
		deadline_tsc = clock_add_sat(rdtsc(),
			clock_ns_to_cycles(dl->ns - now, clock_tsc_khz()));
	}
	set_state(IHK_PROC_RUNNING, IHK_PROC_SLEEPING);
	flags = irq_save();
	ret = sched_block(deadline_tsc);
	irq_restore(flags);
	set_state(IHK_PROC_SLEEPING, IHK_PROC_RUNNING);
	return ret == -ETIMEDOUT ? 0 : ret;
}

static void env_wake(struct futex_table *t, void *task)
{
	(void)t;
	sched_wake(task);
}

static bool env_tid_alive(const struct futex_ctx *c, uint32_t tid)
{
	(void)c;
	return tid <= FUTEX_TID_MASK &&
	       thread_alive(current_process(), (int)tid);
}

static const struct futex_ops lwk_futex_ops = {
	.lock = env_lock,
	.unlock = env_unlock,
	.get_u32 = env_get_u32,
	.cmpxchg_u32 = env_cmpxchg_u32,
	.copy_in = env_copy_in,
	.shared_key = env_shared_key,
	.now = env_now,
	.block = env_block,
	.wake = env_wake,
	.tid_alive = env_tid_alive,
};

/* The buckets are in .bss: empty lists, as futex_table_init() makes them. */
struct futex_table lwk_futexes = {
	.ops = &lwk_futex_ops,
	.buckets = buckets,
	.nr_buckets = FUTEX_BUCKETS,
};

static void ctx_of(struct lwk_thread *t, struct futex_ctx *c)
{
	c->task = t;
	/* The PML4 names the address space (private keys). */
	c->space = read_cr3() & PTE_ADDR_MASK;
	c->user_top = IHK_MC_USER_END;
	c->tid = (uint32_t)t->tid;
	c->priv = NULL;
}

void lwk_futex_ctx(struct futex_ctx *c)
{
	ctx_of(current_thread(), c);
}

void futex_exit_robust_list(struct lwk_thread *t)
{
	struct futex_ctx c;

	ctx_of(t, &c);
	futex_exit_robust(&lwk_futexes, &c, t->robust_list);
	t->robust_list = 0;
}

void futex_exit_thread(struct lwk_thread *t)
{
	struct futex_ctx c;
	uint32_t zero = 0;

	ctx_of(t, &c);
	if (t->robust_list)
		futex_exit_robust_list(t);
	futex_exit_pi(&lwk_futexes, &c);
	if (t->clear_child_tid) {
		/* As Linux's mm_release(): the write may fault, wake anyway. */
		(void)copy_to_user(t->clear_child_tid, &zero, sizeof(zero));
		futex_syscall(&lwk_futexes, &c, NULL, t->clear_child_tid,
			      FUTEX_WAKE, 1, 0, 0, 0);
		t->clear_child_tid = 0;
	}
}
