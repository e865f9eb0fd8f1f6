/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory sizes as admins write them ("512M", "1G") to and from bytes.
 * Suffixes K, M, G, T (either case) are powers of 1024.
 */
#ifndef IHK_COMMON_SIZE_H
#define IHK_COMMON_SIZE_H

#include "compat.h"

/* Why a size was refused, and where: enough for a one-line error. */
struct size_error {
	const char *reason;	/* static text, e.g. "unknown suffix" */
	unsigned int pos;	/* offset of the offending part of the input */
	unsigned int len;	/* its length, 0 when the input is empty */
};

/*
 * Parse the @len characters at @s (no NUL needed) into @bytes: decimal
 * digits, then at most one suffix. Refuses empty input, signs, spaces,
 * fractions, unknown suffixes, zero and sizes beyond 64 bits.
 * Returns 0, or -EINVAL/-ERANGE with @err (if given) filled in.
 */
int size_parse_n(const char *s, size_t len, uint64_t *bytes,
		 struct size_error *err);

/* size_parse_n() on a NUL-terminated string. */
int size_parse(const char *s, uint64_t *bytes, struct size_error *err);

/*
 * Write @bytes in the shortest exact form ("1536M", "4K", "1000") into
 * @buf, always NUL-terminated when @n > 0. Returns the length the full
 * text needs, like snprintf: a result >= @n means it was cut short.
 */
size_t size_format(uint64_t bytes, char *buf, size_t n);

#endif /* IHK_COMMON_SIZE_H */
