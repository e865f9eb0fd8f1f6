# Guest tests of ihk.ko's side of mcexec on the LWK scripts/vm boots
# (instance 0, CPUs 2-3): /proc/ihk/os0/processes while a process runs and
# after it ends, the LWK's free memory in /proc/ihk/os0/memory, mcexec by
# an unprivileged user, mcexec killed by SIGKILL, shutdown and destroy
# while a process runs, module unload afterwards.
# vm-options: --timeout 400
# shellcheck source=lib.sh
. /root/lib.sh

P=/proc/ihk/os0/processes
M=/proc/ihk/os0/memory
HELLO=/usr/lib/ihk-test/apps/hello-static

# The "free" line of osN/memory alone (lib.sh's lwk_free falls back to
# ihkosctl query; here its absence after shutdown is what is tested).
memory_free_line() {
	awk '$1 == "free" { print $2 }' $M
}

# free_line_is BYTES: the "free" line says BYTES now.
free_line_is() {
	[ "$(memory_free_line)" = "$1" ]
}

if [ "$(cat $P)" = "pid linux_pid cpu rss state threads cpu_ns cmdline" ]; then
	pass mc_processes_header_only_when_idle
else
	fail mc_processes_header_only_when_idle "$(flat <$P)"
fi

base=$(memory_free_line)
if [ -n "$base" ] && [ "$base" -gt 0 ] && [ "$base" -le "$(awk '$1 == "total" { print $2 }' $M)" ]; then
	pass mc_memory_shows_lwk_free
else
	fail mc_memory_shows_lwk_free "$(flat <$M)"
fi

out=$(as_nobody "mcexec $HELLO a b" 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$out" = "hello from $HELLO (2 arguments)" ]; then
	pass mc_unprivileged_mcexec_runs
else
	fail mc_unprivileged_mcexec_runs "rc=$rc: $(echo "$out" | head -c 300 | flat)"
fi

# A process that runs a while: its line, then nothing once it ended.
mkfifo /tmp/mc_fifo
mcexec /bin/busybox cat /tmp/mc_fifo >/tmp/mc_cat.out 2>&1 &
pid=$!
exec 3>/tmp/mc_fifo
wait_until 10 lwk_nprocs_is 1
line=$(awk 'NR == 2' $P)
# shellcheck disable=SC2086 # the fields of the line, split on purpose
set -- $line
if [ "$2" = "$pid" ] && { [ "$3" = 2 ] || [ "$3" = 3 ]; } && [ "$4" -gt 0 ] &&
	[ "$5" = offload ] && [ "$6" = 1 ] && [ "$7" -ge 0 ] &&
	[ "${line#* * * * * * * }" = "/bin/busybox cat /tmp/mc_fifo" ]; then
	pass mc_processes_shows_a_running_process
else
	fail mc_processes_shows_a_running_process "mcexec $pid: $(flat <$P)"
fi
echo fed >&3
exec 3>&-
wait $pid
rc=$?
if [ $rc = 0 ] && [ "$(cat /tmp/mc_cat.out)" = fed ] && wait_until 5 lwk_idle; then
	pass mc_processes_empty_after_exit
else
	fail mc_processes_empty_after_exit "rc=$rc: $(flat <$P) $(flat </tmp/mc_cat.out)"
fi

# SIGKILL while mcexec runs an offloaded read: the LWK process goes and
# its memory comes back.
mcexec /bin/busybox cat /tmp/mc_fifo >/dev/null 2>&1 &
pid=$!
exec 3>/tmp/mc_fifo
if wait_until 10 lwk_nprocs_is 1; then
	kill -9 $pid
	wait $pid 2>/dev/null
	if wait_until 10 lwk_idle && wait_until 10 free_line_is "$base"; then
		pass mc_sigkill_releases_process
	else
		fail mc_sigkill_releases_process "free $(memory_free_line) (was $base): $(flat <$P)"
	fi
else
	fail mc_sigkill_releases_process "the process did not show: $(flat <$P)"
	kill -9 $pid
	wait $pid 2>/dev/null
fi
exec 3>&-

# Shutdown while a process exists: its entry and the LWK's free memory go
# at once; mcexec, in a native read, hears of it at its next WAIT.
mcexec /bin/busybox cat /tmp/mc_fifo >/tmp/mc_sd.out 2>&1 &
pid=$!
exec 3>/tmp/mc_fifo
if wait_until 10 lwk_nprocs_is 1; then
	ihkosctl 0 shutdown >/tmp/mc_sd_ctl.out 2>&1
	rc=$?
	if [ $rc = 0 ] && lwk_idle && [ -z "$(memory_free_line)" ]; then
		pass mc_shutdown_drops_processes
	else
		fail mc_shutdown_drops_processes "rc=$rc $(flat <$P) $(flat <$M) $(flat </tmp/mc_sd_ctl.out)"
	fi
	echo more >&3
	exec 3>&-
	if wait_until 10 not alive $pid; then
		wait $pid
		rc=$?
		if [ $rc != 0 ] && [ -s /tmp/mc_sd.out ]; then
			pass mc_shutdown_ends_mcexec
		else
			fail mc_shutdown_ends_mcexec "rc=$rc: $(flat </tmp/mc_sd.out)"
		fi
	else
		fail mc_shutdown_ends_mcexec "mcexec still runs: $(flat </tmp/mc_sd.out)"
		kill -9 $pid
		wait $pid 2>/dev/null
	fi
else
	fail mc_shutdown_drops_processes "the process did not show: $(flat <$P)"
	exec 3>&-
	kill -9 $pid
	wait $pid 2>/dev/null
fi

if [ "$(cat /proc/ihk/os0/status)" = SHUTDOWN ] &&
	expect_out=$(ihkconfig destroy 0 2>&1 && ihkconfig release cpu all 2>&1 &&
		     ihkconfig release mem all 2>&1 && rmmod ihk 2>&1); then
	pass mc_destroy_and_unload_after_shutdown
else
	fail mc_destroy_and_unload_after_shutdown "$(echo "$expect_out" | flat)"
fi
