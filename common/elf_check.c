// SPDX-License-Identifier: GPL-2.0
#include "elf_check.h"
#include "elf64.h"

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

static void elf_header(const void *image, struct elf64_ehdr *eh)
{
	memcpy(eh, image, sizeof(*eh));
}

static void elf_phdr(const void *image, const struct elf64_ehdr *eh,
		     unsigned int i, struct elf64_phdr *ph)
{
	memcpy(ph, (const unsigned char *)image + eh->phoff +
	       (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

static uint64_t elf_align4(uint64_t v)
{
	return (v + 3) & ~3ull;
}

/* Does the note area [off, off + size) hold note @name/@type with @version? */
static bool elf_note_matches(const unsigned char *base, size_t len, uint64_t off,
			     uint64_t size, const char *name, uint32_t type,
			     uint32_t version)
{
	uint64_t name_len = strlen(name) + 1;
	uint64_t end, pos = off;

	if (!elf_range_ok(off, size, len))
		return false;
	end = off + size;
	while (end - pos >= 12) {
		uint32_t hdr[3], desc;
		uint64_t name_off = pos + 12, desc_off;

		memcpy(hdr, base + pos, sizeof(hdr));
		desc_off = name_off + elf_align4(hdr[0]);
		if (desc_off > end || hdr[1] > end - desc_off)
			return false;
		if (hdr[0] == name_len && hdr[2] == type && hdr[1] == 4 &&
		    !memcmp(base + name_off, name, name_len)) {
			memcpy(&desc, base + desc_off, sizeof(desc));
			return desc == version;
		}
		pos = desc_off + elf_align4(hdr[1]);
	}
	return false;
}

int elf_check_lwk_layout(const void *image, size_t len, const char *note_name,
			 uint32_t note_type, uint32_t version, uint64_t base,
			 uint64_t window, uint64_t *span, const char **reason)
{
	bool noted = false;
	struct elf64_ehdr eh;
	uint64_t end = 0;
	unsigned int i;

	elf_header(image, &eh);
	for (i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;

		elf_phdr(image, &eh, i, &ph);
		if (ph.type == ELF_PT_NOTE)
			noted |= elf_note_matches(image, len, ph.offset, ph.filesz,
						  note_name, note_type, version);
		if (ph.type != ELF_PT_LOAD)
			continue;
		if (ph.vaddr < base || ph.memsz > window ||
		    ph.vaddr - base > window - ph.memsz)
			return elf_refuse(reason, "a segment lies outside the LWK kernel window");
		if (ph.vaddr - base + ph.memsz > end)
			end = ph.vaddr - base + ph.memsz;
	}
	if (!noted)
		return elf_refuse(reason, "no LWK boot note for this boot contract version");
	*span = end;
	return 0;
}

unsigned int elf_load_segments(const void *image, struct elf_load_seg *out,
			       unsigned int max)
{
	struct elf64_ehdr eh;
	unsigned int i, n = 0;

	elf_header(image, &eh);
	for (i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;

		elf_phdr(image, &eh, i, &ph);
		if (ph.type != ELF_PT_LOAD)
			continue;
		if (n < max) {
			out[n].offset = ph.offset;
			out[n].filesz = ph.filesz;
			out[n].vaddr = ph.vaddr;
			out[n].memsz = ph.memsz;
		}
		n++;
	}
	return n;
}

uint64_t elf_entry(const void *image)
{
	struct elf64_ehdr eh;

	elf_header(image, &eh);
	return eh.entry;
}
