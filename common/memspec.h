/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory requests as admins write them ("512M@0,1G@1", "all", "all@1") to
 * the items of a struct ihk_mem_request.
 */
#ifndef IHK_COMMON_MEMSPEC_H
#define IHK_COMMON_MEMSPEC_H

#include "compat.h"
#include "ihk/abi.h"

/* Why a spec was refused, and which item: enough for a one-line error. */
struct memspec_error {
	const char *reason;	/* static text, e.g. "node is not a number" */
	unsigned int pos;	/* offset of the offending item in the input */
	unsigned int len;	/* its length, 0 for an empty item or input */
};

/*
 * Parse @s, comma-separated items "SIZE[@NODE]" or "all[@NODE]", into
 * @items (room for IHK_MAX_MEM_ITEMS) and their count into @nr. "all" is
 * IHK_SIZE_ALL and a missing node IHK_NODE_ANY. Refuses empty items, bad
 * sizes (see size_parse), nodes that are not decimal numbers below
 * IHK_MAX_NODES, more than IHK_MAX_MEM_ITEMS items, and "all" next to an
 * item it would leave nothing for: plain "all" with anything else, or
 * "all@N" with another item on node N.
 * Returns 0, or -EINVAL/-ERANGE with @err (if given) filled in.
 */
int memspec_parse(const char *s, struct ihk_mem_item *items, unsigned int *nr,
		  struct memspec_error *err);

#endif /* IHK_COMMON_MEMSPEC_H */
