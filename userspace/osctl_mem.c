// SPDX-License-Identifier: GPL-2.0
/* ihkosctl N assign/release mem: reserved memory in and out of an instance. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ihkosctl.h"
#include "libihk.h"

static int assign_error(int fd, const char *spec,
			const struct ihk_mem_item *items, unsigned int nr,
			int err, int failed)
{
	const struct ihk_mem_item *item = cli_failed_item(items, nr, failed);
	char subject[CLI_MEM_TEXT + 64], why[128];
	const char *reason;

	cli_mem_subject(spec, items, nr, item, subject, sizeof(subject));
	/* With no item named, ENODEV is about the instance, not a node. */
	if (item && err == ENOMEM && item->size == IHK_SIZE_ALL) {
		reason = "no reserved memory is left unassigned";
	} else if (item && err == ENOMEM) {
		reason = "not that much memory is reserved and unassigned";
	} else if (item && err == ENODEV) {
		if (item->node != IHK_NODE_ANY)
			snprintf(why, sizeof(why),
				 "no memory is reserved on node %d", item->node);
		else
			snprintf(why, sizeof(why), "no memory is reserved");
		reason = why;
	} else if (err == EINVAL) {
		reason = "ihk.ko refused the request as invalid";
	} else {
		reason = osctl_why(fd, err, why, sizeof(why));
	}
	return cli_error("cannot assign %s to instance %d: %s", subject,
			 osctl_index, reason);
}

int osctl_assign_mem(const char *spec)
{
	struct ihk_mem_item items[IHK_MAX_MEM_ITEMS];
	unsigned int nr;
	int fd, ret, failed;

	ret = cli_parse_mem(spec, items, &nr);
	if (ret)
		return ret;

	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_assign_mem(fd, items, nr, &failed);
	if (ret)
		ret = assign_error(fd, spec, items, nr, -ret, failed);
	close(fd);
	return ret;
}

int osctl_release_mem(const char *all)
{
	char why[128];
	int fd, ret;

	/* The module takes back all of it or nothing; say so up front. */
	if (strcmp(all, "all"))
		return cli_usage_error("'release mem' takes only 'all', not '%s': an instance gives back all its memory at once",
				       all);

	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_release_mem(fd);
	if (ret)
		ret = cli_error("cannot release the memory of instance %d: %s",
				osctl_index, osctl_why(fd, -ret, why, sizeof(why)));
	close(fd);
	return ret;
}
