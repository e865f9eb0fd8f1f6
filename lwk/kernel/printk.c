// SPDX-License-Identifier: GPL-2.0
/*
 * The console. Lines go into the kmsg ring in the shared area with the
 * protocol of common/kmsg_ring.c. Linux initialised the ring when it
 * created the instance and reads it whenever it likes; we only append,
 * so the text of earlier boots stays readable until it is overwritten.
 *
 * One writer at a time across all LWK CPUs (console_lock, interrupts off
 * while held). With the karg debug_serial, lines are also copied to COM1,
 * which helps when the LWK dies before Linux can read the ring.
 */
#include <stdarg.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lwk/format.h>
#include <lwk/printk.h>
#include <lwk/spinlock.h>
#include <lwk/string.h>
#include <kmsg_ring.h>

#define PANIC_LOCK_WAIT_US	100000
#define COM1			0x3f8

static struct ihk_lwk_shared *console;
static spinlock_t console_lock = SPINLOCK_INIT;
static uint64_t console_boot_pos;	/* ring position when we started */
static bool console_serial;
static bool console_panicking;
/* Formatted under console_lock: one line at a time, never on a stack. */
static char line[PRINTK_LINE_MAX];

bool console_init(struct ihk_lwk_shared *sh)
{
	uint32_t size = READ_ONCE(sh->kmsg.size);

	/* Linux set the ring up; if it looks wrong, write nothing at all. */
	if (!size || (size & (size - 1)) || size > IHK_KMSG_SIZE)
		return false;
	console_boot_pos = READ_ONCE(sh->kmsg.committed);
	console = sh;
	return true;
}

bool console_ready(void)
{
	return console != NULL;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void serial_write(const char *s, size_t n)
{
	unsigned int spin;

	for (; n; n--, s++) {
		if (*s == '\n')
			serial_write("\r", 1);
		for (spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
			cpu_relax();
		outb(COM1, *s);
	}
}

/* Replay what the ring holds so far, then copy every new line. */
void console_enable_serial(void)
{
	static char chunk[256];
	uint64_t pos, lost = 0, flags;
	size_t n;

	if (!console)
		return;
	flags = irq_save();
	spin_lock(&console_lock, cpu_index());
	/* Only this boot's text: the ring may hold older boots before it. */
	pos = console_boot_pos;
	while ((n = kmsg_ring_read(&console->kmsg, console->kmsg_data,
				   IHK_KMSG_SIZE, &pos,
				   chunk, sizeof(chunk), &lost)))
		serial_write(chunk, n);
	console_serial = true;
	spin_unlock(&console_lock);
	irq_restore(flags);
}

void console_panic_mode(void)
{
	console_panicking = true;
}

static void console_lock_take(uint32_t me)
{
	uint64_t start, limit;

	if (!console_panicking) {
		spin_lock(&console_lock, me);
		return;
	}
	/* Held by ourselves means we faulted inside printk: just go on. */
	if (READ_ONCE(console_lock.owner) == me) {
		spin_force(&console_lock, me);
		return;
	}
	start = rdtsc();
	limit = tsc_us_to_cycles(PANIC_LOCK_WAIT_US);
	while (!spin_trylock(&console_lock, me)) {
		if (rdtsc() - start > limit) {
			spin_force(&console_lock, me);
			return;
		}
		cpu_relax();
	}
}

void vprintk(const char *fmt, va_list ap)
{
	struct percpu *cpu = this_cpu();
	uint64_t flags;
	int n, m;

	if (!console)
		return;
	/*
	 * This CPU holds the lock already: an NMI interrupted its printk.
	 * Outside a panic, drop the line rather than deadlock on ourselves.
	 */
	if (!console_panicking && READ_ONCE(console_lock.owner) == cpu->index)
		return;
	flags = irq_save();
	console_lock_take(cpu->index);
	n = lwk_snprintf(line, sizeof(line), "[cpu %u] ", cpu->index);
	m = lwk_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	n = n + m < (int)sizeof(line) ? n + m : (int)sizeof(line) - 1;
	if (line[n - 1] != '\n' && n == (int)sizeof(line) - 1)
		line[n - 1] = '\n';	/* cut lines still end one */
	kmsg_ring_write(&console->kmsg, console->kmsg_data, IHK_KMSG_SIZE,
			line, n);
	if (console_serial)
		serial_write(line, n);
	spin_unlock(&console_lock);
	irq_restore(flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
