# Helpers for guest tests (busybox sh): the one vocabulary of test/vm/.
# Each test prints exactly one line: "PASS: name", "FAIL: name: why", or
# "SKIP: name: why" when this guest cannot run it (scripts/check counts
# all three). Patterns are extended regular expressions (grep -E).

pass() {
	echo "PASS: $1"
}

fail() {
	echo "FAIL: $1: $2"
}

# skip NAME WHY: the test cannot run here (say why); never a pass.
skip() {
	echo "SKIP: $1: $2"
}

# not COMMAND...: COMMAND fails (for check and wait_until).
not() {
	! "$@"
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s until it
# succeeds; fails if it still does not after SECONDS (at least SECONDS of
# wall time, however long COMMAND takes: the clock is read, not counted).
wait_until() {
	local _wu_end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -le $_wu_end ] || return 1
		usleep 200000
	done
}

# run_cmd COMMAND...: runs COMMAND with stdin /dev/null, its stdout in
# /tmp/expect.stdout, stderr in /tmp/expect.stderr, both in /tmp/expect.out;
# $expect_rc is its exit status.
run_cmd() {
	"$@" </dev/null >/tmp/expect.stdout 2>/tmp/expect.stderr
	expect_rc=$?
	cat /tmp/expect.stdout /tmp/expect.stderr >/tmp/expect.out
}

# expect_output: what the last run_cmd printed, on one line, for messages.
expect_output() {
	head -c 300 /tmp/expect.out | tr '\n' '|'
}

# verdict NAME WHY: pass if WHY is empty, else fail saying WHY (for a
# test that gathers what went wrong from several conditions).
verdict() {
	if [ -z "$2" ]; then
		pass "$1"
	else
		fail "$1" "$2"
	fi
}

# expect NAME COMMAND...: the command must succeed (exit 0).
expect() {
	local name=$1
	shift
	run_cmd "$@"
	if [ "$expect_rc" = 0 ]; then
		pass "$name"
	else
		fail "$name" "'$*' exited $expect_rc: $(expect_output)"
	fi
}

# expect_why STATUS PATTERN COMMAND...: why the last run_cmd of COMMAND
# did not exit STATUS ("nonzero": any status but 0) saying PATTERN; prints
# nothing if it did. An empty PATTERN is refused: say what it must print.
expect_why() {
	local want=$1 pattern=$2
	shift 2
	if [ -z "$pattern" ]; then
		echo "no pattern given: say which message to expect"
	elif [ "$want" = nonzero ] && [ "$expect_rc" = 0 ]; then
		echo "'$*' succeeded: $(expect_output)"
	elif [ "$want" != nonzero ] && [ "$expect_rc" != "$want" ]; then
		echo "'$*' exited $expect_rc, want $want: $(expect_output)"
	elif ! grep -qE -- "$pattern" /tmp/expect.out; then
		echo "'$*' did not say '$pattern': $(expect_output)"
	fi
}

# expect_status NAME STATUS PATTERN COMMAND...: the command exits STATUS
# ("nonzero": any but 0) and its output (stdout and stderr) says PATTERN.
expect_status() {
	local name=$1 want=$2 pattern=$3
	shift 3
	run_cmd "$@"
	verdict "$name" "$(expect_why "$want" "$pattern" "$@")"
}

# line_why COMMAND...: why the last run_cmd of COMMAND did not print
# exactly one line (stdout and stderr together); nothing if it did.
line_why() {
	[ "$(wc -l </tmp/expect.out)" = 1 ] ||
		echo "'$*' printed $(wc -l </tmp/expect.out) lines: $(expect_output)"
}

# expect_line NAME STATUS PATTERN COMMAND...: as expect_status, and the
# output is that one line (a refusal says one clear thing).
expect_line() {
	local name=$1 want=$2 pattern=$3 why
	shift 3
	run_cmd "$@"
	why=$(expect_why "$want" "$pattern" "$@")
	[ -n "$why" ] || why=$(line_why "$@")
	verdict "$name" "$why"
}

# expect_refused NAME STATUS PATTERN COMMAND...: as expect_status, and
# the command says it in one line on stderr, nothing on stdout (as a
# tool must refuse: the line goes where errors go, no half output).
expect_refused() {
	local name=$1 want=$2 pattern=$3 why
	shift 3
	run_cmd "$@"
	why=$(expect_why "$want" "$pattern" "$@")
	if [ -n "$why" ]; then
		:
	elif ! grep -qE -- "$pattern" /tmp/expect.stderr; then
		why="'$*' did not say '$pattern' on stderr: $(expect_output)"
	elif [ "$(wc -l </tmp/expect.stderr)" != 1 ]; then
		why="'$*' printed $(wc -l </tmp/expect.stderr) lines on stderr: $(head -c 300 /tmp/expect.stderr | flat)"
	elif [ -s /tmp/expect.stdout ]; then
		why="'$*' wrote to stdout: $(head -c 300 /tmp/expect.stdout | flat)"
	fi
	verdict "$name" "$why"
}

