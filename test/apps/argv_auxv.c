// SPDX-License-Identifier: GPL-2.0
/*
 * What a process finds on its initial stack: prints argc, argv, the
 * number of environment strings and those named MCT_*, then checks the
 * auxiliary vector against what the program knows about itself (its ELF
 * header, its entry point, its ids) and that thread-local storage works.
 * Every mismatch is a "FAIL: ..." line and makes the exit status 1.
 * Output is the same natively and under mcexec; the guest tests diff it.
 */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif
/* musl-gcc has no kernel headers: <asm/prctl.h> value */
#define ARCH_GET_FS 0x1003

#ifndef AT_HWCAP2
#define AT_HWCAP2 26
#endif

/* The linker defines both: the ELF header in memory and the entry point. */
extern const ElfW(Ehdr) __ehdr_start;
extern char _start[];

static __thread int tls_initialized = 0x1234567;
static __thread char tls_zeroed[64];

struct aux_seen {
	int present;
	uintptr_t value;
};

static struct aux_seen aux[64];

static void read_auxv(char **envp)
{
	ElfW(auxv_t) *av;
	char **p = envp;
	int n = 0;

	while (*p)
		p++;
	for (av = (ElfW(auxv_t) *)(p + 1); av->a_type != AT_NULL; av++) {
		if (++n > 256) {
			CHECK(0, "auxv: no AT_NULL within 256 entries");
			return;
		}
		if (av->a_type < sizeof(aux) / sizeof(aux[0])) {
			CHECK(!aux[av->a_type].present, "auxv: type %lu twice",
			      (unsigned long)av->a_type);
			aux[av->a_type].present = 1;
			aux[av->a_type].value = av->a_un.a_val;
		}
	}
}

static int need(unsigned int type, const char *name)
{
	CHECK(aux[type].present, "auxv: %s missing", name);
	return aux[type].present;
}

static void expect_value(unsigned int type, const char *name, uintptr_t want)
{
	if (need(type, name))
		CHECK(aux[type].value == want, "auxv: %s is %#lx, expected %#lx", name,
		      (unsigned long)aux[type].value, (unsigned long)want);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* AT_PHDR/PHENT/PHNUM describe our own program headers, AT_ENTRY is _start. */
static void check_program_headers(void)
{
	const ElfW(Ehdr) *eh = &__ehdr_start;
	const ElfW(Phdr) *ph;
	uintptr_t bias = 0, entry = (uintptr_t)_start;
	int i, have_bias = 0, entry_loaded = 0;

	expect_value(AT_ENTRY, "AT_ENTRY", entry);
	expect_value(AT_PHENT, "AT_PHENT", eh->e_phentsize);
	expect_value(AT_PHNUM, "AT_PHNUM", eh->e_phnum);
	expect_value(AT_PHDR, "AT_PHDR", (uintptr_t)eh + eh->e_phoff);
	if (!aux[AT_PHDR].present || !aux[AT_PHNUM].present)
		return;
	ph = (const ElfW(Phdr) *)aux[AT_PHDR].value;
	for (i = 0; i < (int)aux[AT_PHNUM].value; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) {
			bias = (uintptr_t)eh - ph[i].p_vaddr;
			have_bias = 1;
		}
	}
	CHECK(have_bias, "phdrs at AT_PHDR: no PT_LOAD maps the ELF header");
	for (i = 0; i < (int)aux[AT_PHNUM].value; i++)
		if (ph[i].p_type == PT_LOAD && entry >= bias + ph[i].p_vaddr &&
		    entry < bias + ph[i].p_vaddr + ph[i].p_memsz)
			entry_loaded = 1;
	CHECK(entry_loaded, "phdrs at AT_PHDR: no PT_LOAD holds the entry point");
}

