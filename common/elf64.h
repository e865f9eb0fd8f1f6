/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our own copies of the ELF64 layouts and the constants we use, for
 * elf_check.c and elf_exec.c: the kernel, the LWK and libc each name them
 * differently (and the LWK has no <elf.h>), and these never change.
 * Private to common/.
 */
#ifndef IHK_COMMON_ELF64_H
#define IHK_COMMON_ELF64_H

#include "compat.h"

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

#define ELF_CLASS64		2
#define ELF_DATA_LSB		1
#define ELF_VERSION		1
#define ELF_ET_EXEC		2
#define ELF_ET_DYN		3
#define ELF_EM_X86_64		62
#define ELF_PT_LOAD		1
#define ELF_PT_INTERP		3
#define ELF_PT_NOTE		4
#define ELF_PT_PHDR		6
#define ELF_PT_TLS		7
#define ELF_PT_GNU_STACK	0x6474e551
#define ELF_PF_X		1
#define ELF_PF_W		2
#define ELF_PF_R		4

#endif /* IHK_COMMON_ELF64_H */
