// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel arguments (`ihkosctl N kargs "..."`), space-separated words.
 * Unknown or malformed ones are logged and ignored: a typo must not stop
 * a node from booting.
 *
 *   debug_panic=boot    Fault on purpose during boot, once the console
 *                       works and before the other CPUs start, through the
 *                       real exception path (a write to an unmapped
 *                       address): tests the panic report of a boot.
 *   debug_panic=stack  The same, but by overflowing the boot CPU's stack:
 *                       the guard page faults, that fault cannot be
 *                       delivered on the same stack, and the double fault
 *                       handler reports it from its own IST stack. Tests
 *                       that a stack overflow cannot triple-fault.
 *   debug_fail_cpu=N    Never send INIT/SIPI to Linux CPU N (one of ours),
 *                       so the ordinary "CPU did not start" path runs:
 *                       state FAILED, failed_cpu, a kmsg line.
 *   debug_serial        Also copy the console to COM1 (port 0x3f8), for
 *                       debugging an LWK that dies before Linux reads it.
 *   debug_kill_delay_us=N  Fault injection for the process table: kill,
 *                       tkill and tgkill wait N microseconds (at most
 *                       1 s) between finding another process and using
 *                       it, and a freed process is poisoned first, so a
 *                       kill that could use a freed process does, and
 *                       says "BUG: kill: ..." (tests the table lock).
 */
#include <lwk/kernel.h>
#include <lwk/printk.h>
#include <lwk/string.h>

struct kargs kargs;

static bool word_is(const char *w, size_t len, const char *name)
{
	return strlen(name) == len && !strncmp(w, name, len);
}

/* One word: "name" or "name=value". */
static void karg_one(const char *w, size_t len)
{
	const char *eq = w;
	size_t nlen, vlen;
	const char *v;

	while (eq < w + len && *eq != '=')
		eq++;
	nlen = eq - w;
	v = eq < w + len ? eq + 1 : NULL;
	vlen = v ? (size_t)(w + len - v) : 0;

	if (word_is(w, nlen, "debug_panic")) {
		if (v && word_is(v, vlen, "boot")) {
			kargs.debug_panic_boot = true;
			return;
		}
		if (v && word_is(v, vlen, "stack")) {
			kargs.debug_panic_stack = true;
			return;
		}
	} else if (word_is(w, nlen, "debug_fail_cpu")) {
		if (v && !kstrtou32(v, vlen, &kargs.debug_fail_cpu)) {
			kargs.debug_fail_cpu_set = true;
			return;
		}
	} else if (word_is(w, nlen, "debug_kill_delay_us")) {
		if (v && !kstrtou32(v, vlen, &kargs.debug_kill_delay_us) &&
		    kargs.debug_kill_delay_us <= 1000000)
			return;
		kargs.debug_kill_delay_us = 0;
	} else if (word_is(w, nlen, "debug_serial")) {
		if (!v) {
			kargs.debug_serial = true;
			return;
		}
	} else {
		printk("unknown kernel argument '%.*s' ignored\n", (int)len, w);
		return;
	}
	printk("malformed kernel argument '%.*s' ignored\n", (int)len, w);
}

void kargs_parse(const char *s)
{
	const char *w;

	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		w = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		if (s > w)
			karg_one(w, s - w);
	}
}
