// SPDX-License-Identifier: GPL-2.0
/*
 * cat with a twist: copies each file argument ("-" or none: stdin) to
 * stdout with read/write of varying sizes, and reports to stderr only
 * how many bytes it copied. So a test can send stdin and stdout through
 * pipes or files and check that stderr stays apart.
 * Exit status 0, or 1 after a "copy: ..." error on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static int write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(1, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read sizes cycle through odd values so short reads and writes get exercised. */
static long long copy_fd(int fd, const char *name)
{
	static const size_t sizes[] = { 1, 7, 512, 4095, 4096, 65536 };
	long long total = 0;
	unsigned int i = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizes[i++ % 6]);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "copy: cannot read %s: %s\n", name, strerror(errno));
			return -1;
		}
		if (r == 0)
			return total;
		if (write_all(buf, (size_t)r)) {
			fprintf(stderr, "copy: cannot write: %s\n", strerror(errno));
			return -1;
		}
		total += r;
	}
}

int main(int argc, char **argv)
{
	long long total = 0, n;
	int i, fd;

	if (argc == 1) {
		n = copy_fd(0, "stdin");
		if (n < 0)
			return 1;
		total = n;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			fd = 0;
		} else {
			fd = open(argv[i], O_RDONLY);
			if (fd < 0) {
				fprintf(stderr, "copy: cannot open %s: %s\n", argv[i],
					strerror(errno));
				return 1;
			}
		}
		n = copy_fd(fd, argv[i]);
		if (fd)
			close(fd);
		if (n < 0)
			return 1;
		total += n;
	}
	fprintf(stderr, "copy: %lld bytes\n", total);
	return 0;
}
