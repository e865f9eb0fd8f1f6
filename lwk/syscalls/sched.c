// SPDX-License-Identifier: GPL-2.0
/*
 * sched_yield, sched_getaffinity, sched_setaffinity, getcpu.
 *
 * A thread may run on any LWK CPU of the instance unless its affinity
 * says otherwise; a new thread takes its creator's mask and goes to the
 * least loaded CPU in it (clone.c). Masks name CPUs by their Linux
 * number (params cpus[i].linux_cpu), not the LWK's index i: the program
 * lives in Linux's world, where every CPU number it can meet means a
 * Linux CPU (/proc/cpuinfo and /sys read through mcexec, hwloc, MPI
 * launchers binding ranks, `ihkosctl ps` and IHK_MC_CREATE's cpu). So
 * runtimes that size thread pools from the mask (OpenMP) see the LWK
 * CPUs they really have.
 *
 * A new mask takes effect when the thread next returns to user mode: if
 * its CPU is no longer in it, it moves to the least loaded one that is
 * (proc_return_to_user()). The calls reach the threads of the caller's
 * own process; another LWK process's mask is its main thread's to read,
 * and not ours to change (-EPERM).
 */
#include <asm/percpu.h>
#include <lwk/errno.h>
#include <lwk/kernel.h>
#include <lwk/process.h>
#include <lwk/sched.h>
#include <lwk/proc.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include "handlers.h"

/* Linux's cpumask_size() for CPU numbers below 8192 (more: EINVAL). */
#define LINUX_MASK_MAX	(8192 / 8)

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

static uint32_t linux_cpu_of(unsigned int cpu)
{
	return boot_params->cpus[cpu].linux_cpu;
}

/*
 * The mask of thread @tid of the caller's process, or of process @pid's
 * main thread: 0, -ESRCH. Another process: @other set.
 */
static int read_mask(int32_t pid, struct lwk_cpumask *m)
{
	struct lwk_thread *t = current_thread();
	struct lwk_proc *p = to_proc(t->proc);
	struct lwk_process *other;
	struct lwk_thread *found;
	uint64_t flags;

	if (pid < 0)
		return -ESRCH;
	if (!pid || pid == t->tid) {
		*m = t->affinity;
		return 0;
	}
	flags = proc_lock(p);
	found = thread_find(p, pid);
	if (found)
		*m = found->affinity;
	proc_unlock(p, flags);
	if (found)
		return 0;
	other = process_get(pid);
	if (!other)
		return -ESRCH;
	*m = to_proc(other)->thread.affinity;
	process_put(other);
	return 0;
}

SYSCALL_DEFINE3(sched_getaffinity, int32_t, pid, uint32_t, len,
		uint64_t, umask)
{
	uint32_t nr = linux_nr_cpu_ids();
	uint32_t size = (nr + 63) / 64 * 8;		/* cpumask_size() */
	uint8_t out[LINUX_MASK_MAX];
	struct lwk_cpumask m;
	unsigned int c;
	int err;

	/* Linux's checks, in its order */
	if ((uint64_t)len * 8 < nr)
		return -EINVAL;
	if (len & 7)
		return -EINVAL;
	if (size > sizeof(out))
		return -EINVAL;
	err = read_mask(pid, &m);
	if (err)
		return err;
	memset(out, 0, size);
	for (c = 0; c < nr_cpus; c++) {
		uint32_t lc = linux_cpu_of(c);

		if (lwk_cpumask_has(&m, c) && READ_ONCE(percpu_area[c].online) &&
		    lc < size * 8)
			out[lc / 8] |= 1u << (lc % 8);
	}
	size = MIN(len, size);
	if (copy_to_user(umask, out, size))
		return -EFAULT;
	return size;
}

/*
 * Linux reads min(len, cpumask_size()) bytes, the rest is zero, keeps
 * the CPUs it can run on, and refuses a mask with none (-EINVAL).
 */
SYSCALL_DEFINE3(sched_setaffinity, int32_t, pid, uint32_t, len,
		uint64_t, umask)
{
	struct lwk_thread *t = current_thread(), *target;
	struct lwk_proc *p = to_proc(t->proc);
	uint32_t size = (linux_nr_cpu_ids() + 63) / 64 * 8;
	uint8_t in[LINUX_MASK_MAX];
	struct lwk_cpumask m;
	bool any = false;
	unsigned int c;
	uint64_t flags;

	if (pid < 0)
		return -ESRCH;
	if (size > sizeof(in))
		return -EINVAL;
	memset(in, 0, size);
	if (copy_from_user(in, umask, MIN(len, size)))
		return -EFAULT;
	memset(&m, 0, sizeof(m));
	for (c = 0; c < nr_cpus; c++) {
		uint32_t lc = linux_cpu_of(c);

		if (lc < size * 8 && (in[lc / 8] >> (lc % 8)) & 1 &&
		    READ_ONCE(percpu_area[c].online)) {
			m.bits[c / 64] |= 1ULL << (c % 64);
			any = true;
		}
	}
	flags = proc_lock(p);
	target = !pid || pid == t->tid ? t : thread_find(p, pid);
	if (target && any)
		target->affinity = m;
	proc_unlock(p, flags);
	if (!target)
		return process_find(pid) ? -EPERM : -ESRCH;
	return any ? 0 : -EINVAL;
}

/* The LWK CPU the thread runs on, by its Linux number, and its node. */
SYSCALL_DEFINE3(getcpu, uint64_t, ucpu, uint64_t, unode, uint64_t, unused)
{
	unsigned int cpu = current_thread()->cpu;
	uint32_t lc = linux_cpu_of(cpu);
	int node = percpu_area[cpu].node;
	uint32_t n = node < 0 ? 0 : (uint32_t)node;

	(void)unused;
	if (ucpu && copy_to_user(ucpu, &lc, sizeof(lc)))
		return -EFAULT;
	if (unode && copy_to_user(unode, &n, sizeof(n)))
		return -EFAULT;
	return 0;
}
