// SPDX-License-Identifier: GPL-2.0
/*
 * sched_yield, sched_getaffinity, sched_setaffinity.
 *
 * A process runs on one LWK CPU that no other process uses, with all its
 * threads: yielding lets the CPU's other runnable threads go first, and
 * its affinity is that one CPU. The mask names
 * it by its Linux CPU number (params cpus[i].linux_cpu), not the LWK's
 * index i: the program lives in Linux's world, where every CPU number it
 * can meet means a Linux CPU (/proc/cpuinfo and /sys read through mcexec,
 * hwloc, MPI launchers binding ranks, `ihkosctl ps` and IHK_MC_CREATE's
 * cpu). Index 0 would name Linux's CPU 0, a core the program does not
 * have. One bit also tells runtimes that size thread pools from the mask
 * (OpenMP) the truth: one core.
 */
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/process.h>
#include <lwk/sched.h>
#include <lwk/proc.h>
#include <lwk/uaccess.h>
#include "handlers.h"

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield_current();
	return 0;
}

/*
 * Linux's nr_cpu_ids as far as the LWK can tell: one more than the
 * highest CPU number Linux had online at boot or gave to the LWK.
 */
static uint32_t linux_nr_cpu_ids(void)
{
	uint32_t n = 0, i;

	for (i = 0; i < boot_params->nr_linux_cpus &&
		    i < IHK_LWK_MAX_LINUX_CPUS; i++)
		n = MAX(n, boot_params->linux_cpus[i].linux_cpu + 1);
	for (i = 0; i < boot_params->nr_cpus && i < IHK_LWK_MAX_CPUS; i++)
		n = MAX(n, boot_params->cpus[i].linux_cpu + 1);
	return n;
}

SYSCALL_DEFINE3(sched_getaffinity, int32_t, pid, uint32_t, len,
		uint64_t, umask)
{
	struct lwk_thread *t = current_thread();
	uint32_t cpu = boot_params->cpus[t->cpu].linux_cpu;
	uint32_t nr = linux_nr_cpu_ids();
	uint32_t size, retlen, off;
	uint64_t word;

	/* Linux's checks, in its order */
	if ((uint64_t)len * 8 < nr)
		return -EINVAL;
	if (len & 7)
		return -EINVAL;
	if (pid < 0)
		return -ESRCH;
	if (pid && pid != t->proc->pid && !thread_alive(t->proc, pid)) {
		/* the LWK does not track where another process runs yet */
		return process_find(pid) ? -EPERM : -ESRCH;
	}
	size = (nr + 63) / 64 * 8;			/* cpumask_size() */
	retlen = MIN(len, size);
	for (off = 0; off < retlen; off += 8) {
		word = cpu / 64 == off / 8 ? 1ULL << (cpu % 64) : 0;
		if (copy_to_user(umask + off, &word, sizeof(word)))
			return -EFAULT;
	}
	return retlen;
}

/*
 * A mask is accepted if it holds the process's CPU (the only one its
 * threads may use, for now), and changes nothing; one without it is
 * EINVAL, as Linux answers a mask with no CPU the thread may use.
 */
SYSCALL_DEFINE3(sched_setaffinity, int32_t, pid, uint32_t, len,
		uint64_t, umask)
{
	struct lwk_thread *t = current_thread();
	uint32_t cpu = boot_params->cpus[t->cpu].linux_cpu;
	uint32_t size = (linux_nr_cpu_ids() + 63) / 64 * 8;
	uint64_t word = 0;

	if (pid < 0)
		return -ESRCH;
	if (pid && pid != t->proc->pid && !thread_alive(t->proc, pid))
		return process_find(pid) ? -EPERM : -ESRCH;
	/* Linux reads min(len, cpumask_size()) bytes; the rest is zero. */
	if (cpu / 64 * 8 < MIN(len, size) &&
	    copy_from_user(&word, umask + cpu / 64 * 8,
			   MIN(8u, MIN(len, size) - cpu / 64 * 8)))
		return -EFAULT;
	return word & (1ULL << (cpu % 64)) ? 0 : -EINVAL;
}
