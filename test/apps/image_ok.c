// SPDX-License-Identifier: GPL-2.0
/*
 * A well-formed x86_64 ELF64 executable (ET_EXEC) for image-loading tests,
 * until the real LWK image exists. It is never run.
 */
void _start(void)
{
	for (;;)
		__asm__ volatile("hlt");
}
