# vm-options: --timeout 600
# Guest tests of how programs under mcexec end: each fault kind (SIGSEGV,
# SIGFPE, SIGILL, SIGBUS, abort) gives the shell status 128+n as natively,
# a one-line report on the LWK console, the LWK stays RUNNING and the next
# mcexec works; SIGINT/SIGTERM/SIGHUP to mcexec end a spinning or sleeping
# program with 128+n; SIGKILL tears the LWK process down and returns its
# memory. Also `ihkosctl 0 ps` and /proc/ihk/os0/processes while a program
# runs, and mcexec as an unprivileged user.
# shellcheck source=lib.sh
. /root/lib.sh

LIBCS="glibc musl"

need_lwk_running mcexec_signals_lwk_running

base=$(lwk_free)

# hello_works: the next mcexec runs fine.
hello_works() {
	[ "$(mcexec $APPS/hello-static 2>&1)" = "hello from $APPS/hello-static (0 arguments)" ]
}

# one_report SINCE SIGNAL NUMBER: the LWK console lines after the first
# SINCE have exactly one line naming the signal (SIGSEGV or "signal 11").
one_report() {
	[ "$(kmsg_since "$1" | grep -cE "$2|signal $3([^0-9]|\$)")" = 1 ]
}

# --- faults ----------------------------------------------------------------
# fault_case LIBC KIND SIGNAL NUMBER
fault_case() {
	local l=$1 kind=$2 name=$3 n=$4 nrc mrc since t=fault_$2_$1
	# In subshells that do more than run it, so their shell, not ours,
	# says "Segmentation fault" (to /dev/null).
	("$APPS/fault-$l" "$kind" >/tmp/native.out 2>&1; exit $?) 2>/dev/null
	nrc=$?
	since=$(kmsg_lines)
	(mcexec "$APPS/fault-$l" "$kind" >/tmp/mcexec.out 2>/tmp/mcexec.err; exit $?) 2>/dev/null
	mrc=$?
	check "${t}_native_status" "natively exit $nrc: $(flat </tmp/native.out)" \
		[ $nrc = $((128 + n)) ]
	check "${t}_status" "exit $mrc under mcexec, $nrc natively: $(head -c 300 /tmp/mcexec.err | flat)" \
		[ $mrc = $nrc ]
	check "${t}_output_before_death" '$(flat </tmp/mcexec.out)' \
		[ "$(cat /tmp/mcexec.out)" = "about to $kind" ]
	check "${t}_lwk_running" 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	check "${t}_one_line_report" "new LWK console lines: \$(kmsg_since $since | head -n 5 | flat)" \
		one_report "$since" "$name" "$n"
	check "${t}_next_mcexec_works" '$(mcexec $APPS/hello-static 2>&1 | flat)' hello_works
	check "${t}_lwk_memory_back" 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
}

scenario_faults() {
	local l ac=1
	# Alignment checks (EFLAGS.AC) need a CPU that has them: QEMU's TCG
	# does not (there "bus" survives natively), and no other user fault
	# gives SIGBUS there. Then the #AC case is a SKIP, never a pass; a
	# death by raise(SIGBUS) ("sigbus") tests the rest of SIGBUS's path
	# everywhere, under its own name.
	($APPS/fault-glibc bus >/dev/null 2>&1; exit $?) 2>/dev/null
	[ $? = 135 ] || ac=0
	for l in $LIBCS; do
		fault_case "$l" segv SIGSEGV 11
		fault_case "$l" fpe SIGFPE 8
		fault_case "$l" ill SIGILL 4
		if [ $ac = 1 ]; then
			fault_case "$l" bus SIGBUS 7
		else
			skip "fault_bus_$l" "no alignment-check exception (#AC) here: EFLAGS.AC gives no SIGBUS natively (QEMU TCG)"
		fi
		fault_case "$l" sigbus SIGBUS 7
		fault_case "$l" abort SIGABRT 6
	done
}

# --- signals to mcexec ------------------------------------------------------
# start_waiter MODE LIBC [mcexec]: the waiter in the background, all
# signals at their defaults; sets $waiter; fails if it never said ready.
start_waiter() {
	rm -f /tmp/waiter.out
	$APPS/sigdfl-glibc ${3:+"$3"} "$APPS/wait-$2" "$1" 120 >/tmp/waiter.out 2>&1 &
	waiter=$!
	wait_for_line /tmp/waiter.out ready 60
}

