// SPDX-License-Identifier: GPL-2.0
/*
 * The only place ihk.ko reaches symbols Linux does not export. Each one is
 * listed here with the reason, and looked up when first needed:
 *
 *   kallsyms_lookup_name  not exported since 5.7; a kprobe on it yields its
 *                         address, and it finds the symbols below.
 *   real_mode_header      where Linux keeps its real-mode trampoline below
 *                         1 MiB, the one page an INIT/SIPI can start a CPU in
 *                         (the first MiB is never given out by the buddy
 *                         allocator since 5.13).
 *   dmesg_restrict        kernel.dmesg_restrict: who may read the LWK
 *                         console follows it, as for dmesg.
 */
#include <linux/kprobes.h>
#include <linux/mutex.h>

#include "ihk.h"

typedef unsigned long (*kallsyms_lookup_name_t)(const char *name);

static kallsyms_lookup_name_t ihk_kallsyms_lookup_name;
static DEFINE_MUTEX(ihk_ksyms_mutex);

static kallsyms_lookup_name_t ihk_find_kallsyms(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };

	mutex_lock(&ihk_ksyms_mutex);
	if (!ihk_kallsyms_lookup_name && !register_kprobe(&kp)) {
		ihk_kallsyms_lookup_name = (kallsyms_lookup_name_t)kp.addr;
		unregister_kprobe(&kp);
	}
	mutex_unlock(&ihk_ksyms_mutex);
	return ihk_kallsyms_lookup_name;
}

/**
 * ihk_ksym() - the address of a symbol Linux does not export
 * @name: one of the symbols listed at the top of ksyms.c
 *
 * Every unexported symbol ihk.ko uses goes through here, so the list of
 * them is in one file.
 *
 * Context: process context (a kprobe is registered on first use).
 * Return: the address, or NULL if it cannot be found.
 */
void *ihk_ksym(const char *name)
{
	kallsyms_lookup_name_t lookup = ihk_find_kallsyms();

	if (!lookup)
		return NULL;
	return (void *)lookup(name);
}
