// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_exec.h"

/*
 * A minimal static executable laid out like ld's output: a R segment at
 * 0x400000 holding the headers, R+X text at 0x401000, RW data+bss at 0x402000,
 * then PT_TLS and PT_GNU_STACK.
 */
#define NPH	5
static unsigned char image[0x3000];
static Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
static Elf64_Phdr *ph = (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr));
static struct elf_exec_plan plan;

static void set_load(int i, uint32_t flags, uint64_t off, uint64_t vaddr, uint64_t filesz,
		     uint64_t memsz)
{
	ph[i] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = flags, .p_offset = off,
			      .p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
			      .p_memsz = memsz, .p_align = 0x1000 };
}

static void make_exec(void)
{
	memset(image, 0, sizeof(image));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x401010;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = NPH;
	set_load(0, PF_R, 0, 0x400000, 0x200, 0x200);
	set_load(1, PF_R | PF_X, 0x1000, 0x401000, 0x100, 0x100);
	set_load(2, PF_R | PF_W, 0x2100, 0x402100, 0x80, 0x3000);
	ph[3] = (Elf64_Phdr){ .p_type = PT_TLS, .p_flags = PF_R, .p_offset = 0x2100,
			      .p_vaddr = 0x402100, .p_filesz = 0x10, .p_memsz = 0x40,
			      .p_align = 8 };
	ph[4] = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W, .p_align = 16 };
}

/* The same as static-PIE: addresses from 0, ET_DYN. */
static void make_pie(void)
{
	int i;

	make_exec();
	eh->e_type = ET_DYN;
	eh->e_entry -= 0x400000;
	for (i = 0; i < 4; i++) {
		ph[i].p_vaddr -= 0x400000;
		ph[i].p_paddr = ph[i].p_vaddr;
	}
}

static enum elf_exec_err plan_of(size_t len)
{
	return elf_exec_plan(image, len, 0x10000000, &plan);
}

START_TEST(static_exec_plan)
{
	make_exec();
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_OK);
	ck_assert(!plan.pie);
	ck_assert_uint_eq(plan.machine, EM_X86_64);
	ck_assert_uint_eq(plan.bias, 0);
	ck_assert_uint_eq(plan.entry, 0x401010);
	ck_assert_uint_eq(plan.phdr, 0x400000 + sizeof(Elf64_Ehdr));
	ck_assert_uint_eq(plan.phent, sizeof(Elf64_Phdr));
	ck_assert_uint_eq(plan.phnum, NPH);
	ck_assert_uint_eq(plan.nr_segs, 3);
	ck_assert_uint_eq(plan.segs[0].start, 0x400000);
	ck_assert_uint_eq(plan.segs[0].end, 0x401000);
	ck_assert_uint_eq(plan.segs[0].prot, ELF_EXEC_PROT_R);
	ck_assert_uint_eq(plan.segs[1].prot, ELF_EXEC_PROT_R | ELF_EXEC_PROT_X);
	/* Data: copy from the page boundary, zero the rest of the bss pages. */
	ck_assert_uint_eq(plan.segs[2].start, 0x402000);
	ck_assert_uint_eq(plan.segs[2].end, 0x406000);
	ck_assert_uint_eq(plan.segs[2].vaddr, 0x402100);
	ck_assert_uint_eq(plan.segs[2].file_offset, 0x2000);
	ck_assert_uint_eq(plan.segs[2].file_size, 0x180);
	ck_assert_uint_eq(plan.segs[2].zero_start, 0x402180);
	ck_assert_uint_eq(plan.segs[2].zero_len, 0x406000 - 0x402180);
	ck_assert_uint_eq(plan.segs[2].prot, ELF_EXEC_PROT_R | ELF_EXEC_PROT_W);
	ck_assert_uint_eq(plan.brk, 0x406000);
	ck_assert(plan.has_gnu_stack);
	ck_assert(!plan.stack_exec);
	ck_assert(plan.has_tls);
	ck_assert_uint_eq(plan.tls_vaddr, 0x402100);
	ck_assert_uint_eq(plan.tls_filesz, 0x10);
	ck_assert_uint_eq(plan.tls_memsz, 0x40);
	ck_assert_uint_eq(plan.tls_align, 8);
}
END_TEST

