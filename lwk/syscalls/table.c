// SPDX-License-Identifier: GPL-2.0
/*
 * The disposition of every syscall number, from syscalls.def.
 *
 * The array is indexed by number so a lookup is one step. Designated
 * initializers keep the number on every line: a number given twice is an
 * -Woverride-init error under -Wextra -Werror, one above SYSCALL_NR_MAX
 * is an "index exceeds array bounds" error, and a number left out is a
 * zero entry: OFFLOAD.
 */
#include "compat.h"
#include "table.h"

static const uint8_t dispositions[SYSCALL_TABLE_SIZE] = {
#define SYSCALL(nr, name, how)	[nr] = SYSCALL_##how,
#include "syscalls.def"
#undef SYSCALL
};

enum syscall_disposition syscall_disposition(long nr)
{
	/* Unsigned compare: negative numbers land above the table too. */
	if ((unsigned long)nr >= SYSCALL_TABLE_SIZE)
		return SYSCALL_OFFLOAD;
	return dispositions[nr];
}
