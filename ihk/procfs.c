// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/ihk/: plain-text status for administrators and scripts. Each file
 * is documented in the README; change its format only together with that.
 * Sizes are in bytes so scripts need no unit parsing.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "mc_priv.h"

struct proc_dir_entry *ihk_proc_root;

static int ihk_version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "ihk %s abi %d\n", IHK_VERSION, IHK_ABI_VERSION);
	return 0;
}

static void ihk_show_owner(struct seq_file *m, int owner)
{
	if (owner == IHK_OWNER_POOL)
		seq_puts(m, "free\n");
	else
		seq_printf(m, "os%d\n", owner);
}

static int ihk_resources_show(struct seq_file *m, void *v)
{
	u64 reserved[IHK_MAX_NODES] = { 0 }, assigned[IHK_MAX_NODES] = { 0 };
	struct ihk_chunk *c;
	int node;

	mutex_lock(&ihk_lock);
	seq_printf(m, "cpus reserved %*pbl\n", cpumask_pr_args(&ihk_reserved_cpus));
	seq_printf(m, "cpus assigned %*pbl\n", cpumask_pr_args(&ihk_assigned_cpus));
	list_for_each_entry(c, &ihk_chunks, list) {
		reserved[c->node] += c->size;
		if (c->owner != IHK_OWNER_POOL)
			assigned[c->node] += c->size;
	}
	for (node = 0; node < IHK_MAX_NODES; node++)
		if (reserved[node])
			seq_printf(m, "memory node %d reserved %llu assigned %llu\n",
				   node, reserved[node], assigned[node]);
	list_for_each_entry(c, &ihk_chunks, list) {
		seq_printf(m, "chunk 0x%016llx 0x%016llx node %d ",
			   (u64)c->phys, c->size, c->node);
		ihk_show_owner(m, c->owner);
	}
	mutex_unlock(&ihk_lock);
	return 0;
}

/* osN files get the instance as data; proc_remove() waits for readers. */
static int ihk_os_status_show(struct seq_file *m, void *v)
{
	struct ihk_os *os = m->private;

	mutex_lock(&ihk_lock);
	seq_printf(m, "%s\n", ihk_os_status_name(os->status));
	mutex_unlock(&ihk_lock);
	return 0;
}

static int ihk_os_cpus_show(struct seq_file *m, void *v)
{
	struct ihk_os *os = m->private;

	mutex_lock(&ihk_lock);
	seq_printf(m, "%*pbl\n", cpumask_pr_args(&os->cpus));
	mutex_unlock(&ihk_lock);
	return 0;
}

static int ihk_os_memory_show(struct seq_file *m, void *v)
{
	struct ihk_os *os = m->private;
	DECLARE_BITMAP(nodes, IHK_MAX_NODES);
	struct ihk_chunk *c;
	unsigned int node;
	u64 total = 0;

	mutex_lock(&ihk_lock);
	list_for_each_entry(c, &ihk_chunks, list)
		if (c->owner == os->index)
			total += c->size;
	seq_printf(m, "total %llu\n", total);
	/*
	 * What the LWK has not handed out, while it runs: in all and on each
	 * node the instance has memory on (the LWK's figures, only shown).
	 */
	if (os->status == IHK_OS_RUNNING || os->status == IHK_OS_HUNG ||
	    os->status == IHK_OS_FAILED) {
		seq_printf(m, "free %llu\n", READ_ONCE(os->shared->free_bytes));
		bitmap_zero(nodes, IHK_MAX_NODES);
		list_for_each_entry(c, &ihk_chunks, list)
			if (c->owner == os->index && c->node >= 0 &&
			    c->node < IHK_MAX_NODES)
				__set_bit(c->node, nodes);
		for_each_set_bit(node, nodes, IHK_MAX_NODES)
			seq_printf(m, "node %u free %llu\n", node,
				   READ_ONCE(os->shared->node_free_bytes[node]));
	}
	list_for_each_entry(c, &ihk_chunks, list)
		if (c->owner == os->index)
			seq_printf(m, "chunk 0x%016llx 0x%016llx node %d\n",
				   (u64)c->phys, c->size, c->node);
	mutex_unlock(&ihk_lock);
	return 0;
}

