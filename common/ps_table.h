/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading /proc/ihk/osN/processes for `ihkosctl N ps`. ihk.ko writes a
 * header line, then one line per LWK process:
 *
 *	pid linux_pid cpu rss_bytes state cmdline...
 *
 * where cmdline (the rest of the line) holds spaces between arguments.
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
	const char *cmdline;	/* points into the line; "" when empty */
};

/*
 * Parses @line (NUL-terminated, its newline removed) in place into @e.
 * Returns 0, or -EINVAL when it does not have the five leading fields.
 */
int ps_parse_line(char *line, struct ps_entry *e);

/*
 * Writes @bytes for people into @buf: "512B", "4.0K", "2.5M", "17M",
 * "1.2G" (powers of 1024, one decimal below 10, rounded to nearest).
 * Returns what snprintf returns.
 */
int ps_human_size(uint64_t bytes, char *buf, size_t n);

#endif /* IHK_COMMON_PS_TABLE_H */
