// SPDX-License-Identifier: GPL-2.0
/*
 * Which instance mcexec runs on, and its file. /dev/mcosN is open to
 * every user and its QUERY needs no privilege, while /dev/ihk (LIST) is
 * root's: so the default instance is found by opening /dev/mcos0, 1, ...
 * and asking each for its status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

static int open_chosen(struct mcexec *mc)
{
	int fd, status;

	fd = ihk_os_open(mc->os_index, O_RDWR);
	if (fd == -EPROTO)
		return abi_error();
	if (fd == -ENOENT || fd == -ENXIO || fd == -ENODEV)
		return mcexec_error(MCEXEC_FAILED, "instance %d does not exist%s", mc->os_index,
				    access("/proc/" IHK_PROC_DIR, F_OK) ? " (ihk.ko is not loaded)" : "");
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
	int i, fd;

	for (i = 0; i < IHK_MAX_OS; i++) {
		fd = ihk_os_open(i, O_RDWR);
		if (fd == -EPROTO)
			return abi_error();
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