static const char *ihk_lwk_cpu_state_name(u32 state)
{
	switch (state) {
	case IHK_LWK_CPU_OFF:		return "OFF";
	case IHK_LWK_CPU_UP:		return "UP";
	case IHK_LWK_CPU_HALTED:	return "HALTED";
	case IHK_LWK_CPU_FAILED:	return "FAILED";
	}
	return "UNKNOWN";
}

/*
 * What each LWK CPU of the last boot reports about itself: how many
 * interrupts and exceptions it took (the LWK's noise) and its heartbeat.
 * Kept after shutdown, so a run can be accounted for afterwards.
 */
static int ihk_os_lwk_cpus_show(struct seq_file *m, void *v)
{
	struct ihk_os *os = m->private;
	unsigned int i;

	mutex_lock(&ihk_lock);
	seq_puts(m, "cpu state interrupts heartbeat\n");
	for (i = 0; i < os->nr_lwk_cpus; i++) {
		struct ihk_lwk_cpu_status *st = &os->shared->cpus[i];

		seq_printf(m, "%u %s %llu %llu\n", os->lwk_cpu[i],
			   ihk_lwk_cpu_state_name(READ_ONCE(st->state)),
			   READ_ONCE(st->interrupts), READ_ONCE(st->heartbeat));
	}
	mutex_unlock(&ihk_lock);
	return 0;
}

/* A state the LWK wrote (enum ihk_lwk_proc_state), read once by the caller. */
static const char *ihk_lwk_state_name(const struct ihk_mc_proc *p, u32 state)
{
	if (p->closing)
		return "exiting";
	switch (state) {
	case IHK_PROC_CREATED:	return "created";
	case IHK_PROC_RUNNING:	return "running";
	case IHK_PROC_OFFLOAD:	return "offload";
	case IHK_PROC_SLEEPING:	return "sleeping";
	case IHK_PROC_EXITED:	return "exited";
	}
	return "unknown";
}

/*
 * The LWK's thread count, read once: it cannot have more than clone
 * allows (IHK_MC_MAX_THREADS), whatever a scribbled page says.
 */
static u32 ihk_proc_nr_threads(const struct ihk_mc_proc *p)
{
	return min_t(u32, READ_ONCE(p->status->nr_threads), IHK_MC_MAX_THREADS);
}

/*
 * osN/processes: the instance's mcexec processes. A header line
 *   pid linux_pid cpu rss state threads cpu_ns cmdline
 * then one line per process, fields separated by one space:
 *   pid        the LWK pid
 *   linux_pid  mcexec's pid (thread group id) in Linux
 *   cpu        the Linux number of the LWK CPU it runs on
 *   rss        bytes of LWK memory it holds
 *   state      created, running, offload (waiting for an offloaded
 *              syscall), sleeping, exited (waiting for mcexec), or
 *              exiting (mcexec is gone, the LWK is releasing it)
 *   threads    its live threads (at most IHK_MC_MAX_THREADS)
 *   cpu_ns     CPU time its threads used on the LWK, ended ones too (as
 *              of the LWK's last refresh, at most a heartbeat old)
 *   cmdline    the rest of the line: its arguments separated by spaces,
 *              control characters shown as '?', ending in "..." if cut
 * so `awk 'NR > 1 { print $1, $4 }'` prints each pid and rss.
 */
static int ihk_os_processes_show(struct seq_file *m, void *v)
{
	struct ihk_os *os = m->private;
	struct ihk_mc_proc *p;

	seq_puts(m, "pid linux_pid cpu rss state threads cpu_ns cmdline\n");
	spin_lock_irq(&os->mc.lock);
	/* Entries on the list have live status pages: down takes them off. */
	list_for_each_entry(p, &os->mc.procs, list) {
		if (!p->status)
			continue;
		seq_printf(m, "%d %d %d %llu %s %u %llu %s%s\n", p->pid, p->linux_pid,
			   p->linux_cpu, READ_ONCE(p->status->rss_bytes),
			   ihk_lwk_state_name(p, READ_ONCE(p->status->state)),
			   ihk_proc_nr_threads(p), READ_ONCE(p->status->cpu_ns),
			   p->cmdline, p->cmdline_cut ? "..." : "");
	}
	spin_unlock_irq(&os->mc.lock);
	return 0;
}

