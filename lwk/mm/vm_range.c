// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual memory areas of an LWK process (include/lwk/vm_range.h). Every
 * change goes through replace(): it rebuilds a window of at most five
 * areas (the neighbours, the kept edges, the new piece) in a local array,
 * merges it, checks the capacity and splices it in. mprotect is a series
 * of replace() calls ordered so the count never passes the final one.
 * Built for the host too, so it includes only compat.h and its header.
 */
#include "compat.h"
#include <lwk/vm_range.h>

#define WINDOW_MAX	5

static bool aligned(uint64_t x, uint64_t a)
{
	return !(x & (a - 1));
}

/* [start, start + len) valid and inside the user range, without overflow. */
static bool range_ok(uint64_t start, uint64_t len)
{
	return len && aligned(start, VM_PAGE_SIZE) &&
	       aligned(len, VM_PAGE_SIZE) && start < VM_USER_END &&
	       len <= VM_USER_END - start;
}

static bool same_attr(const struct vm_area *a, const struct vm_area *b)
{
	return a->prot == b->prot && a->kind == b->kind;
}

/* First area whose end is above @addr (nr if none). */
static unsigned int first_ending_after(const struct vm_range *vr, uint64_t addr)
{
	unsigned int lo = 0, hi = vr->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (vr->area[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* First area at or after @i that starts at or above @addr. */
static unsigned int first_starting_from(const struct vm_range *vr,
					unsigned int i, uint64_t addr)
{
	while (i < vr->nr && vr->area[i].start < addr)
		i++;
	return i;
}

/* Append @a to @w (of *@n areas), merging it into the last one if it can. */
static void window_add(struct vm_area *w, unsigned int *n,
		       const struct vm_area *a)
{
	if (*n && w[*n - 1].end == a->start && same_attr(&w[*n - 1], a)) {
		w[*n - 1].end = a->end;
		return;
	}
	w[(*n)++] = *a;
}

/*
 * Make [s, e) hold @n (NULL: nothing), reporting the replaced pieces.
 * @n, if given, is [s, e) itself.
 */
static int replace(struct vm_range *vr, uint64_t s, uint64_t e,
		   const struct vm_area *n, vm_range_report_fn report, void *arg)
{
	struct vm_area w[WINDOW_MAX], piece;
	unsigned int i0, i1, lo, hi, m = 0, i;
	uint64_t newnr;

	i0 = first_ending_after(vr, s);
	i1 = first_starting_from(vr, i0, e);
	lo = i0 > 0 ? i0 - 1 : i0;
	hi = i1 < vr->nr ? i1 + 1 : i1;

	if (lo < i0)
		window_add(w, &m, &vr->area[lo]);
	if (i0 < i1 && vr->area[i0].start < s) {
		piece = vr->area[i0];
		piece.end = s;
		window_add(w, &m, &piece);
	}
	if (n)
		window_add(w, &m, n);
	if (i0 < i1 && vr->area[i1 - 1].end > e) {
		piece = vr->area[i1 - 1];
		piece.start = e;
		window_add(w, &m, &piece);
	}
	if (hi > i1)
		window_add(w, &m, &vr->area[i1]);

	newnr = (uint64_t)vr->nr - (hi - lo) + m;
	if (newnr > vr->cap)
		return -ENOMEM;

	if (report) {
		for (i = i0; i < i1; i++) {
			piece = vr->area[i];
			if (piece.start < s)
				piece.start = s;
			if (piece.end > e)
				piece.end = e;
			report(arg, &piece);
		}
	}
	if (hi != lo + m)
		memmove(&vr->area[lo + m], &vr->area[hi],
			(vr->nr - hi) * sizeof(vr->area[0]));
	if (m)
		memcpy(&vr->area[lo], w, m * sizeof(w[0]));
	vr->nr = (unsigned int)newnr;
	return 0;
}

void vm_range_init(struct vm_range *vr, struct vm_area *storage,
		   unsigned int cap)
{
	vr->area = storage;
	vr->nr = 0;
	vr->cap = storage ? cap : 0;
}

const struct vm_area *vm_range_lookup(const struct vm_range *vr, uint64_t addr)
{
	unsigned int i = first_ending_after(vr, addr);

	if (i < vr->nr && vr->area[i].start <= addr)
		return &vr->area[i];
	return NULL;
}

bool vm_range_is_free(const struct vm_range *vr, uint64_t start, uint64_t len)
{
	unsigned int i;

	if (!range_ok(start, len))
		return false;
	i = first_ending_after(vr, start);
	return i == vr->nr || vr->area[i].start >= start + len;
}

bool vm_range_is_mapped(const struct vm_range *vr, uint64_t start, uint64_t len)
{
	uint64_t addr = start, end = start + len;
	unsigned int i;

	if (!range_ok(start, len))
		return false;
	for (i = first_ending_after(vr, start); addr < end; i++) {
		if (i == vr->nr || vr->area[i].start > addr)
			return false;
		addr = vr->area[i].end;
	}
	return true;
}

int vm_range_find_gap(const struct vm_range *vr, uint64_t len, uint64_t align,
		      uint64_t low, uint64_t high, uint64_t *addr)
{
	unsigned int i;

	if (align < VM_PAGE_SIZE)
		align = VM_PAGE_SIZE;
	if (!len || !aligned(len, VM_PAGE_SIZE) || !aligned(align, align) ||
	    !aligned(low, VM_PAGE_SIZE) || !aligned(high, VM_PAGE_SIZE) ||
	    low >= high || high > VM_USER_END)
		return -EINVAL;
	if (len > high - low)
		return -ENOMEM;

	/* Gaps from the top: gap i lies below area[i] (above the last for nr). */
	i = first_ending_after(vr, high - 1);
	if (i < vr->nr && vr->area[i].start < high)
		i++;	/* area i straddles high: start below it */
	for (;;) {
		uint64_t gs = i > 0 ? vr->area[i - 1].end : 0;
		uint64_t ge = i < vr->nr ? vr->area[i].start : high;
		uint64_t cand;

		if (ge > high)
			ge = high;
		if (gs < low)
			gs = low;
		if (ge <= low)
			break;
		if (ge > gs && ge - gs >= len) {
			cand = (ge - len) & ~(align - 1);
			if (cand >= gs) {
				*addr = cand;
				return 0;
			}
		}
		if (i == 0)
			break;
		i--;
	}
	return -ENOMEM;
}

int vm_range_find_unmapped(const struct vm_range *vr, uint64_t len,
			   uint64_t low, uint64_t high, uint64_t *addr)
{
	int ret;

	if (len >= VM_HUGE_PAGE_SIZE) {
		ret = vm_range_find_gap(vr, len, VM_HUGE_PAGE_SIZE, low, high,
					addr);
		if (ret != -ENOMEM)
			return ret;
	}
	if (len >= VM_LARGE_PAGE_SIZE) {
		ret = vm_range_find_gap(vr, len, VM_LARGE_PAGE_SIZE, low, high,
					addr);
		if (ret != -ENOMEM)
			return ret;
	}
	return vm_range_find_gap(vr, len, VM_PAGE_SIZE, low, high, addr);
}

int vm_range_insert(struct vm_range *vr, uint64_t start, uint64_t len,
		    uint32_t prot, uint32_t kind,
		    vm_range_report_fn report, void *arg)
{
	struct vm_area n;

	if (!range_ok(start, len))
		return -EINVAL;
	n.start = start;
	n.end = start + len;
	n.prot = prot;
	n.kind = kind;
	return replace(vr, n.start, n.end, &n, report, arg);
}

int vm_range_remove(struct vm_range *vr, uint64_t start, uint64_t len,
		    vm_range_report_fn report, void *arg)
{
	if (!range_ok(start, len))
		return -EINVAL;
	return replace(vr, start, start + len, NULL, report, arg);
}

/* Number of areas after setting the prot of [s, e) (all mapped) to @prot. */
static uint64_t protect_count(const struct vm_range *vr, uint64_t s, uint64_t e,
			      uint32_t prot)
{
	unsigned int i0, i1, lo, hi, i, m = 0;
	struct vm_area last, piece;

	i0 = first_ending_after(vr, s);
	i1 = first_starting_from(vr, i0, e);
	lo = i0 > 0 ? i0 - 1 : i0;
	hi = i1 < vr->nr ? i1 + 1 : i1;

	/* Count runs as window_add would build them, keeping only the last. */
#define ADD(a) do {							\
		if (m && last.end == (a)->start && same_attr(&last, (a))) \
			last.end = (a)->end;				\
		else {							\
			last = *(a);					\
			m++;						\
		}							\
	} while (0)
	if (lo < i0)
		ADD(&vr->area[lo]);
	for (i = i0; i < i1; i++) {
		piece = vr->area[i];
		if (piece.start < s) {
			piece.end = s;
			ADD(&piece);
			piece.start = s;
			piece.end = vr->area[i].end;
		}
		if (piece.end > e)
			piece.end = e;
		piece.prot = prot;
		ADD(&piece);
		if (vr->area[i].end > e) {
			piece = vr->area[i];
			piece.start = e;
			ADD(&piece);
		}
	}
	if (hi > i1)
		ADD(&vr->area[i1]);
#undef ADD
	return (uint64_t)vr->nr - (hi - lo) + m;
}

/* Set the prot of [s, e), which lies within one area. */
static int protect_piece(struct vm_range *vr, uint64_t s, uint64_t e,
			 const struct vm_area *a, uint32_t prot)
{
	struct vm_area n = *a;

	n.start = s;
	n.end = e;
	n.prot = prot;
	return replace(vr, s, e, &n, NULL, NULL);
}

int vm_range_protect(struct vm_range *vr, uint64_t start, uint64_t len,
		     uint32_t prot)
{
	const struct vm_area *a;
	uint64_t s = start, e = start + len, addr, pe;
	int ret;

	if (!range_ok(start, len))
		return -EINVAL;
	if (!vm_range_is_mapped(vr, start, len))
		return -ENOMEM;
	if (protect_count(vr, s, e, prot) > vr->cap)
		return -ENOMEM;

	/*
	 * Areas fully inside first: changing a whole area only merges, so
	 * the count never rises. Then the two edges, which may split: each
	 * adds at most one, and the final count fits.
	 */
	for (addr = s; addr < e; addr = pe) {
		a = vm_range_lookup(vr, addr);
		pe = a->end < e ? a->end : e;
		if (a->prot != prot && a->start >= s && a->end <= e) {
			ret = protect_piece(vr, a->start, a->end, a, prot);
			if (ret)
				return ret;	/* not reached: counted above */
		}
	}
	a = vm_range_lookup(vr, s);
	if (a->prot != prot) {
		ret = protect_piece(vr, s, a->end < e ? a->end : e, a, prot);
		if (ret)
			return ret;
	}
	a = vm_range_lookup(vr, e - 1);
	if (a->prot != prot) {
		ret = protect_piece(vr, a->start > s ? a->start : s, e, a,
				    prot);
		if (ret)
			return ret;
	}
	return 0;
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static void plan_add(struct vm_page_seg *seg, int *n, uint64_t s, uint64_t e,
		     uint64_t page_size)
{
	if (s >= e)
		return;
	seg[*n].start = s;
	seg[*n].end = e;
	seg[*n].page_size = page_size;
	(*n)++;
}

int vm_page_plan(uint64_t start, uint64_t len, uint64_t max_page,
		 struct vm_page_seg seg[VM_PAGE_PLAN_MAX])
{
	uint64_t end, h2, t2, h1, t1;
	int n = 0;

	if (!range_ok(start, len) ||
	    (max_page != VM_PAGE_SIZE && max_page != VM_LARGE_PAGE_SIZE &&
	     max_page != VM_HUGE_PAGE_SIZE))
		return -EINVAL;
	end = start + len;
	/* end <= VM_USER_END, so rounding up cannot overflow. */
	h2 = align_up(start, VM_LARGE_PAGE_SIZE);
	t2 = align_down(end, VM_LARGE_PAGE_SIZE);
	if (max_page == VM_PAGE_SIZE || h2 >= t2) {
		plan_add(seg, &n, start, end, VM_PAGE_SIZE);
		return n;
	}
	plan_add(seg, &n, start, h2, VM_PAGE_SIZE);
	h1 = align_up(h2, VM_HUGE_PAGE_SIZE);
	t1 = align_down(t2, VM_HUGE_PAGE_SIZE);
	if (max_page == VM_HUGE_PAGE_SIZE && h1 < t1) {
		plan_add(seg, &n, h2, h1, VM_LARGE_PAGE_SIZE);
		plan_add(seg, &n, h1, t1, VM_HUGE_PAGE_SIZE);
		plan_add(seg, &n, t1, t2, VM_LARGE_PAGE_SIZE);
	} else {
		plan_add(seg, &n, h2, t2, VM_LARGE_PAGE_SIZE);
	}
	plan_add(seg, &n, t2, end, VM_PAGE_SIZE);
	return n;
}
