// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's syscall table (lwk/syscalls/table.c) against the host's
 * <asm/unistd_64.h>: same number, same name for every syscall Linux 6.1
 * defines and nothing more; LOCAL exactly for the calls issue 6 serves in
 * the LWK; gaps and out-of-range numbers offloaded as "unknown".
 */
#include <asm/unistd_64.h>
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../../lwk/syscalls/table.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct nr_name {
	long nr;
	const char *name;
};

/* Every __NR_* of Linux 6.1 x86_64, in number order. */
#define NR(name) { __NR_##name, #name }
static const struct nr_name host[] = {
	NR(read), NR(write), NR(open), NR(close), NR(stat), NR(fstat),
	NR(lstat), NR(poll), NR(lseek), NR(mmap), NR(mprotect), NR(munmap),
	NR(brk), NR(rt_sigaction), NR(rt_sigprocmask), NR(rt_sigreturn),
	NR(ioctl), NR(pread64), NR(pwrite64), NR(readv), NR(writev),
	NR(access), NR(pipe), NR(select), NR(sched_yield), NR(mremap),
	NR(msync), NR(mincore), NR(madvise), NR(shmget), NR(shmat), NR(shmctl),
	NR(dup), NR(dup2), NR(pause), NR(nanosleep), NR(getitimer), NR(alarm),
	NR(setitimer), NR(getpid), NR(sendfile), NR(socket), NR(connect),
	NR(accept), NR(sendto), NR(recvfrom), NR(sendmsg), NR(recvmsg),
	NR(shutdown), NR(bind), NR(listen), NR(getsockname), NR(getpeername),
	NR(socketpair), NR(setsockopt), NR(getsockopt), NR(clone), NR(fork),
	NR(vfork), NR(execve), NR(exit), NR(wait4), NR(kill), NR(uname),
	NR(semget), NR(semop), NR(semctl), NR(shmdt), NR(msgget), NR(msgsnd),
	NR(msgrcv), NR(msgctl), NR(fcntl), NR(flock), NR(fsync), NR(fdatasync),
	NR(truncate), NR(ftruncate), NR(getdents), NR(getcwd), NR(chdir),
	NR(fchdir), NR(rename), NR(mkdir), NR(rmdir), NR(creat), NR(link),
	NR(unlink), NR(symlink), NR(readlink), NR(chmod), NR(fchmod),
	NR(chown), NR(fchown), NR(lchown), NR(umask), NR(gettimeofday),
	NR(getrlimit), NR(getrusage), NR(sysinfo), NR(times), NR(ptrace),
	NR(getuid), NR(syslog), NR(getgid), NR(setuid), NR(setgid),
	NR(geteuid), NR(getegid), NR(setpgid), NR(getppid), NR(getpgrp),
	NR(setsid), NR(setreuid), NR(setregid), NR(getgroups), NR(setgroups),
	NR(setresuid), NR(getresuid), NR(setresgid), NR(getresgid),
	NR(getpgid), NR(setfsuid), NR(setfsgid), NR(getsid), NR(capget),
	NR(capset), NR(rt_sigpending), NR(rt_sigtimedwait),
	NR(rt_sigqueueinfo), NR(rt_sigsuspend), NR(sigaltstack), NR(utime),
	NR(mknod), NR(uselib), NR(personality), NR(ustat), NR(statfs),
	NR(fstatfs), NR(sysfs), NR(getpriority), NR(setpriority),
	NR(sched_setparam), NR(sched_getparam), NR(sched_setscheduler),
	NR(sched_getscheduler), NR(sched_get_priority_max),
	NR(sched_get_priority_min), NR(sched_rr_get_interval), NR(mlock),
	NR(munlock), NR(mlockall), NR(munlockall), NR(vhangup), NR(modify_ldt),
	NR(pivot_root), NR(_sysctl), NR(prctl), NR(arch_prctl), NR(adjtimex),
	NR(setrlimit), NR(chroot), NR(sync), NR(acct), NR(settimeofday),
	NR(mount), NR(umount2), NR(swapon), NR(swapoff), NR(reboot),
	NR(sethostname), NR(setdomainname), NR(iopl), NR(ioperm),
	NR(create_module), NR(init_module), NR(delete_module),
	NR(get_kernel_syms), NR(query_module), NR(quotactl), NR(nfsservctl),
	NR(getpmsg), NR(putpmsg), NR(afs_syscall), NR(tuxcall), NR(security),
	NR(gettid), NR(readahead), NR(setxattr), NR(lsetxattr), NR(fsetxattr),
	NR(getxattr), NR(lgetxattr), NR(fgetxattr), NR(listxattr),
	NR(llistxattr), NR(flistxattr), NR(removexattr), NR(lremovexattr),
	NR(fremovexattr), NR(tkill), NR(time), NR(futex),
	NR(sched_setaffinity), NR(sched_getaffinity), NR(set_thread_area),
	NR(io_setup), NR(io_destroy), NR(io_getevents), NR(io_submit),
	NR(io_cancel), NR(get_thread_area), NR(lookup_dcookie),
	NR(epoll_create), NR(epoll_ctl_old), NR(epoll_wait_old),
	NR(remap_file_pages), NR(getdents64), NR(set_tid_address),
	NR(restart_syscall), NR(semtimedop), NR(fadvise64), NR(timer_create),
	NR(timer_settime), NR(timer_gettime), NR(timer_getoverrun),
	NR(timer_delete), NR(clock_settime), NR(clock_gettime),
	NR(clock_getres), NR(clock_nanosleep), NR(exit_group), NR(epoll_wait),
	NR(epoll_ctl), NR(tgkill), NR(utimes), NR(vserver), NR(mbind),
	NR(set_mempolicy), NR(get_mempolicy), NR(mq_open), NR(mq_unlink),
	NR(mq_timedsend), NR(mq_timedreceive), NR(mq_notify),
	NR(mq_getsetattr), NR(kexec_load), NR(waitid), NR(add_key),
	NR(request_key), NR(keyctl), NR(ioprio_set), NR(ioprio_get),
	NR(inotify_init), NR(inotify_add_watch), NR(inotify_rm_watch),
	NR(migrate_pages), NR(openat), NR(mkdirat), NR(mknodat), NR(fchownat),
	NR(futimesat), NR(newfstatat), NR(unlinkat), NR(renameat), NR(linkat),
	NR(symlinkat), NR(readlinkat), NR(fchmodat), NR(faccessat),
	NR(pselect6), NR(ppoll), NR(unshare), NR(set_robust_list),
	NR(get_robust_list), NR(splice), NR(tee), NR(sync_file_range),
	NR(vmsplice), NR(move_pages), NR(utimensat), NR(epoll_pwait),
	NR(signalfd), NR(timerfd_create), NR(eventfd), NR(fallocate),
	NR(timerfd_settime), NR(timerfd_gettime), NR(accept4), NR(signalfd4),
	NR(eventfd2), NR(epoll_create1), NR(dup3), NR(pipe2),
	NR(inotify_init1), NR(preadv), NR(pwritev), NR(rt_tgsigqueueinfo),
	NR(perf_event_open), NR(recvmmsg), NR(fanotify_init),
	NR(fanotify_mark), NR(prlimit64), NR(name_to_handle_at),
	NR(open_by_handle_at), NR(clock_adjtime), NR(syncfs), NR(sendmmsg),
	NR(setns), NR(getcpu), NR(process_vm_readv), NR(process_vm_writev),
	NR(kcmp), NR(finit_module), NR(sched_setattr), NR(sched_getattr),
	NR(renameat2), NR(seccomp), NR(getrandom), NR(memfd_create),
	NR(kexec_file_load), NR(bpf), NR(execveat), NR(userfaultfd),
	NR(membarrier), NR(mlock2), NR(copy_file_range), NR(preadv2),
	NR(pwritev2), NR(pkey_mprotect), NR(pkey_alloc), NR(pkey_free),
	NR(statx), NR(io_pgetevents), NR(rseq), NR(pidfd_send_signal),
	NR(io_uring_setup), NR(io_uring_enter), NR(io_uring_register),
	NR(open_tree), NR(move_mount), NR(fsopen), NR(fsconfig), NR(fsmount),
	NR(fspick), NR(pidfd_open), NR(clone3), NR(close_range), NR(openat2),
	NR(pidfd_getfd), NR(faccessat2), NR(process_madvise), NR(epoll_pwait2),
	NR(mount_setattr), NR(quotactl_fd), NR(landlock_create_ruleset),
	NR(landlock_add_rule), NR(landlock_restrict_self), NR(memfd_secret),
	NR(process_mrelease), NR(futex_waitv), NR(set_mempolicy_home_node),
};
#undef NR

