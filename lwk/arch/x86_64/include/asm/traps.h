/* SPDX-License-Identifier: GPL-2.0 */
/* Interrupt and exception entry: the frame trap_entry.S builds, vectors. */
#ifndef LWK_ASM_TRAPS_H
#define LWK_ASM_TRAPS_H

#include <lwk/types.h>

/* Exceptions the LWK names (0-31 are reserved by the architecture). */
#define VEC_DIVIDE		0
#define VEC_DEBUG		1
#define VEC_NMI			2
#define VEC_BREAKPOINT		3
#define VEC_DOUBLE_FAULT	8
#define VEC_PAGE_FAULT		14
#define VEC_MACHINE_CHECK	18
#define NR_EXCEPTIONS		32

/*
 * Vectors the LWK uses. Linux sends only IHK_LWK_REQUEST_VECTOR (0xf0,
 * boot.h) and IHK_LWK_IKC_VECTOR (0xf3, ikc.h); the rest are between LWK
 * CPUs. Kept high: the APIC delivers
 * higher vectors first, and nothing else here uses the range.
 */
#define VEC_TIMER		0xef	/* local APIC timer, periodic */
#define VEC_REQUEST		0xf0	/* IHK_LWK_REQUEST_VECTOR */
#define VEC_STOP		0xf1	/* shutdown: halt this CPU */
#define VEC_HANG		0xf2	/* debug hang: stop the timer, halt */
#define VEC_IKC			0xf3	/* IHK_LWK_IKC_VECTOR: look at the rings */
#define VEC_TLB			0xf4	/* flush the TLB: asm/tlb.h */
#define VEC_APIC_ERROR		0xfe
#define VEC_SPURIOUS		0xff

/* Pushed by trap_entry.S, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code;	/* 0 for vectors without one */
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* trap_entry.S: 256 entry stubs, 16 bytes apart. */
extern const char trap_stubs[];
#define TRAP_STUB_SIZE	16

/* Called by trap_entry.S with interrupts off, for every vector. */
void trap_dispatch(struct trap_frame *f);

const char *exception_name(unsigned int vector);

/* kernel/panic.c: an exception is fatal; an NMI during a panic halts. */
void __noreturn panic_exception(struct trap_frame *f);
void __noreturn panic_stop_this_cpu(void);
/* kernel/request.c: VEC_STOP and VEC_HANG on this CPU. */
void __noreturn request_stop_this_cpu(void);
void __noreturn request_hang_this_cpu(void);

#endif /* LWK_ASM_TRAPS_H */
