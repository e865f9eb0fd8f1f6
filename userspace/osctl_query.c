// SPDX-License-Identifier: GPL-2.0
/* ihkosctl N status/query: what the instance has and how it is doing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ihkosctl.h"
#include "libihk.h"
#include "size.h"

/* Fills @info; open read-only because queries need no privilege. */
static int query(struct ihk_os_info *info)
{
	int fd, ret;

	fd = osctl_open(O_RDONLY);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_query(fd, info);
	close(fd);
	if (ret)
		return cli_error("cannot query instance %d: %s", osctl_index,
				 cli_strerror(-ret));
	return 0;
}

int osctl_status(const char *unused)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	int ret;

	(void)unused;
	if (!info)
		return cli_error("cannot query instance %d: %s", osctl_index,
				 strerror(ENOMEM));
	ret = query(info);
	if (!ret)
		printf("%s\n", ihk_status_name(info->status));
	free(info);
	return ret;
}

/* A Linux CPU number the module reports, or "none" (-1). */
static const char *cpu_text(int cpu, char *buf, size_t n)
{
	if (cpu < 0)
		return "none";
	snprintf(buf, n, "%d", cpu);
	return buf;
}

static void show(const struct ihk_os_info *info)
{
	char cpus[CLI_CPUS_TEXT], size[32], cpu[16];
	int node;

	printf("status: %s\n", ihk_status_name(info->status));
	printf("cpus: %s\n", cli_cpulist(info->cpus, cpus));
	/* How the booted LWK is doing (0 and none while it is not booted). */
	printf("cpus up: %u\n", info->cpus_up);
	printf("failed cpu: %s\n", cpu_text(info->failed_cpu, cpu, sizeof(cpu)));
	printf("panic cpu: %s\n", cpu_text(info->panic_cpu, cpu, sizeof(cpu)));
	size_format(info->mem_total, size, sizeof(size));
	printf("memory: %s\n", size);
	for (node = 0; node < IHK_MAX_NODES; node++) {
		if (!info->mem_per_node[node])
			continue;
		size_format(info->mem_per_node[node], size, sizeof(size));
		printf("memory node %d: %s\n", node, size);
	}
	size_format(info->lwk_free, size, sizeof(size));
	printf("lwk free memory: %s\n", size);
	if (info->image_size)
		size_format(info->image_size, size, sizeof(size));
	else
		strcpy(size, "none");
	printf("image: %s\n", size);
	printf("kargs:%s%s\n", info->kargs[0] ? " " : "", info->kargs);
}

int osctl_query(const char *unused)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	int ret;

	(void)unused;
	if (!info)
		return cli_error("cannot query instance %d: %s", osctl_index,
				 strerror(ENOMEM));
	ret = query(info);
	if (!ret)
		show(info);
	free(info);
	return ret;
}
