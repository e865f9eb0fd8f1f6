// SPDX-License-Identifier: GPL-2.0
/*
 * The working directory: prints getcwd(), then with an argument DIR
 * does chdir(DIR), prints getcwd() again, and creates "cwd_probe"
 * (relative) so the test can see it landed in DIR. Exit 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[PATH_MAX];
	int fd;

	if (!getcwd(buf, sizeof(buf))) {
		printf("FAIL: getcwd: %s\n", strerror(errno));
		return 1;
	}
	printf("cwd %s\n", buf);
	if (argc < 2)
		return 0;
	if (chdir(argv[1])) {
		printf("FAIL: chdir %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!getcwd(buf, sizeof(buf))) {
		printf("FAIL: getcwd after chdir: %s\n", strerror(errno));
		return 1;
	}
	printf("cwd %s\n", buf);
	fd = open("cwd_probe", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "probe\n", 6) != 6 || close(fd)) {
		printf("FAIL: cwd_probe: %s\n", strerror(errno));
		return 1;
	}
	/* A too-small buffer must give ERANGE, not a cut path. */
	errno = 0;
	if (strlen(buf) >= 2 && (getcwd(buf, 2) || errno != ERANGE)) {
		printf("FAIL: getcwd with a 2-byte buffer: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
