# Guest tests of /proc/ihk/os0/lwk_cpus on the LWK scripts/vm boots
# (CPUs 2-3): each LWK CPU's state, interrupt count and heartbeat.
# shellcheck source=lib.sh
. /root/lib.sh

F=/proc/ihk/os0/lwk_cpus

# field CPU COLUMN [SNAPSHOT]: a column (2 state, 3 interrupts, 4 heartbeat)
# of CPU's line, in SNAPSHOT (a copy of $F) if given, else read now. Counters
# compared with each other come from one snapshot: read one at a time, the
# second has moved on since the first.
field() {
	if [ $# -ge 3 ]; then
		echo "$3"
	else
		cat $F
	fi | awk -v c="$1" -v k="$2" 'NR > 1 && $1 == c { print $k }'
}

if [ "$(head -n 1 $F)" = "cpu state interrupts heartbeat" ] &&
	[ "$(awk 'NR > 1 { print $1 }' $F | tr '\n' ' ')" = "2 3 " ]; then
	pass lwk_cpus_lists_each_lwk_cpu
else
	fail lwk_cpus_lists_each_lwk_cpu "$(tr '\n' '|' <$F)"
fi

if [ "$(field 2 2)" = UP ] && [ "$(field 3 2)" = UP ]; then
	pass lwk_cpus_running_cpus_are_up
else
	fail lwk_cpus_running_cpus_are_up "$(tr '\n' '|' <$F)"
fi

first=$(cat $F)
hb2=$(field 2 4 "$first")
hb3=$(field 3 4 "$first")
sleep 2
if [ "$(field 2 4)" -gt "$hb2" ] && [ "$(field 3 4)" -gt "$hb3" ]; then
	pass lwk_cpus_heartbeats_move
else
	fail lwk_cpus_heartbeats_move "2: $hb2 -> $(field 2 4), 3: $hb3 -> $(field 3 4)"
fi

# Every tick is an interrupt, so the count is at least the heartbeat; a ping
# wakes the CPU with IKC interrupts on top.
before=$(cat $F)
irq3=$(field 3 3 "$before")
hb3=$(field 3 4 "$before")
if [ "$irq3" -ge "$hb3" ]; then
	pass lwk_cpus_interrupts_count_ticks
else
	fail lwk_cpus_interrupts_count_ticks "interrupts $irq3 < heartbeat $hb3"
fi
ihkosctl 0 ping -c 50 3 >/dev/null 2>&1
after=$(cat $F)
irq3b=$(field 3 3 "$after")
hb3b=$(field 3 4 "$after")
if [ $((irq3b - irq3)) -gt $((hb3b - hb3 + 10)) ]; then
	pass lwk_cpus_interrupts_count_ikc_wakeups
else
	fail lwk_cpus_interrupts_count_ikc_wakeups \
		"interrupts +$((irq3b - irq3)), ticks +$((hb3b - hb3)) over 50 pings"
fi

ihkosctl 0 shutdown >/dev/null 2>&1
halted=$(cat $F)
if [ "$(field 2 2 "$halted")" = HALTED ] && [ "$(field 3 2 "$halted")" = HALTED ] &&
	[ "$(field 3 3 "$halted")" -ge "$irq3b" ]; then
	pass lwk_cpus_kept_after_shutdown
else
	fail lwk_cpus_kept_after_shutdown "$(tr '\n' '|' <$F)"
fi

# The LWK runs its APICs in Linux's mode (the CPU has x2APIC under
# -cpu max, but Linux in this guest runs xAPIC).
linux_apic=xAPIC
dmesg | grep -qi 'apic routing to .*x2apic' && linux_apic=x2APIC
check lwk_apic_mode_is_linux_s "Linux $linux_apic; LWK: $(ihkosctl 0 kmsg | grep -o 'APIC mode [^ ]*' | head -n 1)" \
	sh -c "ihkosctl 0 kmsg | grep -q 'APIC mode $linux_apic '"
