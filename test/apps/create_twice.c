// SPDX-License-Identifier: GPL-2.0
/*
 * create_twice /dev/mcosN: opens the device twice and asks for an LWK
 * process (IHK_MC_CREATE) on each file. An LWK process's pid is its
 * creator's Linux pid, so the second must fail with EEXIST. Prints
 * "first: ok, pid is mine" (or "first: pid P, mine M" / "first: ERROR")
 * and "second: ERROR-TEXT" (or "second: ok, pid P"); exit 0 unless it
 * could not run (1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <ihk/mcexec.h>

static int create(int fd, struct ihk_mc_create *req)
{
	static char cmdline[] = "create_twice";

	memset(req, 0, sizeof(*req));
	req->cmdline = (unsigned long)cmdline;
	req->cmdline_len = sizeof(cmdline);
	return ioctl(fd, IHK_MC_CREATE, req);
}

int main(int argc, char **argv)
{
	struct ihk_mc_create req;
	int fd[2], i;

	if (argc != 2) {
		fprintf(stderr, "usage: create_twice /dev/mcosN\n");
		return 1;
	}
	for (i = 0; i < 2; i++) {
		fd[i] = open(argv[1], O_RDWR);
		if (fd[i] < 0) {
			fprintf(stderr, "create_twice: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
	}
	if (create(fd[0], &req) < 0)
		printf("first: %s\n", strerror(errno));
	else if (req.pid != getpid())
		printf("first: pid %d, mine %d\n", req.pid, (int)getpid());
	else
		printf("first: ok, pid is mine\n");
	if (create(fd[1], &req) < 0)
		printf("second: %s\n", strerror(errno));
	else
		printf("second: ok, pid %d\n", req.pid);
	close(fd[1]);
	close(fd[0]);
	return 0;
}
