# Guest tests of IKC, the channels between Linux and the LWK: ping on every
# LWK CPU, a million messages each way, a message storm beside a Linux
# workload, ikc_map (default, changes, bad input, refusals), who may do
# what, shutdown in the middle of a storm, boot again, module unload.
# The LWK scripts/vm boots (instance 0, CPUs 2-3, 512M) is used first;
# later scenarios tear it down and bring it up again themselves.
# shellcheck source=lib.sh
. /root/lib.sh

# --- helpers ------------------------------------------------------------

# ikc_irqs CPU: interrupts the ihk-ikc IRQs took on Linux CPU N so far
# (every line named ihk-ikc, the column of CPU N; empty if N is offline).
ikc_irqs() {
	awk -v want="CPU$1" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) col = i + 1; next }
		col && $NF == "ihk-ikc" { s += $col }
		END { if (col) print s + 0 }' /proc/interrupts
}

ikc_irq_lines() {
	grep -c 'ihk-ikc' /proc/interrupts
}

# ping_ok OUT COUNT CPU...: OUT (ping's stdout) has one sane line per CPU and
# a summary saying all answered. Sane: the counts, and
# 0 < min <= median <= p99 <= max.
# shellcheck disable=SC2317 # run through check and wait_until
ping_ok() {
	local out=$1 count=$2 cpu n=0
	shift 2
	for cpu in "$@"; do
		awk -v cpu="cpu $cpu:" -v count="$count" '
			index($0, cpu) == 1 {
				found = 1
				if ($3 != count || $4 != "round" || $5 != "trips,") bad = 1
				if ($6 != "min" || $9 != "median" || $12 != "p99" || $15 != "max") bad = 1
				if ($8 != "us," || $11 != "us," || $14 != "us," || $17 != "us") bad = 1
				if (!($7 > 0 && $7 <= $10 && $10 <= $13 && $13 <= $16)) bad = 1
			}
			END { exit !(found && !bad) }' "$out" || return 1
		n=$((n + 1))
	done
	grep -qE "^ping: $n CPUs?, $((n * count)) round trips, all answered, median [0-9]+\.[0-9][0-9] us, p99 [0-9]+\.[0-9][0-9] us$" "$out"
}

# stress_ok OUT COUNT CPU...: every CPU's line says COUNT/COUNT both
# ways, nothing out of order or bad, and the summary says all accounted for.
# shellcheck disable=SC2317 # run through check and wait_until
stress_ok() {
	local out=$1 count=$2 cpu
	shift 2
	for cpu in "$@"; do
		grep -q "^cpu $cpu: to LWK $count/$count (0 out of order, 0 bad), to Linux $count/$count (0 out of order, 0 bad), IPIs [0-9]* to LWK [0-9]* to Linux, [0-9.]* s, [0-9]* messages/s$" "$out" ||
			return 1
	done
	grep -q "^ikc_stress: $# CPUs\{0,1\}, $count messages each way per CPU, all accounted for, " "$out"
}

# A fresh LWK on CPUs 2-3 with 512M, as scripts/vm brings it up.
bringup() {
	mcreboot.sh -c 2-3 -m 512M >/tmp/bringup.out 2>&1
}

need_lwk_running ikc_lwk_running

# --- the default map spreads over Linux CPUs ----------------------------
scenario_default_map() {
	local map
	map=$(ihkosctl 0 ikc_map get 2>&1)
	check map_default_names_both_cpus "get: $map" \
		sh -c "echo '$map' | grep -qxE '2:[01],3:[01]'"
	check map_default_not_all_on_cpu0 "get: $map" [ "$map" != "2:0,3:0" ]
	check map_default_two_irq_lines "$(grep ihk-ikc /proc/interrupts | flat)" \
		[ "$(ikc_irq_lines)" = 2 ]
}

