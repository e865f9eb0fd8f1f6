#!/usr/bin/env bash
# The scripts keep their word without a guest: scripts/vm exits 125 when
# it cannot build or read the guest kernel (never 2, the bad-command-line
# status), a retried boot stays within --timeout in total (a stand-in QEMU
# stalls the first boot), and mcreboot.sh names the online CPUs it cannot
# pick from.
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

tmp=$(mktemp -d /tmp/ihk-scripts-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# A copy of scripts/vm in a tree of its own ($tmp/NAME) whose Makefile or
# scripts/kdir is broken as the test needs.
fake_tree() {
	mkdir -p "$tmp/$1/scripts"
	cp scripts/vm scripts/vm-init scripts/kdir scripts/mcreboot.sh scripts/mcstop.sh \
		"$tmp/$1/scripts/"
	printf 'all:\n\t@echo "make: the build is broken on purpose" >&2; exit 1\n' \
		>"$tmp/$1/Makefile"
}

fake_tree nobuild
out=$("$tmp/nobuild/scripts/vm" -- true 2>&1)
rc=$?
if [ $rc = 125 ] && grep -q '^vm: build failed' <<<"$out"; then
	pass vm_build_failure_is_125
else
	fail vm_build_failure_is_125 "exit $rc (want 125): $(tr '\n' '|' <<<"$out")"
fi

fake_tree nokernel
printf '#!/bin/sh\necho 6.1.0-no-such-kernel\n' >"$tmp/nokernel/scripts/kdir"
out=$("$tmp/nokernel/scripts/vm" -- true 2>&1)
rc=$?
if [ $rc = 125 ] && grep -q '^vm: cannot read the guest kernel /boot/vmlinuz-6.1.0-no-such-kernel' <<<"$out"; then
	pass vm_unreadable_kernel_is_125
else
	fail vm_unreadable_kernel_is_125 "exit $rc (want 125): $(tr '\n' '|' <<<"$out")"
fi

# A stand-in QEMU: the first boot logs an RCU stall (as a guest kernel
# locking up in its own boot does) after 12 s and hangs on; every later
# boot hangs at once. With --timeout 16 both boots together must end by
# 16 s after the first began (plus up to 6 for stall detection and the kill on a loaded host), where a retry
# with its own 16 s would run to 28 s.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/qemu-system-x86_64" <<'QEMU'
#!/bin/sh
date +%s >>"$FAKE_QEMU_DIR/starts"
log=""
for a in "$@"; do
	case "$a" in
	file,id=log,path=*) log=${a#file,id=log,path=} ;;
	esac
done
if [ "$(wc -l <"$FAKE_QEMU_DIR/starts")" = 1 ]; then
	sleep 12
	echo "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:" >>"$log"
fi
exec sleep 1000
QEMU
chmod +x "$tmp/bin/qemu-system-x86_64"
out=$(PATH="$tmp/bin:$PATH" FAKE_QEMU_DIR=$tmp scripts/vm --timeout 16 -- true 2>&1)
rc=$?
end=$(date +%s)
first=$(head -n 1 "$tmp/starts" 2>/dev/null || echo "$end")
boots=$(wc -l <"$tmp/starts" 2>/dev/null || echo 0)
if [ $rc = 124 ] && [ "$boots" = 2 ] && [ $((end - first)) -le 22 ] &&
	grep -q 'booting again' <<<"$out"; then
	pass vm_retried_boot_within_timeout
else
	fail vm_retried_boot_within_timeout "exit $rc (want 124), $boots boots (want 2), $((end - first))s from the first boot (at most 16+6): $(tr '\n' '|' <<<"$out" | tail -c 400)"
fi

# mcreboot.sh picks the upper half of "0-N"; of any other online list it
# says which it could not use. The online list is faked with a bind mount
# in a mount namespace of its own (root only).
echo 0,2-3 >"$tmp/online"
if ! unshare -m true 2>/dev/null; then
	skip mcreboot_names_online_cpus "cannot make a mount namespace here (needs root)"
else
	# shellcheck disable=SC2016 # \$1 and \$2 are the inner shell's
	out=$(unshare -m sh -c 'mount --bind "$1" /sys/devices/system/cpu/online &&
		exec "$2"/scripts/mcreboot.sh -i /nonexistent' sh "$tmp/online" "$top" 2>&1)
	rc=$?
	if [ $rc = 2 ] && [ "$out" = "mcreboot.sh: cannot pick CPUs from online CPUs '0,2-3': give -c CPULIST" ]; then
		pass mcreboot_names_online_cpus
	else
		fail mcreboot_names_online_cpus "exit $rc (want 2): $out"
	fi
fi
