# vm-options: --timeout 300
# Identity: an LWK process's pid is its mcexec's Linux pid and its tid the
# Linux tid of the mcexec thread serving it; getppid is mcexec's parent. So
# $!, /proc/PID, ps, ihkosctl N ps and /proc/ihk/osN/processes all name the
# same number. One Linux process holds one LWK process: a second CREATE
# from it gets EEXIST. glibc and musl (test/apps/ids.c). IHK_MC_WAIT is
# per thread: a thread only ever gets its own LWK thread's events.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running identity_lwk_running

# has_pid PID: stdin has a line whose first field is PID (and, with a
# second argument, whose second field is PID too).
has_pid() {
	awk -v p="$1" -v both="${2:-}" \
		'$1 == p && (both == "" || $2 == p) { f = 1 } END { exit !f }'
}

listed_by_module() {
	lwk_processes | has_pid "$1" both
}

listed_by_ihkosctl() {
	ihkosctl 0 ps 2>/dev/null | has_pid "$1"
}

# ps names PID as an mcexec.
listed_by_ps() {
	ps -o pid,args | awk -v p="$1" '$1 == p && /mcexec/ { f = 1 } END { exit !f }'
}

base=$(lwk_free)
for l in glibc musl; do
	"$APPS/ids-$l" >/tmp/native.out 2>&1
	check "ids_${l}_native_ppid_is_shell" "ppid '$(value_of ppid /tmp/native.out)', shell $$" \
		[ "$(value_of ppid /tmp/native.out)" = $$ ]

	mcexec "$APPS/ids-$l" 4 >/tmp/mc.out 2>&1 &
	mc=$!
	if ! wait_for_line /tmp/mc.out "tid [0-9]*" 60; then
		fail "ids_${l}_started" "$(flat </tmp/mc.out)"
		kill -KILL $mc
		wait $mc
		continue
	fi
	check "ids_${l}_pid_is_mcexec" "getpid '$(value_of pid /tmp/mc.out)', mcexec \$! $mc" \
		[ "$(value_of pid /tmp/mc.out)" = $mc ]
	check "ids_${l}_tid_is_mcexec" "gettid '$(value_of tid /tmp/mc.out)', mcexec \$! $mc" \
		[ "$(value_of tid /tmp/mc.out)" = $mc ]
	check "ids_${l}_ppid_is_shell" "getppid '$(value_of ppid /tmp/mc.out)', shell $$" \
		[ "$(value_of ppid /tmp/mc.out)" = $$ ]
	check "ids_${l}_proc_pid_is_mcexec" "/proc/$mc/exe is '$(readlink /proc/$mc/exe)'" \
		sh -c "readlink /proc/$mc/exe | grep -q '/mcexec\$'"
	check "ids_${l}_module_lists_pid" "$(lwk_processes | flat)" listed_by_module $mc
	check "ids_${l}_ihkosctl_ps_lists_pid" "$(ihkosctl 0 ps 2>&1 | flat)" listed_by_ihkosctl $mc
	check "ids_${l}_ps_lists_pid" "$(ps -o pid,args 2>&1 | flat)" listed_by_ps $mc
	wait $mc
	rc=$?
	check "ids_${l}_exit_0" "exit $rc: $(flat </tmp/mc.out)" [ $rc = 0 ]
done

expect create_twice_runs "$APPS/create_twice" /dev/mcos0
check create_twice_first_pid_is_mine "$(flat </tmp/expect.out)" \
	grep -qx 'first: ok, pid is mine' /tmp/expect.stdout
check create_twice_second_is_eexist "$(flat </tmp/expect.out)" \
	grep -qx 'second: File exists' /tmp/expect.stdout
# Each LWK thread's offloaded calls run in the mcexec thread of its own
# tid (/proc/thread-self), and exit_group from main ends them all
# (test/apps/thread_tids.c).
for l in glibc musl; do
	same_as_native thread_tids_$l 0 $APPS/thread_tids-$l 6
	check thread_tids_${l}_says '$(head -c 300 /tmp/mcexec.out | flat)' \
		grep -qx "6 threads: each served by the Linux thread of its own tid" /tmp/mcexec.out
done
# IHK_MC_WAIT knows each caller by its Linux tid: a second thread of the
# creator blocks and never gets the main thread's events, the thread
# limit holds, another process gets EPERM (test/apps/wait_threads.c).
$APPS/wait_threads /dev/mcos0 >/tmp/wt.out 2>&1
check wait_threads_root '$(head -c 600 /tmp/wt.out | flat)' \
	grep -qx "wait threads: all correct" /tmp/wt.out
as_nobody "$APPS/wait_threads /dev/mcos0" >/tmp/wt.out 2>&1
check wait_threads_nobody '$(head -c 600 /tmp/wt.out | flat)' \
	grep -qx "wait threads: all correct" /tmp/wt.out
check identity_no_process_left '$(lwk_processes | flat)' no_lwk_process
check identity_lwk_memory_back 'LWK free $(lwk_free), baseline $base' lwk_free_back "$base"
