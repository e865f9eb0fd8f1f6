/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LWK processes and threads (lwk/kernel/process.c, thread.c, sched.c).
 * A process's threads run on any of the LWK CPUs, several processes may
 * share a CPU, and lwk/kernel/sched.c schedules each CPU's threads.
 *
 * Contract with the local syscalls in lwk/syscalls/: they reach their
 * state through current_thread() / current_process(), which are valid
 * in any syscall handler.
 */
#ifndef LWK_PROCESS_H
#define LWK_PROCESS_H

#include <lwk/types.h>
#include <ihk/boot.h>
#include <ihk/mcexec.h>

#define LWK_NSIG		64	/* signals 1..64 */
#define LWK_RLIM_NLIMITS	16	/* RLIMIT_CPU .. RLIMIT_RTTIME */
#define LWK_RLIM_INFINITY	(~0ULL)

/* A signal's disposition, as rt_sigaction's struct (kernel layout). */
struct lwk_sigaction {
	uint64_t handler;	/* SIG_DFL 0, SIG_IGN 1, or a user address */
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

struct lwk_rlimit {
	uint64_t cur;
	uint64_t max;
};

struct lwk_process;
struct trap_frame;

/* A set of LWK CPUs, by LWK index (sched_setaffinity). */
#define LWK_CPUMASK_WORDS	(IHK_LWK_MAX_CPUS / 64)
struct lwk_cpumask {
	uint64_t bits[LWK_CPUMASK_WORDS];
};

static inline bool lwk_cpumask_has(const struct lwk_cpumask *m, unsigned int cpu)
{
	return cpu < IHK_LWK_MAX_CPUS && (m->bits[cpu / 64] >> (cpu % 64)) & 1;
}

enum lwk_thread_state {
	THREAD_NEW,			/* made, never run */
	THREAD_RUNNING,			/* its CPU's current thread */
	THREAD_RUNNABLE,		/* on its CPU's run queue */
	THREAD_BLOCKED,			/* switched out in sched_block() */
	THREAD_DEAD,			/* left for good; freed after the switch */
};

struct lwk_thread {
	struct lwk_process *proc;
	int tid;
	unsigned int cpu;		/* LWK CPU index; changes only while it
					   is switched out, under that CPU's
					   run queue lock (sched_wake()) */
	unsigned int migrate_cpu;	/* sched_migrate_current()'s target */
	struct lwk_cpumask affinity;	/* the CPUs it may run on */
	struct lwk_thread *next_in_proc;	/* the process's thread list */

	/* The scheduler's (lwk/kernel/sched.c), under its CPU's run queue lock. */
	uint32_t state;			/* enum lwk_thread_state */
	struct lwk_thread *rq_next;	/* run queue, or sleepers */
	struct lwk_thread *mm_wait_next;	/* waiting for the mm lock */
	uint64_t ctx_rsp;		/* saved kernel stack pointer, switched out */
	uint64_t deadline_tsc;		/* blocked with a deadline; 0: none */
	uint64_t run_tsc;		/* when it last got its CPU; 0 while it
					   waits on it in sched_block() */
	uint64_t cpu_tsc;		/* CPU time, cycles, before run_tsc */
	void *kstack;			/* THREAD_STACK_SIZE, direct map */
	void *fpu;			/* its saved FPU/SSE/AVX state, a page */

	/* A reply from Linux it waits for (SYSCALL_RET, ZAP_DONE). */
	uint32_t wait_type;		/* 0: none */
	uint64_t wait_cookie;
	bool wait_done;
	int64_t wait_ret;

	uint64_t sigmask;		/* blocked signals, bit (sig - 1) */
	uint64_t sigpending;		/* sent while blocked */
	uint64_t clear_child_tid;	/* set_tid_address */
	uint64_t robust_list;		/* set_robust_list: head and length */
	uint64_t robust_list_len;
	uint64_t fs_base;		/* arch_prctl */
	uint64_t gs_base;
	bool wake_token;		/* sched_wake() since sched_block() looked */
	/* the call being served (syscall_current()) */
	const struct syscall_args *syscall;
};

struct lwk_process {
	int pid;
	int linux_pid;			/* mcexec */
	/*
	 * Linux's creds of its mcexec (include/ihk/mcexec.h), set at CREATE
	 * and refreshed by every SYSCALL_RET on its own CPU. Another CPU
	 * reads them only between process_get() and process_put().
	 */
	struct ihk_lwk_cred cred;
	struct lwk_sigaction sigaction[LWK_NSIG];	/* index sig - 1 */
	struct lwk_rlimit rlimit[LWK_RLIM_NLIMITS];
	struct ihk_lwk_proc_status *status;
	/* lwk/kernel/process*.c adds the address space and the rest */
};

struct lwk_thread *current_thread(void);
struct lwk_process *current_process(void);

/* Whether a live (not exited) process of pid @pid exists now. */
bool process_find(int pid);

/*
 * The live process of pid @pid with the process table locked, or NULL
 * (nothing held). Until process_put() it can neither be freed nor change
 * its credentials: use it briefly (no waiting, no IKC), interrupts stay
 * off meanwhile. Any CPU; one process at a time.
 */
struct lwk_process *process_get(int pid);
void process_put(struct lwk_process *p);
/*
 * Whether @p, held with process_get(@pid), is still that live process
 * and not freed memory (a freed one is poisoned when the
 * debug_kill_delay_us kernel argument is set).
 */
bool process_intact(struct lwk_process *p, int pid);

/*
 * End the current process: exit_group(@status), or death by @signo
 * (status ignored; @core: a core dump would be due). Never returns to
 * the caller; mcexec is told with PROC_EXIT.
 */
void __attribute__((noreturn)) process_exit(int status, int signo, bool core);

/*
 * End process @p (not the current one, held with process_get()) by
 * @signo, as if killed.
 */
void process_kill(struct lwk_process *p, int signo);

/*
 * Waiting inside a syscall (nanosleep, an offloaded call) is
 * cpu_wait_once() (lwk/idle.h), called directly. The caller loops
 * until its condition holds, and stops early with -EINTR when
 * thread_should_die() says the process is being released or killed.
 */
bool thread_should_die(void);

/*
 * From the idle loop (lwk/kernel/idle.c): send what the process code queued
 * for Linux, and enter user mode if a process was started here (then it
 * does not return). True if it sent something.
 */
bool proc_idle_work(void);

/* Linux's default rlimits for a new process (lwk/syscalls/rlimit.c). */
void rlimits_init(struct lwk_rlimit *r, uint64_t stack_cur, uint64_t stack_max);

#endif /* LWK_PROCESS_H */
