/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ihkosctl's commands, all about the one instance named on the command
 * line. Each gets its one argument (NULL if it takes none), prints its own
 * messages and returns the exit status.
 */
#ifndef IHK_IHKOSCTL_H
#define IHK_IHKOSCTL_H

#include <stddef.h>
#include <stdint.h>

/* The instance the command line names. */
extern int osctl_index;

/* Opens /dev/mcosN, saying why not; returns the fd or -1. */
int osctl_open(int oflags);

/*
 * Why a change was refused, for errno values all changes share: EBUSY
 * means the instance is booted (or otherwise not INACTIVE), ENODEV that it
 * was destroyed while we held it open. Uses @buf (@n bytes) when needed.
 */
const char *osctl_why(int fd, int err, char *buf, size_t n);

int osctl_assign_cpu(const char *list);
int osctl_release_cpu(const char *list);
int osctl_assign_mem(const char *spec);
int osctl_release_mem(const char *all);
int osctl_load(const char *path);
int osctl_kargs(const char *kargs);
int osctl_status(const char *unused);
int osctl_query(const char *unused);
int osctl_ps(const char *unused);
int osctl_ps_threads(const char *unused);
int osctl_boot(const char *unused);
int osctl_shutdown(const char *unused);
int osctl_debug_panic(const char *unused);
int osctl_debug_hang(const char *unused);
int osctl_debug_corrupt(const char *kind);
int osctl_kmsg(const char *unused);
int osctl_kmsg_follow(const char *unused);
int osctl_ikc_map_set(const char *map);
int osctl_ikc_map_get(const char *unused);
int osctl_access_group(const char *group);
int osctl_access_all(const char *unused);

/*
 * Why the module refused a LOAD or BOOT with EPERM: not root, or the
 * kernel is locked down. Uses @buf (@n bytes).
 */
const char *osctl_eperm_why(char *buf, size_t n);

/* Commands with options: @argv[0] is the command's name. */
int osctl_ping(int argc, char **argv);
int osctl_ikc_stress(int argc, char **argv);

/* The console position just after its last byte (0 if unknown). */
uint64_t osctl_kmsg_end(int fd);

/*
 * Prints "LWK console (last @lines lines):" and those lines of the console
 * of the instance open at @fd, from position @from on, on stderr (or why
 * it cannot).
 */
void osctl_kmsg_tail(int fd, uint64_t from, unsigned int lines);

#endif /* IHK_IHKOSCTL_H */
