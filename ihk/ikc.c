// SPDX-License-Identifier: GPL-2.0
/*
 * IKC on the Linux side: the area the LWK boots with, sending on to_lwk
 * rings and draining to_linux rings (include/ihk/ikc.h is the contract).
 *
 * Receiving: the hard IRQ handler of the Linux CPU a channel notifies
 * drains up to IKC_DRAIN_BUDGET messages per channel; a stream that keeps
 * coming is left to a work item on the same CPU (system_highpri_wq), which
 * drains in batches with interrupts enabled in between and may be
 * preempted, so a message storm cannot pin a Linux CPU in interrupt
 * context. While nobody drains, every to_linux ring has consumer_sleeping
 * set, so the LWK notifies; while the work drains it is clear, and a busy
 * stream costs no IPI.
 */
#include <linux/nospec.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>

#include "ikc_priv.h"

#define IKC_DRAIN_BUDGET	64
/*
 * Rounds of a drain that take nothing although the ring said it was not
 * empty: with one consumer (us, under rx_lock) a correct LWK makes the
 * next round take a message, so a few mean the ring lies.
 */
#define IKC_DRAIN_IDLE_ROUNDS	4
/* A waiting producer looks again this often even if nobody wakes it. */
#define IKC_ROOM_POLL		max_t(long, 1, msecs_to_jiffies(10))

DEFINE_MUTEX(ihk_ikc_mutex);
LIST_HEAD(ihk_ikc_list);

static u64 ihk_ikc_header_bytes(void)
{
	return round_up(sizeof(struct ikc_area), 64);
}

/**
 * ihk_ikc_area_size() - bytes of the IKC area for a number of LWK CPUs
 * @nr_cpus: LWK CPUs of the boot
 *
 * The header plus two rings (to_lwk, to_linux) per channel: the master
 * channel and one per CPU. Boot reserves this much in the kernel chunk,
 * so the LWK never allocates it.
 *
 * Return: the size in bytes.
 */
u64 ihk_ikc_area_size(unsigned int nr_cpus)
{
	return ihk_ikc_header_bytes() +
	       2ULL * IKC_CPU_CHANNEL(nr_cpus) * IKC_RING_BYTES(IKC_RING_SLOTS);
}

/**
 * ihk_ikc_notify_lwk() - send the IKC notification IPI to a channel's LWK CPU
 * @chan: the channel
 *
 * Context: any context, including hard IRQ (the drain notifies a producer
 * waiting for room).
 */
void ihk_ikc_notify_lwk(struct ihk_ikc_chan *chan)
{
	atomic64_inc(&chan->ipis_to_lwk);
	ihk_lwk_cpu_notify(chan->lwk_apic, IHK_LWK_IKC_VECTOR);
}

/**
 * ihk_ikc_mark_broken() - a ring of a channel is corrupted: stop using it
 * @chan: the channel
 * @what: how it was found, for the one log line
 *
 * Sends fail with -EIO from now on, the drain leaves the channel alone,
 * waiters wake, and the monitor makes the instance FAILED. One line per
 * instance: the first ring found broken.
 *
 * Context: any context, including hard IRQ with rx_lock held.
 */
void ihk_ikc_mark_broken(struct ihk_ikc_chan *chan, const char *what)
{
	struct ihk_ikc *ikc = chan->ikc;

	WRITE_ONCE(chan->broken, true);
	if (atomic_xchg(&ikc->broken, 1))
		return;
	pr_warn_ratelimited("ihk: %s: channel %u: %s corrupted by the LWK; instance FAILED\n",
			    ikc->os->name, chan->index, what);
	wake_up_all(&chan->wq);
	wake_up_all(&chan->room_wq);
}

