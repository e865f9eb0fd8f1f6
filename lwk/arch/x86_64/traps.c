// SPDX-License-Identifier: GPL-2.0
/*
 * Where every interrupt and exception lands (trap_entry.S). An exception
 * in user mode kills the process with Linux's signal (kernel/fault.c);
 * in the kernel it is a bug and goes to the panic path. NMIs are how a
 * panicking CPU stops the others. Interrupts that came from user mode
 * return through proc_return_to_user(): the channel is served there.
 */
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/timer.h>
#include <asm/tlb.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <lwk/ikc.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/proc.h>

static const char *const exception_names[NR_EXCEPTIONS] = {
	[0] = "divide error (#DE)",
	[1] = "debug (#DB)",
	[2] = "NMI",
	[3] = "breakpoint (#BP)",
	[4] = "overflow (#OF)",
	[5] = "bound range exceeded (#BR)",
	[6] = "invalid opcode (#UD)",
	[7] = "device not available (#NM)",
	[8] = "double fault (#DF)",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS (#TS)",
	[11] = "segment not present (#NP)",
	[12] = "stack-segment fault (#SS)",
	[13] = "general protection fault (#GP)",
	[14] = "page fault (#PF)",
	[16] = "x87 floating-point error (#MF)",
	[17] = "alignment check (#AC)",
	[18] = "machine check (#MC)",
	[19] = "SIMD floating-point exception (#XM)",
	[20] = "virtualization exception (#VE)",
	[21] = "control protection exception (#CP)",
	[28] = "hypervisor injection exception (#HV)",
	[29] = "VMM communication exception (#VC)",
	[30] = "security exception (#SX)",
};

const char *exception_name(unsigned int vector)
{
	if (vector < NR_EXCEPTIONS && exception_names[vector])
		return exception_names[vector];
	return vector < NR_EXCEPTIONS ? "reserved exception" : "interrupt";
}

/* Vectors already reported as unexpected: log each once, not per hit. */
static uint64_t unexpected_seen[4];

static void unexpected_vector(unsigned int vector)
{
	uint64_t bit = 1ULL << (vector % 64);

	if (!(__atomic_fetch_or(&unexpected_seen[vector / 64], bit,
				__ATOMIC_RELAXED) & bit))
		printk("unexpected interrupt vector 0x%x (logged once)\n", vector);
	apic_eoi();
}

static void nmi(void)
{
	static bool reported;

	if (panic_in_progress())
		panic_stop_this_cpu();
	if (!__atomic_exchange_n(&reported, true, __ATOMIC_RELAXED))
		printk("unexpected NMI, ignored (logged once)\n");
}

static void apic_error(void)
{
	uint32_t esr;

	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	printk("APIC error, ESR 0x%x\n", esr);
	apic_eoi();
}

void trap_dispatch(struct trap_frame *f)
{
	struct percpu *cpu = this_cpu();
	unsigned int vector = f->vector;

	if (shared)
		__atomic_fetch_add(&shared->cpus[cpu->index].interrupts, 1,
				   __ATOMIC_RELAXED);

	if (vector == VEC_NMI) {
		nmi();
		return;
	}
	if (vector < NR_EXCEPTIONS) {
		/* A user program's fault kills it, not the LWK. */
		if (frame_from_user(f) && vector != VEC_DOUBLE_FAULT &&
		    vector != VEC_MACHINE_CHECK)
			user_fault(f);
		panic_exception(f);
	}

	switch (vector) {
	case VEC_TIMER:
		timer_interrupt();
		break;
	case VEC_REQUEST:
		apic_eoi();
		if (cpu->index == 0)
			request_check();
		break;
	case VEC_IKC:
		/* The idle loop does the work once we return. */
		apic_eoi();
		ikc_interrupt();
		/* Another CPU may have queued a thread here. */
		sched_remote_kick();
		/* In user mode nobody else would serve the channel. */
		if (frame_from_user(f))
			ikc_cpu_kernel_wake();
		break;
	case VEC_TLB:
		apic_eoi();
		tlb_poll();
		break;
	case VEC_STOP:
		request_stop_this_cpu();
	case VEC_HANG:
		request_hang_this_cpu();
	case VEC_APIC_ERROR:
		apic_error();
		break;
	case VEC_SPURIOUS:
		/* Spurious interrupts are not in service: no EOI. */
		break;
	default:
		unexpected_vector(vector);
		break;
	}
	if (frame_from_user(f))
		proc_return_to_user(f);
}
