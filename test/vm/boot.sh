# vm-options: --no-lwk
# Guest tests of booting the LWK: boot, shutdown, status, query, kmsg, debug
# panic/hang, fault injection (debug_panic=boot, debug_fail_cpu=N), bad
# input. Each scenario sets up its own instance 0 (CPUs 2-3, 512M on node 0)
# and checks that everything went back to Linux at its end.
# shellcheck source=lib.sh
. /root/lib.sh

LWK=/lib/ihk/lwk.elf
NOT_LWK=/usr/lib/ihk-test/image_ok.elf
MEM=512M@0
# The first line the LWK prints on its console.
BANNER='IHK LWK .* starting'
BOOT_TIMEOUT=/sys/module/ihk/parameters/boot_timeout_ms

# --- helpers ------------------------------------------------------------

# Whatever a scenario left behind (also after a failed check) goes away,
# so the next scenario starts from nothing.
reset_all() {
	[ -n "$saved_timeout" ] && echo "$saved_timeout" >$BOOT_TIMEOUT
	release_all
}

# setup NAME [cpu] [mem] [image]: reserve CPUs 2-3 and $MEM, create
# instance 0 and give it what is named (all three by default); on failure
# report NAME as failed and return 1.
setup() {
	local name="$1" want
	shift
	want=" ${*:-cpu mem image} "
	{
		ihkconfig reserve cpu 2-3 &&
		ihkconfig reserve mem $MEM &&
		[ "$(ihkconfig create)" = 0 ] &&
		case "$want" in *" cpu "*) ihkosctl 0 assign cpu 2-3 ;; esac &&
		case "$want" in *" mem "*) ihkosctl 0 assign mem all ;; esac &&
		case "$want" in *" image "*) ihkosctl 0 load $LWK ;; esac
	} >/tmp/setup.out 2>&1 && return 0
	fail "$name" "setup ($want) failed: $(tr '\n' '|' </tmp/setup.out)"
	return 1
}

# teardown NAME: destroy instance 0 and release everything, as an admin would.
teardown() {
	if { ihkconfig destroy 0 && ihkconfig release cpu all &&
		ihkconfig release mem all; } >/tmp/teardown.out 2>&1; then
		pass "$1"
	else
		fail "$1" "$(tr '\n' '|' </tmp/teardown.out)"
	fi
}

# boot_fails OUT: boot is refused with exit 1; stderr kept in OUT.
boot_fails() {
	local rc
	ihkosctl 0 boot >/tmp/boot.stdout 2>"$1"
	rc=$?
	[ $rc = 1 ] || { echo "exit $rc" >>"$1"; return 1; }
}

# console_follows OUT: after the one-line error, the console tail.
console_follows() {
	[ "$(sed -n 2p "$1")" = "LWK console (last 20 lines):" ] &&
		[ "$(wc -l <"$1")" -ge 3 ]
}

# u FILE OFFSET BYTES: an unsigned little-endian number from FILE.
u() {
	od -An -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '
}

# load_end ELF: the file offset where its last PT_LOAD segment's bytes end.
load_end() {
	local phoff phnum i ph end=0 seg
	phoff=$(u "$1" 32 8)
	phnum=$(u "$1" 56 2)
	i=0
	while [ $i -lt "$phnum" ]; do
		ph=$((phoff + i * 56))
		if [ "$(u "$1" $ph 4)" = 1 ]; then
			seg=$(($(u "$1" $((ph + 8)) 8) + $(u "$1" $((ph + 32)) 8)))
			[ $seg -gt $end ] && end=$seg
		fi
		i=$((i + 1))
	done
	echo $end
}

saved_timeout=""
[ -e /lib/ihk/lwk.elf ] || { fail lwk_image_present "no $LWK in the guest"; exit 1; }

