# vm-options: --numa 2 --no-lwk
# Partitioning on a two-node guest: node 0 has CPUs 0-1, node 1 CPUs 2-3;
# an LWK on node 1's CPUs and memory boots. Then an LWK with a CPU and
# memory on each node: a process's memory comes from its CPU's node, and
# from the other node once its own has no more (/proc/ihk/osN/memory's
# "node N free" lines show where it went).
# shellcheck source=lib.sh
. /root/lib.sh

out=$(ihkconfig topology 2>&1)
if echo "$out" | grep -q 'node 1' && echo "$out" | grep -q '2-3'; then
	pass topology_shows_nodes
else
	fail topology_shows_nodes "$(echo "$out" | tr '\n' '|')"
fi

expect reserve_node1_cpus ihkconfig reserve cpu 2-3
expect reserve_mem_both_nodes ihkconfig reserve mem 64M@0,128M@1
if grep -qx 'memory node 1 reserved 134217728 assigned 0' /proc/ihk/resources &&
	grep -qx 'memory node 0 reserved 67108864 assigned 0' /proc/ihk/resources; then
	pass memory_on_requested_nodes
else
	fail memory_on_requested_nodes "$(cat /proc/ihk/resources)"
fi
# The guest's node 1 is its upper 1 GiB of memory.
node1_low=0
grep '^chunk' /proc/ihk/resources >/tmp/chunks
while read -r _ phys _ _ node _; do
	[ "$node" = 1 ] && [ $((phys)) -lt $((0x40000000)) ] && node1_low=1
done </tmp/chunks
if [ $node1_low = 0 ] && grep -q 'node 1' /tmp/chunks; then
	pass node1_chunks_in_node1_range
else
	fail node1_chunks_in_node1_range "$(cat /proc/ihk/resources)"
fi
n=$(ihkconfig create)
expect assign_node1_cpus ihkosctl "$n" assign cpu 2-3
expect assign_node1_mem ihkosctl "$n" assign mem all@1
if grep -q 'node 1' "/proc/ihk/os$n/memory" && ! grep -q 'node 0' "/proc/ihk/os$n/memory"; then
	pass instance_memory_on_node1
else
	fail instance_memory_on_node1 "$(cat "/proc/ihk/os$n/memory")"
fi
expect_fail assign_node0_when_empty "node 0" ihkosctl "$n" assign mem 128M@0
# The LWK boots on node 1 alone: its CPUs and its memory (above 1 GiB).
expect load_lwk_node1 ihkosctl "$n" load /lib/ihk/lwk.elf
expect boot_on_node1 ihkosctl "$n" boot
ihkosctl "$n" query >/tmp/q 2>&1
if [ "$(cat "/proc/ihk/os$n/status")" = RUNNING ] && grep -qx 'cpus up: 2' /tmp/q &&
	grep -qx 'memory node 1: 128M' /tmp/q; then
	pass node1_instance_running
else
	fail node1_instance_running "$(tr '\n' '|' </tmp/q)"
fi
ihkosctl "$n" kmsg >/tmp/kmsg 2>&1
if grep -q 'IHK LWK .* starting' /tmp/kmsg; then
	pass node1_instance_console
else
	fail node1_instance_console "$(head -c 300 /tmp/kmsg | tr '\n' '|')"
fi
expect shutdown_node1 ihkosctl "$n" shutdown
expect destroy ihkconfig destroy "$n"
expect release_cpus ihkconfig release cpu all
expect release_mem_node1 ihkconfig release mem 128M@1
expect release_mem_rest ihkconfig release mem all
if [ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] && ! grep -q chunk /proc/ihk/resources; then
	pass everything_returned
else
	fail everything_returned "$(cat /proc/ihk/resources)"
fi

# --- A process's memory comes from the node of its CPU --------------------
# Linux CPU 1 (node 0) and CPU 2 (node 1); 128 MiB on node 0 (where the
# kernel image and its tables also go), 192 MiB on node 1.
expect reserve_cpu_each_node ihkconfig reserve cpu 1-2
expect reserve_mem_each_node ihkconfig reserve mem 128M@0,192M@1
n=$(ihkconfig create)
expect assign_cpu_each_node ihkosctl "$n" assign cpu 1-2
expect assign_mem_each_node ihkosctl "$n" assign mem all
expect load_two_node_lwk ihkosctl "$n" load /lib/ihk/lwk.elf
expect boot_two_node_lwk ihkosctl "$n" boot
MEM=/usr/lib/ihk-test/apps/mem-glibc
M=1048576

