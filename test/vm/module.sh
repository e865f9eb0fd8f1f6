# vm-options: --no-lwk
# Guest tests of ihk.ko loading, unloading and its control device.
# shellcheck source=lib.sh
. /root/lib.sh

KO=/lib/ihk/ihk.ko

version=$(cat /proc/ihk/version 2>&1)
if echo "$version" | grep -qx "ihk $(strings $KO | sed -n 's/^version=//p') abi [0-9]*"; then
	pass "proc_version_matches_module"
else
	fail "proc_version_matches_module" "got '$version'"
fi

mode=$(stat -c '%A %U %G' /dev/ihk 2>&1)
if [ "$mode" = "crw------- root root" ]; then
	pass dev_ihk_root_only_mode
else
	fail dev_ihk_root_only_mode "got '$mode'"
fi

expect "root_opens_dev_ihk" sh -c 'exec 3</dev/ihk'
expect_fail "nobody_refused_by_mode" "Permission denied" as_nobody 'exec 3</dev/ihk'
# Even if an admin loosens the node's mode, the module itself refuses.
chmod 0666 /dev/ihk
expect_fail "nobody_refused_by_module" "Operation not permitted" \
	as_nobody 'exec 3</dev/ihk'
chmod 0600 /dev/ihk

# A load prints our one info line and nothing else; an unload prints nothing.
rmmod ihk
dmesg -c >/dev/null
insmod $KO
log=$(dmesg -c)
if [ "$(echo "$log" | grep -c .)" = 1 ] && echo "$log" | grep -q 'ihk: version .* loaded'; then
	pass "load_logs_only_info_line"
else
	fail "load_logs_only_info_line" "dmesg: $(echo "$log" | tr '\n' '|')"
fi
rmmod ihk
log=$(dmesg -c)
if [ -z "$log" ]; then
	pass unload_logs_nothing
else
	fail unload_logs_nothing "dmesg: $log"
fi

if [ ! -e /dev/ihk ] && [ ! -e /proc/ihk ]; then
	pass "unload_removes_dev_and_proc"
else
	fail "unload_removes_dev_and_proc" "$(ls -d /dev/ihk /proc/ihk 2>/dev/null)"
fi

# 20 load/unload cycles must not leak: compare after a warm-up cycle.
insmod $KO && rmmod ihk
settle
free0=$(free_kib)
slab0=$(meminfo Slab)
vmalloc0=$(meminfo VmallocUsed)
ok=1
i=0
while [ $i -lt 20 ]; do
	insmod $KO || ok=0
	[ -r /proc/ihk/version ] || ok=0
	rmmod ihk || ok=0
	i=$((i + 1))
done
settle
free1=$(free_kib)
slab1=$(meminfo Slab)
vmalloc1=$(meminfo VmallocUsed)
echo "load/unload x20: free $free0 -> $free1, Slab $slab0 -> $slab1," \
	"VmallocUsed $vmalloc0 -> $vmalloc1 (KiB)"
if [ $ok = 1 ]; then
	pass load_unload_20_cycles
else
	fail load_unload_20_cycles "a cycle failed"
fi
# Bounds above the noise measured on the idle guest with no module at all
# (MemFree +-3 MiB, Slab up to 150 KiB); module memory itself is vmalloc'd,
# which is not noisy, so that bound is tight.
if [ $((free0 - free1)) -le 4096 ] && [ $((slab1 - slab0)) -le 512 ] &&
	[ $((vmalloc1 - vmalloc0)) -le 64 ]; then
	pass "load_unload_no_leak"
else
	fail "load_unload_no_leak" "free memory -$((free0 - free1)) KiB,\
 Slab +$((slab1 - slab0)) KiB, VmallocUsed +$((vmalloc1 - vmalloc0)) KiB"
fi
