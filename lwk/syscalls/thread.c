// SPDX-License-Identifier: GPL-2.0
/*
 * set_tid_address, set_robust_list: remembered for when threads come
 * (the kernel then clears and wakes clear_child_tid, and walks the
 * robust list, at thread exit). rseq is not offered: -ENOSYS, which
 * glibc takes as "no rseq".
 */
#include <lwk/errno.h>
#include <lwk/process.h>
#include "handlers.h"

#define ROBUST_LIST_HEAD_SIZE	24	/* struct robust_list_head on x86_64 */

SYSCALL_DEFINE1(set_tid_address, uint64_t, tidptr)
{
	struct lwk_thread *t = current_thread();

	t->clear_child_tid = tidptr;
	return t->tid;
}

SYSCALL_DEFINE2(set_robust_list, uint64_t, head, uint64_t, len)
{
	struct lwk_thread *t = current_thread();

	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	t->robust_list = head;
	t->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE0(rseq)
{
	return -ENOSYS;
}