# --- a boot, looked at from every side ----------------------------------
scenario_boot() {
	local kargs="ihk_boot_test=42 hello=world"
	free_baseline
	setup boot_setup || return
	expect boot_set_kargs ihkosctl 0 kargs "$kargs"
	expect boot_succeeds ihkosctl 0 boot
	check boot_status_running 'ihkosctl 0 status: $(ihkosctl 0 status 2>&1)' \
		[ "$(ihkosctl 0 status)" = RUNNING ]
	check boot_proc_status_running '/proc/ihk/os0/status: $(lwk_status)' \
		[ "$(lwk_status)" = RUNNING ]
	check boot_list_running 'ihkconfig list: $(ihkconfig list)' \
		[ "$(ihkconfig list)" = "0 RUNNING" ]
	ihkosctl 0 query >/tmp/query 2>&1
	check boot_query_cpus_up '$(flat </tmp/query)' \
		grep -qx 'cpus up: 2' /tmp/query
	check boot_query_no_failure '$(flat </tmp/query)' \
		sh -c "grep -qx 'failed cpu: none' /tmp/query && grep -qx 'panic cpu: none' /tmp/query"
	check boot_query_lwk_free '$(flat </tmp/query)' \
		sh -c "grep -q '^lwk free memory: [1-9]' /tmp/query"
	check boot_query_kargs '$(flat </tmp/query)' \
		grep -qxF "kargs: $kargs" /tmp/query
	ihkosctl 0 kmsg >/tmp/kmsg 2>/tmp/kmsg.err
	check boot_kmsg_banner 'kmsg: $(head -c 300 /tmp/kmsg | flat)' \
		grep -q "$BANNER" /tmp/kmsg
	check boot_kmsg_kargs 'kmsg: $(head -c 300 /tmp/kmsg | flat)' \
		grep -qF "kernel arguments: $kargs" /tmp/kmsg
	check boot_kmsg_nothing_lost 'stderr: $(cat /tmp/kmsg.err)' [ ! -s /tmp/kmsg.err ]
	check boot_linux_alive '$(linux_alive_why)' linux_alive
	check boot_lwk_cpus_offline_in_linux 'online $(cat /sys/devices/system/cpu/online)' \
		[ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]
	expect boot_shutdown ihkosctl 0 shutdown
	check boot_status_shutdown 'status $(lwk_status)' [ "$(lwk_status)" = SHUTDOWN ]
	ihkosctl 0 query >/tmp/query 2>&1
	check boot_query_after_shutdown '$(flat </tmp/query)' \
		grep -qx 'cpus up: 0' /tmp/query
	check boot_kmsg_kept_after_shutdown 'kmsg: $(ihkosctl 0 kmsg 2>&1 | head -c 200)' \
		sh -c "ihkosctl 0 kmsg | grep -q '$BANNER'"
	teardown boot_teardown
	returned boot_everything_returned
}

# --- 20 boot/shutdown cycles on one instance ----------------------------
scenario_cycles() {
	local i=0 why=""
	free_baseline
	setup cycles_setup || return
	while [ $i -lt 20 ] && [ -z "$why" ]; do
		if ! ihkosctl 0 boot >/tmp/cycle.out 2>&1; then
			why="boot $i: $(head -c 300 /tmp/cycle.out | tr '\n' '|')"
		elif [ "$(ihkosctl 0 status)" != RUNNING ]; then
			why="cycle $i: $(ihkosctl 0 status) after boot"
		elif ! ihkosctl 0 shutdown >/tmp/cycle.out 2>&1; then
			why="shutdown $i: $(head -c 300 /tmp/cycle.out | tr '\n' '|')"
		elif [ "$(ihkosctl 0 status)" != SHUTDOWN ]; then
			why="cycle $i: $(ihkosctl 0 status) after shutdown"
		fi
		i=$((i + 1))
	done
	check cycles_20_boot_shutdown '$why' [ -z "$why" ]
	check cycles_linux_alive '$(linux_alive_why)' linux_alive
	teardown cycles_teardown
	returned cycles_everything_returned
}

