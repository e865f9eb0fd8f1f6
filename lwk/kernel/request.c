// SPDX-License-Identifier: GPL-2.0
/*
 * Requests from Linux: it writes shared->request, then sends
 * IHK_LWK_REQUEST_VECTOR to the boot CPU, whose timer tick also polls in
 * case the IPI was lost. Every request but the debug CORRUPT ones ends
 * the LWK's life, so the first such one taken is the only one.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/timer.h>
#include <asm/traps.h>
#include <lwk/ikc.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>

#define STOP_WAIT_US	1000000
#define HANG_WAIT_US	10000

static bool request_taken;

/* VEC_STOP on another CPU: shutdown. */
void __noreturn request_stop_this_cpu(void)
{
	timer_stop_cpu();
	cpu_set_state(cpu_index(), IHK_LWK_CPU_HALTED);
	cpu_halt_forever();
}

/* VEC_HANG: no more ticks, so no more heartbeats; state stays UP. */
void __noreturn request_hang_this_cpu(void)
{
	timer_stop_cpu();
	cpu_halt_forever();
}

static void __noreturn do_shutdown(void)
{
	unsigned int n = nr_cpus;

	printk("shutdown requested: stopping %u CPUs\n", n);
	smp_send_others(VEC_STOP, false);
	if (!smp_wait_others_halted(STOP_WAIT_US))
		printk("shutdown: some CPUs did not halt; ihk.ko will reset them\n");
	timer_stop_cpu();
	/* Messages still in flight stay where they are: ihk.ko INITs us. */
	ikc_log_stats();
	printk("LWK down: %u CPUs halted\n", n);
	cpu_set_state(0, IHK_LWK_CPU_HALTED);
	lwk_set_state(IHK_LWK_DOWN);
	cpu_halt_forever();
}

static void __noreturn do_hang(void)
{
	printk("debug: hang requested: every CPU stops its timer and halts with interrupts off\n");
	smp_send_others(VEC_HANG, false);
	tsc_delay_us(HANG_WAIT_US);
	request_hang_this_cpu();
}

void request_check(void)
{
	static uint32_t unknown_seen;
	uint32_t req = READ_ONCE(shared->request);

	if (req == IHK_LWK_REQ_NONE || req == unknown_seen)
		return;
	if (req >= IHK_LWK_REQ_CORRUPT_FIRST && req <= IHK_LWK_REQ_CORRUPT_LAST) {
		/* Once, then NONE again, unless Linux asked for more meanwhile. */
		debug_corrupt(IHK_LWK_REQ_CORRUPT_WHAT(req));
		__atomic_compare_exchange_n(&shared->request, &req,
					    IHK_LWK_REQ_NONE, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
		return;
	}
	if (req != IHK_LWK_REQ_SHUTDOWN && req != IHK_LWK_REQ_PANIC &&
	    req != IHK_LWK_REQ_HANG) {
		unknown_seen = req;
		printk("unknown request %u from Linux ignored\n", req);
		return;
	}
	if (__atomic_exchange_n(&request_taken, true, __ATOMIC_ACQ_REL))
		return;
	switch (req) {
	case IHK_LWK_REQ_SHUTDOWN:
		do_shutdown();
	case IHK_LWK_REQ_PANIC:
		/* Through the real exception path, like a kernel bug. */
		debug_fault("panic request from Linux");
	case IHK_LWK_REQ_HANG:
		do_hang();
	}
}
