# Top-level build. `make` builds every artifact; `make check` runs all tests;
# `make demo` shows the product; `make vm` opens a guest shell.
#
# KDIR: kernel build directory for ihk.ko. Default: the running kernel's if
# its headers exist, else the Debian 6.1 kernel that scripts/vm boots.

ifeq ($(origin KDIR),undefined)
KDIR := $(shell scripts/kdir)
endif

BUILD	:= build
CC	:= gcc
CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude -Icommon
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

# `make` alone means `make all`. Said here because otherwise the default
# goal is the first target make reads, and the .mk files included below
# define targets before `all:` does (test/host/bare_make.sh checks it).
.DEFAULT_GOAL := all

include lwk/lwk.mk
include proxy/proxy.mk
include test/apps/apps.mk
include test/bench/bench.mk
include test/fuzz/fuzz.mk

UNIT_SRCS := $(wildcard test/unit/*.c) common/cpulist.c common/size.c \
	     common/memspec.c common/elf_check.c common/kmsg_ring.c \
	     common/ikc_ring.c common/ikc_map.c common/stats.c \
	     common/elf_exec.c common/user_stack.c \
	     proxy/prog_path.c proxy/fd_guard.c common/ps_table.c \
	     $(FUTEX_SRCS) \
	     $(LWK_UNIT_SRCS)
UNIT_BIN  := $(BUILD)/unit/unit-tests
# The guest kernel's syscall numbers, which the unit tests compare
# lwk/syscalls/syscalls.def against (read at run time; `=`: only looked
# up when the unit tests are built).
GUEST_UNISTD_64 = $(shell scripts/kdir --guest)/arch/x86/include/generated/uapi/asm/unistd_64.h

# Userspace: libihk.a and the admin tools, objects in build/userspace/.
USER_DIR	:= $(BUILD)/userspace
USER_LIB	:= $(USER_DIR)/libihk.a
USER_TOOLS	:= $(USER_DIR)/ihkconfig $(USER_DIR)/ihkosctl
USER_COMMON	:= $(patsubst common/%.c,$(USER_DIR)/common/%.o,\
		     common/cpulist.c common/size.c common/memspec.c \
		     common/elf_check.c common/ikc_map.c common/stats.c \
		     common/ps_table.c)
USER_SHARED	:= $(USER_DIR)/cli.o $(USER_DIR)/lookup.o
CONFIG_OBJS	:= $(patsubst userspace/%.c,$(USER_DIR)/%.o,\
		     userspace/ihkconfig.c $(wildcard userspace/config_*.c))
OSCTL_OBJS	:= $(patsubst userspace/%.c,$(USER_DIR)/%.o,\
		     userspace/ihkosctl.c $(wildcard userspace/osctl_*.c))

# A well-formed ELF image for loading tests.
TEST_IMAGES := $(BUILD)/test/image_ok.elf

# Applications for mcexec: hello built every way issue 6 accepts (static
# glibc, static-PIE, static musl) or refuses (dynamic). The unit tests of
# common/elf_exec.c read them.
APP_CFLAGS := -O2 -Wall -Wextra -Werror
TEST_APPS  := $(addprefix $(BUILD)/test/apps/hello-,static pie musl dynamic)

$(BUILD)/test/apps/hello-static: test/apps/hello.c
	@mkdir -p $(dir $@)
	$(CC) $(APP_CFLAGS) -static -o $@ $<

$(BUILD)/test/apps/hello-pie: test/apps/hello.c
	@mkdir -p $(dir $@)
	$(CC) $(APP_CFLAGS) -static-pie -o $@ $<

$(BUILD)/test/apps/hello-musl: test/apps/hello.c
	@mkdir -p $(dir $@)
	musl-gcc $(APP_CFLAGS) -static -o $@ $<

$(BUILD)/test/apps/hello-dynamic: test/apps/hello.c
	@mkdir -p $(dir $@)
	$(CC) $(APP_CFLAGS) -o $@ $<

$(BUILD)/test/image_ok.elf: test/apps/image_ok.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -nostdlib -static -no-pie -o $@ $<

.PHONY: all module host userspace unit deps check demo vm clean guest-files bench fuzz soak

all: module host

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/ihk modules

host: $(UNIT_BIN) userspace $(TEST_IMAGES) $(TEST_APPS) $(LWK_IMAGE) $(MCEXEC) \
      $(MC_APPS) $(BENCH_PROGS) $(FUZZ_PROGS)

userspace: $(USER_LIB) $(USER_TOOLS)

$(USER_DIR)/%.o: userspace/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(USER_DIR)/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(USER_LIB): $(USER_DIR)/libihk.o
	rm -f $@
	$(AR) rcs $@ $^

# Only ihkconfig (topology) needs libnuma.
$(USER_DIR)/ihkconfig: $(CONFIG_OBJS) $(USER_SHARED) $(USER_COMMON) $(USER_LIB)
	$(CC) $(CFLAGS) -o $@ $^ -lnuma

# ikc_stress runs one thread per LWK CPU.
$(USER_DIR)/ihkosctl: $(OSCTL_OBJS) $(USER_SHARED) $(USER_COMMON) $(USER_LIB)
	$(CC) $(CFLAGS) -pthread -o $@ $^

-include $(wildcard $(USER_DIR)/*.d $(USER_DIR)/common/*.d)

$(UNIT_BIN): $(UNIT_SRCS) $(wildcard common/*.h include/ihk/*.h) \
	     $(wildcard lwk/syscalls/*.h lwk/syscalls/*.def)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilwk/include -DGUEST_UNISTD_64='"$(GUEST_UNISTD_64)"' -o $@ \
		$(UNIT_SRCS) $(CHECK_LIBS)

unit: $(UNIT_BIN) $(TEST_APPS)
	$(UNIT_BIN)

deps:
	@scripts/deps.sh

# Files scripts/vm puts into the guest, as SRC:DST lines.
guest-files:
	@echo "ihk/ihk.ko:/lib/ihk/ihk.ko"
	@echo "$(LWK_IMAGE):/lib/ihk/lwk.elf"
	@echo "$(BUILD)/test/image_ok.elf:/usr/lib/ihk-test/image_ok.elf"
	@echo "$(USER_DIR)/ihkconfig:/usr/sbin/ihkconfig"
	@echo "$(USER_DIR)/ihkosctl:/usr/sbin/ihkosctl"
	@echo "$(MCEXEC):/usr/bin/mcexec"
	@for f in $(MC_APPS); do echo "$$f:/usr/lib/ihk-test/apps/$${f##*/}"; done
	@for f in $(FUZZ_PROGS); do echo "$$f:/usr/lib/ihk-test/fuzz/$${f##*/}"; done
	@echo "test/fuzz/guest.sh:/usr/lib/ihk-test/fuzz/guest.sh"

check: deps
	@scripts/check

demo: deps
	@scripts/demo

# Speed: the LWK against Linux in one guest run, as ratios (never a test).
bench: deps
	@scripts/bench

# The long fuzz run (100,000 ioctls, 1,000,000 LWK syscalls) in one guest
# boot, with its figures; a short one is part of make check (test/vm/fuzz.sh).
fuzz: deps
	@scripts/fuzz

# Long variants of guest tests make check runs short (the 60 s kill storm).
soak: deps
	@scripts/soak

vm: deps
	@scripts/vm

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/ihk clean
	rm -rf $(BUILD)
