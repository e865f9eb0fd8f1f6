/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf-style formatting for the LWK console. Pure logic: it builds in the
 * LWK and on the host, where the unit tests compare it with libc.
 *
 * Conversions: d i u o x X c s p %. Flags: - 0 + space #. Width and
 * precision as numbers or *. Lengths: hh h l ll z t j. Results follow C99
 * snprintf (and glibc's "(nil)" / "(null)" for null %p / %s).
 */
#ifndef LWK_FORMAT_H
#define LWK_FORMAT_H

#include <stdarg.h>
#include "compat.h"

/*
 * Format into @buf, writing at most @size bytes including the NUL (which is
 * always written when @size > 0). Returns the length the whole result
 * would have, like snprintf.
 */
int lwk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int lwk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LWK_FORMAT_H */
