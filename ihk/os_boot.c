// SPDX-License-Identifier: GPL-2.0
/*
 * Booting and stopping an instance's LWK (include/ihk/boot.h has the
 * contract). Everything here runs under ihk_lock: the partition cannot
 * change while CPUs are started or stopped.
 */
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/apic.h>
#include <asm/tsc.h>

#include <elf_check.h>
#include <kmsg_ring.h>
#include <ihk/ikc.h>
#include <ihk/pte.h>
#include "ihk.h"

static unsigned int boot_timeout_ms = 20000;
module_param(boot_timeout_ms, uint, 0644);
MODULE_PARM_DESC(boot_timeout_ms, "how long boot waits for every LWK CPU to come up");

static unsigned int shutdown_timeout_ms = 3000;
module_param(shutdown_timeout_ms, uint, 0644);
MODULE_PARM_DESC(shutdown_timeout_ms,
		 "how long shutdown waits for the LWK before resetting its CPUs");

/* The boot tables are in the LWK's format: include/ihk/pte.h. */
#define PT_ENTRIES	IHK_PT_ENTRIES

/* Boot page tables: identity [0, 2 MiB) and the kernel window. */
enum { BT_PML4, BT_PDPT_LOW, BT_PD_LOW, BT_PDPT_HIGH, BT_PD_HIGH, BT_PAGES };

struct ihk_boot_tables {
	struct page *page[BT_PAGES];
};

static u64 *bt_table(struct ihk_boot_tables *bt, int i)
{
	return page_address(bt->page[i]);
}

static u64 bt_phys(struct ihk_boot_tables *bt, int i)
{
	return page_to_phys(bt->page[i]);
}

static void ihk_boot_tables_free(struct ihk_boot_tables *bt)
{
	int i;

	for (i = 0; i < BT_PAGES; i++)
		if (bt->page[i])
			__free_page(bt->page[i]);
}

/* The trampoline loads CR3 in 32-bit mode, so the tables sit below 4 GiB. */
static int ihk_boot_tables_build(struct ihk_boot_tables *bt, u64 kernel_phys,
				 u64 window)
{
	u64 virt = IHK_LWK_KERNEL_VIRT;
	u64 *pd;
	int i;

	for (i = 0; i < BT_PAGES; i++) {
		bt->page[i] = alloc_page(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO);
		if (!bt->page[i]) {
			ihk_boot_tables_free(bt);
			return -ENOMEM;
		}
	}
	bt_table(bt, BT_PML4)[0] = bt_phys(bt, BT_PDPT_LOW) | IHK_PTE_P | IHK_PTE_W;
	bt_table(bt, BT_PDPT_LOW)[0] = bt_phys(bt, BT_PD_LOW) | IHK_PTE_P | IHK_PTE_W;
	bt_table(bt, BT_PD_LOW)[0] = 0 | IHK_PTE_P | IHK_PTE_W | IHK_PTE_PS;

	bt_table(bt, BT_PML4)[(virt >> 39) & 511] =
		bt_phys(bt, BT_PDPT_HIGH) | IHK_PTE_P | IHK_PTE_W;
	bt_table(bt, BT_PDPT_HIGH)[(virt >> 30) & 511] =
		bt_phys(bt, BT_PD_HIGH) | IHK_PTE_P | IHK_PTE_W;
	pd = bt_table(bt, BT_PD_HIGH);
	for (i = 0; i < window / SZ_2M; i++)
		pd[i] = (kernel_phys + (u64)i * SZ_2M) | IHK_PTE_P | IHK_PTE_W | IHK_PTE_PS;
	return 0;
}

/* The lowest assigned chunk that holds @need bytes. */
static struct ihk_chunk *ihk_boot_pick_chunk(struct ihk_os *os, u64 need)
{
	struct ihk_chunk *c;

	list_for_each_entry(c, &ihk_chunks, list)
		if (c->owner == os->index && c->size >= need)
			return c;
	return NULL;
}

static bool ihk_os_has_memory(struct ihk_os *os)
{
	struct ihk_chunk *c;

	list_for_each_entry(c, &ihk_chunks, list)
		if (c->owner == os->index)
			return true;
	return false;
}

