// SPDX-License-Identifier: GPL-2.0
/*
 * Taking physically contiguous memory away from Linux and giving it back.
 *
 * Memory comes from the buddy allocator in the largest blocks it has
 * (4 MiB, at least 2 MiB, so every block is IHK_MEM_ALIGN-aligned) on the
 * node asked for. Each block is split into order-0 pages at once, so that
 * any 2 MiB-aligned piece of a chunk can later be returned on its own, and
 * adjacent blocks with the same node and owner are merged into one chunk.
 *
 * Callers hold ihk_lock.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "ihk.h"
#include "kernel_compat.h"

LIST_HEAD(ihk_chunks);

/* What Linux keeps on a node we take "all" or a size from. */
#define IHK_KEEP_MIN		(64ULL << 20)
#define IHK_KEEP_FRACTION	8

static u64 ihk_node_pages(int node, bool free)
{
	struct zone *zones = NODE_DATA(node)->node_zones;
	unsigned long pages = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		pages += free ? zone_page_state(&zones[z], NR_FREE_PAGES) :
				zone_managed_pages(&zones[z]);
	return (u64)pages << PAGE_SHIFT;
}

/* Bytes that can be taken from @node while leaving Linux a sane minimum. */
static u64 ihk_node_spare(int node)
{
	u64 keep = max(ihk_node_pages(node, false) / IHK_KEEP_FRACTION, IHK_KEEP_MIN);
	u64 free = ihk_node_pages(node, true);

	return free > keep ? round_down(free - keep, IHK_MEM_ALIGN) : 0;
}

static bool ihk_node_valid(int node)
{
	return node >= 0 && node < IHK_MAX_NODES && node < MAX_NUMNODES &&
	       node_online(node) && node_state(node, N_MEMORY);
}

static struct ihk_chunk *ihk_chunk_new(phys_addr_t phys, u64 size, int node,
				       int owner)
{
	struct ihk_chunk *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->phys = phys;
	c->size = size;
	c->node = node;
	c->owner = owner;
	return c;
}

/* Hands the pages of [phys, phys + size) back to Linux. */
static void ihk_free_range(phys_addr_t phys, u64 size)
{
	unsigned long pfn = PHYS_PFN(phys), end = PHYS_PFN(phys + size);

	for (; pfn < end; pfn++) {
		__free_page(pfn_to_page(pfn));
		if (!(pfn & 1023))
			cond_resched();
	}
}

static void ihk_chunk_insert(struct ihk_chunk *c)
{
	struct ihk_chunk *pos;

	list_for_each_entry(pos, &ihk_chunks, list) {
		if (pos->phys > c->phys) {
			list_add_tail(&c->list, &pos->list);
			return;
		}
	}
	list_add_tail(&c->list, &ihk_chunks);
}

/* Merges neighbours with the same node and owner; ends the request. */
static void ihk_chunks_coalesce(void)
{
	struct ihk_chunk *c, *n;

	list_for_each_entry(c, &ihk_chunks, list)
		c->fresh = false;
	c = list_first_entry_or_null(&ihk_chunks, struct ihk_chunk, list);
	while (c && !list_is_last(&c->list, &ihk_chunks)) {
		n = list_next_entry(c, list);
		if (c->phys + c->size == n->phys && c->node == n->node &&
		    c->owner == n->owner) {
			c->size += n->size;
			list_del(&n->list);
			kfree(n);
		} else {
			c = n;
		}
	}
}

/* Cuts @c at @offset; @tail (allocated by the caller) becomes the rest. */
static void ihk_chunk_split_into(struct ihk_chunk *c, u64 offset,
				 struct ihk_chunk *tail)
{
	tail->phys = c->phys + offset;
	tail->size = c->size - offset;
	tail->node = c->node;
	tail->owner = c->owner;
	tail->fresh = false;
	c->size = offset;
	list_add(&tail->list, &c->list);
}

