// SPDX-License-Identifier: GPL-2.0
/*
 * What each offloaded call's arguments point at, and the check that none
 * of it lies at or above the mirror's end (offload_check.h says why).
 * Numbers are Linux's x86_64 ones, as in syscalls.def; sizes are the x86_64
 * kernel structs (struct stat 144, timespec 16, siginfo 128...).
 *
 * Only the end matters here: below it, memory the LWK process has not
 * mapped is not mapped in the mirror either, and Linux answers EFAULT for
 * it by itself.
 */
#include "compat.h"
#include "ihk/mcexec.h"
#include <lwk/offload_check.h>
#include "table.h"

#define END		IHK_MC_USER_END
/* Linux's TASK_SIZE_MAX on x86_64 (4-level paging): access_ok()'s end. */
#define LINUX_USER_END	0x7ffffffff000ull
#define PATH_BYTES	4096		/* the longest string Linux reads: PATH_MAX */
#define UIO_MAXIOV	1024
#define IOVEC_SIZE	16
#define MSGHDR_SIZE	56
#define MMSGHDR_SIZE	64
#define WAITV_SIZE	24		/* struct futex_waitv */

enum arg_kind {
	A_NONE,
	A_FIX,		/* @size bytes */
	A_BUF,		/* arg[@len] * @size bytes (@size 0: 1) */
	A_STREAM,	/* as A_BUF, cut at the end instead of refused */
	A_ADDR,		/* address range of arg[@len] bytes: -ENOMEM */
	A_LENP,		/* as many bytes as the int at arg[@len] says */
	A_FDSET,	/* fd_set for arg[@len] descriptors */
	A_STR,		/* NUL-terminated */
	A_IOV,		/* arg[@len] struct iovec, and what they point at */
	A_MSG,		/* struct msghdr, and what it points at */
	A_MMSG,		/* arg[@len] struct mmsghdr */
	A_PTR,		/* unknown size: the first byte only */
};

struct arg_rule {
	uint8_t kind;
	uint8_t len;		/* index of the length argument */
	uint16_t size;
};

struct call_rule {
	struct arg_rule arg[6];
};

#define FIX(n)		{ A_FIX, 0, n }
#define BUF(i)		{ A_BUF, i, 0 }
#define ARR(i, n)	{ A_BUF, i, n }
#define STREAM(i)	{ A_STREAM, i, 0 }
#define ADDR(i)		{ A_ADDR, i, 0 }
#define LENP(i)		{ A_LENP, i, 0 }
#define FDSET(i)	{ A_FDSET, i, 0 }
#define STR		{ A_STR, 0, 0 }
#define IOV(i)		{ A_IOV, i, 0 }
#define MSG		{ A_MSG, 0, 0 }
#define MMSG(i)		{ A_MMSG, i, 0 }
#define PTR		{ A_PTR, 0, 0 }
#define __		{ A_NONE, 0, 0 }
#define R(...)		{ { __VA_ARGS__ } }

#define STAT		FIX(144)
#define TIMESPEC	FIX(16)
#define ITIMERSPEC	FIX(32)
#define SIGINFO		FIX(128)
#define RUSAGE		FIX(144)
#define INT		FIX(4)
#define LONG		FIX(8)

