# vm-options: --timeout 300
# Guest tests of the calls the LWK serves itself (test/apps/local_calls.c),
# glibc and musl: ids, sched_yield, sched_getaffinity (one CPU, one of the
# instance's), rlimits (RLIMIT_STACK comes from mcexec, RLIMIT_NOFILE is
# mcexec's own), clock resolution, and EFAULT, never a crash, for every
# pointer argument that points nowhere. The program passes natively first.
# Then futexes from one thread (test/apps/futex_local.c): every case's
# result, printed, is the same natively and under mcexec; a process
# waiting on a futex for ever is "sleeping", dies by SIGKILL, and leaves
# nothing.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_local_lwk_running

# in_cpulist CPU LIST: CPU is in a list like "2-3,5".
in_cpulist() {
	local c=$1 r
	for r in $(echo "$2" | tr ',' ' '); do
		case $r in
		*-*) [ "$c" -ge "${r%-*}" ] && [ "$c" -le "${r#*-}" ] && return 0 ;;
		*) [ "$c" = "$r" ] && return 0 ;;
		esac
	done
	return 1
}

base=$(lwk_free)
lwk_cpus=$(cat /proc/ihk/os0/cpus)
for l in glibc musl; do
	$APPS/local_calls-$l >/tmp/native.out 2>&1
	check local_calls_${l}_native "exit $?: $(grep FAIL /tmp/native.out | head -c 300 | flat)" \
		grep -qx "local calls: all correct" /tmp/native.out
	mcexec $APPS/local_calls-$l >/tmp/mc.out 2>&1
	check local_calls_${l}_lwk "exit $?: $(grep FAIL /tmp/mc.out | head -c 600 | flat)" \
		grep -qx "local calls: all correct" /tmp/mc.out
	aff=$(sed -n 's/^affinity //p' /tmp/mc.out)
	check local_calls_${l}_affinity_one_lwk_cpu "affinity '$aff', LWK CPUs $lwk_cpus" \
		[ "$(echo "$aff" | wc -w)" = 1 ]
	check local_calls_${l}_affinity_is_lwk "affinity '$aff', LWK CPUs $lwk_cpus" \
		in_cpulist "${aff:-none}" "$lwk_cpus"
	check local_calls_${l}_stack_limit_from_mcexec \
		"$(grep ^stack /tmp/mc.out) vs native $(grep ^stack /tmp/native.out)" \
		[ "$(grep ^stack /tmp/mc.out)" = "$(grep ^stack /tmp/native.out)" ]
	check local_calls_${l}_nofile_is_mcexecs \
		"$(grep ^nofile /tmp/mc.out) vs native $(grep ^nofile /tmp/native.out)" \
		[ "$(grep ^nofile /tmp/mc.out)" = "$(grep ^nofile /tmp/native.out)" ]
done
for l in glibc musl; do
	same_as_native futex_local_$l 0 $APPS/futex_local-$l
	mcexec $APPS/futex_local-$l block >/tmp/block.out 2>&1 &
	pid=$!
	check futex_block_${l}_waits '$(head -c 300 /tmp/block.out | flat)' \
		wait_until 60 grep -qx blocking /tmp/block.out
	sleep 1
	check futex_block_${l}_still_waiting '$(head -c 300 /tmp/block.out | flat)' \
		alive $pid
	state=$(awk -v p=$pid 'NR > 1 && $2 == p { print $5 }' /proc/ihk/os0/processes)
	check futex_block_${l}_sleeping "state '$state'" [ "$state" = sleeping ]
	kill -KILL $pid
	wait $pid 2>/dev/null
	rc=$?
	check futex_block_${l}_killed "exit $rc, $(head -c 300 /tmp/block.out | flat)" \
		[ $rc = 137 ]
	check futex_block_${l}_no_process_left '$(lwk_processes | flat)' no_lwk_process
done
check mcexec_local_no_process_left '$(lwk_processes | flat)' no_lwk_process
check mcexec_local_lwk_memory_back 'LWK free $(lwk_free), baseline $base' \
	lwk_free_back "$base"
check mcexec_local_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