# --- a panic on purpose -------------------------------------------------
scenario_panic() {
	free_baseline
	setup panic_setup || return
	expect panic_boot ihkosctl 0 boot
	expect panic_request ihkosctl 0 debug panic
	check panic_status_panic 'status $(lwk_status) after 10 s' wait_until 10 lwk_status_is PANIC
	check panic_ihkosctl_status 'ihkosctl 0 status: $(ihkosctl 0 status 2>&1)' \
		[ "$(ihkosctl 0 status)" = PANIC ]
	ihkosctl 0 query >/tmp/query 2>&1
	check panic_query_names_cpu '$(flat </tmp/query)' \
		grep -qE '^panic cpu: (2|3)$' /tmp/query
	ihkosctl 0 kmsg >/tmp/kmsg 2>&1
	check panic_kmsg_message 'kmsg tail: $(tail -n 5 /tmp/kmsg | flat)' \
		grep -qi 'panic' /tmp/kmsg
	check panic_kmsg_register_dump 'kmsg tail: $(tail -n 5 /tmp/kmsg | flat)' \
		grep -q 'RIP' /tmp/kmsg
	check panic_linux_alive '$(linux_alive_why)' linux_alive
	expect_line panic_debug_refused_when_not_running 1 "PANIC, not RUNNING" \
		ihkosctl 0 debug panic
	expect_line panic_boot_refused 1 "PANIC \\(shut it down first\\)" ihkosctl 0 boot
	# No shutdown first: destroy does it.
	teardown panic_destroy_and_release
	returned panic_everything_returned
}

# --- a hang on purpose --------------------------------------------------
scenario_hang() {
	free_baseline
	setup hang_setup || return
	expect hang_boot ihkosctl 0 boot
	expect hang_request ihkosctl 0 debug hang
	# The module looks once a second; hung_timeout_ms is 5000 by default.
	check hang_status_hung 'status $(lwk_status) after 30 s' wait_until 30 lwk_status_is HUNG
	check hang_ihkosctl_status 'ihkosctl 0 status: $(ihkosctl 0 status 2>&1)' \
		[ "$(ihkosctl 0 status)" = HUNG ]
	check hang_linux_alive '$(linux_alive_why)' linux_alive
	teardown hang_destroy_and_release
	returned hang_everything_returned
}

# --- fault injection: the LWK panics while it boots ---------------------
scenario_panic_at_boot() {
	free_baseline
	setup bootpanic_setup || return
	expect bootpanic_kargs ihkosctl 0 kargs "debug_panic=boot"
	check bootpanic_boot_fails '$(head -c 300 /tmp/boot.err | flat)' \
		boot_fails /tmp/boot.err
	check bootpanic_error_says_failure '$(head -n 1 /tmp/boot.err)' \
		grep -q '^ihkosctl: cannot boot instance 0: the LWK reported a failure: it panicked' /tmp/boot.err
	check bootpanic_console_tail '$(head -c 300 /tmp/boot.err | flat)' \
		console_follows /tmp/boot.err
	check bootpanic_console_has_panic '$(tail -n 5 /tmp/boot.err | flat)' \
		sh -c "tail -n +3 /tmp/boot.err | grep -qi panic"
	check bootpanic_status_panic 'status $(lwk_status)' [ "$(lwk_status)" = PANIC ]
	check bootpanic_linux_alive '$(linux_alive_why)' linux_alive
	expect bootpanic_shutdown ihkosctl 0 shutdown
	check bootpanic_status_shutdown 'status $(lwk_status)' [ "$(lwk_status)" = SHUTDOWN ]
	expect bootpanic_normal_kargs ihkosctl 0 kargs "ihk_boot_test=again"
	expect bootpanic_boots_again ihkosctl 0 boot
	check bootpanic_running_again 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	check bootpanic_new_kargs_in_kmsg '$(ihkosctl 0 kmsg 2>&1 | tail -n 5 | flat)' \
		sh -c "ihkosctl 0 kmsg | grep -qF 'kernel arguments: ihk_boot_test=again'"
	teardown bootpanic_teardown
	returned bootpanic_everything_returned
}

