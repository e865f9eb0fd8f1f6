// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ihk: the administrator's control device. Everything done through it
 * changes how the machine is partitioned, so only CAP_SYS_ADMIN may open it;
 * the node is also created 0600 so that a plain user is stopped by the
 * file mode before reaching us.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include <ihk/abi.h>
#include "ihk.h"

static int ihk_ctl_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static long ihk_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct file_operations ihk_ctl_fops = {
	.owner		= THIS_MODULE,
	.open		= ihk_ctl_open,
	.unlocked_ioctl	= ihk_ctl_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice ihk_ctl_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= IHK_CTL_DEVICE,
	.fops	= &ihk_ctl_fops,
	.mode	= 0600,
};

int ihk_ctl_dev_init(void)
{
	return misc_register(&ihk_ctl_misc);
}

void ihk_ctl_dev_exit(void)
{
	misc_deregister(&ihk_ctl_misc);
}