START_TEST(static_pie_plan_is_biased)
{
	make_pie();
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_OK);
	ck_assert(plan.pie);
	ck_assert_uint_eq(plan.bias, 0x10000000);
	ck_assert_uint_eq(plan.entry, 0x10001010);
	ck_assert_uint_eq(plan.phdr, 0x10000000 + sizeof(Elf64_Ehdr));
	ck_assert_uint_eq(plan.segs[0].start, 0x10000000);
	ck_assert_uint_eq(plan.segs[2].vaddr, 0x10002100);
	ck_assert_uint_eq(plan.tls_vaddr, 0x10002100);
	ck_assert_uint_eq(plan.brk, 0x10006000);
	/* A misaligned base is the caller's bug, reported as such. */
	ck_assert_int_eq(elf_exec_plan(image, sizeof(image), 0x10000800, &plan),
			 ELF_EXEC_BAD_BASE);
	ph[1].p_align = 0x200000;
	ck_assert_int_eq(elf_exec_plan(image, sizeof(image), 0x10100000, &plan),
			 ELF_EXEC_BAD_BASE);
	ck_assert_int_eq(elf_exec_plan(image, sizeof(image), 0x10200000, &plan), ELF_EXEC_OK);
}
END_TEST

START_TEST(pt_phdr_and_stack_flags)
{
	make_exec();
	/* PT_PHDR wins over the computed address; it must be loaded. */
	ph[4] = (Elf64_Phdr){ .p_type = PT_PHDR, .p_flags = PF_R, .p_offset = eh->e_phoff,
			      .p_vaddr = 0x400000 + eh->e_phoff, .p_filesz = NPH * 56,
			      .p_memsz = NPH * 56, .p_align = 8 };
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_OK);
	ck_assert_uint_eq(plan.phdr, 0x400040);
	/* No PT_GNU_STACK: executable stack, as Linux decides on x86. */
	ck_assert(!plan.has_gnu_stack);
	ck_assert(plan.stack_exec);
	ph[4].p_vaddr = 0x403000;	/* in the bss: not what the file holds */
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_PHDRS_NOT_LOADED);
	make_exec();
	ph[4].p_flags |= PF_X;
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_OK);
	ck_assert(plan.stack_exec);
	/* Without PT_PHDR, the table must be in a PT_LOAD's file bytes. */
	make_exec();
	ph[0].p_offset = 0x1000;
	ph[0].p_filesz = 0x10;
	ph[1].p_offset = 0x2000;
	ph[2].p_offset = 0x2100;
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_PHDRS_NOT_LOADED);
}
END_TEST

START_TEST(zero_memsz_load_is_skipped)
{
	make_exec();
	ph[4] = ph[0];
	ph[4].p_memsz = ph[4].p_filesz = 0;
	ph[4].p_vaddr = 0x900000;
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_OK);
	ck_assert_uint_eq(plan.nr_segs, 3);
}
END_TEST

struct bad_exec {
	const char *name;
	void (*make)(void);
	void (*spoil)(void);
	size_t len;
	enum elf_exec_err err;
};

static void no_spoil(void) { }
static void spoil_magic(void) { image[0] = 'M'; image[1] = 'Z'; }
static void spoil_class(void) { eh->e_ident[EI_CLASS] = ELFCLASS32; }
static void spoil_endian(void) { eh->e_ident[EI_DATA] = ELFDATA2MSB; }
static void spoil_version(void) { eh->e_version = 0; }
static void spoil_aarch64(void) { eh->e_machine = EM_AARCH64; }
static void spoil_rel(void) { eh->e_type = ET_REL; }
static void spoil_core(void) { eh->e_type = ET_CORE; }
static void spoil_interp(void)
{
	ph[4] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = 0x200, .p_filesz = 28 };
}
static void spoil_lib(void) { eh->e_entry = 0; }
static void spoil_phentsize(void) { eh->e_phentsize = 32; }
static void spoil_phnum(void) { eh->e_phnum = 0; }
static void spoil_phoff(void) { eh->e_phoff = sizeof(image) - 100; }
static void spoil_phoff_huge(void) { eh->e_phoff = ~0ull - 16; }
static void spoil_phoff_odd(void) { eh->e_phoff = 0x41; }
static void spoil_seg_past_end(void) { ph[2].p_filesz = 0x1000; }
static void spoil_seg_offset_huge(void) { ph[2].p_offset = ~0ull - 8; }
static void spoil_filesz(void) { ph[2].p_memsz = 0x10; ph[3].p_memsz = 0x10; }
static void spoil_wrap(void) { ph[2].p_vaddr = ~0ull - 0x1000 + 0x100; }
static void spoil_wrap_page(void) { ph[2].p_vaddr = ~0ull - 0x3000 + 0x101; }
static void spoil_align_pow2(void) { ph[1].p_align = 0x3000; }
static void spoil_align_page(void) { ph[1].p_vaddr = 0x401010; ph[1].p_paddr = 0x401010; }
static void spoil_align_big(void) { ph[1].p_align = 0x800000; }
static void spoil_overlap(void) { ph[1].p_vaddr = 0x400000; eh->e_entry = 0x400010; }
static void spoil_unsorted(void) { Elf64_Phdr t = ph[0]; ph[0] = ph[1]; ph[1] = t; }
static void spoil_share_page(void)
{
	/* The text ends in the page where data starts. */
	ph[1].p_filesz = ph[1].p_memsz = 0x1180;
}
static void spoil_low(void)
{
	int i;

	for (i = 0; i < 4; i++)
		ph[i].p_vaddr -= 0x400000;
	eh->e_entry -= 0x400000;
}
static void spoil_high(void) { ph[2].p_memsz = 0x800000000000ull; }
static void spoil_no_load(void) { ph[0].p_type = ph[1].p_type = ph[2].p_type = PT_NOTE; }
static void spoil_too_many(void)
{
	int i;

	eh->e_phnum = ELF_EXEC_MAX_LOADS + 1;
	for (i = 0; i <= ELF_EXEC_MAX_LOADS; i++)
		set_load(i, PF_R | PF_X, 0, 0x400000 + i * 0x1000, 0x1000, 0x1000);
}
static void spoil_entry_out(void) { eh->e_entry = 0x900000; }
static void spoil_entry_noexec(void) { eh->e_entry = 0x400010; }
static void spoil_tls_outside(void) { ph[3].p_vaddr = 0x404000; }
static void spoil_tls_two(void) { ph[4] = ph[3]; }
static void spoil_tls_align(void) { ph[3].p_align = 12; }

