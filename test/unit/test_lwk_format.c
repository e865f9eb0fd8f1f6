// SPDX-License-Identifier: GPL-2.0
/* The LWK's vsnprintf, checked against the host libc's snprintf. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lwk/format.h>

static char ours[512], libc[512];
static int ours_len, libc_len;

/* Format the same thing with both and keep the results for the asserts. */
static void __attribute__((format(printf, 2, 3)))
both(size_t size, const char *fmt, ...)
{
	va_list ap;

	memset(ours, 'X', sizeof(ours));
	memset(libc, 'X', sizeof(libc));
	va_start(ap, fmt);
	ours_len = lwk_vsnprintf(ours, size, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	libc_len = vsnprintf(libc, size, fmt, ap);
	va_end(ap);
}

#define SAME(...)							\
	do {								\
		both(sizeof(ours), __VA_ARGS__);			\
		ck_assert_str_eq(ours, libc);				\
		ck_assert_int_eq(ours_len, libc_len);			\
	} while (0)

START_TEST(plain_text_and_percent)
{
	SAME("hello");
	SAME("100%%");
	SAME("%%d %%s %%");
}
END_TEST

START_TEST(signed_decimal)
{
	SAME("%d %i", 0, -1);
	SAME("%d", 2147483647);
	SAME("%d", (int)-2147483647 - 1);
	SAME("%ld %ld", 9223372036854775807L, (long)-9223372036854775807L - 1);
	SAME("%lld", -1234567890123LL);
	SAME("%hd %hhd", (short)-300, (signed char)-5);
	SAME("%zd %td %jd", (ssize_t)-7, (ptrdiff_t)12, (intmax_t)-99);
}
END_TEST

START_TEST(unsigned_decimal_hex_octal)
{
	SAME("%u %u", 0u, 4294967295u);
	SAME("%lu %llu", 18446744073709551615UL, 18446744073709551615ULL);
	SAME("%x %X", 0xdeadbeefu, 0xdeadbeefu);
	SAME("%lx %llx", 0xffffffff80000000UL, 0x123456789abcdefULL);
	SAME("%zu %zx", (size_t)4096, (size_t)0xfff);
	SAME("%o %lo", 8u, 0777UL);
	SAME("%hu %hhu %hx", (unsigned short)65535, (unsigned char)255,
	     (unsigned short)0xbeef);
}
END_TEST

START_TEST(width_and_zero_pad)
{
	SAME("[%5d] [%-5d] [%05d]", 42, 42, 42);
	SAME("[%05d] [%5d] [%-5d]", -42, -42, -42);
	SAME("[%016lx] [%08x] [%-8x|]", 0xabcUL, 0x1u, 0x1u);
	SAME("[%1d] [%2d]", 12345, 12345);
	SAME("[%*d] [%-*d] [%*d]", 6, 7, 6, 7, -6, 7);
	SAME("[%020llu]", 18446744073709551615ULL);
	SAME("[%3u] [%03u]", 0u, 0u);
}
END_TEST

START_TEST(flags_plus_space_alt)
{
	SAME("%+d %+d % d % d", 5, -5, 5, -5);
	SAME("%#x %#X %#o %#x %#o", 255u, 255u, 8u, 0u, 0u);
	SAME("[%#10x] [%-#10x] [%#010x]", 0x1fu, 0x1fu, 0x1fu);
	SAME("[%+05d] [% 05d]", 3, 3);
}
END_TEST

START_TEST(precision)
{
	SAME("[%.3d] [%.0d] [%.0u] [%5.0d]", 7, 0, 0u, 0);
	SAME("[%8.3d] [%-8.3d]", -7, 7);
	SAME("[%.10lx] [%#.6x]", 0xabcUL, 0x12u);
	SAME("[%.*d] [%.*d]", 4, 9, -1, 9);
	SAME("[%.3s] [%.0s] [%.10s]", "abcdef", "abc", "abc");
	SAME("[%.*s]", 2, "xyz");
}
END_TEST

START_TEST(strings_chars_pointers)
{
	/* volatile: gcc must not see the NULL and warn about it */
	const char *volatile null_string = NULL;

	SAME("%s|%10s|%-10s|", "a", "right", "left");
	SAME("%c%c%c [%3c] [%-3c]", 'a', 'b', 'c', 'x', 'y');
	SAME("%s", "");
	SAME("%p %p", (void *)0x1000, (void *)0xffffffff80001234UL);
	SAME("[%20p] [%-20p]", (void *)0xdead, (void *)0xdead);
	SAME("%p", (void *)0);
	SAME("[%10p]", (void *)0);
	SAME("%s", null_string);
}
END_TEST

START_TEST(mixed_line_like_the_console)
{
	SAME("[cpu %u] chunk %d: 0x%016llx size 0x%llx node %u (%lu MiB)\n",
	     3u, 1, 0x40000000ULL, 0x10000000ULL, 0u, 256UL);
	SAME("RIP: %04lx:%016lx RFLAGS: %08lx %s", 0x10UL,
	     0xffffffff80001234UL, 0x10046UL, "page fault");
}
END_TEST

START_TEST(truncation_keeps_nul_and_full_length)
{
	both(8, "%s", "0123456789");
	ck_assert_str_eq(ours, "0123456");
	ck_assert_int_eq(ours_len, 10);
	ck_assert_int_eq(ours_len, libc_len);

	both(5, "%08x", 0x1234u);
	ck_assert_str_eq(ours, libc);
	ck_assert_int_eq(ours_len, 8);

	both(1, "abc");
	ck_assert_int_eq(ours[0], '\0');
	ck_assert_int_eq(ours_len, 3);
}
END_TEST

START_TEST(size_zero_writes_nothing)
{
	memset(ours, 'X', sizeof(ours));
	ck_assert_int_eq(lwk_snprintf(ours, 0, "%d", 12345), 5);
	ck_assert_int_eq(ours[0], 'X');
	ck_assert_int_eq(lwk_snprintf(NULL, 0, "%s-%s", "ab", "cd"), 5);
}
END_TEST

START_TEST(nothing_written_past_the_end)
{
	memset(ours, 'X', sizeof(ours));
	lwk_snprintf(ours, 4, "%s", "abcdefgh");
	ck_assert_str_eq(ours, "abc");
	ck_assert_int_eq(ours[4], 'X');
}
END_TEST

START_TEST(truncation_at_every_size)
{
	const char *full = "x=-42 y=0x2a s=str";
	size_t n;
	int len;

	for (n = 1; n <= strlen(full) + 1; n++) {
		memset(ours, 'X', sizeof(ours));
		len = lwk_snprintf(ours, n, "x=%d y=%#x s=%s", -42, 42u, "str");
		ck_assert_int_eq(len, (int)strlen(full));
		ck_assert_uint_eq(strlen(ours), n - 1);
		ck_assert_int_eq(strncmp(ours, full, n - 1), 0);
		ck_assert_int_eq(ours[n], 'X');
	}
}
END_TEST

Suite *lwk_format_suite(void)
{
	Suite *s = suite_create("lwk_format");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, plain_text_and_percent);
	tcase_add_test(tc, signed_decimal);
	tcase_add_test(tc, unsigned_decimal_hex_octal);
	tcase_add_test(tc, width_and_zero_pad);
	tcase_add_test(tc, flags_plus_space_alt);
	tcase_add_test(tc, precision);
	tcase_add_test(tc, strings_chars_pointers);
	tcase_add_test(tc, mixed_line_like_the_console);
	tcase_add_test(tc, truncation_keeps_nul_and_full_length);
	tcase_add_test(tc, size_zero_writes_nothing);
	tcase_add_test(tc, nothing_written_past_the_end);
	tcase_add_test(tc, truncation_at_every_size);
	suite_add_tcase(s, tc);
	return s;
}
