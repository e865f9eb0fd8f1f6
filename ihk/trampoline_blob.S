/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The code an LWK CPU runs after INIT/SIPI: real mode -> protected mode ->
 * long mode, then a jump to the LWK (include/ihk/boot.h, steps 3-4).
 * ihk.ko copies the bytes between ihk_trampoline_blob and _end to the start
 * of a page below 1 MiB, so everything here is position independent: the
 * page's physical base is computed from CS and kept in %ebx/%rbx.
 * It lives in .rodata: Linux never executes it in place.
 */
#define TRAMP_DATA	0xf00		/* IHK_TRAMPOLINE_DATA */
#define DATA_CR3	(TRAMP_DATA + 0)
#define DATA_ENTRY	(TRAMP_DATA + 8)
#define DATA_ARG	(TRAMP_DATA + 16)
#define DATA_STACK	(TRAMP_DATA + 24)

#define SEL_CODE32	0x08
#define SEL_DATA	0x10
#define SEL_CODE64	0x18

#define CR0_PE		0x00000001
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME_NXE	0x00000900

#define OFF(sym)	((sym) - ihk_trampoline_blob)

	.section .rodata, "a"
	.balign 16
	.globl ihk_trampoline_blob
	.globl ihk_trampoline_blob_end

ihk_trampoline_blob:
	.code16
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	xorl	%ebx, %ebx
	mov	%cs, %bx
	shll	$4, %ebx

	/* The GDT and far pointers need absolute addresses: patch them. */
	leal	OFF(tramp_gdt)(%ebx), %eax
	movl	%eax, OFF(tramp_gdt_desc) + 2
	leal	OFF(tramp_pm32)(%ebx), %eax
	movl	%eax, OFF(tramp_pm32_ptr)
	leal	OFF(tramp_lm64)(%ebx), %eax
	movl	%eax, OFF(tramp_lm64_ptr)
	lgdtl	OFF(tramp_gdt_desc)

	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	*OFF(tramp_pm32_ptr)

	.code32
tramp_pm32:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	DATA_CR3(%ebx), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME_NXE, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0
	ljmpl	*OFF(tramp_lm64_ptr)(%ebx)

	.code64
tramp_lm64:
	movl	%ebx, %ebx		/* the upper half is undefined here */
	movq	DATA_ARG(%rbx), %rdi
	movq	DATA_STACK(%rbx), %rax
	testq	%rax, %rax
	jz	1f
	movq	%rax, %rsp
1:	movq	DATA_ENTRY(%rbx), %rax
	xorl	%ebp, %ebp
	jmpq	*%rax

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* SEL_CODE32: flat 4 GiB code */
	.quad	0x00cf92000000ffff	/* SEL_DATA:   flat 4 GiB data */
	.quad	0x00af9a000000ffff	/* SEL_CODE64: long mode code */
tramp_gdt_end:
tramp_gdt_desc:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	0
tramp_pm32_ptr:
	.long	0
	.word	SEL_CODE32
tramp_lm64_ptr:
	.long	0
	.word	SEL_CODE64
ihk_trampoline_blob_end:
