// SPDX-License-Identifier: GPL-2.0
/*
 * An exception in user mode: the process dies by the signal Linux would
 * send for it, with one line on the console, and the LWK carries on.
 */
#include <asm/cpu.h>
#include <asm/user.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/proc.h>

#define SIGILL		4
#define SIGTRAP		5
#define SIGBUS		7
#define SIGFPE		8
#define SIGSEGV		11

static int fault_signal(unsigned int vector, const char **name)
{
	static const char *const names[] = {
		[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGBUS] = "SIGBUS",
		[SIGFPE] = "SIGFPE", [SIGSEGV] = "SIGSEGV",
	};
	int sig;

	switch (vector) {
	case 0:			/* #DE */
	case 16:		/* #MF */
	case 19:		/* #XM */
		sig = SIGFPE;
		break;
	case 1:			/* #DB */
	case 3:			/* #BP */
		sig = SIGTRAP;
		break;
	case 6:			/* #UD */
		sig = SIGILL;
		break;
	case 11:		/* #NP */
	case 12:		/* #SS */
	case 17:		/* #AC */
		sig = SIGBUS;
		break;
	default:		/* #PF, #GP, #OF, #BR, #TS, #CP ... */
		sig = SIGSEGV;
		break;
	}
	*name = names[sig];
	return sig;
}

void __noreturn user_fault(struct trap_frame *f)
{
	struct lwk_proc *p = current_proc();
	uint64_t addr = f->vector == VEC_PAGE_FAULT ? read_cr2() : f->rip;
	const char *name;
	int sig = fault_signal(f->vector, &name);

	if (!p)
		panic_exception(f);
	printk("pid %d: %s at rip 0x%lx, address 0x%lx, error 0x%lx: killed by %s\n",
	       p->pub.pid, exception_name(f->vector), (unsigned long)f->rip,
	       (unsigned long)addr, (unsigned long)f->error_code, name);
	/* Every signal an exception sends dumps core under Linux. */
	process_exit(0, sig, true);
}