/**
 * ihk_ikc_clients_init() - an empty client table for a new instance
 * @os: the new instance
 *
 * The clients: for each instance, one handler per message class
 * (include/ihk/ikc.h), which the receive path calls for every message of
 * that class. The transport knows no client by name: the process service
 * (mc_ikc.c) and ping/stress (ikc_ops.c) register when the instance is
 * created and unregister when it is destroyed.
 *
 * The table is in struct ihk_os, Linux memory the LWK cannot reach; the
 * class index comes from our own copy of the message and is checked
 * against IKC_NR_CLASSES before it indexes anything.
 *
 * Locking: clients->lock (an rwlock). The receive path holds it for
 * reading across the handler, inside chan->rx_lock, in hard IRQ or with
 * interrupts off; (un)registering holds it for writing with interrupts
 * off. So once ihk_ikc_unregister() returns no handler of that class runs
 * or will run, and its data may go. Order:
 *   chan->rx_lock -> clients->lock -> whatever the handler takes (mc.lock).
 * Nothing is taken under the write side.
 */
void ihk_ikc_clients_init(struct ihk_os *os)
{
	rwlock_init(&os->ikc_clients.lock);
}

/**
 * ihk_ikc_register() - make @take the handler of message class @cls
 * @os: the instance
 * @cls: an IKC_CLASS_* of include/ihk/ikc.h
 * @take: called for every message of that class, in the receive path
 * @data: passed to @take
 *
 * Context: process context; takes clients->lock for writing, irqs off.
 * Return: 0; -EINVAL a bad class or no handler; -EBUSY the class has one.
 */
int ihk_ikc_register(struct ihk_os *os, unsigned int cls,
		     ihk_ikc_handler_t take, void *data)
{
	struct ihk_ikc_clients *c = &os->ikc_clients;
	unsigned long flags;
	int ret = 0;

	if (cls >= IKC_NR_CLASSES || !take)
		return -EINVAL;
	write_lock_irqsave(&c->lock, flags);
	if (c->cls[cls].take) {
		ret = -EBUSY;
	} else {
		c->cls[cls].take = take;
		c->cls[cls].data = data;
	}
	write_unlock_irqrestore(&c->lock, flags);
	return ret;
}

/**
 * ihk_ikc_unregister() - remove the handler of message class @cls
 * @os: the instance
 * @cls: an IKC_CLASS_* of include/ihk/ikc.h
 *
 * Context: process context; takes clients->lock for writing, irqs off.
 * Once it returns no handler of @cls runs or will run.
 */
void ihk_ikc_unregister(struct ihk_os *os, unsigned int cls)
{
	struct ihk_ikc_clients *c = &os->ikc_clients;
	unsigned long flags;

	if (WARN_ON(cls >= IKC_NR_CLASSES))
		return;
	/* Waits for a handler in flight: it holds the lock for reading. */
	write_lock_irqsave(&c->lock, flags);
	c->cls[cls].take = NULL;
	c->cls[cls].data = NULL;
	write_unlock_irqrestore(&c->lock, flags);
}

/*
 * Hand @m (our copy, its length checked) to the client of its class, under
 * chan->rx_lock. False if the class is past IKC_NR_CLASSES or has no
 * client: the caller reports it.
 */
static bool ihk_ikc_dispatch(struct ihk_ikc_chan *chan, const struct ikc_msg *m)
{
	struct ihk_ikc_clients *c = &chan->ikc->os->ikc_clients;
	/* Read once: @m is our copy, but the class must not change under us. */
	unsigned int cls = IKC_MSG_CLASS(READ_ONCE(m->type));
	bool taken = false;

	if (cls >= IKC_NR_CLASSES)
		return false;
	cls = array_index_nospec(cls, IKC_NR_CLASSES);
	read_lock(&c->lock);
	if (c->cls[cls].take) {
		c->cls[cls].take(chan, chan->index, m, c->cls[cls].data);
		taken = true;
	}
	read_unlock(&c->lock);
	return taken;
}

/*
 * What the LWK sent us (@m is our copy), under chan->rx_lock: to the
 * client of its class (ihk_ikc_dispatch()).
 */
static void ihk_ikc_take(struct ihk_ikc_chan *chan, const struct ikc_msg *m)
{
	/* No correct LWK writes these: the slot was scribbled on. */
	if (m->len > IKC_PAYLOAD_MAX) {
		ihk_ikc_mark_broken(chan, "to_linux message length");
		return;
	}
	if (!ihk_ikc_dispatch(chan, m))
		pr_info_ratelimited("ihk: %s: channel %u: unexpected message type 0x%x\n",
				    chan->ikc->os->name, chan->index, m->type);
}