static void check_strings(char **argv)
{
	const unsigned char *rnd;
	struct stat st;
	int i, nonzero = 0;

	if (need(AT_RANDOM, "AT_RANDOM")) {
		rnd = (const unsigned char *)aux[AT_RANDOM].value;
		CHECK(rnd, "auxv: AT_RANDOM is NULL");
		for (i = 0; rnd && i < 16; i++)
			nonzero |= rnd[i];
		CHECK(nonzero, "auxv: the 16 AT_RANDOM bytes are all zero");
	}
	if (need(AT_PLATFORM, "AT_PLATFORM"))
		CHECK(aux[AT_PLATFORM].value &&
		      !strcmp((const char *)aux[AT_PLATFORM].value, "x86_64"),
		      "auxv: AT_PLATFORM is not \"x86_64\"");
	if (need(AT_EXECFN, "AT_EXECFN")) {
		const char *fn = (const char *)aux[AT_EXECFN].value;

		CHECK(fn && !strcmp(base_name(fn), base_name(argv[0])),
		      "auxv: AT_EXECFN \"%s\" does not name argv[0] \"%s\"",
		      fn ? fn : "(null)", argv[0]);
		CHECK(fn && stat(fn, &st) == 0 && S_ISREG(st.st_mode),
		      "auxv: AT_EXECFN \"%s\" is not a regular file", fn ? fn : "(null)");
	}
}

static void check_ids_and_constants(void)
{
	expect_value(AT_PAGESZ, "AT_PAGESZ", 4096);
	expect_value(AT_CLKTCK, "AT_CLKTCK", 100);
	expect_value(AT_SECURE, "AT_SECURE", 0);
	expect_value(AT_UID, "AT_UID", getuid());
	expect_value(AT_EUID, "AT_EUID", geteuid());
	expect_value(AT_GID, "AT_GID", getgid());
	expect_value(AT_EGID, "AT_EGID", getegid());
	/* Every x86_64 CPU has SSE and SSE2 (CPUID.1:EDX bits 25 and 26). */
	if (need(AT_HWCAP, "AT_HWCAP"))
		CHECK((aux[AT_HWCAP].value & (3UL << 25)) == 3UL << 25,
		      "auxv: AT_HWCAP %#lx lacks SSE/SSE2", (unsigned long)aux[AT_HWCAP].value);
	need(AT_HWCAP2, "AT_HWCAP2");
	if (need(AT_MINSIGSTKSZ, "AT_MINSIGSTKSZ"))
		CHECK(aux[AT_MINSIGSTKSZ].value >= 512 && aux[AT_MINSIGSTKSZ].value <= 1 << 20,
		      "auxv: AT_MINSIGSTKSZ %lu is implausible",
		      (unsigned long)aux[AT_MINSIGSTKSZ].value);
}

/* x86_64 TLS: the block lies just below the thread pointer, %fs:0 points to itself. */
static void check_tls(void)
{
	uintptr_t tp, fs = 0, var = (uintptr_t)&tls_initialized;
	size_t i;
	int zero = 1;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(tp));
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0 && fs == tp,
	      "tls: arch_prctl(ARCH_GET_FS) gives %#lx, %%fs:0 is %#lx",
	      (unsigned long)fs, (unsigned long)tp);
	CHECK(var < tp && tp - var < (1 << 20),
	      "tls: variable at %#lx is not just below the thread pointer %#lx",
	      (unsigned long)var, (unsigned long)tp);
	CHECK(tls_initialized == 0x1234567, "tls: initialized variable is %#x",
	      tls_initialized);
	for (i = 0; i < sizeof(tls_zeroed); i++)
		zero &= !tls_zeroed[i];
	CHECK(zero, "tls: zero-initialized array is not zero");
	tls_initialized = 42;
	memset(tls_zeroed, 7, sizeof(tls_zeroed));
	CHECK(*(volatile int *)&tls_initialized == 42 && tls_zeroed[63] == 7,
	      "tls: writes did not stick");
}

int main(int argc, char **argv, char **envp)
{
	int i, envc = 0;

	printf("argc %d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d] \"%s\"\n", i, argv[i]);
	CHECK(argv[argc] == NULL, "argv[argc] is not NULL");
	for (i = 0; envp[i]; i++) {
		envc++;
		if (!strncmp(envp[i], "MCT_", 4))
			printf("env \"%s\"\n", envp[i]);
	}
	printf("envc %d\n", envc);
	read_auxv(envp);
	check_program_headers();
	check_strings(argv);
	check_ids_and_constants();
	check_tls();
	printf("%s\n", check_failures ? "auxv/tls: mismatches" : "auxv/tls: all checks passed");
	return check_status();
}
