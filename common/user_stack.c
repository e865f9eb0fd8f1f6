// SPDX-License-Identifier: GPL-2.0
#include "user_stack.h"

static const char user_stack_platform[] = "x86_64";

/*
 * Places things downwards from the stack top. In the dry run (buf NULL)
 * nothing is written: it only finds where everything goes, so the size
 * needed is known before anything is written and a too small buffer is
 * refused cleanly.
 */
struct stack_cursor {
	unsigned char *buf;	/* NULL: dry run */
	uint64_t low;		/* user address of buf[0] */
	uint64_t pos;		/* lowest address used so far */
};

static uint64_t push_bytes(struct stack_cursor *c, const void *src, uint64_t n)
{
	c->pos -= n;
	if (c->buf)
		memcpy(c->buf + (c->pos - c->low), src, n);
	return c->pos;
}

static void put_word(struct stack_cursor *c, uint64_t addr, uint64_t v)
{
	if (c->buf)
		memcpy(c->buf + (addr - c->low), &v, sizeof(v));
}

static size_t count_strings(const char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Fills @aux with the auxv pairs in Linux 6.1's order; returns how many. */
static unsigned int make_auxv(const struct user_stack_auxv *a, uint64_t random,
			      uint64_t platform, uint64_t execfn,
			      uint64_t aux[USER_STACK_MAX_AUXV][2])
{
	unsigned int n = 0;

#define AUX(type, val) do { aux[n][0] = (type); aux[n][1] = (val); n++; } while (0)
	/* ARCH_DLINFO on x86_64 comes first. */
	if (a->sysinfo_ehdr)
		AUX(USER_AT_SYSINFO_EHDR, a->sysinfo_ehdr);
	AUX(USER_AT_MINSIGSTKSZ, a->minsigstksz);
	AUX(USER_AT_HWCAP, a->hwcap);
	AUX(USER_AT_PAGESZ, a->pagesz);
	AUX(USER_AT_CLKTCK, a->clktck);
	AUX(USER_AT_PHDR, a->phdr);
	AUX(USER_AT_PHENT, a->phent);
	AUX(USER_AT_PHNUM, a->phnum);
	AUX(USER_AT_BASE, a->base);
	AUX(USER_AT_FLAGS, a->flags);
	AUX(USER_AT_ENTRY, a->entry);
	AUX(USER_AT_UID, a->uid);
	AUX(USER_AT_EUID, a->euid);
	AUX(USER_AT_GID, a->gid);
	AUX(USER_AT_EGID, a->egid);
	AUX(USER_AT_SECURE, a->secure);
	AUX(USER_AT_RANDOM, random);
	AUX(USER_AT_HWCAP2, a->hwcap2);
	AUX(USER_AT_EXECFN, execfn);
	AUX(USER_AT_PLATFORM, platform);
	AUX(USER_AT_NULL, 0);
#undef AUX
	return n;
}

static void lay_out(const struct user_stack_args *args, struct stack_cursor *c,
		    size_t argc, size_t envc)
{
	static const char empty[] = "";
	uint64_t aux[USER_STACK_MAX_AUXV][2];
	uint64_t execfn, random, platform, words, sp, p;
	unsigned int naux, i;
	size_t k;

	/* Linux leaves one NULL pointer at the very top, then the file name. */
	push_bytes(c, &(uint64_t){ 0 }, sizeof(uint64_t));
	execfn = push_bytes(c, args->execfn, strlen(args->execfn) + 1);
	/* Strings go last-first, so argv[0]'s is the lowest (as in copy_strings). */
	for (k = envc; k-- > 0;)
		push_bytes(c, args->envp[k], strlen(args->envp[k]) + 1);
	if (argc == 0)
		push_bytes(c, empty, 1);
	for (k = argc; k-- > 0;)
		push_bytes(c, args->argv[k], strlen(args->argv[k]) + 1);
	p = c->pos;
	c->pos &= ~15ull;	/* arch_align_stack(), without the randomisation */
	platform = push_bytes(c, user_stack_platform, sizeof(user_stack_platform));
	random = push_bytes(c, args->random, 16);

	naux = make_auxv(args->auxv, random, platform, execfn, aux);
	if (argc == 0)
		argc = 1;	/* Linux 5.18+ turns an empty argv into { "" } */
	words = 1 + (argc + 1) + (envc + 1) + 2 * (uint64_t)naux;
	/* STACK_ROUND: the table ends wherever, RSP (argc) is 16-aligned. */
	sp = (c->pos - words * 8) & ~15ull;
	c->pos = sp;
	if (!c->buf)
		return;

	put_word(c, sp, argc);
	sp += 8;
	for (k = 0; k < argc; k++, sp += 8) {
		put_word(c, sp, p);
		p += strlen(args->argv[k] ? args->argv[k] : empty) + 1;
	}
	put_word(c, sp, 0);
	sp += 8;
	for (k = 0; k < envc; k++, sp += 8) {
		put_word(c, sp, p);
		p += strlen(args->envp[k]) + 1;
	}
	put_word(c, sp, 0);
	sp += 8;
	for (i = 0; i < naux; i++, sp += 16) {
		put_word(c, sp, aux[i][0]);
		put_word(c, sp + 8, aux[i][1]);
	}
}

int user_stack_build(const struct user_stack_args *args, void *buf, size_t size,
		     uint64_t *rsp, size_t *used)
{
	struct user_stack_args a = *args;
	struct stack_cursor c;
	size_t argc, envc, k;
	uint64_t total = 0, needed;

	if (!a.argv || !a.random || !a.auxv || (a.stack_top & 15))
		return -EINVAL;
	argc = count_strings(a.argv);
	envc = count_strings(a.envp);
	if (!a.execfn)
		a.execfn = argc ? a.argv[0] : "";
	/* Linux refuses any one string over MAX_ARG_STRLEN with E2BIG. */
	for (k = 0; k < argc + envc + 1; k++) {
		const char *s = k < argc ? a.argv[k] :
				k < argc + envc ? a.envp[k - argc] : a.execfn;
		size_t n = strnlen(s, USER_STACK_MAX_STRLEN);

		if (n >= USER_STACK_MAX_STRLEN)
			return -E2BIG;
		total += n + 1;
	}
	/* Keeps the dry run's arithmetic far from wrapping below zero. */
	if (a.stack_top < total + 8 * (argc + envc) + 4096 + (1ull << 20))
		return -EINVAL;

	c.buf = NULL;
	c.low = 0;
	c.pos = a.stack_top;
	lay_out(&a, &c, argc, envc);
	needed = a.stack_top - c.pos;
	if (used)
		*used = needed;
	if (needed > size)
		return -E2BIG;

	c.buf = (unsigned char *)buf + size - needed;
	/* The alignment gaps are part of what the process sees: no stale bytes. */
	memset(c.buf, 0, needed);
	c.low = c.pos;
	c.pos = a.stack_top;
	lay_out(&a, &c, argc, envc);
	*rsp = c.pos;
	return 0;
}
