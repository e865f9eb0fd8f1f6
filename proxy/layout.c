// SPDX-License-Identifier: GPL-2.0
/*
 * mcexec's own address-space layout. mcexec must map the LWK range
 * [IHK_MC_USER_START, IHK_MC_USER_END) (the mirror, include/ihk/mcexec.h),
 * so none of its own memory may lie there. Linux lays a process out at
 * execve, and two settings users make put its mmap area (ld.so, libc, the
 * vDSO, large mallocs) low, inside that range:
 *   - RLIMIT_STACK unlimited (`ulimit -s unlimited`, common on HPC
 *     systems) or huge: the gap Linux leaves below the stack for it grows
 *     to its maximum, and the mmap area starts at a sixth of the address
 *     space (Linux 6.1 x86_64; older kernels and other architectures
 *     switch to the legacy bottom-up layout from a third);
 *   - the ADDR_COMPAT_LAYOUT personality (`setarch -L`): the legacy layout.
 * The layout is decided at execve only; the limit and the personality go
 * on to shape only the stack's growth and what the process runs. So when
 * mcexec finds itself inside the range, it runs itself again
 * (/proc/self/exe) with an 8 MiB soft stack limit and without the bit,
 * then puts both back at once: Linux applies them to what mcexec does and
 * runs for the program, and the program reads them (getrlimit through
 * the LWK, /proc/self/limits, personality) as it would natively.
 *
 * What a new execve cannot change (vm.legacy_va_layout=1 forces the
 * legacy layout on every process) is reported by mcexec_layout_conflict()
 * when the mirror cannot be mapped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mcexec.h"

/*
 * Set for the second run only, "SOFT PERSONALITY COMM": the soft stack
 * limit, the personality and the command name (which /proc/self/exe
 * would make "exe" for ps and pgrep) to put back. Taken out of the
 * environment at once, so the program never sees it.
 */
#define LAYOUT_ENV		"MCEXEC_LAYOUT_RESTORE"
/* Linux's default soft stack limit (_STK_LIM): a top-down layout. */
#define LAYOUT_STACK_SOFT	(8ull << 20)

/*
 * The first mapping of ours that overlaps the LWK range, from
 * /proc/self/maps: 1 and @addr, @name set; 0 none; -1 cannot tell.
 */
static int first_in_range(uint64_t *addr, char *name, size_t name_len)
{
	char line[PATH_MAX + 128];
	FILE *f;
	int found = 0;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long long start, end;
		int off = 0;

		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &start, &end, &off) < 2)
			continue;
		if (start >= IHK_MC_USER_END || end <= IHK_MC_USER_START)
			continue;
		found = 1;
		*addr = start;
		line[strcspn(line, "\n")] = 0;
		snprintf(name, name_len, "%s", off && line[off] ? line + off : "anonymous memory");
	}
	fclose(f);
	return found;
}

/* Is Linux told to lay out every process bottom-up? */
static bool legacy_forced(void)
{
	FILE *f = fopen("/proc/sys/vm/legacy_va_layout", "re");
	int v = 0;

	if (!f)
		return false;
	if (fscanf(f, "%d", &v) != 1)
		v = 0;
	fclose(f);
	return v != 0;
}

int mcexec_layout_conflict(void)
{
	char name[PATH_MAX];
	uint64_t addr;

	if (first_in_range(&addr, name, sizeof(name)) != 1)
		return mcexec_error(MCEXEC_FAILED,
				    "cannot map the LWK range [0x%llx, 0x%llx): some of mcexec's own memory lies in the LWK range (an address-space collision)",
				    IHK_MC_USER_START, IHK_MC_USER_END);
	return mcexec_error(MCEXEC_FAILED,
			    "cannot map the LWK range [0x%llx, 0x%llx): mcexec's own %s lies in the LWK range at 0x%" PRIx64 " (an address-space collision%s)",
			    IHK_MC_USER_START, IHK_MC_USER_END, name, addr,
			    legacy_forced() ?
			    ": Linux lays every process out bottom-up, vm.legacy_va_layout is 1" :
			    "");
}

/* The second run: puts back the soft stack limit, personality and name. */
static int restore(const char *saved)
{
	unsigned long long soft;
	struct rlimit rl;
	unsigned int pers;
	int cur, comm = 0;

	if (sscanf(saved, "%llu %x %n", &soft, &pers, &comm) != 2 || !comm)
		return mcexec_error(MCEXEC_FAILED, "bad %s '%s'", LAYOUT_ENV, saved);
	prctl(PR_SET_NAME, saved + comm, 0, 0, 0);
	if (getrlimit(RLIMIT_STACK, &rl))
		return mcexec_error(MCEXEC_FAILED, "getrlimit: %s", strerror(errno));
	rl.rlim_cur = soft;
	/* Within the hard limit, which the first run left as it was. */
	if (setrlimit(RLIMIT_STACK, &rl))
		return mcexec_error(MCEXEC_FAILED, "cannot restore the stack limit %llu: %s",
				    soft, strerror(errno));
	cur = personality(0xffffffff);
	if (cur != -1 && (unsigned int)cur != pers && personality(pers) == -1)
		return mcexec_error(MCEXEC_FAILED, "cannot restore the personality 0x%x: %s",
				    pers, strerror(errno));
	return 0;
}

int mcexec_layout(char **argv)
{
	const char *saved = getenv(LAYOUT_ENV);
	char value[64], name[PATH_MAX], comm[17] = "";
	struct rlimit rl, low;
	uint64_t addr;
	int pers, ret;

	if (saved) {
		/* Already run again: whatever the layout now, once only. */
		snprintf(value, sizeof(value), "%s", saved);
		unsetenv(LAYOUT_ENV);
		return restore(value);
	}
	pers = personality(0xffffffff);
	if (getrlimit(RLIMIT_STACK, &rl) || pers == -1)
		return 0;
	ret = first_in_range(&addr, name, sizeof(name));
	if (ret < 0)	/* no /proc: the settings known to cause it */
		ret = rl.rlim_cur == RLIM_INFINITY || (pers & ADDR_COMPAT_LAYOUT);
	if (!ret)
		return 0;
	low = rl;
	if (low.rlim_cur > LAYOUT_STACK_SOFT)
		low.rlim_cur = LAYOUT_STACK_SOFT;
	if (low.rlim_cur == rl.rlim_cur && !(pers & ADDR_COMPAT_LAYOUT))
		return 0;	/* nothing a new execve changes: mirror() reports it */

	prctl(PR_GET_NAME, comm, 0, 0, 0);
	snprintf(value, sizeof(value), "%llu %x %s", (unsigned long long)rl.rlim_cur,
		 (unsigned int)pers, comm);
	if (setenv(LAYOUT_ENV, value, 1))
		return 0;
	if (!setrlimit(RLIMIT_STACK, &low) &&
	    personality(pers & ~ADDR_COMPAT_LAYOUT) != -1)
		execv("/proc/self/exe", argv);
	/* Could not run again: as we are, and mirror() says why it fails. */
	unsetenv(LAYOUT_ENV);
	setrlimit(RLIMIT_STACK, &rl);
	personality(pers);
	return 0;
}
