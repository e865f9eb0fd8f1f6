// SPDX-License-Identifier: GPL-2.0
/*
 * Taking CPUs away from Linux and giving them back. A reserved CPU is
 * offline in Linux (remove_cpu) and belongs to us until released; whether
 * an instance uses it is recorded in that instance's mask.
 *
 * Callers hold ihk_lock.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>

#include "ihk.h"

cpumask_t ihk_reserved_cpus;
cpumask_t ihk_assigned_cpus;	/* subset of ihk_reserved_cpus */

/*
 * Reserved CPUs Linux must not bring up behind our back (an admin writing
 * 1 to /sys/devices/system/cpu/cpuN/online would INIT a running LWK CPU).
 * A bit is cleared only around our own add_cpu(). The hotplug callback
 * reads it under the hotplug lock and cannot take ihk_lock; the bit
 * operations are atomic.
 */
static cpumask_t ihk_guarded_cpus;
static enum cpuhp_state ihk_guard_state;

static int ihk_cpu_guard_prepare(unsigned int cpu)
{
	if (!cpumask_test_cpu(cpu, &ihk_guarded_cpus))
		return 0;
	pr_info("ihk: CPU %u is reserved for an LWK; release it with ihkconfig first\n",
		cpu);
	return -EBUSY;
}

int ihk_cpu_guard_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "ihk:guard",
					ihk_cpu_guard_prepare, NULL);
	if (ret < 0)
		return ret;
	ihk_guard_state = ret;
	return 0;
}

void ihk_cpu_guard_exit(void)
{
	cpuhp_remove_state_nocalls(ihk_guard_state);
}

/* Bring a reserved CPU back to Linux, past our own guard. */
static int ihk_cpu_return(int cpu)
{
	int ret;

	cpumask_clear_cpu(cpu, &ihk_guarded_cpus);
	ret = add_cpu(cpu);
	if (ret)
		cpumask_set_cpu(cpu, &ihk_guarded_cpus);
	return ret;
}

/*
 * Scratch masks for requests: cpumask_t is 1 KiB with NR_CPUS=8192, too big
 * for the stack, and every caller holds ihk_lock anyway.
 */
static cpumask_t ihk_req_mask, ihk_req_done;

/*
 * Convert a user CPU set to a kernel mask. CPUs Linux has no slot for are
 * refused with -ENODEV, naming the first one in *@failed.
 */
int ihk_cpus_from_user_set(const struct ihk_cpu_set *set, cpumask_t *mask,
			   int *failed)
{
	int cpu;

	cpumask_clear(mask);
	*failed = IHK_FAILED_NONE;
	for (cpu = 0; cpu < IHK_MAX_CPUS; cpu++) {
		if (!(set->mask[cpu / 64] & BIT_ULL(cpu % 64)))
			continue;
		if (cpu >= nr_cpu_ids || !cpu_present(cpu)) {
			*failed = cpu;
			return -ENODEV;
		}
		cpumask_set_cpu(cpu, mask);
	}
	return cpumask_empty(mask) ? -EINVAL : 0;
}

void ihk_cpus_to_user_mask(const cpumask_t *mask, u64 *words)
{
	int cpu;

	memset(words, 0, IHK_CPU_WORDS * sizeof(u64));
	for_each_cpu(cpu, mask)
		if (cpu < IHK_MAX_CPUS)
			words[cpu / 64] |= BIT_ULL(cpu % 64);
}

/* Check everything before taking anything, so most refusals cost nothing. */
static int ihk_cpu_reserve_check(const cpumask_t *mask, int *failed)
{
	int cpu;

	for_each_cpu(cpu, mask) {
		*failed = cpu;
		if (cpu == 0)
			return -EINVAL;
		if (cpumask_test_cpu(cpu, &ihk_reserved_cpus))
			return -EEXIST;
		if (!cpu_online(cpu))
			return -EALREADY;
	}
	*failed = IHK_FAILED_NONE;
	return 0;
}

