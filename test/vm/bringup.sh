# vm-options: --no-lwk
# Guest tests of mcreboot.sh and mcstop.sh: bring-up, refusals that leave
# nothing behind, tear-down from any state, idempotence.
# shellcheck source=lib.sh
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

# instance_as_asked: instance 0 runs on CPUs 2-3 with 256M and got the
# kernel arguments.
instance_as_asked() {
	[ "$(lwk_status)" = RUNNING ] && [ "$(cat /proc/ihk/os0/cpus)" = 2-3 ] &&
		[ "$(head -n 1 /proc/ihk/os0/memory)" = "total 268435456" ] &&
		ihkosctl 0 kmsg | grep -qF 'kernel arguments: bringup_test=1'
}

# module_gone: ihk.ko is not loaded, its device gone.
module_gone() {
	[ ! -e /dev/ihk ] && ! grep -q '^ihk ' /proc/modules
}

# unchanged_running: the state is as $before and instance 0 still runs.
unchanged_running() {
	[ "$(state)" = "$before" ] && lwk_status_is RUNNING
}

# failed_boot_undone: mcreboot.sh showed the console and undid the bring-up.
failed_boot_undone() {
	grep -q '^LWK console (last 20 lines):' /tmp/expect.out &&
		grep -q '^mcreboot.sh: booting failed; undoing the bring-up' /tmp/expect.out
}

free_baseline

expect stop_with_nothing_to_do mcstop.sh
check stop_with_nothing_is_quiet '$(expect_output)' not test -s /tmp/expect.out

expect_status reboot_boots 0 "instance 0 is RUNNING on CPUs 2-3 with 256M" \
	mcreboot.sh -c 2-3 -m 256M -k "bringup_test=1"
check reboot_instance_as_asked '$(state)' instance_as_asked

before=$(state)
expect_status reboot_again_refused 1 'instances exist already \(0\); run mcstop\.sh first' \
	mcreboot.sh
check reboot_again_changes_nothing '$(state)' unchanged_running

expect stop_running mcstop.sh
check stop_returns_everything '$(state)' nothing_left
expect stop_again mcstop.sh

# Failures undo the whole bring-up.
expect_status reboot_failed_boot 1 "cannot boot instance 0: the LWK reported a failure" \
	mcreboot.sh -c 2-3 -m 256M -k debug_panic=boot
check reboot_failed_boot_shows_console_and_undoes '$(expect_output)' failed_boot_undone
check reboot_failed_boot_leaves_nothing '$(state)' nothing_left
expect_status reboot_cpu0_refused 1 "CPU 0" mcreboot.sh -c 0-1
check reboot_cpu0_leaves_nothing '$(state)' nothing_left
expect_status reboot_too_much_memory_refused 1 "100G" mcreboot.sh -m 100G
check reboot_memory_leaves_nothing '$(state)' nothing_left
expect_status reboot_missing_image_refused 1 "cannot read the LWK image '/no/lwk\.elf'" \
	mcreboot.sh -i /no/lwk.elf
expect_status reboot_bad_option 2 "unknown option -x" mcreboot.sh -x
expect_status reboot_option_without_value 2 "option -c needs a value" mcreboot.sh -c
ihkconfig reserve cpu 3
expect_status reboot_refused_when_cpus_reserved 1 'CPUs are reserved already \(3\)' mcreboot.sh
ihkconfig release cpu 3

# mcstop.sh takes back an LWK in any state.
mcreboot.sh >/dev/null 2>&1
ihkosctl 0 debug panic
check panicked_for_stop '$(lwk_status)' wait_until 10 lwk_status_is PANIC
expect stop_panicked mcstop.sh
check stop_panicked_returns_everything '$(state)' nothing_left

# Default CPUs: the upper half of the online ones.
expect_status reboot_defaults 0 "instance 0 is RUNNING on CPUs 2-3 with 512M" mcreboot.sh
expect stop_and_unload mcstop.sh -u
check stop_unloads_module '$(lsmod)' module_gone
expect stop_unloaded_again mcstop.sh -u
expect_status reboot_loads_module 0 "is RUNNING" mcreboot.sh -c 3 -m 128M
check reboot_one_cpu '$(state)' [ "$(cat /proc/ihk/os0/cpus 2>&1)" = 3 ]
expect stop_final mcstop.sh
settle
free1=$(free_kib)
if nothing_left && [ $((free0 - free1)) -le $((free0 / 100)) ]; then
	pass everything_returned
else
	fail everything_returned "free $free0 -> $free1 KiB; $(state)"
fi
