/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Best-effort questions the tools ask after a refusal, so the message can
 * say who holds what. Each answers "unknown" rather than fail.
 */
#ifndef IHK_LOOKUP_H
#define IHK_LOOKUP_H

#include <stdint.h>

/* Room for "instances " and a list of every instance number. */
#define LOOKUP_OWNERS_TEXT	160

/* The instance @cpu is assigned to, or -1. @ctl_fd: /dev/ihk. */
int lookup_cpu_owner(int ctl_fd, int cpu);

/*
 * "instance 0" or "instances 0,2": who owns memory on @node (any node for
 * IHK_NODE_ANY), or "" if nobody or unknown. @ctl_fd: /dev/ihk.
 */
const char *lookup_mem_owners(int ctl_fd, int node, char *buf);

/* Status word of the instance open at @os_fd, or NULL. */
const char *lookup_status(int os_fd);

#endif /* IHK_LOOKUP_H */
