/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Switching kernel stacks between threads (and each CPU's idle loop).
 * Only the callee-saved registers need saving: ctx_switch() is a call.
 */
	.text
	.globl ctx_switch
ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * thread_prepare() puts this as the return address right below the new
 * thread's user frame: the frame is at %rsp when we get here.
 */
	.globl thread_first_entry
thread_first_entry:
	movq	%rsp, %rdi
	xorl	%ebp, %ebp
	call	thread_first_run
	ud2

	.section .note.GNU-stack, "", @progbits