/*
 * osN/threads: the threads of those processes, for `ihkosctl N ps -L`.
 * A header line
 *   pid tid cpu state cpu_ns
 * then one line per thread, each process's main thread first:
 *   pid     the LWK pid of its process
 *   tid     its tid (the Linux tid of the mcexec thread that serves it)
 *   cpu     the Linux number of its LWK CPU, -1 if the LWK named none
 *   state   as in processes, of this thread alone
 *   cpu_ns  CPU time it used on the LWK (at most a heartbeat old)
 * The LWK lists at most IHK_LWK_STATUS_THREADS threads of a process (the
 * first ones); each entry is read once and checked: a tid that is not
 * positive ends the process's list, a CPU index past the instance's is -1.
 */
static int ihk_os_threads_show(struct seq_file *m, void *v)
{
	struct ihk_os *os = m->private;
	struct ihk_mc_proc *p;
	u32 i, n, cpu_index;
	int tid, cpu;

	seq_puts(m, "pid tid cpu state cpu_ns\n");
	spin_lock_irq(&os->mc.lock);
	list_for_each_entry(p, &os->mc.procs, list) {
		if (!p->status)
			continue;
		n = min_t(u32, ihk_proc_nr_threads(p), IHK_LWK_STATUS_THREADS);
		for (i = 0; i < n; i++) {
			struct ihk_lwk_thread_status *t = &p->status->threads[i];

			tid = READ_ONCE(t->tid);
			if (tid <= 0)
				break;
			cpu_index = READ_ONCE(t->cpu_index);
			cpu = cpu_index < os->mc.nr_cpus ? os->lwk_cpu[cpu_index] : -1;
			seq_printf(m, "%d %d %d %s %llu\n", p->pid, tid, cpu,
				   ihk_lwk_state_name(p, READ_ONCE(t->state)),
				   READ_ONCE(t->cpu_ns));
		}
	}
	spin_unlock_irq(&os->mc.lock);
	return 0;
}

/**
 * ihk_procfs_add_os() - create /proc/ihk/osN and its files
 * @os: the new instance
 *
 * Context: process context, without ihk_lock (the files' readers take it,
 * and proc_remove() at destroy waits for them).
 * Return: 0, or -ENOMEM (nothing is left behind).
 */
int ihk_procfs_add_os(struct ihk_os *os)
{
	char name[16];

	snprintf(name, sizeof(name), "os%d", os->index);
	os->proc_dir = proc_mkdir(name, ihk_proc_root);
	if (!os->proc_dir)
		return -ENOMEM;
	if (!proc_create_single_data("status", 0444, os->proc_dir,
				     ihk_os_status_show, os) ||
	    !proc_create_single_data("cpus", 0444, os->proc_dir,
				     ihk_os_cpus_show, os) ||
	    !proc_create_single_data("memory", 0444, os->proc_dir,
				     ihk_os_memory_show, os) ||
	    !proc_create_single_data("lwk_cpus", 0444, os->proc_dir,
				     ihk_os_lwk_cpus_show, os) ||
	    !proc_create_single_data("processes", 0444, os->proc_dir,
				     ihk_os_processes_show, os) ||
	    !proc_create_single_data("threads", 0444, os->proc_dir,
				     ihk_os_threads_show, os)) {
		proc_remove(os->proc_dir);
		os->proc_dir = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * ihk_procfs_init() - create /proc/ihk with version and resources
 *
 * Return: 0, or -ENOMEM (nothing is left behind).
 */
int ihk_procfs_init(void)
{
	ihk_proc_root = proc_mkdir(IHK_PROC_DIR, NULL);
	if (!ihk_proc_root)
		return -ENOMEM;

	if (!proc_create_single("version", 0444, ihk_proc_root, ihk_version_show) ||
	    !proc_create_single("resources", 0444, ihk_proc_root, ihk_resources_show))
		goto err;
	return 0;
err:
	proc_remove(ihk_proc_root);
	ihk_proc_root = NULL;
	return -ENOMEM;
}

/**
 * ihk_procfs_exit() - remove /proc/ihk and everything under it
 */
void ihk_procfs_exit(void)
{
	proc_remove(ihk_proc_root);
	ihk_proc_root = NULL;
}
