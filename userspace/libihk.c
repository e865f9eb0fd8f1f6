// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libihk.h"

/* ioctl() as 0-or-negative-errno, passing through non-negative results. */
static int ihk_ioctl(int fd, unsigned long request, unsigned long arg)
{
	int ret = ioctl(fd, request, arg);

	return ret < 0 ? -errno : ret;
}

int ihk_module_abi(void)
{
	char line[128];
	int abi = -ENOENT;
	FILE *f;

	f = fopen("/proc/" IHK_PROC_DIR "/version", "re");
	if (!f)
		return -errno;
	if (fgets(line, sizeof(line), f) &&
	    sscanf(line, "ihk %*s abi %d", &abi) != 1)
		abi = -EINVAL;
	fclose(f);
	return abi;
}

/*
 * Every device open checks the module speaks our ABI: a stale ihk.ko left
 * loaded after an upgrade would otherwise misread every struct we pass.
 */
static int ihk_open_path(const char *path, int oflags)
{
	int fd = open(path, oflags | O_CLOEXEC);
	int abi;

	if (fd < 0)
		return -errno;
	abi = ihk_module_abi();
	if (abi >= 0 && abi != IHK_ABI_VERSION) {
		close(fd);
		return -EPROTO;
	}
	return fd;
}

void ihk_os_path(int index, char *buf, size_t size)
{
	snprintf(buf, size, "/dev/" IHK_OS_DEVICE_FMT, index);
}

int ihk_open(int oflags)
{
	return ihk_open_path(IHK_CTL_PATH, oflags);
}

int ihk_os_open(int index, int oflags)
{
	char path[32];

	ihk_os_path(index, path, sizeof(path));
	return ihk_open_path(path, oflags);
}

/* The CPU requests share one shape: a mask in, maybe a failed CPU out. */
static int ihk_cpu_request(int fd, unsigned long request, const uint64_t *mask,
			   int *failed)
{
	struct ihk_cpu_set set = { .failed = IHK_FAILED_NONE };
	int ret;

	memcpy(set.mask, mask, sizeof(set.mask));
	ret = ihk_ioctl(fd, request, (unsigned long)&set);
	if (failed)
		*failed = ret < 0 ? set.failed : IHK_FAILED_NONE;
	return ret;
}

/* The memory requests likewise: items in, maybe a failed item out. */
static int ihk_mem_request(int fd, unsigned long request,
			   const struct ihk_mem_item *items, unsigned int nr,
			   int *failed)
{
	struct ihk_mem_request req = { .failed = IHK_FAILED_NONE };
	int ret;

	if (failed)
		*failed = IHK_FAILED_NONE;
	if (nr == 0 || nr > IHK_MAX_MEM_ITEMS)
		return -EINVAL;
	req.nr_items = nr;
	memcpy(req.items, items, nr * sizeof(*items));
	ret = ihk_ioctl(fd, request, (unsigned long)&req);
	if (failed && ret < 0)
		*failed = req.failed;
	return ret;
}

int ihk_reserve_cpu(int fd, const uint64_t *mask, int *failed)
{
	return ihk_cpu_request(fd, IHK_RESERVE_CPU, mask, failed);
}

int ihk_release_cpu(int fd, const uint64_t *mask, int *failed)
{
	return ihk_cpu_request(fd, IHK_RELEASE_CPU, mask, failed);
}

int ihk_query_cpu(int fd, struct ihk_cpu_query *q)
{
	memset(q, 0, sizeof(*q));
	return ihk_ioctl(fd, IHK_QUERY_CPU, (unsigned long)q);
}

int ihk_reserve_mem(int fd, const struct ihk_mem_item *items, unsigned int nr,
		    int *failed)
{
	return ihk_mem_request(fd, IHK_RESERVE_MEM, items, nr, failed);
}

int ihk_release_mem(int fd, const struct ihk_mem_item *items, unsigned int nr,
		    int *failed)
{
	return ihk_mem_request(fd, IHK_RELEASE_MEM, items, nr, failed);
}

int ihk_query_mem(int fd, struct ihk_mem_query *q)
{
	memset(q, 0, sizeof(*q));
	return ihk_ioctl(fd, IHK_QUERY_MEM, (unsigned long)q);
}

int ihk_create_os(int fd)
{
	return ihk_ioctl(fd, IHK_CREATE_OS, 0);
}

int ihk_destroy_os(int fd, int index)
{
	if (index < 0)
		return -EINVAL;
	return ihk_ioctl(fd, IHK_DESTROY_OS, index);
}

int ihk_list_os(int fd, struct ihk_os_list *list)
{
	memset(list, 0, sizeof(*list));
	return ihk_ioctl(fd, IHK_LIST_OS, (unsigned long)list);
}

int ihk_os_assign_cpu(int fd, const uint64_t *mask, int *failed)
{
	return ihk_cpu_request(fd, IHK_OS_ASSIGN_CPU, mask, failed);
}

int ihk_os_release_cpu(int fd, const uint64_t *mask, int *failed)
{
	return ihk_cpu_request(fd, IHK_OS_RELEASE_CPU, mask, failed);
}

int ihk_os_assign_mem(int fd, const struct ihk_mem_item *items,
		      unsigned int nr, int *failed)
{
	return ihk_mem_request(fd, IHK_OS_ASSIGN_MEM, items, nr, failed);
}

