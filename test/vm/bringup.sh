# vm-options: --no-lwk
# Guest tests of mcreboot.sh and mcstop.sh: bring-up, refusals that leave
# nothing behind, tear-down from any state, idempotence.
. /root/lib.sh

# nothing_left: no instance, nothing reserved, every CPU online.
nothing_left() {
	[ -z "$(ihkconfig list 2>&1)" ] &&
		[ -z "$(sed -n 's/^cpus reserved *//p' /proc/ihk/resources)" ] &&
		! grep -q '^chunk' /proc/ihk/resources &&
		[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ]
}

state() {
	echo "list: $(ihkconfig list 2>&1 | tr '\n' ' ')| online $(cat /sys/devices/system/cpu/online) |" \
		"$(tr '\n' '|' </proc/ihk/resources 2>&1)"
}

# run NAME EXPECTED-EXIT PATTERN COMMAND...: exits so, output says PATTERN.
run() {
	local name="$1" want="$2" pattern="$3" rc
	shift 3
	"$@" >/tmp/run.out 2>&1
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$name" "'$*' exited $rc, not $want: $(head -c 400 /tmp/run.out | tr '\n' '|')"
	elif [ -n "$pattern" ] && ! grep -q -- "$pattern" /tmp/run.out; then
		fail "$name" "'$*' did not say '$pattern': $(head -c 400 /tmp/run.out | tr '\n' '|')"
	else
		pass "$name"
	fi
}

settle
free0=$(free_kib)

run stop_with_nothing_to_do 0 "" mcstop.sh
[ ! -s /tmp/run.out ] && pass stop_with_nothing_is_quiet ||
	fail stop_with_nothing_is_quiet "$(tr '\n' '|' </tmp/run.out)"

run reboot_boots 0 "instance 0 is RUNNING on CPUs 2-3 with 256M" \
	mcreboot.sh -c 2-3 -m 256M -k "bringup_test=1"
[ "$(cat /proc/ihk/os0/status)" = RUNNING ] && [ "$(cat /proc/ihk/os0/cpus)" = 2-3 ] &&
	[ "$(head -n 1 /proc/ihk/os0/memory)" = "total 268435456" ] &&
	ihkosctl 0 kmsg | grep -qF 'kernel arguments: bringup_test=1' &&
	pass reboot_instance_as_asked || fail reboot_instance_as_asked "$(state)"

before=$(state)
run reboot_again_refused 1 "instances exist already (0); run mcstop.sh first" mcreboot.sh
[ "$(state)" = "$before" ] && [ "$(cat /proc/ihk/os0/status)" = RUNNING ] &&
	pass reboot_again_changes_nothing || fail reboot_again_changes_nothing "$(state)"

run stop_running 0 "" mcstop.sh
nothing_left && pass stop_returns_everything || fail stop_returns_everything "$(state)"
run stop_again 0 "" mcstop.sh

# Failures undo the whole bring-up.
run reboot_failed_boot 1 "cannot boot instance 0: the LWK reported a failure" \
	mcreboot.sh -c 2-3 -m 256M -k debug_panic=boot
grep -q '^LWK console (last 20 lines):' /tmp/run.out &&
	grep -q '^mcreboot.sh: booting failed; undoing the bring-up' /tmp/run.out &&
	pass reboot_failed_boot_shows_console_and_undoes ||
	fail reboot_failed_boot_shows_console_and_undoes "$(tr '\n' '|' </tmp/run.out | head -c 400)"
nothing_left && pass reboot_failed_boot_leaves_nothing ||
	fail reboot_failed_boot_leaves_nothing "$(state)"
run reboot_cpu0_refused 1 "CPU 0" mcreboot.sh -c 0-1
nothing_left && pass reboot_cpu0_leaves_nothing || fail reboot_cpu0_leaves_nothing "$(state)"
run reboot_too_much_memory_refused 1 "100G" mcreboot.sh -m 100G
nothing_left && pass reboot_memory_leaves_nothing || fail reboot_memory_leaves_nothing "$(state)"
run reboot_missing_image_refused 1 "cannot read the LWK image '/no/lwk.elf'" \
	mcreboot.sh -i /no/lwk.elf
run reboot_bad_option 2 "unknown option -x" mcreboot.sh -x
run reboot_option_without_value 2 "option -c needs a value" mcreboot.sh -c
ihkconfig reserve cpu 3
run reboot_refused_when_cpus_reserved 1 "CPUs are reserved already (3)" mcreboot.sh
ihkconfig release cpu 3

# mcstop.sh takes back an LWK in any state.
mcreboot.sh >/dev/null 2>&1
ihkosctl 0 debug panic
i=0
while [ "$(cat /proc/ihk/os0/status)" != PANIC ] && [ $i -lt 50 ]; do
	usleep 200000
	i=$((i + 1))
done
[ "$(cat /proc/ihk/os0/status)" = PANIC ] && pass panicked_for_stop ||
	fail panicked_for_stop "$(cat /proc/ihk/os0/status)"
run stop_panicked 0 "" mcstop.sh
nothing_left && pass stop_panicked_returns_everything ||
	fail stop_panicked_returns_everything "$(state)"

# Default CPUs: the upper half of the online ones.
run reboot_defaults 0 "instance 0 is RUNNING on CPUs 2-3 with 512M" mcreboot.sh
run stop_and_unload 0 "" mcstop.sh -u
[ ! -e /dev/ihk ] && ! grep -q '^ihk ' /proc/modules && pass stop_unloads_module ||
	fail stop_unloads_module "$(lsmod)"
run stop_unloaded_again 0 "" mcstop.sh -u
run reboot_loads_module 0 "is RUNNING" mcreboot.sh -c 3 -m 128M
[ "$(cat /proc/ihk/os0/cpus 2>&1)" = 3 ] && pass reboot_one_cpu ||
	fail reboot_one_cpu "$(state)"
run stop_final 0 "" mcstop.sh
settle
free1=$(free_kib)
if nothing_left && [ $((free0 - free1)) -le $((free0 / 100)) ]; then
	pass everything_returned
else
	fail everything_returned "free $free0 -> $free1 KiB; $(state)"
fi
