/* SPDX-License-Identifier: GPL-2.0 */
/* Acting on signals sent to the current process (signal.c). */
#ifndef LWK_SYSCALLS_DELIVER_H
#define LWK_SYSCALLS_DELIVER_H

/*
 * @sig (1..64) sent to the calling thread's process: pending if blocked,
 * else acted on now (which may end the process and not return).
 */
void signal_send_self(int sig);

/* Act on pending signals the mask no longer blocks, lowest first. */
void signal_deliver_pending(void);

#endif /* LWK_SYSCALLS_DELIVER_H */
