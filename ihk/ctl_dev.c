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
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <ihk/abi.h>
#include "ihk.h"

static int ihk_ctl_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static long ihk_ctl_cpu_ioctl(unsigned int cmd, void __user *arg)
{
	struct ihk_cpu_set set;
	long ret;

	if (copy_from_user(&set, arg, sizeof(set)))
		return -EFAULT;
	set.failed = IHK_FAILED_NONE;
	mutex_lock(&ihk_lock);
	ret = cmd == IHK_RESERVE_CPU ? ihk_cpu_reserve(&set) : ihk_cpu_release(&set);
	mutex_unlock(&ihk_lock);
	if (copy_to_user(arg, &set, sizeof(set)))
		return -EFAULT;
	return ret;
}

static long ihk_ctl_query_cpu(void __user *arg)
{
	struct ihk_cpu_query q;

	mutex_lock(&ihk_lock);
	ihk_cpu_query(&q);
	mutex_unlock(&ihk_lock);
	return copy_to_user(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

static long ihk_ctl_mem_ioctl(unsigned int cmd, void __user *arg)
{
	struct ihk_mem_request *req;
	long ret;

	req = memdup_user(arg, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	mutex_lock(&ihk_lock);
	ret = cmd == IHK_RESERVE_MEM ? ihk_mem_reserve(req) : ihk_mem_release(req);
	mutex_unlock(&ihk_lock);
	if (copy_to_user(arg, req, sizeof(*req)))
		ret = -EFAULT;
	kfree(req);
	return ret;
}

static long ihk_ctl_query_mem(void __user *arg)
{
	struct ihk_mem_query *q;
	long ret = 0;

	q = kvzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	mutex_lock(&ihk_lock);
	q->nr_chunks = ihk_mem_query(q->chunks, IHK_MAX_CHUNKS);
	mutex_unlock(&ihk_lock);
	if (copy_to_user(arg, q, sizeof(*q)))
		ret = -EFAULT;
	kvfree(q);
	return ret;
}

static long ihk_ctl_list_os(void __user *arg)
{
	struct ihk_os_list list;

	ihk_os_list(&list);
	return copy_to_user(arg, &list, sizeof(list)) ? -EFAULT : 0;
}

static long ihk_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	/* The open already required it; a passed-on fd must not be enough. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	switch (cmd) {
	case IHK_RESERVE_CPU:
	case IHK_RELEASE_CPU:
		return ihk_ctl_cpu_ioctl(cmd, uarg);
	case IHK_QUERY_CPU:
		return ihk_ctl_query_cpu(uarg);
	case IHK_RESERVE_MEM:
	case IHK_RELEASE_MEM:
		return ihk_ctl_mem_ioctl(cmd, uarg);
	case IHK_QUERY_MEM:
		return ihk_ctl_query_mem(uarg);
	case IHK_CREATE_OS:
		return ihk_os_create();
	case IHK_DESTROY_OS:
		return ihk_os_destroy((int)arg);
	case IHK_LIST_OS:
		return ihk_ctl_list_os(uarg);
	}
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
