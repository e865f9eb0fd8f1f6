/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLB shootdown between LWK CPUs (lwk/arch/x86_64/tlb.c). Threads of one
 * process run on several CPUs at once, each with the process's page
 * tables loaded; when a mapping loses entries or rights, every CPU that
 * has those tables loaded must drop what its TLB cached before the pages
 * can be reused.
 *
 * Each CPU publishes the user page table root it has loaded (0 for the
 * kernel's own tables, in the idle loop) before it writes CR3. A
 * shootdown flushes its own TLB, then asks each other CPU with that root
 * loaded to flush (an IPI) and waits until each says it did. A CPU takes
 * the request in any interrupt, and while it spins for a lock or waits
 * for its own shootdown (tlb_poll()), so two CPUs that shoot at each
 * other, or at the holder of a lock they spin for, never deadlock.
 */
#ifndef LWK_ASM_TLB_H
#define LWK_ASM_TLB_H

#include <lwk/types.h>

/* This CPU is about to load @root into CR3 (0: the kernel's tables). */
void tlb_set_loaded_root(uint64_t root);

/*
 * Every CPU with user page tables @root loaded (this one too) flushes
 * its TLB; returns when all did. Interrupts off or on; no lock held that
 * is taken without tlb_poll() in its spin (spin_lock() polls).
 */
void tlb_shootdown(uint64_t root);

/* Serve a shootdown asked of this CPU (@cpu: its index), if any. */
void tlb_poll_cpu(unsigned int cpu);
void tlb_poll(void);

#endif /* LWK_ASM_TLB_H */
