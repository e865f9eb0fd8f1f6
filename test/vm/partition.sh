# vm-options: --no-lwk
# Guest tests of partitioning: ihkconfig/ihkosctl over ihk.ko.
# shellcheck source=lib.sh
. /root/lib.sh

IMG=/usr/lib/ihk-test/image_ok.elf

# Everything an admin can observe about the partition.
state() {
	cat /proc/ihk/resources /sys/devices/system/cpu/online
	ls -d /dev/mcos* 2>/dev/null
	ls /proc/ihk
}

# bad NAME PATTERN COMMAND...: refused, one line naming the problem, no change.
bad() {
	local name=$1 pattern=$2 before why
	shift 2
	before=$(state)
	run_cmd "$@"
	why=$(expect_why nonzero "$pattern" "$@")
	[ -n "$why" ] || why=$(line_why "$@")
	[ -n "$why" ] || [ "$before" = "$(state)" ] || why="'$*' changed the state"
	verdict "$name" "$why"
}

# --- one full cycle, checking each step -------------------------------
expect reserve_cpu ihkconfig reserve cpu 2-3
if [ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]; then
	pass reserved_cpus_offline
else
	fail reserved_cpus_offline "online: $(cat /sys/devices/system/cpu/online)"
fi
expect reserve_mem ihkconfig reserve mem 256M@0
if grep -qx 'memory node 0 reserved 268435456 assigned 0' /proc/ihk/resources; then
	pass proc_resources_shows_memory
else
	fail proc_resources_shows_memory "$(cat /proc/ihk/resources)"
fi
out=$(ihkconfig query cpu)
if [ "$out" = "$(printf 'reserved: 2-3\nassigned: none')" ]; then
	pass query_cpu
else
	fail query_cpu "got '$out'"
fi

idx=$(ihkconfig create)
if [ "$idx" = 0 ] && [ -c /dev/mcos0 ] && [ "$(cat /proc/ihk/os0/status)" = INACTIVE ]; then
	pass create_instance
else
	fail create_instance "index '$idx'"
fi
if [ "$(ihkconfig list)" = "0 INACTIVE" ]; then
	pass list_instances
else
	fail list_instances "$(ihkconfig list)"
fi
expect assign_cpu ihkosctl 0 assign cpu 2-3
if [ "$(cat /proc/ihk/os0/cpus)" = 2-3 ]; then
	pass proc_os_cpus
else
	fail proc_os_cpus "$(cat /proc/ihk/os0/cpus)"
fi
expect assign_mem ihkosctl 0 assign mem all
if [ "$(head -n 1 /proc/ihk/os0/memory)" = "total 268435456" ]; then
	pass proc_os_memory
else
	fail proc_os_memory "$(cat /proc/ihk/os0/memory)"
fi
expect load_image ihkosctl 0 load $IMG
expect set_kargs ihkosctl 0 kargs "hello=world loglevel=3"
ihkosctl 0 query >/tmp/q 2>&1
if grep -q 'hello=world loglevel=3' /tmp/q && grep -q '2-3' /tmp/q; then
	pass query_instance
else
	fail query_instance "$(tr '\n' '|' </tmp/q)"
fi
if [ "$(ihkosctl 0 status)" = INACTIVE ]; then
	pass status_inactive
else
	fail status_inactive "$(ihkosctl 0 status)"
fi
# busybox rmmod does not wait: a pinned module gives EAGAIN.
if ! rmmod ihk >/tmp/rmmod.out 2>&1 && grep -q "can't unload" /tmp/rmmod.out && [ -c /dev/mcos0 ]; then
	pass rmmod_refused_with_instance
else
	fail rmmod_refused_with_instance "$(cat /tmp/rmmod.out)"
fi