int ihk_os_release_mem(int fd)
{
	return ihk_ioctl(fd, IHK_OS_RELEASE_MEM, 0);
}

int ihk_os_load_fd(int fd, int image_fd)
{
	if (image_fd < 0)
		return -EBADF;
	return ihk_ioctl(fd, IHK_OS_LOAD, image_fd);
}

int ihk_os_load(int fd, const char *path)
{
	int image_fd = ihk_open_path(path, O_RDONLY);
	int ret;

	if (image_fd < 0)
		return image_fd;
	ret = ihk_os_load_fd(fd, image_fd);
	close(image_fd);
	return ret;
}

int ihk_os_set_kargs(int fd, const char *kargs)
{
	struct ihk_os_kargs k = {
		.str = (uintptr_t)kargs,
		.len = strlen(kargs),
	};

	if (k.len > IHK_KARGS_MAX - 1)
		return -E2BIG;
	return ihk_ioctl(fd, IHK_OS_SET_KARGS, (unsigned long)&k);
}

int ihk_os_query(int fd, struct ihk_os_info *info)
{
	int ret;

	memset(info, 0, sizeof(*info));
	ret = ihk_ioctl(fd, IHK_OS_QUERY, (unsigned long)info);
	/* The module should terminate it; a stray byte must not run off. */
	info->kargs[IHK_KARGS_MAX - 1] = '\0';
	return ret;
}

int ihk_os_boot(int fd)
{
	return ihk_ioctl(fd, IHK_OS_BOOT, 0);
}

int ihk_os_shutdown(int fd)
{
	return ihk_ioctl(fd, IHK_OS_SHUTDOWN, 0);
}

int ihk_os_kmsg(int fd, void *buf, size_t len, uint64_t *pos, uint64_t *lost)
{
	struct ihk_os_kmsg k = {
		.buf = (uintptr_t)buf,
		.len = len,
		.pos = *pos,
	};
	int ret;

	if (len > INT_MAX)	/* the count comes back as an int */
		k.len = len = INT_MAX;
	ret = ihk_ioctl(fd, IHK_OS_KMSG, (unsigned long)&k);
	if (ret < 0)
		return ret;
	/* A count beyond the buffer would be a module bug: do not pass it on. */
	if (k.got > len)
		return -EIO;
	*pos = k.pos;
	if (lost)
		*lost += k.lost;
	return (int)k.got;
}

int ihk_os_debug(int fd, int what)
{
	if (what != IHK_DEBUG_PANIC && what != IHK_DEBUG_HANG &&
	    (what < IHK_DEBUG_CORRUPT_FIRST || what > IHK_DEBUG_CORRUPT_LAST))
		return -EINVAL;
	return ihk_ioctl(fd, IHK_OS_DEBUG, what);
}

int ihk_os_ikc_map_set(int fd, const struct ihk_ikc_map *map, int *failed)
{
	struct ihk_ikc_map *req;
	int ret;

	if (failed)
		*failed = IHK_FAILED_NONE;
	if (map->nr == 0 || map->nr > IHK_LWK_MAX_CPUS_ABI)
		return -EINVAL;
	req = malloc(sizeof(*req));
	if (!req)
		return -ENOMEM;
	memcpy(req, map, sizeof(*req));
	req->failed = IHK_FAILED_NONE;
	ret = ihk_ioctl(fd, IHK_OS_IKC_MAP_SET, (unsigned long)req);
	if (failed && ret < 0)
		*failed = req->failed;
	free(req);
	return ret;
}

int ihk_os_ikc_map_get(int fd, struct ihk_ikc_map *map)
{
	int ret;

	memset(map, 0, sizeof(*map));
	map->failed = IHK_FAILED_NONE;
	ret = ihk_ioctl(fd, IHK_OS_IKC_MAP_GET, (unsigned long)map);
	/* More entries than fit would be a module bug: do not pass it on. */
	if (ret >= 0 && map->nr > IHK_LWK_MAX_CPUS_ABI)
		return -EIO;
	return ret;
}

int ihk_os_ikc_ping(int fd, int cpu, uint32_t count, uint32_t size,
		    uint32_t timeout_ms, uint64_t *samples, uint32_t *answered)
{
	struct ihk_ikc_ping p = {
		.cpu = cpu,
		.count = count,
		.size = size,
		.timeout_ms = timeout_ms,
		.samples = (uintptr_t)samples,
	};
	int ret;

	ret = ihk_ioctl(fd, IHK_OS_IKC_PING, (unsigned long)&p);
	if (answered)
		*answered = p.answered > count ? count : p.answered;
	return ret;
}

int ihk_os_ikc_stress(int fd, struct ihk_ikc_stress *st)
{
	return ihk_ioctl(fd, IHK_OS_IKC_STRESS, (unsigned long)st);
}

const char *ihk_status_name(int status)
{
	static const char *const names[] = {
		[IHK_OS_INACTIVE]	= "INACTIVE",
		[IHK_OS_BOOTING]	= "BOOTING",
		[IHK_OS_RUNNING]	= "RUNNING",
		[IHK_OS_SHUTDOWN]	= "SHUTDOWN",
		[IHK_OS_PANIC]		= "PANIC",
		[IHK_OS_HUNG]		= "HUNG",
		[IHK_OS_FAILED]		= "FAILED",
	};

	if (status < 0 || (unsigned int)status >= sizeof(names) / sizeof(names[0]))
		return "UNKNOWN";
	return names[status];
}
