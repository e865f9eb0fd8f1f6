// SPDX-License-Identifier: GPL-2.0
/*
 * IHK_OS_KMSG: copy the LWK console out of the ring the LWK writes
 * (common/kmsg_ring.c). The ring lives as long as the instance, and an open
 * file holds the instance, so no lock is needed: the reader copes with a
 * writer running at the same time, and with garbage in the ring header:
 * the ring's size is our constant, never the header's, so no position the
 * LWK writes can move the copy outside kmsg_data[].
 *
 * Who may read it: like dmesg, everyone unless kernel.dmesg_restrict is
 * set, then only CAP_SYSLOG (the console says as much about the machine
 * as Linux's own log does).
 */
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <kmsg_ring.h>
#include "ihk.h"

/* kernel.dmesg_restrict; not exported, so through ksyms.c (NULL: restricted). */
static bool ihk_kmsg_allowed(void)
{
	static int *restrict_p;

	if (!restrict_p)
		restrict_p = ihk_ksym("dmesg_restrict");
	if (restrict_p && !READ_ONCE(*restrict_p))
		return true;
	return capable(CAP_SYSLOG);
}

/**
 * ihk_os_kmsg_ioctl() - copy the LWK console out (IHK_OS_KMSG)
 * @os: the instance
 * @arg: struct ihk_os_kmsg: where to read from and into what
 *
 * Like dmesg: anyone who may open the node, unless kernel.dmesg_restrict is
 * set (then CAP_SYSLOG). The ring is read with our own size constant, never
 * the header's, so no position the LWK writes moves the copy outside it.
 *
 * Context: process context, no lock (the ring lives as long as @os).
 * Return: 0; -EPERM, -EFAULT, -ENODEV (destroyed), -ENOMEM.
 */
long ihk_os_kmsg_ioctl(struct ihk_os *os, void __user *arg)
{
	struct ihk_os_kmsg req;
	size_t len;
	char *buf;

	if (!ihk_kmsg_allowed())
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (READ_ONCE(os->dead))
		return -ENODEV;
	len = min_t(u64, req.len, IHK_KMSG_SIZE);
	/* Up to the whole ring: 64 KiB need not be physically contiguous. */
	buf = kvmalloc(len ? len : 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	req.lost = 0;
	req.got = kmsg_ring_read(&os->shared->kmsg, os->shared->kmsg_data,
				 IHK_KMSG_SIZE, &req.pos, buf, len, &req.lost);
	if (req.got && copy_to_user(u64_to_user_ptr(req.buf), buf, req.got)) {
		kvfree(buf);
		return -EFAULT;
	}
	kvfree(buf);
	if (copy_to_user(arg, &req, sizeof(req)))
		return -EFAULT;
	return 0;
}