/*
 * Take up to @budget messages from @chan's to_linux ring. True if the ring
 * was left empty with consumer_sleeping set; false if the budget ran out
 * (the flag stays clear: the caller must come back).
 */
static bool ihk_ikc_drain_chan(struct ihk_ikc_chan *chan, unsigned int budget)
{
	const struct ikc_ring_desc *r = &chan->to_linux;
	unsigned int n = 0, taken, idle_rounds = 0;
	unsigned long flags;
	struct ikc_msg m;
	bool idle = true;
	int ret;

	spin_lock_irqsave(&chan->rx_lock, flags);
	if (READ_ONCE(chan->broken))
		goto out;
	ikc_ring_consumer_awake(r);
	for (;;) {
		taken = 0;
		ret = 0;
		while (n < budget && !(ret = ikc_ring_recv(r, &m))) {
			ihk_ikc_take(chan, &m);
			n++;
			taken++;
			if (READ_ONCE(chan->broken))
				goto out;
		}
		if (ret == -EIO || (!taken && ++idle_rounds > IKC_DRAIN_IDLE_ROUNDS)) {
			ihk_ikc_mark_broken(chan, "to_linux ring");
			idle = true;
			break;
		}
		/* The LWK may be waiting for the room we just made. */
		if (taken && ikc_ring_producer_needs_notify(r))
			ihk_ikc_notify_lwk(chan);
		if (n >= budget) {
			idle = false;
			break;
		}
		if (ikc_ring_consumer_may_sleep(r)) {
			idle = true;
			break;
		}
	}
out:
	spin_unlock_irqrestore(&chan->rx_lock, flags);
	if (n)
		atomic64_add(n, &chan->rx_total);
	/* The LWK notifies after taking from a to_lwk ring we wait on. */
	if (wq_has_sleeper(&chan->room_wq))
		wake_up(&chan->room_wq);
	return idle;
}

/**
 * ihk_ikc_irq_drain() - take the messages of every channel an IRQ serves
 * @ii: the IRQ
 * @hardirq: called from the hard IRQ handler (else from its work item)
 *
 * From the hard IRQ handler one budget (IKC_DRAIN_BUDGET messages) per
 * channel, and the rest is left to the work item on the same CPU, which
 * drains until idle with rescheduling points in between: a message storm
 * cannot pin a Linux CPU in interrupt context.
 *
 * Context: hard IRQ, or process context (system_highpri_wq); takes each
 * channel's rx_lock with interrupts off.
 */
static void ihk_ikc_irq_drain(struct ihk_ikc_irq *ii, bool hardirq)
{
	struct ihk_ikc *ikc = ii->ikc;
	unsigned int c;
	bool busy;

	do {
		busy = false;
		for_each_set_bit(c, ii->chans, ikc->nr_channels) {
			struct ihk_ikc_chan *chan = &ikc->chan[c];

			/* The LWK took our announcement: it sent an IPI. */
			if (hardirq && !READ_ONCE(chan->to_linux.ring->consumer_sleeping))
				atomic64_inc(&chan->ipis_to_linux);
			if (!ihk_ikc_drain_chan(chan, IKC_DRAIN_BUDGET))
				busy = true;
		}
		if (hardirq) {
			if (busy)
				queue_work(system_highpri_wq, &ii->work);
			return;
		}
		cond_resched();
	} while (busy);
}

/**
 * ihk_ikc_irq_handler() - the handler of an IKC notification IRQ
 * @irq: the Linux IRQ (ihk-ikc in /proc/interrupts)
 * @data: its struct ihk_ikc_irq
 *
 * Context: hard IRQ.
 * Return: IRQ_HANDLED.
 */
irqreturn_t ihk_ikc_irq_handler(int irq, void *data)
{
	ihk_ikc_irq_drain(data, true);
	return IRQ_HANDLED;
}

