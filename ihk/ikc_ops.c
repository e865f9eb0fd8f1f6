// SPDX-License-Identifier: GPL-2.0
/*
 * IHK_OS_IKC_PING and IHK_OS_IKC_STRESS (abi.h): round trips and message
 * storms on one LWK CPU's channel, for admins and tests. One at a time per
 * channel (chan->op_mutex); several channels at once are independent.
 * Both need CAP_SYS_ADMIN: each message is an IPI into an LWK CPU, so in
 * anyone's hands they would be a way to disturb other users' processes.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "ikc_priv.h"

/*
 * A ping waits for its PONG spinning this long before it sleeps: a round
 * trip shorter than a sleep and wake-up is measured as such, and a longer
 * one costs at most this much CPU. Short, because the test machine runs
 * four emulated CPUs on two real ones.
 */
static unsigned int ikc_ping_spin_us = 20;
module_param(ikc_ping_spin_us, uint, 0644);
MODULE_PARM_DESC(ikc_ping_spin_us, "how long a ping spins for its answer before sleeping");

#define IKC_PING_TIMEOUT_MS	1000	/* when the caller says 0 */
#define IKC_STRESS_TIMEOUT_MS	10000

static void ihk_ikc_ping_fill(struct ikc_msg *m, u64 cookie, u32 size)
{
	u32 j;

	m->type = IKC_MSG_PING;
	m->len = size;
	m->cookie = cookie;
	/* Depends on the cookie, so an answer to another ping shows. */
	for (j = 0; j < size; j++)
		m->payload[j] = (u8)(cookie * 131 + j * 7 + 1);
}

static bool ihk_ikc_pong_in(struct ihk_ikc_chan *chan)
{
	return READ_ONCE(chan->pong_in) || READ_ONCE(chan->ikc->closed) ||
	       READ_ONCE(chan->broken);
}

/* Wait for the answer to chan->ping_cookie; 0 once it is in. */
static int ihk_ikc_pong_wait(struct ihk_ikc_chan *chan, unsigned int timeout_ms)
{
	u64 spin_end = ktime_get_ns() + ikc_ping_spin_us * NSEC_PER_USEC;
	long left;

	while (!ihk_ikc_pong_in(chan) && ktime_get_ns() < spin_end)
		cpu_relax();
	left = wait_event_interruptible_timeout(chan->wq, ihk_ikc_pong_in(chan),
						msecs_to_jiffies(timeout_ms));
	if (READ_ONCE(chan->ikc->closed))
		return chan->ikc->close_err;
	if (READ_ONCE(chan->broken) && !READ_ONCE(chan->pong_in))
		return -EIO;
	if (left < 0)
		return -EINTR;
	return left ? 0 : -ETIMEDOUT;
}

/* One round trip; its time in *@ns. */
static int ihk_ikc_ping_one(struct ihk_ikc_chan *chan, struct ikc_msg *m,
			    const struct ihk_ikc_ping *p, u64 *ns)
{
	u64 cookie = ++chan->ping_seq;
	ktime_t t0;
	int ret;

	ihk_ikc_ping_fill(m, cookie, p->size);
	spin_lock_irq(&chan->rx_lock);
	chan->ping_cookie = cookie;
	chan->pong_in = false;
	spin_unlock_irq(&chan->rx_lock);

	t0 = ktime_get();
	ret = ihk_ikc_send(chan, m, p->timeout_ms);
	if (!ret)
		ret = ihk_ikc_pong_wait(chan, p->timeout_ms);
	*ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	if (ret)
		return ret;
	/* The handler wrote pong under rx_lock before setting pong_in. */
	spin_lock_irq(&chan->rx_lock);
	if (chan->pong.cookie != cookie || chan->pong.len != p->size ||
	    memcmp(chan->pong.payload, m->payload, p->size))
		ret = -EIO;
	spin_unlock_irq(&chan->rx_lock);
	return ret;
}

/**
 * ihk_ikc_ping() - round trips to one LWK CPU (IHK_OS_IKC_PING)
 * @os: a RUNNING instance
 * @arg: struct ihk_ikc_ping: CPU, count, payload size, timeout; the
 *       measured times out
 *
 * One message at a time; the times are measured in the module, from
 * before the send to the answer's arrival. CAP_SYS_ADMIN is checked by the
 * ioctl table: every message is an IPI into an LWK CPU that may be running
 * another user's job.
 *
 * Context: process context, sleeps; one ping or stress per channel
 * (chan->op_mutex).
 * Return: 0; -EINVAL, -ENOMEM, -EBUSY/-ENOENT/-ENODEV (ihk_ikc_get()),
 * -EINTR, -ETIMEDOUT (no answer in time), -ESHUTDOWN, -EIO, -EFAULT.
 */
