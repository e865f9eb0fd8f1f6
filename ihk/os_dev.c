// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/mcosN: one instance's device. Whoever the node's mode and group
 * let open it (everyone, 0666, unless an admin restricted it with
 * `ihkosctl N access group GROUP`) may query it and run mcexec; every
 * ioctl that changes the instance, and ping and stress, need
 * CAP_SYS_ADMIN, checked per call because unprivileged mcexec shares this
 * node. Each open file may also carry one mcexec process (mc_*.c): the
 * IHK_MC_* ioctls, the mirror mmap and the release at the last close are
 * routed there.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <elf_check.h>
#include "mc_priv.h"

static int ihk_os_open(struct inode *inode, struct file *file)
{
	struct miscdevice *misc = file->private_data;
	struct ihk_os *os = container_of(misc, struct ihk_os, misc);
	struct ihk_os_file *f;

	/* misc_open holds misc_mtx, so the device (and os) cannot go away. */
	f = ihk_mc_file_open(os);
	if (!f)
		return -ENOMEM;
	kref_get(&os->ref);
	file->private_data = f;
	return 0;
}

static int ihk_os_file_release(struct inode *inode, struct file *file)
{
	struct ihk_os_file *f = file->private_data;
	struct ihk_os *os = f->os;

	ihk_mc_file_release(f);
	ihk_os_put(os);
	return 0;
}

static int ihk_os_mmap(struct file *file, struct vm_area_struct *vma)
{
	return ihk_mc_mmap(file->private_data, vma);
}

/* Resources change only while the instance is not running. */
static int ihk_os_changeable(struct ihk_os *os)
{
	if (os->dead)
		return -ENODEV;
	return os->status == IHK_OS_INACTIVE || os->status == IHK_OS_SHUTDOWN ?
	       0 : -EBUSY;
}

static long ihk_os_cpu_ioctl(struct ihk_os *os, unsigned int cmd, void __user *arg)
{
	struct ihk_cpu_set set;
	long ret;

	if (copy_from_user(&set, arg, sizeof(set)))
		return -EFAULT;
	set.failed = IHK_FAILED_NONE;
	mutex_lock(&ihk_lock);
	ret = ihk_os_changeable(os);
	if (!ret)
		ret = cmd == IHK_OS_ASSIGN_CPU ? ihk_cpu_assign(&os->cpus, &set) :
						 ihk_cpu_unassign(&os->cpus, &set);
	if (!ret)
		ihk_ikc_map_prune(os);
	mutex_unlock(&ihk_lock);
	if (copy_to_user(arg, &set, sizeof(set)))
		return -EFAULT;
	return ret;
}

