/* SPDX-License-Identifier: GPL-2.0 */
/* Symbols from the linker script (lwk.lds) and entry.S. */
#ifndef LWK_ASM_SECTIONS_H
#define LWK_ASM_SECTIONS_H

extern char __image_start[], __image_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[];

/* cpus[0]'s first stack, in .bss (entry.S). */
extern char boot_stack[], boot_stack_top[];

#endif /* LWK_ASM_SECTIONS_H */