# --- fault injection: the LWK does not start Linux CPU 3 ----------------
scenario_fail_cpu() {
	local st
	free_baseline
	setup failcpu_setup || return
	expect failcpu_kargs ihkosctl 0 kargs "debug_fail_cpu=3"
	check failcpu_boot_fails '$(head -c 300 /tmp/boot.err | flat)' \
		boot_fails /tmp/boot.err
	check failcpu_error_names_cpu3 '$(head -n 1 /tmp/boot.err)' \
		grep -qx 'ihkosctl: cannot boot instance 0: the LWK reported a failure: CPU 3 did not start' /tmp/boot.err
	check failcpu_console_tail '$(head -c 300 /tmp/boot.err | flat)' \
		console_follows /tmp/boot.err
	check failcpu_query_names_cpu3 '$(ihkosctl 0 query 2>&1 | flat)' \
		sh -c "ihkosctl 0 query | grep -qx 'failed cpu: 3'"
	st=$(lwk_status)
	check failcpu_not_running 'status $st' [ "$st" != RUNNING -a "$st" != BOOTING ]
	check failcpu_linux_alive '$(linux_alive_why)' linux_alive
	case "$st" in
	RUNNING|BOOTING|PANIC|HUNG) expect failcpu_shutdown ihkosctl 0 shutdown ;;
	esac
	# Both CPUs work for the LWK once the fault is gone.
	expect failcpu_normal_kargs ihkosctl 0 kargs ""
	expect failcpu_boots_again ihkosctl 0 boot
	check failcpu_both_cpus_up_again '$(ihkosctl 0 query 2>&1 | flat)' \
		sh -c "ihkosctl 0 query | grep -qx 'cpus up: 2'"
	teardown failcpu_teardown
	returned failcpu_everything_returned
	check failcpu_cpu3_usable 'CPU 3 runs no task' cpu_runs 3
}

# --- the boot timeout ---------------------------------------------------
scenario_timeout() {
	free_baseline
	setup timeout_setup || return
	saved_timeout=$(cat $BOOT_TIMEOUT)
	# No LWK comes up in a millisecond on an emulated machine.
	echo 1 >$BOOT_TIMEOUT
	check timeout_boot_fails '$(head -c 300 /tmp/boot.err | flat)' \
		boot_fails /tmp/boot.err
	echo "$saved_timeout" >$BOOT_TIMEOUT
	saved_timeout=""
	check timeout_error_says_timeout '$(head -n 1 /tmp/boot.err)' \
		grep -q '^ihkosctl: cannot boot instance 0: the LWK did not come up within the boot timeout (1 ms' /tmp/boot.err
	check timeout_console_follows '$(head -c 300 /tmp/boot.err | flat)' \
		sh -c "sed -n 2p /tmp/boot.err | grep -q '^LWK console'"
	check timeout_not_running 'status $(lwk_status)' [ "$(lwk_status)" != RUNNING ]
	check timeout_linux_alive '$(linux_alive_why)' linux_alive
	expect timeout_boots_afterwards ihkosctl 0 boot
	check timeout_running_afterwards 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	teardown timeout_teardown
	returned timeout_everything_returned
}