int ihk_cpu_reserve(struct ihk_cpu_set *set)
{
	cpumask_t *mask = &ihk_req_mask, *done = &ihk_req_done;
	int cpu, ret;

	ret = ihk_cpus_from_user_set(set, mask, &set->failed);
	if (ret)
		return ret;
	ret = ihk_cpu_reserve_check(mask, &set->failed);
	if (ret)
		return ret;

	cpumask_clear(done);
	for_each_cpu(cpu, mask) {
		ret = remove_cpu(cpu);
		if (ret) {
			/* Keep EBUSY unambiguous for callers: hotplug is busy. */
			if (ret == -EBUSY)
				ret = -EAGAIN;
			set->failed = cpu;
			goto err_rollback;
		}
		cpumask_set_cpu(cpu, done);
		cpumask_set_cpu(cpu, &ihk_guarded_cpus);
	}
	cpumask_or(&ihk_reserved_cpus, &ihk_reserved_cpus, mask);
	pr_info("ihk: reserved CPUs %*pbl\n", cpumask_pr_args(mask));
	return 0;

err_rollback:
	for_each_cpu(cpu, done)
		if (ihk_cpu_return(cpu))
			pr_err("ihk: CPU %d could not be brought back online\n", cpu);
	return ret;
}

/* Every CPU of @mask must be reserved and not given to an instance. */
static int ihk_cpu_check_unassigned(const cpumask_t *mask, int *failed)
{
	int cpu;

	for_each_cpu(cpu, mask) {
		*failed = cpu;
		if (!cpumask_test_cpu(cpu, &ihk_reserved_cpus))
			return -ENOENT;
		if (cpumask_test_cpu(cpu, &ihk_assigned_cpus))
			return -EBUSY;
	}
	*failed = IHK_FAILED_NONE;
	return 0;
}

int ihk_cpu_release(struct ihk_cpu_set *set)
{
	cpumask_t *mask = &ihk_req_mask;
	int cpu, ret;

	ret = ihk_cpus_from_user_set(set, mask, &set->failed);
	if (ret)
		return ret;
	ret = ihk_cpu_check_unassigned(mask, &set->failed);
	if (ret)
		return ret;

	/* A CPU Linux cannot take back stays reserved, so it is not lost. */
	for_each_cpu(cpu, mask) {
		ret = ihk_cpu_return(cpu);
		if (ret) {
			if (ret == -EBUSY)
				ret = -EAGAIN;
			set->failed = cpu;
			pr_err("ihk: CPU %d could not be brought back online: %d\n",
			       cpu, ret);
			return ret;
		}
		cpumask_clear_cpu(cpu, &ihk_reserved_cpus);
	}
	pr_info("ihk: released CPUs %*pbl\n", cpumask_pr_args(mask));
	return 0;
}

void ihk_cpu_query(struct ihk_cpu_query *q)
{
	ihk_cpus_to_user_mask(&ihk_reserved_cpus, q->reserved);
	ihk_cpus_to_user_mask(&ihk_assigned_cpus, q->assigned);
}

/* Give reserved, unassigned CPUs to an instance; all or none. */
int ihk_cpu_assign(cpumask_t *os_cpus, struct ihk_cpu_set *set)
{
	cpumask_t *mask = &ihk_req_mask;
	int ret;

	ret = ihk_cpus_from_user_set(set, mask, &set->failed);
	if (ret == -ENODEV)
		return -ENOENT;		/* no such CPU: certainly not reserved */
	if (ret)
		return ret;
	ret = ihk_cpu_check_unassigned(mask, &set->failed);
	if (ret)
		return ret;
	cpumask_or(os_cpus, os_cpus, mask);
	cpumask_or(&ihk_assigned_cpus, &ihk_assigned_cpus, mask);
	return 0;
}

int ihk_cpu_unassign(cpumask_t *os_cpus, struct ihk_cpu_set *set)
{
	cpumask_t *mask = &ihk_req_mask;
	int cpu, ret;

	ret = ihk_cpus_from_user_set(set, mask, &set->failed);
	if (ret == -ENODEV)
		return -ENOENT;
	if (ret)
		return ret;
	for_each_cpu(cpu, mask) {
		if (!cpumask_test_cpu(cpu, os_cpus)) {
			set->failed = cpu;
			return -ENOENT;
		}
	}
	cpumask_andnot(os_cpus, os_cpus, mask);
	cpumask_andnot(&ihk_assigned_cpus, &ihk_assigned_cpus, mask);
	return 0;
}

void ihk_cpu_unassign_all(cpumask_t *os_cpus)
{
	cpumask_andnot(&ihk_assigned_cpus, &ihk_assigned_cpus, os_cpus);
	cpumask_clear(os_cpus);
}

/* Module unload: every instance is gone, so nothing is assigned. */
void ihk_cpu_release_all(void)
{
	int cpu;

	for_each_cpu(cpu, &ihk_reserved_cpus) {
		if (ihk_cpu_return(cpu))
			pr_err("ihk: CPU %d could not be brought back online\n", cpu);
	}
	cpumask_clear(&ihk_reserved_cpus);
}
