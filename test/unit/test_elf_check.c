// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <elf.h>
#include <string.h>

#include "elf_check.h"

/* A minimal valid image: header, one PT_LOAD R+X segment holding the entry. */
static unsigned char image[4096];
static Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
static Elf64_Phdr *ph = (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr));
static const char *reason;

static void make_valid_image(void)
{
	memset(image, 0, sizeof(image));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x100100;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_offset = 0;
	ph->p_vaddr = 0x100000;
	ph->p_filesz = sizeof(image);
	ph->p_memsz = 0x2000;
	reason = NULL;
}

static int check(size_t len)
{
	return elf_check_lwk_image(image, len, &reason);
}

START_TEST(valid_image_is_accepted)
{
	make_valid_image();
	ck_assert_int_eq(check(sizeof(image)), 0);
}
END_TEST

START_TEST(host_static_binary_layout_is_accepted)
{
	make_valid_image();
	eh->e_phnum = 2;
	ph[1] = ph[0];
	ph[1].p_type = PT_NOTE;
	ck_assert_int_eq(check(sizeof(image)), 0);
}
END_TEST

struct bad_image {
	const char *name;
	void (*spoil)(void);
	size_t len;
	const char *reason;
};

static void spoil_magic(void) { image[1] = 'X'; }
static void spoil_class(void) { eh->e_ident[EI_CLASS] = ELFCLASS32; }
static void spoil_endian(void) { eh->e_ident[EI_DATA] = ELFDATA2MSB; }
static void spoil_machine(void) { eh->e_machine = EM_386; }
static void spoil_type(void) { eh->e_type = ET_DYN; }
static void spoil_phnum(void) { eh->e_phnum = 0; }
static void spoil_phoff(void) { eh->e_phoff = sizeof(image) - 8; }
static void spoil_phoff_huge(void) { eh->e_phoff = ~0ULL - 16; }
static void spoil_seg_offset(void) { ph->p_offset = 8; }
static void spoil_filesz(void) { ph->p_memsz = 16; }
static void spoil_wrap(void) { ph->p_vaddr = ~0ULL - 0x100; eh->e_entry = ~0ULL - 0x80; }
static void spoil_no_load(void) { ph->p_type = PT_NOTE; }
static void spoil_entry(void) { eh->e_entry = 0x500000; }
static void spoil_entry_not_exec(void) { ph->p_flags = PF_R | PF_W; }
static void no_spoil(void) { }

static const struct bad_image bad_images[] = {
	{ "truncated header", no_spoil, 10, "too short for an ELF header" },
	{ "bad magic", spoil_magic, 4096, "not an ELF file" },
	{ "32-bit", spoil_class, 4096, "not a 64-bit ELF file" },
	{ "big-endian", spoil_endian, 4096, "not little-endian" },
	{ "i386", spoil_machine, 4096, "not an x86_64 ELF file" },
	{ "PIE/shared", spoil_type, 4096, "not an executable (ET_EXEC)" },
	{ "no phdrs", spoil_phnum, 4096, "no usable program headers" },
	{ "phdrs past end", spoil_phoff, 4096, "program headers lie outside the file" },
	{ "phoff overflow", spoil_phoff_huge, 4096, "program headers lie outside the file" },
	{ "segment past end", spoil_seg_offset, 4096, "a segment lies outside the file" },
	{ "truncated file", no_spoil, 2048, "a segment lies outside the file" },
	{ "filesz > memsz", spoil_filesz, 4096, "a segment is larger in the file than in memory" },
	{ "address wraps", spoil_wrap, 4096, "a segment wraps around the address space" },
	{ "no PT_LOAD", spoil_no_load, 4096, "no loadable segment" },
	{ "entry outside", spoil_entry, 4096, "entry point is not in an executable segment" },
	{ "entry not exec", spoil_entry_not_exec, 4096,
	  "entry point is not in an executable segment" },
};

START_TEST(bad_image_is_refused_with_reason)
{
	const struct bad_image *b = &bad_images[_i];

	make_valid_image();
	b->spoil();
	ck_assert_msg(check(b->len) == -ENOEXEC, "%s accepted", b->name);
	ck_assert_str_eq(reason, b->reason);
}
END_TEST

/*
 * An image laid out like the LWK: a PT_LOAD at BASE and a PT_NOTE holding
 * the boot note ("IHK", type 1, version 7) at file offset 0x800.
 */
#define BASE	0xffffffff80000000ull
#define WINDOW	(1ull << 30)
static uint64_t span;

