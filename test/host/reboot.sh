#!/usr/bin/env bash
# ihk.ko's reboot notifier: `reboot -f` in a guest whose LWK runs stops the
# instance's CPUs, and the guest's console says so. reboot(2) runs the
# reboot notifiers as kexec does (kernel_restart_prepare), so this is the
# path a kexec takes too. The command never reports back (the guest
# reboots under it), so scripts/vm ends 125 and shows the tail of the
# guest's console, which is what is read here.
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

out=$(scripts/vm --timeout 400 -- 'ihkosctl 0 status; sync; reboot -f' 2>&1)
rc=$?
if [ $rc != 125 ] || ! grep -q '^RUNNING' <<<"$out"; then
	fail reboot_guest_ran "scripts/vm exit $rc (want 125, with RUNNING first): $(tail -n 20 <<<"$out")"
elif grep -q 'reported a problem' <<<"$out"; then
	fail reboot_kernel_log_clean "$(grep -E 'Oops|BUG:|WARNING:|Call Trace' <<<"$out" | head -n 5)"
elif ! grep -q 'ihk: mcos0: LWK stopped for reboot (CPUs 2-3 reset)' <<<"$out"; then
	fail reboot_stops_lwk "no 'LWK stopped for reboot' on the console; its tail: $(tail -n 15 <<<"$out" | tr -d '\r' | tr '\n' '|')"
else
	pass reboot_stops_lwk
fi
