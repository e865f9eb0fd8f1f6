// SPDX-License-Identifier: GPL-2.0
/*
 * Blocking and waking threads (lwk/sched.h). A wake sets the thread's
 * token and, if the thread sits on another CPU, interrupts that CPU so a
 * HLT there ends; the blocked thread takes the token when it looks.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/timer.h>
#include <asm/traps.h>
#include <lwk/errno.h>
#include <lwk/idle.h>
#include <lwk/kernel.h>
#include <lwk/sched.h>
#include <lwk/proc.h>

int sched_block(uint64_t deadline_tsc)
{
	struct lwk_thread *t = current_thread();
	int ret;

	for (;;) {
		if (__atomic_exchange_n(&t->wake_token, false, __ATOMIC_ACQ_REL)) {
			ret = 0;
			break;
		}
		if (thread_should_die()) {
			ret = -EINTR;
			break;
		}
		if (deadline_tsc && rdtsc() >= deadline_tsc) {
			ret = -ETIMEDOUT;
			break;
		}
		if (deadline_tsc)
			timer_set_deadline(deadline_tsc);
		cpu_wait_once();
	}
	if (deadline_tsc)
		timer_clear_deadline();
	return ret;
}

void sched_wake(struct lwk_thread *t)
{
	__atomic_store_n(&t->wake_token, true, __ATOMIC_RELEASE);
	if (t->cpu != cpu_index())
		apic_send_ipi(percpu_area[t->cpu].apic_id, APIC_DM_FIXED | VEC_IKC);
}

bool thread_alive(struct lwk_process *pub, int tid)
{
	struct lwk_proc *p = to_proc(pub);

	return !READ_ONCE(p->exited) && p->thread.tid == tid;
}
