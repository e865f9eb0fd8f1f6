# vm-options: --no-lwk
# Guest tests: Linux cannot bring a reserved CPU back behind our back.
# shellcheck source=lib.sh
. /root/lib.sh

online=/sys/devices/system/cpu/cpu3/online

ihkconfig reserve cpu 3 >/dev/null 2>&1
# The hotplug callback refuses with EBUSY, which the write reports.
expect_status sysfs_online_of_reserved_cpu_is_refused 1 'write error: Device or resource busy' \
	sh -c "echo 1 >$online"
if [ "$(cat $online)" = 0 ] && grep -q "cpus reserved 3" /proc/ihk/resources; then
	pass reserved_cpu_stays_offline_and_reserved
else
	fail reserved_cpu_stays_offline_and_reserved \
		"online=$(cat $online), $(head -n 1 /proc/ihk/resources)"
fi
if dmesg | grep -q "CPU 3 is reserved for an LWK"; then
	pass refusal_is_explained_in_the_kernel_log
else
	fail refusal_is_explained_in_the_kernel_log "no ihk message in dmesg"
fi

expect release_after_refused_online_works ihkconfig release cpu 3
expect released_cpu_runs_tasks taskset -c 3 true

# Once released, the CPU is Linux's again, sysfs included.
echo 0 >$online
expect sysfs_online_of_released_cpu_works sh -c "echo 1 >$online"
