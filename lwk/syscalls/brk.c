// SPDX-License-Identifier: GPL-2.0
/*
 * brk: the heap starts where the segment mcexec mapped with
 * IHK_MC_MAP_BRK ends and moves in whole pages, populated as it grows
 * (zeroed: shrunk pages are freed, regrown ones are new). As on Linux,
 * a request that cannot be met returns the unchanged break.
 */
#include <lwk/proc.h>
#include "handlers.h"

SYSCALL_DEFINE1(brk, uint64_t, want)
{
	struct lwk_proc *p = current_proc();
	uint64_t old_end, new_end;

	if (!p->brk_start || want < p->brk_start || want >= IHK_MC_USER_END)
		return p->brk;
	old_end = ALIGN_UP(p->brk, PAGE_SIZE);
	new_end = ALIGN_UP(want, PAGE_SIZE);
	if (new_end > old_end) {
		if (proc_mm_map(p, old_end, new_end - old_end,
				VM_PROT_READ | VM_PROT_WRITE, VM_KIND_HEAP, false))
			return p->brk;
	} else if (new_end < old_end) {
		if (proc_mm_unmap(p, new_end, old_end - new_end))
			return p->brk;
	}
	p->brk = want;
	return want;
}
