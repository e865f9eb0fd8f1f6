/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of ihk.ko. Not ABI. */
#ifndef IHK_INTERNAL_H
#define IHK_INTERNAL_H

#include <linux/proc_fs.h>

extern struct proc_dir_entry *ihk_proc_root;

int ihk_ctl_dev_init(void);
void ihk_ctl_dev_exit(void);

int ihk_procfs_init(void);
void ihk_procfs_exit(void);

#endif /* IHK_INTERNAL_H */
