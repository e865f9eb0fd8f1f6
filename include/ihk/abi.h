/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ABI shared by ihk.ko and its userspace (libihk, ihkconfig, ihkosctl, mcexec).
 * Everything here crosses the kernel/user boundary; keep it free of
 * kernel-internal types so the same header builds on both sides.
 *
 * Errors: every ioctl returns 0 or -1 with errno set. Requests that name
 * several CPUs or memory items report which one failed in `failed`
 * (index into the request, or the CPU number), so tools can say exactly
 * what was wrong. Reservations are all-or-nothing.
 */
#ifndef IHK_ABI_H
#define IHK_ABI_H

#if defined(__KERNEL__)
#include <linux/types.h>
#include <linux/ioctl.h>
#elif defined(IHK_LWK)
#include <lwk/types.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#define IHK_VERSION		"0.1.0"
/* Bumped whenever an ioctl number or struct layout below changes. */
#define IHK_ABI_VERSION		5

#define IHK_CTL_DEVICE		"ihk"		/* /dev/ihk, root only */
#define IHK_OS_DEVICE_FMT	"mcos%d"	/* /dev/mcosN, one per instance */
#define IHK_PROC_DIR		"ihk"		/* /proc/ihk/ */

#define IHK_MAX_CPUS		1024
#define IHK_LWK_MAX_CPUS_ABI	256	/* = IHK_LWK_MAX_CPUS (boot.h) */
#define IHK_CPU_WORDS		(IHK_MAX_CPUS / 64)
#define IHK_MAX_NODES		64
#define IHK_MAX_OS		32
#define IHK_MAX_MEM_ITEMS	64	/* items in one memory request */
#define IHK_MAX_CHUNKS		512	/* chunks reported by one query (ioctl size limit) */
#define IHK_KARGS_MAX		4096	/* kernel arguments, including the NUL */
#define IHK_IMAGE_MAX		(64u << 20)	/* largest LWK image accepted */
#define IHK_MEM_ALIGN		(2u << 20)	/* chunk size and alignment unit */

#define IHK_NODE_ANY		(-1)	/* memory item: any node */
#define IHK_SIZE_ALL		0	/* memory item: all that can be spared */

#define IHK_FAILED_NONE		(-1)	/* `failed` when nothing specific failed */

/* A set of CPUs, bit n = CPU n (common/cpumask.h works on it). */
struct ihk_cpu_set {
	uint64_t mask[IHK_CPU_WORDS];
	int32_t failed;		/* out: CPU that made the request fail */
	uint32_t pad;
};

struct ihk_mem_item {
	uint64_t size;		/* bytes, rounded up to IHK_MEM_ALIGN; or IHK_SIZE_ALL */
	int32_t node;		/* NUMA node, or IHK_NODE_ANY */
	uint32_t pad;
};

struct ihk_mem_request {
	uint32_t nr_items;
	int32_t failed;		/* out: index of the item that failed */
	struct ihk_mem_item items[IHK_MAX_MEM_ITEMS];
};

#define IHK_OWNER_POOL		(-1)	/* chunk reserved but not assigned */

struct ihk_mem_chunk {
	uint64_t phys;
	uint64_t size;
	int32_t node;
	int32_t owner;		/* instance index or IHK_OWNER_POOL */
};

struct ihk_mem_query {
	uint32_t nr_chunks;	/* out: how many chunks exist (may exceed max) */
	uint32_t pad;
	struct ihk_mem_chunk chunks[IHK_MAX_CHUNKS];
};

struct ihk_cpu_query {
	uint64_t reserved[IHK_CPU_WORDS];	/* taken from Linux */
	uint64_t assigned[IHK_CPU_WORDS];	/* of those, given to an instance */
};

