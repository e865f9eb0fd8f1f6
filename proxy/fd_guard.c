// SPDX-License-Identifier: GPL-2.0
/* Which offloaded calls would touch mcexec's own fd (pure logic). */
#include <asm/unistd_64.h>
#include <stddef.h>

#include "fd_guard.h"

#define A0	(1u << 0)
#define A1	(1u << 1)
#define A2	(1u << 2)
#define A3	(1u << 3)
#define A4	(1u << 4)

/*
 * The arguments of each x86_64 syscall that are file descriptors (dirfds
 * included). Calls whose fd arguments all may be -1 or AT_FDCWD are fine:
 * those never equal a real fd.
 */
static const unsigned char fd_args[] = {
	[__NR_read] = A0, [__NR_write] = A0, [__NR_close] = A0, [__NR_fstat] = A0,
	[__NR_lseek] = A0, [__NR_mmap] = A4, [__NR_ioctl] = A0,
	[__NR_pread64] = A0, [__NR_pwrite64] = A0, [__NR_readv] = A0, [__NR_writev] = A0,
	[__NR_dup] = A0, [__NR_dup2] = A0 | A1, [__NR_sendfile] = A0 | A1,
	[__NR_connect] = A0, [__NR_accept] = A0, [__NR_sendto] = A0,
	[__NR_recvfrom] = A0, [__NR_sendmsg] = A0, [__NR_recvmsg] = A0,
	[__NR_shutdown] = A0, [__NR_bind] = A0, [__NR_listen] = A0,
	[__NR_getsockname] = A0, [__NR_getpeername] = A0, [__NR_setsockopt] = A0,
	[__NR_getsockopt] = A0, [__NR_fcntl] = A0, [__NR_flock] = A0,
	[__NR_fsync] = A0, [__NR_fdatasync] = A0, [__NR_ftruncate] = A0,
	[__NR_getdents] = A0, [__NR_fchdir] = A0, [__NR_fchmod] = A0,
	[__NR_fchown] = A0, [__NR_fstatfs] = A0, [__NR_readahead] = A0,
	[__NR_fsetxattr] = A0, [__NR_fgetxattr] = A0, [__NR_flistxattr] = A0,
	[__NR_fremovexattr] = A0, [__NR_getdents64] = A0, [__NR_fadvise64] = A0,
	[__NR_epoll_wait] = A0, [__NR_epoll_ctl] = A0 | A2,
	[__NR_inotify_add_watch] = A0, [__NR_inotify_rm_watch] = A0,
	[__NR_openat] = A0, [__NR_mkdirat] = A0, [__NR_mknodat] = A0,
	[__NR_fchownat] = A0, [__NR_futimesat] = A0, [__NR_newfstatat] = A0,
	[__NR_unlinkat] = A0, [__NR_renameat] = A0 | A2, [__NR_linkat] = A0 | A2,
	[__NR_symlinkat] = A1, [__NR_readlinkat] = A0, [__NR_fchmodat] = A0,
	[__NR_faccessat] = A0, [__NR_splice] = A0 | A2, [__NR_tee] = A0 | A1,
	[__NR_sync_file_range] = A0, [__NR_vmsplice] = A0, [__NR_utimensat] = A0,
	[__NR_epoll_pwait] = A0, [__NR_signalfd] = A0, [__NR_timerfd_settime] = A0,
	[__NR_timerfd_gettime] = A0, [__NR_accept4] = A0, [__NR_signalfd4] = A0,
	[__NR_dup3] = A0 | A1, [__NR_preadv] = A0, [__NR_pwritev] = A0,
	[__NR_recvmmsg] = A0, [__NR_fanotify_mark] = A0 | A3,
	[__NR_name_to_handle_at] = A0, [__NR_open_by_handle_at] = A0,
	[__NR_syncfs] = A0, [__NR_sendmmsg] = A0, [__NR_setns] = A0,
	[__NR_finit_module] = A0, [__NR_renameat2] = A0 | A2,
	[__NR_kexec_file_load] = A0 | A1, [__NR_execveat] = A0,
	[__NR_copy_file_range] = A0 | A2, [__NR_preadv2] = A0, [__NR_pwritev2] = A0,
	[__NR_statx] = A0, [__NR_io_uring_enter] = A0, [__NR_io_uring_register] = A0,
	[__NR_open_tree] = A0, [__NR_move_mount] = A0 | A2, [__NR_fsconfig] = A0,
	[__NR_fsmount] = A0, [__NR_fspick] = A0, [__NR_openat2] = A0,
	[__NR_faccessat2] = A0, [__NR_epoll_pwait2] = A0, [__NR_mount_setattr] = A0,
	[__NR_quotactl_fd] = A0, [__NR_landlock_add_rule] = A0,
	[__NR_landlock_restrict_self] = A0,
};

/* close_range(first, last, flags) with @fd in [first, last]. */
static enum fd_guard_action split_close_range(unsigned int first, unsigned int last,
					      unsigned int fd, struct fd_guard_split *split)
{
	split->nr = 0;
	if (fd > first) {
		split->range[split->nr].first = first;
		split->range[split->nr].last = fd - 1;
		split->nr++;
	}
	if (fd < last) {
		split->range[split->nr].first = fd + 1;
		split->range[split->nr].last = last;
		split->nr++;
	}
	/*
	 * Only our fd: to the application nothing is open there, so the call
	 * succeeds, but its flags must still be checked as Linux would. A
	 * range past any possible fd does exactly that and closes nothing.
	 */
	if (!split->nr) {
		split->range[0].first = ~0u;
		split->range[0].last = ~0u;
		split->nr = 1;
	}
	return FD_GUARD_SPLIT;
}

enum fd_guard_action fd_guard_check(uint64_t nr, const uint64_t args[6], int fd,
				    struct fd_guard_split *split)
{
	unsigned int mask, i;

	if (nr == __NR_close_range) {
		unsigned int first = (unsigned int)args[0], last = (unsigned int)args[1];

		/* first > last: Linux's EINVAL, let it say so. */
		if (first > last || (unsigned int)fd < first || (unsigned int)fd > last)
			return FD_GUARD_RUN;
		return split_close_range(first, last, fd, split);
	}
	if (nr >= sizeof(fd_args) / sizeof(fd_args[0]))
		return FD_GUARD_RUN;
	mask = fd_args[nr];
	/* The kernel reads fd arguments as 32-bit ints: compare the same bits. */
	for (i = 0; i < 6; i++)
		if ((mask & (1u << i)) && (int)(uint32_t)args[i] == fd)
			return FD_GUARD_EBADF;
	return FD_GUARD_RUN;
}
