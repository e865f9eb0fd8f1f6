// SPDX-License-Identifier: GPL-2.0
/*
 * Address-space layout randomization of the LWK process, decided as
 * Linux decides it for an exec: not under personality ADDR_NO_RANDOMIZE
 * (setarch -R, inherited by mcexec from whoever ran it), nor when
 * /proc/sys/kernel/randomize_va_space is 0. mcexec places the static-PIE
 * base and the stack (load.c, mcexec.c); the LWK places the mmap base
 * (include/ihk/mcexec.h says how it learns the choice).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <unistd.h>

#include "mcexec.h"

bool mcexec_aslr(void)
{
	int pers = personality(0xffffffff);
	char c = '2';
	int fd;

	if (pers != -1 && (pers & ADDR_NO_RANDOMIZE))
		return false;
	fd = open("/proc/sys/kernel/randomize_va_space", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '2';
		close(fd);
	}
	return c != '0';
}

uint64_t mcexec_random(void)
{
	uint64_t v;
	ssize_t n;

	do
		n = getrandom(&v, sizeof(v), 0);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(v))
		exit(mcexec_error(MCEXEC_FAILED, "getrandom: %s",
				  n < 0 ? strerror(errno) : "short read"));
	return v;
}
