/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The resource limits of an LWK process (lwk/kernel/rlimit_rules.c): Linux's
 * defaults, setrlimit's checks, and which limits belong to Linux. Pure
 * logic: built into the LWK and into the host unit tests.
 */
#ifndef LWK_SYSCALLS_RLIMIT_RULES_H
#define LWK_SYSCALLS_RLIMIT_RULES_H

#include "compat.h"

#define LWK_RLIMIT_CPU		0
#define LWK_RLIMIT_FSIZE	1
#define LWK_RLIMIT_DATA		2
#define LWK_RLIMIT_STACK	3
#define LWK_RLIMIT_CORE		4
#define LWK_RLIMIT_RSS		5
#define LWK_RLIMIT_NPROC	6
#define LWK_RLIMIT_NOFILE	7
#define LWK_RLIMIT_MEMLOCK	8
#define LWK_RLIMIT_AS		9
#define LWK_RLIMIT_LOCKS	10
#define LWK_RLIMIT_SIGPENDING	11
#define LWK_RLIMIT_MSGQUEUE	12
#define LWK_RLIMIT_NICE		13
#define LWK_RLIMIT_RTPRIO	14
#define LWK_RLIMIT_RTTIME	15
#define LWK_RLIMIT_COUNT	16

#define LWK_RLIM_INF		(~0ULL)

/* struct rlimit64 (and x86_64's struct rlimit): same layout as lwk_rlimit. */
struct rlim_pair {
	uint64_t cur;
	uint64_t max;
};

/*
 * Linux's INIT_RLIMITS (include/asm-generic/resource.h) with the stack's
 * soft and hard limits @stack_cur and @stack_max, mcexec's own (0: Linux's
 * 8 MiB and unlimited). A soft limit above the hard one, which Linux never
 * has, is cut to it.
 */
void rlimit_defaults(struct rlim_pair r[LWK_RLIMIT_COUNT], uint64_t stack_cur,
		     uint64_t stack_max);

/*
 * May limit @resource go from @old to @new? 0, -EINVAL (bad resource,
 * cur above max) or -EPERM (a raised hard limit: that needs
 * CAP_SYS_RESOURCE, and the LWK knows no credentials yet).
 */
int rlimit_check_set(unsigned int resource, const struct rlim_pair *old,
		     const struct rlim_pair *new);

/*
 * Limits Linux enforces on what mcexec holds or does for the process (its
 * file descriptors, file sizes, locks, message queues) or counts per user
 * across Linux (processes, queued signals): read and set in mcexec.
 */
bool rlimit_is_linux(unsigned int resource);

#endif /* LWK_SYSCALLS_RLIMIT_RULES_H */
