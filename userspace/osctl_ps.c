// SPDX-License-Identifier: GPL-2.0
/*
 * ihkosctl N ps: the instance's LWK processes, from /proc/ihk/osN/processes
 * (common/ps_table.h has its format), as a table for people.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ihkosctl.h"
#include "libihk.h"
#include "ps_table.h"

/* Why the file cannot be opened, in the words the other commands use. */
static int open_error(const char *path, int err)
{
	char dir[64];
	int fd;

	if (err != ENOENT)
		return cli_error("cannot read %s: %s", path, cli_strerror(err));
	snprintf(dir, sizeof(dir), "/proc/" IHK_PROC_DIR "/os%d", osctl_index);
	if (!access(dir, F_OK))
		return cli_error("%s is missing: ihk.ko is too old for mcexec", path);
	/* No instance (or no module): let the common open say which. */
	fd = osctl_open(O_RDONLY);
	if (fd < 0)
		return CLI_FAILED;
	close(fd);
	return cli_error("instance %d has no %s", osctl_index, path);
}

static void show(const struct ps_entry *e)
{
	char cpu[16], mem[16];

	if (e->cpu < 0)
		strcpy(cpu, "-");
	else
		snprintf(cpu, sizeof(cpu), "%d", e->cpu);
	ps_human_size(e->rss_bytes, mem, sizeof(mem));
	printf("%7d %9d %4s %7s  %-9s %s\n", e->pid, e->linux_pid, cpu, mem, e->state,
	       e->cmdline);
}

int osctl_ps(const char *unused)
{
	char path[64], *line = NULL;
	unsigned int lineno = 0;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;
	FILE *f;

	(void)unused;
	snprintf(path, sizeof(path), "/proc/" IHK_PROC_DIR "/os%d/processes", osctl_index);
	f = fopen(path, "re");
	if (!f)
		return open_error(path, errno);

	printf("%7s %9s %4s %7s  %-9s %s\n", "PID", "LINUX_PID", "CPU", "MEM", "STATE",
	       "COMMAND");
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct ps_entry e;

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno++ == 0)	/* the module's header */
			continue;
		if (ps_parse_line(line, &e)) {
			ret = cli_error("%s line %u not understood: '%s'", path, lineno, line);
			continue;
		}
		show(&e);
	}
	if (ferror(f))
		ret = cli_error("cannot read %s: %s", path, cli_strerror(errno));
	free(line);
	fclose(f);
	return ret;
}
