/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcexec: running a Linux process on the LWK. Shared by mcexec (proxy/),
 * ihk.ko (ihk/mc_*.c) and the LWK (lwk/kernel/process*.c, lwk/syscalls/).
 *
 * One LWK process per open file of /dev/mcosN (open to every user):
 *
 *   1. IHK_MC_CREATE: ihk.ko asks the LWK (master channel) for a process;
 *      the LWK picks the LWK CPU with the fewest threads, builds an empty address space and
 *      answers with its pid and CPU. From then on every message about the
 *      process travels on that CPU's channel.
 *   2. mcexec mmaps the file over [IHK_MC_USER_START, IHK_MC_USER_END) of
 *      its own address space, offset 0, MAP_SHARED|MAP_FIXED_NOREPLACE:
 *      the mirror. A fault in it is served by ihk.ko from the LWK
 *      process's page tables (only pages inside the instance's memory),
 *      so the LWK process's memory appears at the same virtual addresses
 *      in mcexec and offloaded calls can use pointer arguments as they are.
 *   3. IHK_MC_MAP for each ELF segment and the stack (the LWK maps
 *      anonymous, pre-populated memory there); mcexec copies the segments
 *      and builds the initial stack through the mirror.
 *   4. IHK_MC_START: the LWK runs the main thread on its CPU.
 *   5. IHK_MC_WAIT, in a loop, by the mcexec thread paired with the LWK
 *      thread: it returns the next offloaded syscall (mcexec runs it
 *      natively and passes the result to the next IHK_MC_WAIT) or the end
 *      of the process (exit status or fatal signal).
 *
 *      Threads: every LWK thread has its own mcexec thread, and its tid
 *      is that Linux thread's tid (the main thread's is the pid). A
 *      clone() on the LWK sends THREAD_NEW to the calling thread's mcexec
 *      thread (event IHK_MC_EV_THREAD_NEW): it starts a Linux thread and
 *      answers with that thread's tid; ihk.ko checks that the tid is a
 *      thread of the caller's thread group before the LWK sees it, then
 *      the LWK creates its thread with that tid. The new mcexec thread
 *      calls IHK_MC_WAIT itself; ihk.ko knows each caller by its Linux
 *      tid, so a thread only ever gets the events of the LWK thread of
 *      its own tid. When the LWK thread ends, its mcexec thread gets
 *      IHK_MC_EV_THREAD_EXIT and ends too; when the process ends, every
 *      mcexec thread gets IHK_MC_EV_EXIT.
 *   6. The last close of the file (mcexec exits or is killed, after its
 *      mirror is gone): ihk.ko tells the LWK to release the process; the
 *      LWK stops it if it still runs and frees all its memory.
 *
 * The LWK never frees or reuses a page the mirror may map before ihk.ko
 * has zapped the mirror (see mirror_faults below), and never frees a page
 * table page of a process before the process is released, so ihk.ko can
 * walk the tables while the LWK changes them.
 */
#ifndef IHK_MCEXEC_H
#define IHK_MCEXEC_H

#if defined(__KERNEL__)
#include <linux/types.h>
#include <linux/ioctl.h>
#elif defined(IHK_LWK)
#include <lwk/types.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#include <ihk/abi.h>
#include <ihk/ikc.h>

/*
 * The LWK process's user address range, mirrored in mcexec. mcexec is
 * built as a PIE, so Linux puts all of its own mappings (program, heap,
 * libraries, stack, vDSO) above IHK_MC_USER_END, as long as its layout is
 * top-down from near the stack: mcexec runs itself again when it is not
 * (unlimited stack, setarch -L: proxy/layout.c).
 */
#define IHK_MC_USER_START	0x10000ULL		/* Linux's mmap_min_addr */
#define IHK_MC_USER_END		0x400000000000ULL	/* 64 TiB */
/*
 * The layout without ASLR (personality ADDR_NO_RANDOMIZE, setarch -R,
 * /proc/sys/kernel/randomize_va_space 0: mcexec decides as Linux would
 * for an exec of it). With ASLR, as Linux on x86_64: mcexec loads a
 * static-PIE up to 1 TiB above IHK_MC_PIE_BASE and maps the main stack
 * ending 4 KiB to 16 GiB above IHK_MC_STACK_TOP (never at it), and the
 * LWK, seeing the stack not end at IHK_MC_STACK_TOP, starts its mmap
 * area up to 1 TiB below IHK_MC_MMAP_END.
 */
