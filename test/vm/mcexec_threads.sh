# vm-options: --timeout 900
# Guest tests of threaded programs under mcexec (issue 15): pthreads
# (test/apps/pt_*, static glibc and musl), threads spread over the LWK
# CPUs and pinned with sched_setaffinity (pt_cpus), raw futex calls (futex_stress),
# OpenMP (omp_sync, glibc: musl has no libgomp) with 1, 2 and 8 threads on
# the default 2 LWK CPUs (2-3), exit_group from a non-main thread,
# SIGKILL to the mcexec of an 8-thread process (spinning, sleeping, or
# blocked in a futex or an offloaded read), a thread blocked in an
# offloaded pipe read while others offload writes, futexes between
# threads that really block (futex_threads) and a thread's exit duties
# (futex_exit: join, robust mutexes), create/join loops that must leave
# no LWK memory behind, 1500 threads one after another (more than
# IHK_MC_MAX_THREADS), and EAGAIN from pthread_create when LWK memory
# runs out for stacks. Each compares output and exit status with the same
# program run natively in this guest, unless it tests an LWK limit.
# shellcheck source=lib.sh
. /root/lib.sh

LIBCS="glibc musl"

# all_in_cpulist "C1 C2" LIST: every CPU is in a list like "2-3,5".
all_in_cpulist() {
	local c r ok
	[ -n "$1" ] || return 1
	for c in $1; do
		ok=
		for r in $(echo "$2" | tr ',' ' '); do
			case $r in
			*-*) [ "$c" -ge "${r%-*}" ] && [ "$c" -le "${r#*-}" ] && ok=1 ;;
			*) [ "$c" = "$r" ] && ok=1 ;;
			esac
		done
		[ -n "$ok" ] || return 1
	done
}

need_lwk_running threads_lwk_running

# --- pthreads ------------------------------------------------------------------
scenario_pthreads() {
	local l p
	for l in $LIBCS; do
		for p in pt_sync pt_life pt_pipe pt_many futex_stress thread_offload \
			 futex_threads futex_exit; do
			same_as_native "${p}_$l" 0 "$APPS/$p-$l"
		done
	done
}

# --- threads on several LWK CPUs: placement, sched_setaffinity, getcpu ----------
# pt_cpus pins itself and a worker to each CPU of its mask (the same
# natively); then one spinning thread per CPU of the mask must run on as
# many distinct CPUs, all of them LWK CPUs. pt_tlb: a thread storing to a
# page on the other CPU dies by SIGSEGV once mprotect or munmap returns
# (TLB shootdown).
scenario_cpus() {
	local l lwk_cpus out
	lwk_cpus=$(cat /proc/ihk/os0/cpus)
	for l in $LIBCS; do
		"$APPS/pt_cpus-$l" </dev/null >/tmp/native.out 2>&1
		check "pt_cpus_native_$l" "exit $?: $(head -c 300 /tmp/native.out | flat)" \
			grep -qx "pin_other: ok" /tmp/native.out
		mcexec "$APPS/pt_cpus-$l" </dev/null >/tmp/mc.out 2>&1
		check "pt_cpus_$l" "exit $?: $(head -c 300 /tmp/mc.out | flat)" \
			grep -qx "pin_other: ok" /tmp/mc.out
		check "pt_cpus_pin_$l" "$(head -c 300 /tmp/mc.out | flat)" \
			grep -qx "pin: ok" /tmp/mc.out
		out=$(sed -n 's/^cpus: //p' /tmp/mc.out)
		check "pt_cpus_spread_$l" "'$(grep spread /tmp/mc.out)', LWK CPUs $lwk_cpus" \
			grep -qx "spread: 2 distinct of 2" /tmp/mc.out
		check "pt_cpus_all_lwk_$l" "ran on '$out', LWK CPUs $lwk_cpus" \
			all_in_cpulist "$out" "$lwk_cpus"
		# A store on another CPU after mprotect/munmap returned: SIGSEGV.
		same_as_native "pt_tlb_protect_$l" 139 "$APPS/pt_tlb-$l" protect
		same_as_native "pt_tlb_unmap_$l" 139 "$APPS/pt_tlb-$l" unmap
	done
}

# --- pthread_cancel: both libcs cancel with a signal handler -------------------
# The LWK does not run user signal handlers yet (issue 16): the program
# must pass natively; under mcexec it is skipped, not passed.
scenario_cancel() {
	local l
	for l in $LIBCS; do
		expect_line "pt_cancel_native_$l" 0 '^cancel: 3 of 3 cancelled' "$APPS/pt_cancel-$l"
		skip "pt_cancel_$l" "pthread_cancel needs user signal handlers on the LWK (issue 16)"
	done
}

# --- 1500 threads one after another: nothing piles up ---------------------------
scenario_churn() {
	local l
	for l in $LIBCS; do
		same_as_native "thread_churn_$l" 0 "$APPS/thread_churn-$l"
		check "thread_churn_${l}_says" '$(head -c 300 /tmp/mcexec.out | flat)' \
			grep -qx '1500 threads one after another, one thread left' /tmp/mcexec.out
	done
	check churn_module_quiet '$(dmesg | grep -E "does not have|is not one of|event queue full" | tail -n 3 | flat)' \
		not sh -c 'dmesg | grep -qE "does not have|is not one of|event queue full"'
}

