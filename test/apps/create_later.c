// SPDX-License-Identifier: GPL-2.0
/*
 * create_later: opens /dev/mcosN, waits until a file appears, then asks
 * for an LWK process (IHK_MC_CREATE) on the file opened before. The guest
 * test restricts the node in between: a file opened while the node was
 * open to all must not start a process afterwards.
 * Usage: create_later /dev/mcosN FILE; prints "opened", then
 * "create: ok" or "create: ERRNO-TEXT"; exit 0 unless it could not run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <ihk/mcexec.h>

int main(int argc, char **argv)
{
	static char cmdline[] = "create_later";
	struct ihk_mc_create req = { 0 };
	int fd, i;

	if (argc != 3) {
		fprintf(stderr, "usage: create_later /dev/mcosN FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "create_later: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("opened\n");
	fflush(stdout);
	for (i = 0; access(argv[2], F_OK); i++) {
		if (i == 600) {
			fprintf(stderr, "create_later: %s never appeared\n", argv[2]);
			return 1;
		}
		usleep(100000);
	}
	req.cmdline = (unsigned long)cmdline;
	req.cmdline_len = sizeof(cmdline);
	if (ioctl(fd, IHK_MC_CREATE, &req) < 0)
		printf("create: %s\n", strerror(errno));
	else
		printf("create: ok\n");
	close(fd);
	return 0;
}
