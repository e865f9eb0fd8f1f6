// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's signal and resource-limit rules (lwk/kernel/sigrules.c,
 * rlimit_rules.c) against Linux 6.1's: default actions, what
 * rt_sigaction and rt_sigprocmask accept, what a sent signal does, the
 * order pending signals act in, and the limits a process starts with.
 */
#include <check.h>
#include <signal.h>
#include <sys/resource.h>

#include <lwk/sigrules.h>
#include <lwk/rlimit_rules.h>

/* Our numbers are Linux's: compare with the host's. */
START_TEST(numbers_match_host)
{
	ck_assert_int_eq(LWK_SIGABRT, SIGABRT);
	ck_assert_int_eq(LWK_SIGKILL, SIGKILL);
	ck_assert_int_eq(LWK_SIGSTOP, SIGSTOP);
	ck_assert_int_eq(LWK_SIGCHLD, SIGCHLD);
	ck_assert_int_eq(LWK_SIGSYS, SIGSYS);
	ck_assert_int_eq(LWK_SIGWINCH, SIGWINCH);
	ck_assert_int_eq(LWK_SIG_BLOCK, SIG_BLOCK);
	ck_assert_int_eq(LWK_SIG_UNBLOCK, SIG_UNBLOCK);
	ck_assert_int_eq(LWK_SIG_SETMASK, SIG_SETMASK);
	ck_assert_uint_eq(LWK_SA_RESTART, SA_RESTART);
	ck_assert_uint_eq(LWK_SA_SIGINFO, SA_SIGINFO);
	ck_assert_uint_eq(LWK_SA_RESETHAND, (uint32_t)SA_RESETHAND);
	ck_assert_int_eq(LWK_RLIMIT_NOFILE, RLIMIT_NOFILE);
	ck_assert_int_eq(LWK_RLIMIT_STACK, RLIMIT_STACK);
	ck_assert_int_eq(LWK_RLIMIT_RTTIME, RLIMIT_RTTIME);
	ck_assert_int_eq(LWK_RLIMIT_COUNT, RLIMIT_NLIMITS);
}
END_TEST

START_TEST(default_actions)
{
	static const int core[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
				    SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS };
	static const int ign[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };
	static const int stop[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
	int sig, ncore = 0, nign = 0, nstop = 0;
	unsigned int i;

	for (i = 0; i < 10; i++)
		ck_assert_int_eq(sig_default_action(core[i]), SIG_DEF_CORE);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(sig_default_action(ign[i]), SIG_DEF_IGNORE);
		ck_assert_int_eq(sig_default_action(stop[i]), SIG_DEF_STOP);
	}
	for (sig = 1; sig <= 64; sig++) {
		ncore += sig_default_action(sig) == SIG_DEF_CORE;
		nign += sig_default_action(sig) == SIG_DEF_IGNORE;
		nstop += sig_default_action(sig) == SIG_DEF_STOP;
	}
	ck_assert_int_eq(ncore, 10);
	ck_assert_int_eq(nign, 4);
	ck_assert_int_eq(nstop, 4);
	/* everything else terminates: SIGTERM, SIGPIPE, real-time ones */
	ck_assert_int_eq(sig_default_action(SIGTERM), SIG_DEF_TERM);
	ck_assert_int_eq(sig_default_action(SIGKILL), SIG_DEF_TERM);
	ck_assert_int_eq(sig_default_action(34), SIG_DEF_TERM);
	ck_assert_int_eq(sig_default_action(64), SIG_DEF_TERM);
}
END_TEST

START_TEST(sigaction_rules)
{
	uint64_t flags, mask;

	ck_assert_int_eq(sigaction_check(SIGINT, true, 8), 0);
	ck_assert_int_eq(sigaction_check(SIGINT, true, 16), -EINVAL);
	ck_assert_int_eq(sigaction_check(SIGINT, false, 4), -EINVAL);
	ck_assert_int_eq(sigaction_check(0, false, 8), -EINVAL);
	ck_assert_int_eq(sigaction_check(65, false, 8), -EINVAL);
	ck_assert_int_eq(sigaction_check(-1, false, 8), -EINVAL);
	ck_assert_int_eq(sigaction_check(64, true, 8), 0);
	/* KILL and STOP: readable, never changed */
	ck_assert_int_eq(sigaction_check(SIGKILL, true, 8), -EINVAL);
	ck_assert_int_eq(sigaction_check(SIGSTOP, true, 8), -EINVAL);
	ck_assert_int_eq(sigaction_check(SIGKILL, false, 8), 0);

	flags = SA_RESTART | SA_SIGINFO | 0x04000000 | 0x400 | 0x100000;
	mask = ~0ULL;
	sigaction_sanitize(&flags, &mask);
	ck_assert_uint_eq(flags, SA_RESTART | SA_SIGINFO | 0x04000000);
	ck_assert_uint_eq(mask, ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP)));
}
END_TEST

