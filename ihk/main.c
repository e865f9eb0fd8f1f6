// SPDX-License-Identifier: GPL-2.0
/*
 * ihk.ko: partitions a running Linux and hosts lightweight-kernel instances
 * on the CPUs and memory it takes away. This file only orders the set-up
 * and tear-down of the other parts.
 */
#include <linux/module.h>
#include <linux/init.h>

#include <ihk/abi.h>
#include "ihk.h"

DEFINE_MUTEX(ihk_lock);

static int __init ihk_init(void)
{
	int ret;

	ret = ihk_cpu_guard_init();
	if (ret)
		return ret;

	ret = ihk_ikc_init();
	if (ret)
		goto err_guard;

	ret = ihk_mc_init();
	if (ret)
		goto err_ikc;

	ret = ihk_procfs_init();
	if (ret)
		goto err_mc;

	ret = ihk_reboot_notifier_init();
	if (ret)
		goto err_procfs;

	ret = ihk_ctl_dev_init();
	if (ret)
		goto err_reboot;

	pr_info("ihk: version %s (abi %d) loaded\n", IHK_VERSION, IHK_ABI_VERSION);
	return 0;

err_reboot:
	ihk_reboot_notifier_exit();
err_procfs:
	ihk_procfs_exit();
err_mc:
	ihk_mc_exit();
err_ikc:
	ihk_ikc_exit();
err_guard:
	ihk_cpu_guard_exit();
	return ret;
}

/* No instance exists here: each one pins the module. */
static void __exit ihk_exit(void)
{
	ihk_ctl_dev_exit();
	ihk_reboot_notifier_exit();
	ihk_procfs_exit();
	mutex_lock(&ihk_lock);
	ihk_mem_release_all();
	ihk_cpu_release_all();
	mutex_unlock(&ihk_lock);
	/* Release work items of destroyed instances may still be finishing. */
	ihk_mc_exit();
	ihk_ikc_exit();
	ihk_cpu_guard_exit();
}

module_init(ihk_init);
module_exit(ihk_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Interface for heterogeneous kernels: partitions Linux for an LWK");
MODULE_VERSION(IHK_VERSION);
