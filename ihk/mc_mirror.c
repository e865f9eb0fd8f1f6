// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror: mcexec maps /dev/mcosN over [IHK_MC_USER_START,
 * IHK_MC_USER_END) and each fault there is served from the LWK process's
 * own page tables, so the process's memory appears at the same virtual
 * addresses in mcexec.
 *
 * Safety: an unprivileged user must never reach memory outside the
 * instance. Every table page the walk reads and the page it maps must lie
 * inside the instance's memory as it was at CREATE (it cannot change while
 * the instance runs). When the instance stops, ihk_mc_mirror_kill() makes
 * every later fault fail and zaps what was mapped, before the memory can
 * go back to Linux. Only the creator may map it, and a fork of mcexec
 * does not inherit it (VM_DONTCOPY).
 *
 * Permissions: once the process runs, the mirror is writable only where
 * the LWK's tables are writable at every level, so an offloaded call that
 * writes into read-only memory fails with EFAULT as on Linux. Pages are
 * inserted read-only where the LWK's are; a later write to one comes back
 * through pfn_mkwrite, which asks the LWK's tables again. An mprotect that
 * takes rights away zaps the mirror like an munmap (the LWK's zap rule).
 * Before START the creator is loading the program (segments and the stack
 * are written through the mirror), so everything mapped is writable then.
 *
 * Dirty bits: a page the mirror may write gets IHK_PTE_D on its LWK leaf
 * when it is inserted writable or made writable (include/ihk/pte.h): the
 * LWK's MADV_DONTNEED zeroes only dirty pages, and stores through the
 * mirror do not go through the LWK's tables. The bit is set with an
 * atomic OR in a table page checked to lie inside the instance.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched/mm.h>

#include <ihk/pte.h>

#include "mc_priv.h"

/*
 * Fault injection for the tests: a pause between the walk and the insert,
 * the window in which a ZAP must not slip through (see ihk_mc_zap()).
 */
static unsigned int mirror_fault_delay_us;
module_param(mirror_fault_delay_us, uint, 0644);
MODULE_PARM_DESC(mirror_fault_delay_us,
		 "test only: pause each mirror fault between its walk and its insert");

/*
 * The physical page that LWK user address @va maps, or 0. Present and
 * user-accessible at every level, 4 KiB PTEs or 2 MiB / 1 GiB PS entries.
 * *@writable: writable at every level too; *@leaf: the leaf entry.
 */
static u64 ihk_mc_walk(struct ihk_mc_proc *p, u64 va, bool *writable, u64 **leaf)
{
	u64 table = READ_ONCE(p->status->pml4_phys), e, size;
	unsigned int level;

	*writable = true;

	/* The LWK sets the root once, at CREATE, inside its memory. */
	if (!PAGE_ALIGNED(table) || !ihk_mc_in_instance(p, table, PAGE_SIZE)) {
		ihk_os_mark_corrupt(p->os, "a process's page-table root");
		return 0;
	}
	for (level = 0; level < IHK_PT_LEVELS; level++) {
		unsigned int shift = IHK_PT_LEVEL_SHIFT(level);
		u64 *t;

		if (!ihk_mc_in_instance(p, table, PAGE_SIZE))
			return 0;
		t = phys_to_virt(table);
		*leaf = &t[(va >> shift) & (IHK_PT_ENTRIES - 1)];
		e = READ_ONCE(**leaf);
		if ((e & (IHK_PTE_P | IHK_PTE_U)) != (IHK_PTE_P | IHK_PTE_U))
			return 0;
		if (!(e & IHK_PTE_W))
			*writable = false;
		if (level == IHK_PT_LEVELS - 1)
			break;
		if (e & IHK_PTE_PS) {
			if (level == 0)		/* reserved in a PML4 entry */
				return 0;
			size = 1ULL << shift;
			e = (e & IHK_PTE_ADDR_MASK & ~(size - 1)) + (va & (size - 1));
			break;
		}
		table = e & IHK_PTE_ADDR_MASK;
	}
	e &= IHK_PTE_ADDR_MASK;
	return ihk_mc_in_instance(p, e, PAGE_SIZE) ? e : 0;
}

/*
 * Under mirror_sem: the page at @va for the mirror, or 0; see the top. A
 * page it returns writable is dirty from now on.
 */
static u64 ihk_mc_lookup(struct ihk_mc_proc *p, u64 va, bool *writable)
{
	u64 *leaf = NULL;
	u64 phys = ihk_mc_walk(p, va, writable, &leaf);

	if (!p->started)
		*writable = true;
	if (phys && *writable)
		atomic64_or(IHK_PTE_D, (atomic64_t *)leaf);
	return phys;
}

static vm_fault_t ihk_mc_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct ihk_mc_proc *p = vma->vm_private_data;
	unsigned long addr = vmf->address & PAGE_MASK;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	bool writable;
	pgprot_t prot;
	u64 phys;

	down_read(&p->mirror_sem);
	if (p->mirror_gone)
		goto out;
	/*
	 * Before the walk (a locked add is a full barrier): an LWK that
	 * cleared a PTE and still sees the old count knows no walk can
	 * have found its page since its last ZAP.
	 */
	atomic64_inc((atomic64_t *)&p->status->mirror_faults);
	phys = ihk_mc_lookup(p, addr, &writable);
	if (!phys || (!writable && (vmf->flags & FAULT_FLAG_WRITE)))
		goto out;
	if (READ_ONCE(mirror_fault_delay_us))
		fsleep(READ_ONCE(mirror_fault_delay_us));
	/*
	 * vm_page_prot is read-only (pfn_mkwrite asks for write notification);
	 * the VMA's full rights are for pages the LWK lets it write.
	 */
	prot = writable ? vm_get_page_prot(vma->vm_flags) : vma->vm_page_prot;
	ret = vmf_insert_pfn_prot(vma, addr, PHYS_PFN(phys), prot);
out:
	up_read(&p->mirror_sem);
	return ret;
}