/**
 * ihk_ikc_irq_work() - drain what the hard IRQ handler left
 * @work: the IRQ's work item
 *
 * Context: process context (system_highpri_wq).
 */
void ihk_ikc_irq_work(struct work_struct *work)
{
	ihk_ikc_irq_drain(container_of(work, struct ihk_ikc_irq, work), false);
}

/**
 * ihk_ikc_send() - put a message on a channel's to_lwk ring
 * @chan: the channel; the caller holds a users reference on its ikc
 * @m: the message
 * @timeout_ms: how long a full ring may stay full (the clock restarts
 *              whenever the LWK takes a message)
 *
 * A full ring makes the sender wait for room (the LWK notifies when it
 * takes from a ring a producer waits on) and look again every 10 ms in
 * case a notification was lost. The LWK is notified only if its consumer
 * said it may sleep. Every loop is bounded: a ring that lies breaks the
 * channel instead of spinning.
 *
 * Context: process context, may sleep.
 * Return: 0; -EIO (broken), the close error (-ESHUTDOWN or -ENODEV),
 * -EINTR (fatal signal), -ETIMEDOUT.
 */
int ihk_ikc_send(struct ihk_ikc_chan *chan, const struct ikc_msg *m,
		 unsigned int timeout_ms)
{
	struct ihk_ikc *ikc = chan->ikc;
	const struct ikc_ring_desc *r = &chan->to_lwk;
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	u64 head = READ_ONCE(r->ring->head);
	int ret;

	for (;;) {
		if (READ_ONCE(chan->broken))
			return -EIO;
		ret = ikc_ring_send(r, m);
		if (!ret)
			break;
		if (ret == -EIO) {
			ihk_ikc_mark_broken(chan, "to_lwk ring");
			return -EIO;
		}
		if (READ_ONCE(ikc->closed))
			return ikc->close_err;
		if (fatal_signal_pending(current))
			return -EINTR;
		if (ikc_ring_producer_may_wait(r))
			wait_event_timeout(chan->room_wq,
					   !READ_ONCE(r->ring->producer_waiting) ||
					   READ_ONCE(ikc->closed) ||
					   READ_ONCE(chan->broken), IKC_ROOM_POLL);
		ikc_ring_producer_awake(r);
		if (READ_ONCE(r->ring->head) != head) {
			head = READ_ONCE(r->ring->head);
			deadline = jiffies + msecs_to_jiffies(timeout_ms);
		} else if (time_after(jiffies, deadline)) {
			return -ETIMEDOUT;
		}
		cond_resched();
	}
	if (ikc_ring_consumer_needs_notify(r))
		ihk_ikc_notify_lwk(chan);
	return 0;
}

/**
 * ihk_ikc_get() - the channel of an LWK CPU of a RUNNING instance
 * @os: the instance
 * @cpu: the LWK CPU, by its Linux number
 * @chanp: set to the channel
 *
 * The reference (ikc->users) keeps the rings usable until ihk_ikc_put();
 * ihk_ikc_close() waits for it. Used by ping and stress.
 *
 * Context: process context; takes ihk_lock.
 * Return: 0; -ENODEV (destroyed), -EBUSY (not RUNNING), -ENOENT (not a CPU
 * of the instance).
 */
