// SPDX-License-Identifier: GPL-2.0
/*
 * mmap, munmap, mprotect, mremap, madvise for anonymous memory, with
 * Linux's errors. Memory is populated at once, with 2 MiB pages where
 * the range allows (kernel/proc_mm.c); mmap without a hint (or with one
 * that does not fit) searches top down below the process's mmap base
 * (IHK_MC_MMAP_END, less a random offset under ASLR: kernel/proc_mm.c),
 * preferring 2 MiB alignment for ranges of 2 MiB or more.
 *
 * File mappings are not served yet: -ENODEV (what Linux answers for a
 * file that cannot be mapped). MAP_SHARED anonymous memory behaves as
 * private (one process, no fork). mremap supports MREMAP_MAYMOVE; with
 * MREMAP_FIXED or MREMAP_DONTUNMAP it answers -EINVAL.
 */
#include <lwk/errno.h>
#include <lwk/string.h>
#include <lwk/proc.h>
#include "handlers.h"

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_FIXED_NOREPLACE	0x100000
/* Flags MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK plus these). */
#define MAP_KNOWN		0x1ff7ff

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

#define MADV_DONTNEED		4
#define MADV_REMOVE		9

static bool page_aligned(uint64_t x)
{
	return !(x & (PAGE_SIZE - 1));
}

/* Round @len up to pages; 0 if it overflows. */
static uint64_t page_len(uint64_t len)
{
	return len > ~0ULL - PAGE_SIZE ? 0 : ALIGN_UP(len, PAGE_SIZE);
}

static bool fits_user(uint64_t addr, uint64_t len)
{
	return addr >= IHK_MC_USER_START && addr < IHK_MC_USER_END &&
	       len <= IHK_MC_USER_END - addr;
}

static int find_free(struct lwk_proc *p, uint64_t len, uint64_t *addr)
{
	return vm_range_find_unmapped(&p->vm, len, IHK_MC_USER_START,
				      p->mmap_end, addr);
}

SYSCALL_DEFINE6(mmap, uint64_t, addr, uint64_t, len, uint32_t, prot,
		uint32_t, flags, int, fd, uint64_t, off)
{
	struct lwk_proc *p = current_proc();
	uint32_t type = flags & MAP_TYPE;
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	int ret;

	(void)fd;	/* anonymous memory only: MAP_ANONYMOUS or ENODEV */
	if (!page_aligned(off))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV;
	if (prot & ~(uint32_t)(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC))
		return -EINVAL;
	if (!len)
		return -EINVAL;
	len = page_len(len);
	if (!len)
		return -ENOMEM;
	if (fixed) {
		if (!page_aligned(addr))
			return -EINVAL;
		if (addr < IHK_MC_USER_START)
			return -EPERM;
		if (!fits_user(addr, len))
			return -ENOMEM;
		/* MAP_FIXED_NOREPLACE wins over MAP_FIXED, as in Linux. */
		ret = proc_mm_map(p, addr, len, prot, VM_KIND_ANON,
				  !(flags & MAP_FIXED_NOREPLACE));
		return ret ? ret : (long)addr;
	}
	/* A hint is taken if the range there is free. */
	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	if (!addr || !fits_user(addr, len) || !vm_range_is_free(&p->vm, addr, len)) {
		if (find_free(p, len, &addr))
			return -ENOMEM;
	}
	ret = proc_mm_map(p, addr, len, prot, VM_KIND_ANON, false);
	return ret ? ret : (long)addr;
}

SYSCALL_DEFINE2(munmap, uint64_t, addr, uint64_t, len)
{
	if (!page_aligned(addr) || !len)
		return -EINVAL;
	len = page_len(len);
	if (!len || !fits_user(addr, len))
		return -EINVAL;
	return proc_mm_unmap(current_proc(), addr, len);
}

SYSCALL_DEFINE3(mprotect, uint64_t, addr, uint64_t, len, uint32_t, prot)
{
	if (!page_aligned(addr))
		return -EINVAL;
	/* PROT_GROWSDOWN/UP and unknown bits are not ours to honour. */
	if (prot & ~(uint32_t)(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC))
		return -EINVAL;
	if (!len)
		return 0;
	len = page_len(len);
	if (!len)
		return -ENOMEM;
	if (!fits_user(addr, len))
		return -ENOMEM;
	return proc_mm_protect(current_proc(), addr, len, prot);
}

/* new_address (the fifth argument) only counts with MREMAP_FIXED: refused. */
SYSCALL_DEFINE4(mremap, uint64_t, old, uint64_t, old_len, uint64_t, new_len,
		uint64_t, flags)
{
	struct lwk_proc *p = current_proc();
	uint64_t dst;
	const struct vm_area *area;
	uint32_t prot, kind;
	int ret;

	if (!page_aligned(old) || (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED |
						       MREMAP_DONTUNMAP)))
		return -EINVAL;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	old_len = page_len(old_len);
	new_len = page_len(new_len);
	if (!new_len)
		return -EINVAL;
	/* old_len 0 duplicates shared mappings only: none here. */
	if (!old_len)
		return -EINVAL;
	if (!fits_user(old, old_len))
		return -EFAULT;
	area = vm_range_lookup(&p->vm, old);
	if (!area || area->end < old + old_len)
		return -EFAULT;
	if (new_len == old_len)
		return old;
	if (new_len < old_len) {
		ret = proc_mm_unmap(p, old + new_len, old_len - new_len);
		return ret ? ret : (long)old;
	}
	prot = area->prot;
	kind = area->kind;
	/* In place if the pages after it are free. */
	if (fits_user(old, new_len) &&
	    vm_range_is_free(&p->vm, old + old_len, new_len - old_len)) {
		ret = proc_mm_map(p, old + old_len, new_len - old_len, prot, kind, false);
		if (!ret)
			return old;
		if (ret != -ENOMEM || !(flags & MREMAP_MAYMOVE))
			return ret;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (find_free(p, new_len, &dst))
		return -ENOMEM;
	ret = proc_mm_map(p, dst, new_len, prot, kind, false);
	if (ret)
		return ret;
	proc_mm_copy(p, dst, old, old_len);
	proc_mm_unmap(p, old, old_len);
	return dst;
}

SYSCALL_DEFINE3(madvise, uint64_t, addr, uint64_t, len_asked, int, advice)
{
	struct lwk_proc *p = current_proc();
	uint64_t len;

	if (!page_aligned(addr))
		return -EINVAL;
	/* Linux's known advice values: 0-4, 8-25 (MADV_COLLAPSE in 6.1). */
	if (advice < 0 || (advice > 4 && advice < 8) || advice > 25)
		return -EINVAL;
	len = page_len(len_asked);
	if (!len)
		return len_asked ? -EINVAL : 0;
	if (!fits_user(addr, len))
		return -EINVAL;
	if (!vm_range_is_mapped(&p->vm, addr, len))
		return -ENOMEM;
	/* Private anonymous memory reads back as zeros afterwards, as on Linux. */
	if (advice == MADV_DONTNEED || advice == MADV_REMOVE)
		proc_mm_zero(p, addr, len);
	return 0;
}