#define BAD(n, m, s, l, e) { n, m, s, l, e }
static const struct bad_exec bad_execs[] = {
	BAD("empty", make_exec, no_spoil, 0, ELF_EXEC_TOO_SHORT),
	BAD("short", make_exec, no_spoil, 40, ELF_EXEC_TOO_SHORT),
	BAD("PE/script", make_exec, spoil_magic, sizeof(image), ELF_EXEC_NOT_ELF),
	BAD("32-bit", make_exec, spoil_class, sizeof(image), ELF_EXEC_NOT_64BIT),
	BAD("big-endian", make_exec, spoil_endian, sizeof(image), ELF_EXEC_NOT_LE),
	BAD("version", make_exec, spoil_version, sizeof(image), ELF_EXEC_BAD_VERSION),
	BAD("aarch64", make_exec, spoil_aarch64, sizeof(image), ELF_EXEC_WRONG_ARCH),
	BAD("object", make_exec, spoil_rel, sizeof(image), ELF_EXEC_NOT_EXECUTABLE),
	BAD("core", make_exec, spoil_core, sizeof(image), ELF_EXEC_NOT_EXECUTABLE),
	BAD("dynamic exec", make_exec, spoil_interp, sizeof(image), ELF_EXEC_DYNAMIC),
	BAD("dynamic PIE", make_pie, spoil_interp, sizeof(image), ELF_EXEC_DYNAMIC),
	BAD("shared lib", make_pie, spoil_lib, sizeof(image), ELF_EXEC_SHARED_LIB),
	BAD("phentsize", make_exec, spoil_phentsize, sizeof(image), ELF_EXEC_BAD_PHDRS),
	BAD("phnum 0", make_exec, spoil_phnum, sizeof(image), ELF_EXEC_BAD_PHDRS),
	BAD("phoff odd", make_exec, spoil_phoff_odd, sizeof(image), ELF_EXEC_BAD_PHDRS),
	BAD("phdrs past end", make_exec, spoil_phoff, sizeof(image), ELF_EXEC_PHDRS_OUTSIDE),
	BAD("phoff wraps", make_exec, spoil_phoff_huge, sizeof(image), ELF_EXEC_PHDRS_OUTSIDE),
	BAD("phdrs truncated", make_exec, no_spoil, 0x100, ELF_EXEC_PHDRS_OUTSIDE),
	BAD("file truncated", make_exec, no_spoil, 0x2000, ELF_EXEC_SEG_OUTSIDE),
	BAD("segment past end", make_exec, spoil_seg_past_end, sizeof(image),
	    ELF_EXEC_SEG_OUTSIDE),
	BAD("offset wraps", make_exec, spoil_seg_offset_huge, sizeof(image),
	    ELF_EXEC_SEG_OUTSIDE),
	BAD("filesz > memsz", make_exec, spoil_filesz, sizeof(image), ELF_EXEC_SEG_FILESZ),
	BAD("vaddr wraps", make_exec, spoil_wrap, sizeof(image), ELF_EXEC_SEG_WRAP),
	BAD("page_up wraps", make_exec, spoil_wrap_page, sizeof(image), ELF_EXEC_SEG_WRAP),
	BAD("align not pow2", make_exec, spoil_align_pow2, sizeof(image), ELF_EXEC_SEG_ALIGN),
	BAD("vaddr/offset page", make_exec, spoil_align_page, sizeof(image),
	    ELF_EXEC_SEG_ALIGN),
	BAD("vaddr/offset align", make_exec, spoil_align_big, sizeof(image),
	    ELF_EXEC_SEG_ALIGN),
	BAD("overlap", make_exec, spoil_overlap, sizeof(image), ELF_EXEC_SEG_OVERLAP),
	BAD("unsorted", make_exec, spoil_unsorted, sizeof(image), ELF_EXEC_SEG_OVERLAP),
	BAD("shared page", make_exec, spoil_share_page, sizeof(image), ELF_EXEC_SEG_OVERLAP),
	BAD("below mmap_min_addr", make_exec, spoil_low, sizeof(image), ELF_EXEC_SEG_RANGE),
	BAD("beyond user space", make_exec, spoil_high, sizeof(image), ELF_EXEC_SEG_RANGE),
	BAD("no PT_LOAD", make_exec, spoil_no_load, sizeof(image), ELF_EXEC_NO_LOAD),
	BAD("too many PT_LOAD", make_exec, spoil_too_many, sizeof(image),
	    ELF_EXEC_TOO_MANY_LOADS),
	BAD("entry outside", make_exec, spoil_entry_out, sizeof(image), ELF_EXEC_BAD_ENTRY),
	BAD("entry not exec", make_exec, spoil_entry_noexec, sizeof(image), ELF_EXEC_BAD_ENTRY),
	BAD("TLS not loaded", make_exec, spoil_tls_outside, sizeof(image), ELF_EXEC_BAD_TLS),
	BAD("two PT_TLS", make_exec, spoil_tls_two, sizeof(image), ELF_EXEC_BAD_TLS),
	BAD("TLS align", make_exec, spoil_tls_align, sizeof(image), ELF_EXEC_BAD_TLS),
};

