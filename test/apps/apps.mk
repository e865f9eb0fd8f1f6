# Included by the top-level Makefile: programs run under mcexec by the
# guest tests, each built static with glibc and with musl.
# MC_APPS lists them; `make guest-files` puts them in /usr/lib/ihk-test/apps/.

MC_APP_NAMES	:= argv_auxv copy exit_code cwd file_io list_dir mem clock wait acct \
		   fault setuid_exec sigdfl big_bss mirror_zap local_calls mirror_prot \
		   kill_peer stack_limit offload_guard aslr ids pt_block
MC_APP_DIR	:= $(BUILD)/test/apps
MC_APP_CFLAGS	:= -O2 -Wall -Wextra -Werror

MC_APPS		:= $(foreach n,$(MC_APP_NAMES),$(MC_APP_DIR)/$(n)-glibc $(MC_APP_DIR)/$(n)-musl)
# Drives /dev/mcosN's ioctls itself (glibc only: it needs include/ihk); a
# static-PIE, so that it lives above the mirror's range as mcexec does.
MC_APPS		+= $(MC_APP_DIR)/mirror_guard
# The same kind of home-made mcexec, with threads faulting the mirror while
# its LWK process maps and unmaps (mirror ZAP against faults).
MC_APPS		+= $(MC_APP_DIR)/mirror_race
# Run natively by the guest tests: `setarch -L` (busybox has no setarch).
MC_APPS		+= $(MC_APP_DIR)/compat_layout
# Drives IHK_MC_CREATE on a file opened before the node was restricted.
MC_APPS		+= $(MC_APP_DIR)/create_later
# Two IHK_MC_CREATE from one Linux process: one LWK pid per Linux pid.
MC_APPS		+= $(MC_APP_DIR)/create_twice
# The initial stack of a static-PIE too.
MC_APPS		+= $(MC_APP_DIR)/argv_auxv-pie
# ASLR of a static-PIE's base; norand runs a program as `setarch -R`.
MC_APPS		+= $(MC_APP_DIR)/aslr-pie $(MC_APP_DIR)/norand
# hello, built by the top-level Makefile every way issue 6 accepts or refuses.
MC_APPS		+= $(addprefix $(MC_APP_DIR)/hello-,static pie musl dynamic)

$(MC_APP_DIR)/%-glibc: test/apps/%.c test/apps/check.h
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -static -o $@ $<

$(MC_APP_DIR)/%-musl: test/apps/%.c test/apps/check.h
	@mkdir -p $(dir $@)
	musl-gcc $(MC_APP_CFLAGS) -static -o $@ $<

$(MC_APP_DIR)/%-pie: test/apps/%.c test/apps/check.h
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -static-pie -o $@ $<

$(MC_APP_DIR)/norand: test/apps/norand.c
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -static -o $@ $<

$(MC_APP_DIR)/mirror_guard: test/apps/mirror_guard.c test/apps/check.h include/ihk/mcexec.h \
			    include/ihk/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -Iinclude -static-pie -o $@ $<

$(MC_APP_DIR)/mirror_race: test/apps/mirror_race.c test/apps/check.h include/ihk/mcexec.h \
			   include/ihk/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -Iinclude -static-pie -pthread -o $@ $<

$(MC_APP_DIR)/compat_layout: test/apps/compat_layout.c
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -static -o $@ $<

$(MC_APP_DIR)/create_later: test/apps/create_later.c include/ihk/mcexec.h include/ihk/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -Iinclude -static-pie -o $@ $<

$(MC_APP_DIR)/create_twice: test/apps/create_twice.c include/ihk/mcexec.h include/ihk/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -Iinclude -static-pie -o $@ $<
