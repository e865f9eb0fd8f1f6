// SPDX-License-Identifier: GPL-2.0
/*
 * User memory from syscalls (include/lwk/uaccess.h). A range is good if
 * the process's areas cover it with the access asked for; since every
 * area is populated when mapped, the copy then cannot fault. SMAP is
 * opened only around the copy itself.
 */
#include <asm/user.h>
#include <lwk/errno.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/proc.h>

bool user_range_ok(uint64_t uaddr, size_t len, bool write)
{
	struct lwk_proc *p = current_proc();
	uint64_t addr = uaddr, end;

	if (!p)
		return false;
	if (!len)
		return true;
	if (uaddr < IHK_MC_USER_START || uaddr >= IHK_MC_USER_END ||
	    len > IHK_MC_USER_END - uaddr)
		return false;
	end = uaddr + len;
	while (addr < end) {
		const struct vm_area *a = vm_range_lookup(&p->vm, addr);

		if (!a || !(a->prot & (write ? VM_PROT_WRITE :
				       VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
			return false;
		addr = a->end;
	}
	return true;
}

int copy_from_user(void *dst, uint64_t usrc, size_t len)
{
	if (!user_range_ok(usrc, len, false))
		return -EFAULT;
	user_access_begin();
	memcpy(dst, (const void *)usrc, len);
	user_access_end();
	return 0;
}

int copy_to_user(uint64_t udst, const void *src, size_t len)
{
	if (!user_range_ok(udst, len, true))
		return -EFAULT;
	user_access_begin();
	memcpy((void *)udst, src, len);
	user_access_end();
	return 0;
}
