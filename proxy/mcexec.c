// SPDX-License-Identifier: GPL-2.0
/*
 * mcexec [-n N] PROGRAM [ARGS...]: run a static x86_64 Linux program on
 * the LWK of instance N (default: the first running one), as if it were
 * run here: same arguments, environment, descriptors, working directory,
 * exit status or fatal signal. This file finds and checks the program;
 * nothing touches the instance before the program is known to be loadable,
 * so a wrong name says so even when no LWK runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcexec.h"
#include "prog_path.h"

/* Linux's x86_64 mmap_rnd_bits, which also moves a PIE's base. */
#define PIE_RND_PAGES	(1ull << 28)

static const char usage[] =
"Usage: mcexec [-n N] PROGRAM [ARGS...]\n"
"Run PROGRAM, a static x86_64 Linux executable (glibc or musl, PIE or not),\n"
"on the lightweight kernel of OS instance N, with its system calls on Linux\n"
"objects (files, pipes, terminals...) run here. PROGRAM is searched in PATH\n"
"when it has no '/'.\n"
"\n"
"  -n N        use instance N (default: the first running one)\n"
"  -h, --help  show this help\n"
"\n"
"Exit status: PROGRAM's own, or 128+SIG when a signal killed it (mcexec\n"
"dies by the same signal); 127 PROGRAM not found, 126 found but cannot run\n"
"(not executable, not a static x86_64 ELF, not enough LWK memory); 1 no\n"
"usable instance or another failure of mcexec; 2 bad command line.\n";

int mcexec_error(int status, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write: lines of concurrent mcexecs do not interleave. */
	dprintf(STDERR_FILENO, "mcexec: %s\n", line);
	return status;
}

/* Probe for the PATH search: what execve would find at @path. */
static int probe_exec(const char *path, void *ctx)
{
	struct stat st;

	(void)ctx;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return -ENOENT;
	return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) ? -EACCES : 0;
}

/* Like a shell: only a missing file is 127; any other refusal is 126. */
static int file_error(struct mcexec *mc, int err)
{
	return mcexec_error(err == ENOENT ? MCEXEC_NOT_FOUND : MCEXEC_CANNOT_EXEC,
			    "%s: %s", mc->prog, strerror(err));
}

static int find_program(struct mcexec *mc)
{
	int ret;

	ret = prog_path_find(mc->prog, getenv("PATH"), probe_exec, NULL,
			     mc->path, sizeof(mc->path));
	if (ret == -ENOENT && !strchr(mc->prog, '/'))
		return mcexec_error(MCEXEC_NOT_FOUND, "%s: command not found", mc->prog);
	if (ret)
		return file_error(mc, -ret);
	return 0;
}

