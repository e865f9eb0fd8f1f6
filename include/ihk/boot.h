/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot contract between ihk.ko and the LWK image. Only physical
 * addresses cross from one kernel to the other; each side maps what it
 * needs in its own page tables.
 *
 * How the LWK gets going:
 *  1. ihk.ko picks the lowest assigned chunk with room for the image, its
 *     boot parameters and IHK_LWK_EARLY_BYTES; its start is kernel_phys.
 *     Each PT_LOAD segment (p_vaddr in [IHK_LWK_KERNEL_VIRT, +window)) is
 *     copied to kernel_phys + (p_vaddr - IHK_LWK_KERNEL_VIRT), the rest of
 *     p_memsz zeroed. struct ihk_boot_params goes at the next page after
 *     the highest segment.
 *  2. ihk.ko builds boot page tables below 4 GiB (4-level, 2 MiB pages):
 *     physical [0, 2 MiB) identity-mapped (the trampoline runs there) and
 *     [IHK_LWK_KERNEL_VIRT, +kernel_window) mapped to kernel_phys.
 *  3. It writes the trampoline into a page below 1 MiB, fills its
 *     struct ihk_trampoline_data, and sends INIT, SIPI, SIPI to cpus[0].
 *  4. The trampoline goes real mode -> protected mode -> long mode (CR4.PAE,
 *     EFER.LME|NXE, CR0.PG|PE; CR3 = data.cr3; interrupts off), loads
 *     RSP = data.stack (if non-zero), RDI = data.arg and jumps to data.entry.
 *     For cpus[0], entry is the ELF entry point and arg the virtual address
 *     of struct ihk_boot_params (inside the kernel window).
 *  5. The LWK starts cpus[1..] itself through the same trampoline (it
 *     rewrites entry/arg/stack before each SIPI; the page stays borrowed
 *     until boot completes), and reports progress in struct ihk_lwk_shared.
 *  6. ihk.ko waits until state is RUNNING with every CPU UP (or FAILED,
 *     PANIC, or its timeout), then restores the trampoline page.
 *     The LWK must not touch the trampoline page or the boot page tables
 *     once it has reported RUNNING.
 */
#ifndef IHK_BOOT_H
#define IHK_BOOT_H

#if defined(__KERNEL__)
#include <linux/types.h>
#elif defined(IHK_LWK)
#include <lwk/types.h>
#else
#include <stdint.h>
#endif

#include <ihk/abi.h>

#define IHK_LWK_KERNEL_VIRT	0xffffffff80000000ULL
#define IHK_LWK_KERNEL_WINDOW	(1ULL << 30)	/* most the boot tables map */
#define IHK_LWK_EARLY_BYTES	(4ULL << 20)	/* free after the params, for early page tables */

#define IHK_LWK_MAX_CPUS	IHK_LWK_MAX_CPUS_ABI	/* xAPIC ids are 8 bits */
#define IHK_LWK_MAX_LINUX_CPUS	256

/*
 * Every LWK image carries an ELF note (in a PT_NOTE segment) named
 * IHK_NOTE_NAME, type IHK_NOTE_BOOT, whose 4-byte descriptor is the
 * IHK_BOOT_VERSION it was built for; ihk.ko boots nothing else.
 */
#define IHK_NOTE_NAME		"IHK"
#define IHK_NOTE_BOOT		1

#define IHK_BOOT_MAGIC		0x31544f4f424b4849ULL	/* "IHKBOOT1" */
#define IHK_BOOT_VERSION	3

/* Vectors on LWK CPUs that Linux sends to. */
#define IHK_LWK_REQUEST_VECTOR	0xf0	/* "look at shared->request" */

/* ihk_boot_cpu.node of a CPU that Linux puts on no NUMA node */
#define IHK_BOOT_NO_NODE	0xffffffffu

struct ihk_boot_cpu {
	uint32_t apic_id;
	uint32_t linux_cpu;	/* the CPU's number in Linux, for messages */
	/*
	 * Linux's cpu_to_node() (chunk node numbers): the LWK allocates a
	 * process's memory from its CPU's node first.
	 */
	uint32_t node;
	uint32_t pad;
};

