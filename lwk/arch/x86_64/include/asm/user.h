/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User mode on x86_64: segments, SYSCALL set-up, the FPU state a new
 * process starts with, and opening user access under SMAP.
 */
#ifndef LWK_ASM_USER_H
#define LWK_ASM_USER_H

#include <lwk/types.h>
#include <lwk/compiler.h>
#include <asm/desc.h>
#include <asm/traps.h>

#define SEL_USER_CS		(GDT_USER_CODE * 8 + 3)		/* 0x2b */
#define SEL_USER_DS		(GDT_USER_DATA * 8 + 3)		/* 0x23 */
/* STAR[63:48]: SYSRET takes CS = this + 16, SS = this + 8. */
#define SEL_SYSRET_BASE		(GDT_USER_CODE32 * 8 + 3)

/* trap_frame.vector of a syscall (trap_entry.S); not an IDT vector. */
#define TRAP_VEC_SYSCALL	0x100

#define RFLAGS_USER_INIT	0x202	/* IF, and the always-one bit */

static inline bool frame_from_user(const struct trap_frame *f)
{
	return f->cs & 3;
}

/*
 * On every CPU once: SYSCALL MSRs, CR0/CR4 for the FPU and SSE/AVX,
 * XCR0, SMEP/SMAP, CR0.AM. On the boot CPU first (it measures the
 * xsave area).
 */
void cpu_user_init(void);

/*
 * A thread's FPU/SSE/AVX state, in a page-aligned area of 4096 bytes
 * (XSAVE of the enabled components, or FXSAVE): the initial state, save
 * the CPU's into it, load it into the CPU.
 */
void fpu_init_state(void *area);
void fpu_save(void *area);
void fpu_restore(const void *area);
/*
 * switch.S: save the callee-saved registers and the stack pointer in
 * *@save_rsp, continue on @load_rsp where another ctx_switch() saved
 * (or thread_prepare() laid out a first run).
 */
void ctx_switch(uint64_t *save_rsp, uint64_t load_rsp);
/* switch.S: a new thread's first return lands here, on its user frame. */
void thread_first_entry(void);

/* SMAP: open and close user access (no-ops without SMAP). */
extern bool smap_enabled;
static inline void user_access_begin(void)
{
	if (smap_enabled)
		__asm__ __volatile__("stac" ::: "memory");
}

static inline void user_access_end(void)
{
	if (smap_enabled)
		__asm__ __volatile__("clac" ::: "memory");
}

/* trap_entry.S */
void user_syscall_entry(void);
void __noreturn enter_user(struct trap_frame *f);
/* syscalls/dispatch.c, from trap_entry.S with interrupts off */
void syscall_dispatch(struct trap_frame *f);
/* kernel/fault.c: an exception in user mode; kills the process. */
void __noreturn user_fault(struct trap_frame *f);
/* kernel/process.c: on every way back to user mode. */
void proc_return_to_user(struct trap_frame *f);

#endif /* LWK_ASM_USER_H */
