// SPDX-License-Identifier: GPL-2.0
/*
 * ihkosctl N ps: the instance's LWK processes, from /proc/ihk/osN/processes,
 * and ps -L: their threads, from /proc/ihk/osN/threads (common/ps_table.h
 * has the formats), as tables for people.
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

static void cpu_name(int cpu, char *buf, size_t n)
{
	if (cpu < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%d", cpu);
}

static void show(const struct ps_entry *e)
{
	char cpu[16], mem[16], time[32];

	cpu_name(e->cpu, cpu, sizeof(cpu));
	ps_human_size(e->rss_bytes, mem, sizeof(mem));
	ps_cpu_time(e->cpu_ns, time, sizeof(time));
	printf("%7d %9d %4s %7s  %-9s %7u %10s %s\n", e->pid, e->linux_pid, cpu, mem,
	       e->state, e->threads, time, e->cmdline);
}

static void show_thread(const struct ps_thread *t)
{
	char cpu[16], time[32];

	cpu_name(t->cpu, cpu, sizeof(cpu));
	ps_cpu_time(t->cpu_ns, time, sizeof(time));
	printf("%7d %7d %4s  %-9s %10s\n", t->pid, t->tid, cpu, t->state, time);
}

/* @header, then each line of /proc/ihk/osN/@name after its own, to @row. */
static int list(const char *name, const char *header, int (*row)(char *line))
{
	char path[64], *line = NULL;
	unsigned int lineno = 0;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/" IHK_PROC_DIR "/os%d/%s", osctl_index, name);
	f = fopen(path, "re");
	if (!f)
		return open_error(path, errno);

	fputs(header, stdout);
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno++ == 0)	/* the module's header */
			continue;
		if (row(line))
			ret = cli_error("%s line %u not understood: '%s'", path, lineno, line);
	}
	if (ferror(f))
		ret = cli_error("cannot read %s: %s", path, cli_strerror(errno));
	free(line);
	fclose(f);
	return ret;
}

static int process_row(char *line)
{
	struct ps_entry e;

	if (ps_parse_line(line, &e))
		return -1;
	show(&e);
	return 0;
}

static int thread_row(char *line)
{
	struct ps_thread t;

	if (ps_parse_thread_line(line, &t))
		return -1;
	show_thread(&t);
	return 0;
}

int osctl_ps(const char *unused)
{
	(void)unused;
	return list("processes",
		    "    PID LINUX_PID  CPU     MEM  STATE     THREADS       TIME COMMAND\n",
		    process_row);
}

int osctl_ps_threads(const char *unused)
{
	(void)unused;
	return list("threads", "    PID     TID  CPU  STATE           TIME\n", thread_row);
}
