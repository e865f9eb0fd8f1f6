# Included by the top-level Makefile: programs run under mcexec by the
# guest tests, each built static with glibc and with musl.
# MC_APPS lists them; `make guest-files` puts them in /usr/lib/ihk-test/apps/.

# Threaded (issue 15): linked with -pthread.
MC_APP_THREADED	:= pt_sync pt_life pt_cancel pt_exit_group pt_pipe pt_many futex_stress pt_hold \
		   pt_block pt_cpus pt_tlb thread_offload thread_churn futex_threads futex_exit
MC_APP_NAMES	:= argv_auxv copy exit_code cwd file_io list_dir mem clock wait acct \
		   fault setuid_exec sigdfl big_bss mirror_zap local_calls mirror_prot \
		   kill_peer stack_limit offload_guard aslr ids thread_tids futex_local madv \
		   $(MC_APP_THREADED)
MC_APP_DIR	:= $(BUILD)/test/apps
MC_APP_CFLAGS	:= -O2 -Wall -Wextra -Werror
MC_APP_HDRS	:= test/apps/check.h test/apps/pt.h

MC_APPS		:= $(foreach n,$(MC_APP_NAMES),$(MC_APP_DIR)/$(n)-glibc $(MC_APP_DIR)/$(n)-musl)
# Drives /dev/mcosN's ioctls itself (glibc only: it needs include/ihk); a
# static-PIE, so that it lives above the mirror's range as mcexec does.
MC_APPS		+= $(MC_APP_DIR)/mirror_guard
# The same kind of home-made mcexec, with threads faulting the mirror while
# its LWK process maps and unmaps (mirror ZAP against faults).
MC_APPS		+= $(MC_APP_DIR)/mirror_race
# Another home-made mcexec: IHK_MC_WAIT per thread, from Linux threads
# no LWK thread was made for (a second thread, the thread limit).
MC_APPS		+= $(MC_APP_DIR)/wait_threads
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
# OpenMP, glibc only: musl has no libgomp.
MC_APPS		+= $(MC_APP_DIR)/omp_sync-glibc

$(MC_APP_DIR)/%-glibc: test/apps/%.c $(MC_APP_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -static -o $@ $< $(MC_APP_LDLIBS)

$(MC_APP_DIR)/%-musl: test/apps/%.c $(MC_APP_HDRS)
	@mkdir -p $(dir $@)
	musl-gcc $(MC_APP_CFLAGS) -static -o $@ $< $(MC_APP_LDLIBS)

$(foreach n,$(MC_APP_THREADED),$(MC_APP_DIR)/$(n)-glibc $(MC_APP_DIR)/$(n)-musl): \
	MC_APP_LDLIBS := -pthread

# libgomp.a calls dlopen (for offloading plugins, never used here): the
# linker's warning about it says nothing about this program.
$(MC_APP_DIR)/omp_sync-glibc: test/apps/omp_sync.c $(MC_APP_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MC_APP_CFLAGS) -fopenmp -static -o $@ $< -Wl,--no-warnings

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

$(MC_APP_DIR)/wait_threads: test/apps/wait_threads.c test/apps/check.h include/ihk/mcexec.h \
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
