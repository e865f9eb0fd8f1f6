// SPDX-License-Identifier: GPL-2.0
/* PATH search for mcexec (pure logic: the file system is behind @probe). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "prog_path.h"

static int copy_name(const char *name, char *out, size_t size)
{
	size_t len = strlen(name);

	if (len + 1 > size)
		return -ENAMETOOLONG;
	memcpy(out, name, len + 1);
	return 0;
}

int prog_path_find(const char *name, const char *path, prog_probe_fn probe,
		   void *ctx, char *out, size_t size)
{
	bool denied = false;
	const char *dir, *end;
	int ret;

	if (!*name)		/* execvp(""): ENOENT, like the shell's "" */
		return copy_name(name, out, size) ?: -ENOENT;
	if (strchr(name, '/'))
		return copy_name(name, out, size);
	if (!path)
		path = PROG_PATH_DEFAULT;

	for (dir = path; ; dir = end + 1) {
		char cand[4096];
		size_t dlen;
		int n;

		end = strchr(dir, ':');
		if (!end)
			end = dir + strlen(dir);
		dlen = end - dir;
		/* An empty entry means the current directory, as in POSIX. */
		if (dlen == 0)
			n = snprintf(cand, sizeof(cand), "%s", name);
		else
			n = snprintf(cand, sizeof(cand), "%.*s/%s", (int)dlen, dir, name);
		if (n >= 0 && (size_t)n < sizeof(cand)) {
			ret = probe(cand, ctx);
			if (ret == 0 || (ret == -EACCES && !denied)) {
				if ((size_t)n + 1 > size)
					return -ENAMETOOLONG;
				memcpy(out, cand, n + 1);
				if (ret == 0)
					return 0;
				denied = true;
			}
		}
		if (!*end)
			break;
	}
	if (denied)
		return -EACCES;
	return copy_name(name, out, size) ?: -ENOENT;
}
