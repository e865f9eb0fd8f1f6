// SPDX-License-Identifier: GPL-2.0
/*
 * The page below 1 MiB an LWK CPU starts in. Linux hands out no page there
 * (5.13+ reserves the first MiB), so we borrow its own SMP trampoline page:
 * only CPU bring-up uses it, and CPU hotplug stays disabled while it is
 * borrowed. Its direct mapping is read-only, so we write through a vmap()
 * alias, and put the original bytes back before hotplug is enabled again.
 * An admin can name another page with the trampoline_phys parameter.
 */
#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/realmode.h>

#include "ihk.h"

static unsigned long trampoline_phys;
module_param(trampoline_phys, ulong, 0444);
MODULE_PARM_DESC(trampoline_phys,
		 "page below 1 MiB for LWK CPU start-up (default: Linux's SMP trampoline)");

static phys_addr_t ihk_trampoline_page(void)
{
	struct real_mode_header **rmh;

	if (trampoline_phys)
		return trampoline_phys;
	rmh = ihk_ksym("real_mode_header");
	if (!rmh || !*rmh)
		return 0;
	return (*rmh)->trampoline_start;
}

/**
 * ihk_trampoline_borrow() - write our start-up code into the trampoline page
 * @t: filled with the page, its writable alias and a copy of its bytes
 * @data: what the trampoline needs (page tables, entry, stack)
 *
 * Linux hands out no page below 1 MiB, so we borrow its own SMP trampoline
 * page (or trampoline_phys): CPU hotplug is disabled until
 * ihk_trampoline_return(), so Linux does not use the page meanwhile. Its
 * direct mapping is read-only, hence the vmap() alias.
 *
 * Context: process context, sleeps; caller holds ihk_lock.
 * Return: 0; -EOPNOTSUPP (no usable page below 1 MiB), -ENOMEM, -EINVAL.
 */
int ihk_trampoline_borrow(struct ihk_trampoline *t,
			  const struct ihk_trampoline_data *data)
{
	size_t code = ihk_trampoline_blob_end - ihk_trampoline_blob;
	struct page *page;
	int ret;

	BUILD_BUG_ON(IHK_TRAMPOLINE_DATA + sizeof(*data) > PAGE_SIZE);
	if (WARN_ON_ONCE(code > IHK_TRAMPOLINE_DATA))
		return -EINVAL;

	t->phys = ihk_trampoline_page();
	if (!t->phys || t->phys >= SZ_1M || !PAGE_ALIGNED(t->phys)) {
		pr_err("ihk: no usable trampoline page below 1 MiB (got %pa)\n",
		       &t->phys);
		return -EOPNOTSUPP;
	}
	t->backup = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!t->backup)
		return -ENOMEM;
	page = pfn_to_page(PHYS_PFN(t->phys));
	t->alias = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!t->alias) {
		ret = -ENOMEM;
		goto err_backup;
	}

	cpu_hotplug_disable();
	memcpy(t->backup, t->alias, PAGE_SIZE);
	memset(t->alias, 0, PAGE_SIZE);
	memcpy(t->alias, ihk_trampoline_blob, code);
	memcpy(t->alias + IHK_TRAMPOLINE_DATA, data, sizeof(*data));
	return 0;

err_backup:
	kfree(t->backup);
	return ret;
}

/**
 * ihk_trampoline_return() - put the page's bytes back and enable hotplug
 * @t: what ihk_trampoline_borrow() filled
 *
 * The caller has INITed every CPU that might still run in the page.
 */
void ihk_trampoline_return(struct ihk_trampoline *t)
{
	memcpy(t->alias, t->backup, PAGE_SIZE);
	cpu_hotplug_enable();
	vunmap(t->alias);
	kfree(t->backup);
	t->alias = NULL;
	t->backup = NULL;
}