START_TEST(bad_exec_is_refused)
{
	const struct bad_exec *b = &bad_execs[_i];
	enum elf_exec_err err;

	b->make();
	b->spoil();
	err = plan_of(b->len);
	ck_assert_msg(err == b->err, "%s: got %d (%s), want %d (%s)", b->name, err,
		      elf_exec_strerror(err), b->err, elf_exec_strerror(b->err));
}
END_TEST

START_TEST(every_error_has_a_distinct_text)
{
	int i, j;

	for (i = 0; i < ELF_EXEC_NR_ERRORS; i++) {
		ck_assert_ptr_nonnull(elf_exec_strerror(i));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(elf_exec_strerror(i), elf_exec_strerror(j));
	}
	ck_assert_str_eq(elf_exec_strerror(ELF_EXEC_NR_ERRORS), "unknown error");
	ck_assert_str_eq(elf_exec_strerror(-1), "unknown error");
	ck_assert_ptr_nonnull(strstr(elf_exec_strerror(ELF_EXEC_DYNAMIC),
				     "dynamic executables are not supported yet"));
}
END_TEST

START_TEST(wrong_arch_names_the_machine)
{
	make_exec();
	eh->e_machine = EM_386;
	ck_assert_int_eq(plan_of(sizeof(image)), ELF_EXEC_WRONG_ARCH);
	ck_assert_uint_eq(plan.machine, EM_386);
	ck_assert_str_eq(elf_exec_machine_name(plan.machine), "i386");
	ck_assert_str_eq(elf_exec_machine_name(EM_AARCH64), "aarch64");
	ck_assert_str_eq(elf_exec_machine_name(EM_RISCV), "riscv");
	ck_assert_ptr_null(elf_exec_machine_name(0xbeef));
}
END_TEST

/* Header bytes from every truncation point: never a crash, always a refusal. */
START_TEST(every_truncation_is_refused)
{
	size_t len;

	for (len = 0; len < 0x2180; len++) {
		make_exec();
		ck_assert_int_ne(plan_of(len), ELF_EXEC_OK);
	}
	make_exec();
	ck_assert_int_eq(plan_of(0x2180), ELF_EXEC_OK);
}
END_TEST