int ihk_ikc_get(struct ihk_os *os, int cpu, struct ihk_ikc_chan **chanp)
{
	struct ihk_ikc *ikc;
	unsigned int i;
	int ret = 0;

	mutex_lock(&ihk_lock);
	ikc = os->ikc;
	if (os->dead) {
		ret = -ENODEV;
	} else if (READ_ONCE(os->status) != IHK_OS_RUNNING || !ikc ||
		   ikc->closed) {
		ret = -EBUSY;
	} else {
		ret = -ENOENT;
		for (i = 0; i < os->nr_lwk_cpus; i++) {
			if (os->lwk_cpu[i] != cpu)
				continue;
			*chanp = &ikc->chan[IKC_CPU_CHANNEL(i)];
			atomic_inc(&ikc->users);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&ihk_lock);
	return ret;
}

/**
 * ihk_ikc_put() - drop the reference ihk_ikc_get() took
 * @chan: the channel
 *
 * The last one wakes a close waiting for the rings to be unused.
 */
void ihk_ikc_put(struct ihk_ikc_chan *chan)
{
	struct ihk_ikc *ikc = chan->ikc;

	if (atomic_dec_and_test(&ikc->users))
		wake_up_var(&ikc->users);
}

/* From our own constants: the header's copies are for the LWK only. */
static struct ikc_ring *ihk_ikc_ring(struct ikc_area *a, unsigned int c,
				     enum ikc_dir d)
{
	return (void *)a + ihk_ikc_header_bytes() +
	       (2ULL * c + d) * IKC_RING_BYTES(IKC_RING_SLOTS);
}

/**
 * ihk_ikc_setup() - build the IKC area and its IRQs before boot
 * @os: the instance, its LWK CPUs numbered (os->lwk_cpu[], lwk_apic[])
 * @area_virt: the area in the kernel chunk, through Linux's direct map
 * @size: its size, at least ihk_ikc_area_size()
 *
 * Linux writes the header and initialises every ring before the SIPI.
 * Its own descriptors (ring address and mask) come from its constants;
 * the header's copies are for the LWK only, so nothing it writes there
 * moves Linux's accesses. Every to_linux ring starts with
 * consumer_sleeping set, so the LWK notifies its first message.
 *
 * Context: process context, sleeps; caller holds ihk_lock; takes
 * cpus_read_lock() and ihk_ikc_mutex for the IRQs.
 * Return: 0; -ENOMEM, -EINVAL, or an IRQ allocation error.
 */
int ihk_ikc_setup(struct ihk_os *os, void *area_virt, u64 size)
{
	unsigned int c, nr = IKC_CPU_CHANNEL(os->nr_lwk_cpus);
	struct ikc_area *area = area_virt;
	struct ihk_ikc *ikc;
	int *cpu_of_chan;
	int ret;

	if (WARN_ON(size < ihk_ikc_area_size(os->nr_lwk_cpus)))
		return -EINVAL;
	ikc = kvzalloc(struct_size(ikc, chan, nr), GFP_KERNEL);
	cpu_of_chan = kcalloc(nr, sizeof(*cpu_of_chan), GFP_KERNEL);
	if (!ikc || !cpu_of_chan) {
		ret = -ENOMEM;
		goto out;
	}
	ikc->os = os;
	ikc->area = area;
	ikc->nr_channels = nr;
	INIT_LIST_HEAD(&ikc->irqs);

	memset(area, 0, ihk_ikc_header_bytes());
	area->magic = IKC_AREA_MAGIC;
	area->nr_channels = nr;
	area->ring_bytes = IKC_RING_BYTES(IKC_RING_SLOTS);
	area->ring_offset = ihk_ikc_header_bytes();
	area->nr_slots = IKC_RING_SLOTS;
	for (c = 0; c < nr; c++) {
		struct ihk_ikc_chan *chan = &ikc->chan[c];
		/* The master channel is served by cpus[0]. */
		unsigned int lwk = c == IKC_MASTER_CHANNEL ? 0 : c - 1;

		chan->ikc = ikc;
		chan->index = c;
		chan->info = &area->ch[c];
		chan->lwk_apic = os->lwk_apic[lwk];
		chan->lwk_linux_cpu = os->lwk_cpu[lwk];
		mutex_init(&chan->op_mutex);
		init_waitqueue_head(&chan->wq);
		init_waitqueue_head(&chan->room_wq);
		spin_lock_init(&chan->rx_lock);
		ikc_ring_init(&chan->to_lwk, ihk_ikc_ring(area, c, IKC_TO_LWK),
			      IKC_RING_SLOTS);
		ikc_ring_init(&chan->to_linux, ihk_ikc_ring(area, c, IKC_TO_LINUX),
			      IKC_RING_SLOTS);
		/* Nobody drains yet: the LWK must notify its first message. */
		chan->to_linux.ring->consumer_sleeping = 1;
		area->ch[c].lwk_cpu = lwk;
		cpu_of_chan[c] = ihk_ikc_map_target(os, os->lwk_cpu[lwk], lwk);
	}

	ret = ihk_ikc_irqs_setup(ikc, cpu_of_chan);
	if (ret)
		goto out;
	os->ikc = ikc;
	ikc = NULL;
out:
	kfree(cpu_of_chan);
	kvfree(ikc);
	return ret;
}

/**
 * ihk_ikc_broken() - whether the LWK broke a ring or the area header
 * @os: the instance
 *
 * A ring found broken, or a geometry word of the area or of a ring that
 * changed (Linux never uses them, but a correct LWK never writes them).
 *
 * Context: the monitor work, while the LWK runs.
 * Return: true if the instance must become FAILED.
 */
bool ihk_ikc_broken(struct ihk_os *os)
{
	struct ihk_ikc *ikc = os->ikc;
	struct ikc_area *a;
	unsigned int c;

	if (!ikc)
		return false;
	if (atomic_read(&ikc->broken))
		return true;
	a = ikc->area;
	if (READ_ONCE(a->magic) != IKC_AREA_MAGIC ||
	    READ_ONCE(a->nr_channels) != ikc->nr_channels ||
	    READ_ONCE(a->nr_slots) != IKC_RING_SLOTS ||
	    READ_ONCE(a->ring_bytes) != IKC_RING_BYTES(IKC_RING_SLOTS) ||
	    READ_ONCE(a->ring_offset) != ihk_ikc_header_bytes()) {
		ihk_ikc_mark_broken(&ikc->chan[IKC_MASTER_CHANNEL], "IKC area header");
		return true;
	}
	for (c = 0; c < ikc->nr_channels; c++) {
		struct ihk_ikc_chan *chan = &ikc->chan[c];

		if (!ikc_ring_header_intact(&chan->to_lwk) ||
		    !ikc_ring_header_intact(&chan->to_linux)) {
			ihk_ikc_mark_broken(chan, "ring header");
			return true;
		}
	}
	return false;
}

/**
 * ihk_ikc_close() - refuse new sends and wait until no call uses the rings
 * @os: the instance
 * @err: what calls in progress and later ones get (-ESHUTDOWN, or -ENODEV
 *       when the instance is destroyed)
 *
 * The first step of stopping an LWK: after it, nothing Linux does touches
 * the rings, so the LWK can be stopped and the rings freed.
 *
 * Context: process context, sleeps; caller holds ihk_lock.
 */
void ihk_ikc_close(struct ihk_os *os, int err)
{
	struct ihk_ikc *ikc = os->ikc;
	unsigned int c;

	if (!ikc || ikc->closed)
		return;
	ikc->close_err = err;
	/* Whoever sees closed also sees why. */
	smp_store_release(&ikc->closed, true);
	for (c = 0; c < ikc->nr_channels; c++) {
		wake_up_all(&ikc->chan[c].wq);
		wake_up_all(&ikc->chan[c].room_wq);
	}
	wait_var_event(&ikc->users, !atomic_read(&ikc->users));
}

/**
 * ihk_ikc_teardown() - free the channels and their IRQs
 * @os: the instance, its LWK CPUs INITed (or never started)
 *
 * Only once no LWK CPU can send does every IRQ go, so no notification
 * arrives at a freed vector.
 *
 * Context: process context, sleeps; caller holds ihk_lock; takes
 * ihk_ikc_mutex.
 */
void ihk_ikc_teardown(struct ihk_os *os)
{
	struct ihk_ikc *ikc = os->ikc;
	unsigned int c;

	if (!ikc)
		return;
	ihk_ikc_close(os, -ESHUTDOWN);
	mutex_lock(&ihk_ikc_mutex);
	list_del(&ikc->list);
	for (c = 0; c < ikc->nr_channels; c++)
		ihk_ikc_retarget(&ikc->chan[c], NULL);
	ihk_ikc_irq_put_unused(ikc);
	mutex_unlock(&ihk_ikc_mutex);
	os->ikc = NULL;
	kvfree(ikc);
}
