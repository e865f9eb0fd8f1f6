/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that depends on the exact kernel series lives here. We support
 * Debian's Linux 6.1; a port to another series changes only this file.
 */
#ifndef IHK_KERNEL_COMPAT_H
#define IHK_KERNEL_COMPAT_H

#include <linux/mmzone.h>

/*
 * Largest buddy order we allocate reserved memory in. MAX_ORDER became
 * inclusive in 6.4; in 6.1 the largest order is MAX_ORDER - 1 (4 MiB).
 */
#define IHK_MAX_ALLOC_ORDER	(MAX_ORDER - 1)

#endif /* IHK_KERNEL_COMPAT_H */
