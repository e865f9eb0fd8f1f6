// SPDX-License-Identifier: GPL-2.0
/* ihkconfig reserve/release/query mem: memory taken from Linux. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ihkconfig.h"
#include "libihk.h"
#include "lookup.h"
#include "size.h"

static int reserve_error(const char *spec, const struct ihk_mem_item *items,
			 unsigned int nr, int err, int failed)
{
	const struct ihk_mem_item *item = cli_failed_item(items, nr, failed);
	char subject[CLI_MEM_TEXT + 64];
	const char *why;

	cli_mem_subject(spec, items, nr, item, subject, sizeof(subject));

	switch (err) {
	case ENODEV:
		if (item && item->node != IHK_NODE_ANY)
			return cli_error("cannot reserve %s: node %d does not exist or has no memory",
					 subject, item->node);
		why = "no node with memory to spare";
		break;
	case ENOMEM:
		if (item && item->size == IHK_SIZE_ALL)
			why = "no memory can be spared";
		else
			why = "not that much memory can be spared";
		break;
	case EINVAL:
		why = "ihk.ko refused the request as invalid";
		break;
	default:
		why = cli_strerror(err);
	}
	return cli_error("cannot reserve %s: %s", subject, why);
}

int config_reserve_mem(const char *spec)
{
	struct ihk_mem_item items[IHK_MAX_MEM_ITEMS];
	unsigned int nr;
	int fd, ret, failed;

	ret = cli_parse_mem(spec, items, &nr);
	if (ret)
		return ret;

	fd = cli_open_ctl(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_reserve_mem(fd, items, nr, &failed);
	close(fd);
	return ret ? reserve_error(spec, items, nr, -ret, failed) : 0;
}

static int release_error(int fd, const struct ihk_mem_item *item, int err)
{
	char subject[CLI_MEM_TEXT], size[32], owners[LOOKUP_OWNERS_TEXT];

	cli_mem_text(item, subject);
	switch (err) {
	case EBUSY:
		lookup_mem_owners(fd, item->node, owners);
		return cli_error("cannot release %s: some of it is assigned to %s (release it there first); nothing was released",
				 subject, owners[0] ? owners : "an instance");
	case ERANGE:
		size_format(item->size, size, sizeof(size));
		return cli_error("cannot release %s: less than %s is reserved and unassigned on node %d",
				 subject, size, item->node);
	case ENOENT:
		if (item->node != IHK_NODE_ANY)
			return cli_error("cannot release %s: nothing is reserved on node %d",
					 subject, item->node);
		return cli_error("cannot release %s: nothing is reserved", subject);
	}
	return cli_error("cannot release %s: %s", subject, cli_strerror(err));
}

int config_release_mem(const char *spec)
{
	struct ihk_mem_item items[IHK_MAX_MEM_ITEMS];
	unsigned int nr;
	int fd, ret;

	ret = cli_parse_mem(spec, items, &nr);
	if (ret)
		return ret;
	/* Chunks are not tagged by request, so only these make sense. */
	if (nr > 1)
		return cli_usage_error("bad memory spec '%s': release takes one item: all, all@NODE or SIZE@NODE",
				       spec);
	if (items[0].size != IHK_SIZE_ALL && items[0].node == IHK_NODE_ANY)
		return cli_usage_error("bad memory spec '%s': releasing a size needs its node (SIZE@NODE)",
				       spec);

	fd = cli_open_ctl(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_release_mem(fd, items, 1, NULL);
	if (ret)
		ret = release_error(fd, &items[0], -ret);
	close(fd);
	return ret;
}

static int chunk_cmp(const void *a, const void *b)
{
	const struct ihk_mem_chunk *x = a, *y = b;

	return x->phys < y->phys ? -1 : x->phys > y->phys;
}

int config_query_mem(const char *unused)
{
	struct ihk_mem_query *q;
	uint64_t total = 0;
	unsigned int i, shown;
	char size[32];
	int fd, ret;

	(void)unused;
	q = malloc(sizeof(*q));
	if (!q)
		return cli_error("cannot query memory: %s", cli_strerror(ENOMEM));
	fd = cli_open_ctl(O_RDONLY);
	if (fd < 0) {
		ret = CLI_FAILED;
		goto out;
	}
	ret = ihk_query_mem(fd, q);
	close(fd);
	if (ret) {
		ret = cli_error("cannot query memory: %s", cli_strerror(-ret));
		goto out;
	}

	shown = q->nr_chunks < IHK_MAX_CHUNKS ? q->nr_chunks : IHK_MAX_CHUNKS;
	qsort(q->chunks, shown, sizeof(q->chunks[0]), chunk_cmp);
	for (i = 0; i < shown; i++) {
		const struct ihk_mem_chunk *c = &q->chunks[i];

		size_format(c->size, size, sizeof(size));
		printf("0x%016" PRIx64 " %s node %d ", c->phys, size, c->node);
		if (c->owner == IHK_OWNER_POOL)
			printf("free\n");
		else
			printf("os%d\n", c->owner);
		total += c->size;
	}
	size_format(total, size, sizeof(size));
	printf("total: %s\n", size);
	if (shown < q->nr_chunks)
		cli_error("only %u of %u chunks fit in one query; the total counts those",
			  shown, q->nr_chunks);
	ret = 0;
out:
	free(q);
	return ret;
}
