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
# shellcheck source=lib.sh
. /root/lib.sh

LWK=/lib/ihk/lwk.elf
MEM=512M@0
BB=/bin/busybox
RESTRICT=/proc/sys/kernel/dmesg_restrict

# --- helpers ------------------------------------------------------------

reset_all() {
	release_all
	echo 0 >$RESTRICT
}

baseline() {
	free_baseline
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

# failed_and_logged K: status FAILED within 5 s (the monitor looks once a
# second), ihkosctl says so, and the kernel log has exactly one line
# about it (ratelimited, once per instance).
failed_and_logged() {
	check "$1_status_failed" 'status $(lwk_status) after 5 s' wait_until 5 lwk_status_is FAILED
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
		wait_until 15 not alive $pid
	kill -9 $pid 2>/dev/null
}

# --- ring headers: nr_slots, slot_size, head, tail ------------------------
scenario_ring() {
	baseline
	up ring_boot || return
	check ring_nobody_refused 'as nobody: $(flat </tmp/nobody.out)' \
		sh -c "! su nobody -s /bin/sh -c 'ihkosctl 0 debug corrupt ring' >/tmp/nobody.out 2>&1 &&
			grep -q 'needs root' /tmp/nobody.out"
	check ring_nobody_changed_nothing 'status $(lwk_status)' lwk_status_is RUNNING
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
	as_nobody 'timeout 30 ihkosctl 0 kmsg' >/tmp/kmsg.out 2>/tmp/kmsg.err
	size=$(wc -c </tmp/kmsg.out)
	check kmsg_read_bounded '$size bytes read; stderr $(head -c 200 /tmp/kmsg.err | flat)' \
		[ "$size" -le 65536 ]
	failed_and_logged kmsg
	check kmsg_linux_alive '$(linux_alive_why)' linux_alive
	# A new boot of the same instance runs (the header is set right again).
	expect kmsg_shutdown timeout 60 ihkosctl 0 shutdown
	expect kmsg_boots_again ihkosctl 0 boot
	sleep 3
	check kmsg_running_again 'status $(lwk_status)' lwk_status_is RUNNING
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
		wait_until 20 not lwk_idle
	expect proc_request ihkosctl 0 debug corrupt proc
	cat /proc/ihk/os0/processes >/tmp/ps.out 2>&1
	# The scribbled words are shown as the numbers they are (the process
	# keeps rewriting its state as it offloads, but not its rss).
	check proc_list_readable '$(flat </tmp/ps.out)' \
		grep -q ' 18446744073709551615 .*/bin/busybox' /tmp/ps.out
	# A thread count of 2^32 - 1 is shown as the most clone allows.
	check proc_threads_clamped '$(flat </tmp/ps.out)' \
		grep -q ' 1024 [0-9]* /bin/busybox' /tmp/ps.out
	expect proc_threads_readable cat /proc/ihk/os0/threads
	expect proc_ihkosctl_ps_threads ihkosctl 0 ps -L
	expect proc_ihkosctl_ps ihkosctl 0 ps
	touch /tmp/proc.go
	# Its echo goes through the mirror, whose page-table root is now wild.
	check proc_mcexec_ends 'mcexec still running after 30 s: $(flat </tmp/proc.out); $(lwk_processes | flat); $(ihkosctl 0 kmsg 2>&1 | tail -n 4 | flat); $(cat /proc/$pid/wchan)' wait_until 30 not alive $pid
	kill -9 $pid 2>/dev/null
	# Its next mirror fault found the root outside the instance.
	failed_and_logged proc
	check proc_gone 'processes: $(lwk_processes | flat)' no_lwk_process
	check proc_linux_alive '$(linux_alive_why)' linux_alive
	down proc_shutdown_destroy_release
	returned proc_everything_returned
}

[ -e $LWK ] || { fail lwk_image_present "no $LWK in the guest"; exit 1; }
[ $# -gt 0 ] || set -- ring slot_rx slot_tx msg kmsg proc
for scenario in "$@"; do
	reset_all
	"scenario_$scenario"
done
reset_all