static int ihk_chunk_split(struct ihk_chunk *c, u64 offset)
{
	struct ihk_chunk *tail = kzalloc(sizeof(*tail), GFP_KERNEL);

	if (!tail)
		return -ENOMEM;
	ihk_chunk_split_into(c, offset, tail);
	return 0;
}

/* Allocates up to @want bytes on @node onto @list; returns what it got. */
static u64 ihk_mem_grab(int node, u64 want, struct list_head *list)
{
	const unsigned int min_order = get_order(IHK_MEM_ALIGN);
	const gfp_t gfp = GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN | __GFP_NORETRY;
	struct ihk_chunk *c;
	struct page *page;
	unsigned int order;
	u64 got = 0;

	while (got < want && !fatal_signal_pending(current)) {
		order = want - got >= (PAGE_SIZE << IHK_MAX_ALLOC_ORDER) ?
			IHK_MAX_ALLOC_ORDER : min_order;
		page = alloc_pages_node(node, gfp, order);
		if (!page && order > min_order) {
			order = min_order;
			page = alloc_pages_node(node, gfp, order);
		}
		if (!page)
			break;
		c = ihk_chunk_new(page_to_phys(page), PAGE_SIZE << order, node,
				  IHK_OWNER_POOL);
		if (!c) {
			__free_pages(page, order);
			break;
		}
		split_page(page, order);
		list_add_tail(&c->list, list);
		got += c->size;
		cond_resched();
	}
	return got;
}

/* One reservation item onto @list: a size on a node, spread, or "all". */
static int ihk_mem_reserve_item(const struct ihk_mem_item *item,
				struct list_head *list)
{
	u64 want, spare = 0, got = 0;
	int node;

	if (item->node != IHK_NODE_ANY && !ihk_node_valid(item->node))
		return -ENODEV;
	if (item->size != IHK_SIZE_ALL && item->size > U64_MAX - IHK_MEM_ALIGN)
		return -ENOMEM;
	want = round_up(item->size, IHK_MEM_ALIGN);

	if (item->node != IHK_NODE_ANY) {
		spare = ihk_node_spare(item->node);
		if (item->size == IHK_SIZE_ALL)
			want = spare;
		if (!want || want > spare)
			return -ENOMEM;
		got = ihk_mem_grab(item->node, want, list);
		return got == want ? 0 : -ENOMEM;
	}

	for_each_node_state(node, N_MEMORY)
		if (node < IHK_MAX_NODES)
			spare += ihk_node_spare(node);
	if (item->size == IHK_SIZE_ALL)
		want = spare;
	if (!want || want > spare)
		return -ENOMEM;
	for_each_node_state(node, N_MEMORY) {
		if (node >= IHK_MAX_NODES || got >= want)
			continue;
		got += ihk_mem_grab(node, min(want - got, ihk_node_spare(node)), list);
	}
	return got >= want ? 0 : -ENOMEM;
}

/**
 * ihk_mem_reserve() - take memory from Linux into the pool (IHK_RESERVE_MEM)
 * @req: the items (size and node, or "all"); @req->failed names the item
 *       that failed
 *
 * All or nothing: every item's blocks are collected on a private list and
 * only joined to ihk_chunks once all items succeeded, so a refusal leaves
 * the reserve as it was. Linux keeps an eighth of a node (at least 64 MiB).
 *
 * Context: process context, sleeps (page allocation); caller holds ihk_lock.
 * Return: 0; -EINVAL (no item or too many), -ENODEV (bad node), -ENOMEM
 * (not that much to spare).
 */
int ihk_mem_reserve(struct ihk_mem_request *req)
{
	struct ihk_chunk *c, *n;
	LIST_HEAD(new);
	u64 total = 0;
	u32 i;
	int ret;

	req->failed = IHK_FAILED_NONE;
	if (req->nr_items == 0 || req->nr_items > IHK_MAX_MEM_ITEMS)
		return -EINVAL;
	for (i = 0; i < req->nr_items; i++) {
		ret = ihk_mem_reserve_item(&req->items[i], &new);
		if (ret) {
			req->failed = i;
			goto err_free;
		}
	}
	list_for_each_entry_safe(c, n, &new, list) {
		list_del(&c->list);
		total += c->size;
		ihk_chunk_insert(c);
	}
	ihk_chunks_coalesce();
	pr_info("ihk: reserved %llu MiB of memory\n", total >> 20);
	return 0;

err_free:
	list_for_each_entry_safe(c, n, &new, list) {
		ihk_free_range(c->phys, c->size);
		list_del(&c->list);
		kfree(c);
	}
	return ret;
}

