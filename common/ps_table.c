// SPDX-License-Identifier: GPL-2.0
/* /proc/ihk/osN/processes and threads lines, sizes and times for people. */
#include <stdio.h>
#include <stdlib.h>

#include "ps_table.h"

/* The next space-separated word of *@s, NUL-terminated in place, or NULL. */
static char *next_word(char **s)
{
	char *w = *s, *end;

	while (*w == ' ')
		w++;
	if (!*w)
		return NULL;
	for (end = w; *end && *end != ' '; end++)
		;
	if (*end)
		*end++ = '\0';
	*s = end;
	return w;
}

static int parse_int(const char *w, long min, long max, long *v)
{
	char *end;

	if (!w)
		return -EINVAL;
	errno = 0;
	*v = strtol(w, &end, 10);
	if (!*w || *end || errno || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

/* A decimal uint64_t word: digits only. */
static int parse_u64(const char *w, uint64_t *v)
{
	char *end;

	if (!w || *w < '0' || *w > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(w, &end, 10);
	if (*end || errno)
		return -EINVAL;
	return 0;
}

int ps_parse_line(char *line, struct ps_entry *e)
{
	char *s = line;
	long pid, linux_pid, cpu, threads;

	if (parse_int(next_word(&s), 0, INT32_MAX, &pid) ||
	    parse_int(next_word(&s), 0, INT32_MAX, &linux_pid) ||
	    parse_int(next_word(&s), -1, INT32_MAX, &cpu) ||
	    parse_u64(next_word(&s), &e->rss_bytes))
		return -EINVAL;
	e->state = next_word(&s);
	if (!e->state || parse_int(next_word(&s), 0, INT32_MAX, &threads) ||
	    parse_u64(next_word(&s), &e->cpu_ns))
		return -EINVAL;
	while (*s == ' ')
		s++;
	e->cmdline = s;
	e->pid = (int)pid;
	e->linux_pid = (int)linux_pid;
	e->cpu = (int)cpu;
	e->threads = (unsigned int)threads;
	return 0;
}

int ps_parse_thread_line(char *line, struct ps_thread *t)
{
	char *s = line;
	long pid, tid, cpu;

	if (parse_int(next_word(&s), 0, INT32_MAX, &pid) ||
	    parse_int(next_word(&s), 1, INT32_MAX, &tid) ||
	    parse_int(next_word(&s), -1, INT32_MAX, &cpu))
		return -EINVAL;
	t->state = next_word(&s);
	if (!t->state || parse_u64(next_word(&s), &t->cpu_ns) || next_word(&s))
		return -EINVAL;
	t->pid = (int)pid;
	t->tid = (int)tid;
	t->cpu = (int)cpu;
	return 0;
}

int ps_cpu_time(uint64_t ns, char *buf, size_t n)
{
	uint64_t cs = ns / 10000000;	/* hundredths of a second */

	return snprintf(buf, n, "%llu:%02u.%02u", (unsigned long long)(cs / 6000),
			(unsigned int)(cs / 100 % 60), (unsigned int)(cs % 100));
}

int ps_human_size(uint64_t bytes, char *buf, size_t n)
{
	static const char units[] = "KMGTPE";
	double v = (double)bytes / 1024;
	unsigned int u = 0;

	if (bytes < 1024)
		return snprintf(buf, n, "%lluB", (unsigned long long)bytes);
	while (v >= 1024 && u < sizeof(units) - 2) {
		v /= 1024;
		u++;
	}
	/* Shown rounded: 1023.7K would read "1024K", so it is 1.0M. */
	if (v >= 1023.5 && u < sizeof(units) - 2) {
		v /= 1024;
		u++;
	}
	if (v < 9.95)
		return snprintf(buf, n, "%.1f%c", v, units[u]);
	return snprintf(buf, n, "%.0f%c", v, units[u]);
}
