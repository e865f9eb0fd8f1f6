// SPDX-License-Identifier: GPL-2.0
/* ihkosctl N load/kargs: what the instance will boot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "elf_check.h"
#include "ihkosctl.h"
#include "libihk.h"
#include "size.h"

static int load_error(int fd, const char *path, int err)
{
	char why[256], max[32];
	const char *reason;

	switch (err) {
	case ENOEXEC:
		reason = "not an x86_64 ELF64 executable";
		break;
	case EPERM:
		reason = osctl_eperm_why(why, sizeof(why));
		break;
	case EFBIG:
		size_format(IHK_IMAGE_MAX, max, sizeof(max));
		snprintf(why, sizeof(why), "larger than %s", max);
		reason = why;
		break;
	default:
		reason = osctl_why(fd, err, why, sizeof(why));
	}
	return cli_error("cannot load '%s' into instance %d: %s", path,
			 osctl_index, reason);
}

/*
 * Reads and checks the whole image with the module's own ELF check, so a
 * wrong file is refused with the precise reason, before any device.
 */
static int check_image(int image, const char *path, size_t size)
{
	const char *reason = "";
	unsigned char *buf;
	size_t done = 0;
	ssize_t n;
	int ret = 0;

	buf = malloc(size ? size : 1);
	if (!buf)
		return cli_error("cannot load '%s': %s", path, strerror(ENOMEM));
	while (done < size) {
		n = pread(image, buf + done, size - done, done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = cli_error("cannot read '%s': %s", path,
					n ? strerror(errno) : "file shrank while read");
			goto out;
		}
		done += n;
	}
	if (elf_check_lwk_image(buf, size, &reason))
		ret = cli_error("cannot load '%s': not an x86_64 ELF64 executable: %s",
				path, reason);
out:
	free(buf);
	return ret;
}

/*
 * The file is opened here, before the device, so a wrong path is reported
 * as such and not mistaken for the module's answer.
 */
int osctl_load(const char *path)
{
	struct stat st;
	int image, fd, ret;

	image = open(path, O_RDONLY | O_CLOEXEC);
	if (image < 0)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	if (fstat(image, &st) < 0) {
		ret = cli_error("cannot open '%s': %s", path, strerror(errno));
		goto out_image;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = cli_error("cannot load '%s': not a regular file", path);
		goto out_image;
	}
	if (st.st_size > IHK_IMAGE_MAX) {
		ret = load_error(-1, path, EFBIG);
		goto out_image;
	}
	ret = check_image(image, path, st.st_size);
	if (ret)
		goto out_image;

	fd = osctl_open(O_RDWR);
	if (fd < 0) {
		ret = CLI_FAILED;
		goto out_image;
	}
	ret = ihk_os_load_fd(fd, image);
	if (ret)
		ret = load_error(fd, path, -ret);
	close(fd);
out_image:
	close(image);
	return ret;
}

static int kargs_too_long(size_t len)
{
	return cli_error("cannot set the kernel arguments of instance %d: %zu bytes long, at most %d allowed",
			 osctl_index, len, IHK_KARGS_MAX - 1);
}

int osctl_kargs(const char *kargs)
{
	size_t len = strlen(kargs);
	char why[128];
	int fd, ret;

	if (len > IHK_KARGS_MAX - 1)
		return kargs_too_long(len);

	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_set_kargs(fd, kargs);
	if (ret == -E2BIG)
		ret = kargs_too_long(len);
	else if (ret)
		ret = cli_error("cannot set the kernel arguments of instance %d: %s",
				osctl_index, osctl_why(fd, -ret, why, sizeof(why)));
	close(fd);
	return ret;
}
