// SPDX-License-Identifier: GPL-2.0
/*
 * set_tid_address, set_robust_list, get_robust_list: what a thread's
 * exit does with its futexes (futex_exit_thread(), lwk/futex.h: the
 * robust list is walked, then clear_child_tid is cleared and woken).
 * rseq is not offered: -ENOSYS, which glibc takes as "no rseq".
 */
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/proc.h>
#include <lwk/process.h>
#include <lwk/uaccess.h>
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

/*
 * Linux writes the length first, then the head, each a separate access
 * that may fault. Any thread of the caller's process may be asked for
 * (Linux's ptrace rule allows its own thread group); a tid of another
 * process is -ESRCH, on purpose: no reading other processes' state.
 */
SYSCALL_DEFINE3(get_robust_list, int32_t, pid, uint64_t, head_ptr,
		uint64_t, len_ptr)
{
	struct lwk_thread *t = current_thread();
	struct lwk_proc *p = to_proc(t->proc);
	uint64_t len = ROBUST_LIST_HEAD_SIZE, head, flags;

	if (pid && pid != t->tid) {
		flags = proc_lock(p);
		t = thread_find(p, pid);
		head = t ? READ_ONCE(t->robust_list) : 0;
		proc_unlock(p, flags);
	} else {
		head = t->robust_list;
	}
	if (!t)
		return -ESRCH;
	if (copy_to_user(len_ptr, &len, sizeof(len)))
		return -EFAULT;
	if (copy_to_user(head_ptr, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE0(rseq)
{
	return -ENOSYS;
}
