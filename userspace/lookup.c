// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpulist.h"
#include "cpumask.h"
#include "libihk.h"
#include "lookup.h"

int lookup_cpu_owner(int ctl_fd, int cpu)
{
	struct ihk_os_list list;
	struct ihk_os_info *info;
	int owner = -1;
	unsigned int i;

	info = malloc(sizeof(*info));
	if (!info || ihk_list_os(ctl_fd, &list) < 0)
		goto out;

	for (i = 0; i < list.nr && i < IHK_MAX_OS && owner < 0; i++) {
		int fd = ihk_os_open(list.index[i], O_RDONLY);

		if (fd < 0)
			continue;
		if (ihk_os_query(fd, info) == 0 &&
		    cpumask_bit_test(info->cpus, cpu))
			owner = list.index[i];
		close(fd);
	}
out:
	free(info);
	return owner;
}

const char *lookup_mem_owners(int ctl_fd, int node, char *buf)
{
	uint64_t owners[CPUMASK_WORDS(IHK_MAX_OS)] = { 0 };
	struct ihk_mem_query *q;
	unsigned int i, n = 0;
	int first = -1;

	buf[0] = '\0';
	q = malloc(sizeof(*q));
	if (!q || ihk_query_mem(ctl_fd, q) < 0)
		goto out;

	for (i = 0; i < q->nr_chunks && i < IHK_MAX_CHUNKS; i++) {
		const struct ihk_mem_chunk *c = &q->chunks[i];

		if (c->owner < 0 || c->owner >= IHK_MAX_OS)
			continue;
		if (node != IHK_NODE_ANY && c->node != node)
			continue;
		if (!cpumask_bit_test(owners, c->owner)) {
			cpumask_bit_set(owners, c->owner);
			first = c->owner;
			n++;
		}
	}
	if (n == 1) {
		snprintf(buf, LOOKUP_OWNERS_TEXT, "instance %d", first);
	} else if (n > 1) {
		strcpy(buf, "instances ");
		cpulist_format(owners, IHK_MAX_OS, buf + 10,
			       LOOKUP_OWNERS_TEXT - 10);
	}
out:
	free(q);
	return buf;
}

const char *lookup_status(int os_fd)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	const char *name = NULL;

	if (info && ihk_os_query(os_fd, info) == 0)
		name = ihk_status_name(info->status);
	free(info);
	return name;
}