struct ihk_boot_chunk {
	uint64_t phys;
	uint64_t size;
	uint32_t node;
	uint32_t pad;
};

struct ihk_boot_linux_cpu {
	uint32_t apic_id;
	uint32_t linux_cpu;
};

struct ihk_boot_params {
	uint64_t magic;			/* IHK_BOOT_MAGIC */
	uint32_t version;		/* IHK_BOOT_VERSION */
	uint32_t size;			/* sizeof(struct ihk_boot_params) */

	uint64_t kernel_phys;		/* IHK_LWK_KERNEL_VIRT maps here */
	uint64_t kernel_size;		/* bytes used from kernel_phys: image + params */
	uint64_t kernel_window;		/* bytes mapped at IHK_LWK_KERNEL_VIRT */
	uint64_t boot_cr3;		/* the boot page tables (below 4 GiB) */
	uint64_t trampoline_phys;	/* the borrowed page below 1 MiB */
	uint64_t shared_phys;		/* struct ihk_lwk_shared, in Linux memory */
	uint64_t shared_size;
	uint64_t ikc_phys;		/* IKC area; 0 until IKC exists */
	uint64_t ikc_size;
	uint64_t tsc_khz;		/* Linux's calibrated TSC frequency */

	uint32_t os_index;		/* N of /dev/mcosN */
	uint32_t nr_cpus;		/* cpus[0] is the boot CPU */
	uint32_t nr_chunks;		/* sorted by phys */
	uint32_t nr_linux_cpus;		/* online Linux CPUs at boot */
	uint32_t linux_notify_vector;	/* LWK -> Linux; 0 until IKC exists */
	/*
	 * 1 if Linux runs its local APICs in x2APIC mode. The LWK uses the
	 * same mode: one machine, one interrupt addressing scheme (xAPIC and
	 * x2APIC CPUs side by side is not an architected configuration).
	 */
	uint32_t linux_x2apic;

	char kargs[IHK_KARGS_MAX];	/* NUL-terminated */
	struct ihk_boot_cpu cpus[IHK_LWK_MAX_CPUS];
	struct ihk_boot_chunk chunks[IHK_MAX_CHUNKS];
	struct ihk_boot_linux_cpu linux_cpus[IHK_LWK_MAX_LINUX_CPUS];
};

/*
 * The trampoline page: code from offset 0, this at IHK_TRAMPOLINE_DATA.
 * ihk.ko fills it for cpus[0]; the LWK rewrites entry/arg/stack per AP.
 */
#define IHK_TRAMPOLINE_DATA	0xf00

struct ihk_trampoline_data {
	uint64_t cr3;		/* below 4 GiB */
	uint64_t entry;		/* 64-bit virtual address */
	uint64_t arg;		/* passed in RDI */
	uint64_t stack;		/* loaded into RSP unless 0 */
};

/* shared->state, written by the LWK (reset to OFF by ihk.ko before boot) */
enum ihk_lwk_state {
	IHK_LWK_OFF = 0,
	IHK_LWK_BOOTING,	/* boot CPU is in LWK code */
	IHK_LWK_RUNNING,	/* every CPU is up */
	IHK_LWK_FAILED,		/* boot failed; see failed_cpu and the kmsg */
	IHK_LWK_PANIC,		/* see panic_cpu and the kmsg; CPUs halted */
	IHK_LWK_DOWN,		/* shutdown request done; CPUs halted */
};

/* shared->cpus[i].state, written by LWK CPU i */
enum ihk_lwk_cpu_state {
	IHK_LWK_CPU_OFF = 0,
	IHK_LWK_CPU_UP,		/* running, idle CPUs in HLT */
	IHK_LWK_CPU_HALTED,	/* stopped for shutdown or panic */
	IHK_LWK_CPU_FAILED,	/* did not start (set by the boot CPU) */
};

