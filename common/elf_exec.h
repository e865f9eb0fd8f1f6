/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation and load plan of a Linux application executable for mcexec:
 * x86_64 static (ET_EXEC) and static-PIE (ET_DYN without PT_INTERP). The
 * same code runs in mcexec, which reads the whole file and refuses early
 * with a clear message, and in the LWK, which must not trust what mcexec
 * hands it: every header value is checked against the buffer.
 */
#ifndef IHK_COMMON_ELF_EXEC_H
#define IHK_COMMON_ELF_EXEC_H

#include "compat.h"

#define ELF_EXEC_PAGE_SIZE	4096ull
/* Lowest and end of user addresses: Linux's mmap_min_addr and TASK_SIZE. */
#define ELF_EXEC_USER_MIN	0x10000ull
#define ELF_EXEC_USER_END	0x7ffffffff000ull
/* More PT_LOADs than any linker emits for an application (they have 2-5). */
#define ELF_EXEC_MAX_LOADS	16

/* Why an executable was refused; elf_exec_strerror() gives the text. */
enum elf_exec_err {
	ELF_EXEC_OK = 0,
	ELF_EXEC_TOO_SHORT,		/* shorter than an ELF header */
	ELF_EXEC_NOT_ELF,
	ELF_EXEC_NOT_64BIT,
	ELF_EXEC_NOT_LE,
	ELF_EXEC_BAD_VERSION,
	ELF_EXEC_WRONG_ARCH,		/* plan->machine says which */
	ELF_EXEC_NOT_EXECUTABLE,	/* ET_REL, ET_CORE, ... */
	ELF_EXEC_DYNAMIC,		/* has PT_INTERP */
	ELF_EXEC_SHARED_LIB,		/* ET_DYN without an entry point */
	ELF_EXEC_BAD_PHDRS,		/* e_phentsize or e_phnum unusable */
	ELF_EXEC_PHDRS_OUTSIDE,		/* program header table past the end */
	ELF_EXEC_SEG_OUTSIDE,		/* segment bytes past the end (truncated) */
	ELF_EXEC_SEG_FILESZ,		/* p_filesz > p_memsz */
	ELF_EXEC_SEG_WRAP,		/* vaddr + memsz wraps */
	ELF_EXEC_SEG_ALIGN,		/* p_align not a power of 2, or vaddr/offset mismatch */
	ELF_EXEC_SEG_OVERLAP,		/* PT_LOADs unsorted, overlapping or sharing a page */
	ELF_EXEC_SEG_RANGE,		/* outside [USER_MIN, USER_END) once biased */
	ELF_EXEC_NO_LOAD,
	ELF_EXEC_TOO_MANY_LOADS,
	ELF_EXEC_BAD_ENTRY,		/* entry not in an executable PT_LOAD */
	ELF_EXEC_PHDRS_NOT_LOADED,	/* no AT_PHDR: table not in any PT_LOAD */
	ELF_EXEC_BAD_TLS,
	ELF_EXEC_BAD_BASE,		/* PIE base not aligned to the segments' p_align */
	ELF_EXEC_NR_ERRORS
};

/* Protection bits of a planned segment (same values as PROT_*). */
#define ELF_EXEC_PROT_R		1
#define ELF_EXEC_PROT_W		2
#define ELF_EXEC_PROT_X		4

/*
 * One PT_LOAD, biased. Map [start, end) with @prot, copy @file_size bytes
 * from file offset @file_offset to @start, and zero @zero_len bytes from
 * @zero_start (= end of the copied bytes) to @end. The copy starts at the
 * page boundary, not at p_vaddr, so the page holds what Linux's mmap of the
 * file would show (e.g. the ELF and program headers in the first page).
 */
struct elf_exec_seg {
	uint64_t start;
	uint64_t end;
	uint64_t file_offset;
	uint64_t file_size;
	uint64_t zero_start;
	uint64_t zero_len;
	uint64_t vaddr;		/* p_vaddr + bias, for reports */
	uint32_t prot;
};

struct elf_exec_plan {
	uint16_t machine;	/* e_machine, also set when refused as WRONG_ARCH */
	bool pie;		/* ET_DYN static-PIE */
	uint64_t bias;		/* 0 for ET_EXEC */
	uint64_t align;		/* largest PT_LOAD p_align: a PIE base's alignment */
	uint64_t entry;		/* AT_ENTRY, biased */
	uint64_t phdr;		/* AT_PHDR, biased */
	uint64_t phent;		/* AT_PHENT */
	uint64_t phnum;		/* AT_PHNUM */
	uint64_t brk;		/* page-aligned end of the highest segment */
	bool has_gnu_stack;
	bool stack_exec;	/* PT_GNU_STACK has PF_X, or is absent (Linux's x86 default) */
	bool has_tls;
	uint64_t tls_vaddr;	/* biased */
	uint64_t tls_filesz;
	uint64_t tls_memsz;
	uint64_t tls_align;
	unsigned int nr_segs;
	struct elf_exec_seg segs[ELF_EXEC_MAX_LOADS];
};

/*
 * Validate the executable in @file (@len bytes, the whole file) and fill
 * @plan. A static-PIE's lowest page goes at @pie_base (page-aligned, and
 * aligned to the largest p_align), which ET_EXEC ignores. Returns
 * ELF_EXEC_OK or the reason it is refused; @plan is then partly filled.
 */
enum elf_exec_err elf_exec_plan(const void *file, size_t len, uint64_t pie_base,
				struct elf_exec_plan *plan);

/* A one-line text for @err, e.g. "dynamic executables are not supported yet". */
const char *elf_exec_strerror(enum elf_exec_err err);

/* The usual name of an ELF e_machine ("i386", "aarch64"...), or NULL. */
const char *elf_exec_machine_name(uint16_t machine);

#endif /* IHK_COMMON_ELF_EXEC_H */
