// SPDX-License-Identifier: GPL-2.0
/*
 * ihkosctl N ikc_map set/get, ping, ikc_stress: the inter-kernel channels
 * of an instance, their notification targets, their health and latency.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cpumask.h"
#include "ihk/ikc.h"
#include "ihkosctl.h"
#include "ikc_map.h"
#include "libihk.h"
#include "lookup.h"
#include "stats.h"

#define PING_COUNT_DEFAULT	100
#define PING_TIMEOUT_DEFAULT	1000		/* ms, per round trip */
#define STRESS_COUNT_DEFAULT	100000
#define STRESS_TIMEOUT_DEFAULT	10000		/* ms without progress */
#define TIMEOUT_MAX		3600000		/* ms: an hour */

/* --- ikc_map ------------------------------------------------------------- */

/* Why the module refused entry @e of a map; @err positive. */
static const char *map_why(int fd, int err, const struct ihk_ikc_map_entry *e,
			   char *buf, size_t n)
{
	if (e && err == ENOENT) {
		snprintf(buf, n, "CPU %d is not a CPU of instance %d",
			 e->lwk_cpu, osctl_index);
		return buf;
	}
	if (e && err == ENODEV) {
		snprintf(buf, n, "Linux CPU %d is not online in Linux (offline, reserved or nonexistent)",
			 e->linux_cpu);
		return buf;
	}
	if (e && err == EINVAL) {
		snprintf(buf, n, "CPU %d is named twice", e->lwk_cpu);
		return buf;
	}
	if (err == E2BIG) {
		snprintf(buf, n, "more CPUs than the LWK supports (at most %d)",
			 IHK_LWK_MAX_CPUS);
		return buf;
	}
	return osctl_why(fd, err, buf, n);
}

int osctl_ikc_map_set(const char *text)
{
	struct ihk_ikc_map *map = malloc(sizeof(*map));
	const struct ihk_ikc_map_entry *e;
	struct ikc_map_error perr;
	int fd, ret, failed;
	char why[160];

	if (!map)
		return cli_error("cannot set the IKC map of instance %d: %s",
				 osctl_index, strerror(ENOMEM));
	if (ikc_map_parse(text, map, &perr)) {
		ret = cli_bad_value("ikc_map", text, perr.pos, perr.len,
				    perr.reason);
		free(map);
		return ret;
	}
	fd = osctl_open(O_RDWR);
	if (fd < 0) {
		free(map);
		return CLI_FAILED;
	}
	ret = ihk_os_ikc_map_set(fd, map, &failed);
	if (ret) {
		e = failed >= 0 && (uint32_t)failed < map->nr ?
			&map->entry[failed] : NULL;
		ret = cli_error("cannot set the IKC map of instance %d: %s",
				osctl_index, map_why(fd, -ret, e, why, sizeof(why)));
	}
	close(fd);
	free(map);
	return ret;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct ihk_ikc_map_entry *x = a, *y = b;

	return (x->lwk_cpu > y->lwk_cpu) - (x->lwk_cpu < y->lwk_cpu);
}

int osctl_ikc_map_get(const char *unused)
{
	struct ihk_ikc_map *map = malloc(sizeof(*map));
	static char text[IKC_MAP_TEXT];
	char why[160];
	int fd, ret;

	(void)unused;
	if (!map)
		return cli_error("cannot read the IKC map of instance %d: %s",
				 osctl_index, strerror(ENOMEM));
	fd = osctl_open(O_RDONLY);
	if (fd < 0) {
		free(map);
		return CLI_FAILED;
	}
	ret = ihk_os_ikc_map_get(fd, map);
	if (ret) {
		ret = cli_error("cannot read the IKC map of instance %d: %s",
				osctl_index,
				ret == -EIO ? "the module answered more entries than it can have" :
				osctl_why(fd, -ret, why, sizeof(why)));
	} else {
		qsort(map->entry, map->nr, sizeof(map->entry[0]), entry_cmp);
		ikc_map_format(map, text, sizeof(text));
		printf("%s\n", map->nr ? text : "none");
	}
	close(fd);
	free(map);
	return ret;
}

