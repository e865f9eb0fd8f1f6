/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libihk: a thin C API over the ihk.ko ioctls (include/ihk/abi.h).
 *
 * Every function returns 0 (or a non-negative result where noted) or a
 * negative errno, and never prints: callers decide what to tell whom.
 * Requests that can fail on one CPU or memory item report it in *failed
 * (a CPU number or an item index; IHK_FAILED_NONE when the module named
 * none). @failed may be NULL. CPU masks are IHK_CPU_WORDS words
 * (common/cpumask.h).
 */
#ifndef IHK_LIBIHK_H
#define IHK_LIBIHK_H

#include <stddef.h>
#include <stdint.h>

#include "ihk/abi.h"

/* Device paths, for messages. */
#define IHK_CTL_PATH	"/dev/" IHK_CTL_DEVICE

/* Writes "/dev/mcosN" into @buf; 24 bytes hold any index. */
void ihk_os_path(int index, char *buf, size_t size);

/* Opens /dev/ihk or /dev/mcosN; @oflags is O_RDONLY or O_RDWR. Returns the fd. */
/*
 * The ABI version the loaded ihk.ko reports in /proc/ihk/version, or
 * -errno. Opens fail with -EPROTO when it differs from IHK_ABI_VERSION.
 */
int ihk_module_abi(void);
int ihk_open(int oflags);
int ihk_os_open(int index, int oflags);

/* /dev/ihk: CPUs and memory taken from Linux, OS instances. */
int ihk_reserve_cpu(int fd, const uint64_t *mask, int *failed);
int ihk_release_cpu(int fd, const uint64_t *mask, int *failed);
int ihk_query_cpu(int fd, struct ihk_cpu_query *q);
int ihk_reserve_mem(int fd, const struct ihk_mem_item *items, unsigned int nr,
		    int *failed);
int ihk_release_mem(int fd, const struct ihk_mem_item *items, unsigned int nr,
		    int *failed);
int ihk_query_mem(int fd, struct ihk_mem_query *q);
int ihk_create_os(int fd);		/* returns the new index */
int ihk_destroy_os(int fd, int index);
int ihk_list_os(int fd, struct ihk_os_list *list);

/* /dev/mcosN: one instance. */
int ihk_os_assign_cpu(int fd, const uint64_t *mask, int *failed);
int ihk_os_release_cpu(int fd, const uint64_t *mask, int *failed);
int ihk_os_assign_mem(int fd, const struct ihk_mem_item *items,
		      unsigned int nr, int *failed);
int ihk_os_release_mem(int fd);
/*
 * Loads the image at @path; errors from opening it and from the module
 * come back alike. Callers that must tell them apart open the file
 * themselves and use ihk_os_load_fd().
 */
int ihk_os_load(int fd, const char *path);
int ihk_os_load_fd(int fd, int image_fd);
int ihk_os_set_kargs(int fd, const char *kargs);
int ihk_os_query(int fd, struct ihk_os_info *info);

/*
 * Boots the loaded image; returns once the LWK is RUNNING or has failed
 * (errno values in abi.h; after -EIO ihk_os_query() tells which CPU).
 */
int ihk_os_boot(int fd);
/* Stops the LWK; -EALREADY if it is not booted. */
int ihk_os_shutdown(int fd);

/*
 * Copies up to @len bytes of the LWK console from absolute position *@pos
 * into @buf. Returns how many (0: nothing new) or a negative errno;
 * advances *@pos past them and adds to *@lost the bytes that were
 * overwritten before they could be read. *@pos = 0 reads from the oldest
 * byte still kept. @lost may be NULL.
 */
int ihk_os_kmsg(int fd, void *buf, size_t len, uint64_t *pos, uint64_t *lost);

/* Debug requests for tests (enum ihk_os_debug); the LWK must be RUNNING. */
int ihk_os_debug(int fd, int what);

/*
 * IKC. The map says which Linux CPU each LWK CPU's notifications go to.
 * Set takes @map->nr entries (a partial map keeps the others); on refusal
 * *@failed is the index of the entry the module named (or
 * IHK_FAILED_NONE). Get fills @map with one entry per CPU of the instance.
 */
int ihk_os_ikc_map_set(int fd, const struct ihk_ikc_map *map, int *failed);
int ihk_os_ikc_map_get(int fd, struct ihk_ikc_map *map);

/*
 * @count round trips of @size payload bytes to LWK CPU @cpu (a Linux CPU
 * number), each answered within @timeout_ms or -ETIMEDOUT; @samples gets
 * each round trip in ns, *@answered how many came back (also on error;
 * @answered may be NULL).
 */
int ihk_os_ikc_ping(int fd, int cpu, uint32_t count, uint32_t size,
		    uint32_t timeout_ms, uint64_t *samples, uint32_t *answered);

/*
 * @st->count messages each way at once on LWK CPU @st->cpu's channel;
 * the counts come back in @st (struct ihk_ikc_stress, abi.h).
 */
int ihk_os_ikc_stress(int fd, struct ihk_ikc_stress *st);

/* "INACTIVE", "RUNNING", ...; "UNKNOWN" for values this build does not know. */
const char *ihk_status_name(int status);

#endif /* IHK_LIBIHK_H */
