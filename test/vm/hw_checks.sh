# vm-options: --no-lwk --append tsc=unstable
# Guest tests of the machine checks before boot: with the TSC marked
# unstable by Linux (the tsc=unstable boot parameter stands in for a
# machine whose TSCs drift), boot is refused with a clear one-line error,
# no LWK CPU has run, and destroy gives everything back.
# shellcheck source=lib.sh
. /root/lib.sh

settle
free0=$(free_kib)
check hw_tsc_marked_unstable "dmesg: $(dmesg | grep -i 'tsc' | tail -n 3 | flat)" \
	sh -c "dmesg | grep -q 'Marking TSC unstable'"
{
	ihkconfig reserve cpu 2-3 && ihkconfig reserve mem 512M@0 &&
	ihkconfig create && ihkosctl 0 assign cpu 2-3 && ihkosctl 0 assign mem all &&
	ihkosctl 0 load /lib/ihk/lwk.elf
} >/tmp/setup.out 2>&1
check hw_setup '$(flat </tmp/setup.out)' [ $? = 0 ]

ihkosctl 0 boot >/tmp/boot.out 2>&1
rc=$?
check hw_unstable_tsc_refused "exit $rc: $(flat </tmp/boot.out)" \
	sh -c "[ $rc = 1 ] && [ \$(wc -l </tmp/boot.out) = 1 ] &&
	       grep -q 'cannot boot instance 0: Linux marked the TSC unstable' /tmp/boot.out"
check hw_unstable_tsc_not_started "status $(ihkosctl 0 status 2>&1)" \
	sh -c "ihkosctl 0 status | grep -qx INACTIVE"
check hw_unstable_tsc_logged "$(dmesg | tail -n 3 | flat)" \
	sh -c "dmesg | grep -q 'ihk: mcos0: refusing to boot: Linux marked the TSC unstable'"

{ ihkconfig destroy 0 && ihkconfig release cpu all && ihkconfig release mem all; } \
	>/tmp/teardown.out 2>&1
check hw_teardown '$(flat </tmp/teardown.out)' [ $? = 0 ]
settle
free1=$(free_kib)
check hw_everything_back "online $(cat /sys/devices/system/cpu/online), free $free0 -> $free1 KiB" \
	sh -c "[ \"\$(cat /sys/devices/system/cpu/online)\" = 0-3 ] &&
	       [ $((free0 - free1)) -le $((free0 / 100)) ]"
