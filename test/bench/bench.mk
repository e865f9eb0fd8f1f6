# Included by the top-level Makefile: the benchmark programs of `make bench`,
# static so that the same binary runs natively and under mcexec. `make`
# builds them too, so they cannot rot between benchmark runs.

BENCH_DIR	:= $(BUILD)/bench/bin
BENCH_NAMES	:= syscall_lat mem_bw fwq spawn_time xcpu_pingpong futex_pingpong \
		   thread_spawn omp_bench
BENCH_PROGS	:= $(addprefix $(BENCH_DIR)/,$(BENCH_NAMES))
BENCH_CFLAGS	:= -std=gnu11 -O2 -Wall -Wextra -Werror -Iinclude -Icommon -static
BENCH_HDRS	:= $(wildcard test/bench/*.h) common/compat.h common/stats.h \
		   common/size.h
BENCH_LIB	:= test/bench/bench.c common/stats.c

# Each program links the .c files among its prerequisites.
$(BENCH_DIR)/%: $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $(filter %.c,$^) $(BENCH_LDLIBS)

$(BENCH_DIR)/syscall_lat: test/bench/syscall_lat.c test/bench/tsc.c $(BENCH_LIB)
$(BENCH_DIR)/mem_bw: test/bench/mem_bw.c test/bench/tsc.c common/size.c $(BENCH_LIB)
$(BENCH_DIR)/fwq: test/bench/fwq.c test/bench/tsc.c $(BENCH_LIB)
$(BENCH_DIR)/spawn_time: test/bench/spawn_time.c $(BENCH_LIB)
$(BENCH_DIR)/xcpu_pingpong: test/bench/xcpu_pingpong.c common/stats.c
$(BENCH_DIR)/xcpu_pingpong: BENCH_LDLIBS := -pthread
# Threads (issue 15): natively and under mcexec, two threads on two CPUs.
$(BENCH_DIR)/futex_pingpong: test/bench/futex_pingpong.c $(BENCH_LIB)
$(BENCH_DIR)/futex_pingpong: BENCH_LDLIBS := -pthread
$(BENCH_DIR)/thread_spawn: test/bench/thread_spawn.c $(BENCH_LIB)
$(BENCH_DIR)/thread_spawn: BENCH_LDLIBS := -pthread
# libgomp.a calls dlopen (offloading plugins, never used here): the
# linker's warning about it says nothing about this program.
$(BENCH_DIR)/omp_bench: test/bench/omp_bench.c $(BENCH_LIB)
$(BENCH_DIR)/omp_bench: BENCH_LDLIBS := -fopenmp -Wl,--no-warnings
