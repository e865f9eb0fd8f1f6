// SPDX-License-Identifier: GPL-2.0
#include "cpulist.h"
#include "cpumask.h"

static int cpulist_fail(struct cpulist_error *err, const char *reason,
			const char *s, const char *item, const char *end, int ret)
{
	if (err) {
		err->reason = reason;
		err->pos = item - s;
		err->len = end - item;
	}
	return ret;
}

bool cpulist_read_number(const char **p, unsigned long *out)
{
	const char *q = *p;
	unsigned long v = 0;

	if (*q < '0' || *q > '9')
		return false;
	while (*q >= '0' && *q <= '9') {
		if (v > 1000000)	/* far above any CPU count: stop before overflow */
			v = 1000001;
		else
			v = v * 10 + (*q - '0');
		q++;
	}
	*p = q;
	*out = v;
	return true;
}

int cpulist_parse(const char *s, uint64_t *mask, unsigned int nbits,
		  struct cpulist_error *err)
{
	const char *p = s;

	cpumask_zero(mask, nbits);
	if (*s == '\0')
		return cpulist_fail(err, "empty CPU list", s, s, s, -EINVAL);

	for (;;) {
		const char *item = p, *end;
		unsigned long first, last, cpu;

		end = item;
		while (*end && *end != ',')
			end++;

		if (item == end)
			return cpulist_fail(err, "empty item", s, item, end, -EINVAL);
		if (!cpulist_read_number(&p, &first))
			return cpulist_fail(err, "not a CPU number", s, item, end, -EINVAL);
		last = first;
		if (*p == '-') {
			p++;
			if (p == end)
				return cpulist_fail(err, "range has no end", s, item, end,
						    -EINVAL);
			if (!cpulist_read_number(&p, &last))
				return cpulist_fail(err, "range end is not a CPU number",
						    s, item, end, -EINVAL);
		}
		if (p != end)
			return cpulist_fail(err, "unexpected character", s, item, end,
					    -EINVAL);
		if (last < first)
			return cpulist_fail(err, "range end is below its start", s,
					    item, end, -EINVAL);
		if (last >= nbits)
			return cpulist_fail(err, "CPU number too large", s, item, end,
					    -ERANGE);

		for (cpu = first; cpu <= last; cpu++) {
			if (cpumask_bit_test(mask, cpu))
				return cpulist_fail(err, "CPU named twice", s, item, end,
						    -EINVAL);
			cpumask_bit_set(mask, cpu);
		}

		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* Appends @text to @buf as far as it fits; @used counts the full length. */
void cpulist_emit(char *buf, size_t size, size_t *used, const char *text)
{
	for (; *text; text++, (*used)++)
		if (*used + 1 < size)
			buf[*used] = *text;
}

void cpulist_emit_number(char *buf, size_t size, size_t *used, unsigned int v)
{
	char digits[12];
	int i = sizeof(digits) - 1;

	digits[i] = '\0';
	do {
		digits[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	cpulist_emit(buf, size, used, &digits[i]);
}

size_t cpulist_format(const uint64_t *mask, unsigned int nbits, char *buf,
		      size_t size)
{
	size_t used = 0;
	unsigned int cpu = 0, last;

	while (cpu < nbits) {
		if (!cpumask_bit_test(mask, cpu)) {
			cpu++;
			continue;
		}
		last = cpu;
		while (last + 1 < nbits && cpumask_bit_test(mask, last + 1))
			last++;
		if (used)
			cpulist_emit(buf, size, &used, ",");
		cpulist_emit_number(buf, size, &used, cpu);
		if (last > cpu) {
			cpulist_emit(buf, size, &used, "-");
			cpulist_emit_number(buf, size, &used, last);
		}
		cpu = last + 1;
	}
	if (size)
		buf[used < size ? used : size - 1] = '\0';
	return used;
}
