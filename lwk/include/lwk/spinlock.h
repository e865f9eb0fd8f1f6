/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test-and-set spinlock that remembers its owner, so the panic path can
 * tell "I hold it myself" (a fault inside printk) from "another CPU holds
 * it" and break it instead of deadlocking.
 *
 * A CPU spinning here serves TLB shootdowns asked of it (asm/tlb.h): the
 * holder may be waiting for exactly that, with interrupts off.
 */
#ifndef LWK_SPINLOCK_H
#define LWK_SPINLOCK_H

#include <lwk/types.h>
#include <asm/cpu.h>
#include <asm/tlb.h>

#define SPIN_NO_OWNER	0xffffffffu

typedef struct {
	uint32_t locked;
	uint32_t owner;		/* CPU index, or SPIN_NO_OWNER */
} spinlock_t;

#define SPINLOCK_INIT	{ 0, SPIN_NO_OWNER }

static inline bool spin_trylock(spinlock_t *l, uint32_t me)
{
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	l->owner = me;
	return true;
}

static inline void spin_lock(spinlock_t *l, uint32_t me)
{
	while (!spin_trylock(l, me))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			tlb_poll_cpu(me);
			cpu_relax();
		}
}

static inline void spin_unlock(spinlock_t *l)
{
	l->owner = SPIN_NO_OWNER;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Take the lock whoever holds it (panic only). */
static inline void spin_force(spinlock_t *l, uint32_t me)
{
	__atomic_store_n(&l->locked, 1, __ATOMIC_SEQ_CST);
	l->owner = me;
}

#endif /* LWK_SPINLOCK_H */
