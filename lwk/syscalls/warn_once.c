// SPDX-License-Identifier: GPL-2.0
/*
 * Which warnings the process on each LWK CPU has had. A CPU runs one
 * process at a time and only its own syscalls touch its slot, so no lock;
 * a new pid in the slot starts a clean record (a pid that comes back
 * later just gets its lines again).
 */
#include <lwk/process.h>
#include <ihk/boot.h>
#include "warn_once.h"

struct warned {
	int pid;
	uint32_t bits;
};

static struct warned warned[IHK_LWK_MAX_CPUS];

bool process_warn_once(enum lwk_warn what)
{
	struct lwk_thread *t = current_thread();
	struct warned *w = &warned[t->cpu % IHK_LWK_MAX_CPUS];

	if (w->pid != t->proc->pid) {
		w->pid = t->proc->pid;
		w->bits = 0;
	}
	if (w->bits & (1u << what))
		return false;
	w->bits |= 1u << what;
	return true;
}
