/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The string and memory functions of lib/string.c. gcc may emit calls to
 * memcpy, memmove, memset and memcmp on its own, so those keep their
 * standard names and semantics.
 */
#ifndef LWK_STRING_H
#define LWK_STRING_H

#include <lwk/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copy at most @size - 1 bytes and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif /* LWK_STRING_H */
