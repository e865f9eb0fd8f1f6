/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of LWK images before anything trusts their headers.
 */
#ifndef IHK_COMMON_ELF_CHECK_H
#define IHK_COMMON_ELF_CHECK_H

#include "compat.h"

/*
 * Check that @image (@len bytes) is a little-endian x86_64 ELF64 executable
 * (ET_EXEC) whose program headers and PT_LOAD segments lie inside the file,
 * with at least one PT_LOAD and the entry point inside an executable one.
 * Returns 0, or -ENOEXEC with *@reason (if given) set to a static text.
 */
int elf_check_lwk_image(const void *image, size_t len, const char **reason);

/* A loadable segment, as the boot path copies it. */
struct elf_load_seg {
	uint64_t offset;	/* in the file */
	uint64_t filesz;
	uint64_t vaddr;
	uint64_t memsz;
};

/*
 * For an image that passed elf_check_lwk_image(): check that it was built
 * for boot contract @version (an ELF note named @note_name, type @note_type,
 * holding that 4-byte version, in a PT_NOTE segment) and that every PT_LOAD
 * lies inside [@base, @base + @window). *@span gets the bytes from @base to
 * the end of the highest segment. Returns 0 or -ENOEXEC with *@reason set.
 */
int elf_check_lwk_layout(const void *image, size_t len, const char *note_name,
			 uint32_t note_type, uint32_t version, uint64_t base,
			 uint64_t window, uint64_t *span, const char **reason);

/*
 * Fill @out with up to @max PT_LOAD segments of a checked image; returns
 * how many there are (which may exceed @max).
 */
unsigned int elf_load_segments(const void *image, struct elf_load_seg *out,
			       unsigned int max);

/* The entry point of a checked image. */
uint64_t elf_entry(const void *image);

#endif /* IHK_COMMON_ELF_CHECK_H */
