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

SYSCALL_DEFINE(set_tid_address)
{
	struct lwk_thread *t = current_thread();

	t->clear_child_tid = a->arg[0];
	return t->tid;
}

SYSCALL_DEFINE(set_robust_list)
{
	struct lwk_thread *t = current_thread();

	if (a->arg[1] != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	t->robust_list = a->arg[0];
	t->robust_list_len = a->arg[1];
	return 0;
}

SYSCALL_DEFINE(rseq)
{
	(void)a;
	return -ENOSYS;
}
