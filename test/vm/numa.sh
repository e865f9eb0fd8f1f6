# vm-options: --numa 2 --no-lwk
# Partitioning on a two-node guest: node 0 has CPUs 0-1, node 1 CPUs 2-3;
# an LWK on node 1's CPUs and memory boots.
. /root/lib.sh

out=$(ihkconfig topology 2>&1)
echo "$out" | grep -q 'node 1' && echo "$out" | grep -q '2-3' && pass topology_shows_nodes ||
	fail topology_shows_nodes "$(echo "$out" | tr '\n' '|')"

expect reserve_node1_cpus ihkconfig reserve cpu 2-3
expect reserve_mem_both_nodes ihkconfig reserve mem 64M@0,128M@1
grep -qx 'memory node 1 reserved 134217728 assigned 0' /proc/ihk/resources &&
	grep -qx 'memory node 0 reserved 67108864 assigned 0' /proc/ihk/resources &&
	pass memory_on_requested_nodes || fail memory_on_requested_nodes "$(cat /proc/ihk/resources)"
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
grep -q 'node 1' /proc/ihk/os$n/memory && ! grep -q 'node 0' /proc/ihk/os$n/memory &&
	pass instance_memory_on_node1 || fail instance_memory_on_node1 "$(cat /proc/ihk/os$n/memory)"
expect_fail assign_node0_when_empty "node 0" ihkosctl "$n" assign mem 128M@0
# The LWK boots on node 1 alone: its CPUs and its memory (above 1 GiB).
expect load_lwk_node1 ihkosctl "$n" load /lib/ihk/lwk.elf
expect boot_on_node1 ihkosctl "$n" boot
ihkosctl "$n" query >/tmp/q 2>&1
[ "$(cat /proc/ihk/os$n/status)" = RUNNING ] && grep -qx 'cpus up: 2' /tmp/q &&
	grep -qx 'memory node 1: 128M' /tmp/q && pass node1_instance_running ||
	fail node1_instance_running "$(tr '\n' '|' </tmp/q)"
ihkosctl "$n" kmsg >/tmp/kmsg 2>&1
grep -q 'IHK LWK .* starting' /tmp/kmsg && pass node1_instance_console ||
	fail node1_instance_console "$(head -c 300 /tmp/kmsg | tr '\n' '|')"
expect shutdown_node1 ihkosctl "$n" shutdown
expect destroy ihkconfig destroy "$n"
expect release_cpus ihkconfig release cpu all
expect release_mem_node1 ihkconfig release mem 128M@1
expect release_mem_rest ihkconfig release mem all
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] && [ -z "$(grep chunk /proc/ihk/resources)" ] &&
	pass everything_returned || fail everything_returned "$(cat /proc/ihk/resources)"
