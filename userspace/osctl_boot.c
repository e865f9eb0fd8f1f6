// SPDX-License-Identifier: GPL-2.0
/* ihkosctl N boot/shutdown/debug: start and stop the LWK of an instance. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ihk/boot.h"
#include "ihkosctl.h"
#include "libihk.h"
#include "lookup.h"

/* Lines of the LWK console shown after a failed boot. */
#define BOOT_TAIL_LINES		20

#define BOOT_TIMEOUT_PARAM	"/sys/module/ihk/parameters/boot_timeout_ms"

/* "the LWK did not come up within the boot timeout (N ms, ...)". */
static const char *timeout_text(char *buf, size_t n)
{
	char ms[32] = "";
	FILE *f = fopen(BOOT_TIMEOUT_PARAM, "re");

	if (f) {
		if (!fgets(ms, sizeof(ms), f))
			ms[0] = '\0';
		fclose(f);
		ms[strcspn(ms, "\n")] = '\0';
	}
	if (ms[0])
		snprintf(buf, n, "the LWK did not come up within the boot timeout (%s ms, module parameter boot_timeout_ms)",
			 ms);
	else
		snprintf(buf, n, "the LWK did not come up within the boot timeout (module parameter boot_timeout_ms)");
	return buf;
}

/* What the LWK said went wrong, from the instance's state after -EIO. */
static const char *failure_text(const struct ihk_os_info *info, char *buf,
				size_t n)
{
	if (info->failed_cpu >= 0)
		snprintf(buf, n, "the LWK reported a failure: CPU %d did not start",
			 info->failed_cpu);
	else if (info->status == IHK_OS_PANIC && info->panic_cpu >= 0)
		snprintf(buf, n, "the LWK reported a failure: it panicked on CPU %d",
			 info->panic_cpu);
	else if (info->status == IHK_OS_PANIC)
		snprintf(buf, n, "the LWK reported a failure: it panicked");
	else
		snprintf(buf, n, "the LWK reported a failure (status %s)",
			 ihk_status_name(info->status));
	return buf;
}

/*
 * Why IHK_OS_BOOT failed, in words; errno values as abi.h documents them.
 * Some need the instance's state to tell their cases apart.
 */
static const char *boot_why(int fd, int err, const struct ihk_os_info *info,
			    bool have_info, char *buf, size_t n)
{
	switch (err) {
	case ENOEXEC:
		if (have_info && !info->image_size) {
			snprintf(buf, n, "no image loaded (see 'ihkosctl %d load')",
				 osctl_index);
			return buf;
		}
		snprintf(buf, n, "the loaded image is not an LWK image this ihk.ko can boot (no %s boot note for contract version %d, or a segment outside the kernel window)",
			 IHK_NOTE_NAME, IHK_BOOT_VERSION);
		return buf;
	case ENXIO:
		snprintf(buf, n, "no CPU assigned (see 'ihkosctl %d assign cpu')",
			 osctl_index);
		return buf;
	case E2BIG:
		snprintf(buf, n, "more CPUs assigned than the LWK supports (at most %d)",
			 IHK_LWK_MAX_CPUS);
		return buf;
	case ENOSPC:
		if (have_info && !info->mem_total)
			snprintf(buf, n, "no memory assigned (see 'ihkosctl %d assign mem')",
				 osctl_index);
		else
			snprintf(buf, n, "no assigned memory chunk holds the image and its boot data (assign more memory)");
		return buf;
	case EOPNOTSUPP:
		return "no page below 1 MiB could be found for the boot trampoline";
	case EDOM:
		return "Linux marked the TSC unstable (see dmesg), and the LWK keeps time with the TSC";
	case EIO:
		if (have_info)
			return failure_text(info, buf, n);
		return "the LWK reported a failure";
	case ETIMEDOUT:
		return timeout_text(buf, n);
	case EPERM:
		return osctl_eperm_why(buf, n);
	case ESHUTDOWN:
		return "the machine is rebooting";
	}
	return osctl_why(fd, err, buf, n);
}

