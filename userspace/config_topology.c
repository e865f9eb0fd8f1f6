// SPDX-License-Identifier: GPL-2.0
/*
 * ihkconfig topology: what there is to partition. NUMA facts come from
 * libnuma, reservations from /dev/ihk when we may open it.
 */
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cpumask.h"
#include "ihkconfig.h"
#include "libihk.h"
#include "size.h"

#define MIB	(1ull << 20)

struct reservations {
	bool known;
	char why[128];			/* why not known */
	struct ihk_cpu_query cpus;
	uint64_t mem[IHK_MAX_NODES];	/* bytes reserved per node */
};

static struct ihk_mem_query mem_query;

static void read_reservations(struct reservations *r)
{
	unsigned int i;
	int fd, ret;

	memset(r, 0, sizeof(*r));
	fd = ihk_open(O_RDONLY);
	if (fd < 0) {
		if (fd == -ENOENT)
			snprintf(r->why, sizeof(r->why),
				 "%s missing: is ihk.ko loaded?", IHK_CTL_PATH);
		else if (fd == -EACCES || fd == -EPERM)
			snprintf(r->why, sizeof(r->why),
				 "%s: permission denied, are you root?",
				 IHK_CTL_PATH);
		else
			snprintf(r->why, sizeof(r->why), "%s: %s",
				 IHK_CTL_PATH, strerror(-fd));
		return;
	}

	ret = ihk_query_cpu(fd, &r->cpus);
	if (!ret)
		ret = ihk_query_mem(fd, &mem_query);
	close(fd);
	if (ret) {
		snprintf(r->why, sizeof(r->why), "cannot query %s: %s",
			 IHK_CTL_PATH, cli_strerror(-ret));
		return;
	}

	for (i = 0; i < mem_query.nr_chunks && i < IHK_MAX_CHUNKS; i++) {
		const struct ihk_mem_chunk *c = &mem_query.chunks[i];

		if (c->node >= 0 && c->node < IHK_MAX_NODES)
			r->mem[c->node] += c->size;
	}
	r->known = true;
}

/* Linux's figures are not chunk-sized: show them to the MiB below. */
static const char *mib_text(long long bytes, char *buf, size_t n)
{
	size_format(bytes > 0 ? (uint64_t)bytes & ~(MIB - 1) : 0, buf, n);
	return buf;
}

static int show_node(int node, struct bitmask *cpus,
		     const struct reservations *r)
{
	uint64_t mask[IHK_CPU_WORDS] = { 0 };
	char list[CLI_CPUS_TEXT], total[32], free[32], reserved[32];
	long long size, free_bytes;
	unsigned int cpu;

	if (numa_node_to_cpus(node, cpus) < 0)
		return cli_error("cannot read the CPUs of node %d: %s", node,
				 strerror(errno));
	for (cpu = 0; cpu < cpus->size && cpu < IHK_MAX_CPUS; cpu++)
		if (numa_bitmask_isbitset(cpus, cpu))
			cpumask_bit_set(mask, cpu);
	size = numa_node_size64(node, &free_bytes);
	if (size < 0)
		return cli_error("cannot read the memory of node %d", node);

	printf("node %d: cpus %s memory %s free %s", node,
	       cli_cpulist(mask, list), mib_text(size, total, sizeof(total)),
	       mib_text(free_bytes, free, sizeof(free)));
	if (r->known && node < IHK_MAX_NODES) {
		size_format(r->mem[node], reserved, sizeof(reserved));
		printf(" reserved %s", reserved);
	}
	putchar('\n');
	return 0;
}

int config_topology(const char *unused)
{
	static struct reservations r;
	char list[CLI_CPUS_TEXT];
	struct bitmask *cpus;
	int node, ret = 0;

	(void)unused;
	if (numa_available() < 0)
		return cli_error("no NUMA information: this kernel has no NUMA support");
	cpus = numa_allocate_cpumask();
	if (!cpus)
		return cli_error("cannot list CPUs: %s", strerror(ENOMEM));

	read_reservations(&r);
	for (node = 0; node <= numa_max_node() && !ret; node++)
		if (numa_bitmask_isbitset(numa_nodes_ptr, node))
			ret = show_node(node, cpus, &r);
	if (ret)
		goto out;

	/* Reserved CPUs are offline, so Linux lists them under no node. */
	if (r.known) {
		printf("reserved cpus: %s\n", cli_cpulist(r.cpus.reserved, list));
		printf("assigned cpus: %s\n", cli_cpulist(r.cpus.assigned, list));
	} else {
		printf("reservations: unknown (%s)\n", r.why);
	}
out:
	numa_free_cpumask(cpus);
	return ret;
}
