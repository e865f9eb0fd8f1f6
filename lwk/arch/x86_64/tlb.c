// SPDX-License-Identifier: GPL-2.0
/*
 * TLB shootdown (asm/tlb.h). A request to a CPU is a generation number:
 * the asker bumps the CPU's asked count after changing the tables, sends
 * the IPI, and waits until the CPU's done count reaches its number. The
 * CPU reads the asked count, flushes, then publishes what it read as
 * done, so a flush that ends covers every change made before the count
 * it read. Requests from several CPUs to one CPU merge into one flush.
 *
 * Whole-TLB flushes: tables lose entries only on munmap, mprotect and
 * the like, rarely enough that a precise invlpg list is not worth it.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/tlb.h>
#include <asm/traps.h>
#include <lwk/kernel.h>

struct tlb_cpu {
	uint64_t loaded_root;		/* user tables in CR3; 0: kernel's */
	uint64_t asked;			/* flushes asked of this CPU */
	uint64_t done;			/* the asked count its last flush read */
} __aligned(64);

static struct tlb_cpu tlb_cpus[IHK_LWK_MAX_CPUS];

void tlb_set_loaded_root(uint64_t root)
{
	/* Seen by any shootdown whose table change comes after our load. */
	__atomic_store_n(&tlb_cpus[cpu_index()].loaded_root, root,
			 __ATOMIC_SEQ_CST);
}

void tlb_poll_cpu(unsigned int cpu)
{
	struct tlb_cpu *tc = &tlb_cpus[cpu];
	uint64_t asked = __atomic_load_n(&tc->asked, __ATOMIC_ACQUIRE);

	if (asked == __atomic_load_n(&tc->done, __ATOMIC_RELAXED))
		return;
	write_cr3(read_cr3());
	__atomic_store_n(&tc->done, asked, __ATOMIC_RELEASE);
}

void tlb_poll(void)
{
	tlb_poll_cpu(cpu_index());
}

void tlb_shootdown(uint64_t root)
{
	unsigned int me = cpu_index(), c;
	uint64_t flags = irq_save();

	if (read_cr3() == root)
		write_cr3(root);
	/* Our table changes before our reads of who has them loaded. */
	mfence();
	for (c = 0; c < nr_cpus; c++) {
		struct tlb_cpu *tc = &tlb_cpus[c];
		uint64_t gen;

		if (c == me ||
		    __atomic_load_n(&tc->loaded_root, __ATOMIC_SEQ_CST) != root)
			continue;
		/* One CPU at a time: LWK instances have a few CPUs per process. */
		gen = __atomic_add_fetch(&tc->asked, 1, __ATOMIC_SEQ_CST);
		apic_send_ipi(percpu_area[c].apic_id, APIC_DM_FIXED | VEC_TLB);
		while (__atomic_load_n(&tc->done, __ATOMIC_ACQUIRE) < gen) {
			tlb_poll_cpu(me);
			cpu_relax();
		}
	}
	irq_restore(flags);
}