static long ihk_os_assign_mem(struct ihk_os *os, void __user *arg)
{
	struct ihk_mem_request *req;
	long ret;

	req = memdup_user(arg, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	mutex_lock(&ihk_lock);
	ret = ihk_os_changeable(os);
	if (!ret)
		ret = ihk_mem_assign(req, os->index);
	mutex_unlock(&ihk_lock);
	if (copy_to_user(arg, req, sizeof(*req)))
		ret = -EFAULT;
	kfree(req);
	return ret;
}

static long ihk_os_release_mem(struct ihk_os *os)
{
	long ret;

	mutex_lock(&ihk_lock);
	ret = ihk_os_changeable(os);
	if (!ret)
		ihk_mem_unassign(os->index);
	mutex_unlock(&ihk_lock);
	return ret;
}

/**
 * ihk_os_lockdown() - refuse LOAD and BOOT when the kernel is locked down
 * @os: the instance, named in the log line
 * @what: "load" or "boot", for the log line
 *
 * An LWK image is unsigned ring-0 code with all of memory in reach, which
 * is why lockdown forbids kexec_load; LOAD and BOOT ask the same question
 * (LOCKDOWN_KEXEC). BOOT asks too, for an image loaded before the kernel
 * was locked down.
 *
 * Return: 0, or -EPERM (as kexec_load) when locked down.
 */
int ihk_os_lockdown(struct ihk_os *os, const char *what)
{
	int ret = security_locked_down(LOCKDOWN_KEXEC);

	if (ret)
		pr_info("ihk: %s: %s refused: the kernel is locked down\n",
			os->name, what);
	return ret;
}

/*
 * A file opened before an admin restricted the node (ihkosctl N access)
 * must not start processes: CREATE asks the node's mode and group again.
 */
static long ihk_os_may_create(struct file *file)
{
	return inode_permission(file_mnt_user_ns(file), file_inode(file),
				MAY_READ | MAY_WRITE);
}

static long ihk_os_load(struct ihk_os *os, int fd)
{
	const char *reason = NULL;
	void *image = NULL;
	ssize_t size;
	long ret;

	ret = ihk_os_lockdown(os, "load");
	if (ret)
		return ret;
	size = kernel_read_file_from_fd(fd, 0, &image, IHK_IMAGE_MAX, NULL,
					READING_UNKNOWN);
	if (size == -EINVAL)		/* empty, or not a regular file */
		return -ENOEXEC;
	if (size < 0)
		return size;
	ret = elf_check_lwk_image(image, size, &reason);
	if (ret) {
		pr_info("ihk: %s: image refused: %s\n", os->name, reason);
		goto out;
	}

	mutex_lock(&ihk_lock);
	ret = ihk_os_changeable(os);
	if (!ret) {
		swap(os->image, image);
		os->image_size = size;
	}
	mutex_unlock(&ihk_lock);
out:
	vfree(image);
	return ret;
}

static long ihk_os_set_kargs(struct ihk_os *os, void __user *arg)
{
	struct ihk_os_kargs ka;
	char *buf;
	long ret;

	if (copy_from_user(&ka, arg, sizeof(ka)))
		return -EFAULT;
	if (ka.len >= IHK_KARGS_MAX)
		return -E2BIG;
	buf = memdup_user_nul(u64_to_user_ptr(ka.str), ka.len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	mutex_lock(&ihk_lock);
	ret = ihk_os_changeable(os);
	if (!ret)
		strscpy(os->kargs, buf, sizeof(os->kargs));
	mutex_unlock(&ihk_lock);
	kfree(buf);
	return ret;
}

static long ihk_os_query(struct ihk_os *os, void __user *arg)
{
	struct ihk_os_info *info;
	struct ihk_chunk *c;
	long ret = 0;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	mutex_lock(&ihk_lock);
	if (os->dead) {
		ret = -ENODEV;
	} else {
		info->index = os->index;
		info->status = os->status;
		ihk_cpus_to_user_mask(&os->cpus, info->cpus);
		list_for_each_entry(c, &ihk_chunks, list) {
			if (c->owner != os->index)
				continue;
			info->mem_total += c->size;
			info->mem_per_node[c->node] += c->size;
		}
		info->image_size = os->image_size;
		strscpy(info->kargs, os->kargs, sizeof(info->kargs));
		info->failed_cpu = os->failed_cpu;
		info->panic_cpu = READ_ONCE(os->panic_cpu);
		if (ihk_os_booted(os)) {
			info->cpus_up = ihk_lwk_cpus_up(os);
			info->lwk_free = READ_ONCE(os->shared->free_bytes);
		}
	}
	mutex_unlock(&ihk_lock);
	if (!ret && copy_to_user(arg, info, sizeof(*info)))
		ret = -EFAULT;
	kfree(info);
	return ret;
}

/* Boot, shutdown and debug requests: one at a time, under ihk_lock. */
static long ihk_os_control(struct ihk_os *os, int (*fn)(struct ihk_os *os))
{
	long ret;

	mutex_lock(&ihk_lock);
	ret = os->dead ? -ENODEV : fn(os);
	mutex_unlock(&ihk_lock);
	return ret;
}

/*
 * The handlers, one per command: each takes the open file and the raw
 * argument, and finds its instance (and mcexec process) from the file.
 */
static struct ihk_os *ihk_os_of(struct file *file)
{
	return ((struct ihk_os_file *)file->private_data)->os;
}

#define OS_UARG(arg)	((void __user *)(arg))

static long os_query(struct file *file, unsigned long arg)
{
	return ihk_os_query(ihk_os_of(file), OS_UARG(arg));
}

static long os_kmsg(struct file *file, unsigned long arg)
{
	return ihk_os_kmsg_ioctl(ihk_os_of(file), OS_UARG(arg));
}

static long os_ikc_ping(struct file *file, unsigned long arg)
{
	return ihk_ikc_ping(ihk_os_of(file), OS_UARG(arg));
}

static long os_ikc_stress(struct file *file, unsigned long arg)
{
	return ihk_ikc_stress(ihk_os_of(file), OS_UARG(arg));
}

static long os_ikc_map_get(struct file *file, unsigned long arg)
{
	return ihk_os_ikc_map_get(ihk_os_of(file), OS_UARG(arg));
}

static long os_ikc_map_set(struct file *file, unsigned long arg)
{
	return ihk_os_ikc_map_set(ihk_os_of(file), OS_UARG(arg));
}

static long os_mc_create(struct file *file, unsigned long arg)
{
	long ret = ihk_os_may_create(file);

	return ret ? ret : ihk_mc_create(file->private_data, OS_UARG(arg));
}

static long os_mc_map(struct file *file, unsigned long arg)
{
	return ihk_mc_map(file->private_data, OS_UARG(arg));
}

static long os_mc_start(struct file *file, unsigned long arg)
{
	return ihk_mc_start(file->private_data, OS_UARG(arg));
}

static long os_mc_wait(struct file *file, unsigned long arg)
{
	return ihk_mc_wait(file->private_data, OS_UARG(arg));
}

static long os_assign_cpu(struct file *file, unsigned long arg)
{
	return ihk_os_cpu_ioctl(ihk_os_of(file), IHK_OS_ASSIGN_CPU, OS_UARG(arg));
}

static long os_release_cpu(struct file *file, unsigned long arg)
{
	return ihk_os_cpu_ioctl(ihk_os_of(file), IHK_OS_RELEASE_CPU, OS_UARG(arg));
}

static long os_assign_mem(struct file *file, unsigned long arg)
{
	return ihk_os_assign_mem(ihk_os_of(file), OS_UARG(arg));
}

static long os_release_mem(struct file *file, unsigned long arg)
{
	return ihk_os_release_mem(ihk_os_of(file));
}

static long os_load(struct file *file, unsigned long arg)
{
	return ihk_os_load(ihk_os_of(file), (int)arg);
}

static long os_set_kargs(struct file *file, unsigned long arg)
{
	return ihk_os_set_kargs(ihk_os_of(file), OS_UARG(arg));
}

static long os_boot(struct file *file, unsigned long arg)
{
	return ihk_os_control(ihk_os_of(file), ihk_os_boot);
}

static long os_shutdown(struct file *file, unsigned long arg)
{
	return ihk_os_control(ihk_os_of(file), ihk_os_shutdown);
}

static long os_debug(struct file *file, unsigned long arg)
{
	struct ihk_os *os = ihk_os_of(file);
	long ret;

	mutex_lock(&ihk_lock);
	ret = os->dead ? -ENODEV : ihk_os_debug(os, arg);
	mutex_unlock(&ihk_lock);
	return ret;
}

/*
 * The permission model of /dev/mcosN (see also docs/architecture.md).
 * Whoever the node lets open it may query, read the map and run mcexec
 * (CREATE asks the node's mode again, MAP/START/WAIT only serve the
 * file's own process to its creator); the console follows
 * dmesg_restrict (checked in os_kmsg.c). Everything that changes the
 * instance, and ping and stress, need CAP_SYS_ADMIN, checked per call
 * because unprivileged mcexec shares the node.
 */
static const struct ihk_ioctl ihk_os_ioctls[] = {
	{ IHK_OS_QUERY,		os_query,	false },
	{ IHK_OS_KMSG,		os_kmsg,	false },
	{ IHK_OS_IKC_MAP_GET,	os_ikc_map_get,	false },
	{ IHK_MC_CREATE,	os_mc_create,	false },
	{ IHK_MC_MAP,		os_mc_map,	false },
	{ IHK_MC_START,		os_mc_start,	false },
	{ IHK_MC_WAIT,		os_mc_wait,	false },
	{ IHK_OS_IKC_PING,	os_ikc_ping,	true },
	{ IHK_OS_IKC_STRESS,	os_ikc_stress,	true },
	{ IHK_OS_IKC_MAP_SET,	os_ikc_map_set,	true },
	{ IHK_OS_ASSIGN_CPU,	os_assign_cpu,	true },
	{ IHK_OS_RELEASE_CPU,	os_release_cpu,	true },
	{ IHK_OS_ASSIGN_MEM,	os_assign_mem,	true },
	{ IHK_OS_RELEASE_MEM,	os_release_mem,	true },
	{ IHK_OS_LOAD,		os_load,	true },
	{ IHK_OS_SET_KARGS,	os_set_kargs,	true },
	{ IHK_OS_BOOT,		os_boot,	true },
	{ IHK_OS_SHUTDOWN,	os_shutdown,	true },
	{ IHK_OS_DEBUG,		os_debug,	true },
};

static long ihk_os_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return ihk_ioctl_call(ihk_os_ioctls, ARRAY_SIZE(ihk_os_ioctls), file,
			      cmd, arg);
}

const struct file_operations ihk_os_fops = {
	.owner		= THIS_MODULE,
	.open		= ihk_os_open,
	.release	= ihk_os_file_release,
	.unlocked_ioctl	= ihk_os_ioctl,
	.mmap		= ihk_os_mmap,
	.llseek		= noop_llseek,
};