/* shared->request, written by Linux, then IHK_LWK_REQUEST_VECTOR to cpus[0] */
enum ihk_lwk_request {
	IHK_LWK_REQ_NONE = 0,
	IHK_LWK_REQ_SHUTDOWN,	/* halt every CPU, then state = DOWN */
	IHK_LWK_REQ_PANIC,	/* debug: fault in the kernel on purpose */
	IHK_LWK_REQ_HANG,	/* debug: every CPU stops its timer and halts */
	/*
	 * debug: corrupt what abi.h's IHK_DEBUG_CORRUPT_* names, then set
	 * request back to NONE and go on running (the only requests that
	 * do not end the LWK's life).
	 */
	IHK_LWK_REQ_CORRUPT_FIRST = 16,
	IHK_LWK_REQ_CORRUPT_LAST = IHK_LWK_REQ_CORRUPT_FIRST +
		IHK_DEBUG_CORRUPT_LAST - IHK_DEBUG_CORRUPT_FIRST,
};

/* The LWK request for IHK_DEBUG_CORRUPT_* @what, and back. */
#define IHK_LWK_REQ_CORRUPT(what) \
	(IHK_LWK_REQ_CORRUPT_FIRST + (what) - IHK_DEBUG_CORRUPT_FIRST)
#define IHK_LWK_REQ_CORRUPT_WHAT(req) \
	(IHK_DEBUG_CORRUPT_FIRST + (req) - IHK_LWK_REQ_CORRUPT_FIRST)

#define IHK_LWK_NO_CPU		0xffffffffu

/* One cache line per LWK CPU, so heartbeats do not share lines. */
struct ihk_lwk_cpu_status {
	uint64_t heartbeat;	/* bumped by the CPU's timer tick */
	uint64_t interrupts;	/* every interrupt and exception taken */
	uint32_t state;		/* enum ihk_lwk_cpu_state */
	uint32_t apic_id;
	uint8_t pad[40];
};

/* The console ring; see common/kmsg_ring.h for the protocol. */
struct ihk_kmsg_ring {
	uint64_t reserved;	/* bytes claimed by writers, ever */
	uint64_t committed;	/* bytes completely written, ever */
	uint32_t size;		/* power of two */
	uint32_t pad;
};

/*
 * Linux's clocks at one instant, for the LWK's clock_gettime: the LWK adds
 * (rdtsc() - tsc) converted with tsc_khz. ihk.ko writes it before boot and
 * again every second (seqcount: seq is odd while it writes; a reader
 * retries while seq is odd or changed). The LWK keeps its clocks
 * monotonic across the updates.
 */
struct ihk_clock_base {
	uint64_t seq;
	uint64_t tsc;
	uint64_t realtime_ns;		/* CLOCK_REALTIME */
	uint64_t monotonic_ns;		/* CLOCK_MONOTONIC */
	uint64_t boottime_ns;		/* CLOCK_BOOTTIME */
	uint32_t tsc_khz;
	uint32_t pad;
};

#define IHK_SHARED_MAGIC	0x4453484b4849ULL	/* "IHKSHD" */
#define IHK_KMSG_SIZE		(64u << 10)

/*
 * In Linux memory, physically contiguous, allocated with the instance and
 * freed when it is destroyed, so the console survives shutdown and panic.
 */
struct ihk_lwk_shared {
	uint64_t magic;			/* IHK_SHARED_MAGIC */
	uint32_t nr_cpus;		/* Linux */
	uint32_t state;			/* LWK: enum ihk_lwk_state */
	uint32_t request;		/* Linux: enum ihk_lwk_request */
	uint32_t failed_cpu;		/* LWK: index into cpus[], or IHK_LWK_NO_CPU */
	uint32_t panic_cpu;		/* LWK: index into cpus[], or IHK_LWK_NO_CPU */
	uint32_t pad;
	uint64_t free_bytes;		/* LWK: free physical memory */
	struct ihk_kmsg_ring kmsg;	/* LWK writes, Linux reads */
	struct ihk_clock_base clock;	/* Linux writes, the LWK reads */
	/*
	 * LWK: free physical memory on each NUMA node (chunk node numbers),
	 * shown in /proc/ihk/osN/memory; like free_bytes, for people only.
	 */
	uint64_t node_free_bytes[IHK_MAX_NODES];
	uint8_t pad2[4096 - 64 - sizeof(struct ihk_clock_base) -
		     IHK_MAX_NODES * sizeof(uint64_t)];
	struct ihk_lwk_cpu_status cpus[IHK_LWK_MAX_CPUS];
	char kmsg_data[IHK_KMSG_SIZE];
};

#endif /* IHK_BOOT_H */
