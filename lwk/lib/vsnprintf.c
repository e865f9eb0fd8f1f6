// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's printf formatting (see include/lwk/format.h). Built for the
 * host too, so it includes only compat.h and its own header.
 */
#include "compat.h"
#include <lwk/format.h>

/* Where output goes: the first size - 1 bytes are kept, the rest counted. */
struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

struct fmt_spec {
	bool left;		/* '-' */
	bool zero;		/* '0' */
	bool plus;		/* '+' */
	bool space;		/* ' ' */
	bool alt;		/* '#' */
	int width;		/* -1: none */
	int prec;		/* -1: none */
};

static void out_char(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_mem(struct fmt_out *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

/* Text padded to the field width (strings, characters, "(nil)"). */
static void out_field(struct fmt_out *o, const struct fmt_spec *sp,
		      const char *s, size_t n)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!sp->left)
		out_repeat(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->left)
		out_repeat(o, ' ', pad);
}

/*
 * A number: sign or prefix, then zeros up to the precision (or to the
 * width with the '0' flag and no precision), then the digits.
 */
static void out_number(struct fmt_out *o, const struct fmt_spec *sp,
		       uint64_t v, bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];		/* 22 octal digits hold 64 bits */
	char prefix[2];
	int n = 0, plen = 0, zeros, total, pad;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (sp->prec < 0 && n == 0)
		tmp[n++] = '0';		/* no precision: 0 prints as "0" */

	if (negative)
		prefix[plen++] = '-';
	else if (sp->plus)
		prefix[plen++] = '+';
	else if (sp->space)
		prefix[plen++] = ' ';

	zeros = sp->prec > n ? sp->prec - n : 0;
	if (sp->alt && base == 16 && n > 0 && !(n == 1 && tmp[0] == '0')) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	}
	/* '#' with octal: the first digit must be a zero. */
	if (sp->alt && base == 8 && zeros == 0 && (n == 0 || tmp[n - 1] != '0'))
		zeros = 1;

	total = plen + zeros + n;
	pad = sp->width > total ? sp->width - total : 0;
	if (!sp->left && sp->zero && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		out_repeat(o, ' ', pad);
	out_mem(o, prefix, plen);
	out_repeat(o, '0', zeros);
	while (n > 0)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_repeat(o, ' ', pad);
}

/* Reads a decimal number at *fmt, advancing past it. */
static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

enum fmt_len { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

static enum fmt_len parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		(*fmt)++;
		if (**fmt == 'h') {
			(*fmt)++;
			return LEN_HH;
		}
		return LEN_H;
	case 'l':
		(*fmt)++;
		if (**fmt == 'l') {
			(*fmt)++;
			return LEN_LL;
		}
		return LEN_L;
	case 'z':
		(*fmt)++;
		return LEN_Z;
	case 't':
		(*fmt)++;
		return LEN_T;
	case 'j':
		(*fmt)++;
		return LEN_J;
	default:
		return LEN_INT;
	}
}

static int64_t fetch_signed(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, int64_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t fetch_unsigned(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uint64_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* One conversion; *fmt points just after the '%'. */
/* Flags, width and precision of the conversion at *@fmt, into @sp. */
static void parse_spec(const char **fmt, va_list *ap, struct fmt_spec *sp)
{
	for (;; (*fmt)++) {
		if (**fmt == '-')
			sp->left = true;
		else if (**fmt == '0')
			sp->zero = true;
		else if (**fmt == '+')
			sp->plus = true;
		else if (**fmt == ' ')
			sp->space = true;
		else if (**fmt == '#')
			sp->alt = true;
		else
			break;
	}
	if (**fmt == '*') {
		(*fmt)++;
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			/* -INT_MIN does not exist: treat it as no width */
			sp->width = sp->width < -100000000 ? 0 : -sp->width;
		}
	} else {
		sp->width = parse_int(fmt);
	}
	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			(*fmt)++;
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
		} else {
			sp->prec = parse_int(fmt);
		}
	}
}

static void format_one(struct fmt_out *o, const char **fmt, va_list *ap)
{
	const char *start = *fmt - 1;
	struct fmt_spec sp = { .width = -1, .prec = -1 };
	enum fmt_len len;
	const char *s;
	int64_t sv;
	char c;

	parse_spec(fmt, ap, &sp);
	len = parse_length(fmt);

	c = **fmt;
	if (c)
		(*fmt)++;
	switch (c) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, len);
		out_number(o, &sp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv,
			   sv < 0, 10, false);
		break;
	case 'u':
		out_number(o, &sp, fetch_unsigned(ap, len), false, 10, false);
		break;
	case 'o':
		sp.plus = sp.space = false;
		out_number(o, &sp, fetch_unsigned(ap, len), false, 8, false);
		break;
	case 'x':
	case 'X':
		sp.plus = sp.space = false;
		out_number(o, &sp, fetch_unsigned(ap, len), false, 16, c == 'X');
		break;
	case 'p': {
		uintptr_t p = (uintptr_t)va_arg(*ap, void *);

		if (!p) {
			out_field(o, &sp, "(nil)", 5);
			break;
		}
		sp.alt = true;
		sp.plus = sp.space = false;
		out_number(o, &sp, p, false, 16, false);
		break;
	}
	case 'c': {
		char ch = (char)va_arg(*ap, int);

		out_field(o, &sp, &ch, 1);
		break;
	}
	case 's': {
		size_t n = 0;

		s = va_arg(*ap, const char *);
		if (!s)
			s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
		while (s[n] && (sp.prec < 0 || n < (size_t)sp.prec))
			n++;
		out_field(o, &sp, s, n);
		break;
	}
	case '%':
		out_char(o, '%');
		break;
	default:
		/* Unknown or truncated: show it as written. */
		out_mem(o, start, *fmt - start);
		break;
	}
}

int lwk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt++;
		format_one(&o, &fmt, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}

int lwk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lwk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