/* Real binaries from test/apps/hello.c, built by the Makefile. */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	ck_assert_msg(f != NULL, "%s missing: run make from the repo root", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	*len = n;
	return buf;
}

static const struct {
	const char *path;
	bool pie;
} real_apps[] = {
	{ "build/test/apps/hello-static", false },
	{ "build/test/apps/hello-pie", true },
	{ "build/test/apps/hello-musl", false },
};

START_TEST(real_static_binary_plan_is_sane)
{
	size_t len;
	unsigned char *buf = read_file(real_apps[_i].path, &len);
	const Elf64_Ehdr *reh = (const Elf64_Ehdr *)buf;
	bool entry_ok = false, phdr_ok = false;
	enum elf_exec_err err;
	unsigned int i;

	err = elf_exec_plan(buf, len, 0x10000000, &plan);
	ck_assert_msg(err == ELF_EXEC_OK, "%s: %s", real_apps[_i].path, elf_exec_strerror(err));
	ck_assert(plan.pie == real_apps[_i].pie);
	ck_assert_uint_eq(plan.bias, plan.pie ? 0x10000000 : 0);
	ck_assert_uint_eq(plan.entry, reh->e_entry + plan.bias);
	ck_assert_uint_eq(plan.phnum, reh->e_phnum);
	ck_assert_uint_eq(plan.phent, sizeof(Elf64_Phdr));
	ck_assert_uint_ge(plan.nr_segs, 2);
	if (plan.pie)
		ck_assert_uint_eq(plan.segs[0].start, 0x10000000);
	for (i = 0; i < plan.nr_segs; i++) {
		const struct elf_exec_seg *s = &plan.segs[i];

		ck_assert_uint_eq(s->start % 4096, 0);
		ck_assert_uint_eq(s->end % 4096, 0);
		ck_assert_uint_lt(s->start, s->end);
		ck_assert_uint_eq(s->zero_start + s->zero_len, s->end);
		ck_assert_uint_eq(s->start + s->file_size, s->zero_start);
		ck_assert_uint_le(s->file_offset + s->file_size, len);
		if (i)
			ck_assert_uint_ge(s->start, plan.segs[i - 1].end);
		if ((s->prot & ELF_EXEC_PROT_X) && plan.entry >= s->vaddr && plan.entry < s->end)
			entry_ok = true;
		/* The program headers as loaded are those of the file. */
		if (plan.phdr >= s->start && plan.phdr + plan.phnum * plan.phent <= s->zero_start) {
			phdr_ok = !memcmp(buf + s->file_offset + (plan.phdr - s->start),
					  buf + reh->e_phoff, plan.phnum * plan.phent);
		}
	}
	ck_assert_msg(entry_ok, "entry not in an executable segment");
	ck_assert_msg(phdr_ok, "AT_PHDR does not point at the program headers");
	ck_assert_uint_eq(plan.brk, plan.segs[plan.nr_segs - 1].end);
	ck_assert(plan.has_gnu_stack);
	ck_assert(!plan.stack_exec);
	/* glibc has TLS (errno); musl's hello may have none. */
	if (plan.has_tls)
		ck_assert_uint_ge(plan.tls_memsz, plan.tls_filesz);
	free(buf);
}
END_TEST

START_TEST(real_dynamic_binary_is_refused)
{
	size_t len;
	unsigned char *buf = read_file("build/test/apps/hello-dynamic", &len);

	ck_assert_int_eq(elf_exec_plan(buf, len, 0x10000000, &plan), ELF_EXEC_DYNAMIC);
	free(buf);
}
END_TEST

Suite *elf_exec_suite(void)
{
	Suite *s = suite_create("elf_exec");
	TCase *tc = tcase_create("synthetic");

	tcase_add_test(tc, static_exec_plan);
	tcase_add_test(tc, static_pie_plan_is_biased);
	tcase_add_test(tc, pt_phdr_and_stack_flags);
	tcase_add_test(tc, zero_memsz_load_is_skipped);
	tcase_add_loop_test(tc, bad_exec_is_refused, 0,
			    sizeof(bad_execs) / sizeof(bad_execs[0]));
	tcase_add_test(tc, every_error_has_a_distinct_text);
	tcase_add_test(tc, wrong_arch_names_the_machine);
	tcase_add_test(tc, every_truncation_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_add_loop_test(tc, real_static_binary_plan_is_sane, 0,
			    sizeof(real_apps) / sizeof(real_apps[0]));
	tcase_add_test(tc, real_dynamic_binary_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
