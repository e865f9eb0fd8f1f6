/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate every offloaded syscall passes before the LWK sends it to
 * mcexec (pure logic: built into the LWK and into the host unit tests).
 * It lives in the LWK alone: the LWK program cannot get past it, and a
 * home-made mcexec is not trusted by anyone anyway.
 *
 * mcexec runs the call natively, so its pointer arguments reach mcexec's
 * own address space: the LWK process's memory is mirrored there at the
 * same addresses, [IHK_MC_USER_START, IHK_MC_USER_END), but mcexec's own
 * program, heap, libraries and stack lie above IHK_MC_USER_END. To the
 * LWK program nothing exists there, so a pointer argument at or above
 * that end gets -EFAULT (-ENOMEM for the address ranges of mlock, msync
 * and the like), exactly as Linux answers for memory that is not mapped,
 * and the call never reaches mcexec. Each call's arguments are described
 * in offload_check.c: buffers with their length argument, fixed-size
 * structs, strings, iovec arrays and message headers (followed into each
 * iov_base, msg_name and msg_control), and the op-dependent ones (ioctl,
 * fcntl, futex, prctl). A byte-stream buffer (read, write, pread64...)
 * that starts below the end and runs past it is cut at the end instead,
 * which gives Linux's short count for a buffer that runs into unmapped
 * memory.
 *
 * It also answers the calls the table marks REFUSED (-ENOSYS) and the
 * refused variants of otherwise offloaded calls (prctl PR_SET_MM: -EPERM
 * as without CAP_SYS_RESOURCE; PR_SET_SECCOMP: -EINVAL as without
 * CONFIG_SECCOMP).
 */
#ifndef LWK_SYSCALLS_OFFLOAD_CHECK_H
#define LWK_SYSCALLS_OFFLOAD_CHECK_H

#include "compat.h"

/*
 * Copies @len bytes of the LWK process's memory at @uaddr to @dst: 0, or
 * nonzero when that memory is not readable (then the call is left to
 * Linux, which faults on the same bytes in the mirror).
 */
typedef int (*offload_read_fn)(void *ctx, uint64_t uaddr, void *dst, size_t len);

/*
 * 0: offload nr(@args) (a stream length in @args may have been cut);
 * else the -errno to answer without offloading. @read follows pointers
 * inside user memory (iovecs, message headers, strings, futex_waitv).
 */
long offload_check(uint64_t nr, uint64_t args[6], offload_read_fn read, void *ctx);

#endif /* LWK_SYSCALLS_OFFLOAD_CHECK_H */
