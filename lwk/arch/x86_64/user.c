// SPDX-License-Identifier: GPL-2.0
/*
 * What user mode needs of each CPU. SYSCALL goes to user_syscall_entry with
 * IF, TF, DF, AC and NT cleared (so the kernel runs with interrupts off
 * and, under SMAP, without user access). The FPU, SSE and AVX are on
 * for user code (glibc checks CR4.OSXSAVE through CPUID and XCR0 with
 * XGETBV); the LWK itself never touches them (-mgeneral-regs-only), so
 * their state stays in the registers until the scheduler switches to
 * another thread (fpu_save(), fpu_restore()); a new process's main thread
 * starts from the initial state (fpu_init_state()), a new thread from a
 * copy of its creator's.
 */
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/user.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/string.h>

#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_FMASK		0xc0000084
#define EFER_SCE		(1ULL << 0)

#define CR0_MP			(1UL << 1)
#define CR0_EM			(1UL << 2)
#define CR0_TS			(1UL << 3)
#define CR0_NE			(1UL << 5)
#define CR0_AM			(1UL << 18)
#define CR4_OSFXSR		(1UL << 9)
#define CR4_OSXMMEXCPT		(1UL << 10)
#define CR4_OSXSAVE		(1UL << 18)
#define CR4_SMEP		(1UL << 20)
#define CR4_SMAP		(1UL << 21)

#define RFLAGS_TF		(1UL << 8)
#define RFLAGS_DF		(1UL << 10)
#define RFLAGS_IOPL		(3UL << 12)
#define RFLAGS_NT		(1UL << 14)
#define RFLAGS_AC		(1UL << 18)

#define CPUID1_ECX_XSAVE	(1u << 26)
#define CPUID7_EBX_SMEP		(1u << 7)
#define CPUID7_EBX_SMAP		(1u << 20)

/* XCR0 components we enable: x87, SSE, AVX, and AVX-512 as a whole. */
#define XFEATURE_X87		(1ULL << 0)
#define XFEATURE_SSE		(1ULL << 1)
#define XFEATURE_AVX		(1ULL << 2)
#define XFEATURE_AVX512		(7ULL << 5)

#define FPU_AREA_SIZE		4096
#define MXCSR_DEFAULT		0x1f80
#define FCW_DEFAULT		0x37f

bool smap_enabled;
static bool smep_on, xsave_on;
static uint64_t xcr0;
/*
 * Initial FPU state: legacy area with the default control words, XSAVE
 * header all zero (XSTATE_BV 0: every component in its initial state).
 */
static uint8_t fpu_init_area[FPU_AREA_SIZE] __aligned(64);

static inline void xsetbv(uint32_t reg, uint64_t v)
{
	__asm__ __volatile__("xsetbv" :: "c"(reg), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
}

/* Once, on the boot CPU. */
static void user_features_detect(void)
{
	uint32_t a, b, c, d, max;

	cpuid(0, 0, &max, &b, &c, &d);
	cpuid(1, 0, &a, &b, &c, &d);
	xsave_on = c & CPUID1_ECX_XSAVE;
	if (max >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		smep_on = b & CPUID7_EBX_SMEP;
		smap_enabled = b & CPUID7_EBX_SMAP;
	}
	if (xsave_on && max >= 0xd) {
		cpuid(0xd, 0, &a, &b, &c, &d);
		xcr0 = (((uint64_t)d << 32) | a) &
		       (XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX | XFEATURE_AVX512);
		if ((xcr0 & XFEATURE_AVX512) != XFEATURE_AVX512 ||
		    !(xcr0 & XFEATURE_AVX))
			xcr0 &= ~XFEATURE_AVX512;
		if (!(xcr0 & XFEATURE_SSE))
			xcr0 &= ~XFEATURE_AVX;
	} else {
		xsave_on = false;
	}
	memset(fpu_init_area, 0, sizeof(fpu_init_area));
	*(uint16_t *)&fpu_init_area[0] = FCW_DEFAULT;
	*(uint32_t *)&fpu_init_area[24] = MXCSR_DEFAULT;
}

void cpu_user_init(void)
{
	static bool detected;
	uint64_t cr4;
	uint32_t a, b, c, d;

	if (!detected) {
		user_features_detect();
		detected = true;
	}

	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE | CR0_AM);
	cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (xsave_on)
		cr4 |= CR4_OSXSAVE;
	if (smep_on)
		cr4 |= CR4_SMEP;
	if (smap_enabled)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	if (xsave_on) {
		xsetbv(0, xcr0);
		cpuid(0xd, 0, &a, &b, &c, &d);
		if (b > FPU_AREA_SIZE) {
			/* Not on any CPU we know; fall back to SSE only. */
			xcr0 = XFEATURE_X87 | XFEATURE_SSE;
			xsetbv(0, xcr0);
		}
	}

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)SEL_SYSRET_BASE << 48) |
			((uint64_t)SEL_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)user_syscall_entry);
	/* No 32-bit code segment in the GDT: CSTAR is never reached. */
	wrmsr(MSR_CSTAR, 0);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_IOPL |
			 RFLAGS_NT | RFLAGS_AC);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	if (cpu_index() == 0)
		printk("user mode: SYSCALL, SMEP %s, SMAP %s, XSAVE %s (XCR0 0x%lx)\n",
		       smep_on ? "on" : "off", smap_enabled ? "on" : "off",
		       xsave_on ? "on" : "off", (unsigned long)xcr0);
}

void fpu_init_state(void *area)
{
	memcpy(area, fpu_init_area, FPU_AREA_SIZE);
}

void fpu_save(void *area)
{
	if (xsave_on)
		__asm__ __volatile__("xsave64 %0" : "=m"(*(uint8_t (*)[FPU_AREA_SIZE])area)
				     : "a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32))
				     : "memory");
	else
		__asm__ __volatile__("fxsave64 %0" : "=m"(*(uint8_t (*)[FPU_AREA_SIZE])area)
				     :: "memory");
}

void fpu_restore(const void *area)
{
	if (xsave_on)
		__asm__ __volatile__("xrstor64 %0" :: "m"(*(const uint8_t (*)[FPU_AREA_SIZE])area),
				     "a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32))
				     : "memory");
	else
		__asm__ __volatile__("fxrstor64 %0" :: "m"(*(const uint8_t (*)[FPU_AREA_SIZE])area)
				     : "memory");
}
