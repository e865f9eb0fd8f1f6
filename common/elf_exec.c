// SPDX-License-Identifier: GPL-2.0
#include "elf_exec.h"
#include "elf64.h"

#define PAGE_MASK_LOW		(ELF_EXEC_PAGE_SIZE - 1)

static const char *const elf_exec_errors[ELF_EXEC_NR_ERRORS] = {
	[ELF_EXEC_OK] = "ok",
	[ELF_EXEC_TOO_SHORT] = "file too short for an ELF header",
	[ELF_EXEC_NOT_ELF] = "not an ELF file",
	[ELF_EXEC_NOT_64BIT] = "not a 64-bit ELF file",
	[ELF_EXEC_NOT_LE] = "not a little-endian ELF file",
	[ELF_EXEC_BAD_VERSION] = "unknown ELF version",
	[ELF_EXEC_WRONG_ARCH] = "wrong architecture (not x86_64)",
	[ELF_EXEC_NOT_EXECUTABLE] = "not an executable (object file or core dump?)",
	[ELF_EXEC_DYNAMIC] =
		"dynamic executables are not supported yet (link with -static or -static-pie)",
	[ELF_EXEC_SHARED_LIB] = "a shared library, not an executable",
	[ELF_EXEC_BAD_PHDRS] = "no usable program headers",
	[ELF_EXEC_PHDRS_OUTSIDE] = "program headers lie outside the file (truncated?)",
	[ELF_EXEC_SEG_OUTSIDE] = "a segment lies outside the file (truncated?)",
	[ELF_EXEC_SEG_FILESZ] = "a segment is larger in the file than in memory",
	[ELF_EXEC_SEG_WRAP] = "a segment wraps around the address space",
	[ELF_EXEC_SEG_ALIGN] = "a segment is misaligned (p_align, or p_vaddr vs p_offset)",
	[ELF_EXEC_SEG_OVERLAP] = "loadable segments are unsorted or overlap",
	[ELF_EXEC_SEG_RANGE] = "a segment lies outside the user address space",
	[ELF_EXEC_NO_LOAD] = "no loadable segment",
	[ELF_EXEC_TOO_MANY_LOADS] = "too many loadable segments",
	[ELF_EXEC_BAD_ENTRY] = "entry point is not in an executable segment",
	[ELF_EXEC_PHDRS_NOT_LOADED] = "program headers are not in a loadable segment",
	[ELF_EXEC_BAD_TLS] = "bad TLS segment",
	[ELF_EXEC_BAD_BASE] = "load base of the position-independent executable is misaligned",
};

const char *elf_exec_strerror(enum elf_exec_err err)
{
	if ((unsigned int)err >= ELF_EXEC_NR_ERRORS)
		return "unknown error";
	return elf_exec_errors[err];
}

const char *elf_exec_machine_name(uint16_t machine)
{
	switch (machine) {
	case 3:		return "i386";
	case 8:		return "mips";
	case 20:	return "powerpc";
	case 21:	return "powerpc64";
	case 22:	return "s390";
	case 40:	return "arm";
	case 43:	return "sparc64";
	case 50:	return "ia64";
	case 62:	return "x86_64";
	case 183:	return "aarch64";
	case 243:	return "riscv";
	case 258:	return "loongarch";
	}
	return NULL;
}

