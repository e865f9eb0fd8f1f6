/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LWK's side of a process, beyond the public struct lwk_process
 * (include/lwk/process.h): address space, main thread, IKC state. Private
 * to lwk/kernel/ and the memory syscalls (lwk/syscalls/mmap.c, brk.c).
 *
 * cpus[0] creates a process (master channel) with its home on the CPU
 * with the fewest threads and publishes it in the process table. The
 * home CPU's channel carries Linux's requests about it (MAP, START,
 * RELEASE) and the home CPU enters its main thread; its threads run on
 * any LWK CPU, and the replies to what a thread asked Linux come on the
 * channel of that thread's CPU.
 *
 * Lifetime: @refs counts Linux's hold (dropped at PROC_RELEASE) and one
 * per thread that ran and is not freed yet; whoever drops the last one
 * frees the process, on any CPU. A CPU that finds it in the process
 * table under the table lock may use it until it unlocks (it is taken
 * off the table under that lock before it is freed), or take a reference
 * there with proc_tryget().
 *
 * Locks, outermost first: the process table lock, @lock (the thread
 * list, the exit fields, the mm lock's fields, the status page's thread
 * table), a CPU's run queue lock. All taken with interrupts off.
 */
#ifndef LWK_KERNEL_PROC_H
#define LWK_KERNEL_PROC_H

#include <asm/percpu.h>
#include <asm/traps.h>
#include <ihk/boot.h>
#include <lwk/process.h>
#include <lwk/spinlock.h>
#include <lwk/syscall.h>
#include <lwk/upt.h>
#include <lwk/vm_range.h>

#define PROC_MAX_AREAS		2048
#define THREAD_STACK_SIZE	(16 * 1024)

#define PROC_MAGIC		0x434f5250u	/* "PROC" */
#define PROC_POISON		0x6b		/* freed, debug_kill_delay_us */

struct lwk_proc {
	uint32_t magic;			/* PROC_MAGIC from CREATE until freed */
	spinlock_t lock;
	int refs;			/* see the top of the file */
	struct lwk_process pub;
	struct lwk_thread thread;	/* the main thread (tid == pid) */
	struct lwk_thread *threads;	/* live threads, the main one first */
	unsigned int nr_threads;	/* live: on the list */
	uint64_t dead_cpu_tsc;		/* CPU time of threads that ended */
	unsigned int cpu;		/* its home: LWK CPU index */

	struct upt upt;
	struct vm_range vm;
	struct vm_area *areas;		/* PROC_MAX_AREAS */
	uint64_t brk_start, brk;	/* heap: [brk_start, page-up(brk)) */
	uint64_t mmap_end;		/* mmap without a hint: top down from here */
	uint64_t user_bytes;		/* pages held (mapped, PROT_NONE, zombie) */
	uint64_t max_rss_bytes;		/* the most rss_bytes was: ru_maxrss */
	uint64_t zapped_at;		/* status->mirror_faults at the last ZAP */

	uint64_t start_rip, start_rsp;
	bool start_pending;		/* PROC_START taken, not entered yet */
	bool started;
	bool running;			/* its main thread was queued to run */
	bool exited;			/* PROC_EXIT sent (or due) */
	bool exiting;			/* exit_group or a fatal signal: threads leave */
	struct ikc_proc_exit exit;	/* what PROC_EXIT says, once exiting */
	bool release_pending;		/* PROC_RELEASE taken while it ran */
	uint64_t release_cookie;
	int kill_signo;			/* process_kill(): die by this */

	uint64_t next_cookie;		/* of requests to Linux, all threads' */
	/*
	 * The mm lock (kernel/proc_mm.c): one thread at a time changes the
	 * areas and tables, across its waits for a ZAP too.
	 */
	struct lwk_thread *mm_holder;
	struct lwk_thread *mm_waiters;
};

static inline struct lwk_proc *to_proc(struct lwk_process *p)
{
	return container_of(p, struct lwk_proc, pub);
}

static inline uint64_t proc_lock(struct lwk_proc *p)
{
	uint64_t flags = irq_save();

	spin_lock(&p->lock, cpu_index());
	return flags;
}

static inline void proc_unlock(struct lwk_proc *p, uint64_t flags)
{
	spin_unlock(&p->lock);
	irq_restore(flags);
}

/* One more reference to @p, unless it is being freed (then false). */
bool proc_tryget(struct lwk_proc *p);
/* Drop one; the last frees @p and answers Linux's RELEASE. */
void proc_put(struct lwk_proc *p);

/* The NUMA node of @p's CPU, which its memory comes from first. */
static inline int proc_node(const struct lwk_proc *p)
{
	return percpu_area[p->cpu].node;
}

/* How many processes the LWK holds at once (CREATE: EAGAIN past it). */
#define LWK_MAX_PROCS		1024

/* Call @fn for each process whose home is this CPU (it may free it). */
void proc_for_each_here(void (*fn)(struct lwk_proc *p));
/* Call @fn for every process, table locked: brief, no waiting. */
void proc_for_each_locked(void (*fn)(struct lwk_proc *p, void *arg), void *arg);
/* @n more (or fewer) live threads on @cpu. */
void proc_cpu_threads_add(unsigned int cpu, int n);
/*
 * The online LWK CPU in @allowed (NULL: any) with the fewest live
 * threads; -EAGAIN if there is none.
 */
int proc_pick_cpu(const struct lwk_cpumask *allowed);

/* The current process of this CPU as struct lwk_proc, or NULL. */
struct lwk_proc *current_proc(void);

/*
 * The process service as a client of IKC (IKC_CLASS_PROC, handlers by
 * message type); main.c registers it with ikc_set_client().
 */
struct ikc_client;
extern const struct ikc_client proc_ikc_client;

