/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of ihk.ko. Not ABI. */
#ifndef IHK_INTERNAL_H
#define IHK_INTERNAL_H

#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/apic.h>

#include <ihk/abi.h>
#include <ihk/boot.h>
#include <ihk/ikc.h>

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

struct ihk_ikc;
struct ihk_ikc_chan;
struct ikc_msg;

/**
 * typedef ihk_ikc_handler_t - a client's handler for one message class
 * @chan: the channel the message came on (opaque outside ikc*.c)
 * @index: that channel's index (IKC_MASTER_CHANNEL, IKC_CPU_CHANNEL(i))
 * @m: our own copy of the message; m->len is at most IKC_PAYLOAD_MAX,
 *     nothing else in it is checked
 * @data: what the client registered with it
 *
 * Called by the receive path in hard IRQ or with interrupts off, holding
 * chan->rx_lock and the instance's client table lock for reading: it must
 * not sleep, and only copy and wake (ikc.c has the lock order).
 */
typedef void (*ihk_ikc_handler_t)(struct ihk_ikc_chan *chan,
				  unsigned int index,
				  const struct ikc_msg *m, void *data);

/**
 * struct ihk_ikc_clients - who takes each IKC message class of an instance
 * @lock: read by the receive path across a handler, written to (un)register
 * @cls: indexed by enum ikc_msg_class; .take NULL: no client
 */
struct ihk_ikc_clients {
	rwlock_t lock;
	struct {
		ihk_ikc_handler_t take;
		void *data;
	} cls[IKC_NR_CLASSES];
};

/* mc_*.c: the instance's mcexec processes (locking in mc_priv.h). */
struct ihk_mc_os {
	struct mutex mutex;		/* list membership */
	spinlock_t lock;		/* irq-safe: the IKC receive path takes it */
	bool up;			/* RUNNING since boot: messages may be sent */
	struct ihk_ikc *ikc;		/* while up */
	unsigned int nr_cpus;		/* LWK CPUs of this boot */
	struct list_head procs;		/* struct ihk_mc_proc */
	atomic64_t cookie;
};

struct ihk_os {
	int index;
	struct kref ref;	/* table slot, open files */
	bool dead;		/* being destroyed: refuse everything */
	/*
	 * Changed under ihk_lock, except RUNNING <-> HUNG, -> PANIC and -> FAILED, which
	 * the monitor work sets while it runs (shutdown stops it first).
	 */
	enum ihk_os_status status;
	cpumask_t cpus;
	void *image;		/* vmalloc'd copy of the LWK ELF */
	size_t image_size;
	char kargs[IHK_KARGS_MAX];
	char name[16];		/* "mcosN" */
	struct miscdevice misc;
	struct proc_dir_entry *proc_dir;

	/* Lives as long as the instance, so the console outlives the LWK. */
	struct ihk_lwk_shared *shared;
	/* From the last boot, under ihk_lock: LWK CPU index -> Linux CPU. */
	unsigned int nr_lwk_cpus;
	u16 lwk_cpu[IHK_LWK_MAX_CPUS];
	u32 lwk_apic[IHK_LWK_MAX_CPUS];
	int failed_cpu;		/* Linux CPU that did not start, or -1 */
	int panic_cpu;		/* Linux CPU that panicked, or -1 */

	/* ikc*.c: the channels while booted; the stored ikc_map (ihk_lock) */
	struct ihk_ikc *ikc;
	unsigned int ikc_map_nr;
	struct ihk_ikc_map_entry ikc_map[IHK_LWK_MAX_CPUS];
	/* ikc.c: one handler per message class, for the instance's life */
	struct ihk_ikc_clients ikc_clients;

	/* os_monitor.c: heartbeats seen, and when each last moved */
	struct delayed_work monitor;
	atomic_t corrupt;	/* ihk_os_mark_corrupt() since the last boot */
	u64 hb_seen[IHK_LWK_MAX_CPUS];
	unsigned long hb_moved[IHK_LWK_MAX_CPUS];

	struct ihk_mc_os mc;
};

