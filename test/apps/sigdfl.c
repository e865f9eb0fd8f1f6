// SPDX-License-Identifier: GPL-2.0
/*
 * Runs a command with every signal at its default action and none
 * blocked: sigdfl COMMAND [ARG]... A non-interactive shell starts
 * background jobs with SIGINT and SIGQUIT ignored, and an ignored signal
 * stays ignored across exec, so tests that send SIGINT start the job
 * through this. Exit 127 if COMMAND cannot be run.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t none;
	int sig;

	if (argc < 2) {
		fprintf(stderr, "usage: sigdfl COMMAND [ARG]...\n");
		return 2;
	}
	for (sig = 1; sig < 65; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[1], argv + 1);
	fprintf(stderr, "sigdfl: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