/*
 * Send @type with @payload on this CPU's channel, waiting (serving the
 * channels) while to_linux is full. -EINTR if the process must die.
 */
int proc_send(struct lwk_proc *p, uint32_t type, uint64_t cookie,
	      const void *payload, uint32_t len);
/* Send, then wait for the reply of @reply_type with the same cookie. */
int proc_call(struct lwk_proc *p, uint32_t type, const void *payload,
	      uint32_t len, uint32_t reply_type, int64_t *ret);

/*
 * The current thread ends (exit, or its process ends): the last one out
 * ends the process (PROC_EXIT, or the release Linux asked for).
 */
void __noreturn thread_leave(void);
/* The process ends with @p->exit: every thread leaves, the caller too. */
void __noreturn proc_exit_group(struct lwk_proc *p);
/* exit(2) of the current thread; the last one's ends the process. */
void __noreturn thread_exit(int status);
/* kernel/process.c, for thread.c: the last thread of @p left. */
void proc_last_thread_left(struct lwk_proc *p);
/* @p ends with this status, unless it is ending already; under p->lock. */
void proc_set_exit(struct lwk_proc *p, int status, int signo, bool core);
/* The main thread's stack and FPU area, at CREATE. */
int thread_main_init(struct lwk_proc *p, int node);
/* Before returning to user mode: die if due, serve IKC, announce sleep. */
void proc_return_to_user(struct trap_frame *f);

/* Threads (kernel/thread.c). */
/* A new thread of @p that will run on @cpu (memory from its node). */
struct lwk_thread *thread_alloc(struct lwk_proc *p, unsigned int cpu);
/* Free what thread_alloc() (or the main thread's setup) took. */
void thread_free(struct lwk_thread *t);
/* Lay out @t's kernel stack so that its first run returns to user @f. */
void thread_prepare(struct lwk_thread *t, const struct trap_frame *f);
/* The live thread of @p with tid @tid, or NULL; under p->lock. */
struct lwk_thread *thread_find(struct lwk_proc *p, int tid);
void thread_attach(struct lwk_proc *p, struct lwk_thread *t);
void thread_detach(struct lwk_proc *p, struct lwk_thread *t);
/* The user frame at the top of @t's kernel stack (entry from user mode). */
struct trap_frame *thread_user_frame(struct lwk_thread *t);
/* cycles of CPU time @t used so far */
uint64_t thread_cpu_tsc(const struct lwk_thread *t);

/* The scheduler (kernel/sched.c); interrupts off in all of them. */
/*
 * Move the current thread to @cpu: it switches out here and runs next
 * from @cpu's run queue.
 */
void sched_migrate_current(unsigned int cpu);
/* In the IPI another CPU sent after it changed this CPU's queue. */
void sched_remote_kick(void);
/* @t (NEW, or switched out) may run: on its CPU's run queue. */
void sched_enqueue(struct lwk_thread *t);
/* Back to user mode: let another runnable thread have the CPU if due. */
void sched_preempt_check(void);
/* sched_yield(2): after the other runnable threads of this CPU. */
void sched_yield_current(void);
/* The current thread is DEAD: switch away for good (kernel/thread.c). */
void __noreturn sched_exit_current(void);
/* Wake every thread of @p (it dies: each must see it). */
void sched_wake_all(struct lwk_proc *p);
/* @t is being freed: no CPU may keep its FPU state for it. */
void sched_forget(struct lwk_thread *t);
/* switch.S's first run of a thread: into user mode at @f. */
void __noreturn thread_first_run(struct trap_frame *f);
/* After the switch away from DEAD @t: free it (kernel/thread.c). */
void thread_reap(struct lwk_thread *t);

/* Memory (kernel/proc_mm.c). */
/*
 * The current thread takes @p's mm lock, waiting (as sched_block()) while
 * another thread holds it. 0, or -EINTR if the thread must die first.
 */
int proc_mm_lock(struct lwk_proc *p);
void proc_mm_unlock(struct lwk_proc *p);
int proc_mm_init(struct lwk_proc *p);
void proc_mm_destroy(struct lwk_proc *p);
/*
 * Map [addr, addr + len) anonymous, zeroed, populated (2 MiB pages where
 * aligned); @replace: what was there is unmapped first (MAP_FIXED), else
 * -EEXIST if anything is. -ENOMEM with nothing mapped if memory runs out.
 */
int proc_mm_map(struct lwk_proc *p, uint64_t addr, uint64_t len, uint32_t prot,
		uint32_t kind, bool replace);
/* Unmap (zap rule, then free): 0 or -EINVAL/-ENOMEM from vm_range. */
int proc_mm_unmap(struct lwk_proc *p, uint64_t addr, uint64_t len);
int proc_mm_protect(struct lwk_proc *p, uint64_t addr, uint64_t len,
		    uint32_t prot);
/* Zero [addr, addr + len) of mapped memory (MADV_DONTNEED). */
void proc_mm_zero(struct lwk_proc *p, uint64_t addr, uint64_t len);
/* Copy @len bytes between two mapped user ranges of @p (mremap). */
void proc_mm_copy(struct lwk_proc *p, uint64_t dst, uint64_t src, uint64_t len);
void proc_mm_publish_rss(struct lwk_proc *p);

/* CPU time and the status page's threads (kernel/proc_status.c). */
/* @p's CPU time: its ended threads' and its live ones' so far. */
uint64_t proc_cpu_ns(struct lwk_proc *p);
uint64_t thread_cpu_ns(const struct lwk_thread *t);
/* Write @p's cpu_ns and threads[] to its status page (on @p's CPU). */
void proc_status_refresh(struct lwk_proc *p);
/* From the timer: refresh this CPU's processes, at most every heartbeat. */
void proc_status_tick(void);

#endif /* LWK_KERNEL_PROC_H */
