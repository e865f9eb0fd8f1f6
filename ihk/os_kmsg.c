// SPDX-License-Identifier: GPL-2.0
/*
 * IHK_OS_KMSG: copy the LWK console out of the ring the LWK writes
 * (common/kmsg_ring.c). The ring lives as long as the instance, and an open
 * file holds the instance, so no lock is needed: the reader copes with a
 * writer running at the same time, and with garbage in the ring header.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <kmsg_ring.h>
#include "ihk.h"

long ihk_os_kmsg_ioctl(struct ihk_os *os, void __user *arg)
{
	struct ihk_os_kmsg req;
	size_t len;
	char *buf;

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
				 &req.pos, buf, len, &req.lost);
	if (req.got && copy_to_user(u64_to_user_ptr(req.buf), buf, req.got)) {
		kvfree(buf);
		return -EFAULT;
	}
	kvfree(buf);
	if (copy_to_user(arg, &req, sizeof(req)))
		return -EFAULT;
	return 0;
}
