// SPDX-License-Identifier: GPL-2.0
/*
 * OS instances: an index, a /dev/mcosN node, a /proc/ihk/osN directory and
 * the resources assigned to it from the reserved pool.
 *
 * Lifetime: the table slot and every open /dev/mcosN file hold a reference.
 * Destroy marks the instance dead under ihk_lock (so every ioctl refuses it
 * from then on), shuts its LWK down if booted, returns its resources to the
 * pool, removes its device and
 * proc nodes with the lock dropped, then frees the slot. Each instance also
 * pins the module, so rmmod is refused while one exists.
 */
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <kmsg_ring.h>
#include "ihk.h"

static struct ihk_os *ihk_os_table[IHK_MAX_OS];

static const char *const ihk_os_status_names[] = {
	[IHK_OS_INACTIVE]	= "INACTIVE",
	[IHK_OS_BOOTING]	= "BOOTING",
	[IHK_OS_RUNNING]	= "RUNNING",
	[IHK_OS_SHUTDOWN]	= "SHUTDOWN",
	[IHK_OS_PANIC]		= "PANIC",
	[IHK_OS_HUNG]		= "HUNG",
	[IHK_OS_FAILED]		= "FAILED",
};

/**
 * ihk_os_status_name() - the word /proc and the tools print for a status
 * @status: an instance status
 *
 * Return: a static string; "UNKNOWN" for a value outside the table.
 */
const char *ihk_os_status_name(enum ihk_os_status status)
{
	if (status < ARRAY_SIZE(ihk_os_status_names))
		return ihk_os_status_names[status];
	return "UNKNOWN";
}

static void ihk_os_release(struct kref *ref)
{
	struct ihk_os *os = container_of(ref, struct ihk_os, ref);

	vfree(os->image);
	free_pages_exact(os->shared, sizeof(*os->shared));
	kfree(os);
}

/**
 * ihk_os_put() - drop a reference to an instance
 * @os: the instance
 *
 * The last reference (the table slot or an open /dev/mcosN file, whichever
 * goes last) frees the image copy, the shared area with the console, and
 * the structure. The CPUs and memory went back to the pool at destroy.
 *
 * Context: process context (vfree).
 */
void ihk_os_put(struct ihk_os *os)
{
	kref_put(&os->ref, ihk_os_release);
}

/**
 * ihk_os_create() - make a new, empty OS instance (IHK_CREATE_OS)
 *
 * Allocates the instance and its shared area (console ring, status words),
 * takes the lowest free slot under ihk_lock, then registers /dev/mcosN and
 * /proc/ihk/osN with the lock dropped (misc_register() takes misc_mtx). The
 * node is 0666 because mcexec opens it unprivileged; each ioctl checks what
 * it needs. The instance pins the module.
 *
 * Context: process context, sleeps; takes ihk_lock.
 * Return: the new index; -ENOMEM, -ENOSPC (IHK_MAX_OS instances exist), or
 * the error of misc_register().
 */
int ihk_os_create(void)
{
	struct ihk_os *os;
	int index, ret;

	os = kzalloc(sizeof(*os), GFP_KERNEL);
	if (!os)
		return -ENOMEM;
	kref_init(&os->ref);
	os->status = IHK_OS_INACTIVE;
	os->failed_cpu = -1;
	os->panic_cpu = -1;
	ihk_monitor_init(os);
	/* The clients of its IKC: nothing can send before the first boot. */
	ihk_ikc_clients_init(os);
	ret = ihk_ikc_ops_os_init(os);
	if (!ret)
		ret = ihk_mc_os_init(os);
	if (ret) {
		kfree(os);
		return ret;
	}
	os->shared = alloc_pages_exact(sizeof(*os->shared),
				       GFP_KERNEL | __GFP_ZERO);
	if (!os->shared) {
		kfree(os);
		return -ENOMEM;
	}
	os->shared->magic = IHK_SHARED_MAGIC;
	kmsg_ring_init(&os->shared->kmsg, IHK_KMSG_SIZE);

	mutex_lock(&ihk_lock);
	for (index = 0; index < IHK_MAX_OS; index++)
		if (!ihk_os_table[index])
			break;
	if (index == IHK_MAX_OS) {
		mutex_unlock(&ihk_lock);
		ret = -ENOSPC;
		goto err_free;
	}
	os->index = index;
	ihk_os_table[index] = os;
	mutex_unlock(&ihk_lock);

	snprintf(os->name, sizeof(os->name), IHK_OS_DEVICE_FMT, index);
	os->misc.minor = MISC_DYNAMIC_MINOR;
	os->misc.name = os->name;
	os->misc.fops = &ihk_os_fops;
	/* mcexec opens it unprivileged; each ioctl checks what it needs. */
	os->misc.mode = 0666;
	ret = misc_register(&os->misc);
	if (ret)
		goto err_slot;

	ret = ihk_procfs_add_os(os);
	if (ret)
		goto err_misc;

	__module_get(THIS_MODULE);
	return index;

err_misc:
	misc_deregister(&os->misc);
err_slot:
	mutex_lock(&ihk_lock);
	ihk_os_table[index] = NULL;
	mutex_unlock(&ihk_lock);
err_free:
	ihk_os_put(os);
	return ret;
}

