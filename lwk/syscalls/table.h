/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which x86_64 Linux syscalls the LWK serves itself (LOCAL) and which it
 * sends to the process's mcexec on Linux (OFFLOAD). The table is in
 * table.c, one line per number; see README.md in this directory.
 *
 * Pure logic: built into the LWK and into the host unit tests, so it
 * includes only compat.h.
 */
#ifndef LWK_SYSCALLS_TABLE_H
#define LWK_SYSCALLS_TABLE_H

#include "compat.h"

/* The highest x86_64 syscall number in Linux 6.1: set_mempolicy_home_node. */
#define SYSCALL_NR_MAX		450
#define SYSCALL_TABLE_SIZE	(SYSCALL_NR_MAX + 1)

/*
 * OFFLOAD is 0 on purpose: a number the table has no line for is a
 * zero-filled entry, so it is offloaded, never silently dropped.
 */
enum syscall_disposition {
	SYSCALL_OFFLOAD = 0,
	SYSCALL_LOCAL,
	/*
	 * Answered -ENOSYS without reaching mcexec (offload_check.c), and
	 * mcexec refuses it too should one arrive: run there, the call
	 * would map, unmap or reach mcexec's own memory or descriptors
	 * (shmat, remap_file_pages, AIO and io_uring rings, pidfd_getfd,
	 * process_vm_*, userfaultfd, pkeys...) or install a filter that
	 * would govern mcexec but not the LWK (seccomp). ENOSYS is what
	 * Linux answers when built without the feature, and what programs
	 * and libraries take as "fall back", unlike EPERM.
	 */
	SYSCALL_REFUSED,
};

struct syscall_entry {
	const char *name;	/* Linux's name; NULL for a gap */
	enum syscall_disposition disposition;
	/*
	 * LOCAL only: the function in lwk/syscalls/ that serves it,
	 * "sys_<name>". A name, not a pointer, until the handlers exist;
	 * then this becomes the pointer and the dispatcher indexes the
	 * table by number.
	 */
	const char *handler;
};

/*
 * The entry for @nr, or NULL for a number Linux 6.1 does not define on
 * x86_64 (a gap, negative, or above SYSCALL_NR_MAX). O(1).
 */
const struct syscall_entry *syscall_entry(long nr);

/* SYSCALL_LOCAL, _OFFLOAD or _REFUSED; unknown numbers are offloaded. */
enum syscall_disposition syscall_disposition(long nr);

/* Linux's name for @nr, "unknown" for numbers it does not define. */
const char *syscall_name(long nr);

/* "sys_<name>" for a LOCAL number, NULL for everything offloaded. */
const char *syscall_handler_name(long nr);

#endif /* LWK_SYSCALLS_TABLE_H */