/* A borrowed trampoline page (trampoline.c). */
struct ihk_trampoline {
	phys_addr_t phys;
	u8 *alias;		/* writable mapping of the page */
	void *backup;		/* its bytes before we wrote it */
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
int ihk_cpu_guard_init(void);
void ihk_cpu_guard_exit(void);

/* mem_reserve.c, under ihk_lock */
int ihk_mem_reserve(struct ihk_mem_request *req);
int ihk_mem_release(struct ihk_mem_request *req);
u32 ihk_mem_query(struct ihk_mem_chunk *out, u32 max);
int ihk_mem_assign(struct ihk_mem_request *req, int owner);
void ihk_mem_unassign(int owner);
void ihk_mem_release_all(void);

/* os_instance.c */
extern bool ihk_rebooting;	/* under ihk_lock: no boot from now on */
int ihk_reboot_notifier_init(void);
void ihk_reboot_notifier_exit(void);
int ihk_os_create(void);
int ihk_os_destroy(int index);
void ihk_os_list(struct ihk_os_list *list);
void ihk_os_put(struct ihk_os *os);
const char *ihk_os_status_name(enum ihk_os_status status);

/* os_boot.c, under ihk_lock */
int ihk_os_boot(struct ihk_os *os);
int ihk_os_shutdown(struct ihk_os *os);
void ihk_os_reset_now(struct ihk_os *os);
bool ihk_os_booted(struct ihk_os *os);
int ihk_os_request(struct ihk_os *os, enum ihk_lwk_request req);

/* os_debug.c, under ihk_lock, CAP_SYS_ADMIN checked */
long ihk_os_debug(struct ihk_os *os, unsigned long what);

/* os_monitor.c */
void ihk_monitor_init(struct ihk_os *os);
void ihk_monitor_start(struct ihk_os *os);
void ihk_monitor_stop(struct ihk_os *os);
int ihk_lwk_cpu_to_linux(struct ihk_os *os, u32 index);
unsigned int ihk_lwk_cpus_up(struct ihk_os *os);
void ihk_clock_base_write(struct ihk_os *os);
bool ihk_kmsg_broken(struct ihk_os *os);
void ihk_os_mark_corrupt(struct ihk_os *os, const char *what);

/* os_kmsg.c */
long ihk_os_kmsg_ioctl(struct ihk_os *os, void __user *arg);

/* lwk_cpu.c; notify is inline below */
void ihk_lwk_cpu_init(u32 apic_id);
void ihk_lwk_cpu_start(u32 apic_id, phys_addr_t trampoline);

/* Inline: every IKC send that wakes the LWK comes here. */
/**
 * ihk_lwk_cpu_notify() - send a fixed-vector IPI to an LWK CPU
 * @apic_id: its APIC id
 * @vector: the LWK's vector (IKC notification, request)
 *
 * Context: any context, including hard IRQ.
 */
static inline void ihk_lwk_cpu_notify(u32 apic_id, u8 vector)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_icr_write(APIC_DM_FIXED | vector, apic_id);
	safe_apic_wait_icr_idle();
	local_irq_restore(flags);
}

/* trampoline.c; the code itself is in trampoline_blob.S */
extern const u8 ihk_trampoline_blob[], ihk_trampoline_blob_end[];
int ihk_trampoline_borrow(struct ihk_trampoline *t,
			  const struct ihk_trampoline_data *data);
void ihk_trampoline_return(struct ihk_trampoline *t);

/* ikc*.c: IKC, the message channels (include/ihk/ikc.h) */
u64 ihk_ikc_area_size(unsigned int nr_cpus);
int ihk_ikc_setup(struct ihk_os *os, void *area, u64 size);
void ihk_ikc_close(struct ihk_os *os, int err);
void ihk_ikc_teardown(struct ihk_os *os);
bool ihk_ikc_broken(struct ihk_os *os);
void ihk_ikc_map_prune(struct ihk_os *os);
long ihk_ikc_ping(struct ihk_os *os, void __user *arg);
long ihk_ikc_stress(struct ihk_os *os, void __user *arg);
long ihk_os_ikc_map_get(struct ihk_os *os, void __user *arg);
long ihk_os_ikc_map_set(struct ihk_os *os, void __user *arg);
int ihk_ikc_init(void);
void ihk_ikc_exit(void);

/* ikc.c: the clients of IKC, one per message class */

/**
 * ihk_ikc_clients_init() - an empty client table for a new instance
 * @os: the instance, before anything registers or boots
 */
void ihk_ikc_clients_init(struct ihk_os *os);

/**
 * ihk_ikc_register() - become @os's client for message class @cls
 * @os: the instance
 * @cls: an enum ikc_msg_class
 * @take: called for every message of the class that comes from the LWK
 * @data: passed to @take
 *
 * Return: 0; -EINVAL for a class past IKC_NR_CLASSES or a NULL @take;
 * -EBUSY if the class already has a client.
 */
