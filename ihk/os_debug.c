// SPDX-License-Identifier: GPL-2.0
/*
 * IHK_OS_DEBUG (abi.h): make the LWK panic, hang or corrupt what it shares
 * with Linux, for tests of how ihk.ko copes. The caller checked
 * CAP_SYS_ADMIN and holds ihk_lock.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>

#include "ihk.h"

/* How long a CORRUPT request may take the LWK (it polls every 100 ms). */
#define IHK_DEBUG_ACK_MS	1000

static bool ihk_debug_corrupt_kind(unsigned long what)
{
	return what >= IHK_DEBUG_CORRUPT_FIRST && what <= IHK_DEBUG_CORRUPT_LAST;
}

/*
 * The LWK sets request back to NONE once it has corrupted what was asked,
 * so the caller knows it is done (a test checks what follows from it).
 */
static int ihk_debug_corrupt(struct ihk_os *os, unsigned long what)
{
	u32 req = IHK_LWK_REQ_CORRUPT(what);
	unsigned long deadline = jiffies + msecs_to_jiffies(IHK_DEBUG_ACK_MS);

	ihk_os_request(os, req);
	while (READ_ONCE(os->shared->request) == req) {
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(1000, 2000);
	}
	return 0;
}

/**
 * ihk_os_debug() - make the LWK fail on purpose, for tests (IHK_OS_DEBUG)
 * @os: a RUNNING instance
 * @what: IHK_DEBUG_PANIC, IHK_DEBUG_HANG or an IHK_DEBUG_CORRUPT_* kind
 *
 * A corruption request waits (up to 1 s) for the LWK to say it has done it,
 * so the test that follows checks its consequences, not a race.
 *
 * Context: process context; caller checked CAP_SYS_ADMIN and holds ihk_lock.
 * Return: 0; -EINVAL (unknown @what), -EBUSY (not RUNNING), -ETIMEDOUT.
 */
long ihk_os_debug(struct ihk_os *os, unsigned long what)
{
	if (what != IHK_DEBUG_PANIC && what != IHK_DEBUG_HANG &&
	    !ihk_debug_corrupt_kind(what))
		return -EINVAL;
	if (READ_ONCE(os->status) != IHK_OS_RUNNING)
		return -EBUSY;
	if (ihk_debug_corrupt_kind(what))
		return ihk_debug_corrupt(os, what);
	return ihk_os_request(os, what == IHK_DEBUG_PANIC ?
			      IHK_LWK_REQ_PANIC : IHK_LWK_REQ_HANG);
}