enum ihk_os_status {
	IHK_OS_INACTIVE = 0,
	IHK_OS_BOOTING,
	IHK_OS_RUNNING,
	IHK_OS_SHUTDOWN,
	IHK_OS_PANIC,
	IHK_OS_HUNG,
	/*
	 * ihk.ko found the LWK's shared structures corrupted (an IKC ring,
	 * the console header) and stopped using them; shut it down.
	 */
	IHK_OS_FAILED,
};

struct ihk_os_list {
	uint32_t nr;
	uint32_t pad;
	int32_t index[IHK_MAX_OS];
	int32_t status[IHK_MAX_OS];	/* enum ihk_os_status */
};

struct ihk_os_info {
	int32_t index;
	int32_t status;			/* enum ihk_os_status */
	uint64_t cpus[IHK_CPU_WORDS];
	uint64_t mem_total;		/* bytes assigned */
	uint64_t mem_per_node[IHK_MAX_NODES];
	uint64_t image_size;		/* 0: no image loaded */
	char kargs[IHK_KARGS_MAX];
	/* while booted (else -1 / 0): */
	int32_t failed_cpu;		/* Linux CPU number that did not start */
	int32_t panic_cpu;		/* Linux CPU number that panicked */
	uint32_t cpus_up;		/* LWK CPUs reporting UP */
	uint32_t pad;
	uint64_t lwk_free;		/* free memory the LWK reports, bytes */
};

struct ihk_os_kargs {
	uint64_t str;			/* user pointer to the string */
	uint64_t len;			/* its length, without the NUL */
};

#define IHK_IOC_MAGIC		0xd1

/*
 * /dev/ihk: root only. Errors naming a CPU or item in `failed`:
 *   RESERVE_CPU  EINVAL CPU 0 (or empty set), ENODEV no such CPU,
 *                EEXIST already reserved, EALREADY offline in Linux already,
 *                other: remove_cpu() failed (its EBUSY reported as EAGAIN)
 *   RELEASE_CPU  ENOENT not reserved, EBUSY assigned to an instance,
 *                other: add_cpu() failed (EBUSY reported as EAGAIN)
 *   RESERVE_MEM  ENODEV no such node or no memory there, ENOMEM not that
 *                much can be spared
 *   RELEASE_MEM  exactly one item; EBUSY some of it is assigned (nothing
 *                released), ERANGE less than that is free, ENOENT nothing
 *                reserved there
 */
#define IHK_RESERVE_CPU		_IOWR(IHK_IOC_MAGIC, 0x01, struct ihk_cpu_set)
#define IHK_RELEASE_CPU		_IOWR(IHK_IOC_MAGIC, 0x02, struct ihk_cpu_set)
#define IHK_QUERY_CPU		_IOR(IHK_IOC_MAGIC, 0x03, struct ihk_cpu_query)
#define IHK_RESERVE_MEM		_IOWR(IHK_IOC_MAGIC, 0x04, struct ihk_mem_request)
/* An item with size IHK_SIZE_ALL releases every free chunk on its node
 * (or everywhere with IHK_NODE_ANY). */
#define IHK_RELEASE_MEM		_IOWR(IHK_IOC_MAGIC, 0x05, struct ihk_mem_request)
#define IHK_QUERY_MEM		_IOR(IHK_IOC_MAGIC, 0x06, struct ihk_mem_query)
#define IHK_CREATE_OS		_IO(IHK_IOC_MAGIC, 0x07)	/* returns the index */
#define IHK_DESTROY_OS		_IO(IHK_IOC_MAGIC, 0x08)	/* arg: the index */
#define IHK_LIST_OS		_IOR(IHK_IOC_MAGIC, 0x09, struct ihk_os_list)