/* Copy the PT_LOAD segments to kernel_phys, zeroing everything else. */
static int ihk_boot_copy_image(struct ihk_os *os, u64 kernel_phys, u64 span)
{
	u8 *dst = phys_to_virt(kernel_phys);
	struct elf_load_seg *seg;
	unsigned int i, n;

	n = elf_load_segments(os->image, NULL, 0);
	seg = kmalloc_array(n, sizeof(*seg), GFP_KERNEL);
	if (!seg)
		return -ENOMEM;
	elf_load_segments(os->image, seg, n);
	memset(dst, 0, span);
	for (i = 0; i < n; i++)
		memcpy(dst + (seg[i].vaddr - IHK_LWK_KERNEL_VIRT),
		       (u8 *)os->image + seg[i].offset, seg[i].filesz);
	kfree(seg);
	return 0;
}

static void ihk_boot_fill_params(struct ihk_os *os, struct ihk_boot_params *bp)
{
	struct ihk_chunk *c;
	unsigned int i, n = 0;
	int cpu, node;

	bp->magic = IHK_BOOT_MAGIC;
	bp->version = IHK_BOOT_VERSION;
	bp->size = sizeof(*bp);
	bp->shared_phys = virt_to_phys(os->shared);
	bp->shared_size = sizeof(*os->shared);
	bp->tsc_khz = tsc_khz;
	bp->linux_x2apic = x2apic_mode ? 1 : 0;
	bp->os_index = os->index;
	bp->nr_cpus = os->nr_lwk_cpus;
	for (i = 0; i < os->nr_lwk_cpus; i++) {
		bp->cpus[i].apic_id = os->lwk_apic[i];
		bp->cpus[i].linux_cpu = os->lwk_cpu[i];
		node = cpu_to_node(os->lwk_cpu[i]);
		bp->cpus[i].node = node >= 0 ? node : IHK_BOOT_NO_NODE;
	}
	list_for_each_entry(c, &ihk_chunks, list) {
		if (c->owner != os->index || n == IHK_MAX_CHUNKS)
			continue;
		bp->chunks[n].phys = c->phys;
		bp->chunks[n].size = c->size;
		bp->chunks[n].node = c->node;
		n++;
	}
	bp->nr_chunks = n;
	n = 0;
	for_each_online_cpu(cpu) {
		if (n == IHK_LWK_MAX_LINUX_CPUS)
			break;
		bp->linux_cpus[n].apic_id = cpu_physical_id(cpu);
		bp->linux_cpus[n].linux_cpu = cpu;
		n++;
	}
	bp->nr_linux_cpus = n;
	strscpy(bp->kargs, os->kargs, sizeof(bp->kargs));
}

static void ihk_shared_reset(struct ihk_os *os)
{
	struct ihk_lwk_shared *sh = os->shared;

	WRITE_ONCE(sh->state, IHK_LWK_OFF);
	WRITE_ONCE(sh->request, IHK_LWK_REQ_NONE);
	sh->nr_cpus = os->nr_lwk_cpus;
	sh->failed_cpu = IHK_LWK_NO_CPU;
	sh->panic_cpu = IHK_LWK_NO_CPU;
	sh->free_bytes = 0;
	memset(sh->cpus, 0, sizeof(sh->cpus));
	/*
	 * The console keeps the previous boots' lines, unless the last LWK
	 * left its header broken (a wrong size, or a write claimed and never
	 * committed): the new LWK would refuse to write to it.
	 */
	if (READ_ONCE(sh->kmsg.size) != IHK_KMSG_SIZE ||
	    READ_ONCE(sh->kmsg.reserved) != READ_ONCE(sh->kmsg.committed)) {
		pr_info("ihk: %s: console header was corrupted; console cleared\n",
			os->name);
		kmsg_ring_init(&sh->kmsg, IHK_KMSG_SIZE);
	}
	ihk_clock_base_write(os);
	/* The LWK must see a clean slate before its first instruction. */
	smp_wmb();
}

static void ihk_lwk_cpus_reset(struct ihk_os *os)
{
	unsigned int i;

	for (i = 0; i < os->nr_lwk_cpus; i++)
		ihk_lwk_cpu_init(os->lwk_apic[i]);
}

/* Wait for the LWK to leave BOOTING: 0 when RUNNING, or why not. */
static int ihk_boot_wait(struct ihk_os *os)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(boot_timeout_ms);
	u32 state;

	for (;;) {
		state = READ_ONCE(os->shared->state);
		if (state == IHK_LWK_RUNNING &&
		    ihk_lwk_cpus_up(os) == os->nr_lwk_cpus)
			return 0;
		if (state == IHK_LWK_FAILED || state == IHK_LWK_PANIC)
			return -EIO;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(2000, 5000);
	}
}