/* ioctl, fcntl, futex, prctl and futex_waitv are decided in code below. */
static const struct call_rule rules[SYSCALL_TABLE_SIZE] = {
	[0]   = R(__, STREAM(2)),			/* read */
	[1]   = R(__, STREAM(2)),			/* write */
	[2]   = R(STR),					/* open */
	[4]   = R(STR, STAT),				/* stat */
	[5]   = R(__, STAT),				/* fstat */
	[6]   = R(STR, STAT),				/* lstat */
	[7]   = R(ARR(1, 8)),				/* poll */
	[17]  = R(__, STREAM(2)),			/* pread64 */
	[18]  = R(__, STREAM(2)),			/* pwrite64 */
	[19]  = R(__, IOV(2)),				/* readv */
	[20]  = R(__, IOV(2)),				/* writev */
	[21]  = R(STR),					/* access */
	[22]  = R(LONG),				/* pipe */
	[23]  = R(__, FDSET(0), FDSET(0), FDSET(0), FIX(16)),	/* select */
	[26]  = R(ADDR(1)),				/* msync */
	[27]  = R(ADDR(1), __, PTR),			/* mincore */
	[31]  = R(__, __, FIX(112)),			/* shmctl */
	[36]  = R(__, ITIMERSPEC),			/* getitimer */
	[38]  = R(__, ITIMERSPEC, ITIMERSPEC),		/* setitimer */
	[40]  = R(__, __, LONG),			/* sendfile */
	[42]  = R(__, BUF(2)),				/* connect */
	[43]  = R(__, LENP(2), INT),			/* accept */
	[44]  = R(__, STREAM(2), __, __, BUF(5)),	/* sendto */
	[45]  = R(__, STREAM(2), __, __, LENP(5), INT),	/* recvfrom */
	[46]  = R(__, MSG),				/* sendmsg */
	[47]  = R(__, MSG),				/* recvmsg */
	[49]  = R(__, BUF(2)),				/* bind */
	[51]  = R(__, LENP(2), INT),			/* getsockname */
	[52]  = R(__, LENP(2), INT),			/* getpeername */
	[53]  = R(__, __, __, LONG),			/* socketpair */
	[54]  = R(__, __, __, BUF(4)),			/* setsockopt */
	[55]  = R(__, __, __, LENP(4), INT),		/* getsockopt */
	[61]  = R(__, INT, __, RUSAGE),			/* wait4 */
	[63]  = R(FIX(390)),				/* uname */
	[65]  = R(__, ARR(2, 6)),			/* semop */
	[66]  = R(__, __, __, PTR),			/* semctl */
	[71]  = R(__, __, FIX(120)),			/* msgctl */
	[76]  = R(STR),					/* truncate */
	[78]  = R(__, BUF(2)),				/* getdents */
	[79]  = R(BUF(1)),				/* getcwd */
	[80]  = R(STR),					/* chdir */
	[82]  = R(STR, STR),				/* rename */
	[83]  = R(STR),					/* mkdir */
	[84]  = R(STR),					/* rmdir */
	[85]  = R(STR),					/* creat */
	[86]  = R(STR, STR),				/* link */
	[87]  = R(STR),					/* unlink */
	[88]  = R(STR, STR),				/* symlink */
	[89]  = R(STR, BUF(2)),				/* readlink */
	[90]  = R(STR),					/* chmod */
	[92]  = R(STR),					/* chown */
	[94]  = R(STR),					/* lchown */
	[98]  = R(__, RUSAGE),				/* getrusage */
	[99]  = R(FIX(112)),				/* sysinfo */
	[100] = R(FIX(32)),				/* times */
	[101] = R(__, __, __, PTR),			/* ptrace */
	[103] = R(__, BUF(2)),				/* syslog */
	[115] = R(__, ARR(0, 4)),			/* getgroups */
	[116] = R(__, ARR(0, 4)),			/* setgroups */
	[118] = R(INT, INT, INT),			/* getresuid */
	[120] = R(INT, INT, INT),			/* getresgid */
	[125] = R(LONG, FIX(24)),			/* capget */
	[126] = R(LONG, FIX(24)),			/* capset */
	[127] = R(BUF(1)),				/* rt_sigpending */
	[128] = R(BUF(3), SIGINFO, TIMESPEC),		/* rt_sigtimedwait */
	[129] = R(__, __, SIGINFO),			/* rt_sigqueueinfo */
	[130] = R(BUF(1)),				/* rt_sigsuspend */
	[131] = R(FIX(24), FIX(24)),			/* sigaltstack */
	[132] = R(STR, FIX(16)),			/* utime */
	[133] = R(STR),					/* mknod */
	[134] = R(STR),					/* uselib */
	[136] = R(__, FIX(32)),				/* ustat */
	[137] = R(STR, FIX(120)),			/* statfs */
	[138] = R(__, FIX(120)),			/* fstatfs */
	[139] = R(__, PTR, PTR),			/* sysfs */
	[142] = R(__, INT),				/* sched_setparam */
	[143] = R(__, INT),				/* sched_getparam */
	[144] = R(__, __, INT),				/* sched_setscheduler */
	[148] = R(__, TIMESPEC),			/* sched_rr_get_interval */
	[149] = R(ADDR(1)),				/* mlock */
	[150] = R(ADDR(1)),				/* munlock */
	[155] = R(STR, STR),				/* pivot_root */
	[159] = R(FIX(208)),				/* adjtimex */
	[161] = R(STR),					/* chroot */
	[163] = R(STR),					/* acct */
	[164] = R(FIX(16), FIX(8)),			/* settimeofday */
	[165] = R(STR, STR, STR, __, STR),		/* mount */
	[166] = R(STR),					/* umount2 */
	[167] = R(STR),					/* swapon */
	[168] = R(STR),					/* swapoff */
	[169] = R(__, __, __, STR),			/* reboot */
	[170] = R(BUF(1)),				/* sethostname */
	[171] = R(BUF(1)),				/* setdomainname */
	[175] = R(BUF(1), __, STR),			/* init_module */
	[176] = R(STR),					/* delete_module */
	[179] = R(__, STR, __, PTR),			/* quotactl */
	[188] = R(STR, STR, BUF(3)),			/* setxattr */
	[189] = R(STR, STR, BUF(3)),			/* lsetxattr */
	[190] = R(__, STR, BUF(3)),			/* fsetxattr */
	[191] = R(STR, STR, BUF(3)),			/* getxattr */
	[192] = R(STR, STR, BUF(3)),			/* lgetxattr */
	[193] = R(__, STR, BUF(3)),			/* fgetxattr */
	[194] = R(STR, BUF(2)),				/* listxattr */
	[195] = R(STR, BUF(2)),				/* llistxattr */
	[196] = R(__, BUF(2)),				/* flistxattr */
	[197] = R(STR, STR),				/* removexattr */
	[198] = R(STR, STR),				/* lremovexattr */
	[199] = R(__, STR),				/* fremovexattr */
	[203] = R(__, __, BUF(1)),			/* sched_setaffinity */
	[205] = R(FIX(16)),				/* set_thread_area */
	[211] = R(FIX(16)),				/* get_thread_area */
	[212] = R(__, BUF(2)),				/* lookup_dcookie */
	[217] = R(__, BUF(2)),				/* getdents64 */
	[220] = R(__, ARR(2, 6), __, TIMESPEC),		/* semtimedop */
	[222] = R(__, FIX(64), INT),			/* timer_create */
	[223] = R(__, __, ITIMERSPEC, ITIMERSPEC),	/* timer_settime */
	[224] = R(__, ITIMERSPEC),			/* timer_gettime */
	[227] = R(__, TIMESPEC),			/* clock_settime */
	[232] = R(__, ARR(2, 12)),			/* epoll_wait */
	[233] = R(__, __, __, FIX(12)),			/* epoll_ctl */
	[235] = R(STR, FIX(32)),			/* utimes */
	[237] = R(BUF(1), __, PTR),			/* mbind: EFAULT, as Linux */
	[238] = R(__, PTR),				/* set_mempolicy */
	[239] = R(INT, PTR),				/* get_mempolicy */
	[240] = R(STR, __, __, FIX(64)),		/* mq_open */
	[241] = R(STR),					/* mq_unlink */
	[242] = R(__, BUF(2), __, __, TIMESPEC),	/* mq_timedsend */
	[243] = R(__, BUF(2), INT, __, TIMESPEC),	/* mq_timedreceive */
	[244] = R(__, FIX(64)),				/* mq_notify */
	[245] = R(__, FIX(64), FIX(64)),		/* mq_getsetattr */
	[247] = R(__, __, SIGINFO, __, RUSAGE),		/* waitid */
	[248] = R(STR, STR, BUF(3)),			/* add_key */
	[249] = R(STR, STR, STR),			/* request_key */
	[254] = R(__, STR),				/* inotify_add_watch */
	[256] = R(__, __, PTR, PTR),			/* migrate_pages */
	[257] = R(__, STR),				/* openat */
	[258] = R(__, STR),				/* mkdirat */
	[259] = R(__, STR),				/* mknodat */
	[260] = R(__, STR),				/* fchownat */
	[261] = R(__, STR, FIX(32)),			/* futimesat */
	[262] = R(__, STR, STAT),			/* newfstatat */
	[263] = R(__, STR),				/* unlinkat */
	[264] = R(__, STR, __, STR),			/* renameat */
	[265] = R(__, STR, __, STR),			/* linkat */
	[266] = R(STR, __, STR),			/* symlinkat */
	[267] = R(__, STR, BUF(3)),			/* readlinkat */
	[268] = R(__, STR),				/* fchmodat */
	[269] = R(__, STR),				/* faccessat */
	[270] = R(__, FDSET(0), FDSET(0), FDSET(0), TIMESPEC, FIX(16)),	/* pselect6 */
	[271] = R(ARR(1, 8), __, TIMESPEC, BUF(4)),	/* ppoll */
	[274] = R(__, LONG, LONG),			/* get_robust_list */
	[275] = R(__, LONG, __, LONG),			/* splice */
	[278] = R(__, IOV(2)),				/* vmsplice */
	[279] = R(__, __, ARR(1, 8), ARR(1, 4), ARR(1, 4)),	/* move_pages */
	[280] = R(__, STR, FIX(32)),			/* utimensat */
	[281] = R(__, ARR(2, 12), __, __, BUF(5)),	/* epoll_pwait */
	[282] = R(__, BUF(2)),				/* signalfd */
	[286] = R(__, __, ITIMERSPEC, ITIMERSPEC),	/* timerfd_settime */
	[287] = R(__, ITIMERSPEC),			/* timerfd_gettime */
	[288] = R(__, LENP(2), INT),			/* accept4 */
	[289] = R(__, BUF(2)),				/* signalfd4 */
	[293] = R(LONG),				/* pipe2 */
	[295] = R(__, IOV(2)),				/* preadv */
	[296] = R(__, IOV(2)),				/* pwritev */
	[297] = R(__, __, __, SIGINFO),			/* rt_tgsigqueueinfo */
	[298] = R(PTR),					/* perf_event_open */
	[299] = R(__, MMSG(2), __, __, TIMESPEC),	/* recvmmsg */
	[301] = R(__, __, __, __, STR),			/* fanotify_mark */
	[303] = R(__, STR, PTR, INT),			/* name_to_handle_at */
	[304] = R(__, PTR),				/* open_by_handle_at */
	[305] = R(__, FIX(208)),			/* clock_adjtime */
	[307] = R(__, MMSG(2)),				/* sendmmsg */
	[309] = R(INT, INT),				/* getcpu */
	[314] = R(__, PTR),				/* sched_setattr */
	[315] = R(__, BUF(2)),				/* sched_getattr */
	[316] = R(__, STR, __, STR),			/* renameat2 */
	[318] = R(STREAM(1)),				/* getrandom */
	[319] = R(STR),					/* memfd_create */
	[320] = R(__, __, __, STR),			/* kexec_file_load */
	[325] = R(ADDR(1)),				/* mlock2 */
	[326] = R(__, LONG, __, LONG),			/* copy_file_range */
	[327] = R(__, IOV(2)),				/* preadv2 */
	[328] = R(__, IOV(2)),				/* pwritev2 */
	[332] = R(__, STR, __, __, FIX(256)),		/* statx */
	[424] = R(__, __, SIGINFO),			/* pidfd_send_signal */
	[428] = R(__, STR),				/* open_tree */
	[429] = R(__, STR, __, STR),			/* move_mount */
	[430] = R(STR),					/* fsopen */
	[431] = R(__, __, STR, PTR),			/* fsconfig */
	[433] = R(__, STR),				/* fspick */
	[437] = R(__, STR, BUF(3)),			/* openat2 */
	[439] = R(__, STR),				/* faccessat2 */
	[441] = R(__, ARR(2, 12), __, TIMESPEC, BUF(5)),	/* epoll_pwait2 */
	[442] = R(__, STR, __, BUF(4)),			/* mount_setattr */
	[443] = R(__, __, __, PTR),			/* quotactl_fd */
	[444] = R(BUF(1)),				/* landlock_create_ruleset */
	[445] = R(__, __, PTR),				/* landlock_add_rule */
	[450] = R(ADDR(1)),				/* set_mempolicy_home_node */
};

