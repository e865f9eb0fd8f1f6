// SPDX-License-Identifier: GPL-2.0
#include "ikc_map.h"
#include "cpulist.h"
#include "cpumask.h"

static int ikc_map_fail(struct ikc_map_error *err, const char *reason,
			const char *s, const char *item, const char *end, int ret)
{
	if (err) {
		err->reason = reason;
		err->pos = item - s;
		err->len = end - item;
	}
	return ret;
}

int ikc_map_parse(const char *s, struct ihk_ikc_map *map,
		  struct ikc_map_error *err)
{
	uint64_t seen[CPUMASK_WORDS(IHK_MAX_CPUS)];
	const char *p = s;

	cpumask_zero(seen, IHK_MAX_CPUS);
	map->nr = 0;
	map->failed = IHK_FAILED_NONE;
	if (*s == '\0')
		return ikc_map_fail(err, "empty map", s, s, s, -EINVAL);

	for (;;) {
		const char *item = p, *end, *colon;
		unsigned long first, last, target, cpu;

		end = item;
		while (*end && *end != ',')
			end++;
		if (item == end)
			return ikc_map_fail(err, "empty item", s, item, end, -EINVAL);
		colon = item;
		while (colon < end && *colon != ':')
			colon++;
		if (colon == end)
			return ikc_map_fail(err, "missing ':' (expected LWK_CPU:LINUX_CPU)",
					    s, item, end, -EINVAL);

		/* LWK side: a CPU or a range. */
		if (!cpulist_read_number(&p, &first))
			return ikc_map_fail(err, "LWK CPU is not a CPU number", s,
					    item, end, -EINVAL);
		last = first;
		if (*p == '-') {
			p++;
			if (!cpulist_read_number(&p, &last))
				return ikc_map_fail(err, "LWK CPU range end is not a CPU number",
						    s, item, end, -EINVAL);
		}
		if (p != colon)
			return ikc_map_fail(err, "LWK CPU is not a CPU number", s,
					    item, end, -EINVAL);
		if (last < first)
			return ikc_map_fail(err, "range end is below its start", s,
					    item, end, -EINVAL);

		/* Linux side: one CPU. */
		p = colon + 1;
		if (!cpulist_read_number(&p, &target))
			return ikc_map_fail(err, "Linux CPU is not a CPU number", s,
					    item, end, -EINVAL);
		if (*p == '-')
			return ikc_map_fail(err, "Linux CPU must be one CPU, not a range",
					    s, item, end, -EINVAL);
		if (*p == ':')
			return ikc_map_fail(err, "more than one ':'", s, item, end,
					    -EINVAL);
		if (p != end)
			return ikc_map_fail(err, "Linux CPU is not a CPU number", s,
					    item, end, -EINVAL);

		if (last >= IHK_MAX_CPUS || target >= IHK_MAX_CPUS)
			return ikc_map_fail(err, "CPU number too large", s, item,
					    end, -ERANGE);
		for (cpu = first; cpu <= last; cpu++) {
			if (cpumask_bit_test(seen, cpu))
				return ikc_map_fail(err, "LWK CPU named twice", s,
						    item, end, -EINVAL);
			if (map->nr >= IHK_LWK_MAX_CPUS_ABI)
				return ikc_map_fail(err, "too many entries (at most 256 LWK CPUs)",
						    s, item, end, -E2BIG);
			cpumask_bit_set(seen, cpu);
			map->entry[map->nr].lwk_cpu = cpu;
			map->entry[map->nr].linux_cpu = target;
			map->nr++;
		}

		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* A CPU number of a map entry; negative ones only come from a bad map. */
static void ikc_map_emit_cpu(char *buf, size_t size, size_t *used, int32_t v)
{
	if (v < 0)
		cpulist_emit(buf, size, used, "-");
	cpulist_emit_number(buf, size, used, v < 0 ? -(uint32_t)v : (uint32_t)v);
}

size_t ikc_map_format(const struct ihk_ikc_map *map, char *buf, size_t size)
{
	size_t used = 0;
	uint32_t i, nr = map->nr;

	if (nr > IHK_LWK_MAX_CPUS_ABI)
		nr = IHK_LWK_MAX_CPUS_ABI;
	for (i = 0; i < nr; i++) {
		if (i)
			cpulist_emit(buf, size, &used, ",");
		ikc_map_emit_cpu(buf, size, &used, map->entry[i].lwk_cpu);
		cpulist_emit(buf, size, &used, ":");
		ikc_map_emit_cpu(buf, size, &used, map->entry[i].linux_cpu);
	}
	if (size)
		buf[used < size ? used : size - 1] = '\0';
	return used;
}
