/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every way into the kernel after boot, and the one way out.
 *
 * Interrupts and exceptions: each of the 256 stubs pushes a dummy error
 * code (unless the CPU pushed one) and its vector, then trap_common saves
 * the general registers as a struct trap_frame (asm/traps.h) and calls
 * trap_dispatch. Stubs sit 16 bytes apart so the IDT is filled by
 * arithmetic.
 *
 * SYSCALL (MSR_LSTAR): builds the same struct trap_frame (vector
 * TRAP_VEC_SYSCALL) on the thread's kernel stack, so fault reports, exits
 * and the return path are shared. SYSCALL left RIP in RCX and RFLAGS in
 * R11; FMASK cleared IF, DF, TF, AC.
 *
 * Both return with iretq through trap_exit, which restores every register
 * (no SYSRET: no non-canonical RCX pitfall, and the user's R11/RCX come
 * back as they were).
 */
#include <asm/asm-offsets.h>
#include <asm/frame.h>

	.text
	.balign 16
	.globl trap_stubs
trap_stubs:
	.set	vec, 0
	.rept	256
	.balign TRAP_STUB_SIZE
	/* Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
	.if !((vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30))
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	.set	vec, vec + 1
	.endr
	.balign 16
	.globl trap_stubs_end		/* lwk.lds checks the size */
trap_stubs_end:

trap_common:
	/* From user mode (CS RPL 3): our GS base is in KERNEL_GS_BASE. */
	testb	$3, (TF_CS - TF_VECTOR)(%rsp)
	jz	1f
	swapgs
1:	SAVE_GPRS
	CALL_WITH_FRAME trap_dispatch
/* Restore a struct trap_frame at %rsp and return to it. */
	.globl trap_exit
trap_exit:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$(TF_RIP - TF_VECTOR), %rsp	/* vector, error code */
	testb	$3, (TF_CS - TF_RIP)(%rsp)		/* back to user mode: its GS base */
	jz	2f
	swapgs
2:	iretq

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
