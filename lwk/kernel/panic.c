// SPDX-License-Identifier: GPL-2.0
/*
 * The panic path: a kernel exception (or a call to panic()) prints what
 * it knows, stops the other CPUs with NMIs, reports PANIC and halts.
 *
 * It must never make things worse. A fault inside it only halts (a
 * second fault on the panicking CPU, or one on another CPU while a panic
 * is under way); it takes the console even from a CPU that stopped while
 * holding it; the backtrace reads only addresses our page tables map.
 * Before the console exists (a fault during early boot) it just halts,
 * and ihk.ko reports the boot as timed out.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <lwk/format.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/printk.h>

#define BACKTRACE_WALK_MAX	64	/* frames walked, repeats included */
#define STOP_WAIT_US		100000	/* for the other CPUs to halt */

/* The CPU index that owns the panic, or IHK_LWK_NO_CPU. */
static uint32_t panic_owner = IHK_LWK_NO_CPU;

bool panic_in_progress(void)
{
	return __atomic_load_n(&panic_owner, __ATOMIC_ACQUIRE) != IHK_LWK_NO_CPU;
}

/* An NMI from the panicking CPU: stop here for good. */
void __noreturn panic_stop_this_cpu(void)
{
	cpu_set_state(cpu_index(), IHK_LWK_CPU_HALTED);
	cpu_halt_forever();
}

/*
 * Walk the frame-pointer chain from @rbp. Each frame is [saved rbp, return
 * address]; stop at the first frame that is unaligned, not mapped, or not
 * above the previous one (stacks grow down, so callers sit higher).
 */
static void backtrace(uint64_t rip, uint64_t rbp)
{
	uint64_t last = 0, repeats = 0;
	unsigned int n;

	printk("Call trace:\n");
	printk("  [<%016lx>] (faulting instruction)\n", (unsigned long)rip);
	for (n = 0; n < BACKTRACE_WALK_MAX; n++) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t next, ret;

		if (!rbp || (rbp & 7) || !virt_mapped(rbp, false) ||
		    !virt_mapped(rbp + 15, false))
			break;
		next = frame[0];
		ret = frame[1];
		if (!ret)
			break;
		/* Recursion would push everything else out of the console tail. */
		if (ret == last) {
			repeats++;
		} else {
			if (repeats)
				printk("  ... repeated %lu more times\n",
				       (unsigned long)repeats);
			repeats = 0;
			last = ret;
			printk("  [<%016lx>]\n", (unsigned long)ret);
		}
		if (next <= rbp)
			break;
		rbp = next;
	}
	if (repeats)
		printk("  ... repeated %lu more times\n", (unsigned long)repeats);
}

static void dump_registers(const struct trap_frame *f)
{
	struct percpu *cpu = this_cpu();

	printk("PANIC: %s, vector %lu, on CPU %u (Linux CPU %u, APIC id %u)\n",
	       exception_name(f->vector), (unsigned long)f->vector, cpu->index,
	       cpu->linux_cpu, cpu->apic_id);
	printk("error code: 0x%lx  CR2: 0x%016lx  CR3: 0x%016lx\n",
	       (unsigned long)f->error_code, (unsigned long)read_cr2(),
	       (unsigned long)read_cr3());
	printk("RIP: %04lx:%016lx  RFLAGS: %016lx\n", (unsigned long)f->cs,
	       (unsigned long)f->rip, (unsigned long)f->rflags);
	printk("RSP: %04lx:%016lx\n", (unsigned long)f->ss, (unsigned long)f->rsp);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", (unsigned long)f->rax,
	       (unsigned long)f->rbx, (unsigned long)f->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", (unsigned long)f->rdx,
	       (unsigned long)f->rsi, (unsigned long)f->rdi);
	printk("RBP: %016lx R8:  %016lx R9:  %016lx\n", (unsigned long)f->rbp,
	       (unsigned long)f->r8, (unsigned long)f->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", (unsigned long)f->r10,
	       (unsigned long)f->r11, (unsigned long)f->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", (unsigned long)f->r13,
	       (unsigned long)f->r14, (unsigned long)f->r15);
}

/*
 * Claim the panic for this CPU. False if we must just halt: a fault
 * inside our own panic path, or another CPU panicking already.
 */
static bool panic_claim(struct percpu *cpu)
{
	uint32_t none = IHK_LWK_NO_CPU;

	if (cpu->in_trap) {
		/* Faulted while panicking: report what we can, stop. */
		if (shared)
			lwk_set_state(IHK_LWK_PANIC);
		return false;
	}
	cpu->in_trap = true;
	return __atomic_compare_exchange_n(&panic_owner, &none, cpu->index,
					   false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/* Common tail: stop the others, publish PANIC, halt. */
static void __noreturn panic_finish(struct percpu *cpu)
{
	smp_send_others(0, true);
	if (!smp_wait_others_halted(STOP_WAIT_US))
		printk("some CPUs did not stop; ihk.ko will reset them\n");
	printk("LWK halted after a panic on CPU %u\n", cpu->index);
	cpu_set_state(cpu->index, IHK_LWK_CPU_HALTED);
	/* Last, so Linux finds the whole story in the kmsg when it looks. */
	lwk_set_state(IHK_LWK_PANIC);
	cpu_halt_forever();
}

void __noreturn panic_exception(struct trap_frame *f)
{
	struct percpu *cpu = this_cpu();

	if (!panic_claim(cpu) || !shared || !console_ready())
		panic_stop_this_cpu();
	WRITE_ONCE(shared->panic_cpu, cpu->index);
	console_panic_mode();
	dump_registers(f);
	backtrace(f->rip, f->rbp);
	panic_finish(cpu);
}

void __noreturn panic(const char *fmt, ...)
{
	struct percpu *cpu = this_cpu();
	char msg[256];
	va_list ap;

	irq_disable();
	if (!panic_claim(cpu) || !shared || !console_ready())
		panic_stop_this_cpu();
	WRITE_ONCE(shared->panic_cpu, cpu->index);
	console_panic_mode();
	va_start(ap, fmt);
	lwk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("PANIC on CPU %u (Linux CPU %u, APIC id %u): %s", cpu->index,
	       cpu->linux_cpu, cpu->apic_id, msg);
	backtrace((uint64_t)__builtin_return_address(0),
		  (uint64_t)__builtin_frame_address(0));
	panic_finish(cpu);
}

/*
 * Debug: fault for real, so the test exercises the same exception path a
 * kernel bug would. The lower half is never mapped (asm/page.h), so this
 * write takes a page fault with CR2 = DEBUG_FAULT_ADDR.
 */
#define DEBUG_FAULT_ADDR	0xdead0000UL

void __noreturn debug_fault(const char *why)
{
	printk("debug: faulting on purpose (%s): writing to 0x%lx\n", why,
	       DEBUG_FAULT_ADDR);
	*(volatile uint64_t *)DEBUG_FAULT_ADDR = 0xdeadbeef;
	panic("debug fault at 0x%lx did not fault\n", DEBUG_FAULT_ADDR);
}

/* Deep enough to never return; volatile so gcc keeps every frame. */
static noinline uint64_t recurse(volatile uint64_t depth)
{
	volatile uint64_t pad[32];

	pad[0] = depth;
	if (depth == 0)
		return 0;
	return recurse(depth + 1) + pad[0];
}

void __noreturn debug_stack_overflow(void)
{
	printk("debug: overflowing the kernel stack on purpose (debug_panic=stack)\n");
	recurse(1);
	panic("debug stack overflow returned\n");
}
