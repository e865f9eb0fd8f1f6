// SPDX-License-Identifier: GPL-2.0
/*
 * Which instance mcexec runs on, and its file. /dev/mcosN is open to
 * every user and its QUERY needs no privilege, while /dev/ihk (LIST) is
 * root's: so the default instance is found by opening /dev/mcos0, 1, ...
 * and asking each for its status.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../userspace/libihk.h"
#include "mcexec.h"

/*
 * The application's descriptors must look as they would natively (its
 * first open gets 3), so ours goes high, below RLIMIT_NOFILE and below
 * 1024: a higher number would make Linux grow the fd table to it, and
 * select() users keep their fds below 1024 anyway.
 */
#define MCEXEC_FD_CEILING	1024

static int move_fd_high(int fd)
{
	struct rlimit rl;
	long target, ceiling = MCEXEC_FD_CEILING;
	int i, nfd;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)ceiling)
		ceiling = (long)rl.rlim_cur;
	/* F_DUPFD takes the lowest free fd >= target: walk down past taken ones. */
	for (i = 0, target = ceiling - 1; i < 64 && target > fd; i++, target--) {
		nfd = fcntl(fd, F_DUPFD_CLOEXEC, target);
		if (nfd >= 0) {
			close(fd);
			return nfd;
		}
		if (errno != EMFILE)
			break;
	}
	return fd;	/* keeps working, only with a low number */
}

static int query_status(int fd, uint64_t *lwk_free)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	int status = -ENOMEM;

	if (info) {
		status = ihk_os_query(fd, info);
		if (!status) {
			status = info->status;
			if (lwk_free)
				*lwk_free = info->lwk_free;
		}
	}
	free(info);
	return status;
}

uint64_t mcexec_lwk_free(struct mcexec *mc)
{
	uint64_t free_bytes = 0;

	if (mc->fd < 0 || query_status(mc->fd, &free_bytes) < 0)
		return 0;
	return free_bytes;
}

/* The module's ABI differs from ours: the one error worth naming as such. */
static int abi_error(void)
{
	return mcexec_error(MCEXEC_FAILED,
			    "the loaded ihk.ko speaks ABI %d, this mcexec ABI %d: install matching ones",
			    ihk_module_abi(), IHK_ABI_VERSION);
}

/*
 * /dev/mcosN refused us (an admin gave the instance to a group, with
 * `ihkosctl N access group GROUP`): say which group may use it.
 */
int mcexec_access_error(int index)
{
	char path[32], gname[64];
	struct group *g;
	struct stat st;

	ihk_os_path(index, path, sizeof(path));
	if (stat(path, &st) < 0 || (st.st_mode & 0006) == 0006)
		return mcexec_error(MCEXEC_FAILED, "cannot use instance %d: %s: permission denied",
				    index, path);
	g = getgrgid(st.st_gid);
	if (g)
		snprintf(gname, sizeof(gname), "'%.50s'", g->gr_name);
	else
		snprintf(gname, sizeof(gname), "%u", (unsigned int)st.st_gid);
	return mcexec_error(MCEXEC_FAILED,
			    "cannot use instance %d: %s is for group %s only, and you are not in it (ask an admin)",
			    index, path, gname);
}

static int popcount_words(const uint64_t *w, unsigned int n)
{
	int bits = 0;

	while (n--)
		bits += __builtin_popcountll(w[n]);
	return bits;
}

#define MAX_PROCS_PARAM	"/sys/module/ihk/parameters/max_procs_per_user"

/* CREATE said EUSERS: name the limit as ihk.ko computes it (mc_proc.c). */
int mcexec_limit_error(struct mcexec *mc)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	int max = -1, cpus = 0, limit;
	FILE *f = fopen(MAX_PROCS_PARAM, "re");

	if (f) {
		if (fscanf(f, "%d", &max) != 1)
			max = -1;
		fclose(f);
	}
	if (info && !ihk_os_query(mc->fd, info))
		cpus = popcount_words(info->cpus, IHK_CPU_WORDS);
	free(info);
	if (max > 0 || !cpus)
		return mcexec_error(MCEXEC_FAILED,
				    "you already run as many LWK processes on instance %d as one user may (%d: ihk.ko parameter max_procs_per_user)",
				    mc->os_index, max);
	limit = (cpus > 2 ? cpus : 2) - 1;
	return mcexec_error(MCEXEC_FAILED,
			    "you already run as many LWK processes on instance %d as one user may (%d: all of its %d CPUs but one, ihk.ko parameter max_procs_per_user=%d)",
			    mc->os_index, limit, cpus, max);
}

static int open_chosen(struct mcexec *mc)
{
	int fd, status;

	fd = ihk_os_open(mc->os_index, O_RDWR);
	if (fd == -EPROTO)
		return abi_error();
	if (fd == -ENOENT || fd == -ENXIO || fd == -ENODEV)
		return mcexec_error(MCEXEC_FAILED, "instance %d does not exist%s", mc->os_index,
				    access("/proc/" IHK_PROC_DIR, F_OK) ? " (ihk.ko is not loaded)" : "");
	if (fd == -EACCES || fd == -EPERM)
		return mcexec_access_error(mc->os_index);
	if (fd < 0)
		return mcexec_error(MCEXEC_FAILED, "cannot open /dev/" IHK_OS_DEVICE_FMT ": %s",
				    mc->os_index, strerror(-fd));
	status = query_status(fd, NULL);
	if (status != IHK_OS_RUNNING) {
		close(fd);
		if (status < 0)
			return mcexec_error(MCEXEC_FAILED, "cannot query instance %d: %s",
					    mc->os_index, strerror(-status));
		return mcexec_error(MCEXEC_FAILED, "instance %d is not running (it is %s)",
				    mc->os_index, ihk_status_name(status));
	}
	mc->fd = fd;
	return 0;
}

static int open_first_running(struct mcexec *mc)
{
	int i, fd, denied = -1;

	for (i = 0; i < IHK_MAX_OS; i++) {
		fd = ihk_os_open(i, O_RDWR);
		if (fd == -EPROTO)
			return abi_error();
		if ((fd == -EACCES || fd == -EPERM) && denied < 0)
			denied = i;
		if (fd < 0)
			continue;
		if (query_status(fd, NULL) == IHK_OS_RUNNING) {
			mc->fd = fd;
			mc->os_index = i;
			return 0;
		}
		close(fd);
	}
	if (access("/proc/" IHK_PROC_DIR, F_OK))
		return mcexec_error(MCEXEC_FAILED, "no running LWK instance (ihk.ko is not loaded)");
	/* Ours may be the one we cannot open: saying "none runs" would mislead. */
	if (denied >= 0)
		return mcexec_access_error(denied);
	return mcexec_error(MCEXEC_FAILED, "no running LWK instance (see ihkosctl N status)");
}

int mcexec_open_instance(struct mcexec *mc)
{
	int ret;

	ret = mc->os_index >= 0 ? open_chosen(mc) : open_first_running(mc);
	if (ret)
		return ret;
	mc->fd = move_fd_high(mc->fd);
	return 0;
}
