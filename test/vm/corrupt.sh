# vm-options: --no-lwk --timeout 600
# vm-alone: it corrupts what Linux and the LWK share on purpose; its kernel log stays its own
# Guest tests of a corrupting LWK: `ihkosctl 0 debug corrupt KIND` makes
# the LWK scribble on what it shares with Linux (IKC ring headers, a ring
# slot's sequence number, message fields, the console header, process
# status pages). For each, Linux must survive (no oops, no hang, no
# out-of-bounds copy), mark the instance FAILED where it can tell, and
# shutdown, destroy and release must return every CPU and all memory.
# Also: the debug command is for admins only, and the console follows
# kernel.dmesg_restrict for other users.
# Arguments: the scenarios to run (default all), e.g. "sh corrupt.sh ring".
. /root/lib.sh

LWK=/lib/ihk/lwk.elf
MEM=512M@0
BB=/bin/busybox
RESTRICT=/proc/sys/kernel/dmesg_restrict

# --- helpers (as in boot.sh) --------------------------------------------

alive() {
	[ -e "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"
}

status() {
	cat /proc/ihk/os0/status 2>&1
}

# status_is STATUS: read now, so that wait_for re-reads it on every try.
status_is() {
	[ "$(status)" = "$1" ]
}

not() {
	! "$@"
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
wait_for() {
	local deadline=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt $deadline ] || return 1
		usleep 200000
	done
}

cpu_runs() {
	[ "$(timeout 10 taskset -c "$1" cat /proc/self/stat 2>/dev/null |
		awk '{ print $39 }')" = "$1" ]
}

BAD_LOG='Oops|BUG:|WARNING:|general protection|soft lockup|hard LOCKUP|rcu_sched self-detected|rcu.*stall'

# Linux still works: a shell loop, a task on each of its CPUs, a clean log.
linux_alive() {
	local n
	n=$(i=0; while [ $i -lt 2000 ]; do i=$((i + 1)); done; echo $i)
	[ "$n" = 2000 ] && cpu_runs 0 && cpu_runs 1 && ! dmesg | grep -qE "$BAD_LOG"
}

linux_alive_why() {
	echo "online CPUs $(cat /sys/devices/system/cpu/online);" \
		"$(dmesg | grep -E "$BAD_LOG" | head -n 3 | tr '\n' '|')"
}

reset_all() {
	local n
	for n in $(ihkconfig list 2>/dev/null | awk '{ print $1 }'); do
		ihkconfig destroy "$n" >/dev/null 2>&1
	done
	ihkconfig release cpu all >/dev/null 2>&1
	ihkconfig release mem all >/dev/null 2>&1
	echo 0 >$RESTRICT
	return 0
}

baseline() {
	settle
	free0=$(free_kib)
	log0=$(dmesg | wc -l)
}

# The kernel log since the scenario's baseline.
new_log() {
	dmesg | tail -n +$((log0 + 1))
}

# up NAME: reserve CPUs 2-3 and $MEM, create instance 0 and boot it.
up() {
	{
		ihkconfig reserve cpu 2-3 &&
		ihkconfig reserve mem $MEM &&
		[ "$(ihkconfig create)" = 0 ] &&
		ihkosctl 0 assign cpu 2-3 &&
		ihkosctl 0 assign mem all &&
		ihkosctl 0 load $LWK &&
		ihkosctl 0 boot
	} >/tmp/setup.out 2>&1 && { pass "$1"; return 0; }
	fail "$1" "$(tr '\n' '|' </tmp/setup.out)"
	return 1
}

# down NAME: shut down (within 60 s), destroy and release, as an admin would.
down() {
	if { timeout 60 ihkosctl 0 shutdown && ihkconfig destroy 0 &&
		ihkconfig release cpu all && ihkconfig release mem all; } \
		>/tmp/teardown.out 2>&1; then
		pass "$1"
	else
		fail "$1" "$(tr '\n' '|' </tmp/teardown.out)"
	fi
}

# returned NAME: CPUs 2-3 back and running tasks, nothing reserved, no
# instance, free memory (MemFree and per-CPU lists) within 1% of the baseline.
returned() {
	local why="" free1
	settle
	free1=$(free_kib)
	[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] ||
		why="$why online CPUs $(cat /sys/devices/system/cpu/online);"
	cpu_runs 2 || why="$why CPU 2 runs no task;"
	cpu_runs 3 || why="$why CPU 3 runs no task;"
	[ -z "$(sed -n 's/^cpus reserved *//p' /proc/ihk/resources)" ] ||
		why="$why CPUs still reserved;"
	! grep -q '^chunk' /proc/ihk/resources || why="$why memory still reserved;"
	[ -z "$(ihkconfig list)" ] || why="$why instances left: $(ihkconfig list | tr '\n' ' ');"
	[ $((free0 - free1)) -le $((free0 / 100)) ] ||
		why="$why free memory $free0 -> $free1 KiB;"
	if [ -z "$why" ]; then
		pass "$1"
	else
		fail "$1" "$why"
	fi
}

# failed_and_logged K: status FAILED within 5 s (the monitor looks once a
# second), ihkosctl says so, and the kernel log has exactly one line
# about it (ratelimited, once per instance).
failed_and_logged() {
	check "$1_status_failed" 'status $(status) after 5 s' wait_for 5 status_is FAILED
	check "$1_ihkosctl_status" 'ihkosctl 0 status: $(ihkosctl 0 status 2>&1)' \
		[ "$(ihkosctl 0 status 2>&1)" = FAILED ]
	check "$1_one_log_line" 'log: $(new_log | grep "ihk: mcos0" | tail -n 3 | flat)' \
		[ "$(new_log | grep -c 'ihk: mcos0: .*corrupt.*FAILED')" = 1 ]
}

# ping_ends NAME: a ping of LWK CPU 2 returns (whatever it says) within 15 s.
ping_ends() {
	local pid
	ihkosctl 0 ping -c 3 -W 2000 2 >/tmp/ping.out 2>&1 &
	pid=$!
	check "$1" 'ping still running after 15 s: $(flat </tmp/ping.out)' \
		wait_for 15 not alive $pid
	kill -9 $pid 2>/dev/null
}

# --- ring headers: nr_slots, slot_size, head, tail ------------------------
scenario_ring() {
	baseline
	up ring_boot || return
	check ring_nobody_refused 'as nobody: $(flat </tmp/nobody.out)' \
		sh -c "! su nobody -s /bin/sh -c 'ihkosctl 0 debug corrupt ring' >/tmp/nobody.out 2>&1 &&
			grep -q 'needs root' /tmp/nobody.out"
	check ring_nobody_changed_nothing 'status $(status)' [ "$(status)" = RUNNING ]
	expect ring_request ihkosctl 0 debug corrupt ring
	# Linux sends on the ring whose tail and nr_slots are wild.
	ping_ends ring_ping_returns
	check ring_ping_fails 'ping said: $(flat </tmp/ping.out)' \
		grep -q 'cannot\|error\|FAILED\|not RUNNING' /tmp/ping.out
	failed_and_logged ring
	check ring_linux_alive '$(linux_alive_why)' linux_alive
	down ring_shutdown_destroy_release
	returned ring_everything_returned
}

# --- a to_linux slot whose seq runs ahead: Linux's IRQ handler drains it --
scenario_slot_rx() {
	baseline
	up slot_rx_boot || return
	expect slot_rx_request ihkosctl 0 debug corrupt slot-rx
	failed_and_logged slot_rx
	ping_ends slot_rx_ping_returns
	check slot_rx_linux_alive '$(linux_alive_why)' linux_alive
	down slot_rx_shutdown_destroy_release
	returned slot_rx_everything_returned
}

# --- a to_lwk slot whose seq runs ahead: Linux's send claims it ----------
scenario_slot_tx() {
	baseline
	up slot_tx_boot || return
	expect slot_tx_request ihkosctl 0 debug corrupt slot-tx
	ping_ends slot_tx_ping_returns
	check slot_tx_ping_fails 'ping said: $(flat </tmp/ping.out)' \
		grep -q 'cannot\|error' /tmp/ping.out
	failed_and_logged slot_tx
	check slot_tx_linux_alive '$(linux_alive_why)' linux_alive
	down slot_tx_shutdown_destroy_release
	returned slot_tx_everything_returned
}

# --- messages with wild len and type ------------------------------------
scenario_msg() {
	baseline
	up msg_boot || return
	expect msg_request ihkosctl 0 debug corrupt msg
	failed_and_logged msg
	check msg_linux_alive '$(linux_alive_why)' linux_alive
	down msg_shutdown_destroy_release
	returned msg_everything_returned
}

# --- the console header; and who may read the console -------------------
scenario_kmsg() {
	local size
	baseline
	up kmsg_boot || return
	echo 1 >$RESTRICT
	check kmsg_restricted_for_nobody 'as nobody: $(head -c 200 /tmp/nobody.out | flat)' \
		sh -c "! su nobody -s /bin/sh -c 'ihkosctl 0 kmsg' >/tmp/nobody.out 2>&1 &&
			grep -q 'dmesg_restrict' /tmp/nobody.out"
	expect kmsg_root_reads_when_restricted ihkosctl 0 kmsg
	echo 0 >$RESTRICT
	check kmsg_nobody_reads_unrestricted 'as nobody: $(head -c 200 /tmp/nobody.out | flat)' \
		sh -c "su nobody -s /bin/sh -c 'ihkosctl 0 kmsg' >/tmp/nobody.out 2>&1 &&
			grep -q 'IHK LWK' /tmp/nobody.out"
	expect kmsg_request ihkosctl 0 debug corrupt kmsg
	# Any user reads the console: no more than the ring's 64 KiB comes out.
	su nobody -s /bin/sh -c 'timeout 30 ihkosctl 0 kmsg' >/tmp/kmsg.out 2>/tmp/kmsg.err
	size=$(wc -c </tmp/kmsg.out)
	check kmsg_read_bounded '$size bytes read; stderr $(head -c 200 /tmp/kmsg.err | flat)' \
		[ "$size" -le 65536 ]
	failed_and_logged kmsg
	check kmsg_linux_alive '$(linux_alive_why)' linux_alive
	# A new boot of the same instance runs (the header is set right again).
	expect kmsg_shutdown timeout 60 ihkosctl 0 shutdown
	expect kmsg_boots_again ihkosctl 0 boot
	sleep 3
	check kmsg_running_again 'status $(status)' [ "$(status)" = RUNNING ]
	check kmsg_readable_again '$(ihkosctl 0 kmsg 2>&1 | tail -n 3 | flat)' \
		sh -c "ihkosctl 0 kmsg 2>/dev/null | grep -q 'IHK LWK'"
	down kmsg_shutdown_destroy_release
	returned kmsg_everything_returned
}

# --- process status pages ----------------------------------------------
scenario_proc() {
	local pid
	baseline
	up proc_boot || return
	rm -f /tmp/proc.go
	# Builtins only: busybox's sh would fork for sleep, and fork is ENOSYS.
	# After the go, a 256 KiB string (glibc mmaps it: pages the mirror
	# has never had) is written out, so mcexec must fault the mirror.
	mcexec $BB sh -c 'until [ -e /tmp/proc.go ]; do :; done; s=x; i=0
		while [ $i -lt 18 ]; do s=$s$s; i=$((i + 1)); done
		echo "$s" >/dev/null; echo after' >/tmp/proc.out 2>&1 &
	pid=$!
	check proc_started 'processes: $(lwk_processes | flat); mcexec: $(flat </tmp/proc.out)' \
		wait_for 20 sh -c "[ -n \"\$(tail -n +2 /proc/ihk/os0/processes)\" ]"
	expect proc_request ihkosctl 0 debug corrupt proc
	cat /proc/ihk/os0/processes >/tmp/ps.out 2>&1
	# The scribbled words are shown as the numbers they are (the process
	# keeps rewriting its state as it offloads, but not its rss).
	check proc_list_readable '$(flat </tmp/ps.out)' \
		grep -q ' 18446744073709551615 .*/bin/busybox' /tmp/ps.out
	expect proc_ihkosctl_ps ihkosctl 0 ps
	touch /tmp/proc.go
	# Its echo goes through the mirror, whose page-table root is now wild.
	check proc_mcexec_ends 'mcexec still running after 30 s: $(flat </tmp/proc.out); $(lwk_processes | flat); $(ihkosctl 0 kmsg 2>&1 | tail -n 4 | flat); $(cat /proc/$pid/wchan)' wait_for 30 not alive $pid
	kill -9 $pid 2>/dev/null
	# Its next mirror fault found the root outside the instance.
	failed_and_logged proc
	check proc_gone 'processes: $(lwk_processes | flat)' no_lwk_process
	check proc_linux_alive '$(linux_alive_why)' linux_alive
	down proc_shutdown_destroy_release
	returned proc_everything_returned
}

[ -e $LWK ] || { fail lwk_image_present "no $LWK in the guest"; exit 1; }
for scenario in ${*:-ring slot_rx slot_tx msg kmsg proc}; do
	reset_all
	scenario_$scenario
done
reset_all
