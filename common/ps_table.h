/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading /proc/ihk/osN/processes and threads for `ihkosctl N ps` and
 * `ps -L`. ihk.ko writes a header line, then one line per LWK process:
 *
 *	pid linux_pid cpu rss_bytes state threads cpu_ns cmdline...
 *
 * where cmdline (the rest of the line) holds spaces between arguments;
 * and in threads, one line per LWK thread:
 *
 *	pid tid cpu state cpu_ns
 */
#ifndef IHK_COMMON_PS_TABLE_H
#define IHK_COMMON_PS_TABLE_H

#include "compat.h"

struct ps_entry {
	int pid;
	int linux_pid;
	int cpu;
	uint64_t rss_bytes;
	const char *state;	/* points into the line */
	unsigned int threads;
	uint64_t cpu_ns;
	const char *cmdline;	/* points into the line; "" when empty */
};

struct ps_thread {
	int pid;
	int tid;
	int cpu;		/* -1: none */
	const char *state;	/* points into the line */
	uint64_t cpu_ns;
};

/*
 * Parses @line (NUL-terminated, its newline removed) in place into @e.
 * Returns 0, or -EINVAL when it does not have the seven leading fields.
 */
int ps_parse_line(char *line, struct ps_entry *e);

/* The same for a line of the threads file: exactly five fields. */
int ps_parse_thread_line(char *line, struct ps_thread *t);

/*
 * Writes CPU time @ns for people, as top's TIME+: minutes, seconds and
 * hundredths, rounded down: "0:00.30", "2:05.00", "1234:56.78".
 * Returns what snprintf returns.
 */
int ps_cpu_time(uint64_t ns, char *buf, size_t n);

/*
 * Writes @bytes for people into @buf: "512B", "4.0K", "2.5M", "17M",
 * "1.2G" (powers of 1024, one decimal below 10, rounded to nearest).
 * Returns what snprintf returns.
 */
int ps_human_size(uint64_t bytes, char *buf, size_t n);

#endif /* IHK_COMMON_PS_TABLE_H */
