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

#define CTL_UARG(arg)	((void __user *)(arg))

static long ctl_reserve_cpu(struct file *file, unsigned long arg)
{
	return ihk_ctl_cpu_ioctl(IHK_RESERVE_CPU, CTL_UARG(arg));
}

static long ctl_release_cpu(struct file *file, unsigned long arg)
{
	return ihk_ctl_cpu_ioctl(IHK_RELEASE_CPU, CTL_UARG(arg));
}

static long ctl_query_cpu(struct file *file, unsigned long arg)
{
	return ihk_ctl_query_cpu(CTL_UARG(arg));
}

static long ctl_reserve_mem(struct file *file, unsigned long arg)
{
	return ihk_ctl_mem_ioctl(IHK_RESERVE_MEM, CTL_UARG(arg));
}

static long ctl_release_mem(struct file *file, unsigned long arg)
{
	return ihk_ctl_mem_ioctl(IHK_RELEASE_MEM, CTL_UARG(arg));
}

static long ctl_query_mem(struct file *file, unsigned long arg)
{
	return ihk_ctl_query_mem(CTL_UARG(arg));
}

static long ctl_create_os(struct file *file, unsigned long arg)
{
	return ihk_os_create();
}

static long ctl_destroy_os(struct file *file, unsigned long arg)
{
	return ihk_os_destroy((int)arg);
}

static long ctl_list_os(struct file *file, unsigned long arg)
{
	return ihk_ctl_list_os(CTL_UARG(arg));
}

/* /dev/ihk: every command partitions the machine, so every one is admin. */
static const struct ihk_ioctl ihk_ctl_ioctls[] = {
	{ IHK_RESERVE_CPU,	ctl_reserve_cpu,	true },
	{ IHK_RELEASE_CPU,	ctl_release_cpu,	true },
	{ IHK_QUERY_CPU,	ctl_query_cpu,		true },
	{ IHK_RESERVE_MEM,	ctl_reserve_mem,	true },
	{ IHK_RELEASE_MEM,	ctl_release_mem,	true },
	{ IHK_QUERY_MEM,	ctl_query_mem,		true },
	{ IHK_CREATE_OS,	ctl_create_os,		true },
	{ IHK_DESTROY_OS,	ctl_destroy_os,		true },
	{ IHK_LIST_OS,		ctl_list_os,		true },
};

static long ihk_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return ihk_ioctl_call(ihk_ctl_ioctls, ARRAY_SIZE(ihk_ctl_ioctls), file,
			      cmd, arg);
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

/**
 * ihk_ctl_dev_init() - create /dev/ihk (0600; opening it needs CAP_SYS_ADMIN)
 *
 * Created last at module init, so no request arrives before every other
 * part is ready.
 *
 * Return: 0 or misc_register()'s error.
 */
int ihk_ctl_dev_init(void)
{
	return misc_register(&ihk_ctl_misc);
}

/**
 * ihk_ctl_dev_exit() - remove /dev/ihk (first thing at module exit)
 */
void ihk_ctl_dev_exit(void)
{
	misc_deregister(&ihk_ctl_misc);
}
