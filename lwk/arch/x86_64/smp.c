// SPDX-License-Identifier: GPL-2.0
/*
 * Starting cpus[1..] (include/ihk/boot.h, step 5). ihk.ko started cpus[0]
 * through a borrowed page below 1 MiB; we reuse it for each other CPU, one
 * at a time, rewriting its struct ihk_trampoline_data in between: the AP
 * enters on the boot tables (still live until we report RUNNING) and the
 * shared AP boot stack, and ap_entry switches to our tables and its own
 * stack at once, so the next AP may reuse both.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/timer.h>
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/printk.h>

#define INIT_DELAY_US		10000	/* INIT to first SIPI */
#define SIPI_DELAY_US		200	/* between the two SIPIs */
#define AP_START_TIMEOUT_US	2000000	/* then the CPU counts as failed */

struct percpu percpu_area[IHK_LWK_MAX_CPUS];
unsigned int nr_cpus = 1;

static bool cpu_is_up(unsigned int i)
{
	return READ_ONCE(shared->cpus[i].state) == IHK_LWK_CPU_UP;
}

/* INIT, then SIPI twice, as the MP start-up protocol asks. */
static void send_init_sipi(uint32_t apic_id)
{
	uint32_t sipi = APIC_DM_STARTUP | (boot_params->trampoline_phys >> PAGE_SHIFT);

	apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVEL | APIC_INT_ASSERT);
	/* x2APIC has no INIT de-assert; xAPIC wants it after the assert. */
	if (!apic_x2)
		apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVEL);
	tsc_delay_us(INIT_DELAY_US);
	apic_send_ipi(apic_id, sipi);
	tsc_delay_us(SIPI_DELAY_US);
	apic_send_ipi(apic_id, sipi);
}

static bool wait_cpu_up(unsigned int i)
{
	uint64_t start = rdtsc(), limit = tsc_us_to_cycles(AP_START_TIMEOUT_US);

	while (!cpu_is_up(i)) {
		if (rdtsc() - start > limit)
			return false;
		cpu_relax();
	}
	return true;
}

static int start_cpu(unsigned int i)
{
	struct ihk_trampoline_data *td = phys_to_virt(boot_params->trampoline_phys +
						      IHK_TRAMPOLINE_DATA);
	struct percpu *cpu = &percpu_area[i];
	const struct ihk_boot_cpu *bc = &boot_params->cpus[i];

	cpu->index = i;
	cpu->apic_id = bc->apic_id;
	cpu->linux_cpu = bc->linux_cpu;
	cpu->node = boot_cpu_node(bc);
	if (percpu_alloc_stacks(cpu)) {
		printk("CPU %u (Linux CPU %u, APIC id %u): no memory for its stacks\n",
		       i, bc->linux_cpu, bc->apic_id);
		return -ENOMEM;
	}

	td->cr3 = boot_params->boot_cr3;
	td->entry = (uint64_t)ap_entry;
	td->arg = (uint64_t)cpu;
	td->stack = (uint64_t)ap_boot_stack_top;
	mfence();

	if (kargs.debug_fail_cpu_set && kargs.debug_fail_cpu == bc->linux_cpu)
		printk("debug: not sending INIT/SIPI to Linux CPU %u (debug_fail_cpu)\n",
		       bc->linux_cpu);
	else
		send_init_sipi(bc->apic_id);

	if (!wait_cpu_up(i)) {
		printk("CPU %u (Linux CPU %u, APIC id %u) did not start within %u ms\n",
		       i, bc->linux_cpu, bc->apic_id, AP_START_TIMEOUT_US / 1000);
		return -ETIMEDOUT;
	}
	return 0;
}

int smp_start_cpus(void)
{
	unsigned int i;
	int ret;

	for (i = 1; i < boot_params->nr_cpus; i++) {
		ret = start_cpu(i);
		if (ret) {
			cpu_set_state(i, IHK_LWK_CPU_FAILED);
			WRITE_ONCE(shared->failed_cpu, i);
			return ret;
		}
		nr_cpus = i + 1;
	}
	return 0;
}

/* Where an AP arrives from ap_entry, on its own stack and our tables. */
void __noreturn ap_main(struct percpu *cpu)
{
	uint32_t id;

	desc_load_cpu(cpu);
	write_cr0(read_cr0() | CR0_WP);
	apic_init_cpu();
	id = apic_read_id();
	if (id != cpu->apic_id)
		printk("CPU %u: APIC id is %u, expected %u\n", cpu->index, id,
		       cpu->apic_id);
	timer_start_cpu();
	cpu_user_init();
	WRITE_ONCE(shared->cpus[cpu->index].apic_id, id);
	printk("CPU %u up: Linux CPU %u, APIC id %u\n", cpu->index,
	       cpu->linux_cpu, id);
	cpu->online = true;
	cpu_set_state(cpu->index, IHK_LWK_CPU_UP);
	cpu_idle();
}

void smp_send_others(uint32_t vector, bool nmi)
{
	unsigned int me = cpu_index(), i;

	for (i = 0; i < IHK_LWK_MAX_CPUS; i++) {
		if (i == me || !READ_ONCE(percpu_area[i].online))
			continue;
		apic_send_ipi(percpu_area[i].apic_id,
			      nmi ? APIC_DM_NMI : APIC_DM_FIXED | vector);
	}
}

bool smp_wait_others_halted(uint64_t us)
{
	uint64_t start = rdtsc(), limit = tsc_us_to_cycles(us);
	unsigned int me = cpu_index(), i;

	for (i = 0; i < IHK_LWK_MAX_CPUS; i++) {
		if (i == me || !READ_ONCE(percpu_area[i].online))
			continue;
		while (READ_ONCE(shared->cpus[i].state) != IHK_LWK_CPU_HALTED) {
			if (rdtsc() - start > limit)
				return false;
			cpu_relax();
		}
	}
	return true;
}
