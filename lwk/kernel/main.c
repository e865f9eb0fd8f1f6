// SPDX-License-Identifier: GPL-2.0
/*
 * Boot of the LWK on cpus[0], from entry.S. The order matters:
 *  1. descriptors (IDT first: a fault without one resets the machine),
 *  2. our own page tables, so we can reach the shared area,
 *  3. state BOOTING and the console; from here every failure is reported,
 *  4. memory, APIC and timer, then the other CPUs, then RUNNING.
 * Until step 3 nothing can be reported: a bad contract just halts, and
 * ihk.ko times the boot out.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/sections.h>
#include <asm/smp.h>
#include <asm/timer.h>
#include <asm/user.h>
#include <asm/traps.h>
#include <ihk/abi.h>
#include <lwk/idle.h>
#include <lwk/ikc.h>
#include <lwk/ikc_service.h>
#include <lwk/proc.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/printk.h>
#include <lwk/string.h>

#define MiB(x)	((unsigned long)((x) >> 20))

struct ihk_boot_params *boot_params;
struct ihk_lwk_shared *shared;

/* cpus[0] starts on these; every CPU's own are in the stack area. */
static uint8_t boot_ist_stacks[IST_COUNT][IST_STACK_SIZE] __aligned(16);

/* A copy with a guaranteed NUL: the parameters are Linux's to get wrong. */
static char kargs_line[IHK_KARGS_MAX];

void cpu_set_state(unsigned int index, enum ihk_lwk_cpu_state state)
{
	if (shared)
		__atomic_store_n(&shared->cpus[index].state, state,
				 __ATOMIC_RELEASE);
}

void lwk_set_state(enum ihk_lwk_state state)
{
	if (shared)
		__atomic_store_n(&shared->state, state, __ATOMIC_RELEASE);
}

static bool params_sane(const struct ihk_boot_params *bp)
{
	return bp->magic == IHK_BOOT_MAGIC && bp->version == IHK_BOOT_VERSION &&
	       bp->size == sizeof(*bp) && bp->nr_cpus >= 1 &&
	       bp->nr_cpus <= IHK_LWK_MAX_CPUS && bp->nr_chunks >= 1 &&
	       bp->nr_chunks <= IHK_MAX_CHUNKS &&
	       bp->shared_size >= sizeof(struct ihk_lwk_shared) &&
	       bp->trampoline_phys < (1u << 20) &&
	       !(bp->trampoline_phys & (PAGE_SIZE - 1));
}

/* Stop after a boot failure that is already logged: state FAILED. */
static void __noreturn boot_failed(void)
{
	smp_send_others(VEC_STOP, false);
	smp_wait_others_halted(1000000);
	timer_stop_cpu();
	printk("LWK boot failed\n");
	cpu_set_state(0, IHK_LWK_CPU_HALTED);
	lwk_set_state(IHK_LWK_FAILED);
	cpu_halt_forever();
}

static void log_memory(const struct ihk_boot_params *bp, phys_addr_t reserved_end)
{
	unsigned int i;

	printk("kernel image: 0x%lx-0x%lx at phys 0x%lx; boot data up to 0x%lx\n",
	       (unsigned long)__image_start, (unsigned long)__image_end,
	       (unsigned long)bp->kernel_phys,
	       (unsigned long)(bp->kernel_phys + bp->kernel_size));
	for (i = 0; i < bp->nr_chunks; i++)
		printk("memory chunk %u: phys 0x%lx size 0x%lx (%lu MiB) node %u\n",
		       i, (unsigned long)bp->chunks[i].phys,
		       (unsigned long)bp->chunks[i].size,
		       MiB(bp->chunks[i].size), bp->chunks[i].node);
	printk("memory: %lu MiB total, %lu MiB free (reserved phys 0x%lx-0x%lx for the kernel and early allocations)\n",
	       MiB(phys_total_bytes()), MiB(phys_free_bytes()),
	       (unsigned long)bp->kernel_phys, (unsigned long)reserved_end);
}