# node_free NODE: instance $n's free LWK memory on NODE, in bytes.
node_free() {
	awk -v node="$1" '$1 == "node" && $2 == node && $3 == "free" { print $4 }' \
		"/proc/ihk/os$n/memory"
}

# hold MIB: "mem hold MIB" under mcexec in the background until it says
# it holds its memory; sets $held_pid (mcexec's) and $held_cpu (the Linux
# CPU it runs on, from /proc/ihk/osN/processes; "none" if it never said).
hold() {
	mcexec -n "$n" $MEM hold "$1" >/tmp/hold.out 2>&1 &
	held_pid=$!
	held_cpu=none
	wait_for_line /tmp/hold.out "holding $1 MiB" 120 || return 1
	held_cpu=$(awk -v lp=$held_pid '$2 == lp { print $3 }' "/proc/ihk/os$n/processes")
}

unhold() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# free_is F0 F1: each node's free memory is F0 and F1 now; free_back F0
# F1: it is back to that within 10 s.
free_is() {
	[ "$(node_free 0)" = "$1" ] && [ "$(node_free 1)" = "$2" ]
}

free_back() {
	wait_until 10 free_is "$1" "$2"
}

f0=$(node_free 0)
f1=$(node_free 1)
if [ -n "$f0" ] && [ -n "$f1" ] && [ "$f1" -gt $((180 * M)) ]; then
	pass node_free_shown
else
	fail node_free_shown "$(tr '\n' '|' <"/proc/ihk/os$n/memory")"
fi
echo "node free at start: node 0 $((f0 / M)) MiB, node 1 $((f1 / M)) MiB"

# The first process goes to the LWK CPU that is not cpus[0]: Linux CPU 2.
hold 64
a_pid=$held_pid
a_cpu=$held_cpu
a0=$(node_free 0)
a1=$(node_free 1)
echo "holding 64 MiB on CPU $a_cpu: node 0 -$(((f0 - a0) / M)) MiB, node 1 -$(((f1 - a1) / M)) MiB"
check node1_cpu_memory_from_node1 \
	"on CPU $a_cpu: node 0 free -$((f0 - a0)), node 1 free -$((f1 - a1)) bytes" \
	[ "$a_cpu" = 2 -a $((f1 - a1)) -ge $((64 * M)) -a $((f0 - a0)) -lt $((4 * M)) ]

# With CPU 2 taken, the next one runs on Linux CPU 1, node 0.
hold 64
b_pid=$held_pid
b_cpu=$held_cpu
b0=$(node_free 0)
b1=$(node_free 1)
echo "holding 64 MiB on CPU $b_cpu: node 0 -$(((a0 - b0) / M)) MiB, node 1 -$(((a1 - b1) / M)) MiB"
check node0_cpu_memory_from_node0 \
	"on CPU $b_cpu: node 0 free -$((a0 - b0)), node 1 free -$((a1 - b1)) bytes" \
	[ "$b_cpu" = 1 -a $((a0 - b0)) -ge $((64 * M)) -a $((a1 - b1)) -lt $((4 * M)) ]
unhold "$b_pid"

# Fallback: more than node 0 has left still works, node 0 first, the
# rest from node 1 (as Linux's default policy falls back).
free_back "$a0" "$a1" || fail node0_memory_back "node 0 $(node_free 0), want $a0"
hold 160 || fail fallback_hold "$(flat </tmp/hold.out)"
c_pid=$held_pid
c_cpu=$held_cpu
c0=$(node_free 0)
c1=$(node_free 1)
echo "holding 160 MiB on CPU $c_cpu (node 0 had $((a0 / M)) MiB): node 0 -$(((a0 - c0) / M)) MiB, node 1 -$(((a1 - c1) / M)) MiB"
check fallback_to_other_node \
	"on CPU $c_cpu: node 0 free $c0 (was $a0), node 1 free $c1 (was $a1) bytes" \
	[ "$c_cpu" = 1 -a "$c0" -lt $((4 * M)) -a $((a1 - c1 + a0 - c0)) -ge $((160 * M)) ]
unhold "$c_pid"
unhold "$a_pid"
check node_memory_returned "node 0 $(node_free 0) want $f0, node 1 $(node_free 1) want $f1" \
	free_back "$f0" "$f1"
expect shutdown_two_node_lwk ihkosctl "$n" shutdown
expect destroy_two_node_lwk ihkconfig destroy "$n"
expect release_cpus_again ihkconfig release cpu all
expect release_mem_again ihkconfig release mem all
