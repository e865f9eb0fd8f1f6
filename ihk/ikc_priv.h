/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux end of IKC (include/ihk/ikc.h is the contract), shared by
 * ikc.c (area, channels, receiving, the IRQ handler), ikc_irq.c (the
 * notification IRQs' setup, CPU hotplug), ikc_map.c (which Linux CPU each LWK CPU notifies) and
 * ikc_ops.c (ping and stress). Not ABI.
 *
 * Locking, outermost first:
 *   ihk_lock -> cpus_read_lock() -> ihk_ikc_mutex -> chan->rx_lock
 *   -> os->ikc_clients.lock (read; ikc.c) -> the client's locks.
 * The CPU hotplug callback runs with the hotplug lock held and takes
 * ihk_ikc_mutex only, never ihk_lock. Nothing under ihk_ikc_mutex waits
 * for a CPU hotplug operation.
 */
#ifndef IHK_IKC_PRIV_H
#define IHK_IKC_PRIV_H

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <ikc_ring.h>
#include "ihk.h"

struct ihk_ikc;

/* One IRQ from x86_vector_domain, bound to one Linux CPU. */
struct ihk_ikc_irq {
	struct list_head list;		/* ikc->irqs, under ihk_ikc_mutex */
	struct ihk_ikc *ikc;
	unsigned int irq;
	int cpu;			/* the Linux CPU it is bound to */
	u64 target;			/* (APIC id << 32) | vector */
	/* Channels whose to_linux ring it drains; atomic bit operations. */
	DECLARE_BITMAP(chans, IKC_MAX_CHANNELS);
	/* Continues a drain the hard IRQ handler left unfinished. */
	struct work_struct work;
};

struct ihk_ikc_chan {
	struct ihk_ikc *ikc;
	unsigned int index;
	/*
	 * Our own view of the shared rings: every index is masked with the
	 * mask we set at setup, never with anything the LWK can write.
	 */
	struct ikc_ring_desc to_lwk;
	struct ikc_ring_desc to_linux;
	/* A ring was found corrupted: nothing touches them any more. */
	bool broken;
	struct ikc_channel_info *info;
	u32 lwk_apic;			/* APIC id of the LWK CPU serving it */
	int lwk_linux_cpu;		/* its Linux CPU number */
	struct ihk_ikc_irq *irq;	/* under ihk_ikc_mutex */

	/* One ping or stress at a time per channel; may sleep long. */
	struct mutex op_mutex;
	wait_queue_head_t wq;		/* waiters for PONG / STRESS_REPORT */
	wait_queue_head_t room_wq;	/* producers waiting for room in to_lwk */

	/*
	 * One drainer at a time (two IRQs may serve the channel while it
	 * moves), so messages are handled in ring order. It also guards
	 * everything below that the receiving side writes.
	 */
	spinlock_t rx_lock;
	u64 ping_cookie;		/* the PING being waited for */
	bool pong_in;
	struct ikc_msg pong;
	u64 st_expect;			/* next STRESS sequence from the LWK */
	u64 st_received, st_out_of_order, st_bad_payload;
	bool report_in;
	struct ikc_stress_report report;

	u64 ping_seq;			/* under op_mutex */
	atomic64_t rx_total;		/* messages taken from to_linux */
	atomic64_t ipis_to_lwk;
	atomic64_t ipis_to_linux;
};

struct ihk_ikc {
	struct ihk_os *os;
	struct list_head list;		/* ihk_ikc_list, under ihk_ikc_mutex */
	struct ikc_area *area;
	unsigned int nr_channels;
	struct list_head irqs;		/* under ihk_ikc_mutex */
	/* Set once, under ihk_lock, before the LWK is stopped. */
	bool closed;
	int close_err;
	/* A ring or the area header was found corrupted (the monitor fails the instance). */
	atomic_t broken;
	atomic_t users;			/* ping/stress calls in progress */
	struct ihk_ikc_chan chan[];
};

extern struct mutex ihk_ikc_mutex;
extern struct list_head ihk_ikc_list;

/* ikc.c */
void ihk_ikc_mark_broken(struct ihk_ikc_chan *chan, const char *what);
irqreturn_t ihk_ikc_irq_handler(int irq, void *data);
void ihk_ikc_irq_work(struct work_struct *work);
void ihk_ikc_notify_lwk(struct ihk_ikc_chan *chan);
int ihk_ikc_send(struct ihk_ikc_chan *chan, const struct ikc_msg *m,
		 unsigned int timeout_ms);
int ihk_ikc_get(struct ihk_os *os, int cpu, struct ihk_ikc_chan **chanp);
void ihk_ikc_put(struct ihk_ikc_chan *chan);

/* ikc_irq.c, under ihk_ikc_mutex */
struct ihk_ikc_irq *ihk_ikc_irq_get(struct ihk_ikc *ikc, int cpu);
void ihk_ikc_irq_put_unused(struct ihk_ikc *ikc);
void ihk_ikc_retarget(struct ihk_ikc_chan *chan, struct ihk_ikc_irq *ii);
int ihk_ikc_irqs_setup(struct ihk_ikc *ikc, const int *cpu_of_chan);

/* ikc_map.c, under ihk_lock */
bool ihk_ikc_cpu_usable(int cpu);
int ihk_ikc_map_target(struct ihk_os *os, int lwk_cpu, unsigned int index);

#endif /* IHK_IKC_PRIV_H */