/* From guarded stacks to RUNNING. */
static void __noreturn boot_on_own_stack(void *arg)
{
	struct ihk_boot_params *bp = arg;
	struct percpu *cpu = this_cpu();
	uint32_t id;

	if (apic_setup()) {
		printk("cannot map the local APIC\n");
		boot_failed();
	}
	apic_init_cpu();
	id = apic_read_id();
	printk("boot CPU: LWK CPU 0 is Linux CPU %u, APIC id %u; APIC mode %s (base MSR 0x%lx)\n",
	       cpu->linux_cpu, id, apic_x2 ? "x2APIC" : "xAPIC",
	       (unsigned long)cpu->apic_base_msr);
	if (id != cpu->apic_id)
		printk("boot CPU: APIC id is %u, expected %u\n", id, cpu->apic_id);
	WRITE_ONCE(shared->cpus[0].apic_id, id);
	if (timer_calibrate())
		boot_failed();
	timer_start_cpu();
	cpu_user_init();
	irq_enable();
	cpu->online = true;
	cpu_set_state(0, IHK_LWK_CPU_UP);
	printk("CPU 0 up: Linux CPU %u, APIC id %u\n", cpu->linux_cpu, id);

	if (kargs.debug_panic_boot)
		debug_fault("debug_panic=boot");
	if (kargs.debug_panic_stack)
		debug_stack_overflow();

	/* Before the others start: they serve their channels at once. */
	if (ikc_set_client(IKC_CLASS_DIAG, &ikc_diag_client) ||
	    ikc_set_client(IKC_CLASS_PROC, &proc_ikc_client) || ikc_init(bp))
		boot_failed();

	if (bp->nr_cpus > 1) {
		printk("starting %u more CPUs\n", bp->nr_cpus - 1);
		if (smp_start_cpus())
			boot_failed();
	}

	/* The trampoline page goes back to Linux once we report RUNNING. */
	unmap_page((uint64_t)phys_to_virt(bp->trampoline_phys));
	WRITE_ONCE(shared->free_bytes, phys_free_bytes());
	printk("LWK running on %u CPUs, %lu MiB free\n", nr_cpus,
	       MiB(phys_free_bytes()));
	lwk_set_state(IHK_LWK_RUNNING);
	cpu_idle();
}

/* From the console to memory, then onto guarded stacks. */
static void __noreturn boot_with_console(struct ihk_boot_params *bp)
{
	struct percpu *cpu = this_cpu();
	phys_addr_t reserved_end;

	printk("IHK LWK %s (boot protocol %u) starting, instance os%u\n",
	       IHK_VERSION, IHK_BOOT_VERSION, bp->os_index);
	strlcpy(kargs_line, bp->kargs, sizeof(kargs_line));
	printk("kernel arguments: %s\n", kargs_line);
	kargs_parse(kargs_line);
	if (kargs.debug_serial)
		console_enable_serial();

	if (!tsc_khz)
		panic("no TSC frequency in the boot parameters\n");
	printk("TSC: %lu kHz\n", (unsigned long)tsc_khz);

	if (phys_init(bp, &reserved_end)) {
		printk("cannot set up the page allocator over %u chunks\n",
		       bp->nr_chunks);
		boot_failed();
	}
	log_memory(bp, reserved_end);

	/* Off the boot stack in .bss, which has no guard page. */
	if (percpu_alloc_stacks(cpu)) {
		printk("no memory for the boot CPU's stacks\n");
		boot_failed();
	}
	desc_update_stacks(cpu);
	call_on_stack(bp, boot_on_own_stack, cpu->stack_top);
}

void __noreturn lwk_start(struct ihk_boot_params *bp)
{
	struct percpu *cpu = &percpu_area[0];
	struct ihk_lwk_shared *sh;
	unsigned int i;

	cpu->index = 0;
	cpu->stack_base = (uint64_t)boot_stack;
	cpu->stack_top = (uint64_t)boot_stack_top;
	for (i = 0; i < IST_COUNT; i++)
		cpu->ist_base[i] = (uint64_t)boot_ist_stacks[i];
	idt_init();
	desc_load_cpu(cpu);

	if (!params_sane(bp))
		cpu_halt_forever();
	boot_params = bp;
	cpu->apic_id = bp->cpus[0].apic_id;
	cpu->linux_cpu = bp->cpus[0].linux_cpu;
	cpu->node = boot_cpu_node(&bp->cpus[0]);
	tsc_khz = bp->tsc_khz;
	cpu_detect_features();

	if (paging_init(bp))
		cpu_halt_forever();
	sh = phys_to_virt(bp->shared_phys);
	if (READ_ONCE(sh->magic) != IHK_SHARED_MAGIC)
		cpu_halt_forever();
	shared = sh;
	lwk_set_state(IHK_LWK_BOOTING);
	WRITE_ONCE(sh->cpus[0].apic_id, cpu->apic_id);
	if (!console_init(sh)) {
		/* No way to say why; FAILED at least ends the wait. */
		lwk_set_state(IHK_LWK_FAILED);
		cpu_halt_forever();
	}
	boot_with_console(bp);
}