/* Why the LWK cannot boot as configured, or 0. */
static int ihk_boot_check(struct ihk_os *os, u64 *span)
{
	const char *reason;
	int ret;

	if (os->status != IHK_OS_INACTIVE && os->status != IHK_OS_SHUTDOWN)
		return -EBUSY;
	if (ihk_rebooting)
		return -ESHUTDOWN;
	ret = ihk_os_lockdown(os, "boot");
	if (ret)
		return ret;
	if (!os->image)
		return -ENOEXEC;
	if (cpumask_empty(&os->cpus))
		return -ENXIO;
	if (cpumask_weight(&os->cpus) > IHK_LWK_MAX_CPUS)
		return -E2BIG;
	if (!ihk_os_has_memory(os))
		return -ENOSPC;
	/*
	 * The LWK's clock is the TSC, read on every LWK CPU against Linux's
	 * clock data: TSCs that Linux found unsynchronized or drifting would
	 * make time run differently on each CPU and against Linux.
	 */
	if (check_tsc_unstable()) {
		pr_info("ihk: %s: refusing to boot: Linux marked the TSC unstable\n",
			os->name);
		return -EDOM;
	}
	ret = elf_check_lwk_layout(os->image, os->image_size, IHK_NOTE_NAME,
				   IHK_NOTE_BOOT, IHK_BOOT_VERSION,
				   IHK_LWK_KERNEL_VIRT, IHK_LWK_KERNEL_WINDOW,
				   span, &reason);
	if (ret)
		pr_info("ihk: %s: image cannot boot: %s\n", os->name, reason);
	return ret;
}

/* Where the pieces of a boot go in the instance's first usable chunk. */
struct ihk_boot_layout {
	struct ihk_chunk *chunk;
	u64 span;		/* the image's segments */
	u64 params_off;		/* struct ihk_boot_params */
	u64 ikc_off, ikc_size;	/* the IKC area */
	u64 kernel_size;	/* all of the above */
	u64 window;		/* what the boot tables map */
};

/*
 * Stage 1: whether the instance can boot, and where the image, the boot
 * params and the IKC area go (the LWK allocates none of them).
 */
static int ihk_boot_plan(struct ihk_os *os, struct ihk_boot_layout *l)
{
	u64 need;
	int ret;

	ret = ihk_boot_check(os, &l->span);
	if (ret)
		return ret;
	l->params_off = round_up(l->span, PAGE_SIZE);
	l->ikc_off = l->params_off +
		     round_up(sizeof(struct ihk_boot_params), PAGE_SIZE);
	l->ikc_size = ihk_ikc_area_size(cpumask_weight(&os->cpus));
	l->kernel_size = l->ikc_off + round_up(l->ikc_size, PAGE_SIZE);
	need = l->kernel_size + IHK_LWK_EARLY_BYTES;
	l->chunk = ihk_boot_pick_chunk(os, need);
	if (!l->chunk || need > IHK_LWK_KERNEL_WINDOW)
		return -ENOSPC;
	l->window = min_t(u64, l->chunk->size, IHK_LWK_KERNEL_WINDOW);
	return 0;
}

/* Stage 2: LWK CPU indexes; the lowest-numbered CPU boots first. */
static void ihk_boot_number_cpus(struct ihk_os *os)
{
	unsigned int n = 0;
	int cpu;

	for_each_cpu(cpu, &os->cpus) {
		os->lwk_cpu[n] = cpu;
		os->lwk_apic[n] = cpu_physical_id(cpu);
		n++;
	}
	os->nr_lwk_cpus = n;
	os->failed_cpu = -1;
	os->panic_cpu = -1;
}

/*
 * Stage 3: the image, the boot params and the IKC area in place, the
 * shared page reset. *@bpp: the boot params. On failure nothing is left
 * to undo but the boot tables.
 */
static int ihk_boot_write(struct ihk_os *os, const struct ihk_boot_layout *l,
			  struct ihk_boot_tables *bt,
			  struct ihk_boot_params **bpp)
{
	phys_addr_t base = l->chunk->phys;
	struct ihk_boot_params *bp;
	struct ikc_area *ikc;
	int ret;

	ret = ihk_boot_copy_image(os, base, l->span);
	if (ret)
		return ret;
	bp = phys_to_virt(base + l->params_off);
	memset(bp, 0, sizeof(*bp));
	ihk_boot_fill_params(os, bp);
	bp->kernel_phys = base;
	bp->kernel_size = l->kernel_size;
	bp->kernel_window = l->window;
	bp->boot_cr3 = bt_phys(bt, BT_PML4);
	ihk_shared_reset(os);

