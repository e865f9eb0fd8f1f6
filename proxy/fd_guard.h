/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcexec keeps one file descriptor of its own, the /dev/mcosN file that
 * holds the LWK process: closing it would release the process under the
 * application. The offloaded calls run in mcexec, so they would reach
 * that fd as if it were the application's; to the application it must
 * not exist. fd_guard_check() decides, from the call alone, whether an
 * offloaded call may run: calls that take it as a file descriptor
 * argument (close, dup2/dup3 onto it, fcntl, ioctl, read, *at dirfds...)
 * get -EBADF, as for any fd the application never opened; close_range
 * over it runs on the parts around it.
 *
 * Not inspected: descriptors inside user buffers (poll and select sets,
 * epoll_wait results, SCM_RIGHTS, io_uring submissions). The fd sits at a
 * high number the application never gets from open, so it reaches it
 * there only by guessing, and only io_uring could close it that way.
 */
#ifndef MCEXEC_FD_GUARD_H
#define MCEXEC_FD_GUARD_H

#include <stdint.h>

enum fd_guard_action {
	FD_GUARD_RUN,		/* run the call as it is */
	FD_GUARD_EBADF,		/* answer -EBADF without running it */
	FD_GUARD_SPLIT,		/* close_range: run it on each range of the split */
};

/* The ranges close_range runs on instead, with the call's own flags. */
struct fd_guard_split {
	unsigned int nr;		/* 1 or 2 */
	struct {
		unsigned int first;
		unsigned int last;
	} range[2];
};

/*
 * What to do with offloaded syscall @nr(@args) when mcexec holds @fd
 * (>= 0). @split is filled for FD_GUARD_SPLIT.
 */
enum fd_guard_action fd_guard_check(uint64_t nr, const uint64_t args[6], int fd,
				    struct fd_guard_split *split);

#endif /* MCEXEC_FD_GUARD_H */