# --- limits: stacks past the LWK's memory ----------------------------------------
# Linux overcommits thread stacks; the LWK populates them, so 256 MiB
# stacks run out of its memory: pthread_create says EAGAIN, nothing is
# lost, the process goes on.
scenario_limits() {
	local base
	no_lwk_process
	base=$(lwk_free)
	expect_line stacks_past_lwk_memory_eagain 0 '^pthread_create failed after [0-9]+ threads: EAGAIN$' \
		mcexec "$APPS/pt_block-glibc" stacks 256
	check stacks_no_process_left '$(lwk_processes | flat)' no_lwk_process
	check stacks_memory_back '$(lwk_free) bytes free, $base before' lwk_free_back "$base"
}

# --- exit_group from a thread other than the main one ------------------------
scenario_exit_group() {
	local l
	for l in $LIBCS; do
		same_as_native "exit_group_from_thread_$l" 7 "$APPS/pt_exit_group-$l"
		# The main thread gone first (pthread_exit): the others carry on.
		same_as_native "exit_group_after_main_left_$l" 9 "$APPS/pt_exit_group-$l" 9 exit
		check "exit_group_leaves_no_process_$l" '$(lwk_processes | flat)' no_lwk_process
	done
}

# --- OpenMP: the same output whatever the team size ---------------------------
scenario_openmp() {
	local n
	for n in 1 2 8; do
		OMP_NUM_THREADS=$n same_as_native "omp_sync_${n}_threads" 0 "$APPS/omp_sync-glibc"
	done
	# Every team size prints the same: compare 8 threads with 1.
	OMP_NUM_THREADS=1 mcexec "$APPS/omp_sync-glibc" </dev/null >/tmp/omp1.out 2>&1
	OMP_NUM_THREADS=8 mcexec "$APPS/omp_sync-glibc" </dev/null >/tmp/omp8.out 2>&1
	check omp_sync_output_independent_of_threads \
		'$(diff /tmp/omp1.out /tmp/omp8.out | head -n 6 | flat)' cmp -s /tmp/omp1.out /tmp/omp8.out
}

# --- no leak: many threads, many runs ---------------------------------------------
# Every run's threads (stacks, TLS, the LWK's thread structures and
# mcexec's Linux threads) go back: the LWK's free memory returns to what
# it was, and no process is left.
scenario_no_leak() {
	local base i bad=0
	no_lwk_process
	base=$(lwk_free)
	same_as_native pt_many_500_rounds_glibc 0 "$APPS/pt_many-glibc" 500
	i=0
	while [ $i -lt 200 ]; do
		mcexec "$APPS/pt_many-musl" 1 </dev/null >/tmp/many.out 2>&1 || bad=$((bad + 1))
		i=$((i + 1))
	done
	check threads_200_runs_succeed '$bad of 200 runs failed, last: $(head -c 200 /tmp/many.out | flat)' \
		[ $bad = 0 ]
	check threads_no_lwk_process_left '$(lwk_processes | flat)' no_lwk_process
	check threads_lwk_memory_back '$(lwk_free) bytes free, $base before' lwk_free_back "$base"
}

# --- SIGKILL to the mcexec of an 8-thread process --------------------------------
# Spinning, sleeping and blocked threads alike go, with all they held.
scenario_kill() {
	local l base pid rc
	for l in $LIBCS; do
		no_lwk_process
		base=$(lwk_free)
		mcexec "$APPS/pt_hold-$l" 8 60 </dev/null >/tmp/hold.out 2>&1 &
		pid=$!
		check "kill_8_threads_running_$l" '$(flat </tmp/hold.out)' \
			wait_for_line /tmp/hold.out "8 threads running" 30
		kill -9 $pid
		wait $pid
		rc=$?
		check "kill_8_threads_killed_$l" "exit $rc, want 137" [ $rc = 137 ]
		check "kill_8_threads_no_process_left_$l" '$(lwk_processes | flat)' no_lwk_process
		check "kill_8_threads_memory_back_$l" '$(lwk_free) bytes free, $base before' \
			lwk_free_back "$base"
		# Threads blocked in a futex and in an offloaded read.
		mcexec "$APPS/pt_block-$l" hold 8 </dev/null >/tmp/block.out 2>&1 &
		pid=$!
		check "kill_blocked_threads_running_$l" '$(flat </tmp/block.out)' \
			wait_for_line /tmp/block.out "ready 8" 30
		kill -9 $pid
		wait $pid
		rc=$?
		check "kill_blocked_threads_killed_$l" "exit $rc, want 137" [ $rc = 137 ]
		check "kill_blocked_threads_no_process_left_$l" '$(lwk_processes | flat)' \
			no_lwk_process
		check "kill_blocked_threads_memory_back_$l" '$(lwk_free) bytes free, $base before' \
			lwk_free_back "$base"
	done
}

scenario_pthreads
scenario_cpus
scenario_cancel
scenario_churn
scenario_limits
scenario_exit_group
scenario_kill
scenario_openmp
scenario_no_leak
