# vm-options: --timeout 300
# Guest tests of the calls the LWK serves itself (test/apps/local_calls.c),
# glibc and musl: ids, sched_yield, sched_getaffinity (every LWK CPU of
# the instance, by Linux number), rlimits (RLIMIT_STACK comes from mcexec, RLIMIT_NOFILE is
# mcexec's own), clock resolution, and EFAULT, never a crash, for every
# pointer argument that points nowhere. The program passes natively first.
# Then futexes from one thread (test/apps/futex_local.c): every case's
# result, printed, is the same natively and under mcexec; a process
# waiting on a futex for ever is "sleeping", dies by SIGKILL, and leaves
# nothing.
# Then accounting (test/apps/acct.c): CPU clocks, getrusage and times
# against the same program run natively, and the thread count and
# per-thread lines of /proc/ihk/os0/processes, threads, `ihkosctl 0 ps`
# and `ps -L`.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_local_lwk_running

# in_cpulist CPU LIST: CPU is in a list like "2-3,5".
in_cpulist() {
	local c=$1 r
	for r in $(echo "$2" | tr ',' ' '); do
		case $r in
		*-*) [ "$c" -ge "${r%-*}" ] && [ "$c" -le "${r#*-}" ] && return 0 ;;
		*) [ "$c" = "$r" ] && return 0 ;;
		esac
	done
	return 1
}

# cpulist_words LIST: "2-3,5" as "2 3 5".
cpulist_words() {
	local r out=
	for r in $(echo "$1" | tr ',' ' '); do
		case $r in
		*-*) out="$out $(seq -s ' ' "${r%-*}" "${r#*-}")" ;;
		*) out="$out $r" ;;
		esac
	done
	echo "${out# }"
}

base=$(lwk_free)
lwk_cpus=$(cat /proc/ihk/os0/cpus)
for l in glibc musl; do
	$APPS/local_calls-$l >/tmp/native.out 2>&1
	check local_calls_${l}_native "exit $?: $(grep FAIL /tmp/native.out | head -c 300 | flat)" \
		grep -qx "local calls: all correct" /tmp/native.out
	mcexec $APPS/local_calls-$l >/tmp/mc.out 2>&1
	check local_calls_${l}_lwk "exit $?: $(grep FAIL /tmp/mc.out | head -c 600 | flat)" \
		grep -qx "local calls: all correct" /tmp/mc.out
	aff=$(sed -n 's/^affinity //p' /tmp/mc.out)
	check local_calls_${l}_affinity_all_lwk_cpus "affinity '$aff', LWK CPUs $lwk_cpus" \
		[ "$aff" = "$(cpulist_words "$lwk_cpus")" ]
	check local_calls_${l}_stack_limit_from_mcexec \
		"$(grep ^stack /tmp/mc.out) vs native $(grep ^stack /tmp/native.out)" \
		[ "$(grep ^stack /tmp/mc.out)" = "$(grep ^stack /tmp/native.out)" ]
	check local_calls_${l}_nofile_is_mcexecs \
		"$(grep ^nofile /tmp/mc.out) vs native $(grep ^nofile /tmp/native.out)" \
		[ "$(grep ^nofile /tmp/mc.out)" = "$(grep ^nofile /tmp/native.out)" ]
done
for l in glibc musl; do
	same_as_native futex_local_$l 0 $APPS/futex_local-$l
	mcexec $APPS/futex_local-$l block >/tmp/block.out 2>&1 &
	pid=$!
	check futex_block_${l}_waits '$(head -c 300 /tmp/block.out | flat)' \
		wait_until 60 grep -qx blocking /tmp/block.out
	sleep 1
	check futex_block_${l}_still_waiting '$(head -c 300 /tmp/block.out | flat)' \
		alive $pid
	state=$(awk -v p=$pid 'NR > 1 && $2 == p { print $5 }' /proc/ihk/os0/processes)
	check futex_block_${l}_sleeping "state '$state'" [ "$state" = sleeping ]
	kill -KILL $pid
	wait $pid 2>/dev/null
	rc=$?
	check futex_block_${l}_killed "exit $rc, $(head -c 300 /tmp/block.out | flat)" \
		[ $rc = 137 ]
	check futex_block_${l}_no_process_left '$(lwk_processes | flat)' no_lwk_process
done

# --- accounting ----------------------------------------------------------------

# acct_value NAME FILE: the number after "NAME " in FILE.
acct_value() {
	sed -n "s/^$1 //p" "$2"
}

# within N LOW HIGH: N is a number in [LOW, HIGH].
within() {
	[ -n "$1" ] && [ "$1" -ge "$2" ] 2>/dev/null && [ "$1" -le "$3" ]
}