/**
 * ihk_os_destroy() - destroy an instance (IHK_DESTROY_OS)
 * @index: its number
 *
 * Marks it dead under ihk_lock, so every ioctl refuses it from then on,
 * shuts a booted LWK down before its CPUs and memory go back to the pool,
 * then removes /proc/ihk/osN and /dev/mcosN with ihk_lock released
 * (proc_remove() waits for readers that take it). Open files keep the
 * structure until their last close.
 *
 * Context: process context, sleeps; takes ihk_lock.
 * Return: 0; -ENOENT if there is no such instance.
 */
int ihk_os_destroy(int index)
{
	struct ihk_os *os;

	if (index < 0 || index >= IHK_MAX_OS)
		return -ENOENT;

	mutex_lock(&ihk_lock);
	os = ihk_os_table[index];
	if (!os || os->dead) {
		mutex_unlock(&ihk_lock);
		return -ENOENT;
	}
	os->dead = true;
	/* A booted LWK stops before its CPUs and memory go anywhere. */
	ihk_os_shutdown(os);
	/* Its IKC is gone; no message of theirs can come any more. */
	ihk_mc_os_exit(os);
	ihk_ikc_ops_os_exit(os);
	ihk_cpu_unassign_all(&os->cpus);
	ihk_mem_unassign(index);
	mutex_unlock(&ihk_lock);

	/* Waits for proc readers, which take ihk_lock: so not under it. */
	proc_remove(os->proc_dir);
	misc_deregister(&os->misc);

	mutex_lock(&ihk_lock);
	ihk_os_table[index] = NULL;
	mutex_unlock(&ihk_lock);

	ihk_os_put(os);
	module_put(THIS_MODULE);
	return 0;
}

/**
 * ihk_os_list() - the live instances and their status (IHK_LIST_OS)
 * @list: cleared and filled
 *
 * Context: process context; takes ihk_lock.
 */
void ihk_os_list(struct ihk_os_list *list)
{
	int i;

	memset(list, 0, sizeof(*list));
	mutex_lock(&ihk_lock);
	for (i = 0; i < IHK_MAX_OS; i++) {
		if (!ihk_os_table[i] || ihk_os_table[i]->dead)
			continue;
		list->index[list->nr] = i;
		list->status[list->nr] = ihk_os_table[i]->status;
		list->nr++;
	}
	mutex_unlock(&ihk_lock);
}

bool ihk_rebooting;

/* How long the reboot notifier waits for ihk_lock (a boot holds it long). */
#define IHK_REBOOT_LOCK_MS	1000

/*
 * Reboot, halt, power-off and kexec all run the reboot notifiers
 * (kernel_restart_prepare, kernel_kexec...): from then on no LWK CPU may
 * run, or after a kexec it would go on writing memory the new kernel
 * owns. Every booted instance has its CPUs INITed at once, as shutdown
 * ends with, without asking the LWK or waiting for mcexec. If ihk_lock
 * does not come within IHK_REBOOT_LOCK_MS (a boot in progress holds it),
 * every CPU any instance has is INITed from the global mask instead,
 * which needs no instance to stay alive. A crash kexec runs no notifier:
 * nothing here can help it.
 */
static int ihk_reboot_notify(struct notifier_block *nb, unsigned long action,
			     void *unused)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(IHK_REBOOT_LOCK_MS);
	struct ihk_os *os;
	int index, cpu;

	while (!mutex_trylock(&ihk_lock)) {
		if (time_after(jiffies, deadline)) {
			for_each_cpu(cpu, &ihk_assigned_cpus)
				ihk_lwk_cpu_init(cpu_physical_id(cpu));
			pr_notice("ihk: reboot: ihk_lock is busy; reset every LWK CPU (%*pbl)\n",
				  cpumask_pr_args(&ihk_assigned_cpus));
			return NOTIFY_DONE;
		}
		msleep(10);
	}
	ihk_rebooting = true;
	for (index = 0; index < IHK_MAX_OS; index++) {
		os = ihk_os_table[index];
		if (!os || !ihk_os_booted(os))
			continue;
		ihk_os_reset_now(os);
		pr_notice("ihk: %s: LWK stopped for reboot (CPUs %*pbl reset)\n",
			  os->name, cpumask_pr_args(&os->cpus));
	}
	mutex_unlock(&ihk_lock);
	return NOTIFY_DONE;
}

static struct notifier_block ihk_reboot_nb = {
	.notifier_call = ihk_reboot_notify,
};

/**
 * ihk_reboot_notifier_init() - stop every LWK on reboot, halt and kexec
 *
 * Without it an LWK CPU would go on writing memory that the next kernel
 * (after kexec) or the firmware owns.
 *
 * Return: 0 or register_reboot_notifier()'s error.
 */
int ihk_reboot_notifier_init(void)
{
	return register_reboot_notifier(&ihk_reboot_nb);
}

/**
 * ihk_reboot_notifier_exit() - unregister the reboot notifier (module exit)
 */
void ihk_reboot_notifier_exit(void)
{
	unregister_reboot_notifier(&ihk_reboot_nb);
}
