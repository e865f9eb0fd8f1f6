// SPDX-License-Identifier: GPL-2.0
/* ihkconfig reserve/release/query cpu: CPUs taken from Linux. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cpumask.h"
#include "ihkconfig.h"
#include "libihk.h"
#include "lookup.h"

static int reserve_error(const uint64_t *mask, int err, int failed)
{
	char subject[CLI_CPUS_TEXT];
	const char *why;

	cli_cpu_subject(mask, failed, subject);
	switch (err) {
	case EINVAL:
		if (failed == 0)
			why = "CPU 0 always stays with Linux";
		else if (failed > 0)
			why = "CPU number out of range on this machine";
		else
			why = "empty CPU set";
		break;
	case ENODEV:
		why = "no such CPU";
		break;
	case EEXIST:
		why = "already reserved";
		break;
	case EALREADY:
		why = "already offline in Linux, not by ihk";
		break;
	default:
		if (failed >= 0 && err != EPERM && err != ENOTTY)
			return cli_error("cannot reserve %s: could not take it offline: %s",
					 subject, cli_strerror(err));
		why = cli_strerror(err);
	}
	return cli_error("cannot reserve %s: %s", subject, why);
}

int config_reserve_cpu(const char *list)
{
	uint64_t mask[IHK_CPU_WORDS];
	int fd, ret, failed;

	ret = cli_parse_cpus(list, mask);
	if (ret)
		return ret;
	/* The module refuses it too; saying so needs no device. */
	if (cpumask_bit_test(mask, 0))
		return cli_error("cannot reserve CPU 0: CPU 0 always stays with Linux");

	fd = cli_open_ctl(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_reserve_cpu(fd, mask, &failed);
	close(fd);
	return ret ? reserve_error(mask, -ret, failed) : 0;
}

static int release_error(int fd, const uint64_t *mask, int err, int failed)
{
	char subject[CLI_CPUS_TEXT];
	int owner;

	cli_cpu_subject(mask, failed, subject);
	switch (err) {
	case ENOENT:
		return cli_error("cannot release %s: not reserved", subject);
	case EBUSY:
		owner = failed >= 0 ? lookup_cpu_owner(fd, failed) : -1;
		if (owner >= 0)
			return cli_error("cannot release %s: assigned to instance %d (release it there first)",
					 subject, owner);
		return cli_error("cannot release %s: assigned to an instance (release it there first)",
				 subject);
	case EPERM:
	case ENOTTY:
		break;
	default:
		if (failed >= 0)
			return cli_error("cannot release %s: could not bring it back online: %s",
					 subject, cli_strerror(err));
	}
	return cli_error("cannot release %s: %s", subject, cli_strerror(err));
}

int config_release_cpu(const char *list)
{
	struct ihk_cpu_query q;
	uint64_t mask[IHK_CPU_WORDS];
	bool all = !strcmp(list, "all");
	int fd, ret, failed;

	if (!all) {
		ret = cli_parse_cpus(list, mask);
		if (ret)
			return ret;
	}

	fd = cli_open_ctl(O_RDWR);
	if (fd < 0)
		return CLI_FAILED;
	if (all) {
		ret = ihk_query_cpu(fd, &q);
		if (ret) {
			ret = cli_error("cannot query reserved CPUs: %s",
					cli_strerror(-ret));
			goto out;
		}
		memcpy(mask, q.reserved, sizeof(mask));
		if (cli_cpus_empty(mask)) {
			ret = cli_error("cannot release CPUs: none are reserved");
			goto out;
		}
	}
	ret = ihk_release_cpu(fd, mask, &failed);
	if (ret)
		ret = release_error(fd, mask, -ret, failed);
out:
	close(fd);
	return ret;
}

int config_query_cpu(const char *unused)
{
	struct ihk_cpu_query q;
	char text[CLI_CPUS_TEXT];
	int fd, ret;

	(void)unused;
	fd = cli_open_ctl(O_RDONLY);
	if (fd < 0)
		return CLI_FAILED;
	ret = ihk_query_cpu(fd, &q);
	close(fd);
	if (ret)
		return cli_error("cannot query CPUs: %s", cli_strerror(-ret));
	printf("reserved: %s\n", cli_cpulist(q.reserved, text));
	printf("assigned: %s\n", cli_cpulist(q.assigned, text));
	return 0;
}