static bool ihk_chunk_on(const struct ihk_chunk *c, int node)
{
	return node == IHK_NODE_ANY || c->node == node;
}

/*
 * Free (pool) bytes on @node (or everywhere); *@any says whether @node has
 * reserved memory at all, *@assigned whether some of it is assigned.
 */
static u64 ihk_pool_bytes(int node, bool *any, bool *assigned)
{
	struct ihk_chunk *c;
	u64 pool = 0;

	*any = false;
	*assigned = false;
	list_for_each_entry(c, &ihk_chunks, list) {
		if (!ihk_chunk_on(c, node))
			continue;
		*any = true;
		if (c->owner == IHK_OWNER_POOL)
			pool += c->size;
		else
			*assigned = true;
	}
	return pool;
}

static void ihk_chunk_drop(struct ihk_chunk *c)
{
	ihk_free_range(c->phys, c->size);
	list_del(&c->list);
	kfree(c);
}

/**
 * ihk_mem_release() - give pool memory back to Linux (IHK_RELEASE_MEM)
 * @req: exactly one item: "all" of a node (or everywhere), or a size
 *
 * Memory assigned to an instance is never released. A size is taken from
 * the highest pool chunks down, cutting at most one, so what stays reserved
 * stays low and together; the record for the cut is allocated before any
 * page is freed, so the operation cannot fail half way.
 *
 * Context: process context, sleeps; caller holds ihk_lock.
 * Return: 0; -EINVAL (not one item), -ENODEV (bad node), -ENOENT (nothing
 * reserved there), -EBUSY ("all" while some is assigned), -ERANGE (more
 * than the pool holds), -ENOMEM.
 */
int ihk_mem_release(struct ihk_mem_request *req)
{
	const struct ihk_mem_item *item = &req->items[0];
	struct ihk_chunk *c, *n, *spare;
	bool any, assigned;
	u64 pool, want;

	req->failed = IHK_FAILED_NONE;
	if (req->nr_items != 1)
		return -EINVAL;
	req->failed = 0;
	if (item->node != IHK_NODE_ANY &&
	    (item->node < 0 || item->node >= IHK_MAX_NODES))
		return -ENODEV;

	pool = ihk_pool_bytes(item->node, &any, &assigned);
	if (!any)
		return -ENOENT;
	if (item->size == IHK_SIZE_ALL && assigned)
		return -EBUSY;

	if (item->size == IHK_SIZE_ALL) {
		list_for_each_entry_safe(c, n, &ihk_chunks, list)
			if (ihk_chunk_on(c, item->node))
				ihk_chunk_drop(c);
		return 0;
	}

	if (item->size > U64_MAX - IHK_MEM_ALIGN)
		return -ERANGE;
	want = round_up(item->size, IHK_MEM_ALIGN);
	if (want > pool)
		return -ERANGE;
	/* At most one chunk is cut: its record exists before anything is freed. */
	spare = kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;
	/* From the top down, so what stays reserved stays low and together. */
	list_for_each_entry_safe_reverse(c, n, &ihk_chunks, list) {
		if (!want)
			break;
		if (!ihk_chunk_on(c, item->node) || c->owner != IHK_OWNER_POOL)
			continue;
		if (c->size > want) {
			ihk_chunk_split_into(c, c->size - want, spare);
			spare = NULL;
			c = list_next_entry(c, list);
		}
		want -= c->size;
		ihk_chunk_drop(c);
	}
	kfree(spare);
	return 0;
}