/*
 * A write to a page inserted read-only. Allowed if the LWK maps the same
 * page writable now; a different page means a ZAP is on its way: retry.
 * Linux rechecks the PTE after this returns, so a ZAP that runs after the
 * check is not undone.
 */
static vm_fault_t ihk_mc_pfn_mkwrite(struct vm_fault *vmf)
{
	struct ihk_mc_proc *p = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	bool writable;
	u64 phys;

	down_read(&p->mirror_sem);
	if (p->mirror_gone)
		goto out;
	atomic64_inc((atomic64_t *)&p->status->mirror_faults);
	phys = ihk_mc_lookup(p, vmf->address & PAGE_MASK, &writable);
	if (!phys || !writable)
		goto out;
	ret = PHYS_PFN(phys) == pte_pfn(vmf->orig_pte) ? 0 : VM_FAULT_NOPAGE;
out:
	up_read(&p->mirror_sem);
	return ret;
}

/* The mirror maps LWK addresses one to one: it must not move. */
static int ihk_mc_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct vm_operations_struct ihk_mc_vm_ops = {
	.fault		= ihk_mc_fault,
	.pfn_mkwrite	= ihk_mc_pfn_mkwrite,
	.mremap		= ihk_mc_mremap,
};

/**
 * ihk_mc_mmap() - map the mirror of the file's process
 * @f: the creator's file
 * @vma: must cover exactly [IHK_MC_USER_START, IHK_MC_USER_END), shared
 *
 * Only the creator's address space may map it, and a fork does not inherit
 * it (VM_DONTCOPY): the mirror shows one user's process to that user only.
 * Pages come one by one from faults (ihk_mc_fault()).
 *
 * Context: mmap(), mmap_lock held for writing; takes mc.lock and
 * mirror_sem (read).
 * Return: 0; -EINVAL (wrong range or not created), -EPERM, -ESHUTDOWN.
 */
int ihk_mc_mmap(struct ihk_os_file *f, struct vm_area_struct *vma)
{
	struct ihk_mc_proc *p;
	bool live, down;
	int ret;

	ret = ihk_mc_creator_proc(f, &p, &live, &down);
	if (ret)
		return ret == -ESRCH ? -EINVAL : ret;
	if (vma->vm_mm != p->mm)
		return -EPERM;
	if (vma->vm_start != IHK_MC_USER_START || vma->vm_end != IHK_MC_USER_END ||
	    vma->vm_pgoff || !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (down)
		return -ESHUTDOWN;
	if (!live)
		return -EINVAL;
	/* The stop path sets mirror_gone, then zaps every mirror VMA. */
	down_read(&p->mirror_sem);
	if (p->mirror_gone) {
		ret = -ESHUTDOWN;
	} else {
		vma->vm_flags |= VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP |
				 VM_DONTCOPY;
		vma->vm_ops = &ihk_mc_vm_ops;
		vma->vm_private_data = p;
	}
	up_read(&p->mirror_sem);
	return ret;
}

/**
 * ihk_mc_zap_range() - remove the mirror's PTEs of a process in a range
 * @p: the process
 * @mm: the address space holding the mirror
 * @start: first address
 * @end: end of the range (exclusive)
 *
 * Only VMAs of this process's mirror are touched.
 *
 * Context: caller holds @mm's mmap_lock (read is enough for zap_vma_ptes).
 */
void ihk_mc_zap_range(struct ihk_mc_proc *p, struct mm_struct *mm, u64 start,
		      u64 end)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = find_vma(mm, vma->vm_end)) {
		if (vma->vm_ops != &ihk_mc_vm_ops || vma->vm_private_data != p)
			continue;
		zap_vma_ptes(vma, max_t(u64, start, vma->vm_start),
			     min_t(u64, end, vma->vm_end) - max_t(u64, start, vma->vm_start));
	}
}

/**
 * ihk_mc_mirror_kill() - the instance stops: the mirror maps nothing more
 * @p: the process
 *
 * mirror_gone makes every later fault fail, then everything mapped is
 * zapped, so no user mapping of instance memory survives the instance.
 * An mm on its way out unmaps everything itself.
 *
 * Context: process context, sleeps; takes mirror_sem (write), then, after
 * releasing it, the mm's mmap_lock.
 */
void ihk_mc_mirror_kill(struct ihk_mc_proc *p)
{
	struct mm_struct *mm = p->mm;

	down_write(&p->mirror_sem);
	p->mirror_gone = true;
	up_write(&p->mirror_sem);
	if (!mm || !mmget_not_zero(mm))
		return;
	mmap_read_lock(mm);
	ihk_mc_zap_range(p, mm, IHK_MC_USER_START, IHK_MC_USER_END);
	mmap_read_unlock(mm);
	mmput(mm);
}

/**
 * ihk_mc_mirror_seal() - loading is over: take back the loader's write access
 * @p: the process
 *
 * Before START everything is mapped writable (mcexec writes the segments
 * and the stack); after it, pages come back with the LWK's own rights.
 *
 * Context: START, in the creator's context; takes mmap_lock (read), then
 * mirror_sem (write).
 */
void ihk_mc_mirror_seal(struct ihk_mc_proc *p)
{
	mmap_read_lock(current->mm);
	down_write(&p->mirror_sem);
	p->started = true;
	ihk_mc_zap_range(p, current->mm, IHK_MC_USER_START, IHK_MC_USER_END);
	up_write(&p->mirror_sem);
	mmap_read_unlock(current->mm);
}
