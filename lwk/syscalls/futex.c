// SPDX-License-Identifier: GPL-2.0
/*
 * futex, futex_waitv: served in the LWK by the pure futex logic of
 * common/futex*.c over the LWK's table and environment (futex_env.c).
 * Every operation Linux 6.1 has, with its errors; FUTEX_FD is -ENOSYS
 * as in Linux since 2.6.26. docs/futex.md, "On the LWK", says what the
 * LWK does differently (no priority inheritance, PI owners looked up in
 * the caller's process only).
 */
#include <asm/page.h>
#include <lwk/errno.h>
#include <lwk/futex.h>
#include <lwk/mm.h>
#include "futex.h"
#include "handlers.h"

SYSCALL_DEFINE6(futex, uint64_t, uaddr, int, op, uint32_t, val,
		uint64_t, utime, uint64_t, uaddr2, uint32_t, val3)
{
	struct futex_waiter w;
	struct futex_ctx c;

	lwk_futex_ctx(&c);
	return futex_syscall(&lwk_futexes, &c, &w, uaddr, op, val, utime,
			     uaddr2, val3);
}

/*
 * The waiters (FUTEX_WAITV_MAX of them are 14 KiB) would not fit on the
 * 16 KiB kernel stack; pages for each call are simple and keep nothing
 * per CPU, which a blocked thread could not share with the next one.
 * Allocated only when the arguments can pass futex_waitv's first checks,
 * so bad arguments give EINVAL, as Linux, not ENOMEM.
 */
SYSCALL_DEFINE5(futex_waitv, uint64_t, waiters, uint32_t, nr, uint32_t, flags,
		uint64_t, timeout, int32_t, clockid)
{
	struct futex_waiter *ws = NULL;
	uint64_t npages = 0;
	struct futex_ctx c;
	long ret;

	if (!flags && nr && nr <= FUTEX_WAITV_MAX && waiters) {
		npages = (nr * sizeof(*ws) + PAGE_SIZE - 1) / PAGE_SIZE;
		ws = alloc_pages(npages, PAGE_SIZE);
		if (!ws)
			return -ENOMEM;
	}
	lwk_futex_ctx(&c);
	ret = futex_waitv_syscall(&lwk_futexes, &c, ws, waiters, nr, flags,
				  timeout, clockid);
	if (ws)
		free_pages(ws, npages);
	return ret;
}
