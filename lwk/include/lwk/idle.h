/* SPDX-License-Identifier: GPL-2.0 */
/* The idle loop and the waits of an LWK CPU (lwk/kernel/idle.c). */
#ifndef LWK_IDLE_H
#define LWK_IDLE_H

#include <lwk/compiler.h>

/**
 * cpu_idle() - this CPU's idle loop, once it is up
 *
 * Runs queued process work and serves the CPU's IKC channels; sleeps in
 * HLT when nothing moves. Enters user mode from here when a process starts.
 */
void __noreturn cpu_idle(void);

/**
 * cpu_wait_once() - wait a little, serving the channels meanwhile
 *
 * With interrupts off, on the calling CPU: serve the channels once; if
 * nothing moved, sleep until an interrupt. Kernel code waiting for Linux
 * (a reply, room in a ring) or for a deadline calls it in a loop around
 * its own condition. Returns with interrupts off.
 */
void cpu_wait_once(void);

#endif /* LWK_IDLE_H */
