// SPDX-License-Identifier: GPL-2.0
/*
 * The numbers the entry code (*.S here) needs from C headers: struct
 * offsets, selectors, vectors. Compiled to assembly only; lwk/lwk.mk turns
 * each "->NAME value" line into "#define NAME value" in
 * build/lwk/gen/asm/asm-offsets.h, as Linux does, so the .S files never
 * carry a hand copy. The static asserts hold what the assembly assumes
 * beyond single numbers (push order, alignment).
 */
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/user.h>

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %c0\"" : : "i"(val))
#define OFFSET(sym, str, mem)	DEFINE(sym, __builtin_offsetof(struct str, mem))

/* this_cpu() and set_gs_base read and write %gs:0. */
_Static_assert(__builtin_offsetof(struct percpu, self) == 0, "percpu->self at 0");

/* SAVE_GPRS pushes rax first ... r15 last; the stubs push error, vector. */
#define GPR_AT(reg, i) \
	_Static_assert(__builtin_offsetof(struct trap_frame, reg) == (i) * 8, \
		       #reg " where SAVE_GPRS puts it")
GPR_AT(r15, 0); GPR_AT(r14, 1); GPR_AT(r13, 2); GPR_AT(r12, 3);
GPR_AT(r11, 4); GPR_AT(r10, 5); GPR_AT(r9, 6); GPR_AT(r8, 7);
GPR_AT(rbp, 8); GPR_AT(rdi, 9); GPR_AT(rsi, 10); GPR_AT(rdx, 11);
GPR_AT(rcx, 12); GPR_AT(rbx, 13); GPR_AT(rax, 14); GPR_AT(vector, 15);
GPR_AT(error_code, 16); GPR_AT(rip, 17); GPR_AT(cs, 18); GPR_AT(rflags, 19);
GPR_AT(rsp, 20); GPR_AT(ss, 21);
/* CALL_WITH_FRAME pushes two words and keeps %rsp 16-byte aligned. */
_Static_assert(sizeof(struct trap_frame) % 16 == 0, "frame keeps alignment");
/* SYSCALL/SYSRET (STAR): user SS = base + 8, user CS = base + 16. */
_Static_assert(SEL_USER_DS == SEL_SYSRET_BASE + 8, "STAR user SS");
_Static_assert(SEL_USER_CS == SEL_SYSRET_BASE + 16, "STAR user CS");

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(PERCPU_OFF_SELF, percpu, self);
	OFFSET(PERCPU_OFF_STACK_TOP, percpu, stack_top);
	OFFSET(PERCPU_OFF_SYSCALL_RSP, percpu, syscall_rsp);
	OFFSET(PERCPU_OFF_USER_RSP, percpu, user_rsp);
	OFFSET(TF_VECTOR, trap_frame, vector);
	OFFSET(TF_RIP, trap_frame, rip);
	OFFSET(TF_CS, trap_frame, cs);
	DEFINE(USER_CS, SEL_USER_CS);
	DEFINE(USER_DS, SEL_USER_DS);
	DEFINE(TRAP_VEC_SYSCALL, TRAP_VEC_SYSCALL);
	DEFINE(TRAP_STUB_SIZE, TRAP_STUB_SIZE);
}