# expect_fail NAME PATTERN COMMAND...: the command fails and says PATTERN.
expect_fail() {
	local name=$1 pattern=$2
	shift 2
	expect_status "$name" nonzero "$pattern" "$@"
}

# meminfo FIELD: a /proc/meminfo value in KiB.
meminfo() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# free_kib: free memory in KiB, including the pages parked in per-CPU free
# lists: MemFree leaves those out, and they swing by megabytes as CPUs
# allocate and free (measured: 20 module load/unload cycles moved MemFree
# by up to -5 MiB while MemFree plus these stayed within 0.3 MiB).
free_kib() {
	echo $(($(meminfo MemFree) + \
		$(awk '$1 == "count:" { s += $2 } END { print s * 4 }' /proc/zoneinfo)))
}

# Settles caches so memory figures compare across a test.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
}

# as_user USER SHELL-COMMAND: run a command line as USER; as_nobody
# SHELL-COMMAND: as the unprivileged user nobody.
as_user() {
	su "$1" -s /bin/sh -c "$2"
}

as_nobody() {
	as_user nobody "$1"
}

# --- the state of Linux and of the instances ---------------------------

# What in Linux's kernel log means it is hurt: an oops, a BUG or WARNING,
# a lockup or an RCU stall.
BAD_LOG='Oops|BUG:|WARNING:|general protection|soft lockup|hard LOCKUP|rcu_sched self-detected|rcu.*stall'

# kernel_log_clean: Linux's kernel log has no BAD_LOG line; kernel_log_why:
# the first such lines, for messages.
kernel_log_clean() {
	! dmesg | grep -qE "$BAD_LOG"
}

kernel_log_why() {
	dmesg | grep -E "$BAD_LOG" | head -n 3 | flat
}

# linux_alive: Linux still works: a shell loop, a task on each of its
# CPUs 0 and 1, a clean kernel log; linux_alive_why: what it looks like.
linux_alive() {
	local n
	n=$(i=0; while [ $i -lt 2000 ]; do i=$((i + 1)); done; echo $i)
	[ "$n" = 2000 ] && cpu_runs 0 && cpu_runs 1 && kernel_log_clean
}

linux_alive_why() {
	echo "online CPUs $(cat /sys/devices/system/cpu/online); $(kernel_log_why)"
}

# release_all: every instance destroyed, every CPU and all memory
# released (whatever a scenario left behind, also after a failed check).
release_all() {
	local n
	for n in $(ihkconfig list 2>/dev/null | awk '{ print $1 }'); do
		ihkconfig destroy "$n" >/dev/null 2>&1
	done
	ihkconfig release cpu all >/dev/null 2>&1
	ihkconfig release mem all >/dev/null 2>&1
	return 0
}

# free_baseline: $free0 is free memory (free_kib) now, after the caches
# settle: what "everything returned" compares to.
free_baseline() {
	settle
	free0=$(free_kib)
}

# returned NAME: CPUs 2-3 online and running tasks, nothing reserved, no
# instance, free memory (MemFree and per-CPU lists) within 1% of $free0.
returned() {
	local why="" free1
	settle
	free1=$(free_kib)
	[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] ||
		why="$why online CPUs $(cat /sys/devices/system/cpu/online);"
	cpu_runs 2 || why="$why CPU 2 runs no task;"
	cpu_runs 3 || why="$why CPU 3 runs no task;"
	[ -z "$(sed -n 's/^cpus reserved *//p' /proc/ihk/resources)" ] ||
		why="$why CPUs still reserved;"
	! grep -q '^chunk' /proc/ihk/resources || why="$why memory still reserved;"
	[ -z "$(ihkconfig list)" ] || why="$why instances left: $(ihkconfig list | tr '\n' ' ');"
	[ $((free0 - free1)) -le $((free0 / 100)) ] ||
		why="$why free memory $free0 -> $free1 KiB;"
	verdict "$1" "$why"
}

# --- mcexec tests ----------------------------------------------------------

# Where `make guest-files` puts the test programs (test/apps/).
# shellcheck disable=SC2034 # used by the scripts that source lib.sh
APPS=/usr/lib/ihk-test/apps

# flat: stdin on one line, for messages.
flat() {
	tr '\n' '|'
}

# value_of NAME FILE: the value of FILE's "NAME value" line.
value_of() {
	sed -n "s/^$1 //p" "$2"
}

# bytes SIZE: a size as the tools print it (123, 4K, 5M, 6G, 7T) in bytes.
bytes() {
	case "$1" in
	*K) echo $((${1%K} << 10)) ;;
	*M) echo $((${1%M} << 20)) ;;
	*G) echo $((${1%G} << 30)) ;;
	*T) echo $((${1%T} << 40)) ;;
	*) echo "$1" ;;
	esac
}

# lwk_free: instance 0's free LWK memory in bytes (shared->free_bytes), from
# the "free" line of /proc/ihk/os0/memory, else from `ihkosctl 0 query`.
lwk_free() {
	local v
	v=$(awk '$1 == "free" { print $2; exit }' /proc/ihk/os0/memory 2>/dev/null)
	[ -n "$v" ] || v=$(ihkosctl 0 query 2>/dev/null | sed -n 's/^lwk free memory: //p')
	bytes "$v"
}

