/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKC on the LWK: each CPU serves its own channel (cpus[0] also the
 * master channel) from its idle loop; see lwk/ikc/ and include/ihk/ikc.h.
 */
#ifndef LWK_IKC_H
#define LWK_IKC_H

#include <lwk/types.h>
#include <lwk/compiler.h>
#include <ihk/boot.h>

/*
 * On the boot CPU, before the others start: check the area ihk.ko built
 * and set up every CPU's channels. 0 if IKC is usable or absent (an
 * ihk.ko without IKC: ikc_phys 0); -EINVAL, logged, if the area is bad.
 */
int ikc_init(const struct ihk_boot_params *bp);

/* IHK_LWK_IKC_VECTOR on this CPU (already acknowledged). */
void ikc_interrupt(void);

/*
 * For the kernel (lwk/kernel/idle.c, process.c, syscall.c); all with
 * interrupts off, on the calling CPU:
 * ikc_cpu_channel: this CPU's own channel.
 * ikc_cpu_user_ready: before returning to user mode: serve the channels
 *   and announce in the rings that Linux must interrupt us for its next
 *   message. True if announced; false if something moved (the caller
 *   checks what it means, and asks again).
 * ikc_cpu_kernel_wake: withdraw that announcement (we serve again).
 * ikc_cpu_serve_nested: in the middle of long kernel work: withdraw the
 *   announcement and serve once every channel of this CPU whose poll is
 *   not already on the stack (the work may be a message's handler).
 */
struct ikc_service;
struct ikc_client;
struct ikc_service *ikc_cpu_channel(void);
bool ikc_cpu_user_ready(void);
void ikc_cpu_kernel_wake(void);
void ikc_cpu_serve_nested(void);

/**
 * ikc_cpu_poll() - serve this CPU's channels once
 *
 * Every channel of the CPU whose poll is not already on the stack.
 * Interrupts off.
 *
 * Return: true if a message moved on any of them.
 */
bool ikc_cpu_poll(void);

/**
 * ikc_cpu_may_sleep() - announce in this CPU's rings that it will sleep
 *
 * With interrupts off until the sleep, so that an IPI Linux sends once it
 * sees the announcement ends the sleep. Call ikc_cpu_awake() afterwards,
 * whatever the answer.
 *
 * Return: true if the CPU may sleep (nothing to take or send on any of
 * its channels; counted as a sleep in ikc_log_stats()).
 */
bool ikc_cpu_may_sleep(void);

/**
 * ikc_cpu_awake() - withdraw what ikc_cpu_may_sleep() announced
 */
void ikc_cpu_awake(void);

/**
 * ikc_set_client() - make @client this LWK's client for message class @cls
 * @cls: an enum ikc_msg_class (include/ihk/ikc.h)
 * @client: its handlers; it serves that class on every channel
 *
 * Once per class, at boot, before ikc_init() (no CPU polls yet). Until a
 * class has a client its messages are unexpected: counted and logged.
 *
 * Return: 0; -EINVAL for a class past IKC_NR_CLASSES, a client without
 * .take, a class that has one already, or a call after ikc_init().
 */
int ikc_set_client(unsigned int cls, const struct ikc_client *client);

/* Debug: corrupt cpus[0]'s channel as abi.h's IHK_DEBUG_CORRUPT_@what says. */
void ikc_debug_corrupt(unsigned int what);

/* One console line per CPU: messages and notifications so far. */
void ikc_log_stats(void);

#endif /* LWK_IKC_H */
