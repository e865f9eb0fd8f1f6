/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ABI shared by ihk.ko and its userspace (libihk, ihkconfig, ihkosctl, mcexec).
 * Everything here crosses the kernel/user boundary; keep it free of
 * kernel-internal types so the same header builds on both sides.
 */
#ifndef IHK_ABI_H
#define IHK_ABI_H

#define IHK_VERSION		"0.1.0"
/* Bumped whenever an ioctl number or struct layout below changes. */
#define IHK_ABI_VERSION		1

#define IHK_CTL_DEVICE		"ihk"		/* /dev/ihk, root only */
#define IHK_PROC_DIR		"ihk"		/* /proc/ihk/ */

#endif /* IHK_ABI_H */