START_TEST(sigprocmask_rules)
{
	uint64_t m = 0;

	ck_assert_int_eq(sigmask_change(&m, SIG_BLOCK, ~0ULL), 0);
	ck_assert_uint_eq(m, ~SIG_UNBLOCKABLE);
	ck_assert_int_eq(sigmask_change(&m, SIG_UNBLOCK, sig_bit(SIGABRT)), 0);
	ck_assert_uint_eq(m, ~SIG_UNBLOCKABLE & ~sig_bit(SIGABRT));
	ck_assert_int_eq(sigmask_change(&m, SIG_SETMASK, sig_bit(SIGKILL) |
					sig_bit(SIGINT)), 0);
	ck_assert_uint_eq(m, sig_bit(SIGINT));
	ck_assert_int_eq(sigmask_change(&m, 3, 0), -EINVAL);
	ck_assert_int_eq(sigmask_change(&m, -1, 0), -EINVAL);
	ck_assert_uint_eq(m, sig_bit(SIGINT));
}
END_TEST

START_TEST(outcomes)
{
	uint64_t blocked = sig_bit(SIGABRT) | sig_bit(SIGCHLD);

	ck_assert_int_eq(sig_outcome(0, 0, 0), SIG_OUT_NONE);
	ck_assert_int_eq(sig_outcome(SIGTERM, LWK_SIG_DFL, 0), SIG_OUT_TERMINATE);
	ck_assert_int_eq(sig_outcome(SIGABRT, LWK_SIG_DFL, 0), SIG_OUT_TERMINATE);
	ck_assert_int_eq(sig_outcome(SIGTERM, LWK_SIG_IGN, 0), SIG_OUT_NONE);
	ck_assert_int_eq(sig_outcome(SIGCHLD, LWK_SIG_DFL, 0), SIG_OUT_NONE);
	ck_assert_int_eq(sig_outcome(SIGTSTP, LWK_SIG_DFL, 0), SIG_OUT_STOP);
	ck_assert_int_eq(sig_outcome(SIGUSR1, 0x401000, 0), SIG_OUT_HANDLER);
	/* blocked: pending, even when ignored now (Linux queues it) */
	ck_assert_int_eq(sig_outcome(SIGABRT, LWK_SIG_DFL, blocked),
			 SIG_OUT_PENDING);
	ck_assert_int_eq(sig_outcome(SIGCHLD, LWK_SIG_DFL, blocked),
			 SIG_OUT_PENDING);
	/* KILL: never blocked, never ignored, never handled */
	ck_assert_int_eq(sig_outcome(SIGKILL, LWK_SIG_IGN, ~0ULL),
			 SIG_OUT_TERMINATE);
	ck_assert_int_eq(sig_outcome(SIGSTOP, 0x401000, ~0ULL), SIG_OUT_STOP);

	ck_assert(sig_handler_ignored(SIGTERM, LWK_SIG_IGN));
	ck_assert(sig_handler_ignored(SIGWINCH, LWK_SIG_DFL));
	ck_assert(!sig_handler_ignored(SIGTERM, LWK_SIG_DFL));
	ck_assert(!sig_handler_ignored(SIGWINCH, 0x401000));
}
END_TEST

START_TEST(pending_order)
{
	uint64_t p = sig_bit(SIGTERM) | sig_bit(SIGINT) | sig_bit(SIGSEGV);

	/* synchronous first, then the lowest */
	ck_assert_int_eq(sig_next(p, 0), SIGSEGV);
	ck_assert_int_eq(sig_next(p, sig_bit(SIGSEGV)), SIGINT);
	ck_assert_int_eq(sig_next(p & ~sig_bit(SIGSEGV), sig_bit(SIGINT)),
			 SIGTERM);
	ck_assert_int_eq(sig_next(p, ~0ULL), 0);
	ck_assert_int_eq(sig_next(0, 0), 0);
	ck_assert_int_eq(sig_next(sig_bit(64), 0), 64);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(sig_name(SIGABRT), "SIGABRT");
	ck_assert_str_eq(sig_name(SIGSYS), "SIGSYS");
	ck_assert_str_eq(sig_name(32), "SIGRT0");
	ck_assert_str_eq(sig_name(64), "SIGRT32");
	ck_assert_str_eq(sig_name(65), "signal ?");
}
END_TEST

