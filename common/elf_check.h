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

#endif /* IHK_COMMON_ELF_CHECK_H */
