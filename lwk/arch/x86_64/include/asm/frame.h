/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building a struct trap_frame (asm/traps.h) on a kernel entry, shared by
 * the interrupt stubs (trap_entry.S) and the SYSCALL entry (also trap_entry.S),
 * so both frames are the same and trap_exit restores either. Assembly only.
 */
#ifndef LWK_ASM_FRAME_H
#define LWK_ASM_FRAME_H

#include <asm/asm-offsets.h>	/* TF_RIP */

/* Push the general registers in struct trap_frame's order. */
.macro SAVE_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
.endm

/*
 * Call \func with the frame at %rsp as its argument, under a frame record
 * [interrupted rbp, interrupted rip] so backtraces from it continue into
 * the code that was interrupted. 15 registers + vector + error + 5 CPU
 * words + these 2: %rsp stays 16-byte aligned at the call.
 */
.macro CALL_WITH_FRAME func
	movq	%rsp, %rdi
	pushq	TF_RIP(%rdi)
	pushq	%rbp
	movq	%rsp, %rbp
	call	\func
	addq	$16, %rsp
.endm

#endif /* LWK_ASM_FRAME_H */
