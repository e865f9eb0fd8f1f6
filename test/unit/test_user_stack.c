// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <elf.h>
#include <string.h>
#include <sys/auxv.h>

#include "user_stack.h"

#define TOP	0x7ffffffff000ull
#define BUFSZ	(64 * 1024)

static unsigned char buf[BUFSZ];
static const uint8_t rnd[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const char *const argv3[] = { "./hello", "-x", "", NULL };
static const char *const envp2[] = { "PATH=/bin", "HOME=/root", NULL };
static struct user_stack_auxv aux;
static struct user_stack_args args;
static uint64_t rsp;
static size_t used;

static void setup(void)
{
	memset(buf, 0xa5, sizeof(buf));	/* stale bytes must not show */
	aux = (struct user_stack_auxv){
		.phdr = 0x400040, .phent = 56, .phnum = 6, .pagesz = 4096, .entry = 0x401530,
		.uid = 1000, .euid = 1001, .gid = 100, .egid = 101, .secure = 0,
		.hwcap = 0x178bfbff, .hwcap2 = 2, .clktck = 100, .minsigstksz = 3376,
	};
	args = (struct user_stack_args){
		.argv = argv3, .envp = envp2, .execfn = "/home/u/hello", .random = rnd,
		.auxv = &aux, .stack_top = TOP,
	};
	rsp = used = 0;
}

/* Reads the user address @addr of the built stack. */
static const void *at(uint64_t addr)
{
	ck_assert_uint_ge(addr, TOP - BUFSZ);
	ck_assert_uint_lt(addr, TOP);
	return buf + (addr - (TOP - BUFSZ));
}

static uint64_t word(uint64_t addr)
{
	uint64_t v;

	memcpy(&v, at(addr), sizeof(v));
	return v;
}

static const char *str(uint64_t addr)
{
	const char *s = at(addr);

	/* The whole string, NUL included, lies inside the stack. */
	ck_assert_uint_lt(addr + strlen(s), TOP);
	return s;
}

/* What a libc's _start sees, from RSP up. */
struct parsed {
	uint64_t argc;
	const char *argv[8];
	const char *envp[8];
	size_t envc;
	uint64_t auxv[64][2];
	size_t auxc;
	uint64_t end;		/* just past AT_NULL */
};

static void parse(struct parsed *p)
{
	uint64_t sp = rsp;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->argc = word(sp);
	sp += 8;
	ck_assert_uint_le(p->argc, 7);
	for (i = 0; i < p->argc; i++, sp += 8)
		p->argv[i] = str(word(sp));
	ck_assert_uint_eq(word(sp), 0);
	sp += 8;
	for (; word(sp); sp += 8) {
		ck_assert_uint_lt(p->envc, 7);
		p->envp[p->envc++] = str(word(sp));
	}
	sp += 8;
	for (;; sp += 16) {
		ck_assert_uint_lt(p->auxc, 64);
		p->auxv[p->auxc][0] = word(sp);
		p->auxv[p->auxc][1] = word(sp + 8);
		if (p->auxv[p->auxc++][0] == AT_NULL)
			break;
	}
	p->end = sp + 16;
}

static uint64_t getaux(const struct parsed *p, uint64_t type)
{
	size_t i, found = 0;
	uint64_t v = 0;

	for (i = 0; i < p->auxc; i++)
		if (p->auxv[i][0] == type) {
			v = p->auxv[i][1];
			found++;
		}
	ck_assert_msg(found == 1, "auxv type %lu appears %zu times", (unsigned long)type, found);
	return v;
}

static int build(void)
{
	return user_stack_build(&args, buf, sizeof(buf), &rsp, &used);
}

START_TEST(constants_match_linux)
{
	ck_assert_int_eq(USER_AT_NULL, AT_NULL);
	ck_assert_int_eq(USER_AT_PHDR, AT_PHDR);
	ck_assert_int_eq(USER_AT_PHENT, AT_PHENT);
	ck_assert_int_eq(USER_AT_PHNUM, AT_PHNUM);
	ck_assert_int_eq(USER_AT_PAGESZ, AT_PAGESZ);
	ck_assert_int_eq(USER_AT_BASE, AT_BASE);
	ck_assert_int_eq(USER_AT_FLAGS, AT_FLAGS);
	ck_assert_int_eq(USER_AT_ENTRY, AT_ENTRY);
	ck_assert_int_eq(USER_AT_UID, AT_UID);
	ck_assert_int_eq(USER_AT_EUID, AT_EUID);
	ck_assert_int_eq(USER_AT_GID, AT_GID);
	ck_assert_int_eq(USER_AT_EGID, AT_EGID);
	ck_assert_int_eq(USER_AT_PLATFORM, AT_PLATFORM);
	ck_assert_int_eq(USER_AT_HWCAP, AT_HWCAP);
	ck_assert_int_eq(USER_AT_CLKTCK, AT_CLKTCK);
	ck_assert_int_eq(USER_AT_SECURE, AT_SECURE);
	ck_assert_int_eq(USER_AT_RANDOM, AT_RANDOM);
	ck_assert_int_eq(USER_AT_HWCAP2, AT_HWCAP2);
	ck_assert_int_eq(USER_AT_EXECFN, AT_EXECFN);
	ck_assert_int_eq(USER_AT_SYSINFO_EHDR, AT_SYSINFO_EHDR);
	ck_assert_int_eq(USER_AT_MINSIGSTKSZ, 51);	/* older <elf.h> lack it */
}
END_TEST

START_TEST(stack_parses_like_libc)
{
	struct parsed p;
	uint64_t r, platform, execfn;
	size_t i;

	setup();
	ck_assert_int_eq(build(), 0);
	ck_assert_uint_eq(rsp % 16, 0);
	ck_assert_uint_eq(used, TOP - rsp);
	parse(&p);
	ck_assert_uint_eq(p.argc, 3);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(p.argv[i], argv3[i]);
	ck_assert_uint_eq(p.envc, 2);
	ck_assert_str_eq(p.envp[0], "PATH=/bin");
	ck_assert_str_eq(p.envp[1], "HOME=/root");
	/* No vDSO given: no AT_SYSINFO_EHDR; 19 entries and AT_NULL. */
	ck_assert_uint_eq(p.auxc, 20);
	ck_assert_uint_eq(getaux(&p, AT_PHDR), 0x400040);
	ck_assert_uint_eq(getaux(&p, AT_PHENT), 56);
	ck_assert_uint_eq(getaux(&p, AT_PHNUM), 6);
	ck_assert_uint_eq(getaux(&p, AT_PAGESZ), 4096);
	ck_assert_uint_eq(getaux(&p, AT_BASE), 0);
	ck_assert_uint_eq(getaux(&p, AT_FLAGS), 0);
	ck_assert_uint_eq(getaux(&p, AT_ENTRY), 0x401530);
	ck_assert_uint_eq(getaux(&p, AT_UID), 1000);
	ck_assert_uint_eq(getaux(&p, AT_EUID), 1001);
	ck_assert_uint_eq(getaux(&p, AT_GID), 100);
	ck_assert_uint_eq(getaux(&p, AT_EGID), 101);
	ck_assert_uint_eq(getaux(&p, AT_SECURE), 0);
	ck_assert_uint_eq(getaux(&p, AT_HWCAP), 0x178bfbff);
	ck_assert_uint_eq(getaux(&p, AT_HWCAP2), 2);
	ck_assert_uint_eq(getaux(&p, AT_CLKTCK), 100);
	ck_assert_uint_eq(getaux(&p, USER_AT_MINSIGSTKSZ), 3376);
	r = getaux(&p, AT_RANDOM);
	ck_assert_mem_eq(at(r), rnd, 16);
	ck_assert_uint_lt(r + 16, TOP);
	platform = getaux(&p, AT_PLATFORM);
	ck_assert_str_eq(str(platform), "x86_64");
	execfn = getaux(&p, AT_EXECFN);
	ck_assert_str_eq(str(execfn), "/home/u/hello");
	/* Linux's layout: the table, then random, platform, strings, execfn, 8 zeros. */
	ck_assert_uint_ge(r, p.end);
	ck_assert_uint_lt(r, platform);
	ck_assert_uint_lt(platform, (uint64_t)(p.argv[0] - (const char *)at(TOP - BUFSZ)) +
			  TOP - BUFSZ);
	ck_assert_uint_eq(execfn + strlen("/home/u/hello") + 1, TOP - 8);
	ck_assert_uint_eq(word(TOP - 8), 0);
	/* The strings are contiguous: argv[0], ..., envp[last], as execve copies them. */
	for (i = 1; i < 3; i++)
		ck_assert_ptr_eq(p.argv[i], p.argv[i - 1] + strlen(p.argv[i - 1]) + 1);
	ck_assert_ptr_eq(p.envp[0], p.argv[2] + 1);
	ck_assert_ptr_eq(p.envp[1], p.envp[0] + strlen(p.envp[0]) + 1);
	/* Gaps are zeroed, not left over from the buffer. */
	for (i = p.end; i < r; i++)
		ck_assert_uint_eq(*(const uint8_t *)at(i), 0);
	/* Nothing written below RSP. */
	ck_assert_uint_eq(*(const uint8_t *)at(rsp - 1), 0xa5);
}
END_TEST

START_TEST(auxv_order_is_linux_order)
{
	static const uint64_t order[] = {
		AT_SYSINFO_EHDR, USER_AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR,
		AT_PHENT, AT_PHNUM, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID,
		AT_EGID, AT_SECURE, AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, AT_NULL,
	};
	struct parsed p;
	size_t i;

	setup();
	aux.sysinfo_ehdr = 0x7ffff7fc1000;
	ck_assert_int_eq(build(), 0);
	parse(&p);
	ck_assert_uint_eq(p.auxc, sizeof(order) / sizeof(order[0]));
	ck_assert_uint_le(p.auxc, USER_STACK_MAX_AUXV);
	for (i = 0; i < p.auxc; i++)
		ck_assert_uint_eq(p.auxv[i][0], order[i]);
	ck_assert_uint_eq(getaux(&p, AT_SYSINFO_EHDR), 0x7ffff7fc1000);
}
END_TEST

/* Every parity of argc/envc and string length: RSP stays 16-aligned. */
START_TEST(rsp_is_aligned_for_any_counts)
{
	static const char *const many[] = { "a", "bb", "ccc", "dddd", "eeeee", "ffffff", NULL };
	const char *av[7], *ev[7];
	struct parsed p;
	int na, ne;

	for (na = 0; na <= 6; na++) {
		for (ne = 0; ne <= 6; ne++) {
			setup();
			memcpy(av, many + 6 - na, sizeof(av[0]) * (na + 1));
			memcpy(ev, many + 6 - ne, sizeof(ev[0]) * (ne + 1));
			args.argv = av;
			args.envp = ev;
			ck_assert_int_eq(build(), 0);
			ck_assert_uint_eq(rsp % 16, 0);
			parse(&p);
			/* execve() with an empty argv gets { "" } since Linux 5.18. */
			ck_assert_uint_eq(p.argc, na ? na : 1);
			if (!na)
				ck_assert_str_eq(p.argv[0], "");
			else
				ck_assert_str_eq(p.argv[na - 1], "ffffff");
			ck_assert_uint_eq(p.envc, ne);
		}
	}
}
END_TEST

START_TEST(defaults_for_null_envp_and_execfn)
{
	struct parsed p;

	setup();
	args.envp = NULL;
	args.execfn = NULL;
	ck_assert_int_eq(build(), 0);
	parse(&p);
	ck_assert_uint_eq(p.envc, 0);
	ck_assert_str_eq(str(getaux(&p, AT_EXECFN)), "./hello");
}
END_TEST

START_TEST(too_big_is_e2big_with_size_needed)
{
	static char big[BUFSZ];
	const char *av[] = { "./hello", big, NULL };
	size_t need;

	setup();
	ck_assert_int_eq(build(), 0);
	need = used;
	/* Exactly enough fits; one byte less does not, and says how much is needed. */
	ck_assert_int_eq(user_stack_build(&args, buf + 1, need, &rsp, &used), 0);
	ck_assert_int_eq(user_stack_build(&args, buf, need - 1, &rsp, &used), -E2BIG);
	ck_assert_uint_eq(used, need);

	memset(big, 'x', sizeof(big) - 1);
	args.argv = av;
	ck_assert_int_eq(build(), -E2BIG);
	ck_assert_uint_gt(used, BUFSZ);
}
END_TEST

START_TEST(string_over_max_arg_strlen_is_e2big)
{
	static char huge[USER_STACK_MAX_STRLEN + 1];
	static char ok[USER_STACK_MAX_STRLEN];
	static unsigned char big_buf[USER_STACK_MAX_STRLEN + 8192];
	const char *ev[] = { huge, NULL };

	setup();
	memset(huge, 'y', USER_STACK_MAX_STRLEN);
	args.envp = ev;
	ck_assert_int_eq(user_stack_build(&args, big_buf, sizeof(big_buf), &rsp, &used),
			 -E2BIG);
	/* MAX_ARG_STRLEN counts the NUL: one less fits. */
	memset(ok, 'z', USER_STACK_MAX_STRLEN - 1);
	ev[0] = ok;
	ck_assert_int_eq(user_stack_build(&args, big_buf, sizeof(big_buf), &rsp, &used), 0);
}
END_TEST

START_TEST(bad_arguments_are_einval)
{
	setup();
	args.stack_top = TOP - 8;
	ck_assert_int_eq(build(), -EINVAL);
	setup();
	args.stack_top = 0x1000;
	ck_assert_int_eq(build(), -EINVAL);
	setup();
	args.argv = NULL;
	ck_assert_int_eq(build(), -EINVAL);
	setup();
	args.random = NULL;
	ck_assert_int_eq(build(), -EINVAL);
}
END_TEST

Suite *user_stack_suite(void)
{
	Suite *s = suite_create("user_stack");
	TCase *tc = tcase_create("user_stack");

	tcase_add_test(tc, constants_match_linux);
	tcase_add_test(tc, stack_parses_like_libc);
	tcase_add_test(tc, auxv_order_is_linux_order);
	tcase_add_test(tc, rsp_is_aligned_for_any_counts);
	tcase_add_test(tc, defaults_for_null_envp_and_execfn);
	tcase_add_test(tc, too_big_is_e2big_with_size_needed);
	tcase_add_test(tc, string_over_max_arg_strlen_is_e2big);
	tcase_add_test(tc, bad_arguments_are_einval);
	suite_add_tcase(s, tc);
	return s;
}