/* Served in the LWK. Everything else is offloaded. */
static const char *const local_calls[] = {
	"brk", "mmap", "munmap", "mprotect", "mremap", "madvise",
	"exit", "exit_group", "getpid", "getppid", "gettid",
	"set_tid_address", "set_robust_list", "rseq", "arch_prctl",
	"prlimit64", "getrlimit", "sched_yield", "sched_getaffinity",
	"clock_gettime", "gettimeofday", "time", "nanosleep",
	"clock_nanosleep", "clock_getres", "setrlimit",
	/*
	 * They act on the process itself: offloaded, mcexec would fork,
	 * exec or signal itself. Signals and threads are LWK business.
	 */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "kill", "tkill",
	"tgkill", "clone", "clone3", "fork", "vfork", "execve", "execveat",
};

/* Issue 6's examples of calls that touch Linux objects. */
static const long offloaded_calls[] = {
	__NR_openat, __NR_read, __NR_write, __NR_close, __NR_fstat,
	__NR_newfstatat, __NR_statx, __NR_lseek, __NR_pread64,
	__NR_pwrite64, __NR_readv, __NR_writev, __NR_ioctl, __NR_getcwd,
	__NR_chdir, __NR_readlink, __NR_readlinkat, __NR_access,
	__NR_faccessat, __NR_unlink, __NR_unlinkat, __NR_mkdir,
	__NR_mkdirat, __NR_getdents64, __NR_fcntl, __NR_dup, __NR_dup2,
	__NR_dup3, __NR_pipe2, __NR_poll, __NR_ppoll, __NR_uname,
	__NR_getrandom, __NR_getuid, __NR_geteuid, __NR_getgid,
	__NR_getegid,
};

