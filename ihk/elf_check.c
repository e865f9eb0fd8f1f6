// SPDX-License-Identifier: GPL-2.0
/* The shared ELF check, compiled into the module from common/. */
#include "../common/elf_check.c"