/*
 * [p, p + bytes): 0 if below the end, else @err. An empty range is never
 * touched, and one that does not fit Linux's own user range at all is
 * Linux's to refuse (access_ok: EFAULT) the same way.
 */
static long range(uint64_t p, uint64_t bytes, long err)
{
	if (!bytes)
		return 0;
	if (p >= END || bytes > END - p)
		return err;
	return 0;
}

/* A NUL-terminated string at @p: it must end before the end. */
static long string(uint64_t p, offload_read_fn read, void *ctx)
{
	char c[64];
	unsigned int i;

	if (p >= END)
		return -EFAULT;
	/* Linux reads at most PATH_MAX bytes of a string it takes. */
	if (END - p > PATH_BYTES)
		return 0;
	while (p < END) {
		size_t n = END - p < sizeof(c) ? END - p : sizeof(c);

		if (read(ctx, p, c, n))
			return 0;	/* Linux faults on the same bytes */
		for (i = 0; i < n; i++)
			if (!c[i])
				return 0;
		p += n;
	}
	return -EFAULT;
}

/*
 * @n struct iovec at @p; each must end below the end. @cut (readv and
 * the like, not message headers): the call is cut before the first one
 * that does not, as Linux stops at the first iovec it cannot copy and
 * returns what it moved before; only when that is the first one is the
 * answer EFAULT.
 */