# signal_case MODE LIBC SIGNAL NUMBER
signal_case() {
	local mode=$1 l=$2 sig=$3 n=$4 nrc mrc t=signal_$3_$1_$2
	start_waiter "$mode" "$l" || true
	kill -"$sig" $waiter
	wait $waiter 2>/dev/null
	nrc=$?
	if ! start_waiter "$mode" "$l" mcexec; then
		fail "${t}_started" "no ready line in 60 s: $(head -c 300 /tmp/waiter.out | flat)"
		kill -KILL $waiter 2>/dev/null
		wait $waiter 2>/dev/null
		return
	fi
	kill -"$sig" $waiter
	wait $waiter 2>/dev/null
	mrc=$?
	check "${t}_status" "exit $mrc under mcexec, $nrc natively: $(head -c 300 /tmp/waiter.out | flat)" \
		[ "$mrc/$nrc" = "$((128 + n))/$((128 + n))" ]
	check "${t}_lwk_process_gone" '$(lwk_processes | flat)' no_lwk_process
	check "${t}_lwk_memory_back" 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
}

scenario_signals() {
	local l mode
	for l in $LIBCS; do
		for mode in spin sleep; do
			signal_case $mode "$l" INT 2
			signal_case $mode "$l" TERM 15
			signal_case $mode "$l" HUP 1
		done
	done
}

# kill_case NAME: SIGKILL to mcexec ($waiter, already running): 137, the
# LWK process goes away and its memory comes back.
kill_case() {
	local t=$1 rc
	kill -KILL $waiter
	wait $waiter 2>/dev/null
	rc=$?
	check "${t}_status" "exit $rc" [ $rc = 137 ]
	check "${t}_lwk_process_gone" '$(lwk_processes | flat)' no_lwk_process
	check "${t}_lwk_memory_back" 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
	check "${t}_lwk_running" 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	check "${t}_next_mcexec_works" '$(mcexec $APPS/hello-static 2>&1 | flat)' hello_works
}


