// SPDX-License-Identifier: GPL-2.0
#include "size.h"

/* Not every side that compiles this has UINT64_MAX. */
#define SIZE_MAX_BYTES	(~(uint64_t)0)

static int size_fail(struct size_error *err, const char *reason,
		     size_t pos, size_t len, int ret)
{
	if (err) {
		err->reason = reason;
		err->pos = pos;
		err->len = len;
	}
	return ret;
}

/* Bits to shift by for suffix @c, or -1 if it is none we know. */
static int size_suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k':
		return 10;
	case 'M': case 'm':
		return 20;
	case 'G': case 'g':
		return 30;
	case 'T': case 't':
		return 40;
	}
	return -1;
}

int size_parse_n(const char *s, size_t len, uint64_t *bytes,
		 struct size_error *err)
{
	uint64_t v = 0;
	bool overflow = false;
	size_t i = 0;
	int shift = 0;

	if (len == 0)
		return size_fail(err, "empty size", 0, 0, -EINVAL);
	if (s[0] == '-')
		return size_fail(err, "negative size", 0, len, -EINVAL);
	if (s[0] < '0' || s[0] > '9')
		return size_fail(err, "not a number", 0, len, -EINVAL);

	/* Keep reading after an overflow so a bad suffix is reported first. */
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned int d = s[i] - '0';

		if (v > (SIZE_MAX_BYTES - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}

	if (i < len) {
		if (s[i] == '.')
			return size_fail(err, "not a whole number", i, len - i,
					 -EINVAL);
		shift = size_suffix_shift(s[i]);
		if (shift < 0 || i + 1 != len)
			return size_fail(err, "unknown suffix", i, len - i,
					 -EINVAL);
	}

	if (!overflow && v == 0)
		return size_fail(err, "size is zero", 0, len, -EINVAL);
	if (overflow || v > (SIZE_MAX_BYTES >> shift))
		return size_fail(err, "size too large", 0, len, -ERANGE);

	*bytes = v << shift;
	return 0;
}

int size_parse(const char *s, uint64_t *bytes, struct size_error *err)
{
	return size_parse_n(s, strlen(s), bytes, err);
}

size_t size_format(uint64_t bytes, char *buf, size_t n)
{
	static const char suffixes[] = "KMGT";
	char text[24];		/* 20 digits, a suffix and the NUL */
	int i = sizeof(text) - 1;
	int unit = -1;
	size_t len;

	/* The largest unit that still divides exactly gives the fewest digits. */
	while (bytes && unit < 3 && !(bytes & 1023)) {
		bytes >>= 10;
		unit++;
	}

	text[i] = '\0';
	if (unit >= 0)
		text[--i] = suffixes[unit];
	do {
		text[--i] = '0' + bytes % 10;
		bytes /= 10;
	} while (bytes);

	len = sizeof(text) - 1 - i;
	if (n) {
		size_t copy = len < n ? len : n - 1;

		memcpy(buf, &text[i], copy);
		buf[copy] = '\0';
	}
	return len;
}