static long iovecs(uint64_t p, uint64_t n, uint64_t *cut, offload_read_fn read, void *ctx)
{
	uint64_t iov[2], i;
	long err;

	/* More than UIO_MAXIOV: Linux's EINVAL, before it reads any. */
	if (n > UIO_MAXIOV)
		return 0;
	err = range(p, n * IOVEC_SIZE, -EFAULT);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		if (read(ctx, p + i * IOVEC_SIZE, iov, sizeof(iov)))
			return 0;	/* Linux faults reading the array */
		if (!range(iov[0], iov[1], -EFAULT))
			continue;
		if (!cut || !i)
			return -EFAULT;
		*cut = i;
		return 0;
	}
	return 0;
}

/* struct msghdr: name, namelen, iov, iovlen, control, controllen, flags. */
static long msghdr(uint64_t p, offload_read_fn read, void *ctx)
{
	uint64_t m[6];
	long err;

	err = range(p, MSGHDR_SIZE, -EFAULT);
	if (err)
		return err;
	if (read(ctx, p, m, sizeof(m)))
		return 0;
	err = range(m[0], (uint32_t)m[1], -EFAULT);
	if (!err)
		err = range(m[4], m[5], -EFAULT);
	if (!err)
		err = iovecs(m[2], m[3], NULL, read, ctx);
	return err;
}

