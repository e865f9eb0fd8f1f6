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

/* This CPU's idle loop: serve its channels, sleep when none moves. */
void __noreturn ikc_idle(void);

/* IHK_LWK_IKC_VECTOR on this CPU (already acknowledged). */
void ikc_interrupt(void);

/*
 * For processes (lwk/kernel/process.c, syscall.c); all with interrupts
 * off, on the calling CPU:
 * ikc_cpu_channel: this CPU's own channel.
 * ikc_cpu_wait_once: serve the channels once; if nothing moved, sleep
 *   until an interrupt. Returns with interrupts off.
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
struct ikc_msg;
struct ikc_service *ikc_cpu_channel(void);
void ikc_cpu_wait_once(void);
bool ikc_cpu_user_ready(void);
void ikc_cpu_kernel_wake(void);
void ikc_cpu_serve_nested(void);

/*
 * The process service's handler for process messages (type >=
 * IKC_MSG_PROC_BASE), on any channel of this LWK; set once at boot,
 * before ikc_init(). Until then such messages are unexpected. It runs
 * inside the channel's poll on that channel's CPU, interrupts off, and
 * may answer with ikc_service_reply(@s, ...).
 */
typedef void (*ikc_proc_handler_t)(struct ikc_service *s,
				   const struct ikc_msg *m);
void ikc_set_proc_handler(ikc_proc_handler_t handler);

/* Debug: corrupt cpus[0]'s channel as abi.h's IHK_DEBUG_CORRUPT_@what says. */
void ikc_debug_corrupt(unsigned int what);

/* One console line per CPU: messages and notifications so far. */
void ikc_log_stats(void);

#endif /* LWK_IKC_H */