int osctl_boot(const char *unused)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	uint64_t start;
	bool have_info;
	char why[256];
	int fd, ret;

	(void)unused;
	if (!info)
		return cli_error("cannot boot instance %d: %s", osctl_index,
				 strerror(ENOMEM));
	fd = osctl_open(O_RDWR);
	if (fd < 0) {
		free(info);
		return CLI_FAILED;
	}
	/* The ring keeps earlier boots: show only what this one wrote. */
	start = osctl_kmsg_end(fd);
	ret = ihk_os_boot(fd);
	if (ret) {
		have_info = ihk_os_query(fd, info) == 0;
		cli_error("cannot boot instance %d: %s", osctl_index,
			  boot_why(fd, -ret, info, have_info, why, sizeof(why)));
		/* The LWK ran: what it said is the best clue to why it failed. */
		if (ret == -EIO || ret == -ETIMEDOUT)
			osctl_kmsg_tail(fd, start, BOOT_TAIL_LINES);
		ret = CLI_FAILED;
	}
	close(fd);
	free(info);
	return ret;
}

int osctl_shutdown(const char *unused)
{
	const char *status;
	char why[128];
	int fd, ret;

	(void)unused;
	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_shutdown(fd);
	if (ret == -EALREADY) {
		status = lookup_status(fd);
		if (status)
			snprintf(why, sizeof(why), "it is not booted (it is %s)",
				 status);
		else
			snprintf(why, sizeof(why), "it is not booted");
		ret = cli_error("cannot shut down instance %d: %s", osctl_index,
				why);
	} else if (ret) {
		ret = cli_error("cannot shut down instance %d: %s", osctl_index,
				osctl_why(fd, -ret, why, sizeof(why)));
	}
	close(fd);
	return ret;
}

static int debug(int what, const char *verb)
{
	const char *status;
	char why[128];
	int fd, ret;

	fd = osctl_open(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_os_debug(fd, what);
	if (ret == -EBUSY) {
		status = lookup_status(fd);
		if (status)
			snprintf(why, sizeof(why), "it is %s, not RUNNING",
				 status);
		else
			snprintf(why, sizeof(why), "it is not RUNNING");
		ret = cli_error("cannot make instance %d %s: %s", osctl_index,
				verb, why);
	} else if (ret == -EINVAL) {
		ret = cli_error("cannot make instance %d %s: %s", osctl_index,
				verb, "not supported by this ihk.ko");
	} else if (ret) {
		ret = cli_error("cannot make instance %d %s: %s", osctl_index,
				verb, osctl_why(fd, -ret, why, sizeof(why)));
	}
	close(fd);
	return ret;
}

int osctl_debug_panic(const char *unused)
{
	(void)unused;
	return debug(IHK_DEBUG_PANIC, "panic");
}

int osctl_debug_hang(const char *unused)
{
	(void)unused;
	return debug(IHK_DEBUG_HANG, "hang");
}

/* ihkosctl N debug corrupt KIND: the names of IHK_DEBUG_CORRUPT_*. */
static const struct {
	const char *name;
	int what;
} corrupt_kinds[] = {
	{ "ring",	IHK_DEBUG_CORRUPT_RING },
	{ "slot-rx",	IHK_DEBUG_CORRUPT_SLOT_RX },
	{ "slot-tx",	IHK_DEBUG_CORRUPT_SLOT_TX },
	{ "msg",	IHK_DEBUG_CORRUPT_MSG },
	{ "kmsg",	IHK_DEBUG_CORRUPT_KMSG },
	{ "proc",	IHK_DEBUG_CORRUPT_PROC },
};

int osctl_debug_corrupt(const char *kind)
{
	char verb[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(corrupt_kinds); i++) {
		if (strcmp(kind, corrupt_kinds[i].name))
			continue;
		snprintf(verb, sizeof(verb), "corrupt its %s", kind);
		return debug(corrupt_kinds[i].what, verb);
	}
	return cli_usage_error("unknown corruption '%s' (ring, slot-rx, slot-tx, msg, kmsg or proc)",
			       kind);
}