int ihk_ikc_register(struct ihk_os *os, unsigned int cls,
		     ihk_ikc_handler_t take, void *data);

/**
 * ihk_ikc_unregister() - stop being @os's client for class @cls
 * @os: the instance
 * @cls: the class registered with ihk_ikc_register()
 *
 * Waits for a handler of the class that is running; when this returns,
 * none runs or will run, and messages of the class are unexpected. May be
 * called from any context that may spin, but not from a handler.
 */
void ihk_ikc_unregister(struct ihk_os *os, unsigned int cls);

/**
 * ihk_ikc_ops_os_init() - register ping and stress (ikc_ops.c) with @os
 * @os: the instance being created
 *
 * They become its IKC client for IKC_CLASS_DIAG: PONG, STRESS and
 * STRESS_REPORT from the LWK reach the ping or stress waiting for them.
 *
 * Return: 0, or the error of ihk_ikc_register().
 */
int ihk_ikc_ops_os_init(struct ihk_os *os);

/**
 * ihk_ikc_ops_os_exit() - unregister ping and stress from @os
 * @os: the instance being destroyed
 */
void ihk_ikc_ops_os_exit(struct ihk_os *os);

/* ksyms.c */
void *ihk_ksym(const char *name);

/* mc_*.c: mcexec's processes (mc_priv.h) */
struct ihk_os_file;
int ihk_mc_init(void);
void ihk_mc_exit(void);

/**
 * ihk_mc_os_init() - set up @os's process service at instance creation
 * @os: the new instance
 *
 * Registers the service as the instance's IKC client for IKC_CLASS_PROC.
 *
 * Return: 0, or the error of ihk_ikc_register().
 */
int ihk_mc_os_init(struct ihk_os *os);

/**
 * ihk_mc_os_exit() - end @os's process service at instance destruction
 * @os: the instance, shut down (no process left)
 *
 * Unregisters its IKC client: no process message is taken afterwards.
 */
void ihk_mc_os_exit(struct ihk_os *os);
void ihk_mc_os_start(struct ihk_os *os);
void ihk_mc_os_down(struct ihk_os *os);
int ihk_mc_mmap(struct ihk_os_file *f, struct vm_area_struct *vma);
struct ihk_os_file *ihk_mc_file_open(struct ihk_os *os);
void ihk_mc_file_release(struct ihk_os_file *f);

/* os_dev.c */
extern const struct file_operations ihk_os_fops;
int ihk_os_lockdown(struct ihk_os *os, const char *what);

/* The ioctl tables of /dev/ihk (ctl_dev.c) and /dev/mcosN (os_dev.c). */
/**
 * struct ihk_ioctl - one command of a device's ioctl table
 * @cmd: the command number (include/ihk/abi.h)
 * @fn: its handler, given the open file and the raw argument
 * @needs_admin: the caller needs CAP_SYS_ADMIN, checked on every call
 */
struct ihk_ioctl {
	unsigned int cmd;
	long (*fn)(struct file *file, unsigned long arg);
	bool needs_admin;
};

/**
 * ihk_ioctl_call() - dispatch an ioctl through a device's table
 * @table: the device's ioctl table
 * @n: its number of entries
 * @file: the open device file, passed to the handler
 * @cmd: the ioctl command
 * @arg: its argument, passed to the handler unchanged
 *
 * Both devices dispatch here, so the permission model is the two tables.
 * needs_admin is checked on every call, not at open, so a file descriptor
 * passed on to an unprivileged process is not enough. An unknown command
 * is -EPERM for a caller without CAP_SYS_ADMIN, as it was before the
 * tables.
 *
 * Return: the handler's result; -EPERM for a needs_admin (or unknown)
 * command without CAP_SYS_ADMIN; -ENOTTY for an unknown command.
 */
static inline long ihk_ioctl_call(const struct ihk_ioctl *table, size_t n,
				  struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	const struct ihk_ioctl *t;

	for (t = table; t < table + n; t++) {
		if (t->cmd != cmd)
			continue;
		if (t->needs_admin && !capable(CAP_SYS_ADMIN))
			return -EPERM;
		return t->fn(file, arg);
	}
	return capable(CAP_SYS_ADMIN) ? -ENOTTY : -EPERM;
}

/* ctl_dev.c */
int ihk_ctl_dev_init(void);
void ihk_ctl_dev_exit(void);

/* procfs.c */
int ihk_procfs_init(void);
void ihk_procfs_exit(void);
int ihk_procfs_add_os(struct ihk_os *os);

#endif /* IHK_INTERNAL_H */
