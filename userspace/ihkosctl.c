// SPDX-License-Identifier: GPL-2.0
/*
 * ihkosctl: set up and watch one OS instance through its /dev/mcosN:
 * give it CPUs and memory from the reserve, load its image and arguments,
 * boot and shut down its LWK, read its console.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ihkosctl.h"
#include "libihk.h"
#include "lookup.h"

static const char usage[] =
"Usage: ihkosctl N COMMAND\n"
"Set up and watch OS instance N (made by 'ihkconfig create').\n"
"\n"
"  assign cpu LIST       give it reserved CPUs (e.g. 2-3,6)\n"
"  release cpu LIST|all  put its CPUs back into the reserve\n"
"  assign mem SPEC       give it reserved memory; SPEC is SIZE[@NODE],...\n"
"                        or all[@NODE], SIZE like 512M or 1G (K, M, G, T are\n"
"                        powers of 1024)\n"
"  release mem all       put all its memory back into the reserve\n"
"  load FILE             load the lightweight kernel image FILE\n"
"  kargs STRING          set the lightweight kernel's arguments\n"
"  boot                  boot the lightweight kernel; returns once it runs,\n"
"                        or says why not and shows the end of its console\n"
"  shutdown              stop the lightweight kernel (it can boot again)\n"
"  status                print its state: INACTIVE, BOOTING, RUNNING,\n"
"                        SHUTDOWN, PANIC, HUNG or FAILED\n"
"  query                 print its state, CPUs, memory, image, arguments\n"
"                        and how the booted kernel is doing\n"
"  ps                    list its processes (started by mcexec): LWK pid,\n"
"                        mcexec's Linux pid, LWK CPU, memory in use, state,\n"
"                        threads, CPU time used on the LWK (min:sec.hundredths)\n"
"                        and command line\n"
"  ps -L                 list their threads: LWK pid, tid, LWK CPU, state\n"
"                        and CPU time\n"
"  kmsg                  print the lightweight kernel's console\n"
"  kmsg -f               print it, then follow it until interrupted or the\n"
"                        instance is destroyed\n"
"  ikc_map set MAP       send each LWK CPU's notifications to a Linux CPU;\n"
"                        MAP is LWK_CPU:LINUX_CPU,... e.g. 2:1,3:1 (an LWK\n"
"                        CPU may be a range: 2-3:1); CPUs not named keep\n"
"                        their target; works booted or not\n"
"  ikc_map get           print the map, one LWK_CPU:LINUX_CPU per CPU\n"
"  ping [-c COUNT] [-s SIZE] [-W TIMEOUT_MS] [CPU...]\n"
"                        COUNT round trips (default 100) of SIZE payload\n"
"                        bytes (default 0, at most 104) to each LWK CPU\n"
"                        named (default all), one after the other; prints\n"
"                        min/median/p99/max per CPU (microseconds) and a\n"
"                        summary; fails if a round trip takes longer than\n"
"                        TIMEOUT_MS (default 1000)\n"
"  ikc_stress [-n COUNT] [-W TIMEOUT_MS] [CPU...]\n"
"                        COUNT messages (default 100000) each way at once\n"
"                        on every LWK CPU named (default all), concurrently,\n"
"                        every one checked; fails unless all arrive in order\n"
"                        and intact, or if none moves for TIMEOUT_MS\n"
"                        (default 10000)\n"
"  access group GROUP    only root and members of GROUP may use the instance\n"
"                        (open /dev/mcosN: mcexec, status, query...): makes\n"
"                        the node root:GROUP mode 0660; run it right after\n"
"                        'ihkconfig create', which makes a node open to all\n"
"  access all            every user may use it again (mode 0666)\n"
"  debug panic           for tests: make the running kernel panic\n"
"  debug hang            for tests: make every CPU of it stop and halt\n"
"  debug corrupt KIND    for tests: make the running kernel scribble on what\n"
"                        it shares with Linux: ring (IKC ring headers),\n"
"                        slot-rx, slot-tx (a ring slot's sequence number),\n"
"                        msg (message fields), kmsg (console header) or\n"
"                        proc (process status pages)\n"
"  -h, --help            show this help\n"
"\n"
"Changes, ping and ikc_stress need root; status, query, ps, kmsg and\n"
"ikc_map get do not.\n"
"Exit status: 0 done, 1 refused or failed, 2 bad command line.\n";

static const struct cli_command commands[] = {
	{ "assign",	"cpu",	"a CPU list",		osctl_assign_cpu },
	{ "assign",	"mem",	"a memory spec",	osctl_assign_mem },
	{ "release",	"cpu",	"a CPU list or 'all'",	osctl_release_cpu },
	{ "release",	"mem",	"'all'",		osctl_release_mem },
	{ "load",	NULL,	"an image file",	osctl_load },
	{ "kargs",	NULL,	"a string of kernel arguments", osctl_kargs },
	{ "boot",	NULL,	NULL,			osctl_boot },
	{ "shutdown",	NULL,	NULL,			osctl_shutdown },
	{ "status",	NULL,	NULL,			osctl_status },
	{ "query",	NULL,	NULL,			osctl_query },
	/* "ps -L" before "ps", as kmsg below */
	{ "ps",		"-L",	NULL,			osctl_ps_threads },
	{ "ps",		NULL,	NULL,			osctl_ps },
	/* "kmsg -f" before "kmsg": a bare verb matches whatever follows. */
	{ "kmsg",	"-f",	NULL,			osctl_kmsg_follow },
	{ "kmsg",	"--follow", NULL,		osctl_kmsg_follow },
	{ "kmsg",	NULL,	NULL,			osctl_kmsg },
	{ "ikc_map",	"set",	"a map like 2:1,3:1",	osctl_ikc_map_set },
	{ "ikc_map",	"get",	NULL,			osctl_ikc_map_get },
	{ "access",	"group", "a group",		osctl_access_group },
	{ "access",	"all",	NULL,			osctl_access_all },
	{ "debug",	"panic", NULL,			osctl_debug_panic },
	{ "debug",	"hang",	NULL,			osctl_debug_hang },
	{ "debug",	"corrupt", "a corruption kind",	osctl_debug_corrupt },
};

