// SPDX-License-Identifier: GPL-2.0
/*
 * The clients of IKC on the Linux side: for each instance, one handler per
 * message class (include/ihk/ikc.h), which the receive path calls for
 * every message of that class. The transport (ikc.c) knows no client by
 * name: the process service (mc_ikc.c) and ping/stress (ikc_ops.c)
 * register here when the instance is created and unregister when it is
 * destroyed.
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
#include <linux/nospec.h>

#include "ikc_priv.h"

void ihk_ikc_clients_init(struct ihk_os *os)
{
	rwlock_init(&os->ikc_clients.lock);
}

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

bool ihk_ikc_dispatch(struct ihk_ikc_chan *chan, const struct ikc_msg *m)
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