/* Numbers Linux 6.1 does not define on x86_64. */
static const long unknown_numbers[] = {
	-1, 335, 400, 423, SYSCALL_NR_MAX + 1, 512, 1000,
	0x40000000,		/* __X32_SYSCALL_BIT: x32 ABI, not ours */
	0x40000000 + 1,
	LONG_MIN, LONG_MAX, INT_MAX, (long)UINT_MAX,
};

static bool is_local_call(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(local_calls); i++)
		if (!strcmp(name, local_calls[i]))
			return true;
	return false;
}

START_TEST(well_known_numbers)
{
	ck_assert_int_eq(__NR_read, 0);
	ck_assert_str_eq(syscall_name(0), "read");
	ck_assert_str_eq(syscall_name(1), "write");
	ck_assert_str_eq(syscall_name(__NR_close), "close");
	ck_assert_str_eq(syscall_name(__NR_ioctl), "ioctl");
	ck_assert_int_eq(__NR_openat, 257);
	ck_assert_str_eq(syscall_name(257), "openat");
	ck_assert_str_eq(syscall_name(__NR_brk), "brk");
	ck_assert_str_eq(syscall_name(__NR_exit_group), "exit_group");
	ck_assert_str_eq(syscall_name(__NR_clock_nanosleep),
			 "clock_nanosleep");
	ck_assert_str_eq(syscall_name(__NR_rseq), "rseq");
	ck_assert_int_eq(__NR_rseq, 334);
	ck_assert_str_eq(syscall_name(424), "pidfd_send_signal");
	ck_assert_int_eq(__NR_set_mempolicy_home_node, SYSCALL_NR_MAX);
	ck_assert_str_eq(syscall_name(SYSCALL_NR_MAX),
			 "set_mempolicy_home_node");
}
END_TEST

