# Included by the top-level Makefile: builds the LWK image.
# Defines LWK_IMAGE (the ELF) and LWK_UNIT_SRCS (LWK pure logic the host
# unit tests compile).
#
# The image is a freestanding x86_64 ELF linked at IHK_LWK_KERNEL_VIRT
# (lwk/arch/x86_64/lwk.lds); objects go to $(BUILD)/lwk/. After linking,
# $(BUILD)/lwk/check-image runs the same ELF checks as ihk.ko on it.

LWK_IMAGE	:= $(BUILD)/lwk/lwk.elf
# Futexes as pure logic (common/futex.h): in the LWK and the unit tests.
FUTEX_SRCS	:= common/futex_core.c common/futex_wait.c common/futex_pi.c \
		   common/futex_sys.c common/futex_exit.c
LWK_UNIT_SRCS	:= lwk/lib/vsnprintf.c lwk/mm/page_alloc.c lwk/ikc/area.c \
		   lwk/ikc/service.c lwk/ikc/diag.c lwk/syscalls/table.c lwk/mm/vm_range.c \
		   lwk/kernel/clock_calc.c lwk/kernel/sigrules.c \
		   lwk/kernel/rlimit_rules.c lwk/syscalls/offload_check.c \
		   lwk/kernel/acct.c

LWK_DIR		:= $(BUILD)/lwk
LWK_LDS		:= lwk/arch/x86_64/lwk.lds
# asm-offsets.c is compiled to assembly only, never linked (below).
LWK_ASM_OFFSETS_SRC := lwk/arch/x86_64/asm-offsets.c
LWK_SRCS	:= $(filter-out $(LWK_ASM_OFFSETS_SRC), \
		     $(wildcard lwk/arch/x86_64/*.c lwk/arch/x86_64/*.S \
				lwk/kernel/*.c lwk/mm/*.c lwk/lib/*.c \
				lwk/ikc/*.c lwk/syscalls/*.c)) \
		   common/kmsg_ring.c common/ikc_ring.c $(FUTEX_SRCS)
LWK_OBJS	:= $(patsubst %,$(LWK_DIR)/%.o,$(basename $(LWK_SRCS)))

LWK_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		   -ffreestanding -fno-pic -fno-pie -mcmodel=kernel \
		   -mno-red-zone -mno-sse -mno-mmx -mno-80387 \
		   -mgeneral-regs-only -fno-stack-protector \
		   -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
		   -fno-asynchronous-unwind-tables -fno-unwind-tables \
		   -fcf-protection=none -fno-common \
		   -fno-tree-loop-distribute-patterns \
		   -DIHK_LWK -Iinclude -Icommon -Ilwk/include \
		   -Ilwk/arch/x86_64/include -I$(LWK_DIR)/gen
LWK_LDFLAGS	:= -nostdlib -static -no-pie -Wl,-T,$(LWK_LDS) \
		   -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack \
		   -Wl,--build-id=none

LWK_CHECK	:= $(LWK_DIR)/check-image

$(LWK_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(LWK_CFLAGS) -MMD -MP -c -o $@ $<

$(LWK_DIR)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(LWK_CFLAGS) -MMD -MP -c -o $@ $<

# The entry code's offsets and selectors, as Linux makes asm-offsets.h:
# compile asm-offsets.c to assembly, keep its "->NAME value" lines.
LWK_ASM_OFFSETS	:= $(LWK_DIR)/gen/asm/asm-offsets.h

$(LWK_DIR)/gen/asm-offsets.s: $(LWK_ASM_OFFSETS_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(LWK_CFLAGS) -MMD -MP -MT $@ -S -o $@ $<

$(LWK_ASM_OFFSETS): $(LWK_DIR)/gen/asm-offsets.s
	@mkdir -p $(dir $@)
	{ echo '/* Generated from $(LWK_ASM_OFFSETS_SRC) by lwk/lwk.mk; do not edit. */'; \
	  echo '#ifndef LWK_ASM_OFFSETS_H'; echo '#define LWK_ASM_OFFSETS_H'; \
	  sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"->\([A-Z0-9_]*\) \([0-9-]*\)"$$/#define \1 \2/p' $<; \
	  echo '#endif'; } > $@.tmp
	mv $@.tmp $@

# Every .S object waits for it (their .d files track it after that).
$(patsubst %,$(LWK_DIR)/%.o,$(basename $(filter %.S,$(LWK_SRCS)))): $(LWK_ASM_OFFSETS)

$(LWK_IMAGE): $(LWK_OBJS) $(LWK_LDS) $(LWK_CHECK)
	$(CC) $(LWK_LDFLAGS) -o $@.tmp $(LWK_OBJS)
	$(LWK_CHECK) $@.tmp
	mv $@.tmp $@

$(LWK_CHECK): lwk/tools/check_image.c common/elf_check.c common/elf_check.h \
	      include/ihk/boot.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ lwk/tools/check_image.c common/elf_check.c

-include $(LWK_OBJS:.o=.d) $(LWK_DIR)/gen/asm-offsets.d
