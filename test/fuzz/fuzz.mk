# Included by the top-level Makefile: the fuzzers of `make fuzz` (and of the
# short run in `make check`, test/vm/fuzz.sh). `make` builds them, so they
# cannot rot; `make guest-files` puts them in /usr/lib/ihk-test/fuzz/.
#
# ioctl_fuzz drives /dev/ihk and /dev/mcosN itself: a static-PIE, so that
# it lives above the mirror's range as mcexec does and can map a mirror.
# sys_fuzz runs under mcexec: static, like every program the LWK runs.

FUZZ_DIR	:= $(BUILD)/test/fuzz
FUZZ_PROGS	:= $(FUZZ_DIR)/ioctl_fuzz $(FUZZ_DIR)/sys_fuzz $(FUZZ_DIR)/nr_high
FUZZ_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude

$(FUZZ_DIR)/ioctl_fuzz: test/fuzz/ioctl_fuzz.c test/fuzz/fuzz_rng.h include/ihk/abi.h \
			include/ihk/mcexec.h
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -static-pie -o $@ $<

$(FUZZ_DIR)/sys_fuzz: test/fuzz/sys_fuzz.c test/fuzz/fuzz_rng.h
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -static -o $@ $<

# A regression test of a bug sys_fuzz found (see the file), run by test/vm/fuzz.sh.
$(FUZZ_DIR)/nr_high: test/fuzz/nr_high.c
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -static -o $@ $<