	ikc = phys_to_virt(base + l->ikc_off);
	ret = ihk_ikc_setup(os, ikc, l->ikc_size);
	if (ret)
		return ret;
	bp->ikc_phys = base + l->ikc_off;
	bp->ikc_size = l->ikc_size;
	/* Informational: each channel's linux_target says where to notify. */
	bp->linux_notify_vector = (u8)ikc->ch[IKC_MASTER_CHANNEL].linux_target;
	*bpp = bp;
	return 0;
}

/* After a start that failed: what the LWK said, and the status. */
static void ihk_boot_failed(struct ihk_os *os, int ret)
{
	os->failed_cpu = ihk_lwk_cpu_to_linux(os, READ_ONCE(os->shared->failed_cpu));
	os->panic_cpu = ihk_lwk_cpu_to_linux(os, READ_ONCE(os->shared->panic_cpu));
	os->status = READ_ONCE(os->shared->state) == IHK_LWK_PANIC ?
		     IHK_OS_PANIC : IHK_OS_INACTIVE;
	pr_info("ihk: %s: LWK boot failed (%s)\n", os->name,
		ret == -ETIMEDOUT ? "timed out" : "reported by the LWK");
}

/*
 * Stage 4: through a borrowed trampoline, start the boot CPU and wait
 * until the LWK is RUNNING or says why not. 0 or why not; if the LWK
 * was started, its CPUs are INITed and the status says what happened.
 */
static int ihk_boot_start(struct ihk_os *os, const struct ihk_boot_layout *l,
			  struct ihk_boot_params *bp)
{
	struct ihk_trampoline_data td = {
		.cr3 = bp->boot_cr3,
		.entry = elf_entry(os->image),
		.arg = IHK_LWK_KERNEL_VIRT + l->params_off,
	};
	struct ihk_trampoline tramp;
	int ret;

	ret = ihk_trampoline_borrow(&tramp, &td);
	if (ret)
		return ret;
	bp->trampoline_phys = tramp.phys;
	/* Everything above is in memory before the boot CPU gets its SIPI. */
	smp_wmb();

	os->status = IHK_OS_BOOTING;
	ihk_lwk_cpu_start(os->lwk_apic[0], tramp.phys);
	ret = ihk_boot_wait(os);
	if (ret) {
		/* Nothing may still run in the trampoline when it goes back. */
		ihk_lwk_cpus_reset(os);
	}
	ihk_trampoline_return(&tramp);
	if (ret)
		ihk_boot_failed(os, ret);
	return ret;
}

/**
 * ihk_os_boot() - boot the LWK of an instance (IHK_OS_BOOT)
 * @os: the instance, INACTIVE or SHUTDOWN, with CPUs, memory and an image
 *
 * In stages: plan (checks, where the image, boot parameters and IKC area
 * go), number the CPUs, build the boot page tables, write the image, the
 * parameters and the IKC area, then start the first CPU through the
 * borrowed trampoline and wait until the LWK reports every CPU up. On
 * success mcexec may create processes and the monitor starts.
 *
 * Context: process context, sleeps up to boot_timeout_ms; caller holds
 * ihk_lock.
 * Return: 0; -ENOEXEC (no or not an LWK image), -ENXIO/-E2BIG (no or too
 * many CPUs), -ENOSPC (no memory, or too little), -EDOM (Linux marked the
 * TSC unstable), -EIO (the LWK reported a failure), -ETIMEDOUT, -EPERM
 * (lockdown), or an allocation error.
 */
int ihk_os_boot(struct ihk_os *os)
{
	struct ihk_boot_tables bt = { { 0 } };
	struct ihk_boot_layout l;
	struct ihk_boot_params *bp;
	int ret;

	BUILD_BUG_ON(offsetof(struct ihk_lwk_shared, cpus) != PAGE_SIZE);
	BUILD_BUG_ON(sizeof(struct ihk_lwk_cpu_status) != 64);

	ret = ihk_boot_plan(os, &l);
	if (ret)
		return ret;
	ihk_boot_number_cpus(os);
	ret = ihk_boot_tables_build(&bt, l.chunk->phys, l.window);
	if (ret)
		return ret;
	ret = ihk_boot_write(os, &l, &bt, &bp);
	if (ret)
		goto out_tables;
	ret = ihk_boot_start(os, &l, bp);
	if (ret)
		goto out_ikc;

	os->status = IHK_OS_RUNNING;
	ihk_mc_os_start(os);
	ihk_monitor_start(os);
	pr_info("ihk: %s: LWK running on %u CPUs\n", os->name, os->nr_lwk_cpus);
	goto out_tables;

out_ikc:
	/* Its CPUs are INITed or were never started: no sender is left. */
	ihk_ikc_teardown(os);
out_tables:
	ihk_boot_tables_free(&bt);
	return ret;
}

