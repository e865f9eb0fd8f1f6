// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time check of the LWK image, with the very checks ihk.ko runs
 * before it boots one (common/elf_check.c): an x86_64 ET_EXEC whose
 * segments lie in the file and in the kernel window, the entry point in
 * an executable segment, and the IHK boot note. A host program.
 */
#include <stdio.h>
#include <stdlib.h>

#include <elf_check.h>
#include <ihk/boot.h>

int main(int argc, char **argv)
{
	const char *reason = NULL;
	uint64_t span = 0;
	long len;
	void *image;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s LWK-IMAGE\n", argv[0]);
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END)) {
		perror(argv[1]);
		return 1;
	}
	len = ftell(f);
	if (len < 0 || fseek(f, 0, SEEK_SET)) {
		perror(argv[1]);
		return 1;
	}
	image = malloc(len ? len : 1);
	if (!image || fread(image, 1, len, f) != (size_t)len) {
		perror(argv[1]);
		return 1;
	}
	fclose(f);

	if (elf_check_lwk_image(image, len, &reason) ||
	    elf_check_lwk_layout(image, len, IHK_NOTE_NAME, IHK_NOTE_BOOT,
				 IHK_BOOT_VERSION, IHK_LWK_KERNEL_VIRT,
				 IHK_LWK_KERNEL_WINDOW, &span, &reason)) {
		fprintf(stderr, "%s: ihk.ko would refuse it: %s\n", argv[1], reason);
		return 1;
	}
	printf("%s: ok, entry 0x%llx, %llu KiB in the kernel window\n", argv[1],
	       (unsigned long long)elf_entry(image),
	       (unsigned long long)(span >> 10));
	free(image);
	return 0;
}
