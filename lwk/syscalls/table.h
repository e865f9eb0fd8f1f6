/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which x86_64 Linux syscalls the LWK serves itself (LOCAL), which it
 * sends to the process's mcexec on Linux (OFFLOAD) and which it refuses
 * (REFUSED). The list is syscalls.def, one line per number; see README.md
 * in this directory.
 *
 * Pure logic: built into the LWK and into the host unit tests, so it
 * includes only compat.h.
 */
#ifndef LWK_SYSCALLS_TABLE_H
#define LWK_SYSCALLS_TABLE_H

#include "compat.h"

/*
 * The highest x86_64 syscall number in Linux 6.1: set_mempolicy_home_node.
 * A line of syscalls.def above it does not compile (table.c); the unit
 * test checks it is the guest kernel's highest.
 */
#define SYSCALL_NR_MAX		450
#define SYSCALL_TABLE_SIZE	(SYSCALL_NR_MAX + 1)

/*
 * OFFLOAD is 0 on purpose: a number the list has no line for is a
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

/*
 * SYSCALL_LOCAL, _OFFLOAD or _REFUSED for @nr; numbers Linux 6.1 does not
 * define on x86_64 (a gap, negative, above SYSCALL_NR_MAX) are offloaded.
 * O(1).
 */
enum syscall_disposition syscall_disposition(long nr);

#endif /* LWK_SYSCALLS_TABLE_H */