# --- ping on every LWK CPU ----------------------------------------------
scenario_ping() {
	local rc
	ihkosctl 0 ping >/tmp/ping.out 2>/tmp/ping.err
	rc=$?
	check ping_all_cpus_exit0 "exit $rc: $(flat </tmp/ping.err)" [ $rc = 0 ]
	check ping_all_cpus_report '$(flat </tmp/ping.out)' ping_ok /tmp/ping.out 100 2 3
	check ping_all_cpus_quiet '$(flat </tmp/ping.err)' [ ! -s /tmp/ping.err ]
	for cpu in 2 3; do
		ihkosctl 0 ping -c 300 -s 104 $cpu >/tmp/ping.out 2>&1
		rc=$?
		check ping_cpu${cpu}_full_payload "exit $rc: \$(flat </tmp/ping.out)" \
			sh -c "[ $rc = 0 ] && ! grep -q '^cpu [^$cpu]' /tmp/ping.out"
		check ping_cpu${cpu}_report '$(flat </tmp/ping.out)' \
			ping_ok /tmp/ping.out 300 $cpu
	done
	ihkosctl 0 ping -c 1 -s 1 -W 5000 2-3 >/tmp/ping.out 2>&1
	check ping_one_each_cpu_list '$(flat </tmp/ping.out)' ping_ok /tmp/ping.out 1 2 3
	expect_line ping_not_an_lwk_cpu 1 "cannot ping CPU 1: it is not a CPU of instance 0" \
		ihkosctl 0 ping 1
	expect_line ping_size_too_big 2 "option -s: '105' is out of range \\(0 to 104\\)" \
		ihkosctl 0 ping -s 105
	expect_line ping_count_zero 2 "option -c: '0' is out of range" \
		ihkosctl 0 ping -c 0
	expect_line ping_bad_cpu_list 2 "bad CPU list 'x'" ihkosctl 0 ping x
	expect_line ping_no_instance 1 "instance 5 does not exist" ihkosctl 5 ping
}

# --- 1,000,000 messages each way across both LWK CPUs --------------------
scenario_million() {
	local rc
	ihkosctl 0 ikc_stress -n 500000 >/tmp/stress.out 2>/tmp/stress.err
	rc=$?
	check stress_million_exit0 "exit $rc: $(head -c 300 /tmp/stress.err | flat)" [ $rc = 0 ]
	check stress_million_all_accounted '$(flat </tmp/stress.out)' \
		stress_ok /tmp/stress.out 500000 2 3
	check stress_million_quiet '$(flat </tmp/stress.err)' [ ! -s /tmp/stress.err ]
	check stress_million_ping_after '$(ihkosctl 0 ping -c 10 2>&1 | flat)' \
		sh -c "ihkosctl 0 ping -c 10 >/dev/null"
	check stress_million_kernel_log '$(kernel_log_why)' kernel_log_clean
}

# --- a message storm beside an unrelated Linux workload ------------------

# /tmp/hash_loop.sh: md5sum /tmp/big over and over until /tmp/storm.done
# exists (at least twice), one sum a line.
cat >/tmp/hash_loop.sh <<'EOF2'
i=0
while [ $i -lt 2 ] || [ ! -e /tmp/storm.done ]; do
	md5sum </tmp/big | cut -d' ' -f1
	i=$((i + 1))
done
EOF2

# shellcheck disable=SC2317 # run through check and wait_until
wait_both() {
	wait_until "$3" not alive "$1" && wait_until "$3" not alive "$2"
}

# shellcheck disable=SC2317 # run through check and wait_until
linux_cpus_run() {
	cpu_runs 0 && cpu_runs 1
}

scenario_storm_with_workload() {
	local ref rc p0 p1 sums n
	dd if=/dev/urandom of=/tmp/big bs=1M count=32 2>/dev/null
	ref=$(md5sum </tmp/big | cut -d' ' -f1)
	rm -f /tmp/sums.0 /tmp/sums.1 /tmp/storm.done
	# On each Linux CPU, hash the file over and over while the storm runs.
	taskset -c 0 sh /tmp/hash_loop.sh >/tmp/sums.0 2>&1 &
	p0=$!
	taskset -c 1 sh /tmp/hash_loop.sh >/tmp/sums.1 2>&1 &
	p1=$!
	ihkosctl 0 ikc_stress -n 200000 >/tmp/stress.out 2>/tmp/stress.err
	rc=$?
	: >/tmp/storm.done
	check storm_workload_finishes "hashing still running 300 s after the storm" \
		wait_both $p0 $p1 300
	wait $p0
	wait $p1
	check storm_stress_exit0 "exit $rc: $(head -c 300 /tmp/stress.err | flat)" [ $rc = 0 ]
	check storm_stress_all_accounted '$(flat </tmp/stress.out)' \
		stress_ok /tmp/stress.out 200000 2 3
	n=$(cat /tmp/sums.0 /tmp/sums.1 | wc -l)
	sums=$(cat /tmp/sums.0 /tmp/sums.1 | sort -u)
	check storm_workload_correct "want only $ref, got: $(echo "$sums" | flat)" \
		[ "$sums" = "$ref" ]
	check storm_workload_ran "$n sums" [ "$n" -ge 4 ]
	check storm_linux_cpus_run 'CPU 0 or 1 runs no task' linux_cpus_run
	check storm_kernel_log '$(kernel_log_why)' kernel_log_clean
	rm -f /tmp/big /tmp/storm.done
}

