// SPDX-License-Identifier: GPL-2.0
#include "memspec.h"
#include "size.h"

static int memspec_fail(struct memspec_error *err, const char *reason,
			const char *s, const char *item, const char *end,
			int ret)
{
	if (err) {
		err->reason = reason;
		err->pos = item - s;
		err->len = end - item;
	}
	return ret;
}

static const char *memspec_find(const char *p, const char *end, char c)
{
	for (; p < end; p++)
		if (*p == c)
			return p;
	return NULL;
}

/* Reads the node number in [@p, @end); returns a reason or NULL. */
static const char *memspec_read_node(const char *p, const char *end,
				     int32_t *node, int *ret)
{
	unsigned long v = 0;

	*ret = -EINVAL;
	if (p == end)
		return "node is missing";
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return "node is not a number";
		if (v < IHK_MAX_NODES)	/* saturate: stays too large */
			v = v * 10 + (*p - '0');
	}
	if (v >= IHK_MAX_NODES) {
		*ret = -ERANGE;
		return "node number too large";
	}
	*node = v;
	return NULL;
}

/* Why @new cannot follow @items[0..@n), or NULL if it can. */
static const char *memspec_conflict(const struct ihk_mem_item *items,
				    unsigned int n,
				    const struct ihk_mem_item *new)
{
	unsigned int i;

	if (n && ((new->size == IHK_SIZE_ALL && new->node == IHK_NODE_ANY) ||
		  (items[0].size == IHK_SIZE_ALL &&
		   items[0].node == IHK_NODE_ANY)))
		return "'all' cannot be combined with other items";
	if (new->node == IHK_NODE_ANY)
		return NULL;
	for (i = 0; i < n; i++)
		if (items[i].node == new->node &&
		    (items[i].size == IHK_SIZE_ALL || new->size == IHK_SIZE_ALL))
			return "'all' cannot share its node with other items";
	return NULL;
}

int memspec_parse(const char *s, struct ihk_mem_item *items, unsigned int *nr,
		  struct memspec_error *err)
{
	const char *p = s;
	unsigned int n = 0;

	if (*s == '\0')
		return memspec_fail(err, "empty memory spec", s, s, s, -EINVAL);

	for (;;) {
		const char *item = p, *end, *at, *size_end, *reason;
		struct ihk_mem_item new = { .node = IHK_NODE_ANY };
		struct size_error serr;
		int ret;

		end = item;
		while (*end && *end != ',')
			end++;

		if (item == end)
			return memspec_fail(err, "empty item", s, item, end,
					    -EINVAL);
		if (n == IHK_MAX_MEM_ITEMS)
			return memspec_fail(err, "too many items", s, item, end,
					    -ERANGE);

		at = memspec_find(item, end, '@');
		size_end = at ? at : end;
		if (size_end - item == 3 && item[0] == 'a' && item[1] == 'l' &&
		    item[2] == 'l') {
			new.size = IHK_SIZE_ALL;
		} else if (size_end > item && *item != '-' &&
			   (*item < '0' || *item > '9')) {
			/* Words other than "all" get a reason that names both. */
			return memspec_fail(err, "not a size or 'all'", s, item,
					    end, -EINVAL);
		} else {
			ret = size_parse_n(item, size_end - item, &new.size, &serr);
			if (ret)
				return memspec_fail(err, serr.reason, s, item, end,
						    ret);
		}

		if (at) {
			reason = memspec_read_node(at + 1, end, &new.node, &ret);
			if (reason)
				return memspec_fail(err, reason, s, item, end, ret);
		}

		reason = memspec_conflict(items, n, &new);
		if (reason)
			return memspec_fail(err, reason, s, item, end, -EINVAL);
		items[n++] = new;

		if (*end == '\0')
			break;
		p = end + 1;
	}
	*nr = n;
	return 0;
}