/* Where mcexec loads a static-PIE (ET_DYN) program. */
#define IHK_MC_PIE_BASE		0x100000000000ULL
/* The main thread's stack ends here; it grows down from it. */
#define IHK_MC_STACK_TOP	0x3ff000000000ULL
/* anonymous mmap without a hint: top down from here */
#define IHK_MC_MMAP_END		0x3f0000000000ULL

/* Longest command line kept for `ps` (NUL-separated argv, as /proc/PID/cmdline). */
#define IHK_MC_CMDLINE_MAX	1024

/*
 * IHK_MC_CREATE. The module records the command line for `ps`; longer
 * ones are cut and shown ending in "...". Errors: EBUSY the instance is
 * not RUNNING, EEXIST this file, or another file of the calling process
 * on this instance, already has a process (an LWK process's pid is the
 * pid of the Linux process that created it: one each), EAGAIN the LWK
 * holds as many processes as it can (1024; processes share LWK CPUs, a
 * new one goes to the CPU with the fewest threads), ENOMEM the LWK has no memory for it, EUSERS
 * the caller's user already holds as many processes as the module
 * parameter max_procs_per_user allows, EACCES the device's mode or group
 * no longer lets the caller open it (the file was opened before an admin
 * restricted it).
 *
 * The stack limits are what the program's getrlimit(RLIMIT_STACK) answers
 * (IHK_MC_RLIM_INFINITY: unlimited; soft 0: Linux's 8 MiB, hard 0:
 * unlimited; a soft limit above the hard one is cut to it). They shape
 * nothing in the LWK: mcexec maps the stack itself (IHK_MC_MAP_STACK),
 * of a bounded size when the limit is unlimited.
 */
#define IHK_MC_RLIM_INFINITY	(~0ULL)

struct ihk_mc_create {
	uint64_t cmdline;		/* in: user pointer, NUL-separated argv */
	uint32_t cmdline_len;		/* in: bytes */
	uint32_t pad;
	uint64_t rlimit_stack;		/* in: RLIMIT_STACK soft limit, bytes */
	uint64_t rlimit_stack_max;	/* in: RLIMIT_STACK hard limit, bytes */
	int32_t pid;			/* out: LWK pid, the caller's Linux pid */
	int32_t cpu;			/* out: Linux CPU number of its LWK CPU */
};

/*
 * IHK_MC_MAP: anonymous private memory in the LWK process, zeroed and
 * populated, like mmap(addr, len, prot, MAP_PRIVATE|MAP_ANONYMOUS|
 * MAP_FIXED_NOREPLACE). Before START only. EINVAL bad range or prot,
 * EEXIST overlaps a mapping, ENOMEM the LWK has no memory for it.
 */
struct ihk_mc_map {
	uint64_t addr;			/* page aligned */
	uint64_t len;			/* page aligned, > 0 */
	uint32_t prot;			/* PROT_READ | PROT_WRITE | PROT_EXEC */
	uint32_t flags;			/* IHK_MC_MAP_* */
};
#define IHK_MC_MAP_STACK	1	/* the main stack (grows down, for ps/limits) */
#define IHK_MC_MAP_BRK		2	/* sets the initial program break at addr + len */

/* IHK_MC_START: registers of the main thread; everything else is zero. */
struct ihk_mc_start {
	uint64_t rip;
	uint64_t rsp;
};

/*
 * IHK_MC_WAIT: hand in the result of the previous offloaded syscall (if
 * has_ret), then wait for the next event of the LWK thread paired with
 * the calling mcexec thread: the one whose tid is the caller's Linux tid.
 * EINTR: a signal came first; the result was delivered (if has_ret) and
 * must not be handed in again. ESRCH: the LWK thread of the caller's tid
 * ended (its THREAD_EXIT was already returned). A thread of mcexec that
 * no THREAD_NEW answer named yet gets no event (it may call WAIT before
 * its creator's answer is in) until one does, or EXIT when the process
 * ends. EAGAIN: the process has IHK_MC_MAX_THREADS threads already.
 */
#define IHK_MC_MAX_THREADS	1024
enum ihk_mc_event {
	IHK_MC_EV_SYSCALL = 1,		/* run nr(args) natively */
	IHK_MC_EV_EXIT,			/* the process ended: status or signo */
	/*
	 * Start a Linux thread for a new LWK thread; the result handed in
	 * is its tid (gettid() in the new thread), or -errno (EAGAIN: no
	 * thread could be made). args[0]: the clone flags, for reports.
	 */
	IHK_MC_EV_THREAD_NEW,
	IHK_MC_EV_THREAD_EXIT,		/* this thread's LWK thread ended */
};

