/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcexec: runs a static Linux program on the LWK (include/ihk/mcexec.h):
 * mcexec.c finds and checks the program, instance.c picks and opens the
 * instance, load.c creates and starts the LWK process, serve.c runs its
 * offloaded syscalls and ends mcexec the way the process ended.
 */
#ifndef MCEXEC_MCEXEC_H
#define MCEXEC_MCEXEC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf_exec.h"
#include "ihk/mcexec.h"

/* Exit statuses of mcexec itself, shell-like where a shell has one. */
#define MCEXEC_FAILED		1	/* no instance, no CPU, LWK went away... */
#define MCEXEC_USAGE		2	/* bad command line */
#define MCEXEC_CANNOT_EXEC	126	/* found but cannot run (as execve failing) */
#define MCEXEC_NOT_FOUND	127	/* no such program */

struct mcexec {
	const char *prog;		/* the program as given, for messages */
	char path[PATH_MAX];		/* the file run (after the PATH search) */
	char *const *argv;		/* the application's argv, argv[0] = prog */
	int os_index;			/* -n N, or -1: the first running instance */

	void *image;			/* the whole file, until loaded */
	size_t image_len;
	struct elf_exec_plan plan;

	int fd;				/* /dev/mcosN, -1 when closed */
	bool mirrored;			/* [USER_START, USER_END) is mapped */
	uint64_t rlimit_stack;		/* mcexec's RLIMIT_STACK, for the program */
	uint64_t rlimit_stack_max;
	uint64_t stack_size;		/* bytes mapped below stack_top */
	uint64_t stack_top;		/* page-aligned end of the stack mapping */
	uint64_t stack_gap;		/* random bytes left unused below stack_top */
	int lwk_pid;
	int lwk_cpu;
};

/* "mcexec: MESSAGE" on stderr, one line; returns @status. */
int mcexec_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * layout.c, first thing: if Linux laid mcexec out inside the LWK range
 * (unlimited stack, setarch -L), runs mcexec again so that it does not,
 * and in that second run puts the stack limit and personality back.
 * Returns 0, or the exit status after reporting an error.
 */
int mcexec_layout(char **argv);
/* Reports which of mcexec's own memory lies in the LWK range, and why. */
int mcexec_layout_conflict(void);

/* instance.c: sets mc->fd and mc->os_index, or reports why not. */
int mcexec_open_instance(struct mcexec *mc);
/* One line on why instance @index (or CREATE on it) refused us; status 1. */
int mcexec_access_error(int index);
/* One line on the per-user process limit CREATE hit (EUSERS); status 1. */
int mcexec_limit_error(struct mcexec *mc);
/* Free LWK memory of the open instance, or 0 if unknown. */
uint64_t mcexec_lwk_free(struct mcexec *mc);

/* load.c: create, mirror, map, copy, stack, start; reports its errors. */
int mcexec_load(struct mcexec *mc);
/* Unmaps the mirror and closes the fd, in that order (see mcexec.h). */
void mcexec_release(struct mcexec *mc);

/*
 * serve.c: serves the main thread until the process ends, then ends
 * mcexec the same way (exit status or signal). Returns only on failure,
 * with the exit status to use.
 */
int mcexec_serve(struct mcexec *mc);

/*
 * aslr.c: whether Linux would randomize an exec of mcexec (personality
 * ADDR_NO_RANDOMIZE, /proc/sys/kernel/randomize_va_space), and random
 * bits from getrandom.
 */
bool mcexec_aslr(void);
uint64_t mcexec_random(void);

/* Resets SIGINT, SIGTERM and SIGHUP to their default action, unblocked. */
void mcexec_default_signals(void);

#endif /* MCEXEC_MCEXEC_H */
