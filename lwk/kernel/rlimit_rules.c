// SPDX-License-Identifier: GPL-2.0
/* The resource limit rules of LWK processes; see rlimit_rules.h. */
#include "compat.h"
#include <lwk/rlimit_rules.h>

#define STACK_DEFAULT	(8ULL << 20)	/* _STK_LIM */
#define NOFILE_CUR	1024		/* INR_OPEN_CUR */
#define NOFILE_MAX	4096		/* INR_OPEN_MAX */
#define MEMLOCK_DEFAULT	(8ULL << 20)	/* MLOCK_LIMIT */
#define MSGQUEUE_DEFAULT 819200		/* MQ_BYTES_MAX */

void rlimit_defaults(struct rlim_pair r[LWK_RLIMIT_COUNT], uint64_t stack_cur,
		     uint64_t stack_max)
{
	unsigned int i;

	for (i = 0; i < LWK_RLIMIT_COUNT; i++) {
		r[i].cur = LWK_RLIM_INF;
		r[i].max = LWK_RLIM_INF;
	}
	r[LWK_RLIMIT_STACK].cur = stack_cur ? stack_cur : STACK_DEFAULT;
	if (stack_max)
		r[LWK_RLIMIT_STACK].max = stack_max;
	if (r[LWK_RLIMIT_STACK].cur > r[LWK_RLIMIT_STACK].max)
		r[LWK_RLIMIT_STACK].cur = r[LWK_RLIMIT_STACK].max;
	r[LWK_RLIMIT_CORE].cur = 0;
	r[LWK_RLIMIT_NPROC].cur = r[LWK_RLIMIT_NPROC].max = 0;
	r[LWK_RLIMIT_NOFILE].cur = NOFILE_CUR;
	r[LWK_RLIMIT_NOFILE].max = NOFILE_MAX;
	r[LWK_RLIMIT_MEMLOCK].cur = r[LWK_RLIMIT_MEMLOCK].max = MEMLOCK_DEFAULT;
	r[LWK_RLIMIT_SIGPENDING].cur = r[LWK_RLIMIT_SIGPENDING].max = 0;
	r[LWK_RLIMIT_MSGQUEUE].cur = r[LWK_RLIMIT_MSGQUEUE].max = MSGQUEUE_DEFAULT;
	r[LWK_RLIMIT_NICE].cur = r[LWK_RLIMIT_NICE].max = 0;
	r[LWK_RLIMIT_RTPRIO].cur = r[LWK_RLIMIT_RTPRIO].max = 0;
}

int rlimit_check_set(unsigned int resource, const struct rlim_pair *old,
		     const struct rlim_pair *new)
{
	if (resource >= LWK_RLIMIT_COUNT)
		return -EINVAL;
	if (new->cur > new->max)
		return -EINVAL;
	if (new->max > old->max)
		return -EPERM;
	return 0;
}

bool rlimit_is_linux(unsigned int resource)
{
	switch (resource) {
	case LWK_RLIMIT_FSIZE:
	case LWK_RLIMIT_NPROC:
	case LWK_RLIMIT_NOFILE:
	case LWK_RLIMIT_LOCKS:
	case LWK_RLIMIT_SIGPENDING:
	case LWK_RLIMIT_MSGQUEUE:
		return true;
	default:
		return false;
	}
}
