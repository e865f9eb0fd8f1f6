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

/**
 * ihk_cpu_guard_init() - install the hotplug callback that guards reserved CPUs
 *
 * A reserved CPU is offline in Linux but may run LWK code; an admin writing
 * 1 to its sysfs online file would INIT it under the LWK. The prepare-stage
 * callback refuses every CPU in ihk_guarded_cpus with -EBUSY.
 *
 * Context: module init, process context.
 * Return: 0, or the negative error of cpuhp_setup_state_nocalls().
 */
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

/**
 * ihk_cpu_guard_exit() - remove the hotplug guard
 *
 * Called last at module exit, after ihk_cpu_release_all() has given every
 * CPU back, so no reserved CPU is left unguarded.
 *
 * Context: module exit, process context.
 */
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

/**
 * ihk_cpus_from_user_set() - convert a CPU set from user space to a cpumask
 * @set: the set as the ioctl passed it (bit N of mask[] is Linux CPU N)
 * @mask: filled with the CPUs of @set
 * @failed: set to the first CPU refused, or IHK_FAILED_NONE
 *
 * Every request names CPUs with the same fixed-size bitmap (abi.h), so the
 * check that each one exists is done here, once, before any caller acts.
 *
 * Context: any process context; touches only its arguments.
 * Return: 0; -ENODEV for a CPU Linux has no slot for (named in *@failed);
 * -EINVAL for an empty set.
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

/**
 * ihk_cpus_to_user_mask() - write a cpumask as the ABI's bitmap
 * @mask: kernel CPU mask
 * @words: IHK_CPU_WORDS words, cleared and then filled
 *
 * CPUs beyond IHK_MAX_CPUS are left out: the ABI cannot name them, and no
 * request can have reserved them.
 */
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

/**
 * ihk_cpu_reserve() - take CPUs away from Linux (IHK_RESERVE_CPU)
 * @set: the CPUs; @set->failed names the one that made it fail
 *
 * All or nothing: every CPU is checked first (not CPU 0, not already ours,
 * online), then each goes offline with remove_cpu() and is guarded. If one
 * cannot go offline, those already taken come back online.
 *
 * Context: process context, sleeps (CPU hotplug); caller holds ihk_lock.
 * Return: 0; -EINVAL (CPU 0 or an empty set), -EEXIST (already reserved),
 * -EALREADY (offline), -ENODEV (no such CPU), -EAGAIN (hotplug busy) or
 * remove_cpu()'s error.
 */
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

/**
 * ihk_cpu_release() - give reserved CPUs back to Linux (IHK_RELEASE_CPU)
 * @set: the CPUs; @set->failed names the one that made it fail
 *
 * A CPU an instance still has is refused, so an LWK never loses a CPU it
 * may be running on. A CPU Linux cannot bring back stays reserved (and
 * guarded) rather than being lost in between.
 *
 * Context: process context, sleeps (CPU hotplug); caller holds ihk_lock.
 * Return: 0; -ENOENT (not reserved), -EBUSY (assigned to an instance),
 * -ENODEV, -EINVAL, -EAGAIN (hotplug busy) or add_cpu()'s error.
 */
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

/**
 * ihk_cpu_query() - report the reserved and the assigned CPUs
 * @q: filled with both masks
 *
 * Context: caller holds ihk_lock, so the two masks agree.
 */
void ihk_cpu_query(struct ihk_cpu_query *q)
{
	ihk_cpus_to_user_mask(&ihk_reserved_cpus, q->reserved);
	ihk_cpus_to_user_mask(&ihk_assigned_cpus, q->assigned);
}

/**
 * ihk_cpu_assign() - give reserved CPUs to an instance (IHK_OS_ASSIGN_CPU)
 * @os_cpus: the instance's mask, extended
 * @set: the CPUs; @set->failed names the one refused
 *
 * All or none: each CPU must be reserved and free, so no CPU ever belongs
 * to two instances.
 *
 * Context: caller holds ihk_lock; the instance is not booted.
 * Return: 0; -ENOENT (not reserved or nonexistent), -EBUSY (assigned
 * elsewhere), -EINVAL (empty set).
 */
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

/**
 * ihk_cpu_unassign() - take CPUs back from an instance into the reserve
 * @os_cpus: the instance's mask, reduced
 * @set: the CPUs; each must belong to the instance
 *
 * Context: caller holds ihk_lock; the instance is not booted.
 * Return: 0; -ENOENT for a CPU the instance does not have (named in
 * @set->failed); -EINVAL for an empty set.
 */
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

/**
 * ihk_cpu_unassign_all() - put every CPU of an instance back in the reserve
 * @os_cpus: the instance's mask, cleared
 *
 * Used by destroy, after the LWK is stopped, so the CPUs stay offline in
 * Linux and may go to another instance.
 *
 * Context: caller holds ihk_lock.
 */
void ihk_cpu_unassign_all(cpumask_t *os_cpus)
{
	cpumask_andnot(&ihk_assigned_cpus, &ihk_assigned_cpus, os_cpus);
	cpumask_clear(os_cpus);
}

/**
 * ihk_cpu_release_all() - bring every reserved CPU back online (module exit)
 *
 * No instance exists at module exit (each one pins the module), so nothing
 * is assigned and every reserved CPU can go back to Linux.
 *
 * Context: module exit; caller holds ihk_lock.
 */
void ihk_cpu_release_all(void)
{
	int cpu;

	for_each_cpu(cpu, &ihk_reserved_cpus) {
		if (ihk_cpu_return(cpu))
			pr_err("ihk: CPU %d could not be brought back online\n", cpu);
	}
	cpumask_clear(&ihk_reserved_cpus);
}
