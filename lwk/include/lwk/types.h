/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic types for the LWK. Only the compiler's freestanding headers are
 * used (stddef.h, stdint.h, stdbool.h come with gcc, not with a libc), so
 * shared code (common/, include/ihk/) sees the same names as on the host.
 */
#ifndef LWK_TYPES_H
#define LWK_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef uint64_t phys_addr_t;

#endif /* LWK_TYPES_H */