static long mmsghdrs(uint64_t p, uint64_t n, offload_read_fn read, void *ctx)
{
	long err;

	/* Linux takes at most UIO_MAXIOV of them. */
	if (n > UIO_MAXIOV)
		n = UIO_MAXIOV;
	err = range(p, n * MMSGHDR_SIZE, -EFAULT);
	for (; !err && n; n--, p += MMSGHDR_SIZE)
		err = msghdr(p, read, ctx);
	return err;
}

static long one_arg(const struct arg_rule *r, uint64_t args[6], unsigned int i,
		    offload_read_fn read, void *ctx)
{
	uint64_t p = args[i], n = args[r->len];
	uint32_t len;

	switch (r->kind) {
	case A_FIX:
		return range(p, r->size, -EFAULT);
	case A_BUF:
		if (r->size && n > ~0ull / r->size)
			return 0;	/* Linux's EINVAL or EFAULT */
		return range(p, n * (r->size ? r->size : 1), -EFAULT);
	case A_STREAM:
		/* Running past the end: cut_streams(), once all are checked. */
		return n && p >= END ? -EFAULT : 0;
	case A_ADDR:
		return range(p, n, -ENOMEM);
	case A_LENP:
		if (!p || read(ctx, n, &len, sizeof(len)))
			return range(p, 1, -EFAULT);
		/* A negative length is Linux's EINVAL. */
		return (int32_t)len < 0 ? 0 : range(p, len, -EFAULT);
	case A_FDSET:
		/* nfds is an int (negative: Linux's EINVAL); one bit each. */
		if ((int32_t)n < 0)
			return 0;
		return range(p, (((uint64_t)(uint32_t)n + 63) / 64) * 8, -EFAULT);
	case A_STR:
		return string(p, read, ctx);
	case A_IOV:
		return iovecs(p, n, &args[r->len], read, ctx);
	case A_MSG:
		return msghdr(p, read, ctx);
	case A_MMSG:
		return mmsghdrs(p, n, read, ctx);
	case A_PTR:
		return range(p, 1, -EFAULT);
	}
	return 0;
}

/*
 * A byte stream whose buffer starts below the end and runs past it: cut
 * it at the end, so Linux returns the short count it returns natively
 * for a buffer that runs into unmapped memory.
 */
