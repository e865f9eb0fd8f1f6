# vm-options: --numa 2
# Partitioning on a two-node guest: node 0 has CPUs 0-1, node 1 CPUs 2-3.
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
expect destroy ihkconfig destroy "$n"
expect release_cpus ihkconfig release cpu all
expect release_mem_node1 ihkconfig release mem 128M@1
expect release_mem_rest ihkconfig release mem all
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] && [ -z "$(grep chunk /proc/ihk/resources)" ] &&
	pass everything_returned || fail everything_returned "$(cat /proc/ihk/resources)"
