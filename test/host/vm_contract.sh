#!/usr/bin/env bash
# The scripts/vm contract (README.md, "scripts/vm"), checked from the host.
# "A && pass || fail": pass only echoes, so fail never runs after it.
# shellcheck disable=SC2015
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# One boot for the default guest: an exit status passes through (255, the
# top of the range), --file copies to /root/NAME or to a chosen path, and
# by default the LWK runs: instance 0 on CPUs 2-3 with 512M.
out=$(scripts/vm --file /etc/hostname --file /etc/hostname:/tmp/sub/name -- \
	'cat /root/hostname /tmp/sub/name /proc/ihk/version /proc/ihk/os0/status \
	/proc/ihk/os0/cpus; head -n 1 /proc/ihk/os0/memory;
	cat /sys/devices/system/cpu/online; exit 255' 2>"$tmp")
rc=$?
why="exit $rc, got '$out' $(tail -n 5 "$tmp")"
[ $rc = 255 ] && pass "vm_exit_status_passes_through" ||
	fail "vm_exit_status_passes_through" "$why"
[ "$(echo "$out" | sed -n 1p)" = "$(cat /etc/hostname)" ] && pass "vm_file_copied_in" ||
	fail "vm_file_copied_in" "$why"
[ "$(echo "$out" | sed -n 2p)" = "$(cat /etc/hostname)" ] && pass "vm_file_to_chosen_path" ||
	fail "vm_file_to_chosen_path" "$why"
echo "$out" | sed -n 3p | grep -qx 'ihk [0-9.]* abi [0-9]*' && pass "vm_module_loaded" ||
	fail "vm_module_loaded" "$why"
[ "$(echo "$out" | tail -n +4)" = "$(printf 'RUNNING\n2-3\ntotal 536870912\n0-1')" ] &&
	pass "vm_lwk_running_by_default" || fail "vm_lwk_running_by_default" "$why"

start=$(date +%s)
# A marker on the guest command line finds this run's QEMU and no other.
marker="ihk_timeout_test=$$"
out=$(scripts/vm --timeout 20 --append "$marker" -- 'sleep 100' 2>&1)
rc=$?
took=$(($(date +%s) - start))
if [ $rc = 124 ] && [ $took -le 35 ] && ! pgrep -f "$marker" >/dev/null; then
	pass "vm_timeout_exits_124_and_kills_qemu"
else
	fail "vm_timeout_exits_124_and_kills_qemu" "exit $rc after ${took}s: $out"
fi

out=$(scripts/vm --lwk-cpus 1-3 --lwk-mem 256M --lwk-kargs 'vm_contract=1 two words' -- \
	'cat /proc/ihk/os0/status /proc/ihk/os0/cpus; head -n 1 /proc/ihk/os0/memory;
	ihkosctl 0 kmsg | grep -o "kernel arguments: .*"' 2>&1)
rc=$?
[ $rc = 0 ] && [ "$out" = "$(printf 'RUNNING\n1-3\ntotal 268435456\nkernel arguments: vm_contract=1 two words')" ] &&
	pass "vm_lwk_options_honoured" || fail "vm_lwk_options_honoured" "exit $rc, got '$out'"

# A failed bring-up is 125, with what the tools said and the LWK console.
out=$(scripts/vm --lwk-kargs debug_panic=boot -- 'echo should not run' 2>&1)
rc=$?
if [ $rc = 125 ] && echo "$out" | grep -q 'LWK bring-up failed' &&
	echo "$out" | grep -q 'cannot boot instance 0: the LWK reported a failure' &&
	echo "$out" | grep -q 'LWK console (last 20 lines):' &&
	echo "$out" | grep -q 'vm: guest log tail:' && ! echo "$out" | grep -q 'should not run'; then
	pass "vm_lwk_bringup_failure_is_125"
else
	fail "vm_lwk_bringup_failure_is_125" "exit $rc: $(echo "$out" | head -c 600)"
fi

# --no-lwk: ihk.ko loaded, no instance, every CPU Linux's; and --numa and
# --append honoured (--no-lwk there: the LWK would take node 1's CPUs).
out=$(scripts/vm --no-lwk --numa 2 --smp 4 --mem 2G --append ihk_test_marker=1 -- \
	'ls -1 /proc/ihk; ihkconfig list; cat /sys/devices/system/cpu/online;
	grep -c chunk /proc/ihk/resources; cat /sys/devices/system/node/node1/cpulist;
	grep -o ihk_test_marker=1 /proc/cmdline' 2>&1)
rc=$?
[ $rc = 0 ] && [ "$(echo "$out" | head -n 4)" = "$(printf 'resources\nversion\n0-3\n0')" ] &&
	pass "vm_no_lwk_has_no_instance" || fail "vm_no_lwk_has_no_instance" "exit $rc, got '$out'"
[ $rc = 0 ] && [ "$(echo "$out" | tail -n +5)" = "$(printf '2-3\nihk_test_marker=1')" ] &&
	pass "vm_numa_and_append" || fail "vm_numa_and_append" "exit $rc, got '$out'"

# A guest kernel panic must fail the run with 125 and show the log.
out=$(scripts/vm -- 'echo c >/proc/sysrq-trigger; sleep 5' 2>&1)
rc=$?
[ $rc = 125 ] && echo "$out" | grep -q 'Kernel panic' && pass "vm_guest_panic_is_125" ||
	fail "vm_guest_panic_is_125" "exit $rc"

out=$(scripts/vm --bogus 2>&1)
rc=$?
[ $rc = 2 ] && [ "$out" = "vm: unknown option '--bogus' (see --help)" ] &&
	pass "vm_bad_option_one_line_error" || fail "vm_bad_option_one_line_error" "exit $rc: $out"

out=$(scripts/vm --timeout soon -- true 2>&1)
rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "timeout 'soon'" && pass "vm_bad_timeout_refused" ||
	fail "vm_bad_timeout_refused" "exit $rc: $out"