static void make_lwk_image(uint32_t version)
{
	uint32_t note[5] = { 4, 4, 1, 0, version };

	make_valid_image();
	memcpy(&note[3], "IHK", 4);
	memcpy(image + 0x800, note, sizeof(note));
	eh->e_phnum = 2;
	ph[0].p_vaddr = BASE;
	ph[0].p_memsz = 0x3000;
	eh->e_entry = BASE + 0x100;
	ph[1].p_type = PT_NOTE;
	ph[1].p_offset = 0x800;
	ph[1].p_filesz = sizeof(note);
	span = 0;
}

static int layout(void)
{
	return elf_check_lwk_layout(image, sizeof(image), "IHK", 1, 7, BASE,
				    WINDOW, &span, &reason);
}

START_TEST(lwk_layout_is_accepted_with_span)
{
	make_lwk_image(7);
	ck_assert_int_eq(check(sizeof(image)), 0);
	ck_assert_int_eq(layout(), 0);
	ck_assert_uint_eq(span, 0x3000);
}
END_TEST

START_TEST(lwk_layout_span_covers_highest_segment)
{
	make_lwk_image(7);
	eh->e_phnum = 3;
	ph[2] = ph[0];
	ph[2].p_vaddr = BASE + 0x200000;
	ph[2].p_memsz = 0x1234;
	ck_assert_int_eq(layout(), 0);
	ck_assert_uint_eq(span, 0x201234);
}
END_TEST

START_TEST(image_without_boot_note_is_refused)
{
	make_lwk_image(7);
	eh->e_phnum = 1;
	ck_assert_int_eq(layout(), -ENOEXEC);
	ck_assert_ptr_nonnull(strstr(reason, "note"));
}
END_TEST

START_TEST(image_for_another_boot_version_is_refused)
{
	make_lwk_image(6);
	ck_assert_int_eq(layout(), -ENOEXEC);
	ck_assert_ptr_nonnull(strstr(reason, "note"));
}
END_TEST

START_TEST(note_with_lying_sizes_is_refused_not_overread)
{
	make_lwk_image(7);
	((uint32_t *)(image + 0x800))[1] = 0xfffffff0;	/* descsz */
	ck_assert_int_eq(layout(), -ENOEXEC);
	make_lwk_image(7);
	ph[1].p_offset = sizeof(image) - 4;
	ck_assert_int_eq(layout(), -ENOEXEC);
}
END_TEST

START_TEST(segment_below_or_beyond_window_is_refused)
{
	make_lwk_image(7);
	ph[0].p_vaddr = 0x400000;	/* an ordinary program, e.g. image_ok.elf */
	ck_assert_int_eq(layout(), -ENOEXEC);
	ck_assert_ptr_nonnull(strstr(reason, "window"));
	make_lwk_image(7);
	ph[0].p_vaddr = BASE + WINDOW - 0x1000;
	ck_assert_int_eq(layout(), -ENOEXEC);
	make_lwk_image(7);
	ph[0].p_memsz = WINDOW + 1;
	ck_assert_int_eq(layout(), -ENOEXEC);
}
END_TEST

START_TEST(load_segments_lists_only_pt_load)
{
	struct elf_load_seg seg[4];

	make_lwk_image(7);
	eh->e_phnum = 3;
	ph[2] = ph[0];
	ph[2].p_vaddr = BASE + 0x5000;
	ck_assert_uint_eq(elf_load_segments(image, seg, 4), 2);
	ck_assert_uint_eq(seg[0].vaddr, BASE);
	ck_assert_uint_eq(seg[0].memsz, 0x3000);
	ck_assert_uint_eq(seg[1].vaddr, BASE + 0x5000);
	ck_assert_uint_eq(elf_load_segments(image, seg, 1), 2);
	ck_assert_uint_eq(elf_entry(image), BASE + 0x100);
}
END_TEST

Suite *elf_check_suite(void)
{
	Suite *s = suite_create("elf_check");
	TCase *tc = tcase_create("lwk_image");

	tcase_add_test(tc, valid_image_is_accepted);
	tcase_add_test(tc, host_static_binary_layout_is_accepted);
	tcase_add_loop_test(tc, bad_image_is_refused_with_reason, 0,
			    sizeof(bad_images) / sizeof(bad_images[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("lwk_layout");
	tcase_add_test(tc, lwk_layout_is_accepted_with_span);
	tcase_add_test(tc, lwk_layout_span_covers_highest_segment);
	tcase_add_test(tc, image_without_boot_note_is_refused);
	tcase_add_test(tc, image_for_another_boot_version_is_refused);
	tcase_add_test(tc, note_with_lying_sizes_is_refused_not_overread);
	tcase_add_test(tc, segment_below_or_beyond_window_is_refused);
	tcase_add_test(tc, load_segments_lists_only_pt_load);
	suite_add_tcase(s, tc);
	return s;
}
