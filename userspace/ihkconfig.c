// SPDX-License-Identifier: GPL-2.0
/*
 * ihkconfig: partition this machine through /dev/ihk. Reserves CPUs and
 * memory away from Linux and creates the OS instances that use them.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ihkconfig.h"

static const char usage[] =
"Usage: ihkconfig COMMAND\n"
"Partition this machine between Linux and ihk lightweight kernels.\n"
"\n"
"  reserve cpu LIST      take CPUs away from Linux (e.g. 2-3,6; never CPU 0)\n"
"  release cpu LIST|all  give reserved CPUs back to Linux\n"
"  reserve mem SPEC      take memory away from Linux; SPEC is SIZE[@NODE],...\n"
"                        or all[@NODE], SIZE like 512M or 1G (K, M, G, T are\n"
"                        powers of 1024)\n"
"  release mem all|all@NODE|SIZE@NODE\n"
"                        give reserved, unassigned memory back to Linux\n"
"  query cpu             reserved CPUs and those assigned to instances\n"
"  query mem             reserved memory chunks and who holds them\n"
"  create                create an OS instance and print its number\n"
"  destroy N             destroy instance N, shutting its LWK down first;\n"
"                        its CPUs and memory go back to the reserve\n"
"  list                  instances and their status\n"
"  topology              NUMA nodes, their CPUs and memory, what is reserved\n"
"  -h, --help            show this help\n"
"\n"
"Everything but topology needs ihk.ko and root.\n"
"Exit status: 0 done, 1 refused or failed, 2 bad command line.\n";

static const struct cli_command commands[] = {
	{ "reserve",	"cpu",	"a CPU list",		config_reserve_cpu },
	{ "reserve",	"mem",	"a memory spec",	config_reserve_mem },
	{ "release",	"cpu",	"a CPU list or 'all'",	config_release_cpu },
	{ "release",	"mem",	"'all' or SIZE@NODE",	config_release_mem },
	{ "query",	"cpu",	NULL,			config_query_cpu },
	{ "query",	"mem",	NULL,			config_query_mem },
	{ "create",	NULL,	NULL,			config_create },
	{ "destroy",	NULL,	"an instance number",	config_destroy },
	{ "list",	NULL,	NULL,			config_list },
	{ "topology",	NULL,	NULL,			config_topology },
};

int main(int argc, char **argv)
{
	cli_name = "ihkconfig";
	if (argc < 2)
		return cli_usage_error("no command given (try 'ihkconfig --help')");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (argv[1][0] == '-')
		return cli_usage_error("unknown option '%s' (try 'ihkconfig --help')",
				       argv[1]);
	return cli_run(commands, ARRAY_SIZE(commands), argc - 1, argv + 1);
}
