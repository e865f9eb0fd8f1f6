/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to the current process's user memory from a syscall. Every
 * pointer a user passes is checked: the whole range must lie in the
 * process's mappings with the needed protection, else -EFAULT, never an
 * LWK fault. With SMAP, these are the only places that open user access.
 */
#ifndef LWK_UACCESS_H
#define LWK_UACCESS_H

#include <lwk/types.h>

/* 0, or -EFAULT with nothing (from) or possibly part (to) copied. */
int copy_from_user(void *dst, uint64_t usrc, size_t len);
int copy_to_user(uint64_t udst, const void *src, size_t len);

/* True if [uaddr, uaddr + len) is mapped readable (@write: writable). */
bool user_range_ok(uint64_t uaddr, size_t len, bool write);

#endif /* LWK_UACCESS_H */
