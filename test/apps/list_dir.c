// SPDX-License-Identifier: GPL-2.0
/*
 * Lists directory DIR with opendir/readdir (getdents64): every entry
 * but "." and "..", sorted by name, one "name type" line each (type
 * from d_type: f d l c b p s or ?), then "N entries". Checks that "."
 * and ".." were seen. Exit 1 on an error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char type_letter(unsigned char t)
{
	switch (t) {
	case DT_REG:	return 'f';
	case DT_DIR:	return 'd';
	case DT_LNK:	return 'l';
	case DT_CHR:	return 'c';
	case DT_BLK:	return 'b';
	case DT_FIFO:	return 'p';
	case DT_SOCK:	return 's';
	}
	return '?';
}

int main(int argc, char **argv)
{
	size_t n = 0, cap = 64, i;
	int dots = 0;
	struct dirent *de;
	char **names;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: list_dir DIR\n");
		return 2;
	}
	d = opendir(argv[1]);
	if (!d) {
		printf("FAIL: opendir %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	names = malloc(cap * sizeof(*names));
	errno = 0;
	while (names && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			dots++;
			continue;
		}
		if (n == cap) {
			cap *= 2;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				break;
		}
		names[n] = malloc(strlen(de->d_name) + 3);
		if (!names[n])
			break;
		sprintf(names[n], "%s %c", de->d_name, type_letter(de->d_type));
		n++;
		errno = 0;
	}
	if (!names || errno) {
		printf("FAIL: readdir %s: %s\n", argv[1], strerror(errno ? errno : ENOMEM));
		return 1;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++)
		printf("%s\n", names[i]);
	printf("%zu entries\n", n);
	if (dots != 2) {
		printf("FAIL: saw %d of . and ..\n", dots);
		return 1;
	}
	return 0;
}
