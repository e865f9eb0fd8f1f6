/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The initial stack of a Linux x86_64 process, laid out exactly as Linux's
 * execve (fs/exec.c, fs/binfmt_elf.c create_elf_tables) does, so unmodified
 * static glibc and musl binaries start on the LWK. From the final RSP up:
 *
 *	argc, argv[0..argc-1], NULL, envp[0..], NULL, auxv pairs, AT_NULL 0,
 *	(padding), 16 AT_RANDOM bytes, "x86_64", (padding),
 *	argv strings, envp strings, the AT_EXECFN string, 8 zero bytes, top.
 *
 * RSP is 16-byte aligned, as the ABI requires at process entry.
 */
#ifndef IHK_COMMON_USER_STACK_H
#define IHK_COMMON_USER_STACK_H

#include "compat.h"

/* auxv types, with the values of Linux's include/uapi/linux/auxvec.h. */
#define USER_AT_NULL		0
#define USER_AT_PHDR		3
#define USER_AT_PHENT		4
#define USER_AT_PHNUM		5
#define USER_AT_PAGESZ		6
#define USER_AT_BASE		7
#define USER_AT_FLAGS		8
#define USER_AT_ENTRY		9
#define USER_AT_UID		11
#define USER_AT_EUID		12
#define USER_AT_GID		13
#define USER_AT_EGID		14
#define USER_AT_PLATFORM	15
#define USER_AT_HWCAP		16
#define USER_AT_CLKTCK		17
#define USER_AT_SECURE		23
#define USER_AT_RANDOM		25
#define USER_AT_HWCAP2		26
#define USER_AT_EXECFN		31
#define USER_AT_SYSINFO_EHDR	33
#define USER_AT_MINSIGSTKSZ	51

/* Linux's MAX_ARG_STRLEN: one argument or environment string, with its NUL. */
#define USER_STACK_MAX_STRLEN	(32 * 4096)

/* The auxv values the caller knows; the builder adds RANDOM, PLATFORM, EXECFN. */
struct user_stack_auxv {
	uint64_t phdr;
	uint64_t phent;
	uint64_t phnum;
	uint64_t pagesz;
	uint64_t base;		/* 0: no interpreter */
	uint64_t flags;		/* 0 */
	uint64_t entry;
	uint64_t uid, euid, gid, egid;
	uint64_t secure;
	uint64_t hwcap;		/* CPUID(1).EDX, as Linux reports it on x86 */
	uint64_t hwcap2;
	uint64_t clktck;	/* 100 (USER_HZ) */
	uint64_t minsigstksz;
	uint64_t sysinfo_ehdr;	/* the vDSO; 0 leaves AT_SYSINFO_EHDR out */
};

struct user_stack_args {
	const char *const *argv;	/* NULL-terminated; may be empty */
	const char *const *envp;	/* NULL-terminated; NULL means none */
	const char *execfn;		/* AT_EXECFN; NULL: argv[0] (or "") */
	const uint8_t *random;		/* 16 bytes for AT_RANDOM */
	const struct user_stack_auxv *auxv;
	uint64_t stack_top;		/* user address just above the stack; 16-aligned */
};

/* How many auxv pairs the builder writes at most, AT_NULL included. */
#define USER_STACK_MAX_AUXV	22

/*
 * Build the stack in @buf (@size bytes), whose end will be placed at
 * args->stack_top. On success returns 0, sets *@rsp to the initial stack
 * pointer and *@used to the bytes used at the end of @buf (the stack is
 * [*rsp, stack_top)). Returns -E2BIG if it does not fit (*@used then gets
 * the size needed) or a string is longer than USER_STACK_MAX_STRLEN, and
 * -EINVAL for a misaligned or too low stack_top or missing arguments.
 */
int user_stack_build(const struct user_stack_args *args, void *buf, size_t size,
		     uint64_t *rsp, size_t *used);

#endif /* IHK_COMMON_USER_STACK_H */