/* True if [off, off + size) lies inside a buffer of @len bytes. */
static bool range_in_file(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static bool is_pow2_or_0(uint64_t v)
{
	return (v & (v - 1)) == 0;
}

static uint64_t page_down(uint64_t v)
{
	return v & ~PAGE_MASK_LOW;
}

/* Rounds up; the caller made sure @v is far below 2^64 (USER_END check). */
static uint64_t page_up(uint64_t v)
{
	return (v + PAGE_MASK_LOW) & ~PAGE_MASK_LOW;
}

static void read_phdr(const unsigned char *file, const struct elf64_ehdr *eh,
		      unsigned int i, struct elf64_phdr *ph)
{
	memcpy(ph, file + eh->phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

static enum elf_exec_err check_header(const unsigned char *file, size_t len,
				      struct elf64_ehdr *eh, struct elf_exec_plan *plan)
{
	if (len < sizeof(*eh))
		return ELF_EXEC_TOO_SHORT;
	memcpy(eh, file, sizeof(*eh));
	if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' || eh->ident[2] != 'L' ||
	    eh->ident[3] != 'F')
		return ELF_EXEC_NOT_ELF;
	if (eh->ident[4] != ELF_CLASS64)
		return ELF_EXEC_NOT_64BIT;
	if (eh->ident[5] != ELF_DATA_LSB)
		return ELF_EXEC_NOT_LE;
	if (eh->ident[6] != ELF_VERSION || eh->version != ELF_VERSION)
		return ELF_EXEC_BAD_VERSION;
	plan->machine = eh->machine;
	if (eh->machine != ELF_EM_X86_64)
		return ELF_EXEC_WRONG_ARCH;
	if (eh->type != ELF_ET_EXEC && eh->type != ELF_ET_DYN)
		return ELF_EXEC_NOT_EXECUTABLE;
	if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0)
		return ELF_EXEC_BAD_PHDRS;
	if (!range_in_file(eh->phoff, (uint64_t)eh->phnum * eh->phentsize, len))
		return ELF_EXEC_PHDRS_OUTSIDE;
	/* Program headers are read in place by libc through AT_PHDR. */
	if (eh->phoff & 7)
		return ELF_EXEC_BAD_PHDRS;
	return ELF_EXEC_OK;
}

/*
 * Checks one PT_LOAD in the file's own addresses; the biased range is
 * checked once the bias is known.
 */
static enum elf_exec_err check_load(const struct elf64_phdr *ph, size_t len)
{
	if (!range_in_file(ph->offset, ph->filesz, len))
		return ELF_EXEC_SEG_OUTSIDE;
	if (ph->filesz > ph->memsz)
		return ELF_EXEC_SEG_FILESZ;
	if (ph->vaddr + ph->memsz < ph->vaddr)
		return ELF_EXEC_SEG_WRAP;
	/* mmap of the file needs the same offset within the page. */
	if (!is_pow2_or_0(ph->align) ||
	    (ph->vaddr & PAGE_MASK_LOW) != (ph->offset & PAGE_MASK_LOW))
		return ELF_EXEC_SEG_ALIGN;
	if (ph->align > 1 && (ph->vaddr & (ph->align - 1)) != (ph->offset & (ph->align - 1)))
		return ELF_EXEC_SEG_ALIGN;
	return ELF_EXEC_OK;
}

static uint32_t prot_of(uint32_t pflags)
{
	return ((pflags & ELF_PF_R) ? ELF_EXEC_PROT_R : 0) |
	       ((pflags & ELF_PF_W) ? ELF_EXEC_PROT_W : 0) |
	       ((pflags & ELF_PF_X) ? ELF_EXEC_PROT_X : 0);
}

/*
 * First pass: PT_INTERP, PT_LOAD sanity and order, the largest alignment
 * and the lowest address, before any bias is chosen.
 */
static enum elf_exec_err scan_loads(const unsigned char *file, size_t len,
				    const struct elf64_ehdr *eh, uint64_t *lowest,
				    uint64_t *max_align)
{
	uint64_t prev_end = 0;
	unsigned int i, loads = 0;
	enum elf_exec_err err;

	/* Dynamic first: the clearest message for the most common refusal. */
	for (i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;

		read_phdr(file, eh, i, &ph);
		if (ph.type == ELF_PT_INTERP)
			return ELF_EXEC_DYNAMIC;
	}
	/* ET_DYN without PT_INTERP and without an entry is a library (libfoo.so). */
	if (eh->type == ELF_ET_DYN && eh->entry == 0)
		return ELF_EXEC_SHARED_LIB;

	*max_align = ELF_EXEC_PAGE_SIZE;
	for (i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;

		read_phdr(file, eh, i, &ph);
		if (ph.type != ELF_PT_LOAD)
			continue;
		err = check_load(&ph, len);
		if (err)
			return err;
		if (ph.memsz == 0)
			continue;	/* maps nothing; Linux skips these too */
		if (++loads > ELF_EXEC_MAX_LOADS)
			return ELF_EXEC_TOO_MANY_LOADS;
		/*
		 * The ELF spec requires ascending p_vaddr. A page shared by two
		 * segments would need merged protections; linkers do not emit
		 * that for -z separate-code (the default), so refuse it.
		 */
		if (loads > 1 && page_down(ph.vaddr) < prev_end)
			return ELF_EXEC_SEG_OVERLAP;
		if (loads == 1)
			*lowest = page_down(ph.vaddr);
		if (ph.vaddr + ph.memsz > ~PAGE_MASK_LOW)
			return ELF_EXEC_SEG_WRAP;	/* page_up() would wrap */
		prev_end = page_up(ph.vaddr + ph.memsz);
		if (ph.align > *max_align)
			*max_align = ph.align;
	}
	return loads ? ELF_EXEC_OK : ELF_EXEC_NO_LOAD;
}

/* Is [addr, addr + size) inside the bytes a planned segment copies from the file? */
static const struct elf_exec_seg *seg_holding(const struct elf_exec_plan *plan,
					      uint64_t addr, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < plan->nr_segs; i++) {
		const struct elf_exec_seg *s = &plan->segs[i];

		if (addr >= s->vaddr && addr <= s->zero_start && size <= s->zero_start - addr)
			return s;
	}
	return NULL;
}

static enum elf_exec_err plan_loads(const unsigned char *file, const struct elf64_ehdr *eh,
				    struct elf_exec_plan *plan)
{
	unsigned int i;
	bool phdr_found = false;

