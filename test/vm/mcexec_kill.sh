# vm-options: --timeout 900
# Guest tests of kill, tkill and tgkill between LWK processes
# (test/apps/kill_peer.c): Linux's permission rule (an unprivileged user
# cannot signal root's process, even with signal 0: EPERM; root can signal
# anyone's; a root process that setuid()s to nobody loses that), ESRCH for
# no such process, each compared with the same calls natively. Then a
# storm: one LWK process probes and signals the pids of processes that
# are being created, killed and released on the other LWK CPU; the LWK
# must not panic and must give every page back (scripts/vm fails the run
# if the guest kernel logged an oops or a warning). STORM_SECS sets how
# long (10 s in make check; make soak runs it longer). Last, with the
# LWK rebooted with debug_kill_delay_us (fault injection: each kill holds
# its target for a while, freed processes are poisoned), a process is
# freed while another one's kill holds it: the LWK must not report a use
# after free ("BUG: kill: ...").
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_kill_lwk_running

# Two of nobody's LWK processes signal each other: lift ihk.ko's
# per-user cap (all LWK CPUs but one by default; admin.sh tests it).
echo 0 >/sys/module/ihk/parameters/max_procs_per_user

NOBODY=65534
base=$(lwk_free)
kmsg0=$(kmsg_lines)
KP=$APPS/kill_peer-glibc

# start_target PREFIX...: "PREFIX kill_peer wait 300" in the background
# (PREFIX: mcexec, or setuid_exec mcexec, or nothing for native); sets
# $target (its shell pid) and $tpid (the pid it printed).
start_target() {
	rm -f /tmp/target.out
	"$@" $KP wait 300 >/tmp/target.out 2>&1 &
	target=$!
	tpid=
	wait_until 60 target_said_pid
}

# target_said_pid: the target printed its pid; sets $tpid.
target_said_pid() {
	tpid=$(sed -n 's/^pid //p' /tmp/target.out 2>/dev/null)
	[ -n "$tpid" ]
}

stop_target() {
	kill -KILL "$target" 2>/dev/null
	wait "$target" 2>/dev/null
}

# send_case NAME WANT WHO CALL SIG [UID]: the sender (WHO: root or nobody)
# runs "kill_peer CALL $tpid SIG [UID]" under mcexec and prints WANT; the
# same call natively against $ntpid (a native target of the same owner)
# prints the same.
send_case() {
	local name=$1 want=$2 who=$3 call=$4 sig=$5 uid=$6 pre=
	[ "$who" = nobody ] && pre="$APPS/setuid_exec-glibc"
	${pre:+"$pre"} mcexec "$KP" "$call" "$tpid" "$sig" ${uid:+"$uid"} >/tmp/mc.out 2>&1
	check "${name}" "under mcexec '$(flat </tmp/mc.out)', want '$want'" \
		[ "$(cat /tmp/mc.out)" = "$want" ]
	${pre:+"$pre"} "$KP" "$call" "$ntpid" "$sig" ${uid:+"$uid"} >/tmp/native.out 2>&1
	check "${name}_as_native" "natively '$(flat </tmp/native.out)', under mcexec '$(flat </tmp/mc.out)'" \
		[ "$(cat /tmp/native.out)" = "$want" ]
}

# --- root's process, nobody and a setuid()ing root process sending --------
scenario_root_target() {
	local c
	start_target || { fail native_root_target_started "$(flat </tmp/target.out)"; return; }
	ntarget=$target
	ntpid=$tpid
	if ! start_target mcexec; then
		fail root_target_started "$(flat </tmp/target.out)"
		stop_target
		target=$ntarget stop_target
		return
	fi
	for c in kill tkill tgkill; do
		send_case nobody_${c}_0_root_eperm "$c 0: EPERM" nobody $c 0
		send_case nobody_${c}_term_root_eperm "$c 15: EPERM" nobody $c 15
	done
	check root_target_survived_nobody 'target gone: $(flat </tmp/target.out)' alive $target
	send_case setuid_nobody_kill_0_root_eperm "kill 0: EPERM" root kill 0 $NOBODY
	send_case setuid_nobody_kill_term_root_eperm "kill 15: EPERM" root kill 15 $NOBODY
	send_case setuid_nobody_tgkill_term_root_eperm "tgkill 15: EPERM" root tgkill 15 $NOBODY
	check root_target_survived_setuid 'target gone: $(flat </tmp/target.out)' alive $target
	send_case root_kill_0_root_ok "kill 0: OK" root kill 0
	send_case root_tkill_0_root_ok "tkill 0: OK" root tkill 0
	stop_target
	target=$ntarget stop_target
}

# --- nobody's process ---------------------------------------------------------
scenario_nobody_target() {
	local rc
	start_target $APPS/setuid_exec-glibc || {
		fail native_nobody_target_started "$(flat </tmp/target.out)"; return; }
	ntarget=$target
	ntpid=$tpid
	if ! start_target $APPS/setuid_exec-glibc mcexec; then
		fail nobody_target_started "$(flat </tmp/target.out)"
		stop_target
		target=$ntarget stop_target
		return
	fi
	send_case nobody_kill_0_nobody_ok "kill 0: OK" nobody kill 0
	send_case root_tgkill_0_nobody_ok "tgkill 0: OK" root tgkill 0
	# The real signal last: it ends the target (and the native one).
	send_case root_kill_term_nobody_ok "kill 15: OK" root kill 15
	wait $target
	rc=$?
	check root_kill_term_nobody_ended "target's mcexec exit $rc, not 143: $(flat </tmp/target.out)" \
		[ $rc = 143 ]
	wait $ntarget
	rc=$?
	check root_kill_term_nobody_ended_native "native target exit $rc, not 143" [ $rc = 143 ]
	check nobody_target_gone '$(lwk_processes | flat)' no_lwk_process
}

