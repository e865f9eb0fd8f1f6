// SPDX-License-Identifier: GPL-2.0
/*
 * Debug requests (abi.h IHK_DEBUG_CORRUPT_*): scribble on what we share
 * with Linux, as a stray write of a buggy LWK would, and go on running.
 * Tests use them to show that ihk.ko survives each (kernel/request.c
 * calls us on cpus[0], interrupts off).
 */
#include <lwk/ikc.h>
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/proc.h>

/* A page of Linux's, well outside any instance. */
#define CORRUPT_PML4		0x1000ULL

static void corrupt_kmsg(void)
{
	struct ihk_kmsg_ring *k = &shared->kmsg;

	/* Said first: what we print afterwards lands behind wild positions. */
	printk("debug: corrupting the console header\n");
	WRITE_ONCE(k->size, 0x80000000u);
	WRITE_ONCE(k->reserved, 0x7fff0000ULL);
	WRITE_ONCE(k->committed, 0x7fff0000ULL);
}

static void corrupt_status(struct lwk_proc *p, void *arg)
{
	struct ihk_lwk_proc_status *st = p->pub.status;
	unsigned int *n = arg;

	if (!st)
		return;
	WRITE_ONCE(st->pml4_phys, CORRUPT_PML4);
	WRITE_ONCE(st->state, 0xffffffffu);
	WRITE_ONCE(st->rss_bytes, ~0ULL);
	WRITE_ONCE(st->pid, -1);
	WRITE_ONCE(st->nr_threads, 0xffffffffu);
	(*n)++;
}

static void corrupt_procs(void)
{
	unsigned int n = 0;

	proc_for_each_locked(corrupt_status, &n);
	printk("debug: corrupted the status pages of %u processes\n", n);
}

void debug_corrupt(unsigned int what)
{
	switch (what) {
	case IHK_DEBUG_CORRUPT_KMSG:
		corrupt_kmsg();
		break;
	case IHK_DEBUG_CORRUPT_PROC:
		corrupt_procs();
		break;
	default:
		ikc_debug_corrupt(what);
		break;
	}
}
