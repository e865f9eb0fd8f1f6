// SPDX-License-Identifier: GPL-2.0
/*
 * ihkosctl N access group GROUP / access all: who may use instance N.
 * Opening /dev/mcosN is what mcexec, query, status, ps and kmsg need, so
 * the node's group and mode decide who may use the instance at all:
 * "group GROUP" makes it root:GROUP 0660, "all" back to 0666 as the
 * module creates it. The module asks the node again at every process
 * creation, so a file opened before the restriction starts nothing.
 *
 * The node lives as long as the instance: `ihkconfig create` makes a new
 * one, open to all, which is why this is a command to run right after it
 * (or a udev rule: KERNEL=="mcos[0-9]*", GROUP="...", MODE="0660").
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ihkosctl.h"

#define ACCESS_GROUP_MODE	0660
#define ACCESS_ALL_MODE		0666

/* Sets the group (-1: leave it) and mode of the open node @fd. */
static int set_access(int fd, gid_t gid, mode_t mode, const char *what)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return cli_error("cannot open instance %d to %s: %s", osctl_index,
				 what, strerror(errno));
	if (!S_ISCHR(st.st_mode))
		return cli_error("cannot open instance %d to %s: /dev/" IHK_OS_DEVICE_FMT " is not a device node",
				 osctl_index, what, osctl_index);
	/* chown first: a moment of 0660 for the old group is never wider. */
	if (fchown(fd, (uid_t)-1, gid) < 0 || fchmod(fd, mode) < 0)
		return cli_error("cannot open instance %d to %s: %s", osctl_index,
				 what, cli_strerror(errno));
	return 0;
}

/* GROUP is a group name, or a number. */
static int parse_group(const char *s, gid_t *gid)
{
	struct group *g = getgrnam(s);
	unsigned long v;
	char *end;

	if (g) {
		*gid = g->gr_gid;
		return 0;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s && !*end && !errno && v < (gid_t)-1 && s[0] != '-') {
		*gid = (gid_t)v;
		return 0;
	}
	return cli_bad_value("group", s, 0, 0, "no such group");
}

int osctl_access_group(const char *group)
{
	char what[300];
	gid_t gid = 0;
	int fd, ret;

	ret = parse_group(group, &gid);
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "group '%.250s'", group);
	if (geteuid() != 0)
		return cli_error("cannot open instance %d to %s: %s", osctl_index,
				 what, cli_strerror(EPERM));
	fd = osctl_open(O_RDONLY);
	if (fd < 0)
		return CLI_FAILED;
	ret = set_access(fd, gid, ACCESS_GROUP_MODE, what);
	close(fd);
	return ret;
}

int osctl_access_all(const char *unused)
{
	int fd, ret;

	(void)unused;
	if (geteuid() != 0)
		return cli_error("cannot open instance %d to all users: %s",
				 osctl_index, cli_strerror(EPERM));
	fd = osctl_open(O_RDONLY);
	if (fd < 0)
		return CLI_FAILED;
	ret = set_access(fd, 0, ACCESS_ALL_MODE, "all users");
	close(fd);
	return ret;
}
