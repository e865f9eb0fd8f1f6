// SPDX-License-Identifier: GPL-2.0
/*
 * Starting, stopping and signalling LWK CPUs through the local APIC of
 * whichever Linux CPU runs this, with Linux's own exported apic driver
 * (xAPIC or x2APIC, whatever Linux chose).
 */
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <asm/apic.h>

#include "ihk.h"

static void ihk_icr_send(u32 low, u32 apic_id)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_icr_write(low, apic_id);
	safe_apic_wait_icr_idle();
	local_irq_restore(flags);
}

/*
 * INIT parks a CPU in wait-for-SIPI, whatever it was doing: Linux's
 * play_dead loop, LWK code, or a halt after a panic. It is how every LWK
 * CPU is stopped before it goes back to Linux.
 */
void ihk_lwk_cpu_init(u32 apic_id)
{
	ihk_icr_send(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apic_id);
	udelay(10);
	ihk_icr_send(APIC_INT_LEVELTRIG | APIC_DM_INIT, apic_id);
}

/* INIT, then two STARTUP IPIs into the trampoline page at @phys. */
void ihk_lwk_cpu_start(u32 apic_id, phys_addr_t phys)
{
	int i;

	ihk_icr_send(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apic_id);
	mdelay(10);
	ihk_icr_send(APIC_INT_LEVELTRIG | APIC_DM_INIT, apic_id);
	for (i = 0; i < 2; i++) {
		ihk_icr_send(APIC_DM_STARTUP | (phys >> PAGE_SHIFT), apic_id);
		udelay(300);
	}
}

void ihk_lwk_cpu_notify(u32 apic_id, u8 vector)
{
	ihk_icr_send(APIC_DM_FIXED | vector, apic_id);
}