# --- ikc_map changes take effect -----------------------------------------
scenario_map_changes() {
	local a0 a1 b0 b1 map
	expect map_set_all_to_cpu1 ihkosctl 0 ikc_map set 2:1,3:1
	map=$(ihkosctl 0 ikc_map get 2>&1)
	check map_get_shows_cpu1 "get: $map" [ "$map" = "2:1,3:1" ]
	check map_cpu1_one_irq_line "$(grep ihk-ikc /proc/interrupts | flat)" \
		[ "$(ikc_irq_lines)" = 1 ]
	a0=$(ikc_irqs 0)
	a1=$(ikc_irqs 1)
	expect map_cpu1_ping_works ihkosctl 0 ping -c 200
	b0=$(ikc_irqs 0)
	b1=$(ikc_irqs 1)
	check map_cpu1_irqs_on_cpu1 "CPU1 $a1 -> $b1" [ "$b1" -gt "$a1" ]
	check map_cpu1_no_irqs_on_cpu0 "CPU0 $a0 -> $b0" [ "$b0" = "$a0" ]

	expect map_set_all_to_cpu0 ihkosctl 0 ikc_map set 2-3:0
	map=$(ihkosctl 0 ikc_map get 2>&1)
	check map_get_shows_cpu0 "get: $map" [ "$map" = "2:0,3:0" ]
	a0=$(ikc_irqs 0)
	a1=$(ikc_irqs 1)
	expect map_cpu0_ping_works ihkosctl 0 ping -c 200
	b0=$(ikc_irqs 0)
	b1=$(ikc_irqs 1)
	check map_cpu0_irqs_on_cpu0 "CPU0 $a0 -> $b0" [ "$b0" -gt "$a0" ]
	check map_cpu0_no_irqs_on_cpu1 "CPU1 $a1 -> $b1" [ "$b1" = "$a1" ]

	# A partial map keeps the CPUs it does not name.
	expect map_set_partial ihkosctl 0 ikc_map set 3:1
	map=$(ihkosctl 0 ikc_map get 2>&1)
	check map_partial_kept_the_rest "get: $map" [ "$map" = "2:0,3:1" ]
	ihkosctl 0 ikc_stress -n 20000 >/tmp/stress.out 2>&1
	check map_split_stress_works '$(flat </tmp/stress.out)' \
		stress_ok /tmp/stress.out 20000 2 3
	check map_split_ping_works '$(ihkosctl 0 ping 2>&1 | flat)' \
		sh -c "ihkosctl 0 ping >/dev/null 2>&1"
}