/**
 * ihk_os_booted() - whether LWK code may be running on the instance's CPUs
 * @os: the instance
 *
 * RUNNING, HUNG, PANIC and FAILED all mean the CPUs were started and not
 * yet INITed, so shutdown is needed before anything else changes.
 *
 * Context: caller holds ihk_lock (the status is stable but for the
 * monitor's moves between those four).
 * Return: true if the LWK is booted.
 */
bool ihk_os_booted(struct ihk_os *os)
{
	return os->status == IHK_OS_RUNNING || os->status == IHK_OS_HUNG ||
	       os->status == IHK_OS_PANIC || os->status == IHK_OS_FAILED;
}

/**
 * ihk_os_request() - post a request to the LWK's boot CPU
 * @os: a booted instance
 * @req: what to do (shutdown, panic, hang, corrupt ...)
 *
 * The request word is written before the IPI, so the LWK finds it when the
 * interrupt makes it look.
 *
 * Context: any process context.
 * Return: 0.
 */
int ihk_os_request(struct ihk_os *os, enum ihk_lwk_request req)
{
	WRITE_ONCE(os->shared->request, req);
	/* The request is visible before the IPI that makes the LWK look. */
	smp_wmb();
	ihk_lwk_cpu_notify(os->lwk_apic[0], IHK_LWK_REQUEST_VECTOR);
	return 0;
}

/**
 * ihk_os_reset_now() - INIT the LWK's CPUs at once (reboot and kexec)
 * @os: a booted instance
 *
 * Neither the LWK nor mcexec may answer any more at reboot, so nothing is
 * asked or waited for; the monitor is cancelled without waiting (it only
 * reads). mcexec's waiters stay until the machine goes.
 *
 * Context: the reboot notifier, holding ihk_lock.
 */
void ihk_os_reset_now(struct ihk_os *os)
{
	cancel_delayed_work(&os->monitor);
	ihk_lwk_cpus_reset(os);
	WRITE_ONCE(os->status, IHK_OS_SHUTDOWN);
}

/**
 * ihk_os_shutdown() - stop a booted LWK (IHK_OS_SHUTDOWN, destroy)
 * @os: the instance
 *
 * Order matters: the processes end and their mirrors go first
 * (ihk_mc_os_down()), calls in progress on the channels fail, the monitor
 * stops, then the LWK is asked to stop and given shutdown_timeout_ms, and
 * its CPUs are INITed whatever it did. Only then are the rings and IRQs
 * freed, because no LWK CPU can write them any more.
 *
 * Context: process context, sleeps; caller holds ihk_lock.
 * Return: 0; -EALREADY if the LWK was not booted.
 */
int ihk_os_shutdown(struct ihk_os *os)
{
	unsigned long deadline;
	enum ihk_os_status status;

	if (!ihk_os_booted(os))
		return -EALREADY;
	/*
	 * mcexec's processes end and their mirrors go before anything else;
	 * calls in progress end now; the rings stay until the LWK stops.
	 */
	ihk_mc_os_down(os);
	ihk_ikc_close(os, os->dead ? -ENODEV : -ESHUTDOWN);
	ihk_monitor_stop(os);
	status = READ_ONCE(os->status);
	if (status != IHK_OS_PANIC) {
		ihk_os_request(os, IHK_LWK_REQ_SHUTDOWN);
		deadline = jiffies + msecs_to_jiffies(shutdown_timeout_ms);
		while (READ_ONCE(os->shared->state) != IHK_LWK_DOWN &&
		       READ_ONCE(os->shared->state) != IHK_LWK_PANIC &&
		       time_before(jiffies, deadline))
			usleep_range(2000, 5000);
		if (READ_ONCE(os->shared->state) != IHK_LWK_DOWN)
			pr_info("ihk: %s: LWK did not stop in time; resetting its CPUs\n",
				os->name);
	}
	ihk_lwk_cpus_reset(os);
	ihk_ikc_teardown(os);
	os->status = IHK_OS_SHUTDOWN;
	return 0;
}
