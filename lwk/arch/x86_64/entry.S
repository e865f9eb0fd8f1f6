/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where LWK CPUs arrive from the trampoline (include/ihk/boot.h, step 4):
 * 64-bit mode, interrupts off, CR3 = the boot tables (identity [0, 2 MiB)
 * and the kernel window only), RDI = the argument.
 *
 * Before any C code runs, each CPU gets a stack we own and its GS base
 * (per-CPU data), so an early fault can already find its CPU.
 */
#include <asm/asm-offsets.h>

/* Architectural numbers (asm/cpu.h has them for C; it is not assembly). */
#define MSR_GS_BASE	0xc0000101
#define MSR_EFER	0xc0000080
#define EFER_NXE	0x800

	.section .text.entry, "ax"
	.code64

/* Boot CPU (cpus[0]); RDI = struct ihk_boot_params *. */
	.globl lwk_entry
lwk_entry:
	cli
	cld
	/* The module passes no stack for cpus[0]: use ours. */
	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	movq	%rdi, %r12

	leaq	percpu_area(%rip), %rdi
	call	set_gs_base

	movq	%r12, %rdi
	call	lwk_start		/* does not return */
	jmp	halt_loop

/*
 * Other CPUs; RDI = their struct percpu * (kernel window), RSP = the
 * shared AP boot stack, which is only valid until we leave here.
 */
	.globl ap_entry
ap_entry:
	cli
	cld
	/* Our tables set the NX bit: EFER.NXE must be on before loading them. */
	cmpb	$0, lwk_nx_enabled(%rip)
	je	1f
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_NXE, %eax
	wrmsr
1:	movq	kernel_cr3(%rip), %rax
	movq	%rax, %cr3
	call	set_gs_base		/* keeps %rdi */
	movq	PERCPU_OFF_STACK_TOP(%rdi), %rsp
	xorl	%ebp, %ebp
	call	ap_main			/* does not return */
	jmp	halt_loop

/* GS base := %rdi, and percpu->self := %rdi. Clobbers rax, rcx, rdx. */
set_gs_base:
	movq	%rdi, PERCPU_OFF_SELF(%rdi)
	movq	%rdi, %rax
	movq	%rdi, %rdx
	shrq	$32, %rdx
	movl	$MSR_GS_BASE, %ecx
	wrmsr
	ret

halt_loop:
	cli
	hlt
	jmp	halt_loop

/*
 * gdt_reload(gdtr, code_sel, data_sel): load a GDT and reload CS, DS, ES,
 * SS from it. FS and GS are left alone: loading them would clear the GS
 * base on some CPUs.
 */
	.text
	.globl gdt_reload
gdt_reload:
	lgdt	(%rdi)
	movl	%edx, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	popq	%rax			/* return address */
	pushq	%rsi			/* new CS */
	pushq	%rax
	lretq

/* call_on_stack(arg, fn, stack_top): switch stacks for good, call fn(arg). */
	.globl call_on_stack
call_on_stack:
	movq	%rdx, %rsp
	xorl	%ebp, %ebp
	call	*%rsi
	ud2

	.section .bss, "aw", @nobits
	.balign 4096
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip	16384
boot_stack_top:

/* Each AP runs on this only from the trampoline to its first C call. */
	.balign 16
	.globl ap_boot_stack_top
	.skip	1024
ap_boot_stack_top:

	.section .note.GNU-stack, "", @progbits