# --- bad maps: one clear line, nothing changes ----------------------------
scenario_bad_maps() {
	local before after
	before=$(ihkosctl 0 ikc_map get 2>&1)
	expect_line badmap_empty 2 "bad ikc_map '': empty map" \
		ihkosctl 0 ikc_map set ""
	expect_line badmap_missing_colon 2 "bad ikc_map '2:1,3': '3': missing ':'" \
		ihkosctl 0 ikc_map set 2:1,3
	expect_line badmap_empty_item 2 "bad ikc_map '2:1,,3:1': empty item" \
		ihkosctl 0 ikc_map set 2:1,,3:1
	expect_line badmap_not_a_number 2 "bad ikc_map 'x:1': LWK CPU is not a CPU number" \
		ihkosctl 0 ikc_map set x:1
	expect_line badmap_linux_range 2 "bad ikc_map '2:0-1': Linux CPU must be one CPU, not a range" \
		ihkosctl 0 ikc_map set 2:0-1
	expect_line badmap_duplicate 2 "bad ikc_map '2:1,2:0': '2:0': LWK CPU named twice" \
		ihkosctl 0 ikc_map set 2:1,2:0
	expect_line badmap_too_large 2 "bad ikc_map '2:99999': CPU number too large" \
		ihkosctl 0 ikc_map set 2:99999
	expect_line badmap_no_argument 2 "'ikc_map set' needs a map" \
		ihkosctl 0 ikc_map set
	# The module's refusals name the CPU.
	expect_line badmap_not_instance_cpu 1 \
		"cannot set the IKC map of instance 0: CPU 1 is not a CPU of instance 0" \
		ihkosctl 0 ikc_map set 1:0
	expect_line badmap_no_such_lwk_cpu 1 \
		"cannot set the IKC map of instance 0: CPU 5 is not a CPU of instance 0" \
		ihkosctl 0 ikc_map set 2:1,5:1
	expect_line badmap_target_reserved 1 \
		"cannot set the IKC map of instance 0: Linux CPU 3 is not online in Linux" \
		ihkosctl 0 ikc_map set 2:1,3:3
	expect_line badmap_target_nonexistent 1 \
		"cannot set the IKC map of instance 0: Linux CPU 9 is not online in Linux" \
		ihkosctl 0 ikc_map set 2:9
	after=$(ihkosctl 0 ikc_map get 2>&1)
	check badmap_nothing_changed "before '$before', after '$after'" \
		[ "$before" = "$after" ]
	check badmap_ping_still_works '$(ihkosctl 0 ping 2>&1 | flat)' \
		sh -c "ihkosctl 0 ping >/dev/null 2>&1"
}

# --- who may do what -----------------------------------------------------
scenario_nobody() {
	local before
	before=$(ihkosctl 0 ikc_map get 2>&1)
	# Every ping is an IPI into an LWK CPU: root's, as ikc_stress.
	expect_line nobody_may_not_ping 1 "cannot ping instance 0: needs root" \
		as_nobody "ihkosctl 0 ping -c 20"
	check nobody_may_get_map '$(as_nobody "ihkosctl 0 ikc_map get" 2>&1)' \
		[ "$(as_nobody "ihkosctl 0 ikc_map get" 2>&1)" = "$before" ]
	expect_line nobody_may_not_stress 1 "cannot stress instance 0: needs root" \
		as_nobody "ihkosctl 0 ikc_stress -n 10"
	expect_line nobody_may_not_set_map 1 "needs root" \
		as_nobody "ihkosctl 0 ikc_map set 2:1,3:1"
	check nobody_map_unchanged '$(ihkosctl 0 ikc_map get 2>&1)' \
		[ "$(ihkosctl 0 ikc_map get 2>&1)" = "$before" ]
}

# --- a CPU that does not answer: ping says which, exit 1 -------------------
scenario_ping_no_answer() {
	local rc
	expect noanswer_hang ihkosctl 0 debug hang
	# Well within hung_timeout_ms (5 s): the instance is still RUNNING.
	ihkosctl 0 ping -c 3 -W 300 >/tmp/ping.out 2>/tmp/ping.err
	rc=$?
	check noanswer_exit1 "exit $rc: $(flat </tmp/ping.err)" [ $rc = 1 ]
	check noanswer_cpu_lines '$(flat </tmp/ping.out)' \
		sh -c "grep -qx 'cpu 2: 0 of 3 round trips; then no answer within 300 ms' /tmp/ping.out &&
			grep -qx 'cpu 3: 0 of 3 round trips; then no answer within 300 ms' /tmp/ping.out"
	check noanswer_summary '$(flat </tmp/ping.out)' \
		grep -qx 'ping: 2 CPUs, 6 round trips, 0 answered' /tmp/ping.out
	check noanswer_names_cpus '$(flat </tmp/ping.err)' \
		grep -qx 'ihkosctl: no answer from CPUs 2-3 of instance 0 within 300 ms' /tmp/ping.err
	check noanswer_one_error_line '$(flat </tmp/ping.err)' \
		[ "$(wc -l </tmp/ping.err)" = 1 ]
	check noanswer_kernel_log '$(kernel_log_why)' kernel_log_clean
}