long ihk_ikc_ping(struct ihk_os *os, void __user *arg)
{
	struct ihk_ikc_chan *chan;
	struct ihk_ikc_ping p;
	struct ikc_msg *m;
	u64 *samples;
	long ret;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	if (!p.count || p.count > IHK_PING_MAX || p.size > IKC_PAYLOAD_MAX)
		return -EINVAL;
	if (!p.timeout_ms)
		p.timeout_ms = IKC_PING_TIMEOUT_MS;
	p.answered = 0;
	samples = vmalloc(array_size(p.count, sizeof(*samples)));
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!samples || !m) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = ihk_ikc_get(os, p.cpu, &chan);
	if (ret)
		goto out_free;
	if (mutex_lock_interruptible(&chan->op_mutex)) {
		ret = -EINTR;
		goto out_put;
	}
	ret = READ_ONCE(chan->ikc->closed) ? chan->ikc->close_err : 0;
	while (!ret && p.answered < p.count) {
		ret = ihk_ikc_ping_one(chan, m, &p, &samples[p.answered]);
		if (!ret)
			p.answered++;
		if (!ret && signal_pending(current))
			ret = -EINTR;
	}
	mutex_unlock(&chan->op_mutex);
out_put:
	ihk_ikc_put(chan);
	/* The samples of the pings that were answered, whatever happened. */
	if (p.answered && copy_to_user(u64_to_user_ptr(p.samples), samples,
				       p.answered * sizeof(*samples)))
		ret = -EFAULT;
	if (copy_to_user(arg, &p, sizeof(p)))
		ret = -EFAULT;
out_free:
	kfree(m);
	vfree(samples);
	return ret;
}

static bool ihk_ikc_report_in(struct ihk_ikc_chan *chan)
{
	return READ_ONCE(chan->report_in) || READ_ONCE(chan->ikc->closed) ||
	       READ_ONCE(chan->broken);
}

/* Wait for the STRESS_REPORT while messages keep moving either way. */
static int ihk_ikc_report_wait(struct ihk_ikc_chan *chan, unsigned int timeout_ms)
{
	u64 moved = 0, now;
	long left;

	for (;;) {
		left = wait_event_interruptible_timeout(chan->wq,
							ihk_ikc_report_in(chan),
							msecs_to_jiffies(timeout_ms));
		if (READ_ONCE(chan->ikc->closed))
			return chan->ikc->close_err;
		if (READ_ONCE(chan->broken))
			return -EIO;
		if (left < 0)
			return -EINTR;
		if (left)
			return 0;
		now = atomic64_read(&chan->rx_total) + READ_ONCE(chan->to_lwk.ring->head);
		if (now == moved)
			return -ETIMEDOUT;
		moved = now;
	}
}

static int ihk_ikc_stress_run(struct ihk_ikc_chan *chan, struct ihk_ikc_stress *s)
{
	struct ikc_stress_begin begin = { .count = s->count };
	struct ikc_msg m = { .type = IKC_MSG_STRESS_BEGIN };
	u64 seq, word;
	int ret;

	spin_lock_irq(&chan->rx_lock);
	chan->st_expect = 0;
	chan->st_received = 0;
	chan->st_out_of_order = 0;
	chan->st_bad_payload = 0;
	chan->report_in = false;
	spin_unlock_irq(&chan->rx_lock);

	m.len = sizeof(begin);
	memcpy(m.payload, &begin, sizeof(begin));
	ret = ihk_ikc_send(chan, &m, s->timeout_ms);
	m.type = IKC_MSG_STRESS;
	m.len = sizeof(word);
	for (seq = 0; !ret && seq < s->count; seq++) {
		m.cookie = seq;
		word = ikc_stress_word(seq);
		memcpy(m.payload, &word, sizeof(word));
		ret = ihk_ikc_send(chan, &m, s->timeout_ms);
		if (!ret && signal_pending(current))
			ret = -EINTR;
		cond_resched();
	}
	if (!ret)
		ret = ihk_ikc_report_wait(chan, s->timeout_ms);
	if (ret)
		return ret;

	spin_lock_irq(&chan->rx_lock);
	s->lwk_received = chan->report.received;
	s->lwk_out_of_order = chan->report.out_of_order;
	s->lwk_bad_payload = chan->report.bad_payload;
	s->linux_received = chan->st_received;
	s->linux_out_of_order = chan->st_out_of_order;
	s->linux_bad_payload = chan->st_bad_payload;
	spin_unlock_irq(&chan->rx_lock);
	return 0;
}

