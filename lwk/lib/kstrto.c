// SPDX-License-Identifier: GPL-2.0
/* Number parsing for kernel arguments. */
#include <lwk/kernel.h>
#include <lwk/errno.h>

/*
 * Parse exactly @len characters of @s as a decimal (or 0x-prefixed hex)
 * 32-bit number. -EINVAL for anything else, -ERANGE if it does not fit.
 */
int kstrtou32(const char *s, size_t len, uint32_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		v = v * base + d;
		if (v > 0xffffffffULL)
			return -ERANGE;
	}
	*out = (uint32_t)v;
	return 0;
}