/* --- shared by ping and ikc_stress ----------------------------------------- */

/* A decimal number in [@min, @max] for option -@opt, or a usage error. */
static int parse_number(const char *s, char opt, uint64_t min, uint64_t max,
			uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (!*s)
		return cli_usage_error("option -%c: empty number", opt);
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return cli_usage_error("option -%c: '%s' is not a number",
					       opt, s);
		if (v <= max)	/* saturate: stays too large */
			v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return cli_usage_error("option -%c: '%s' is out of range (%" PRIu64 " to %" PRIu64 ")",
				       opt, s, min, max);
	*out = v;
	return 0;
}

/*
 * The CPUs named by @argv (@argc CPU lists) into @want; @*any says whether
 * any was named. A usage error if one does not parse.
 */
static int parse_cpu_args(int argc, char **argv, uint64_t *want, bool *any)
{
	uint64_t one[IHK_CPU_WORDS];
	unsigned int i, w;
	int ret;

	memset(want, 0, IHK_CPU_WORDS * sizeof(*want));
	*any = argc > 0;
	for (i = 0; i < (unsigned int)argc; i++) {
		ret = cli_parse_cpus(argv[i], one);
		if (ret)
			return ret;
		for (w = 0; w < IHK_CPU_WORDS; w++)
			want[w] |= one[w];
	}
	return 0;
}

/*
 * The CPUs of @want (if @any, else every CPU of the instance) into
 * @cpus[], @*nr of them, after checking the instance runs and has them.
 * @what: "ping" or "stress", for messages.
 */
static int pick_cpus(int fd, uint64_t *want, bool any, const char *what,
		     int *cpus, unsigned int *nr)
{
	struct ihk_os_info *info = malloc(sizeof(*info));
	char why[128];
	unsigned int cpu;
	int ret;

	if (!info)
		return cli_error("cannot %s instance %d: %s", what, osctl_index,
				 strerror(ENOMEM));
	ret = ihk_os_query(fd, info);
	if (ret) {
		ret = cli_error("cannot %s instance %d: %s", what, osctl_index,
				osctl_why(fd, -ret, why, sizeof(why)));
		goto out;
	}
	if (info->status != IHK_OS_RUNNING) {
		ret = cli_error("cannot %s instance %d: it is %s, not RUNNING",
				what, osctl_index, ihk_status_name(info->status));
		goto out;
	}
	if (!any)
		memcpy(want, info->cpus, sizeof(info->cpus));
	*nr = 0;
	for (cpu = 0; cpu < IHK_MAX_CPUS; cpu++) {
		if (!cpumask_bit_test(want, cpu))
			continue;
		if (!cpumask_bit_test(info->cpus, cpu)) {
			ret = cli_error("cannot %s CPU %u: it is not a CPU of instance %d",
					what, cpu, osctl_index);
			goto out;
		}
		if (*nr >= IHK_LWK_MAX_CPUS_ABI) {
			ret = cli_error("cannot %s instance %d: more than %d CPUs",
					what, osctl_index, IHK_LWK_MAX_CPUS_ABI);
			goto out;
		}
		cpus[(*nr)++] = cpu;
	}
	if (!*nr)
		ret = cli_error("cannot %s instance %d: it has no CPU", what,
				osctl_index);
out:
	free(info);
	return ret;
}

/*
 * The instance's device, opened with @oflags, and the LWK CPUs the command
 * line names (all of the instance's if none) in @cpus[]; or minus the exit
 * status after saying what was wrong.
 */
static int open_target_cpus(int argc, char **argv, int oflags,
			    const char *what, int *cpus, unsigned int *nr)
{
	uint64_t want[IHK_CPU_WORDS];
	bool any;
	int fd, ret;

	ret = parse_cpu_args(argc, argv, want, &any);
	if (ret)
		return -ret;
	fd = osctl_open(oflags);
	if (fd < 0)
		return -CLI_FAILED;
	ret = pick_cpus(fd, want, any, what, cpus, nr);
	if (ret) {
		close(fd);
		return -ret;
	}
	return fd;
}