# --- bad input: one clear line, exit 1, nothing breaks -------------------
scenario_bad_input() {
	free_baseline

	setup bad_setup cpu mem || return
	expect_line bad_boot_without_image 1 "no image loaded" ihkosctl 0 boot
	check bad_no_image_still_inactive 'status $(lwk_status)' [ "$(lwk_status)" = INACTIVE ]
	teardown bad_no_image_teardown

	setup bad_setup cpu image || return
	expect_line bad_boot_without_memory 1 "no memory assigned" ihkosctl 0 boot
	teardown bad_no_memory_teardown

	setup bad_setup mem image || return
	expect_line bad_boot_without_cpu 1 "no CPU assigned" ihkosctl 0 boot
	teardown bad_no_cpu_teardown

	setup bad_setup cpu mem || return
	# e_type, e_machine and e_version overwritten.
	cp $LWK /tmp/corrupt.elf
	printf '\377\377\377\377\377\377\377\377' |
		dd of=/tmp/corrupt.elf bs=1 seek=16 conv=notrunc 2>/dev/null
	expect_line bad_corrupt_image_refused 1 "not an x86_64 ELF64 executable" \
		ihkosctl 0 load /tmp/corrupt.elf
	head -c 4096 $LWK >/tmp/truncated.elf
	expect_line bad_truncated_image_refused 1 "not an x86_64 ELF64 executable" \
		ihkosctl 0 load /tmp/truncated.elf
	# Cut one byte short of the end of its last loadable segment (the
	# symbols after it do not matter).
	head -c $(($(load_end $LWK) - 1)) $LWK >/tmp/short.elf
	expect_line bad_image_cut_in_segment_refused 1 "not an x86_64 ELF64 executable" \
		ihkosctl 0 load /tmp/short.elf
	check bad_refused_loads_leave_no_image '$(ihkosctl 0 query 2>&1 | flat)' \
		sh -c "ihkosctl 0 query | grep -qx 'image: none'"
	expect_line bad_boot_after_refused_loads 1 "no image loaded" ihkosctl 0 boot
	expect bad_load_non_lwk_elf ihkosctl 0 load $NOT_LWK
	expect_line bad_boot_non_lwk_refused 1 "not an LWK image" ihkosctl 0 boot
	check bad_non_lwk_still_inactive 'status $(lwk_status)' [ "$(lwk_status)" = INACTIVE ]
	check bad_linux_alive '$(linux_alive_why)' linux_alive
	# The right image boots on the same instance afterwards.
	expect bad_load_lwk_after_all ihkosctl 0 load $LWK
	expect bad_boot_after_all ihkosctl 0 boot

	expect_line bad_boot_while_running 1 "it is RUNNING \\(shut it down first\\)" ihkosctl 0 boot
	expect_line bad_assign_cpu_while_running 1 "RUNNING" ihkosctl 0 assign cpu 2
	expect_line bad_release_cpu_while_running 1 "RUNNING" ihkosctl 0 release cpu 2
	expect_line bad_release_all_cpus_while_running 1 "RUNNING" ihkosctl 0 release cpu all
	expect_line bad_assign_mem_while_running 1 "RUNNING" ihkosctl 0 assign mem 2M
	expect_line bad_release_mem_while_running 1 "RUNNING" ihkosctl 0 release mem all
	expect_line bad_load_while_running 1 "RUNNING" ihkosctl 0 load $LWK
	expect_line bad_kargs_while_running 1 "RUNNING" ihkosctl 0 kargs "x=y"
	check bad_still_running_unchanged '$(ihkosctl 0 query 2>&1 | flat)' \
		sh -c "[ \"\$(cat /proc/ihk/os0/status)\" = RUNNING ] &&
			[ \"\$(cat /proc/ihk/os0/cpus)\" = 2-3 ] &&
			[ \"\$(head -n 1 /proc/ihk/os0/memory)\" = 'total 536870912' ]"
	expect_line bad_release_reserved_cpu_of_running 1 "assigned to instance 0" \
		ihkconfig release cpu 3
	expect bad_shutdown ihkosctl 0 shutdown
	expect_line bad_shutdown_twice 1 "it is not booted \\(it is SHUTDOWN\\)" ihkosctl 0 shutdown
	expect_line bad_debug_when_shut_down 1 "SHUTDOWN, not RUNNING" ihkosctl 0 debug hang
	teardown bad_teardown

	setup bad_setup || return
	expect_line bad_shutdown_never_booted 1 "it is not booted \\(it is INACTIVE\\)" \
		ihkosctl 0 shutdown
	expect_line bad_boot_missing_instance 1 "instance 5 does not exist" ihkosctl 5 boot
	teardown bad_final_teardown
	returned bad_everything_returned
}

# --- destroy of a running instance -------------------------------------
scenario_destroy_running() {
	free_baseline
	setup destroy_setup || return
	expect destroy_boot ihkosctl 0 boot
	expect destroy_running_instance ihkconfig destroy 0
	check destroy_removes_nodes '$(ls /dev/mcos0 /proc/ihk/os0 2>&1 | flat)' \
		[ ! -e /dev/mcos0 -a ! -e /proc/ihk/os0 ]
	check destroy_cpus_back_in_reserve '$(ihkconfig query cpu | flat)' \
		[ "$(ihkconfig query cpu)" = "$(printf 'reserved: 2-3\nassigned: none')" ]
	check destroy_linux_alive '$(linux_alive_why)' linux_alive
	expect destroy_release_cpus ihkconfig release cpu all
	expect destroy_release_mem ihkconfig release mem all
	returned destroy_everything_returned
}

# --- what an unprivileged user may do ----------------------------------
scenario_nobody() {
	local out restrict
	free_baseline
	setup nobody_setup || return
	expect nobody_root_boots ihkosctl 0 boot
	out=$(as_nobody 'ihkosctl 0 status' 2>&1)
	check nobody_may_read_status 'got [$out]' [ "$out" = RUNNING ]
	# Debian sets kernel.dmesg_restrict; corrupt.sh covers it set.
	restrict=$(cat /proc/sys/kernel/dmesg_restrict)
	echo 0 >/proc/sys/kernel/dmesg_restrict
	as_nobody 'ihkosctl 0 kmsg' >/tmp/nobody.kmsg 2>&1
	echo "$restrict" >/proc/sys/kernel/dmesg_restrict
	check nobody_may_read_kmsg 'got $(head -c 200 /tmp/nobody.kmsg | flat)' \
		grep -q "$BANNER" /tmp/nobody.kmsg
	as_nobody 'ihkosctl 0 query' >/tmp/nobody.query 2>&1
	check nobody_may_query 'got $(flat </tmp/nobody.query)' \
		grep -qx 'cpus up: 2' /tmp/nobody.query
	expect_line nobody_boot_refused 1 "root" as_nobody 'ihkosctl 0 boot'
	expect_line nobody_shutdown_refused 1 "root" as_nobody 'ihkosctl 0 shutdown'
	expect_line nobody_debug_panic_refused 1 "root" as_nobody 'ihkosctl 0 debug panic'
	expect_line nobody_debug_hang_refused 1 "root" as_nobody 'ihkosctl 0 debug hang'
	check nobody_left_it_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
	teardown nobody_teardown
	returned nobody_everything_returned
}

# --- kmsg -f follows the console ---------------------------------------
# stop_follower PID: wait for it (killed after 10 s); its exit status
# goes into $rc (no subshell: only this shell can wait for it).
stop_follower() {
	local watchdog
	(sleep 10; kill -KILL "$1" 2>/dev/null) &
	watchdog=$!
	wait "$1"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
}

scenario_follow() {
	local pid rc
	free_baseline
	setup follow_setup || return
	expect follow_kargs ihkosctl 0 kargs "ihk_follow_test=1"
	expect follow_boot ihkosctl 0 boot
	ihkosctl 0 kmsg -f >/tmp/follow.out 2>/tmp/follow.err &
	pid=$!
	check follow_shows_console_so_far 'got $(head -c 200 /tmp/follow.out | flat)' \
		wait_until 5 grep -qF 'kernel arguments: ihk_follow_test=1' /tmp/follow.out
	ihkosctl 0 shutdown >/dev/null 2>&1
	ihkosctl 0 kargs "ihk_follow_test=2" >/dev/null 2>&1
	ihkosctl 0 boot >/dev/null 2>&1
	check follow_shows_new_output 'got $(tail -c 300 /tmp/follow.out | flat)' \
		wait_until 10 grep -qF 'kernel arguments: ihk_follow_test=2' /tmp/follow.out
	check follow_still_running 'it exited' alive $pid
	kill -TERM $pid
	stop_follower $pid
	check follow_sigterm_exits_0 'exit $rc; stderr $(head -c 200 /tmp/follow.err)' [ "$rc" = 0 ]

	ihkosctl 0 kmsg -f >/dev/null 2>&1 &
	pid=$!
	usleep 500000
	kill -INT $pid
	stop_follower $pid
	check follow_sigint_exits_0 'exit $rc' [ "$rc" = 0 ]

	ihkosctl 0 kmsg -f >/dev/null 2>/tmp/follow.err &
	pid=$!
	usleep 500000
	expect follow_destroy ihkconfig destroy 0
	check follow_exits_when_destroyed 'still running 5 s later' \
		wait_until 5 not alive $pid
	stop_follower $pid
	check follow_destroyed_exits_0 'exit $rc; stderr $(head -c 200 /tmp/follow.err)' [ "$rc" = 0 ]
	expect follow_release_cpus ihkconfig release cpu all
	expect follow_release_mem ihkconfig release mem all
	returned follow_everything_returned
}

for scenario in scenario_boot scenario_cycles scenario_panic scenario_hang \
	scenario_panic_at_boot scenario_fail_cpu scenario_timeout \
	scenario_bad_input scenario_destroy_running scenario_nobody \
	scenario_follow; do
	reset_all
	$scenario
done
reset_all
