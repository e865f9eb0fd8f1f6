// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF note ihk.ko looks for before it boots an image (boot.h): name
 * "IHK", type IHK_NOTE_BOOT, a 4-byte descriptor with IHK_BOOT_VERSION.
 * The linker script puts .note.ihk in a PT_NOTE segment.
 */
#include <lwk/compiler.h>
#include <ihk/boot.h>

struct ihk_boot_note {
	uint32_t namesz;
	uint32_t descsz;
	uint32_t type;
	char name[4];		/* "IHK\0", already 4-byte padded */
	uint32_t desc;
};

static const struct ihk_boot_note boot_note __used __section(".note.ihk")
	__aligned(4) = {
	.namesz = sizeof(IHK_NOTE_NAME),
	.descsz = sizeof(uint32_t),
	.type = IHK_NOTE_BOOT,
	.name = IHK_NOTE_NAME,
	.desc = IHK_BOOT_VERSION,
};

_Static_assert(sizeof(IHK_NOTE_NAME) == 4, "note name must fill 4 bytes");
