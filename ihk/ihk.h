/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of ihk.ko. Not ABI. */
#ifndef IHK_INTERNAL_H
#define IHK_INTERNAL_H

#include <linux/cpumask.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>

#include <ihk/abi.h>

/*
 * ihk_lock serialises every change to the partition: the reserved CPUs and
 * memory, and the instance table with each instance's resources, image and
 * arguments. It is never taken under misc_mtx or by anything proc_remove()
 * or misc_deregister() wait for while we hold it, so those two are called
 * with it released.
 */
extern struct mutex ihk_lock;
extern struct proc_dir_entry *ihk_proc_root;

/* A physically contiguous, IHK_MEM_ALIGN-aligned range of reserved memory. */
struct ihk_chunk {
	struct list_head list;	/* in ihk_chunks, sorted by phys */
	phys_addr_t phys;
	u64 size;
	int node;
	int owner;		/* instance index or IHK_OWNER_POOL */
	bool fresh;		/* changed by the request in progress */
};

extern struct list_head ihk_chunks;

struct ihk_os {
	int index;
	struct kref ref;	/* table slot, open files */
	bool dead;		/* being destroyed: refuse everything */
	enum ihk_os_status status;
	cpumask_t cpus;
	void *image;		/* vmalloc'd copy of the LWK ELF */
	size_t image_size;
	char kargs[IHK_KARGS_MAX];
	char name[16];		/* "mcosN" */
	struct miscdevice misc;
	struct proc_dir_entry *proc_dir;
};

/* cpu_reserve.c, under ihk_lock */
extern cpumask_t ihk_reserved_cpus;
extern cpumask_t ihk_assigned_cpus;
int ihk_cpus_from_user_set(const struct ihk_cpu_set *set, cpumask_t *mask,
			   int *failed);
void ihk_cpus_to_user_mask(const cpumask_t *mask, u64 *words);
int ihk_cpu_reserve(struct ihk_cpu_set *set);
int ihk_cpu_release(struct ihk_cpu_set *set);
void ihk_cpu_query(struct ihk_cpu_query *q);
int ihk_cpu_assign(cpumask_t *os_cpus, struct ihk_cpu_set *set);
int ihk_cpu_unassign(cpumask_t *os_cpus, struct ihk_cpu_set *set);
void ihk_cpu_unassign_all(cpumask_t *os_cpus);
void ihk_cpu_release_all(void);

/* mem_reserve.c, under ihk_lock */
int ihk_mem_reserve(struct ihk_mem_request *req);
int ihk_mem_release(struct ihk_mem_request *req);
u32 ihk_mem_query(struct ihk_mem_chunk *out, u32 max);
int ihk_mem_assign(struct ihk_mem_request *req, int owner);
void ihk_mem_unassign(int owner);
void ihk_mem_release_all(void);

/* os_instance.c */
int ihk_os_create(void);
int ihk_os_destroy(int index);
void ihk_os_list(struct ihk_os_list *list);
void ihk_os_put(struct ihk_os *os);
const char *ihk_os_status_name(enum ihk_os_status status);

/* os_dev.c */
extern const struct file_operations ihk_os_fops;

/* ctl_dev.c */
int ihk_ctl_dev_init(void);
void ihk_ctl_dev_exit(void);

/* procfs.c */
int ihk_procfs_init(void);
void ihk_procfs_exit(void);
int ihk_procfs_add_os(struct ihk_os *os);

#endif /* IHK_INTERNAL_H */