scenario_sigkill() {
	local l mode sleeper
	for l in $LIBCS; do
		for mode in spin sleep; do
			if start_waiter $mode "$l" mcexec; then
				kill_case "sigkill_${mode}_$l"
			else
				fail "sigkill_${mode}_${l}_started" "$(head -c 300 /tmp/waiter.out | flat)"
				kill -KILL $waiter
				wait $waiter 2>/dev/null
			fi
		done
	done
	# Killed while mcexec serves an offloaded read that waits for input.
	sleep 120 | mcexec $APPS/copy-glibc >/dev/null 2>&1 &
	waiter=$!
	sleeper=$(pidof sleep)
	check sigkill_in_offload_started '$(cat /proc/ihk/os0/processes | flat)' \
		wait_until 60 not lwk_idle
	sleep 2
	kill_case sigkill_in_offload
	[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
}

# --- ps and /proc/ihk/os0/processes ----------------------------------------
# /proc/ihk/os0/processes: a header, then "pid linux_pid cpu rss state
# threads cpu_ns cmdline" (rss in bytes); `ihkosctl 0 ps`: a header, then
# "PID LINUX_PID CPU MEM STATE THREADS TIME COMMAND" (MEM human-readable).

# proc_has PID CMDLINE STATE: mcexec PID's line in /proc/ihk/os0/processes
# has an LWK CPU (2 or 3 in this guest), rss > 0, STATE, one thread and
# CMDLINE.
proc_has() {
	awk -v p="$1" -v cmd="$2" -v st="$3" '
		NR > 1 && $2 == p {
			line = $0
			for (i = 1; i <= 7; i++)
				sub(/^[^ ]+ /, "", line)
			if (($3 == 2 || $3 == 3) && $4 > 0 && $5 == st && $6 == 1 && line == cmd)
				ok = 1
		}
		END { exit !ok }' /tmp/procs.out
}

# ps_has PID CMDLINE STATE: the same in `ihkosctl 0 ps`, and the same LWK
# pid and CPU as the processes file.
ps_has() {
	local lwk_pid cpu
	lwk_pid=$(awk -v p="$1" 'NR > 1 && $2 == p { print $1 }' /tmp/procs.out)
	cpu=$(awk -v p="$1" 'NR > 1 && $2 == p { print $3 }' /tmp/procs.out)
	awk -v p="$1" -v cmd="$2" -v st="$3" -v lp="$lwk_pid" -v cpu="$cpu" '
		NR > 1 && $2 == p {
			line = $0
			sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", line)
			if ($1 == lp && $3 == cpu && $4 ~ /^[0-9.]+[BKMGT]$/ && $4 !~ /^0/ &&
			    $5 == st && $6 == 1 && $7 ~ /^[0-9]+:[0-5][0-9]\.[0-9][0-9]$/ &&
			    line == cmd)
				ok = 1
		}
		END { exit !ok }' /tmp/ps.out
}

# both_show PID CMDLINE STATE: one look at both views shows it so.
both_show() {
	cat /proc/ihk/os0/processes >/tmp/procs.out 2>&1
	ihkosctl 0 ps >/tmp/ps.out 2>&1
	proc_has "$1" "$2" "$3" && ps_has "$1" "$2" "$3"
}

# ps_case MODE STATE: while wait MODE runs, both views show it in STATE.
ps_case() {
	local mode=$1 state=$2 cmd
	cmd="$APPS/wait-glibc $mode 120"
	if ! start_waiter "$mode" glibc mcexec; then
		fail "ps_${mode}_started" "$(head -c 300 /tmp/waiter.out | flat)"
		kill -KILL $waiter
		wait $waiter 2>/dev/null
		return
	fi
	# A sleeper wakes every 100 ms: a few looks to catch it asleep.
	wait_until 2 both_show $waiter "$cmd" "$state"
	check "ps_${mode}_proc_processes" "mcexec pid $waiter, $state: $(flat </tmp/procs.out)" \
		proc_has $waiter "$cmd" "$state"
	check "ps_${mode}_ihkosctl_ps" "mcexec pid $waiter, $state: $(flat </tmp/ps.out)" \
		ps_has $waiter "$cmd" "$state"
	kill -TERM $waiter
	wait $waiter 2>/dev/null
	check "ps_${mode}_gone_after_exit" '$(lwk_processes | flat)' no_lwk_process
	ihkosctl 0 ps >/tmp/ps.out 2>&1
	check "ps_${mode}_ps_header_only" '$(flat </tmp/ps.out)' [ "$(wc -l </tmp/ps.out)" = 1 ]
}

scenario_ps() {
	local w1 w2 c1 c2
	ps_case sleep sleeping
	ps_case spin running
	# Two at once: one per LWK CPU, each with its own line.
	start_waiter sleep glibc mcexec
	w1=$waiter
	start_waiter sleep musl mcexec
	w2=$waiter
	cat /proc/ihk/os0/processes >/tmp/procs.out 2>&1
	c1=$(awk -v p=$w1 'NR > 1 && $2 == p { print $3 }' /tmp/procs.out)
	c2=$(awk -v p=$w2 'NR > 1 && $2 == p { print $3 }' /tmp/procs.out)
	check ps_two_programs_two_cpus "CPUs '$c1' and '$c2': $(flat </tmp/procs.out)" \
		sh -c "[ -n '$c1' ] && [ -n '$c2' ] && [ '$c1' != '$c2' ]"
	kill -TERM $w1 $w2
	wait $w1 2>/dev/null
	wait $w2 2>/dev/null
	check ps_two_programs_gone '$(lwk_processes | flat)' no_lwk_process
}

# --- an unprivileged user ----------------------------------------------------
scenario_unprivileged() {
	local l
	for l in $LIBCS; do
		$APPS/setuid_exec-glibc "$APPS/argv_auxv-$l" x >/tmp/native.out 2>&1
		$APPS/setuid_exec-glibc mcexec "$APPS/argv_auxv-$l" x >/tmp/mcexec.out 2>&1
		check "nobody_runs_$l" "exit $?: $(head -c 300 /tmp/mcexec.out | flat)" \
			grep -qx "auxv/tls: all checks passed" /tmp/mcexec.out
		check "nobody_same_as_native_$l" "$(diff /tmp/native.out /tmp/mcexec.out | head -n 6 | flat)" \
			cmp -s /tmp/native.out /tmp/mcexec.out
		mkdir -p /tmp/nobody && chmod 777 /tmp/nobody
		$APPS/setuid_exec-glibc mcexec "$APPS/file_io-$l" /tmp/nobody >/tmp/mcexec.out 2>&1
		check "nobody_file_io_$l" "exit $?: $(head -c 300 /tmp/mcexec.out | flat)" \
			grep -qx "unlinked, gone" /tmp/mcexec.out
		rm -rf /tmp/nobody
	done
	as_nobody "mcexec $APPS/hello-musl" >/tmp/mcexec.out 2>&1
	check nobody_via_su "exit $?: $(head -c 300 /tmp/mcexec.out | flat)" \
		grep -qx "hello from $APPS/hello-musl (0 arguments)" /tmp/mcexec.out
	check nobody_lwk_memory_back 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
}

scenario_faults
scenario_signals
scenario_sigkill
scenario_ps
scenario_unprivileged
check mcexec_signals_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
check mcexec_signals_no_process_left '$(lwk_processes | flat)' no_lwk_process
