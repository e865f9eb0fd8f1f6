// SPDX-License-Identifier: GPL-2.0
/*
 * ikc_map: which Linux CPU each LWK CPU's notifications go to (abi.h,
 * IHK_OS_IKC_MAP_SET/GET). The admin's choices are stored per instance
 * (os->ikc_map, under ihk_lock) and kept across shutdown and boot; an LWK
 * CPU without one, or whose choice is not an online Linux CPU at boot,
 * gets the default: the instance's CPUs dealt round-robin over the usable
 * Linux CPUs, so notifications do not all land on CPU 0. The master
 * channel goes wherever cpus[0]'s channel goes.
 */
#include <linux/cpu.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ikc_priv.h"

/**
 * ihk_ikc_cpu_usable() - whether a Linux CPU may receive notification IRQs
 * @cpu: the Linux CPU
 *
 * Context: caller holds ihk_lock or the hotplug lock, so the answer holds.
 * Return: true for an online CPU that no instance can take.
 */
bool ihk_ikc_cpu_usable(int cpu)
{
	return cpu >= 0 && cpu < nr_cpu_ids && cpu_online(cpu) &&
	       !cpumask_test_cpu(cpu, &ihk_reserved_cpus);
}

/* The @index-th usable CPU, counting round and round; -1 if none. */
static int ihk_ikc_default_cpu(unsigned int index)
{
	unsigned int n = 0, want;
	int cpu;

	for_each_online_cpu(cpu)
		if (ihk_ikc_cpu_usable(cpu))
			n++;
	if (!n)
		return -1;
	want = index % n;
	for_each_online_cpu(cpu)
		if (ihk_ikc_cpu_usable(cpu) && !want--)
			return cpu;
	return -1;
}

static struct ihk_ikc_map_entry *ihk_ikc_map_find(struct ihk_os *os, int lwk_cpu)
{
	unsigned int i;

	for (i = 0; i < os->ikc_map_nr; i++)
		if (os->ikc_map[i].lwk_cpu == lwk_cpu)
			return &os->ikc_map[i];
	return NULL;
}

/**
 * ihk_ikc_map_target() - the Linux CPU an LWK CPU notifies at boot
 * @os: the instance
 * @lwk_cpu: the LWK CPU, by its Linux number
 * @index: its index in the instance, for the round-robin default
 *
 * The admin's stored choice if that CPU is usable now, else the default:
 * the instance's CPUs dealt round-robin over the usable CPUs, so the
 * notifications do not all land on CPU 0.
 *
 * Context: caller holds ihk_lock.
 * Return: a Linux CPU number, or -1 if no CPU is usable.
 */
int ihk_ikc_map_target(struct ihk_os *os, int lwk_cpu, unsigned int index)
{
	struct ihk_ikc_map_entry *e = ihk_ikc_map_find(os, lwk_cpu);

	if (e && ihk_ikc_cpu_usable(e->linux_cpu))
		return e->linux_cpu;
	return ihk_ikc_default_cpu(index);
}

/**
 * ihk_ikc_map_prune() - drop stored map entries of CPUs the instance lost
 * @os: the instance, after a CPU release
 *
 * Context: caller holds ihk_lock.
 */
void ihk_ikc_map_prune(struct ihk_os *os)
{
	unsigned int i, n = 0;

	for (i = 0; i < os->ikc_map_nr; i++)
		if (cpumask_test_cpu(os->ikc_map[i].lwk_cpu, &os->cpus))
			os->ikc_map[n++] = os->ikc_map[i];
	os->ikc_map_nr = n;
}

static void ihk_ikc_map_get(struct ihk_os *os, struct ihk_ikc_map *map)
{
	struct ihk_ikc *ikc = os->ikc;
	unsigned int i = 0;
	int cpu;

	mutex_lock(&ihk_ikc_mutex);
	for_each_cpu(cpu, &os->cpus) {
		struct ihk_ikc_chan *chan = NULL;

		if (i == IHK_LWK_MAX_CPUS)
			break;
		if (ikc && i < os->nr_lwk_cpus && os->lwk_cpu[i] == cpu)
			chan = &ikc->chan[IKC_CPU_CHANNEL(i)];
		map->entry[i].lwk_cpu = cpu;
		map->entry[i].linux_cpu = chan && chan->irq ? chan->irq->cpu :
					  ihk_ikc_map_target(os, cpu, i);
		i++;
	}
	mutex_unlock(&ihk_ikc_mutex);
	map->nr = i;
}

/* 0 if @map can be applied to @os, else why, with the entry in failed. */
static int ihk_ikc_map_check(struct ihk_os *os, struct ihk_ikc_map *map)
{
	unsigned int i, j;

	for (i = 0; i < map->nr; i++) {
		const struct ihk_ikc_map_entry *e = &map->entry[i];

		map->failed = i;
		if (e->lwk_cpu < 0 || e->lwk_cpu >= nr_cpu_ids ||
		    !cpumask_test_cpu(e->lwk_cpu, &os->cpus))
			return -ENOENT;
		for (j = 0; j < i; j++)
			if (map->entry[j].lwk_cpu == e->lwk_cpu)
				return -EINVAL;
		if (!ihk_ikc_cpu_usable(e->linux_cpu))
			return -ENODEV;
	}
	map->failed = IHK_FAILED_NONE;
	return 0;
}

static int ihk_ikc_lwk_index(struct ihk_os *os, int cpu)
{
	unsigned int i;

	for (i = 0; i < os->nr_lwk_cpus; i++)
		if (os->lwk_cpu[i] == cpu)
			return i;
	return -1;
}

