// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/ihk/: plain-text status for administrators and scripts. Each file
 * is documented in the README; change its format only together with that.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include <ihk/abi.h>
#include "ihk.h"

struct proc_dir_entry *ihk_proc_root;

static int ihk_version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "ihk %s abi %d\n", IHK_VERSION, IHK_ABI_VERSION);
	return 0;
}

int ihk_procfs_init(void)
{
	ihk_proc_root = proc_mkdir(IHK_PROC_DIR, NULL);
	if (!ihk_proc_root)
		return -ENOMEM;

	if (!proc_create_single("version", 0444, ihk_proc_root, ihk_version_show))
		goto err;
	return 0;
err:
	proc_remove(ihk_proc_root);
	ihk_proc_root = NULL;
	return -ENOMEM;
}

void ihk_procfs_exit(void)
{
	proc_remove(ihk_proc_root);
	ihk_proc_root = NULL;
}