static void cut_streams(const struct call_rule *c, uint64_t args[6])
{
	unsigned int i;

	for (i = 0; i < 6; i++) {
		const struct arg_rule *r = &c->arg[i];
		uint64_t p = args[i], n = args[r->len];

		if (r->kind != A_STREAM || p >= END || n <= END - p)
			continue;
		/* Past Linux's own user range: access_ok's EFAULT, as natively. */
		if (n > LINUX_USER_END - p)
			continue;
		args[r->len] = END - p;
	}
}

/* ioctl: the size encoded in the command, else the pointer's first byte. */
static long ioctl_arg(uint64_t cmd, uint64_t arg)
{
	uint32_t c = (uint32_t)cmd, dir = c >> 30, size = (c >> 16) & 0x3fff;

	if (dir && size)
		return range(arg, size, -EFAULT);
	/* An int argument this large does not exist; a pointer does. */
	return range(arg, 1, -EFAULT);
}

static long fcntl_arg(uint64_t cmd, uint64_t arg)
{
	switch ((uint32_t)cmd) {
	case 5: case 6: case 7:			/* F_GETLK, F_SETLK, F_SETLKW */
	case 36: case 37: case 38:		/* F_OFD_GETLK, _SETLK, _SETLKW */
		return range(arg, 32, -EFAULT);
	case 15: case 16:			/* F_SETOWN_EX, F_GETOWN_EX */
	case 1035: case 1036: case 1037: case 1038:	/* F_*_RW_HINT */
		return range(arg, 8, -EFAULT);
	}
	return 0;
}

static long futex_args(const uint64_t a[6])
{
	long err = range(a[0], 4, -EFAULT);

	if (err)
		return err;
	switch (a[1] & 127) {
	case 0: case 6: case 9: case 13:	/* WAIT, LOCK_PI, WAIT_BITSET, LOCK_PI2 */
		return range(a[3], 16, -EFAULT);
	case 11:				/* WAIT_REQUEUE_PI */
		err = range(a[3], 16, -EFAULT);
		return err ? err : range(a[4], 4, -EFAULT);
	case 3: case 4: case 5: case 12:	/* (CMP_)REQUEUE(_PI), WAKE_OP */
		return range(a[4], 4, -EFAULT);
	}
	return 0;
}

/* futex_waitv: each waiter's uaddr is read (and compared) by Linux. */
static long waitv(const uint64_t a[6], offload_read_fn read, void *ctx)
{
	uint64_t w[3], p = a[0], n = a[1];
	long err;

	if (n > 128)			/* FUTEX_WAITV_MAX: Linux's EINVAL */
		return 0;
	err = range(p, n * WAITV_SIZE, -EFAULT);
	if (!err)
		err = range(a[3], 16, -EFAULT);
	for (; !err && n; n--, p += WAITV_SIZE) {
		if (read(ctx, p, w, sizeof(w)))
			return 0;
		err = range(w[1], 4, -EFAULT);
	}
	return err;
}

static long prctl_args(const uint64_t a[6])
{
	switch ((uint32_t)a[0]) {
	case 35:	/* PR_SET_MM: would move mcexec's own brk, stack, exe... */
		return -EPERM;
	case 22:	/* PR_SET_SECCOMP: would filter mcexec, not the LWK */
		return -EINVAL;
	case 15: case 16:			/* PR_SET_NAME, PR_GET_NAME */
		return range(a[1], 16, -EFAULT);
	case 2: case 6: case 9: case 11: case 19: case 25:	/* PR_GET_* ints */
		return range(a[1], 4, -EFAULT);
	case 40:				/* PR_GET_TID_ADDRESS */
		return range(a[1], 8, -EFAULT);
	}
	return 0;
}

long offload_check(uint64_t nr, uint64_t args[6], offload_read_fn read, void *ctx)
{
	const struct call_rule *c;
	unsigned int i;
	long err;

	if (syscall_disposition(nr) == SYSCALL_REFUSED)
		return -ENOSYS;
	switch (nr) {
	case 16:
		return ioctl_arg(args[1], args[2]);
	case 72:
		return fcntl_arg(args[1], args[2]);
	case 157:
		return prctl_args(args);
	case 202:
		return futex_args(args);
	case 449:
		return waitv(args, read, ctx);
	}
	if (nr >= SYSCALL_TABLE_SIZE)
		return 0;
	c = &rules[nr];
	for (i = 0; i < 6; i++) {
		err = one_arg(&c->arg[i], args, i, read, ctx);
		if (err)
			return err;
	}
	cut_streams(c, args);
	return 0;
}
