// SPDX-License-Identifier: GPL-2.0
#include "elf_check.h"

/*
 * Our own copies of the ELF64 layouts: the kernel, the LWK and libc each
 * name them differently, and these never change.
 */
struct elf64_ehdr {
	unsigned char ident[16];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elf64_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

#define ELF_CLASS64	2
#define ELF_DATA_LSB	1
#define ELF_VERSION	1
#define ELF_ET_EXEC	2
#define ELF_EM_X86_64	62
#define ELF_PT_LOAD	1
#define ELF_PF_X	1

static int elf_refuse(const char **reason, const char *why)
{
	if (reason)
		*reason = why;
	return -ENOEXEC;
}

/* True if [off, off + size) lies inside a buffer of @len bytes. */
static bool elf_range_ok(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

int elf_check_lwk_image(const void *image, size_t len, const char **reason)
{
	const unsigned char *base = image;
	struct elf64_ehdr eh;
	bool entry_ok = false;
	unsigned int loads = 0, i;

	if (len < sizeof(eh))
		return elf_refuse(reason, "too short for an ELF header");
	memcpy(&eh, base, sizeof(eh));
	if (eh.ident[0] != 0x7f || eh.ident[1] != 'E' || eh.ident[2] != 'L' ||
	    eh.ident[3] != 'F')
		return elf_refuse(reason, "not an ELF file");
	if (eh.ident[4] != ELF_CLASS64)
		return elf_refuse(reason, "not a 64-bit ELF file");
	if (eh.ident[5] != ELF_DATA_LSB)
		return elf_refuse(reason, "not little-endian");
	if (eh.ident[6] != ELF_VERSION || eh.version != ELF_VERSION)
		return elf_refuse(reason, "unknown ELF version");
	if (eh.machine != ELF_EM_X86_64)
		return elf_refuse(reason, "not an x86_64 ELF file");
	if (eh.type != ELF_ET_EXEC)
		return elf_refuse(reason, "not an executable (ET_EXEC)");
	if (eh.phentsize != sizeof(struct elf64_phdr) || eh.phnum == 0)
		return elf_refuse(reason, "no usable program headers");
	if (!elf_range_ok(eh.phoff, (uint64_t)eh.phnum * eh.phentsize, len))
		return elf_refuse(reason, "program headers lie outside the file");

	for (i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, base + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type != ELF_PT_LOAD)
			continue;
		loads++;
		if (!elf_range_ok(ph.offset, ph.filesz, len))
			return elf_refuse(reason, "a segment lies outside the file");
		if (ph.filesz > ph.memsz)
			return elf_refuse(reason, "a segment is larger in the file than in memory");
		if (ph.vaddr + ph.memsz < ph.vaddr)
			return elf_refuse(reason, "a segment wraps around the address space");
		if ((ph.flags & ELF_PF_X) && eh.entry >= ph.vaddr &&
		    eh.entry - ph.vaddr < ph.memsz)
			entry_ok = true;
	}
	if (!loads)
		return elf_refuse(reason, "no loadable segment");
	if (!entry_ok)
		return elf_refuse(reason, "entry point is not in an executable segment");
	return 0;
}