/*
 * Our IKC client (IKC_CLASS_DIAG), under chan->rx_lock: the answers to
 * the pings and stress sessions above, kept in the channel for them.
 */
static void ihk_ikc_ops_take(struct ihk_ikc_chan *chan, unsigned int index,
			     const struct ikc_msg *m, void *data)
{
	u64 word;

	switch (m->type) {
	case IKC_MSG_PONG:
		/* A late answer to a ping that timed out is dropped here. */
		if (m->cookie != chan->ping_cookie || chan->pong_in)
			break;
		chan->pong = *m;
		chan->pong_in = true;
		wake_up(&chan->wq);
		break;
	case IKC_MSG_STRESS:
		if (m->cookie != chan->st_expect)
			chan->st_out_of_order++;
		chan->st_expect = m->cookie + 1;
		memcpy(&word, m->payload, sizeof(word));
		if (m->len != sizeof(word) || word != ikc_stress_word(m->cookie))
			chan->st_bad_payload++;
		chan->st_received++;
		break;
	case IKC_MSG_STRESS_REPORT:
		memcpy(&chan->report, m->payload, sizeof(chan->report));
		chan->report_in = true;
		wake_up(&chan->wq);
		break;
	default:
		pr_info_ratelimited("ihk: %s: channel %u: unexpected message type %u\n",
				    chan->ikc->os->name, index, m->type);
	}
}

/**
 * ihk_ikc_ops_os_init() - register ping/stress as the instance's DIAG client
 * @os: the new instance
 *
 * Context: process context, before the instance can receive messages.
 * Return: 0, or the error of ihk_ikc_register().
 */
int ihk_ikc_ops_os_init(struct ihk_os *os)
{
	return ihk_ikc_register(os, IKC_CLASS_DIAG, ihk_ikc_ops_take, NULL);
}

/**
 * ihk_ikc_ops_os_exit() - unregister the DIAG client of a dying instance
 * @os: the instance
 *
 * Context: process context; once it returns no DIAG handler runs.
 */
void ihk_ikc_ops_os_exit(struct ihk_os *os)
{
	ihk_ikc_unregister(os, IKC_CLASS_DIAG);
}

/**
 * ihk_ikc_stress() - a message storm both ways on one channel (IHK_OS_IKC_STRESS)
 * @os: a RUNNING instance
 * @arg: struct ihk_ikc_stress: CPU, count, timeout; the counts out
 *
 * Both sides send COUNT sequence-numbered messages at once and check each
 * one they receive; the LWK's report and Linux's own counts come back.
 *
 * Context: process context, sleeps; chan->op_mutex.
 * Return: 0; -EBUSY/-ENOENT/-ENODEV (ihk_ikc_get()), -EINTR, -ETIMEDOUT
 * (nothing moved for timeout_ms), -ESHUTDOWN, -EIO, -EFAULT.
 */
long ihk_ikc_stress(struct ihk_os *os, void __user *arg)
{
	struct ihk_ikc_chan *chan;
	struct ihk_ikc_stress s;
	u64 to_lwk, to_linux;
	ktime_t t0;
	long ret;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (!s.timeout_ms)
		s.timeout_ms = IKC_STRESS_TIMEOUT_MS;
	ret = ihk_ikc_get(os, s.cpu, &chan);
	if (ret)
		return ret;
	if (mutex_lock_interruptible(&chan->op_mutex)) {
		ihk_ikc_put(chan);
		return -EINTR;
	}
	to_lwk = atomic64_read(&chan->ipis_to_lwk);
	to_linux = atomic64_read(&chan->ipis_to_linux);
	t0 = ktime_get();
	ret = READ_ONCE(chan->ikc->closed) ? chan->ikc->close_err :
					     ihk_ikc_stress_run(chan, &s);
	s.elapsed_ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	s.ipis_to_lwk = atomic64_read(&chan->ipis_to_lwk) - to_lwk;
	s.ipis_to_linux = atomic64_read(&chan->ipis_to_linux) - to_linux;
	mutex_unlock(&chan->op_mutex);
	ihk_ikc_put(chan);
	if (!ret && copy_to_user(arg, &s, sizeof(s)))
		ret = -EFAULT;
	return ret;
}
