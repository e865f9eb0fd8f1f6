// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher's table: the handler of each LOCAL line of syscalls.def,
 * by number. Taking sys_<name>'s address here is what makes a LOCAL line
 * without its handler a link error, never a silent offload.
 */
#include "handlers.h"
#include "table.h"

#define SYSCALL_FN_LOCAL(nr, name)	[nr] = sys_##name,
#define SYSCALL_FN_OFFLOAD(nr, name)
#define SYSCALL_FN_REFUSED(nr, name)

static const syscall_fn local_fn[SYSCALL_TABLE_SIZE] = {
#define SYSCALL(nr, name, how)	SYSCALL_FN_##how(nr, name)
#include "syscalls.def"
#undef SYSCALL
};

syscall_fn syscall_local_handler(uint64_t nr)
{
	return nr < SYSCALL_TABLE_SIZE ? local_fn[nr] : NULL;
}