struct ihk_mc_wait {
	uint32_t has_ret;		/* in */
	uint32_t pad;
	int64_t ret;			/* in: result, or -errno */
	uint32_t event;			/* out: enum ihk_mc_event */
	int32_t tid;			/* out: LWK thread */
	uint64_t nr;			/* out: SYSCALL */
	uint64_t args[6];		/* out: SYSCALL */
	int32_t exit_status;		/* out: EXIT: 0..255 if signo is 0 */
	int32_t signo;			/* out: EXIT: the signal that killed it */
	uint32_t core;			/* out: EXIT: a core dump would be due */
	uint32_t pad2;
};

#define IHK_MC_CREATE		_IOWR(IHK_IOC_MAGIC, 0x40, struct ihk_mc_create)
#define IHK_MC_MAP		_IOW(IHK_IOC_MAGIC, 0x41, struct ihk_mc_map)
#define IHK_MC_START		_IOW(IHK_IOC_MAGIC, 0x42, struct ihk_mc_start)
#define IHK_MC_WAIT		_IOWR(IHK_IOC_MAGIC, 0x43, struct ihk_mc_wait)

/*
 * IKC messages about processes (include/ihk/ikc.h). Payloads below; the
 * cookie of a reply is the cookie of its request.
 *   master channel:  PROC_CREATE (Linux -> LWK), PROC_CREATED (reply)
 *   CPU channel:     PROC_MAP -> PROC_MAP_DONE, PROC_START -> PROC_STARTED,
 *                    PROC_RELEASE -> PROC_RELEASED (Linux -> LWK);
 *                    SYSCALL (LWK -> Linux) -> SYSCALL_RET (Linux -> LWK);
 *                    THREAD_NEW (LWK -> Linux) -> SYSCALL_RET;
 *                    ZAP (LWK -> Linux) -> ZAP_DONE (Linux -> LWK);
 *                    THREAD_EXIT, PROC_EXIT (LWK -> Linux), no reply.
 * MAP, START and RELEASE travel on the channel of the CPU CREATE named
 * (the process's home CPU). SYSCALL, THREAD_NEW, ZAP and THREAD_EXIT come
 * on the channel of the CPU the sending thread runs on, and the reply
 * goes back on the channel the request came on.
 */
#define IKC_MSG_PROC_BASE	IKC_CLASS_BASE(IKC_CLASS_PROC)	/* 0x100 */
enum ikc_proc_msg_type {
	IKC_MSG_PROC_CREATE = IKC_MSG_PROC_BASE,
	IKC_MSG_PROC_CREATED,
	IKC_MSG_PROC_MAP,
	IKC_MSG_PROC_MAP_DONE,
	IKC_MSG_PROC_START,
	IKC_MSG_PROC_STARTED,
	IKC_MSG_PROC_RELEASE,
	IKC_MSG_PROC_RELEASED,
	IKC_MSG_SYSCALL,
	IKC_MSG_SYSCALL_RET,
	IKC_MSG_ZAP,
	IKC_MSG_ZAP_DONE,
	IKC_MSG_PROC_EXIT,
	IKC_MSG_THREAD_NEW,
	IKC_MSG_THREAD_EXIT,
};

/*
 * The credentials of an LWK process: those Linux holds for its mcexec.
 * ihk.ko fills them from the calling mcexec thread's current_cred(),
 * never from anything mcexec or the LWK says: at CREATE, and in every
 * SYSCALL_RET, so a setuid() family call the program had mcexec run
 * (or any other change of mcexec's creds) reaches the LWK before the
 * program sees the call return. The LWK uses them for kill's permission
 * check (Linux's kill_ok_by_cred); the id syscalls are offloaded, so what
 * the program reads is mcexec's own ids.
 *
 * Ids are Linux's global ones (kuid/kgid values, the initial user
 * namespace's view), which is what Linux compares. CAP_KILL counts in the
 * target's user namespace only when the sender's namespace is that one or
 * the initial one (a subset of Linux's rule: never more permissive).
 */
struct ihk_lwk_cred {
	uint32_t uid, euid, suid;
	uint32_t gid, egid, sgid;
	uint32_t flags;			/* IHK_CRED_* */
	uint32_t userns;		/* inode number of its user namespace */
	int32_t sid;			/* session (Linux pid of its leader), for SIGCONT */
	uint32_t pad;
};
#define IHK_CRED_CAP_KILL	1	/* CAP_KILL in its own user namespace */
#define IHK_CRED_INIT_USERNS	2	/* its user namespace is the initial one */

