// SPDX-License-Identifier: GPL-2.0
/* ihkconfig create/destroy/list: OS instances and their /dev/mcosN. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "ihkconfig.h"
#include "libihk.h"

int config_create(const char *unused)
{
	int fd, ret;

	(void)unused;
	fd = cli_open_ctl(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_create_os(fd);
	close(fd);
	if (ret == -ENOSPC)
		return cli_error("cannot create an instance: too many instances (at most %d)",
				 IHK_MAX_OS);
	if (ret < 0)
		return cli_error("cannot create an instance: %s", cli_strerror(-ret));
	printf("%d\n", ret);
	return 0;
}

int config_destroy(const char *arg)
{
	int fd, ret, index;

	ret = cli_parse_index(arg, &index);
	if (ret)
		return ret;

	fd = cli_open_ctl(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_destroy_os(fd, index);
	close(fd);
	if (ret == -ENOENT)
		return cli_error("instance %d does not exist", index);
	if (ret)
		return cli_error("cannot destroy instance %d: %s", index,
				 cli_strerror(-ret));
	return 0;
}

int config_list(const char *unused)
{
	struct ihk_os_list list;
	unsigned int i;
	int fd, ret;

	(void)unused;
	fd = cli_open_ctl(O_RDONLY);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_list_os(fd, &list);
	close(fd);
	if (ret)
		return cli_error("cannot list instances: %s", cli_strerror(-ret));
	for (i = 0; i < list.nr && i < IHK_MAX_OS; i++)
		printf("%d %s\n", list.index[i], ihk_status_name(list.status[i]));
	return 0;
}
