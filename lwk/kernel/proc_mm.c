// SPDX-License-Identifier: GPL-2.0
/*
 * A process's memory: the areas (mm/vm_range.c) and the page tables
 * (mm/user_pgtable.c) kept in step. Anonymous memory is populated when
 * mapped, with 2 MiB pages where the range allows (falling back to 4 KiB
 * pages when no aligned 2 MiB run is free), so a process never faults.
 *
 * Unmapping follows the zap rule of include/ihk/mcexec.h: the leaves
 * become non-present "zombies" (the page stays ours), the TLB is
 * flushed, then, after a full fence, if ihk.ko walked our tables for the
 * mirror since our last ZAP, we ask it to zap the mirror and wait for
 * ZAP_DONE before the pages are freed. The ZAP always covers the whole
 * user range: a fault before the last ZAP may have mirrored any page, so
 * only a ZAP of everything lets a later unmap skip the round trip.
 * Where we cannot wait (a failed PROC_MAP, or the process is dying), the
 * zombies stay until PROC_RELEASE, which comes after the mirror is gone.
 *
 * Long work is preemptible in chunks (mm_progress). The LWK runs its
 * kernel with interrupts off and serves its channels only at known
 * points (the idle loop, the waits, the way back to user mode); handlers
 * of interrupts taken in the kernel only count, acknowledge and beat the
 * heart. Populating, zeroing, copying or freeing a GiB takes seconds
 * (9 s under TCG), long enough for ihk.ko to declare the CPU hung and
 * for the master channel (cpus[0]) to stall. Turning interrupts on for
 * whole syscalls would keep the heartbeat but still serve no channel,
 * and would not cover PROC_MAP and PROC_RELEASE, which run inside the
 * idle loop's poll of the CPU's channel. So after every 2 MiB of work
 * we open an interrupt window (the pending timer tick beats the heart,
 * pending IPIs are taken) and serve the channels that are not already
 * being served lower on the stack: in a syscall all of them, as a wait
 * for Linux does; inside a PROC_MAP the master channel on cpus[0].
 * Messages about this process that arrive meanwhile only set flags
 * (RELEASE) or are refused (MAP after START); a process that must die
 * stops populating or copying at the next chunk. Freeing a released
 * process takes the interrupts but serves nothing (see free_leaf).
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/tlb.h>
#include <lwk/errno.h>
#include <lwk/ikc.h>
#include <lwk/kernel.h>
#include <lwk/mm.h>
#include <lwk/printk.h>
#include <lwk/random.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/proc.h>

#define AREAS_PAGES	((PROC_MAX_AREAS * sizeof(struct vm_area) + PAGE_SIZE - 1) / PAGE_SIZE)
/* Work between two preemption points: about 17 ms of zeroing under TCG. */
#define MM_CHUNK	LARGE_PAGE_SIZE

/* Bytes of long work since this CPU's last preemption point. */
static uint64_t mm_work[IHK_LWK_MAX_CPUS];

/*
 * @bytes more of long work done. Every MM_CHUNK: take pending interrupts
 * and, if @serve, serve the channels (see the top of the file). True if
 * the current thread must die: populate and copy stop there; freeing
 * never does.
 */
static bool mm_progress(uint64_t bytes, bool serve)
{
	uint64_t *w = &mm_work[cpu_index()];

	*w += bytes;
	if (*w < MM_CHUNK)
		return false;
	*w = 0;
	irq_window();
	if (serve)
		ikc_cpu_serve_nested();
	return thread_should_die();
}

/* Linux's x86_64 mmap_rnd_bits: the mmap base moves by up to 1 TiB. */
#define MMAP_RND_PAGES	(1ull << 28)