/* /dev/mcosN: changes need CAP_SYS_ADMIN, queries do not */
#define IHK_OS_ASSIGN_CPU	_IOWR(IHK_IOC_MAGIC, 0x20, struct ihk_cpu_set)
#define IHK_OS_RELEASE_CPU	_IOWR(IHK_IOC_MAGIC, 0x21, struct ihk_cpu_set)
/* Items with IHK_SIZE_ALL take every free chunk (of the node). */
#define IHK_OS_ASSIGN_MEM	_IOWR(IHK_IOC_MAGIC, 0x22, struct ihk_mem_request)
#define IHK_OS_RELEASE_MEM	_IO(IHK_IOC_MAGIC, 0x23)	/* all of it */
#define IHK_OS_LOAD		_IO(IHK_IOC_MAGIC, 0x24)	/* arg: an fd open for reading */
#define IHK_OS_SET_KARGS	_IOW(IHK_IOC_MAGIC, 0x25, struct ihk_os_kargs)
#define IHK_OS_QUERY		_IOR(IHK_IOC_MAGIC, 0x26, struct ihk_os_info)

/*
 * IHK_OS_BOOT returns once every LWK CPU is up (status RUNNING) or fails:
 *   EBUSY      not INACTIVE or SHUTDOWN (shut it down first)
 *   ENOEXEC    no image loaded, or its segments do not fit the kernel window
 *   ENXIO      no CPU assigned (or more than the LWK supports: E2BIG)
 *   ENOSPC     no memory assigned, or no chunk holds image + boot data
 *   EOPNOTSUPP no trampoline page below 1 MiB could be found
 *   EDOM       Linux marked the TSC unstable: the LWK's clock needs one
 *   EIO        the LWK reported a failure (a CPU did not start, or a panic);
 *              the status says which and the kmsg has the details
 *   ETIMEDOUT  the LWK did not come up in time (module parameter
 *              boot_timeout_ms)
 * On failure the LWK CPUs are INITed and the instance can boot again.
 */
#define IHK_OS_BOOT		_IO(IHK_IOC_MAGIC, 0x27)
/* Stop the LWK and INIT its CPUs; EALREADY if it is not booted. */
#define IHK_OS_SHUTDOWN		_IO(IHK_IOC_MAGIC, 0x28)

/*
 * Read the LWK console. pos is an absolute byte position (0 = oldest byte
 * still kept); on return pos is just after the last byte copied, got the
 * bytes copied and lost the bytes between the old pos and the oldest byte
 * still kept (overwritten). got == 0: nothing new. Open to every user.
 */
struct ihk_os_kmsg {
	uint64_t buf;		/* user pointer */
	uint64_t len;		/* its size */
	uint64_t pos;		/* in/out */
	uint64_t got;		/* out */
	uint64_t lost;		/* out */
};

#define IHK_OS_KMSG		_IOWR(IHK_IOC_MAGIC, 0x29, struct ihk_os_kmsg)

/*
 * Debug requests for tests (CAP_SYS_ADMIN); the instance must be RUNNING
 * (else EBUSY). The CORRUPT ones make the LWK scribble, as a stray write
 * of a buggy LWK would, on what it shares with Linux, and go on running;
 * the ioctl returns once the LWK has done it (ETIMEDOUT if it did not
 * within a second). ihk.ko must survive each and mark the instance FAILED
 * where it can tell; shutdown and destroy must return everything.
 */
enum ihk_os_debug {
	IHK_DEBUG_PANIC = 1,	/* the LWK faults in its kernel on purpose */
	IHK_DEBUG_HANG,		/* every LWK CPU stops its timer and halts */
	/* nr_slots, slot_size, head and tail of both rings of cpus[0]'s channel */
	IHK_DEBUG_CORRUPT_RING,
	/* the seq of the next to_linux slot of that channel runs ahead; Linux is notified */
	IHK_DEBUG_CORRUPT_SLOT_RX,
	/* the seq of the next to_lwk slot of that channel runs ahead */
	IHK_DEBUG_CORRUPT_SLOT_TX,
	/* to_linux messages of that channel with wild len and type fields */
	IHK_DEBUG_CORRUPT_MSG,
	/* the console ring header: size 2 GiB, positions far ahead */
	IHK_DEBUG_CORRUPT_KMSG,
	/* every process status page: pml4_phys, state, rss_bytes */
	IHK_DEBUG_CORRUPT_PROC,
};

