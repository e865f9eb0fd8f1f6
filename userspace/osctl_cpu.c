// SPDX-License-Identifier: GPL-2.0
/* ihkosctl N assign/release cpu: reserved CPUs in and out of an instance. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cpumask.h"
#include "ihkosctl.h"
#include "libihk.h"
#include "lookup.h"

/* Who already has @cpu: this instance, another one, or nobody we can see. */
static int cpu_owner(int os_fd, int cpu)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	int owner = -1, ctl_fd;

	if (info && ihk_os_query(os_fd, info) == 0 &&
	    cpumask_bit_test(info->cpus, cpu))
		owner = osctl_index;
	free(info);
	if (owner >= 0)
		return owner;

	ctl_fd = ihk_open(O_RDONLY);
	if (ctl_fd < 0)
		return -1;
	owner = lookup_cpu_owner(ctl_fd, cpu);
	close(ctl_fd);
	return owner;
}

static int assign_error(int fd, const uint64_t *mask, int err, int failed)
{
	char subject[CLI_CPUS_TEXT], why[128];
	const char *reason;
	int owner;

	cli_cpu_subject(mask, failed, subject);
	if (err == ENOENT) {
		reason = "not reserved (see ihkconfig reserve cpu)";
	} else if (err == EBUSY && failed >= 0) {
		owner = cpu_owner(fd, failed);
		if (owner == osctl_index) {
			reason = "already assigned to it";
		} else if (owner >= 0) {
			snprintf(why, sizeof(why),
				 "already assigned to instance %d", owner);
			reason = why;
		} else {
			reason = "already assigned to an instance";
		}
	} else {
		reason = osctl_why(fd, err, why, sizeof(why));
	}
	return cli_error("cannot assign %s to instance %d: %s", subject,
			 osctl_index, reason);
}

int osctl_assign_cpu(const char *list)
{
	uint64_t mask[IHK_CPU_WORDS];
	int fd, ret, failed;

	ret = cli_parse_cpus(list, mask);
	if (ret)
		return ret;

	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_assign_cpu(fd, mask, &failed);
	if (ret)
		ret = assign_error(fd, mask, -ret, failed);
	close(fd);
	return ret;
}

static int release_error(int fd, const uint64_t *mask, int err, int failed)
{
	char subject[CLI_CPUS_TEXT], why[128];

	cli_cpu_subject(mask, failed, subject);
	return cli_error("cannot release %s from instance %d: %s", subject,
			 osctl_index,
			 err == ENOENT ? "not assigned to it" :
			 osctl_why(fd, err, why, sizeof(why)));
}

/* Every CPU the instance has, for "release cpu all". */
static int assigned_cpus(int fd, uint64_t *mask)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	int ret;

	if (!info)
		return cli_error("cannot query instance %d: %s", osctl_index,
				 strerror(ENOMEM));
	ret = ihk_os_query(fd, info);
	if (ret) {
		ret = cli_error("cannot query instance %d: %s", osctl_index,
				cli_strerror(-ret));
	} else {
		memcpy(mask, info->cpus, sizeof(info->cpus));
		if (cli_cpus_empty(mask))
			ret = cli_error("cannot release CPUs from instance %d: none are assigned",
					osctl_index);
	}
	free(info);
	return ret;
}

int osctl_release_cpu(const char *list)
{
	uint64_t mask[IHK_CPU_WORDS];
	bool all = !strcmp(list, "all");
	int fd, ret, failed;

	if (!all) {
		ret = cli_parse_cpus(list, mask);
		if (ret)
			return ret;
	}

	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = all ? assigned_cpus(fd, mask) : 0;
	if (ret)
		goto out;
	ret = ihk_os_release_cpu(fd, mask, &failed);
	if (ret)
		ret = release_error(fd, mask, -ret, failed);
out:
	close(fd);
	return ret;
}