struct ikc_proc_create {
	int32_t linux_pid;		/* mcexec's tgid, for ps and reports */
	uint32_t pad;
	uint64_t rlimit_stack;		/* as in struct ihk_mc_create */
	uint64_t rlimit_stack_max;
	struct ihk_lwk_cred cred;	/* the creator's, from ihk.ko */
};

struct ikc_proc_created {
	int32_t err;			/* 0 or -errno */
	int32_t pid;
	uint32_t cpu_index;		/* LWK CPU index (params cpus[]) */
	uint32_t pad;
	uint64_t status_phys;		/* struct ihk_lwk_proc_status */
};

struct ikc_proc_map {
	int32_t pid;
	uint32_t prot;
	uint64_t addr;
	uint64_t len;
	uint32_t flags;			/* IHK_MC_MAP_* */
	uint32_t pad;
};

struct ikc_proc_start {
	int32_t pid;
	uint32_t pad;
	uint64_t rip;
	uint64_t rsp;
};

/* PROC_MAP_DONE, PROC_STARTED, PROC_RELEASED */
struct ikc_proc_result {
	int32_t pid;
	int32_t err;			/* 0 or -errno */
};

struct ikc_proc_release {
	int32_t pid;
	uint32_t pad;
};

struct ikc_syscall {
	int32_t pid;
	int32_t tid;
	uint64_t nr;
	uint64_t args[6];
};

struct ikc_syscall_ret {
	int32_t pid;
	int32_t tid;
	int64_t ret;
	struct ihk_lwk_cred cred;	/* mcexec's creds now, from ihk.ko */
};

/* The LWK asks ihk.ko to unmap [addr, addr + len) from the mirror. */
struct ikc_zap {
	int32_t pid;
	int32_t tid;
	uint64_t addr;
	uint64_t len;
};

/* ZAP_DONE: to the thread that sent the ZAP. */
struct ikc_zap_done {
	int32_t pid;
	int32_t tid;
	int32_t err;			/* 0 or -errno */
	uint32_t pad;
};

/* THREAD_NEW (answered with SYSCALL_RET) and THREAD_EXIT. */
struct ikc_thread {
	int32_t pid;
	int32_t tid;			/* NEW: the creating thread; EXIT: the one that ended */
	uint64_t flags;			/* NEW: the clone flags */
};

struct ikc_proc_exit {
	int32_t pid;
	int32_t exit_status;		/* 0..255 when signo is 0 */
	int32_t signo;
	uint32_t core;
};

/*
 * Per process, in LWK memory (status_phys), written by the LWK except
 * mirror_faults. ihk.ko reads it for /proc/ihk/osN/processes and walks
 * the page tables at pml4_phys when the mirror faults.
 */
enum ihk_lwk_proc_state {
	IHK_PROC_CREATED = 1,		/* being loaded */
	IHK_PROC_RUNNING,		/* in user mode or in a local syscall */
	IHK_PROC_OFFLOAD,		/* waiting for an offloaded syscall */
	IHK_PROC_SLEEPING,		/* nanosleep and the like */
	IHK_PROC_EXITED,		/* waiting for release */
};

struct ihk_lwk_proc_status {
	uint32_t state;			/* enum ihk_lwk_proc_state */
	int32_t pid;
	uint64_t pml4_phys;
	uint64_t rss_bytes;		/* physical memory the process holds */
	/*
	 * Bumped by ihk.ko (locked add) before each walk of the page tables
	 * for the mirror. When the LWK unmaps memory it clears the PTEs,
	 * then (full fence) compares this with the value of its last ZAP:
	 * if it moved, it sends ZAP for the range and waits for ZAP_DONE
	 * before freeing the pages.
	 */
	uint64_t mirror_faults;
	uint64_t syscalls_local;
	uint64_t syscalls_offloaded;
	uint32_t nr_threads;		/* live threads, the main one included */
	uint32_t pad;
	uint64_t cpu_ns;		/* CPU time of every thread, ended ones too */
	/* The first IHK_LWK_STATUS_THREADS live threads, for `ps -L`. */
	struct ihk_lwk_thread_status {
		int32_t tid;
		uint32_t cpu_index;	/* LWK CPU index (params cpus[]) */
		uint32_t state;		/* enum ihk_lwk_proc_state */
		uint32_t pad;
		uint64_t cpu_ns;
	} threads[];
};
#define IHK_LWK_STATUS_THREADS \
	((4096 - sizeof(struct ihk_lwk_proc_status)) / sizeof(struct ihk_lwk_thread_status))

#endif /* IHK_MCEXEC_H */
