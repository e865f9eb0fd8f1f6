/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console: lines go into the kmsg ring in the shared area (Linux reads
 * it with `ihkosctl N kmsg`), each prefixed with "[cpu N] ".
 */
#ifndef LWK_PRINTK_H
#define LWK_PRINTK_H

#include <stdarg.h>
#include <lwk/types.h>
#include <lwk/compiler.h>
#include <ihk/boot.h>

/* The longest line printk keeps; the rest is cut. */
#define PRINTK_LINE_MAX	(IHK_KARGS_MAX + 256)

/* Start writing to the ring Linux set up in @shared (never reset it). */
bool console_init(struct ihk_lwk_shared *shared);
bool console_ready(void);
/* Also copy every line to the first serial port (karg debug_serial). */
void console_enable_serial(void);
/*
 * From now on, this CPU takes the console lock even if another CPU holds
 * it for too long, or if it held it itself when it faulted.
 */
void console_panic_mode(void);

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

#endif /* LWK_PRINTK_H */
