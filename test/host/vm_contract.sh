#!/usr/bin/env bash
# The scripts/vm contract (DESIGN.md, "Testing"), checked from the host.
set -u
cd "$(dirname "$0")/../.."

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

out=$(scripts/vm -- 'exit 7' 2>&1)
rc=$?
[ $rc = 7 ] && pass "vm_exit_status_passes_through" ||
	fail "vm_exit_status_passes_through" "exit $rc: $out"

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

out=$(scripts/vm --file /etc/hostname -- 'cat /root/hostname' 2>/dev/null)
rc=$?
[ $rc = 0 ] && [ "$out" = "$(cat /etc/hostname)" ] && pass "vm_file_copied_in" ||
	fail "vm_file_copied_in" "exit $rc, got '$out'"

out=$(scripts/vm --file /etc/hostname:/tmp/sub/name -- 'cat /tmp/sub/name; exit 255' 2>/dev/null)
rc=$?
[ $rc = 255 ] && [ "$out" = "$(cat /etc/hostname)" ] && pass "vm_file_to_chosen_path" ||
	fail "vm_file_to_chosen_path" "exit $rc, got '$out'"

out=$(scripts/vm -- 'cat /proc/ihk/version' 2>/dev/null)
rc=$?
[ $rc = 0 ] && echo "$out" | grep -qx 'ihk [0-9.]* abi [0-9]*' && pass "vm_module_loaded" ||
	fail "vm_module_loaded" "exit $rc, got '$out'"

out=$(scripts/vm --numa 2 --smp 4 --mem 2G --append ihk_test_marker=1 -- \
	'cat /sys/devices/system/node/node1/cpulist; grep -o ihk_test_marker=1 /proc/cmdline' 2>&1)
rc=$?
[ $rc = 0 ] && [ "$out" = "$(printf '2-3\nihk_test_marker=1')" ] && pass "vm_numa_and_append" ||
	fail "vm_numa_and_append" "exit $rc, got '$out'"

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