int proc_mm_init(struct lwk_proc *p)
{
	/*
	 * cpus[0] runs this for a process of another CPU: its memory comes
	 * from that CPU's node (everything later runs on the CPU itself).
	 */
	p->areas = alloc_pages_node(AREAS_PAGES, PAGE_SIZE, proc_node(p));
	if (!p->areas)
		return -ENOMEM;
	vm_range_init(&p->vm, p->areas, PROC_MAX_AREAS);
	p->mmap_end = IHK_MC_MMAP_END;
	if (upt_init(&p->upt, proc_node(p))) {
		free_pages(p->areas, AREAS_PAGES);
		p->areas = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Release: every page goes, zombie or not; the tables after them. */
static void free_leaf(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	(void)arg;
	(void)va;
	free_pages(phys_to_virt(*pte & PTE_ADDR_MASK & ~(size - 1)), size / PAGE_SIZE);
	__atomic_store_n(pte, 0, __ATOMIC_RELEASE);
	/*
	 * Interrupts only: a channel served here could bring a second
	 * RELEASE of this very process, or a CREATE given its CPU before
	 * we are done with it. Freeing is fast anyway (bitmap work).
	 */
	mm_progress(size, false);
}

void proc_mm_destroy(struct lwk_proc *p)
{
	uint64_t freed;

	/* Never free the tables under our own feet. */
	if (read_cr3() == p->upt.pml4) {
		tlb_set_loaded_root(0);
		write_cr3(kernel_cr3);
	}
	/* Leaf by leaf, preemptible; from 0: the walk splits no 2 MiB page. */
	if (p->upt.pml4)
		upt_walk(&p->upt, 0, IHK_MC_USER_END, free_leaf, NULL);
	upt_destroy(&p->upt, &freed);
	p->user_bytes = 0;
	if (p->pub.status)
		p->pub.status->rss_bytes = 0;
	if (p->areas)
		free_pages(p->areas, AREAS_PAGES);
	p->areas = NULL;
}

void proc_mm_publish_rss(struct lwk_proc *p)
{
	uint64_t rss = p->user_bytes + p->upt.table_pages * PAGE_SIZE;

	if (rss > p->max_rss_bytes)
		p->max_rss_bytes = rss;
	WRITE_ONCE(p->pub.status->rss_bytes, rss);
}

static void nop_leaf(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	(void)arg;
	(void)pte;
	(void)va;
	(void)size;
}

/* Split the 2 MiB leaves that straddle either edge of [start, end). */
static int split_edges(struct lwk_proc *p, uint64_t start, uint64_t end)
{
	int ret = upt_walk(&p->upt, start, MIN(end, ALIGN_UP(start + 1, LARGE_PAGE_SIZE)),
			   nop_leaf, NULL);

	if (ret)
		return ret;
	return upt_walk(&p->upt, MAX(start, ALIGN_DOWN(end - 1, LARGE_PAGE_SIZE)), end,
			nop_leaf, NULL);
}

static void zombie_leaf(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	(void)arg;
	(void)va;
	(void)size;
	if (*pte & PTE_SW_ZOMBIE)
		return;
	__atomic_store_n(pte, (*pte & ~(PTE_P | PTE_SW_PROTNONE)) | PTE_SW_ZOMBIE,
			 __ATOMIC_RELEASE);
}

static void free_zombie(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	struct lwk_proc *p = arg;

	(void)va;
	if (!(*pte & PTE_SW_ZOMBIE))
		return;
	p->user_bytes -= size;
	free_pages(phys_to_virt(*pte & PTE_ADDR_MASK & ~(size - 1)), size / PAGE_SIZE);
	__atomic_store_n(pte, 0, __ATOMIC_RELEASE);
	mm_progress(size, true);
}

static void report_zombie(void *arg, const struct vm_area *piece)
{
	struct lwk_proc *p = arg;

	upt_walk(&p->upt, piece->start, piece->end, zombie_leaf, NULL);
}

/*
 * Our tables just lost entries or rights: make sure the mirror keeps
 * nothing they no longer give. It can only hold stale entries if it
 * faulted since our last ZAP. 0 when it holds none (any more); -EAGAIN
 * when a ZAP was due but could not be done: @can_wait false (no ZAP round
 * trip is possible here), the process is dying, or ihk.ko refused.
 */
static int mirror_sync(struct lwk_proc *p, bool can_wait)
{
	struct ikc_zap z;
	uint64_t faults;
	int64_t ret;

	upt_flush_tlb(&p->upt);
	mfence();
	faults = __atomic_load_n(&p->pub.status->mirror_faults, __ATOMIC_SEQ_CST);
	if (faults == p->zapped_at)
		return 0;
	if (!can_wait)
		return -EAGAIN;
	memset(&z, 0, sizeof(z));
	z.pid = p->pub.pid;
	z.tid = current_thread()->tid;
	z.addr = IHK_MC_USER_START;
	z.len = IHK_MC_USER_END - IHK_MC_USER_START;
	if (proc_call(p, IKC_MSG_ZAP, &z, sizeof(z), IKC_MSG_ZAP_DONE, &ret))
		return -EAGAIN;
	if (ret) {
		printk("pid %d: ZAP failed (%ld)\n", p->pub.pid, (long)ret);
		return -EAGAIN;
	}
	p->zapped_at = faults;
	return 0;
}

/*
 * The zombies in [start, end) are no longer reachable from our tables:
 * zap the mirror if it may hold them, then free them. If it may and
 * cannot be zapped now, the zombies wait for PROC_RELEASE.
 */
static void reap_zombies(struct lwk_proc *p, uint64_t start, uint64_t end,
			 bool can_wait)
{
	if (!mirror_sync(p, can_wait))
		upt_walk(&p->upt, start, end, free_zombie, p);
	proc_mm_publish_rss(p);
}

static bool in_user_range(uint64_t addr, uint64_t len)
{
	return len && addr >= IHK_MC_USER_START && addr < IHK_MC_USER_END &&
	       len <= IHK_MC_USER_END - addr;
}

/*
 * A 2 MiB slot that still holds a page table (4 KiB pages were there
 * once; table pages live until release) takes the 2 MiB run as 4 KiB
 * pages. -EEXIST, nothing mapped, if a page is really there.
 */
static int map_small(struct lwk_proc *p, uint64_t va, phys_addr_t pa,
		     uint64_t size, uint64_t flags)
{
	uint64_t off;
	int ret;

	for (off = 0; off < size; off += PAGE_SIZE) {
		ret = upt_map(&p->upt, va + off, pa + off, PAGE_SIZE, flags);
		if (ret) {
			while (off) {
				off -= PAGE_SIZE;
				upt_unmap_fresh(&p->upt, va + off);
			}
			return ret;
		}
	}
	return 0;
}

/*
 * Pages for [start, end) with the page-size plan; -ENOMEM leaves some
 * mapped, and so does -EINTR (the thread must die: why finish?).
 */
static int populate(struct lwk_proc *p, uint64_t start, uint64_t end, uint32_t prot)
{
	struct vm_page_seg seg[VM_PAGE_PLAN_MAX];
	uint64_t flags = upt_prot_flags(prot), va, size;
	int n, i, ret;
	void *mem;

	n = vm_page_plan(start, end - start, VM_LARGE_PAGE_SIZE, seg);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		for (va = seg[i].start; va < seg[i].end; va += size) {
			size = seg[i].page_size;
			mem = alloc_pages(size / PAGE_SIZE, size);
			if (!mem && size != PAGE_SIZE) {
				size = PAGE_SIZE;	/* fragmented: 4 KiB pages */
				mem = alloc_pages(1, PAGE_SIZE);
			}
			if (!mem)
				return -ENOMEM;
			ret = upt_map(&p->upt, va, virt_to_phys(mem), size, flags);
			if (ret == -EEXIST && size != PAGE_SIZE)
				ret = map_small(p, va, virt_to_phys(mem), size, flags);
			if (ret) {
				free_pages(mem, size / PAGE_SIZE);
				return ret;
			}
			p->user_bytes += size;
			if (mm_progress(size, true))
				return -EINTR;
		}
	}
	return 0;
}

static bool in_thread_context(struct lwk_proc *p)
{
	return current_proc() == p;
}

/*
 * ASLR of the mmap base, decided when mcexec maps the main stack: mcexec
 * randomizes the stack's top unless Linux would not randomize an exec of
 * it (personality ADDR_NO_RANDOMIZE, setarch -R, randomize_va_space 0),
 * and then maps it ending exactly at IHK_MC_STACK_TOP (include/ihk/
 * mcexec.h). The mmap base follows the same choice, with our own random
 * draw (Linux's mmap and stack offsets are independent too).
 */
static void place_mmap_base(struct lwk_proc *p, uint64_t stack_end)
{
	if (stack_end == IHK_MC_STACK_TOP)
		return;
	p->mmap_end = IHK_MC_MMAP_END - (random_u64() % MMAP_RND_PAGES) * PAGE_SIZE;
}

/*
 * An unmap frees its pages only after the ZAP round trip, during which
 * other threads run, here or on other CPUs: without the lock, another
 * thread's mmap could pick the range whose areas are gone but whose
 * zombies still sit in the tables (EEXIST), or change what the unmap is
 * walking. Its fields are under p->lock; the holder may block.
 */
int proc_mm_lock(struct lwk_proc *p)
{
	struct lwk_thread *t = current_thread(), **pp;
	uint64_t flags = proc_lock(p);
	int ret = 0;

	while (p->mm_holder && p->mm_holder != t) {
		t->mm_wait_next = p->mm_waiters;
		p->mm_waiters = t;
		proc_unlock(p, flags);
		/* A wake after the unlock above is not lost (sched_block()). */
		ret = sched_block(0);
		flags = proc_lock(p);
		/* Woken by proc_mm_unlock() (it emptied the list) or dying. */
		for (pp = &p->mm_waiters; *pp; pp = &(*pp)->mm_wait_next) {
			if (*pp == t) {
				*pp = t->mm_wait_next;
				break;
			}
		}
		if (ret == -EINTR)
			goto out;
	}
	p->mm_holder = t;
out:
	proc_unlock(p, flags);
	return ret == -EINTR ? ret : 0;
}

void proc_mm_unlock(struct lwk_proc *p)
{
	uint64_t flags = proc_lock(p);
	struct lwk_thread *t;

	p->mm_holder = NULL;
	while ((t = p->mm_waiters)) {
		p->mm_waiters = t->mm_wait_next;
		sched_wake(t);
	}
	proc_unlock(p, flags);
}

int proc_mm_map(struct lwk_proc *p, uint64_t addr, uint64_t len, uint32_t prot,
		uint32_t kind, bool replace)
{
	bool can_wait = in_thread_context(p);
	int ret;

	if (!in_user_range(addr, len) || (addr | len) & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!replace && !vm_range_is_free(&p->vm, addr, len))
		return -EEXIST;
	if (replace) {
		ret = split_edges(p, addr, addr + len);
		if (ret)
			return ret;
	}
	ret = vm_range_insert(&p->vm, addr, len, prot, kind,
			      replace ? report_zombie : NULL, p);
	if (ret)
		return ret;
	if (replace)
		reap_zombies(p, addr, addr + len, can_wait);
	ret = populate(p, addr, addr + len, prot);
	if (ret) {
		upt_walk(&p->upt, addr, addr + len, zombie_leaf, NULL);
		vm_range_remove(&p->vm, addr, len, NULL, NULL);
		reap_zombies(p, addr, addr + len, can_wait);
		return ret;
	}
	proc_mm_publish_rss(p);
	if (kind == VM_KIND_STACK && !p->started)
		place_mmap_base(p, addr + len);
	return 0;
}

int proc_mm_unmap(struct lwk_proc *p, uint64_t addr, uint64_t len)
{
	int ret;

	if (!in_user_range(addr, len) || (addr | len) & (PAGE_SIZE - 1))
		return -EINVAL;
	ret = split_edges(p, addr, addr + len);
	if (ret)
		return ret;
	ret = vm_range_remove(&p->vm, addr, len, report_zombie, p);
	if (ret)
		return ret;
	reap_zombies(p, addr, addr + len, in_thread_context(p));
	return 0;
}

static void protect_leaf(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	uint64_t flags = *(uint64_t *)arg, old = READ_ONCE(*pte), new;

	(void)va;
	if (old & PTE_SW_ZOMBIE)
		return;
	/* Atomic: a CPU may set D meanwhile, and D must survive (upt.h). */
	do {
		new = (old & (PTE_ADDR_MASK | PTE_D)) |
		      (size == LARGE_PAGE_SIZE ? PTE_PS : 0) | flags;
	} while (!__atomic_compare_exchange_n(pte, &old, new, false, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
}

int proc_mm_protect(struct lwk_proc *p, uint64_t addr, uint64_t len, uint32_t prot)
{
	uint64_t flags = upt_prot_flags(prot);
	int ret;

	if (!in_user_range(addr, len))
		return -ENOMEM;
	ret = split_edges(p, addr, addr + len);
	if (ret)
		return ret;
	ret = vm_range_protect(&p->vm, addr, len, prot);
	if (ret)
		return ret;
	upt_walk(&p->upt, addr, addr + len, protect_leaf, &flags);
	/* Rights taken away must not live on in the mirror. */
	mirror_sync(p, in_thread_context(p));
	return 0;
}

struct span {
	uint64_t start, end;
};

static void zero_leaf(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	struct span *s = arg;
	uint64_t from = MAX(va, s->start), to = MIN(va + size, s->end);

	if (from >= to || (*pte & PTE_SW_ZOMBIE))
		return;
	memset((char *)phys_to_virt(*pte & PTE_ADDR_MASK & ~(size - 1)) + (from - va),
	       0, to - from);
	mm_progress(to - from, true);
}

/* Dirty (PTE_D): clean it and mark it to be zeroed. *@arg: any marked. */
static void mark_leaf(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	(void)va;
	(void)size;
	if (READ_ONCE(*pte) & PTE_SW_ZOMBIE)
		return;
	if (__atomic_fetch_and(pte, ~PTE_D, __ATOMIC_ACQ_REL) & PTE_D) {
		__atomic_fetch_or(pte, PTE_SW_ZERO, __ATOMIC_RELAXED);
		*(bool *)arg = true;
	}
}

static void zero_marked(void *arg, uint64_t *pte, uint64_t va, uint64_t size)
{
	(void)arg;
	(void)va;
	if (!(READ_ONCE(*pte) & PTE_SW_ZERO))
		return;
	memset(phys_to_virt(*pte & PTE_ADDR_MASK & ~(size - 1)), 0, size);
	__atomic_fetch_and(pte, ~PTE_SW_ZERO, __ATOMIC_RELEASE);
	mm_progress(size, true);
}

/*
 * Only dirty pages are zeroed (a thread's exit drops most of its 8 MiB
 * stack, which it never touched). In three steps, so that no store is
 * missed: clean the dirty leaves and mark them; make every later store
 * set D again (mirror_sync(): the TLBs that cached D are flushed, and a
 * mirror that may hold writable pages is zapped, so Linux faults again
 * and ihk.ko sets D); then zero the marked pages. A store between the
 * first and the last step is one the program made during its madvise.
 */
void proc_mm_zero(struct lwk_proc *p, uint64_t addr, uint64_t len)
{
	struct span s = { addr, addr + len };
	bool any = false;

	/* Every leaf inside the range, then: D is per leaf. */
	if (split_edges(p, addr, addr + len)) {
		/* No page for a table: zero the bytes, dirty or not. */
		upt_walk(&p->upt, ALIGN_DOWN(addr, LARGE_PAGE_SIZE),
			 ALIGN_UP(addr + len, LARGE_PAGE_SIZE), zero_leaf, &s);
		return;
	}
	upt_walk(&p->upt, addr, addr + len, mark_leaf, &any);
	if (!any)
		return;
	mirror_sync(p, in_thread_context(p));
	upt_walk(&p->upt, addr, addr + len, zero_marked, NULL);
}

void proc_mm_copy(struct lwk_proc *p, uint64_t dst, uint64_t src, uint64_t len)
{
	phys_addr_t d, s;
	uint64_t n;

	while (len) {
		n = MIN(PAGE_SIZE - (dst & (PAGE_SIZE - 1)),
			PAGE_SIZE - (src & (PAGE_SIZE - 1)));
		n = MIN(n, len);
		if (upt_lookup(&p->upt, dst, &d) && upt_lookup(&p->upt, src, &s)) {
			memcpy(phys_to_virt(d), phys_to_virt(s), n);
			/* Written behind the CPU's back: say so (upt.h). */
			upt_set_dirty(&p->upt, dst);
		}
		dst += n;
		src += n;
		len -= n;
		if (mm_progress(n, true))
			return;		/* dying: nobody will read it */
	}
}
