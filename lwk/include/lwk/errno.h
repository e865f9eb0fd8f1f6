/* SPDX-License-Identifier: GPL-2.0 */
/* Error numbers, with Linux's values so they can cross to Linux unchanged. */
#ifndef LWK_ERRNO_H
#define LWK_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EAGAIN		11
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EINVAL		22
#define ENOSPC		28
#define ERANGE		34
#define EDEADLK		35
#define ENOSYS		38
#define EOPNOTSUPP	95
#define EALREADY	114
#define ETIMEDOUT	110

#endif /* LWK_ERRNO_H */