/* Commands that take options and several arguments. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} option_commands[] = {
	{ "ping",	osctl_ping },
	{ "ikc_stress",	osctl_ikc_stress },
};

int osctl_index;

int osctl_open(int oflags)
{
	char path[32];
	int fd = ihk_os_open(osctl_index, oflags);

	if (fd >= 0)
		return fd;
	if (fd == -ENOENT || fd == -ENXIO || fd == -ENODEV) {
		/* Without the module no instance exists: say what is wrong. */
		if (access(IHK_CTL_PATH, F_OK) < 0 && errno == ENOENT)
			cli_open_error(IHK_CTL_PATH, ENOENT);
		else
			cli_error("instance %d does not exist", osctl_index);
		return -1;
	}
	ihk_os_path(osctl_index, path, sizeof(path));
	cli_open_error(path, -fd);
	return -1;
}

const char *osctl_why(int fd, int err, char *buf, size_t n)
{
	const char *status;

	if (err == ENODEV)
		return "it no longer exists";
	if (err != EBUSY)
		return cli_strerror(err);
	status = lookup_status(fd);
	if (!status)
		snprintf(buf, n, "it is not INACTIVE (shut it down first)");
	else if (strcmp(status, "INACTIVE") && strcmp(status, "SHUTDOWN"))
		snprintf(buf, n, "it is %s (shut it down first)", status);
	else
		snprintf(buf, n, "it is %s, and busy", status);
	return buf;
}

#define LOCKDOWN_PATH	"/sys/kernel/security/lockdown"

/* The active lockdown level ("[integrity]" in the file), or NULL if none or unknown. */
static const char *lockdown_level(char *buf, size_t n)
{
	char line[128], *open, *close;
	FILE *f = fopen(LOCKDOWN_PATH, "re");

	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!close)
		return NULL;
	*close = '\0';
	if (!strcmp(open + 1, "none"))
		return NULL;
	snprintf(buf, n, "%s", open + 1);
	return buf;
}

const char *osctl_eperm_why(char *buf, size_t n)
{
	char level[64];

	if (lockdown_level(level, sizeof(level)))
		snprintf(buf, n, "the kernel is locked down (%s), and an LWK image is an unsigned kernel: refused as kexec would be",
			 level);
	else if (geteuid() == 0)
		snprintf(buf, n, "refused although run as root: is the kernel locked down? (see %s)",
			 LOCKDOWN_PATH);
	else
		snprintf(buf, n, "%s", cli_strerror(EPERM));
	return buf;
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int main(int argc, char **argv)
{
	size_t i;
	int ret;

	cli_name = "ihkosctl";
	if (argc < 2)
		return cli_usage_error("no instance given (try 'ihkosctl --help')");
	if (is_help(argv[1]) || (argc > 2 && is_help(argv[2]))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argv[1][0] == '-')
		return cli_usage_error("unknown option '%s' (try 'ihkosctl --help')",
				       argv[1]);
	ret = cli_parse_index(argv[1], &osctl_index);
	if (ret)
		return ret;
	if (argc < 3)
		return cli_usage_error("no command given for instance %d (try 'ihkosctl --help')",
				       osctl_index);
	for (i = 0; i < ARRAY_SIZE(option_commands); i++)
		if (!strcmp(argv[2], option_commands[i].name))
			return option_commands[i].run(argc - 2, argv + 2);
	return cli_run(commands, ARRAY_SIZE(commands), argc - 2, argv + 2);
}
