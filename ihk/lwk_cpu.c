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

/**
 * ihk_lwk_cpu_init() - send INIT to a CPU, parking it in wait-for-SIPI
 * @apic_id: its APIC id
 *
 * INIT stops a CPU whatever it does: Linux's play_dead loop, LWK code, or a
 * halt after a panic. It is how every LWK CPU is stopped before it goes
 * back to Linux or boots again.
 *
 * Context: any context; uses the local APIC of the current CPU.
 */
void ihk_lwk_cpu_init(u32 apic_id)
{
	ihk_icr_send(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apic_id);
	udelay(10);
	ihk_icr_send(APIC_INT_LEVELTRIG | APIC_DM_INIT, apic_id);
}

/**
 * ihk_lwk_cpu_start() - start a CPU in the trampoline page
 * @apic_id: its APIC id
 * @phys: the trampoline page, below 1 MiB and page-aligned
 *
 * INIT, then two STARTUP IPIs, as the MP start-up protocol asks.
 *
 * Context: process context (it delays about 11 ms).
 */
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
