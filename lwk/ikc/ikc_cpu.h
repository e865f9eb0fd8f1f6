/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU IKC state, shared by channel.c and corrupt.c. */
#ifndef LWK_IKC_CPU_H
#define LWK_IKC_CPU_H

#include <ihk/boot.h>
#include <lwk/ikc_service.h>

/*
 * Written only by its own CPU (in its idle loop or its interrupt
 * handler); other CPUs read the counters for statistics, racily.
 */
struct ikc_cpu {
	struct ikc_service svc[2];	/* its own channel; cpus[0]: master too */
	unsigned int nr_svc;
	uint64_t ipis_sent;		/* notifications sent to Linux */
	uint64_t ipis_received;		/* IHK_LWK_IKC_VECTOR taken */
	uint64_t no_target;		/* notifications with no Linux CPU set */
	uint64_t sleeps;		/* HLTs in the idle loop */
	unsigned int logged;		/* unexpected messages logged so far */
	bool user_announced;		/* asleep for Linux while in user mode */
	unsigned int serving;		/* bit i: svc[i] is inside its poll */
};

extern struct ikc_cpu ikc_cpus[IHK_LWK_MAX_CPUS];
extern struct ikc_area *ikc_area;	/* NULL: IKC is off */

/* Send Linux the notification IPI of @s's channel (channel.c). */
void ikc_notify_linux(struct ikc_service *s);

#endif /* LWK_IKC_CPU_H */
