/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-wide state and the few calls every part of the LWK may make. */
#ifndef LWK_KERNEL_H
#define LWK_KERNEL_H

#include <lwk/types.h>
#include <lwk/compiler.h>
#include <ihk/boot.h>
#include <lwk/idle.h>	/* cpu_idle(), kernel/idle.c */

/* The boot parameters (in the kernel window) and the shared area. */
extern struct ihk_boot_params *boot_params;
extern struct ihk_lwk_shared *shared;

/* Kernel arguments (kernel/kargs.c documents each one). */
struct kargs {
	bool debug_panic_boot;		/* debug_panic=boot */
	bool debug_panic_stack;		/* debug_panic=stack */
	bool debug_fail_cpu_set;	/* debug_fail_cpu=N */
	uint32_t debug_fail_cpu;	/* a Linux CPU number */
	bool debug_serial;		/* debug_serial */
	uint32_t debug_kill_delay_us;	/* debug_kill_delay_us=N */
};

extern struct kargs kargs;

/* Parse @s (space-separated), logging unknown or malformed arguments. */
void kargs_parse(const char *s);

/* Write this CPU's state into shared->cpus[]. */
void cpu_set_state(unsigned int index, enum ihk_lwk_cpu_state state);
/* Write shared->state. */
void lwk_set_state(enum ihk_lwk_state state);

/* Stop everything after printing @fmt: state PANIC, all CPUs halted. */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
/* Fault on purpose, through the ordinary exception path (debug). */
void __noreturn debug_fault(const char *why);
/* Overflow the kernel stack on purpose: guard page, then double fault. */
void __noreturn debug_stack_overflow(void);
/* True once a panic started anywhere: NMIs then halt their CPU. */
bool panic_in_progress(void);

/* kernel/request.c: look at shared->request (boot CPU only). */
void request_check(void);

/* kernel/corrupt.c: debug, corrupt what abi.h's IHK_DEBUG_CORRUPT_@what says. */
void debug_corrupt(unsigned int what);

/* lib/kstrto.c */
int kstrtou32(const char *s, size_t len, uint32_t *out);

#endif /* LWK_KERNEL_H */