# acct_run HOW LIBC MODE: acct MODE 300 natively (HOW "native") or under
# mcexec; output in /tmp/acct_HOW_MODE.out; checks its own checks passed.
acct_run() {
	local how=$1 l=$2 mode=$3 out=/tmp/acct_$1_$3.out rc
	if [ "$how" = native ]; then
		"$APPS/acct-$l" "$mode" 300 >"$out" 2>&1
	else
		mcexec "$APPS/acct-$l" "$mode" 300 >"$out" 2>&1
	fi
	rc=$?
	check "acct_${l}_${how}_${mode}_checks" "exit $rc: $(head -c 600 "$out" | flat)" [ $rc = 0 ]
}

# A loop of 300 ms uses about 300 ms of CPU; a sleep of 300 ms far less.
# The same bounds natively and on the LWK (TCG is slow, never idle here).
scenario_cpu_time() {
	local l how f cpu ut st ticks
	for l in glibc musl; do
		for how in native mcexec; do
			acct_run $how $l spin
			acct_run $how $l sleep
			f=/tmp/acct_${how}_spin.out
			cpu=$(acct_value process_us $f)
			ut=$(acct_value utime_us $f)
			st=$(acct_value stime_us $f)
			ticks=$(acct_value times_utime $f)
			check "acct_${l}_${how}_spin_process_clock_near_loop" \
				"CLOCK_PROCESS_CPUTIME_ID '$cpu' us after a 300 ms loop" \
				within "$cpu" 200000 700000
			check "acct_${l}_${how}_spin_rusage_near_loop" \
				"ru_utime '$ut' + ru_stime '$st' us after a 300 ms loop" \
				within "$((${ut:-0} + ${st:-0}))" 200000 700000
			check "acct_${l}_${how}_spin_times_near_loop" \
				"times: '$ticks' ticks after a 300 ms loop" within "$ticks" 20 70
			f=/tmp/acct_${how}_sleep.out
			cpu=$(acct_value process_us $f)
			ut=$(acct_value utime_us $f)
			st=$(acct_value stime_us $f)
			check "acct_${l}_${how}_sleep_process_clock_far_below" \
				"CLOCK_PROCESS_CPUTIME_ID '$cpu' us after a 300 ms sleep" \
				within "$cpu" 0 150000
			check "acct_${l}_${how}_sleep_rusage_far_below" \
				"ru_utime '$ut' + ru_stime '$st' us after a 300 ms sleep" \
				within "$((${ut:-0} + ${st:-0}))" 0 150000
		done
		# The LWK does not split user and system time: all of it is user.
		check "acct_${l}_mcexec_spin_all_utime" "$(flat </tmp/acct_mcexec_spin.out)" \
			[ "$(acct_value stime_us /tmp/acct_mcexec_spin.out)" = 0 ]
		check "acct_${l}_mcexec_maxrss" "$(flat </tmp/acct_mcexec_spin.out)" \
			within "$(acct_value maxrss_kb /tmp/acct_mcexec_spin.out)" 1 1048576
	done
}

# The lines of /proc/ihk/os0/processes and threads, `ihkosctl 0 ps` and
# `ps -L`, read once into files.
acct_snapshot() {
	cat /proc/ihk/os0/processes >/tmp/acct_procs.out 2>&1
	cat /proc/ihk/os0/threads >/tmp/acct_threads.out 2>&1
	ihkosctl 0 ps >/tmp/acct_ps.out 2>&1
	ihkosctl 0 ps -L >/tmp/acct_psl.out 2>&1
}

# acct_shows PID N: one look shows mcexec PID with N threads everywhere:
# processes (threads column), ps (THREADS), threads and ps -L (N lines of
# PID, N different tids, the main one, tid PID, on the process's CPU, each
# on an LWK CPU, with a CPU time).
acct_shows() {
	local pid=$1 n=$2 cpu c
	acct_snapshot
	cpu=$(awk -v p="$pid" 'NR > 1 && $2 == p { print $3 }' /tmp/acct_procs.out)
	[ -n "$cpu" ] || return 1
	awk -v p="$pid" -v n="$n" 'NR > 1 && $2 == p && $6 == n { f = 1 } END { exit !f }' \
		/tmp/acct_procs.out || return 1
	awk -v p="$pid" -v n="$n" 'NR > 1 && $2 == p && $6 == n { f = 1 } END { exit !f }' \
		/tmp/acct_ps.out || return 1
	awk -v p="$pid" -v n="$n" -v c="$cpu" '
		NR > 1 && $1 == p { lines++; if ($2 == p && $3 == c) main++; if (!seen[$2]++) tids++
				    if ($5 !~ /^[0-9]+$/) bad++ }
		END { exit !(lines == n && main == 1 && tids == n && !bad) }' \
		/tmp/acct_threads.out || return 1
	awk -v p="$pid" -v n="$n" -v c="$cpu" '
		NR > 1 && $1 == p { lines++; if ($2 == p && $3 == c) main++
				    if ($5 !~ /^[0-9]+:[0-5][0-9]\.[0-9][0-9]$/) bad++ }
		END { exit !(lines == n && main == 1 && !bad) }' /tmp/acct_psl.out || return 1
	awk -v p="$pid" 'NR > 1 && $1 == p { print $3 }' /tmp/acct_threads.out >/tmp/acct_cpus.out
	while read -r c; do
		in_cpulist "$c" "$lwk_cpus" || return 1
	done </tmp/acct_cpus.out
}