# --- shutdown while a storm runs, then everything back, then boot again ---
scenario_shutdown_during_stress() {
	local pid rc free0
	if ! mcstop.sh >/tmp/mcstop.out 2>&1; then
		fail shutdown_storm_setup "mcstop.sh: $(flat </tmp/mcstop.out)"
		return
	fi
	settle
	free0=$(free_kib)
	if ! bringup; then
		fail shutdown_storm_setup "mcreboot.sh: $(flat </tmp/bringup.out)"
		return
	fi
	ihkosctl 0 ikc_stress -n 100000000 >/tmp/bg.out 2>/tmp/bg.err &
	pid=$!
	sleep 3
	check shutdown_storm_was_running "stress ended early: $(flat </tmp/bg.err) $(flat </tmp/bg.out)" \
		alive $pid
	expect shutdown_storm_shutdown_succeeds ihkosctl 0 shutdown
	check shutdown_storm_status_shutdown 'status $(lwk_status)' [ "$(lwk_status)" = SHUTDOWN ]
	check shutdown_storm_stress_ends "ikc_stress still running 60 s after shutdown" \
		wait_until 60 not alive $pid
	wait $pid
	rc=$?
	check shutdown_storm_stress_fails "exit $rc: $(flat </tmp/bg.err)" [ $rc = 1 ]
	check shutdown_storm_stress_says_why '$(flat </tmp/bg.err)' \
		grep -q "^ihkosctl: cannot stress CPU [23] of instance 0: its LWK was shut down meanwhile" /tmp/bg.err
	check shutdown_storm_not_accounted '$(tail -n 1 /tmp/bg.out)' \
		grep -q "^ikc_stress: 2 CPUs, 100000000 messages each way per CPU, NOT all accounted for" /tmp/bg.out
	expect_line shutdown_storm_ping_refused 1 "cannot ping instance 0: it is SHUTDOWN, not RUNNING" \
		ihkosctl 0 ping
	check shutdown_storm_kernel_log '$(kernel_log_why)' kernel_log_clean
	if { ihkconfig destroy 0 && ihkconfig release cpu all &&
		ihkconfig release mem all; } >/tmp/teardown.out 2>&1; then
		pass shutdown_storm_destroy_release
	else
		fail shutdown_storm_destroy_release "$(flat </tmp/teardown.out)"
	fi
	returned shutdown_storm_everything_returned
	check shutdown_storm_no_ikc_irq '$(grep ihk-ikc /proc/interrupts | flat)' \
		not grep -q ihk-ikc /proc/interrupts

	# Boot again: no state left over from the storm.
	if ! bringup; then
		fail reboot_bringup "mcreboot.sh: $(flat </tmp/bringup.out)"
		return
	fi
	pass reboot_bringup
	ihkosctl 0 ping >/tmp/ping.out 2>&1
	check reboot_ping_works '$(flat </tmp/ping.out)' ping_ok /tmp/ping.out 100 2 3
	ihkosctl 0 ikc_stress -n 10000 >/tmp/stress.out 2>&1
	check reboot_stress_works '$(flat </tmp/stress.out)' \
		stress_ok /tmp/stress.out 10000 2 3
}

# --- module unload leaves no IRQ behind -----------------------------------
scenario_unload() {
	if mcstop.sh -u >/tmp/mcstop.out 2>&1; then
		pass unload_mcstop
	else
		fail unload_mcstop "$(flat </tmp/mcstop.out)"
	fi
	check unload_module_gone '$(grep ^ihk /proc/modules)' \
		not grep -q '^ihk ' /proc/modules
	check unload_no_ihk_irq '$(grep ihk /proc/interrupts | flat)' \
		not grep -q ihk /proc/interrupts
	check unload_kernel_log '$(kernel_log_why)' kernel_log_clean
}

scenario_default_map
scenario_ping
scenario_million
scenario_storm_with_workload
scenario_map_changes
scenario_bad_maps
scenario_nobody
scenario_ping_no_answer
scenario_shutdown_during_stress
scenario_unload
exit 0
