/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKC maps as admins write them to and from struct ihk_ikc_map: which
 * Linux CPU each LWK CPU's notifications go to.
 *
 *   "2:1,3:1"     LWK CPU 2 -> Linux CPU 1, LWK CPU 3 -> Linux CPU 1
 *   "2-5:1,6:0"   a range of LWK CPUs to one Linux CPU (2, 3, 4, 5 -> 1)
 *
 * Entries are "LWK:LINUX" separated by commas; LWK is one CPU or an
 * inclusive range a-b, LINUX is one CPU; both are Linux CPU numbers
 * (as everywhere in the tools). No spaces, no signs. A range expands to
 * one entry per CPU, in order, so entry indexes (the module's `failed`)
 * follow the text left to right.
 */
#ifndef IHK_COMMON_IKC_MAP_H
#define IHK_COMMON_IKC_MAP_H

#include "compat.h"
#include "ihk/abi.h"

/* Why a map was refused, and where: enough for a one-line error. */
struct ikc_map_error {
	const char *reason;	/* static text, e.g. "missing ':'" */
	unsigned int pos;	/* offset of the offending item in the input */
	unsigned int len;	/* its length, 0 when the input or item is empty */
};

/*
 * Parse @s into @map (nr and entries; `failed` set to IHK_FAILED_NONE).
 * Refuses an empty map or item, an item without ':' or with more than one,
 * a missing or non-numeric CPU, a range on the Linux side, a reversed
 * range, CPUs >= IHK_MAX_CPUS (-ERANGE), an LWK CPU named twice, and more
 * than IHK_LWK_MAX_CPUS_ABI entries (-E2BIG). Other refusals: -EINVAL.
 * Returns 0 or the error with @err (if given) filled in; @map is then
 * unspecified.
 */
int ikc_map_parse(const char *s, struct ihk_ikc_map *map,
		  struct ikc_map_error *err);

/*
 * Write @map's entries as "2:1,3:1", one per entry in the order given,
 * into @buf, always NUL-terminated when @size > 0. Returns the length the
 * full text needs, like snprintf: a result >= @size means it was cut.
 */
size_t ikc_map_format(const struct ihk_ikc_map *map, char *buf, size_t size);

/* Room for the text of any map of IHK_LWK_MAX_CPUS_ABI entries. */
#define IKC_MAP_TEXT	(IHK_LWK_MAX_CPUS_ABI * 11 + 1)

#endif /* IHK_COMMON_IKC_MAP_H */
