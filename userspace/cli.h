/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ihkconfig and ihkosctl share: one-line messages, argument parsing
 * that reports like the tools do, and the wording of errno values.
 *
 * Exit statuses: 0 done, 1 refused or failed, 2 the command line itself
 * is wrong (unknown command, missing argument, value that does not parse).
 */
#ifndef IHK_CLI_H
#define IHK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ihk/abi.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define CLI_FAILED	1
#define CLI_USAGE	2

/* The tool's name, for the prefix of every message. */
extern const char *cli_name;

/* Prints "NAME: MESSAGE" on stderr and returns CLI_FAILED. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Same for a wrong command line; returns CLI_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse an argument or print why not and return CLI_USAGE: a CPU list into
 * an IHK_MAX_CPUS mask, a memory spec into IHK_MAX_MEM_ITEMS items, an
 * instance number below IHK_MAX_OS.
 */
int cli_parse_cpus(const char *s, uint64_t *mask);
int cli_parse_mem(const char *s, struct ihk_mem_item *items, unsigned int *nr);
int cli_parse_index(const char *s, int *index);

/*
 * Reports a value that does not parse and returns CLI_USAGE: "bad WHAT
 * 'S': REASON", naming the item too (@len bytes at @pos) when it is only
 * part of @s (an empty item has nothing to show).
 */
int cli_bad_value(const char *what, const char *s, unsigned int pos,
		  unsigned int len, const char *reason);

/*
 * Reports a failed open() of @path (errno @err, positive) and returns
 * CLI_FAILED: "missing: is ihk.ko loaded?", "permission denied (are you
 * root?)", or the plain errno text.
 */
int cli_open_error(const char *path, int err);

/* Opens /dev/ihk, reporting failure; returns the fd or -1. */
int cli_open_ctl(int oflags);

/* Wording for an errno (positive) any ioctl may return. */
const char *cli_strerror(int err);

/*
 * A command: "VERB [NOUN] [ARG]". run() gets ARG (NULL if it takes none),
 * prints its own messages and returns the exit status.
 */
struct cli_command {
	const char *verb;
	const char *noun;	/* NULL: the verb stands alone */
	const char *arg;	/* what its one argument is, for messages; NULL: none */
	int (*run)(const char *arg);
};

/*
 * Runs the command of @cmds that @argv (@argc words, the verb first)
 * names, or reports a wrong command line and returns CLI_USAGE.
 */
int cli_run(const struct cli_command *cmds, size_t n, int argc, char **argv);

/* Room for any CPU list of IHK_MAX_CPUS CPUs, and for any memory item. */
#define CLI_CPUS_TEXT	4096
#define CLI_MEM_TEXT	64

/* True if @mask (IHK_MAX_CPUS bits) has no CPU in it. */
bool cli_cpus_empty(const uint64_t *mask);

/* "CPU 3" for one CPU, else "CPUs 2-3,5", into @buf of CLI_CPUS_TEXT. */
const char *cli_cpus_text(const uint64_t *mask, char *buf);

/* "CPU 3" when the module named one in `failed`, else cli_cpus_text(). */
const char *cli_cpu_subject(const uint64_t *mask, int failed, char *buf);

/* A CPU list, "none" when empty, into @buf of CLI_CPUS_TEXT. */
const char *cli_cpulist(const uint64_t *mask, char *buf);

/* "512M on node 0", "all memory", "1G", into @buf of CLI_MEM_TEXT. */
const char *cli_mem_text(const struct ihk_mem_item *item, char *buf);

/* The item the module named in `failed`, or NULL if it named none. */
const struct ihk_mem_item *cli_failed_item(const struct ihk_mem_item *items,
					   unsigned int nr, int failed);

/*
 * What a memory request was about, for "cannot reserve SUBJECT": @item if
 * known, else the only item, else "memory 'SPEC'". @n >= CLI_MEM_TEXT.
 */
const char *cli_mem_subject(const char *spec, const struct ihk_mem_item *items,
			    unsigned int nr, const struct ihk_mem_item *item,
			    char *buf, size_t n);

#endif /* IHK_CLI_H */