/* Reads all of @fd (a regular file of @size bytes) into mc->image. */
static int read_image(struct mcexec *mc, int fd, size_t size)
{
	size_t done = 0;

	/* +1: an empty file still gets a buffer, and elf_exec says "too short". */
	mc->image = malloc(size + 1);
	if (!mc->image)
		return mcexec_error(MCEXEC_CANNOT_EXEC, "%s: %s", mc->prog, strerror(ENOMEM));
	while (done < size) {
		ssize_t n = read(fd, (char *)mc->image + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return file_error(mc, errno);
		if (n == 0)
			break;		/* shrunk under us: elf_exec will see it */
		done += n;
	}
	mc->image_len = done;
	return 0;
}

static int refuse(struct mcexec *mc, enum elf_exec_err err)
{
	const char *machine = elf_exec_machine_name(mc->plan.machine);

	if (mc->image_len >= 2 && !memcmp(mc->image, "#!", 2))
		return mcexec_error(MCEXEC_CANNOT_EXEC,
				    "%s: a script, not an ELF executable (run its interpreter, built static, under mcexec)",
				    mc->prog);
	if (err == ELF_EXEC_WRONG_ARCH && machine)
		return mcexec_error(MCEXEC_CANNOT_EXEC, "%s: %s: built for %s", mc->prog,
				    elf_exec_strerror(err), machine);
	return mcexec_error(MCEXEC_CANNOT_EXEC, "%s: %s", mc->prog, elf_exec_strerror(err));
}

/*
 * A static-PIE's base under ASLR: up to 1 TiB (Linux's 28 bits of pages
 * on x86_64) above IHK_MC_PIE_BASE, on the segments' alignment.
 */
static uint64_t pie_base(const struct elf_exec_plan *plan)
{
	uint64_t off = (mcexec_random() % PIE_RND_PAGES) * 4096;
	uint64_t align = plan->align > 4096 ? plan->align : 4096;

	return IHK_MC_PIE_BASE + (off & ~(align - 1));
}

/* Opens, checks and reads the program, and plans its load. */
static int read_program(struct mcexec *mc)
{
	enum elf_exec_err err;
	struct stat st;
	int fd, ret;

	fd = open(mc->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* Execute-only: execve could run it, but we must read it. */
		if (errno == EACCES && !faccessat(AT_FDCWD, mc->path, X_OK, AT_EACCESS))
			return mcexec_error(MCEXEC_CANNOT_EXEC,
					    "%s: Permission denied (mcexec must read it)",
					    mc->prog);
		return file_error(mc, errno);
	}
	ret = fstat(fd, &st) < 0 ? file_error(mc, errno) : 0;
	if (!ret && S_ISDIR(st.st_mode))
		ret = file_error(mc, EISDIR);
	else if (!ret && !S_ISREG(st.st_mode))
		ret = file_error(mc, EACCES);	/* what execve says */
	else if (!ret && faccessat(AT_FDCWD, mc->path, X_OK, AT_EACCESS))
		ret = file_error(mc, errno);
	if (!ret)
		ret = read_image(mc, fd, st.st_size);
	close(fd);
	if (ret)
		return ret;

	err = elf_exec_plan(mc->image, mc->image_len, IHK_MC_PIE_BASE, &mc->plan);
	if (err == ELF_EXEC_OK && mc->plan.pie && mcexec_aslr())
		err = elf_exec_plan(mc->image, mc->image_len, pie_base(&mc->plan),
				    &mc->plan);
	if (err != ELF_EXEC_OK)
		return refuse(mc, err);
	return 0;
}

static int parse_index(const char *s, int *index)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v >= IHK_MAX_OS)
		return mcexec_error(MCEXEC_USAGE, "bad instance number '%s' (0 to %d)", s,
				    IHK_MAX_OS - 1);
	*index = (int)v;
	return 0;
}

static int parse_args(struct mcexec *mc, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	opterr = 0;
	/* '+': options end at PROGRAM; its own options are its business. */
	while ((c = getopt_long(argc, argv, "+n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			ret = parse_index(optarg, &mc->os_index);
			if (ret)
				return ret;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			if (optopt == 'n')
				return mcexec_error(MCEXEC_USAGE, "-n needs an instance number");
			if (optopt)
				return mcexec_error(MCEXEC_USAGE,
						    "unknown option '-%c' (try 'mcexec --help')",
						    optopt);
			return mcexec_error(MCEXEC_USAGE, "unknown option '%s' (try 'mcexec --help')",
					    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return mcexec_error(MCEXEC_USAGE, "no program given (try 'mcexec --help')");
	mc->prog = argv[optind];
	mc->argv = argv + optind;
	return 0;
}

int main(int argc, char **argv)
{
	struct mcexec mc = { .os_index = -1, .fd = -1 };
	int ret;

	/* First: a signal that ends us must end us, whatever we inherited. */
	mcexec_default_signals();
	/* Before anything else: it may run mcexec again, from the start. */
	ret = mcexec_layout(argv);
	if (!ret)
		ret = parse_args(&mc, argc, argv);
	if (!ret)
		ret = find_program(&mc);
	if (!ret)
		ret = read_program(&mc);
	if (!ret)
		ret = mcexec_open_instance(&mc);
	if (!ret)
		ret = mcexec_load(&mc);
	/* The file bytes are in the LWK now; serving must not carry them. */
	free(mc.image);
	mc.image = NULL;
	if (!ret)
		ret = mcexec_serve(&mc);
	mcexec_release(&mc);
	return ret;
}
