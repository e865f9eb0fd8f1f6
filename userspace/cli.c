// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cpulist.h"
#include "cpumask.h"
#include "libihk.h"
#include "memspec.h"
#include "size.h"

const char *cli_name = "ihk";

static void cli_vprint(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", cli_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprint(fmt, ap);
	va_end(ap);
	return CLI_FAILED;
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprint(fmt, ap);
	va_end(ap);
	return CLI_USAGE;
}

/* Says what @verb can be followed by: "'cpu' or 'mem'". */
static int cli_bad_noun(const struct cli_command *cmds, size_t n,
			const char *verb, const char *noun)
{
	char nouns[128] = "";
	size_t i, used = 0;

	for (i = 0; i < n; i++)
		if (!strcmp(cmds[i].verb, verb))
			used += snprintf(nouns + used, sizeof(nouns) - used,
					 "%s'%s'", used ? " or " : "",
					 cmds[i].noun);
	if (!noun)
		return cli_usage_error("'%s' needs %s", verb, nouns);
	return cli_usage_error("'%s %s': expected %s", verb, noun, nouns);
}

int cli_run(const struct cli_command *cmds, size_t n, int argc, char **argv)
{
	const struct cli_command *c = NULL;
	bool known = false;
	int used = 1;
	size_t i;

	for (i = 0; i < n && !c; i++) {
		if (strcmp(cmds[i].verb, argv[0]))
			continue;
		known = true;
		if (!cmds[i].noun) {
			c = &cmds[i];
		} else if (argc > 1 && !strcmp(cmds[i].noun, argv[1])) {
			c = &cmds[i];
			used = 2;
		}
	}
	if (!known)
		return cli_usage_error("unknown command '%s' (try '%s --help')",
				       argv[0], cli_name);
	if (!c)
		return cli_bad_noun(cmds, n, argv[0], argc > 1 ? argv[1] : NULL);

	if (c->arg && argc == used)
		return cli_usage_error("'%s%s%s' needs %s", c->verb,
				       c->noun ? " " : "", c->noun ? c->noun : "",
				       c->arg);
	if (c->arg)
		used++;
	if (argc > used)
		return cli_usage_error("unexpected argument '%s'", argv[used]);
	return c->run(c->arg ? argv[used - 1] : NULL);
}

int cli_bad_value(const char *what, const char *s, unsigned int pos,
		  unsigned int len, const char *reason)
{
	if (len == 0 || (pos == 0 && len == strlen(s)))
		return cli_usage_error("bad %s '%s': %s", what, s, reason);
	return cli_usage_error("bad %s '%s': '%.*s': %s", what, s, (int)len,
			       s + pos, reason);
}

int cli_parse_cpus(const char *s, uint64_t *mask)
{
	struct cpulist_error err;

	if (cpulist_parse(s, mask, IHK_MAX_CPUS, &err))
		return cli_bad_value("CPU list", s, err.pos, err.len, err.reason);
	return 0;
}

int cli_parse_mem(const char *s, struct ihk_mem_item *items, unsigned int *nr)
{
	struct memspec_error err;

	if (memspec_parse(s, items, nr, &err))
		return cli_bad_value("memory spec", s, err.pos, err.len,
				     err.reason);
	return 0;
}

int cli_parse_index(const char *s, int *index)
{
	unsigned long v = 0;
	const char *p;

	if (*s == '\0')
		return cli_usage_error("bad instance number '': empty");
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return cli_usage_error("bad instance number '%s': not a number",
					       s);
		if (v < IHK_MAX_OS)	/* saturate: stays too large */
			v = v * 10 + (*p - '0');
	}
	if (v >= IHK_MAX_OS)
		return cli_usage_error("bad instance number '%s': at most %d",
				       s, IHK_MAX_OS - 1);
	*index = v;
	return 0;
}

int cli_open_error(const char *path, int err)
{
	if (err == ENOENT)
		return cli_error("%s missing: is ihk.ko loaded?", path);
	if (err == EACCES || err == EPERM)
		return cli_error("%s: permission denied (are you root?)", path);
	return cli_error("%s: %s", path, cli_strerror(err));
}

int cli_open_ctl(int oflags)
{
	int fd = ihk_open(oflags);

	if (fd < 0) {
		cli_open_error(IHK_CTL_PATH, -fd);
		return -1;
	}
	return fd;
}

const char *cli_strerror(int err)
{
	switch (err) {
	case EPERM:
		return "needs root (CAP_SYS_ADMIN)";
	case ENOTTY:
		return "not supported by this ihk.ko (module and tools from different builds?)";
	case EPROTO: {
		static char msg[128];

		snprintf(msg, sizeof(msg),
			 "the loaded ihk.ko speaks ABI %d, these tools ABI %d: load the module of the same build",
			 ihk_module_abi(), IHK_ABI_VERSION);
		return msg;
	}
	}
	return strerror(err);
}

bool cli_cpus_empty(const uint64_t *mask)
{
	unsigned int i;

	for (i = 0; i < IHK_CPU_WORDS; i++)
		if (mask[i])
			return false;
	return true;
}

const char *cli_cpus_text(const uint64_t *mask, char *buf)
{
	unsigned int cpu, n = 0, first = 0;

	for (cpu = 0; cpu < IHK_MAX_CPUS; cpu++)
		if (cpumask_bit_test(mask, cpu) && !n++)
			first = cpu;
	if (n == 1) {
		snprintf(buf, CLI_CPUS_TEXT, "CPU %u", first);
		return buf;
	}
	strcpy(buf, "CPUs ");
	cpulist_format(mask, IHK_MAX_CPUS, buf + 5, CLI_CPUS_TEXT - 5);
	return buf;
}

const char *cli_cpu_subject(const uint64_t *mask, int failed, char *buf)
{
	if (failed >= 0 && failed < IHK_MAX_CPUS) {
		snprintf(buf, CLI_CPUS_TEXT, "CPU %d", failed);
		return buf;
	}
	return cli_cpus_text(mask, buf);
}

const char *cli_cpulist(const uint64_t *mask, char *buf)
{
	if (!cpulist_format(mask, IHK_MAX_CPUS, buf, CLI_CPUS_TEXT))
		strcpy(buf, "none");
	return buf;
}

const char *cli_mem_text(const struct ihk_mem_item *item, char *buf)
{
	size_t len;

	if (item->size == IHK_SIZE_ALL) {
		len = snprintf(buf, CLI_MEM_TEXT, "all memory");
	} else {
		size_format(item->size, buf, CLI_MEM_TEXT);
		len = strlen(buf);
	}
	if (item->node != IHK_NODE_ANY)
		snprintf(buf + len, CLI_MEM_TEXT - len, " on node %d", item->node);
	return buf;
}

const struct ihk_mem_item *cli_failed_item(const struct ihk_mem_item *items,
					   unsigned int nr, int failed)
{
	if (failed >= 0 && (unsigned int)failed < nr)
		return &items[failed];
	return NULL;
}

const char *cli_mem_subject(const char *spec, const struct ihk_mem_item *items,
			    unsigned int nr, const struct ihk_mem_item *item,
			    char *buf, size_t n)
{
	if (!item && nr == 1)
		item = &items[0];
	if (item)
		return cli_mem_text(item, buf);
	snprintf(buf, n, "memory '%.60s%s'", spec, strlen(spec) > 60 ? "..." : "");
	return buf;
}