	for (i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;
		struct elf_exec_seg *s;
		uint64_t head;

		read_phdr(file, eh, i, &ph);
		if (ph.type != ELF_PT_LOAD || ph.memsz == 0)
			continue;
		/* Biased addresses must stay inside user space (and not wrap). */
		if (ph.vaddr + plan->bias < ph.vaddr ||
		    ph.vaddr + plan->bias < ELF_EXEC_USER_MIN ||
		    ph.vaddr + plan->bias > ELF_EXEC_USER_END ||
		    ph.memsz > ELF_EXEC_USER_END - (ph.vaddr + plan->bias))
			return ELF_EXEC_SEG_RANGE;
		s = &plan->segs[plan->nr_segs++];
		s->vaddr = ph.vaddr + plan->bias;
		s->start = page_down(s->vaddr);
		s->end = page_up(s->vaddr + ph.memsz);
		head = s->vaddr - s->start;	/* <= offset: check_load() */
		s->file_offset = ph.offset - head;
		s->file_size = ph.filesz + head;
		s->zero_start = s->vaddr + ph.filesz;
		s->zero_len = s->end - s->zero_start;
		s->prot = prot_of(ph.flags);
		/* AT_PHDR without PT_PHDR: where the first covering segment puts them. */
		if (!phdr_found && ph.offset <= eh->phoff && eh->phoff - ph.offset <= ph.filesz &&
		    (uint64_t)eh->phnum * sizeof(ph) <= ph.filesz - (eh->phoff - ph.offset)) {
			plan->phdr = s->vaddr + (eh->phoff - ph.offset);
			phdr_found = true;
		}
	}
	return phdr_found ? ELF_EXEC_OK : ELF_EXEC_PHDRS_NOT_LOADED;
}

/* PT_PHDR, PT_TLS, PT_GNU_STACK, once the segments are planned. */
static enum elf_exec_err plan_others(const unsigned char *file, const struct elf64_ehdr *eh,
				     struct elf_exec_plan *plan)
{
	unsigned int i;

	for (i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;

		read_phdr(file, eh, i, &ph);
		switch (ph.type) {
		case ELF_PT_PHDR:
			/* libc reads the table there: it must be loaded, whole. */
			if (ph.vaddr + plan->bias < ph.vaddr ||
			    !seg_holding(plan, ph.vaddr + plan->bias,
					 (uint64_t)eh->phnum * sizeof(ph)))
				return ELF_EXEC_PHDRS_NOT_LOADED;
			plan->phdr = ph.vaddr + plan->bias;
			break;
		case ELF_PT_TLS:
			/* The TLS image is copied from memory by libc: check it is there. */
			if (plan->has_tls || ph.filesz > ph.memsz || !is_pow2_or_0(ph.align) ||
			    ph.vaddr + plan->bias < ph.vaddr ||
			    !seg_holding(plan, ph.vaddr + plan->bias, ph.filesz))
				return ELF_EXEC_BAD_TLS;
			plan->has_tls = true;
			plan->tls_vaddr = ph.vaddr + plan->bias;
			plan->tls_filesz = ph.filesz;
			plan->tls_memsz = ph.memsz;
			plan->tls_align = ph.align;
			break;
		case ELF_PT_GNU_STACK:
			plan->has_gnu_stack = true;
			plan->stack_exec = ph.flags & ELF_PF_X;
			break;
		}
	}
	return ELF_EXEC_OK;
}

enum elf_exec_err elf_exec_plan(const void *file, size_t len, uint64_t pie_base,
				struct elf_exec_plan *plan)
{
	const unsigned char *base = file;
	struct elf64_ehdr eh;
	uint64_t lowest = 0, max_align = 0;
	enum elf_exec_err err;
	unsigned int i;

	memset(plan, 0, sizeof(*plan));
	plan->stack_exec = true;	/* no PT_GNU_STACK: Linux x86 default */
	err = check_header(base, len, &eh, plan);
	if (err)
		return err;
	err = scan_loads(base, len, &eh, &lowest, &max_align);
	if (err)
		return err;
	plan->pie = eh.type == ELF_ET_DYN;
	plan->align = max_align;
	if (plan->pie) {
		if (pie_base & (max_align - 1))
			return ELF_EXEC_BAD_BASE;
		plan->bias = pie_base - lowest;
	}
	err = plan_loads(base, &eh, plan);
	if (err)
		return err;
	err = plan_others(base, &eh, plan);
	if (err)
		return err;

	plan->entry = eh.entry + plan->bias;
	for (i = 0; i < plan->nr_segs; i++) {
		const struct elf_exec_seg *s = &plan->segs[i];

		if ((s->prot & ELF_EXEC_PROT_X) && plan->entry >= s->vaddr &&
		    plan->entry < s->zero_start + s->zero_len)
			break;
	}
	if (i == plan->nr_segs || eh.entry + plan->bias < eh.entry)
		return ELF_EXEC_BAD_ENTRY;
	plan->phent = sizeof(struct elf64_phdr);
	plan->phnum = eh.phnum;
	plan->brk = plan->segs[plan->nr_segs - 1].end;
	return ELF_EXEC_OK;
}
