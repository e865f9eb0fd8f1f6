/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU lists as admins write them ("2-3,5") to and from CPU bitmaps.
 */
#ifndef IHK_COMMON_CPULIST_H
#define IHK_COMMON_CPULIST_H

#include "compat.h"

/* Why a list was refused, and where: enough for a one-line error. */
struct cpulist_error {
	const char *reason;	/* static text, e.g. "range has no end" */
	unsigned int pos;	/* offset of the offending item in the input */
	unsigned int len;	/* its length, 0 when the input is empty */
};

/*
 * Parse @s into @mask (@nbits wide, cleared first). Accepts comma-separated
 * CPUs and inclusive ranges "a-b". Refuses empty lists and items, signs,
 * spaces, reversed ranges, CPUs >= @nbits and CPUs named twice.
 * Returns 0, or -EINVAL/-ERANGE with @err (if given) filled in.
 */
int cpulist_parse(const char *s, uint64_t *mask, unsigned int nbits,
		  struct cpulist_error *err);

/*
 * Write @mask as a canonical list ("0,2-3") into @buf, always
 * NUL-terminated when @size > 0. Returns the length the full list needs,
 * like snprintf: a result >= @size means it was cut short.
 */
size_t cpulist_format(const uint64_t *mask, unsigned int nbits, char *buf,
		      size_t size);

/*
 * Read a decimal CPU number at *@p and advance past it; false (and *@p
 * unchanged) if there is no digit. Saturates above any CPU count, never
 * wraps, so callers range-check the result.
 */
bool cpulist_read_number(const char **p, unsigned long *out);

/*
 * Append @text, or @v in decimal, to @buf of @size bytes as far as it
 * fits (the caller NUL-terminates); *@used counts the full length, so
 * callers can report the size they would have needed.
 */
void cpulist_emit(char *buf, size_t size, size_t *used, const char *text);
void cpulist_emit_number(char *buf, size_t size, size_t *used, unsigned int v);

#endif /* IHK_COMMON_CPULIST_H */