# acct_state_of PID TID: the state ps -L gives thread TID of PID.
acct_state_of() {
	awk -v p="$1" -v t="$2" 'NR > 1 && $1 == p && $2 == t { print $4 }' /tmp/acct_psl.out
}

# acct_threads_case LIBC N: acct wait N under mcexec (N threads, the main
# one reading its stdin, a FIFO, the others in a condition wait).
acct_threads_case() {
	local l=$1 n=$2 pid rc t=acct_$1_wait_$2
	rm -f /tmp/acct_fifo /tmp/acct_wait.out
	mkfifo /tmp/acct_fifo
	mcexec "$APPS/acct-$l" wait "$n" </tmp/acct_fifo >/tmp/acct_wait.out 2>&1 &
	pid=$!
	exec 4>/tmp/acct_fifo
	if ! wait_for_line /tmp/acct_wait.out ready 60; then
		fail "${t}_ready" "no ready line in 60 s: $(head -c 300 /tmp/acct_wait.out | flat)"
		kill -KILL $pid 2>/dev/null
	else
		# The status page is refreshed every heartbeat: a few looks.
		wait_until 3 acct_shows $pid "$n"
		check "${t}_listed" 'pid $pid, $n threads: processes: $(flat </tmp/acct_procs.out); threads: $(flat </tmp/acct_threads.out); ps: $(flat </tmp/acct_ps.out); ps -L: $(flat </tmp/acct_psl.out)' \
			acct_shows $pid "$n"
		# The main thread waits in read(2), offloaded to mcexec.
		check "${t}_main_offload" 'ps -L: $(flat </tmp/acct_psl.out)' \
			[ "$(acct_state_of $pid $pid)" = offload ]
		if [ "$n" -gt 1 ]; then
			check "${t}_others_sleeping" 'ps -L: $(flat </tmp/acct_psl.out)' \
				[ "$(awk -v p=$pid 'NR > 1 && $1 == p && $2 != p && $4 != "sleeping"' /tmp/acct_psl.out)" = "" ]
		fi
	fi
	exec 4>&-
	wait $pid
	rc=$?
	check "${t}_exit_0" "exit $rc: $(head -c 300 /tmp/acct_wait.out | flat)" \
		[ "$rc $(tail -n 1 /tmp/acct_wait.out)" = "0 done" ]
	check "${t}_gone" '$(lwk_processes | flat)' no_lwk_process
	check "${t}_no_thread_lines" '$(flat </proc/ihk/os0/threads)' \
		[ "$(cat /proc/ihk/os0/threads)" = "pid tid cpu state cpu_ns" ]
	rm -f /tmp/acct_fifo
}

scenario_ps_threads() {
	acct_threads_case glibc 1
	expect_refused ps_bad_option 2 "unexpected argument '-x'" ihkosctl 0 ps -x
}

# With threads: 4 in every view; CPU times of 2 threads that each burn
# 200 ms of their own clock add up in the process's (ended ones too).
scenario_acct_threads() {
	local l rc
	for l in glibc musl; do
		acct_threads_case $l 4
		"$APPS/acct-$l" share 200 2 >/tmp/acct_share.out 2>&1
		check "acct_${l}_native_share" "exit $?: $(flat </tmp/acct_share.out)" \
			grep -q '^process_us' /tmp/acct_share.out
		timeout -s KILL 120 mcexec "$APPS/acct-$l" share 200 2 >/tmp/acct_share.out 2>&1
		rc=$?
		check "acct_${l}_mcexec_share" "exit $rc: $(flat </tmp/acct_share.out)" [ $rc = 0 ]
	done
}

scenario_cpu_time
scenario_ps_threads
scenario_acct_threads
check mcexec_local_no_process_left '$(lwk_processes | flat)' no_lwk_process
check mcexec_local_lwk_memory_back 'LWK free $(lwk_free), baseline $base' \
	lwk_free_back "$base"
check mcexec_local_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
