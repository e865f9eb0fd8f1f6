/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few types and helpers shared pure-logic code needs, taken from
 * whichever side compiles it: ihk.ko (__KERNEL__), the LWK (IHK_LWK) or
 * the host (userspace tools and unit tests).
 */
#ifndef IHK_COMMON_COMPAT_H
#define IHK_COMMON_COMPAT_H

#if defined(__KERNEL__)
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#elif defined(IHK_LWK)
#include <lwk/types.h>
#include <lwk/errno.h>
#include <lwk/string.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#endif

#endif /* IHK_COMMON_COMPAT_H */