/* Why a request on a running instance failed, @err positive. */
static const char *run_why(int fd, int err, char *buf, size_t n)
{
	const char *status;

	if (err == ENODEV)
		return "it no longer exists";
	status = lookup_status(fd);
	if (err == ESHUTDOWN) {
		snprintf(buf, n, "its LWK was shut down meanwhile (it is %s now)",
			 status ? status : "no longer RUNNING");
		return buf;
	}
	if (status && strcmp(status, "RUNNING")) {
		snprintf(buf, n, "it is %s, not RUNNING", status);
		return buf;
	}
	if (err == EBUSY)
		return "it is not RUNNING";
	return cli_strerror(err);
}

/* ns as microseconds with two decimals: "12.34". */
static const char *us(uint64_t ns, char *buf, size_t n)
{
	snprintf(buf, n, "%" PRIu64 ".%02" PRIu64, ns / 1000, ns % 1000 / 10);
	return buf;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A numeric option of ping or ikc_stress: -@opt VALUE in [@min, @max]
 * into *@val.
 */
struct num_opt {
	char opt;
	uint64_t min, max;
	uint64_t *val;
};

/*
 * The options of @cmd (-h prints @usage and sets *@help); optind is left
 * at the first CPU list. 0 or the usage error's exit status.
 */
static int parse_num_opts(int argc, char **argv, const char *cmd,
			  const char *usage, const struct num_opt *opts,
			  unsigned int nr, bool *help)
{
	char optstring[2 + 2 * 8 + 2] = ":";
	unsigned int i, len = 1;
	int opt, ret;

	for (i = 0; i < nr && i < 8; i++) {
		optstring[len++] = opts[i].opt;
		optstring[len++] = ':';
	}
	optstring[len++] = 'h';
	optstring[len] = '\0';
	*help = false;
	opterr = 0;
	optind = 1;
	while ((opt = getopt(argc, argv, optstring)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			*help = true;
			return 0;
		}
		if (opt == ':')
			return cli_usage_error("option -%c needs a value (%s)",
					       optopt, "see 'ihkosctl --help'");
		for (i = 0; i < nr && opts[i].opt != opt; i++)
			;
		if (i == nr)
			return cli_usage_error("%s: unknown option '-%c' (see 'ihkosctl --help')",
					       cmd, optopt);
		ret = parse_number(optarg, opts[i].opt, opts[i].min,
				   opts[i].max, opts[i].val);
		if (ret)
			return ret;
	}
	return 0;
}

/* --- ping ---------------------------------------------------------------- */

static const char ping_usage[] =
"usage: ihkosctl N ping [-c COUNT] [-s SIZE] [-W TIMEOUT_MS] [CPU...]\n";

/* One ping command: what was asked, and what came back. */
struct ping_run {
	int fd;
	uint64_t count, size, timeout;
	int cpus[IHK_LWK_MAX_CPUS_ABI];
	unsigned int nr;
	uint64_t *samples;	/* one CPU's round trips */
	uint64_t *all;		/* every CPU's, for the summary */
	uint64_t answered_all;
	int bad[IHK_LWK_MAX_CPUS_ABI];	/* CPUs that stopped answering */
	unsigned int nbad;
	unsigned int nerr;	/* CPUs whose request failed outright */
};

static void print_summary_stats(const struct stats_summary *s)
{
	char a[32], b[32], c[32], d[32];

	printf("min %s us, median %s us, p99 %s us, max %s us",
	       us(s->min, a, sizeof(a)), us(s->median, b, sizeof(b)),
	       us(s->p99, c, sizeof(c)), us(s->max, d, sizeof(d)));
}

/* One line for CPU @cpu: @answered round trips, @timed_out after them. */
static void ping_print_cpu(const struct ping_run *r, int cpu,
			   uint32_t answered, bool timed_out)
{
	struct stats_summary s;

	stats_summarize(r->samples, answered, &s);
	if (!timed_out) {
		printf("cpu %d: %u round trips, ", cpu, answered);
		print_summary_stats(&s);
		printf("\n");
	} else {
		printf("cpu %d: %u of %" PRIu64 " round trips", cpu, answered,
		       r->count);
		if (answered) {
			printf(", ");
			print_summary_stats(&s);
		}
		printf("; then no answer within %" PRIu64 " ms\n", r->timeout);
	}
	fflush(stdout);
}

/*
 * Ping each CPU in turn. 0, or the exit status when the request was
 * refused as a whole (not root, old module): one line says so.
 */
static int ping_cpus(struct ping_run *r)
{
	char why[160];
	uint32_t answered;
	unsigned int i;
	int ret;

	for (i = 0; i < r->nr; i++) {
		answered = 0;
		ret = ihk_os_ikc_ping(r->fd, r->cpus[i], r->count, r->size,
				      r->timeout, r->samples, &answered);
		if (ret == -EPERM || ret == -ENOTTY)
			return cli_error("cannot ping instance %d: %s",
					 osctl_index, cli_strerror(-ret));
		if (ret && ret != -ETIMEDOUT) {
			/* Not a slow CPU: the instance or the request is wrong. */
			cli_error("cannot ping CPU %d of instance %d: %s",
				  r->cpus[i], osctl_index,
				  run_why(r->fd, -ret, why, sizeof(why)));
			r->nerr++;
			if (ret == -EBUSY || ret == -ENODEV)
				break;
			continue;
		}
		memcpy(r->all + r->answered_all, r->samples,
		       answered * sizeof(*r->all));
		r->answered_all += answered;
		if (ret)
			r->bad[r->nbad++] = r->cpus[i];
		ping_print_cpu(r, r->cpus[i], answered, ret != 0);
	}
	return 0;
}

/* The summary line, and the exit status. */
static int ping_report(const struct ping_run *r)
{
	uint64_t total = r->nr * r->count, badmask[IHK_CPU_WORDS];
	char list[CLI_CPUS_TEXT], m[32], m2[32];
	struct stats_summary s;
	unsigned int i;

	stats_summarize(r->all, r->answered_all, &s);
	printf("ping: %u CPU%s, %" PRIu64 " round trips, ", r->nr,
	       r->nr == 1 ? "" : "s", total);
	if (r->answered_all == total)
		printf("all answered");
	else
		printf("%" PRIu64 " answered", r->answered_all);
	if (r->answered_all)
		printf(", median %s us, p99 %s us", us(s.median, m, sizeof(m)),
		       us(s.p99, m2, sizeof(m2)));
	printf("\n");
	fflush(stdout);

	if (!r->nbad)
		return r->nerr ? CLI_FAILED : 0;
	memset(badmask, 0, sizeof(badmask));
	for (i = 0; i < r->nbad; i++)
		cpumask_bit_set(badmask, r->bad[i]);
	return cli_error("no answer from %s of instance %d within %" PRIu64 " ms",
			 cli_cpus_text(badmask, list), osctl_index, r->timeout);
}

int osctl_ping(int argc, char **argv)
{
	struct ping_run r = {
		.count = PING_COUNT_DEFAULT,
		.timeout = PING_TIMEOUT_DEFAULT,
	};
	const struct num_opt opts[] = {
		{ 'c', 1, IHK_PING_MAX, &r.count },
		{ 's', 0, IKC_PAYLOAD_MAX, &r.size },
		{ 'W', 1, TIMEOUT_MAX, &r.timeout },
	};
	bool help;
	int ret;

	ret = parse_num_opts(argc, argv, "ping", ping_usage, opts,
			     ARRAY_SIZE(opts), &help);
	if (ret || help)
		return ret;
	r.fd = open_target_cpus(argc - optind, argv + optind, O_RDONLY,
				"ping", r.cpus, &r.nr);
	if (r.fd < 0)
		return -r.fd;
	r.all = malloc(r.nr * r.count * sizeof(*r.all));
	r.samples = malloc(r.count * sizeof(*r.samples));
	if (!r.all || !r.samples) {
		ret = cli_error("cannot ping instance %d: not enough memory for %u x %" PRIu64 " samples (try a smaller -c)",
				osctl_index, r.nr, r.count);
		goto out;
	}
	ret = ping_cpus(&r);
	if (!ret)
		ret = ping_report(&r);
out:
	free(r.samples);
	free(r.all);
	close(r.fd);
	return ret;
}

/* --- ikc_stress ---------------------------------------------------------- */

struct stress_job {
	pthread_t thread;
	int fd;
	struct ihk_ikc_stress st;
	int ret;		/* 0 or negative errno */
};

static void *stress_thread(void *arg)
{
	struct stress_job *job = arg;

	job->ret = ihk_os_ikc_stress(job->fd, &job->st);
	return NULL;
}

/* What went wrong on one CPU's channel, or "" if nothing did. */
static const char *stress_problem(const struct stress_job *j, char *buf,
				  size_t n)
{
	const struct ihk_ikc_stress *st = &j->st;
	size_t used = 0;

#define PROBLEM(...) \
	(used += snprintf(buf + used, used < n ? n - used : 0, \
			  "%s", used ? "; " : ""), \
	 used += snprintf(buf + used, used < n ? n - used : 0, __VA_ARGS__))

	buf[0] = '\0';
	if (st->lwk_received != st->count)
		PROBLEM("the LWK received %" PRIu64 " of %" PRIu64 " messages",
			st->lwk_received, st->count);
	if (st->linux_received != st->count)
		PROBLEM("Linux received %" PRIu64 " of %" PRIu64 " messages",
			st->linux_received, st->count);
	if (st->lwk_out_of_order || st->linux_out_of_order)
		PROBLEM("%" PRIu64 " out of order to the LWK, %" PRIu64 " to Linux",
			st->lwk_out_of_order, st->linux_out_of_order);
	if (st->lwk_bad_payload || st->linux_bad_payload)
		PROBLEM("%" PRIu64 " bad payloads to the LWK, %" PRIu64 " to Linux",
			st->lwk_bad_payload, st->linux_bad_payload);
#undef PROBLEM
	return buf;
}

static const char stress_usage[] =
"usage: ihkosctl N ikc_stress [-n COUNT] [-W TIMEOUT_MS] [CPU...]\n";

/*
 * One thread per CPU, all started before any is joined, so that every
 * channel is busy at once. The number started; *@nbad counts a failure.
 */
static unsigned int stress_run(struct stress_job *jobs, const int *cpus,
			       unsigned int nr, int fd, uint64_t count,
			       uint64_t timeout, unsigned int *nbad)
{
	unsigned int i, started = 0;
	int ret;

	for (i = 0; i < nr; i++) {
		jobs[i].fd = fd;
		jobs[i].st.cpu = cpus[i];
		jobs[i].st.count = count;
		jobs[i].st.timeout_ms = timeout;
		ret = pthread_create(&jobs[i].thread, NULL, stress_thread, &jobs[i]);
		if (ret) {
			cli_error("cannot stress CPU %d of instance %d: cannot start a thread: %s",
				  cpus[i], osctl_index, strerror(ret));
			jobs[i].ret = -ret;
			(*nbad)++;
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(jobs[i].thread, NULL);
	return started;
}

/*
 * One line per CPU and what went wrong on it; the messages moved. *@nbad
 * counts the CPUs that failed or lost, reordered or damaged messages.
 */
static uint64_t stress_report_cpus(const struct stress_job *jobs,
				   const int *cpus, unsigned int started,
				   int fd, uint64_t count, double wall,
				   unsigned int *nbad)
{
	char why[160], problem[512];
	uint64_t moved = 0;
	unsigned int i;

	for (i = 0; i < started; i++) {
		const struct ihk_ikc_stress *st = &jobs[i].st;
		double secs = st->elapsed_ns / 1e9;

		if (jobs[i].ret) {
			printf("cpu %d: failed after %.3f s\n", cpus[i], wall);
			cli_error("cannot stress CPU %d of instance %d: %s",
				  cpus[i], osctl_index,
				  jobs[i].ret == -ETIMEDOUT ?
				  "no message moved within the timeout (-W)" :
				  run_why(fd, -jobs[i].ret, why, sizeof(why)));
			(*nbad)++;
			continue;
		}
		moved += st->lwk_received + st->linux_received;
		printf("cpu %d: to LWK %" PRIu64 "/%" PRIu64 " (%" PRIu64 " out of order, %" PRIu64 " bad), "
		       "to Linux %" PRIu64 "/%" PRIu64 " (%" PRIu64 " out of order, %" PRIu64 " bad), "
		       "IPIs %" PRIu64 " to LWK %" PRIu64 " to Linux, %.3f s, %.0f messages/s\n",
		       cpus[i], st->lwk_received, count, st->lwk_out_of_order,
		       st->lwk_bad_payload, st->linux_received, count,
		       st->linux_out_of_order, st->linux_bad_payload,
		       st->ipis_to_lwk, st->ipis_to_linux, secs,
		       secs > 0 ? (st->lwk_received + st->linux_received) / secs : 0.0);
		if (stress_problem(&jobs[i], problem, sizeof(problem))[0]) {
			cli_error("IKC stress of CPU %d of instance %d: %s",
				  cpus[i], osctl_index, problem);
			(*nbad)++;
		}
	}
	return moved;
}

int osctl_ikc_stress(int argc, char **argv)
{
	uint64_t count = STRESS_COUNT_DEFAULT, timeout = STRESS_TIMEOUT_DEFAULT,
		 moved;
	const struct num_opt opts[] = {
		{ 'n', 1, UINT64_MAX / 4, &count },
		{ 'W', 1, TIMEOUT_MAX, &timeout },
	};
	int cpus[IHK_LWK_MAX_CPUS_ABI];
	struct stress_job *jobs = NULL;
	unsigned int nr = 0, i, started, nbad = 0;
	double t0, wall;
	bool help;
	int fd, ret;

	ret = parse_num_opts(argc, argv, "ikc_stress", stress_usage, opts,
			     ARRAY_SIZE(opts), &help);
	if (ret || help)
		return ret;
	fd = open_target_cpus(argc - optind, argv + optind, O_RDWR, "stress",
			      cpus, &nr);
	if (fd < 0)
		return -fd;
	jobs = calloc(nr, sizeof(*jobs));
	if (!jobs) {
		ret = cli_error("cannot stress instance %d: %s", osctl_index,
				strerror(ENOMEM));
		goto out;
	}

	t0 = now_s();
	started = stress_run(jobs, cpus, nr, fd, count, timeout, &nbad);
	wall = now_s() - t0;

	/* Refused as a whole (not root, old module): one line says so. */
	for (i = 0; i < started; i++) {
		if (jobs[i].ret == -EPERM || jobs[i].ret == -ENOTTY) {
			ret = cli_error("cannot stress instance %d: %s",
					osctl_index, cli_strerror(-jobs[i].ret));
			goto out;
		}
	}
	moved = stress_report_cpus(jobs, cpus, started, fd, count, wall, &nbad);
	fflush(stdout);
	printf("ikc_stress: %u CPU%s, %" PRIu64 " messages each way per CPU, %s, %.3f s, %.0f messages/s\n",
	       nr, nr == 1 ? "" : "s", count,
	       nbad ? "NOT all accounted for" : "all accounted for", wall,
	       wall > 0 ? moved / wall : 0.0);
	ret = nbad ? CLI_FAILED : 0;
out:
	free(jobs);
	close(fd);
	return ret;
}