/**
 * ihk_mem_query() - list the reserved chunks
 * @out: array of @max entries to fill
 * @max: size of @out
 *
 * Context: caller holds ihk_lock.
 * Return: the number of chunks, which may be more than @max (only @max are
 * written), so the caller can tell the list was cut.
 */
u32 ihk_mem_query(struct ihk_mem_chunk *out, u32 max)
{
	struct ihk_chunk *c;
	u32 n = 0;

	list_for_each_entry(c, &ihk_chunks, list) {
		if (n < max) {
			out[n].phys = c->phys;
			out[n].size = c->size;
			out[n].node = c->node;
			out[n].owner = c->owner;
		}
		n++;
	}
	return n;
}

/* One assignment item: whole pool chunks, lowest first, the last one cut. */
static int ihk_mem_assign_item(const struct ihk_mem_item *item, int owner)
{
	bool any, assigned;
	struct ihk_chunk *c;
	u64 pool, want;
	int ret;

	if (item->node != IHK_NODE_ANY &&
	    (item->node < 0 || item->node >= IHK_MAX_NODES))
		return -ENODEV;
	pool = ihk_pool_bytes(item->node, &any, &assigned);
	if (!any)
		return -ENODEV;
	if (item->size > U64_MAX - IHK_MEM_ALIGN)
		return -ENOMEM;
	want = item->size == IHK_SIZE_ALL ? pool : round_up(item->size, IHK_MEM_ALIGN);
	if (!want || want > pool)
		return -ENOMEM;

	list_for_each_entry(c, &ihk_chunks, list) {
		if (!want)
			break;
		if (!ihk_chunk_on(c, item->node) || c->owner != IHK_OWNER_POOL)
			continue;
		if (c->size > want) {
			ret = ihk_chunk_split(c, want);
			if (ret)
				return ret;
		}
		c->owner = owner;
		c->fresh = true;
		want -= c->size;
	}
	return 0;
}

/**
 * ihk_mem_assign() - give pool memory to an instance (IHK_OS_ASSIGN_MEM)
 * @req: the items; @req->failed names the one that failed
 * @owner: the instance's index, written into each chunk taken
 *
 * All or none: chunks taken by this request are marked fresh, and a later
 * item's failure gives exactly those back to the pool.
 *
 * Context: caller holds ihk_lock; the instance is not booted.
 * Return: 0; -EINVAL, -ENODEV (no reserved memory on that node), -ENOMEM
 * (the pool has less).
 */
int ihk_mem_assign(struct ihk_mem_request *req, int owner)
{
	struct ihk_chunk *c;
	u32 i;
	int ret;

	req->failed = IHK_FAILED_NONE;
	if (req->nr_items == 0 || req->nr_items > IHK_MAX_MEM_ITEMS)
		return -EINVAL;
	for (i = 0; i < req->nr_items; i++) {
		ret = ihk_mem_assign_item(&req->items[i], owner);
		if (ret) {
			req->failed = i;
			goto err_undo;
		}
	}
	ihk_chunks_coalesce();
	return 0;

err_undo:
	list_for_each_entry(c, &ihk_chunks, list)
		if (c->fresh)
			c->owner = IHK_OWNER_POOL;
	ihk_chunks_coalesce();
	return ret;
}

/**
 * ihk_mem_unassign() - return all of an instance's memory to the pool
 * @owner: the instance's index
 *
 * Context: caller holds ihk_lock; the LWK is stopped, so no CPU writes the
 * chunks any more.
 */
void ihk_mem_unassign(int owner)
{
	struct ihk_chunk *c;

	list_for_each_entry(c, &ihk_chunks, list)
		if (c->owner == owner)
			c->owner = IHK_OWNER_POOL;
	ihk_chunks_coalesce();
}

/**
 * ihk_mem_release_all() - give every reserved byte back to Linux (module exit)
 *
 * Context: module exit, no instance left; caller holds ihk_lock.
 */
void ihk_mem_release_all(void)
{
	struct ihk_chunk *c, *n;

	list_for_each_entry_safe(c, n, &ihk_chunks, list)
		ihk_chunk_drop(c);
}