/*
 * A running LWK: every target's IRQ first, so a failure changes nothing,
 * then switch the channels over and free the IRQs left unused.
 */
static int ihk_ikc_map_apply(struct ihk_os *os, struct ihk_ikc_map *map)
{
	struct ihk_ikc *ikc = os->ikc;
	struct ihk_ikc_irq *ii;
	unsigned int i;
	int idx, ret = 0;

	mutex_lock(&ihk_ikc_mutex);
	for (i = 0; i < map->nr; i++) {
		ii = ihk_ikc_irq_get(ikc, map->entry[i].linux_cpu);
		if (IS_ERR(ii)) {
			map->failed = i;
			ret = PTR_ERR(ii);
			goto out;
		}
	}
	for (i = 0; i < map->nr; i++) {
		idx = ihk_ikc_lwk_index(os, map->entry[i].lwk_cpu);
		if (WARN_ON(idx < 0))
			continue;
		ii = ihk_ikc_irq_get(ikc, map->entry[i].linux_cpu);
		ihk_ikc_retarget(&ikc->chan[IKC_CPU_CHANNEL(idx)], ii);
		if (idx == 0)
			ihk_ikc_retarget(&ikc->chan[IKC_MASTER_CHANNEL], ii);
	}
out:
	ihk_ikc_irq_put_unused(ikc);
	mutex_unlock(&ihk_ikc_mutex);
	return ret;
}

/* Room for the entries of @map that are new to the stored map? */
static int ihk_ikc_map_room(struct ihk_os *os, const struct ihk_ikc_map *map)
{
	unsigned int i, fresh = 0;

	for (i = 0; i < map->nr; i++)
		if (!ihk_ikc_map_find(os, map->entry[i].lwk_cpu))
			fresh++;
	return os->ikc_map_nr + fresh > IHK_LWK_MAX_CPUS ? -E2BIG : 0;
}

static void ihk_ikc_map_store(struct ihk_os *os, const struct ihk_ikc_map *map)
{
	struct ihk_ikc_map_entry *e;
	unsigned int i;

	for (i = 0; i < map->nr; i++) {
		e = ihk_ikc_map_find(os, map->entry[i].lwk_cpu);
		if (!e)
			e = &os->ikc_map[os->ikc_map_nr++];
		*e = map->entry[i];
	}
}

static long ihk_ikc_map_set(struct ihk_os *os, struct ihk_ikc_map *map)
{
	long ret;

	if (map->nr > IHK_LWK_MAX_CPUS)
		return -EINVAL;
	mutex_lock(&ihk_lock);
	/* The CPUs we check stay online until the IRQs are on them. */
	cpus_read_lock();
	ret = os->dead ? -ENODEV : ihk_ikc_map_check(os, map);
	if (!ret)
		ret = ihk_ikc_map_room(os, map);
	if (!ret && os->ikc)
		ret = ihk_ikc_map_apply(os, map);
	if (!ret)
		ihk_ikc_map_store(os, map);
	cpus_read_unlock();
	mutex_unlock(&ihk_lock);
	return ret;
}

/**
 * ihk_os_ikc_map_get() - the notification map of an instance (IHK_OS_IKC_MAP_GET)
 * @os: the instance
 * @arg: struct ihk_ikc_map, filled: one entry per CPU of the instance
 *
 * Open to everyone the node lets in: it tells where IRQs go, nothing more.
 *
 * Context: process context; takes ihk_lock.
 * Return: 0; -ENODEV, -ENOMEM, -EFAULT.
 */
long ihk_os_ikc_map_get(struct ihk_os *os, void __user *arg)
{
	struct ihk_ikc_map *map;
	long ret = 0;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	mutex_lock(&ihk_lock);
	if (os->dead)
		ret = -ENODEV;
	else
		ihk_ikc_map_get(os, map);
	mutex_unlock(&ihk_lock);
	map->failed = IHK_FAILED_NONE;
	if (copy_to_user(arg, map, sizeof(*map)))
		ret = -EFAULT;
	kfree(map);
	return ret;
}

/**
 * ihk_os_ikc_map_set() - change where LWK CPUs notify (IHK_OS_IKC_MAP_SET)
 * @os: the instance
 * @arg: struct ihk_ikc_map; its failed field names the entry refused
 *
 * All or nothing, on a running LWK at once (every target IRQ is allocated
 * before any channel switches), and stored for the next boot.
 *
 * Context: process context, sleeps; takes ihk_lock, cpus_read_lock() and
 * ihk_ikc_mutex. CAP_SYS_ADMIN is checked by the ioctl table.
 * Return: 0; -ENOENT (not a CPU of the instance), -EINVAL (a CPU named
 * twice, or too many entries), -ENODEV (the Linux CPU is not usable, or
 * the instance is destroyed), -E2BIG (no room to store it), -EFAULT, or
 * an IRQ allocation error.
 */
long ihk_os_ikc_map_set(struct ihk_os *os, void __user *arg)
{
	struct ihk_ikc_map *map;
	long ret;

	map = memdup_user(arg, sizeof(*map));
	if (IS_ERR(map))
		return PTR_ERR(map);
	map->failed = IHK_FAILED_NONE;
	ret = ihk_ikc_map_set(os, map);
	if (copy_to_user(arg, map, sizeof(*map)))
		ret = -EFAULT;
	kfree(map);
	return ret;
}