START_TEST(rlimit_defaults_are_linux)
{
	struct rlim_pair r[LWK_RLIMIT_COUNT];

	rlimit_defaults(r, 16ULL << 20, 0);
	ck_assert_uint_eq(r[RLIMIT_STACK].cur, 16ULL << 20);
	ck_assert_uint_eq(r[RLIMIT_STACK].max, RLIM_INFINITY);
	ck_assert_uint_eq(r[RLIMIT_CORE].cur, 0);
	ck_assert_uint_eq(r[RLIMIT_CORE].max, RLIM_INFINITY);
	ck_assert_uint_eq(r[RLIMIT_NOFILE].cur, 1024);
	ck_assert_uint_eq(r[RLIMIT_NOFILE].max, 4096);
	ck_assert_uint_eq(r[RLIMIT_MEMLOCK].cur, 8ULL << 20);
	ck_assert_uint_eq(r[RLIMIT_MSGQUEUE].max, 819200);
	ck_assert_uint_eq(r[RLIMIT_NICE].max, 0);
	ck_assert_uint_eq(r[RLIMIT_AS].cur, RLIM_INFINITY);
	ck_assert_uint_eq(r[RLIMIT_RTTIME].max, RLIM_INFINITY);
	rlimit_defaults(r, 0, 0);
	ck_assert_uint_eq(r[RLIMIT_STACK].cur, 8ULL << 20);
	ck_assert_uint_eq(r[RLIMIT_STACK].max, RLIM_INFINITY);
	/* mcexec's own limits, unlimited ones as they are (ulimit -s unlimited). */
	rlimit_defaults(r, RLIM_INFINITY, RLIM_INFINITY);
	ck_assert_uint_eq(r[RLIMIT_STACK].cur, RLIM_INFINITY);
	ck_assert_uint_eq(r[RLIMIT_STACK].max, RLIM_INFINITY);
	rlimit_defaults(r, 16ULL << 20, 16ULL << 20);
	ck_assert_uint_eq(r[RLIMIT_STACK].cur, 16ULL << 20);
	ck_assert_uint_eq(r[RLIMIT_STACK].max, 16ULL << 20);
	/* A soft limit above the hard one (a home-made mcexec): cut to it. */
	rlimit_defaults(r, 32ULL << 20, 16ULL << 20);
	ck_assert_uint_eq(r[RLIMIT_STACK].cur, 16ULL << 20);
}
END_TEST

START_TEST(rlimit_set_rules)
{
	struct rlim_pair old = { 100, 200 }, n;

	n = (struct rlim_pair){ 150, 200 };
	ck_assert_int_eq(rlimit_check_set(RLIMIT_STACK, &old, &n), 0);
	n = (struct rlim_pair){ 50, 100 };	/* lowering the hard limit */
	ck_assert_int_eq(rlimit_check_set(RLIMIT_STACK, &old, &n), 0);
	n = (struct rlim_pair){ 201, 200 };
	ck_assert_int_eq(rlimit_check_set(RLIMIT_STACK, &old, &n), -EINVAL);
	n = (struct rlim_pair){ 100, 201 };
	ck_assert_int_eq(rlimit_check_set(RLIMIT_STACK, &old, &n), -EPERM);
	n = (struct rlim_pair){ 100, 200 };
	ck_assert_int_eq(rlimit_check_set(16, &old, &n), -EINVAL);
	ck_assert(rlimit_is_linux(RLIMIT_NOFILE));
	ck_assert(rlimit_is_linux(RLIMIT_FSIZE));
	ck_assert(rlimit_is_linux(RLIMIT_NPROC));
	ck_assert(!rlimit_is_linux(RLIMIT_STACK));
	ck_assert(!rlimit_is_linux(RLIMIT_AS));
	ck_assert(!rlimit_is_linux(RLIMIT_CORE));
}
END_TEST

Suite *lwk_signals_suite(void)
{
	Suite *s = suite_create("lwk_signals");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, numbers_match_host);
	tcase_add_test(tc, default_actions);
	tcase_add_test(tc, sigaction_rules);
	tcase_add_test(tc, sigprocmask_rules);
	tcase_add_test(tc, outcomes);
	tcase_add_test(tc, pending_order);
	tcase_add_test(tc, names);
	tcase_add_test(tc, rlimit_defaults_are_linux);
	tcase_add_test(tc, rlimit_set_rules);
	suite_add_tcase(s, tc);
	return s;
}
