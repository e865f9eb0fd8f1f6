/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SYSCALL entry (MSR_LSTAR) and the first entry to user mode. A
 * syscall builds the same struct trap_frame as an interrupt (vector
 * TRAP_VEC_SYSCALL), on the thread's kernel stack, so fault reports,
 * exits and the return path are shared; it returns with iretq through
 * trap_exit, which restores every register (no SYSRET: no non-canonical
 * RCX pitfall, and the user's R11/RCX come back as they were).
 * SYSCALL left RIP in RCX and RFLAGS in R11; FMASK cleared IF, DF, TF, AC.
 */
#include <asm/asm-offsets.h>
#include <asm/frame.h>

	.text
	.globl user_syscall_entry
user_syscall_entry:
	swapgs
	movq	%rsp, %gs:PERCPU_OFF_USER_RSP
	movq	%gs:PERCPU_OFF_SYSCALL_RSP, %rsp
	pushq	$USER_DS			/* ss */
	pushq	%gs:PERCPU_OFF_USER_RSP		/* rsp */
	pushq	%r11				/* rflags */
	pushq	$USER_CS			/* cs */
	pushq	%rcx				/* rip */
	pushq	$0				/* error code */
	pushq	$TRAP_VEC_SYSCALL		/* vector */
	SAVE_GPRS
	CALL_WITH_FRAME syscall_dispatch
	jmp	trap_exit

/* enter_user(frame): return to the user-mode frame @frame, for good. */
	.globl enter_user
enter_user:
	movq	%rdi, %rsp
	jmp	trap_exit

	.section .note.GNU-stack, "", @progbits