#define IHK_DEBUG_CORRUPT_FIRST	IHK_DEBUG_CORRUPT_RING
#define IHK_DEBUG_CORRUPT_LAST	IHK_DEBUG_CORRUPT_PROC

#define IHK_OS_DEBUG		_IO(IHK_IOC_MAGIC, 0x2a)	/* arg: enum ihk_os_debug */

/*
 * IKC. Which Linux CPU each LWK CPU's notifications go to (by CPU number:
 * lwk_cpu is a Linux CPU number assigned to the instance, linux_cpu an
 * online Linux CPU not reserved). SET takes a complete or partial map
 * (entries not named keep their target) and works whether or not the LWK
 * runs; it takes effect at once. Errors, with the entry in `failed`:
 * ENOENT lwk_cpu is not the instance's, ENODEV linux_cpu is not an online
 * Linux CPU, EINVAL an LWK CPU named twice or nr out of range.
 * GET returns one entry per CPU of the instance (the default spreads them
 * over the online Linux CPUs).
 */
struct ihk_ikc_map_entry {
	int32_t lwk_cpu;
	int32_t linux_cpu;
};

struct ihk_ikc_map {
	uint32_t nr;
	int32_t failed;			/* out: index into entry[] */
	struct ihk_ikc_map_entry entry[IHK_LWK_MAX_CPUS_ABI];
};

#define IHK_OS_IKC_MAP_SET	_IOWR(IHK_IOC_MAGIC, 0x30, struct ihk_ikc_map)
#define IHK_OS_IKC_MAP_GET	_IOR(IHK_IOC_MAGIC, 0x31, struct ihk_ikc_map)

/*
 * Round trips to one LWK CPU: count PING messages of size payload bytes
 * (0..104), one at a time; samples[i] gets the i-th round trip in ns.
 * Open to every user (a health check). The instance must be RUNNING
 * (else EBUSY); ENOENT cpu is not the instance's, EINVAL count 0 or above
 * IHK_PING_MAX, size too big. If an answer does not come within
 * timeout_ms: ETIMEDOUT with `answered` saying how many did.
 */
#define IHK_PING_MAX		1000000

struct ihk_ikc_ping {
	int32_t cpu;			/* Linux CPU number of the LWK CPU */
	uint32_t count;
	uint32_t size;
	uint32_t timeout_ms;		/* per message */
	uint64_t samples;		/* user pointer to uint64_t[count] */
	uint32_t answered;		/* out */
	uint32_t pad;
};

#define IHK_OS_IKC_PING		_IOWR(IHK_IOC_MAGIC, 0x32, struct ihk_ikc_ping)

/*
 * Stress one LWK CPU's channel: count messages each way at once, every one
 * checked (CAP_SYS_ADMIN; RUNNING). Returns when the LWK's report is in,
 * or ETIMEDOUT if no message moved for timeout_ms.
 */
struct ihk_ikc_stress {
	int32_t cpu;			/* Linux CPU number of the LWK CPU */
	uint32_t timeout_ms;
	uint64_t count;
	/* out: Linux -> LWK as the LWK saw it */
	uint64_t lwk_received;
	uint64_t lwk_out_of_order;
	uint64_t lwk_bad_payload;
	/* out: LWK -> Linux as Linux saw it */
	uint64_t linux_received;
	uint64_t linux_out_of_order;
	uint64_t linux_bad_payload;
	uint64_t ipis_to_lwk;		/* notifications Linux sent meanwhile */
	uint64_t ipis_to_linux;		/* notifications Linux received meanwhile */
	uint64_t elapsed_ns;
};

#define IHK_OS_IKC_STRESS	_IOWR(IHK_IOC_MAGIC, 0x33, struct ihk_ikc_stress)

#endif /* IHK_ABI_H */
