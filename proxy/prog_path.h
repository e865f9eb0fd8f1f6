/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the program to run the way execvp(3) and shells do: a name with
 * a '/' is used as it is; otherwise each directory of PATH is tried in
 * order (an empty entry is the current directory), and the first regular
 * file we may execute wins. A file found there that we may not execute
 * is remembered, so the error can say "Permission denied" rather than
 * "command not found", as bash does.
 */
#ifndef MCEXEC_PROG_PATH_H
#define MCEXEC_PROG_PATH_H

#include <stddef.h>

/* PATH when the environment has none (glibc's execvp default). */
#define PROG_PATH_DEFAULT	"/bin:/usr/bin"

/*
 * What the search knows about one candidate path: 0 an executable
 * regular file, -EACCES a regular file we may not execute, anything else
 * negative: not there, or not a regular file (keep looking, as bash does
 * past a directory of that name).
 */
typedef int (*prog_probe_fn)(const char *path, void *ctx);

/*
 * Finds @name along @path (NULL: PROG_PATH_DEFAULT) into @out (@size
 * bytes). Returns 0 with the path to run in @out; -EACCES with the first
 * non-executable candidate in @out; -ENOENT if nothing was found (@out
 * holds @name); -ENAMETOOLONG if @name (or a candidate we had to use) does
 * not fit. Too long candidates are skipped like missing ones. A name
 * containing '/' is copied to @out without probing: the caller opens it
 * and reports what happens, as execve would.
 */
int prog_path_find(const char *name, const char *path, prog_probe_fn probe,
		   void *ctx, char *out, size_t size);

#endif /* MCEXEC_PROG_PATH_H */