START_TEST(every_host_number_has_its_name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(host); i++) {
		ck_assert_msg(syscall_entry(host[i].nr),
			      "%ld (%s) missing", host[i].nr, host[i].name);
		ck_assert_str_eq(syscall_name(host[i].nr), host[i].name);
	}
}
END_TEST

/* With the test above: the table is the header, no more, no less. */
START_TEST(table_has_nothing_the_host_lacks)
{
	size_t named = 0;
	long nr;

	for (nr = 0; nr < SYSCALL_TABLE_SIZE; nr++)
		if (syscall_entry(nr))
			named++;
	ck_assert_uint_eq(named, ARRAY_SIZE(host));
	ck_assert_uint_eq(ARRAY_SIZE(host), 362);
}
END_TEST

START_TEST(local_set_is_exactly_the_issue_list)
{
	size_t locals = 0;
	char want[64];
	long nr;

	for (nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const char *name = syscall_name(nr);
		bool local = syscall_disposition(nr) == SYSCALL_LOCAL;

		ck_assert_msg(local == is_local_call(name),
			      "%ld %s: %s", nr, name,
			      local ? "LOCAL" : "OFFLOAD");
		if (!local) {
			ck_assert_ptr_null(syscall_handler_name(nr));
			continue;
		}
		locals++;
		snprintf(want, sizeof(want), "sys_%s", name);
		ck_assert_str_eq(syscall_handler_name(nr), want);
	}
	ck_assert_uint_eq(locals, ARRAY_SIZE(local_calls));
}
END_TEST

START_TEST(calls_on_linux_objects_are_offloaded)
{
	long nr = offloaded_calls[_i];

	ck_assert_msg(syscall_disposition(nr) == SYSCALL_OFFLOAD,
		      "%ld %s", nr, syscall_name(nr));
	ck_assert_ptr_null(syscall_handler_name(nr));
}
END_TEST

START_TEST(unknown_numbers_are_offloaded)
{
	long nr = unknown_numbers[_i];

	ck_assert_ptr_null(syscall_entry(nr));
	ck_assert_str_eq(syscall_name(nr), "unknown");
	ck_assert_int_eq(syscall_disposition(nr), SYSCALL_OFFLOAD);
	ck_assert_ptr_null(syscall_handler_name(nr));
}
END_TEST

START_TEST(gap_is_unknown_throughout)
{
	long nr;

	for (nr = __NR_rseq + 1; nr < __NR_pidfd_send_signal; nr++) {
		ck_assert_str_eq(syscall_name(nr), "unknown");
		ck_assert_int_eq(syscall_disposition(nr), SYSCALL_OFFLOAD);
	}
}
END_TEST

START_TEST(no_two_numbers_share_a_name)
{
	long a, b;

	for (a = 0; a < SYSCALL_TABLE_SIZE; a++) {
		if (!syscall_entry(a))
			continue;
		for (b = a + 1; b < SYSCALL_TABLE_SIZE; b++)
			ck_assert_msg(!syscall_entry(b) ||
				      strcmp(syscall_name(a), syscall_name(b)),
				      "%ld and %ld are both %s", a, b,
				      syscall_name(a));
	}
}
END_TEST

Suite *lwk_syscalls_suite(void)
{
	Suite *s = suite_create("lwk_syscalls");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, well_known_numbers);
	tcase_add_test(tc, every_host_number_has_its_name);
	tcase_add_test(tc, table_has_nothing_the_host_lacks);
	tcase_add_test(tc, local_set_is_exactly_the_issue_list);
	tcase_add_loop_test(tc, calls_on_linux_objects_are_offloaded, 0,
			    ARRAY_SIZE(offloaded_calls));
	tcase_add_loop_test(tc, unknown_numbers_are_offloaded, 0,
			    ARRAY_SIZE(unknown_numbers));
	tcase_add_test(tc, gap_is_unknown_throughout);
	tcase_add_test(tc, no_two_numbers_share_a_name);
	suite_add_tcase(s, tc);
	return s;
}
