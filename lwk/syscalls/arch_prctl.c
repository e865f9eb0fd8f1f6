// SPDX-License-Identifier: GPL-2.0
/*
 * arch_prctl: the FS and GS bases (TLS). In a syscall the user's GS
 * base sits in KERNEL_GS_BASE (swapgs put ours in GS_BASE), so that is
 * the MSR to read and write. Other codes: -EINVAL, as Linux 6.1 answers
 * codes it does not know.
 */
#include <asm/cpu.h>
#include <ihk/mcexec.h>
#include <lwk/errno.h>
#include <lwk/process.h>
#include <lwk/uaccess.h>
#include "handlers.h"

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

/* Linux refuses bases at or above TASK_SIZE_MAX with -EPERM. */
#define TASK_SIZE_MAX	0x7ffffffff000ULL

SYSCALL_DEFINE2(arch_prctl, int, code, uint64_t, addr)
{
	struct lwk_thread *t = current_thread();
	uint64_t v;

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		t->fs_base = addr;
		wrmsr(MSR_FS_BASE, t->fs_base);
		return 0;
	case ARCH_SET_GS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		t->gs_base = addr;
		wrmsr(MSR_KERNEL_GS_BASE, t->gs_base);
		return 0;
	case ARCH_GET_FS:
		v = rdmsr(MSR_FS_BASE);
		return copy_to_user(addr, &v, sizeof(v));
	case ARCH_GET_GS:
		v = rdmsr(MSR_KERNEL_GS_BASE);
		return copy_to_user(addr, &v, sizeof(v));
	default:
		return -EINVAL;
	}
}