# lwk_free_back BASELINE: the LWK's free memory returns to BASELINE bytes
# within 10 s (a process's memory goes back once the LWK has released it).
lwk_free_back() {
	wait_until 10 lwk_free_is "$1"
}

lwk_free_is() {
	[ "$(lwk_free)" = "$1" ]
}

# lwk_processes: the processes /proc/ihk/os0/processes lists, one a line
# "pid linux_pid cpu rss state threads cpu_ns cmdline" (the file's header
# line left out).
lwk_processes() {
	tail -n +2 /proc/ihk/os0/processes 2>/dev/null
}

# no_lwk_process: within 10 s, /proc/ihk/os0/processes lists no process.
no_lwk_process() {
	wait_until 10 lwk_idle
}

# lwk_idle: /proc/ihk/os0/processes lists no process now.
lwk_idle() {
	[ -z "$(lwk_processes)" ]
}

# wait_for_line FILE TEXT SECONDS: FILE has a line TEXT within SECONDS.
wait_for_line() {
	wait_until "$3" grep -qx "$2" "$1" 2>/dev/null
}

# kmsg_lines: how many lines the LWK console has so far; kmsg_since N: the
# lines after the first N.
kmsg_lines() {
	ihkosctl 0 kmsg 2>/dev/null | wc -l
}

kmsg_since() {
	ihkosctl 0 kmsg 2>/dev/null | tail -n +$(($1 + 1))
}

# lwk_status: instance 0's status (or why it has none); lwk_status_is
# STATUS: it is STATUS now.
lwk_status() {
	cat /proc/ihk/os0/status 2>&1
}

lwk_status_is() {
	[ "$(lwk_status)" = "$1" ]
}

# need_lwk_running NAME: instance 0 is RUNNING (scripts/vm boots it unless
# --no-lwk), else fail NAME and end the script: nothing after can run.
need_lwk_running() {
	lwk_status_is RUNNING && return 0
	fail "$1" "instance 0 is '$(lwk_status)', not RUNNING (scripts/vm boots it unless --no-lwk)"
	exit 1
}

# lwk_nprocs: how many processes /proc/ihk/os0/processes lists;
# lwk_nprocs_is N: N now.
lwk_nprocs() {
	lwk_processes | wc -l
}

lwk_nprocs_is() {
	[ "$(lwk_nprocs)" = "$1" ]
}

# lwk_lists PATTERN: /proc/ihk/os0/processes lists a process whose line
# says PATTERN (grep -E) now.
lwk_lists() {
	lwk_processes | grep -qE -- "$1"
}

# alive PID: the process exists and is not a zombie.
alive() {
	[ -e "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

# cpu_runs N: a task pinned to Linux CPU N runs there (and comes back).
cpu_runs() {
	[ "$(timeout 10 taskset -c "$1" cat /proc/self/stat 2>/dev/null |
		awk '{ print $39 }')" = "$1" ]
}

# check NAME WHY COMMAND...: pass if COMMAND succeeds, else fail saying
# WHY, expanded only then (so single-quoted WHY shows the state after it).
check() {
	local _check_name="$1" _check_why="$2"
	shift 2
	if "$@"; then
		pass "$_check_name"
	else
		fail "$_check_name" "$(eval "echo \"$_check_why\"")"
	fi
}

# same_as_native NAME RC COMMAND...: COMMAND exits RC natively and under
# mcexec, with the same stdout and stderr both ways (stdin: /dev/null).
same_as_native() {
	local name=$1 want=$2 nrc mrc
	shift 2
	"$@" </dev/null >/tmp/native.out 2>/tmp/native.err
	nrc=$?
	mcexec "$@" </dev/null >/tmp/mcexec.out 2>/tmp/mcexec.err
	mrc=$?
	native_verdict "$name" "$want" $nrc $mrc "$@"
}

# native_verdict NAME RC NRC MRC COMMAND...: COMMAND exited NRC natively
# (its output in /tmp/native.out and .err) and MRC under mcexec
# (/tmp/mcexec.out and .err): pass if both are RC and the outputs match.
native_verdict() {
	local name=$1 want=$2 nrc=$3 mrc=$4
	shift 4
	if [ "$nrc" != "$want" ]; then
		fail "$name" "natively '$*' exited $nrc, not $want: $(head -c 300 /tmp/native.out /tmp/native.err | flat)"
	elif [ "$mrc" != "$want" ]; then
		fail "$name" "under mcexec exit $mrc, natively $want: $(head -c 300 /tmp/mcexec.out /tmp/mcexec.err | flat)"
	elif ! cmp -s /tmp/native.out /tmp/mcexec.out; then
		fail "$name" "stdout differs from native: $(diff /tmp/native.out /tmp/mcexec.out | head -n 8 | flat)"
	elif ! cmp -s /tmp/native.err /tmp/mcexec.err; then
		fail "$name" "stderr differs from native: $(diff /tmp/native.err /tmp/mcexec.err | head -n 8 | flat)"
	else
		pass "$name"
	fi
}