# --- bad input: clear one-line error, nothing changes ----------------
bad cpu0_refused "CPU 0" ihkconfig reserve cpu 0
bad cpu99_refused "99" ihkconfig reserve cpu 99
bad open_range_refused "range has no end" ihkconfig reserve cpu 2-
bad letter_refused "not a CPU number" ihkconfig reserve cpu a
bad reversed_range_refused "below its start" ihkconfig reserve cpu 3-2
bad duplicate_cpu_refused "twice" ihkconfig reserve cpu 1,1
bad reserve_twice_refused "already reserved" ihkconfig reserve cpu 2
bad release_unreserved_refused "not reserved" ihkconfig release cpu 1
bad release_assigned_cpu_refused "assigned" ihkconfig release cpu 2
echo 0 >/sys/devices/system/cpu/cpu1/online
bad offline_cpu_refused "already offline in Linux" ihkconfig reserve cpu 1
echo 1 >/sys/devices/system/cpu/cpu1/online
bad huge_memory_refused "100T" ihkconfig reserve mem 100T@0
bad missing_node_refused "node 7" ihkconfig reserve mem 64M@7
bad bad_size_refused "12Q" ihkconfig reserve mem 12Q
bad non_elf_refused "ELF" ihkosctl 0 load /etc/passwd
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000\002\000\003\000' >/tmp/elf32
head -c 4096 /dev/zero >>/tmp/elf32
bad elf32_refused "ELF" ihkosctl 0 load /tmp/elf32
bad missing_file_refused "No such file" ihkosctl 0 load /no/such/lwk.elf
bad missing_instance_refused "instance 5 does not exist" ihkosctl 5 assign cpu 2
bad destroy_missing_refused "5" ihkconfig destroy 5
bad assign_unreserved_cpu_refused "1" ihkosctl 0 assign cpu 1
expect release_os_mem ihkosctl 0 release mem all
bad assign_too_much_refused "1G" ihkosctl 0 assign mem 1G
expect reassign_os_mem ihkosctl 0 assign mem 128M
bad nobody_reserve_refused "root" as_nobody 'ihkconfig reserve cpu 1'
bad nobody_assign_refused "root" as_nobody 'ihkosctl 0 release mem all'
out=$(as_nobody 'ihkosctl 0 status' 2>&1)
if [ "$out" = INACTIVE ]; then
	pass nobody_may_query_status
else
	fail nobody_may_query_status "$out"
fi

expect destroy_instance ihkconfig destroy 0
if [ ! -e /dev/mcos0 ] && [ ! -e /proc/ihk/os0 ]; then
	pass destroy_removes_nodes
else
	fail destroy_removes_nodes "$(ls /dev/mcos0 /proc/ihk/os0 2>&1)"
fi
expect release_all_cpus ihkconfig release cpu all
expect release_all_mem ihkconfig release mem all
if [ "$(cat /sys/devices/system/cpu/online)" = 0-3 ]; then
	pass cpus_back_online
else
	fail cpus_back_online "$(cat /sys/devices/system/cpu/online)"
fi

# --- parallel reservations do not corrupt the state -------------------
ihkconfig reserve cpu 2 & ihkconfig reserve cpu 3 &
ihkconfig reserve mem 64M@0 & ihkconfig reserve mem 64M@0 & ihkconfig reserve mem 64M@0 &
wait
out=$(ihkconfig query cpu | head -n 1)
if grep -qx 'memory node 0 reserved 201326592 assigned 0' /proc/ihk/resources &&
	[ "$out" = "reserved: 2-3" ]; then
	pass parallel_reserve
else
	fail parallel_reserve "$out / $(tr '\n' '|' </proc/ihk/resources)"
fi
ihkconfig release cpu all; ihkconfig release mem all
rm -f /tmp/race.*
for i in 1 2 3; do
	(ihkconfig reserve cpu 2-3 2>/dev/null; echo $? >/tmp/race.$i) &
done
wait
wins=$(cat /tmp/race.* | grep -cx 0)
if [ "$wins" = 1 ] && [ "$(ihkconfig query cpu | head -n 1)" = "reserved: 2-3" ]; then
	pass parallel_same_cpus_reserved_once
else
	fail parallel_same_cpus_reserved_once "$wins winners; $(ihkconfig query cpu)"
fi
ihkconfig release cpu all

# --- 50 full cycles: nothing lost ------------------------------------
settle
free0=$(meminfo MemFree)
errors=0
i=0
while [ $i -lt 50 ]; do
	{
		ihkconfig reserve cpu 2-3 &&
		ihkconfig reserve mem 256M@0 &&
		n=$(ihkconfig create) &&
		ihkosctl "$n" assign cpu 2-3 &&
		ihkosctl "$n" assign mem all &&
		ihkosctl "$n" load $IMG &&
		ihkconfig destroy "$n" &&
		ihkconfig release cpu all &&
		ihkconfig release mem all
	} >/tmp/cycle.out 2>&1 || { errors=$((errors + 1)); cat /tmp/cycle.out; }
	i=$((i + 1))
done
settle
free1=$(meminfo MemFree)
echo "50 cycles: MemFree $free0 -> $free1 KiB"
if [ $errors = 0 ]; then
	pass cycles_50
else
	fail cycles_50 "$errors cycles failed"
fi
if [ $((free0 - free1)) -le $((free0 / 100)) ]; then
	pass cycles_memfree_within_1pct
else
	fail cycles_memfree_within_1pct "MemFree $free0 -> $free1 KiB"
fi
if [ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] && taskset -c 3 true && taskset -c 2 true; then
	pass cycles_cpus_usable
else
	fail cycles_cpus_usable "$(cat /sys/devices/system/cpu/online)"
fi
expect unload_after_cycles rmmod ihk