# --- no such process ----------------------------------------------------------
scenario_esrch() {
	local c
	tpid=999999
	ntpid=999999
	for c in kill tkill tgkill; do
		send_case root_${c}_none_esrch "$c 0: ESRCH" root $c 0
		send_case nobody_${c}_none_esrch "$c 15: ESRCH" nobody $c 15
	done
}

# --- the storm ------------------------------------------------------------
# churn SECONDS: LWK processes come and go on the free LWK CPU: some exit,
# some are killed by SIGKILL to mcexec (released while they run), the rest
# die by the storm's SIGTERM. Prints how many started.
churn() {
	local end=$(($(date +%s) + $1)) n=0 pid
	while [ "$(date +%s)" -lt $end ]; do
		mcexec $KP wait 0 >/dev/null 2>&1
		mcexec $KP wait 5 >/dev/null 2>&1 &
		pid=$!
		usleep $(((n % 5) * 20000))
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		n=$((n + 2))
	done
	echo $n
}

scenario_storm() {
	local secs=${STORM_SECS:-10} n
	mcexec $KP storm $((secs + 5)) 64 >/tmp/storm.out 2>&1 &
	storm=$!
	if ! wait_for_line /tmp/storm.out storming 60; then
		fail storm_started "$(flat </tmp/storm.out)"
		kill -KILL $storm
		wait $storm
		return
	fi
	n=$(churn "$secs")
	wait $storm
	check storm_no_unexpected_errors "exit $?: $(head -c 400 /tmp/storm.out | flat)" \
		grep -q "storm: .* 0 unexpected errors" /tmp/storm.out
	check storm_found_processes "churned $n; $(flat </tmp/storm.out)" \
		sh -c "! grep -q ' 0 found' /tmp/storm.out"
	echo "# churned $n processes; $(grep '^storm:' /tmp/storm.out)"
	check storm_lwk_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	check storm_no_panic "$(kmsg_since "$kmsg0" | grep -iE 'panic|fault|BUG|oops' | head -n 5 | flat)" \
		sh -c "! ihkosctl 0 kmsg | tail -n +$((kmsg0 + 1)) | grep -qiE 'panic|page fault|BUG|oops|#GP'"
	check storm_no_process_left '$(lwk_processes | flat)' no_lwk_process
	check storm_lwk_memory_back 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
	check storm_next_mcexec_works '$(mcexec $APPS/hello-static 2>&1 | flat)' \
		sh -c "mcexec $APPS/hello-static | grep -q '^hello from'"
}

# --- kill against a process being freed -----------------------------------
# reboot_lwk KARGS: instance 0 shut down and booted again with KARGS.
reboot_lwk() {
	ihkosctl 0 shutdown >/dev/null 2>&1 &&
		ihkosctl 0 kargs "$1" >/dev/null 2>&1 &&
		ihkosctl 0 boot >/dev/null 2>&1 &&
		[ "$(lwk_status)" = RUNNING ]
}

# Each round: a target waits on one LWK CPU; a prober on the other calls
# kill(target, 0) every 20 ms, and each call holds the target 250 ms (the
# knob); mcexec of the target is SIGKILLed meanwhile, so the LWK frees the
# target while a kill holds it. The table lock must make the free wait.
scenario_kill_while_freed() {
	local round=0 ok=0 rc
	if ! reboot_lwk "debug_kill_delay_us=250000"; then
		fail uaf_lwk_rebooted "status $(lwk_status)"
		return
	fi
	pass uaf_lwk_rebooted
	base=$(lwk_free)
	kmsg0=$(kmsg_lines)
	while [ $round -lt 5 ]; do
		round=$((round + 1))
		if ! start_target mcexec; then
			fail uaf_target_started_$round "$(flat </tmp/target.out)"
			stop_target
			continue
		fi
		mcexec $KP probe "$tpid" 30 >/tmp/probe.out 2>&1 &
		prober=$!
		if ! wait_for_line /tmp/probe.out probing 60; then
			fail uaf_prober_started_$round "$(flat </tmp/probe.out)"
			kill -KILL $prober
			wait $prober
			stop_target
			continue
		fi
		usleep $((150000 + round * 37000))
		stop_target
		wait $prober
		rc=$?
		echo "# round $round: $(flat </tmp/probe.out)"
		[ $rc = 0 ] && grep -q 'then ESRCH' /tmp/probe.out && ok=$((ok + 1))
	done
	check uaf_probes_ended_by_esrch "$ok of 5 rounds ended with ESRCH" [ $ok = 5 ]
	check uaf_no_use_after_free "$(kmsg_since "$kmsg0" | grep -cE 'BUG|panic|fault') bad lines: $(kmsg_since "$kmsg0" | grep -E 'BUG|panic|fault' | head -n 5 | flat)" \
		sh -c "! ihkosctl 0 kmsg | tail -n +$((kmsg0 + 1)) | grep -qE 'BUG|panic|fault|#GP'"
	check uaf_lwk_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	check uaf_no_process_left '$(lwk_processes | flat)' no_lwk_process
	check uaf_lwk_memory_back 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
}

scenario_root_target
scenario_nobody_target
scenario_esrch
scenario_storm
check mcexec_kill_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
check mcexec_kill_no_process_left '$(lwk_processes | flat)' no_lwk_process
check mcexec_kill_lwk_memory_back 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
scenario_kill_while_freed
