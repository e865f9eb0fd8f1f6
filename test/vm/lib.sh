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

# expect NAME COMMAND...: the command must succeed (exit 0).
expect() {
	local name=$1
	shift
	run_cmd "$@"
	if [ $expect_rc = 0 ]; then
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
	elif [ "$want" = nonzero ] && [ $expect_rc = 0 ]; then
		echo "'$*' succeeded: $(expect_output)"
	elif [ "$want" != nonzero ] && [ $expect_rc != "$want" ]; then
		echo "'$*' exited $expect_rc, want $want: $(expect_output)"
	elif ! grep -qE -- "$pattern" /tmp/expect.out; then
		echo "'$*' did not say '$pattern': $(expect_output)"
	fi
}

# expect_status NAME STATUS PATTERN COMMAND...: the command exits STATUS
# ("nonzero": any but 0) and its output (stdout and stderr) says PATTERN.
expect_status() {
	local name=$1 want=$2 pattern=$3 why
	shift 3
	run_cmd "$@"
	why=$(expect_why "$want" "$pattern" "$@")
	if [ -n "$why" ]; then
		fail "$name" "$why"
	else
		pass "$name"
	fi
}

# expect_line NAME STATUS PATTERN COMMAND...: as expect_status, and the
# output is that one line (a refusal says one clear thing).
expect_line() {
	local name=$1 want=$2 pattern=$3 why
	shift 3
	run_cmd "$@"
	why=$(expect_why "$want" "$pattern" "$@")
	if [ -n "$why" ]; then
		fail "$name" "$why"
	elif [ "$(wc -l </tmp/expect.out)" != 1 ]; then
		fail "$name" "'$*' printed $(wc -l </tmp/expect.out) lines: $(expect_output)"
	else
		pass "$name"
	fi
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

# as_nobody SHELL-COMMAND: run a command line as an unprivileged user.
as_nobody() {
	su nobody -s /bin/sh -c "$1"
}

# --- mcexec tests ----------------------------------------------------------

# Where `make guest-files` puts the test programs (test/apps/).
APPS=/usr/lib/ihk-test/apps

# flat: stdin on one line, for messages.
flat() {
	tr '\n' '|'
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
# "pid linux_pid cpu rss state cmdline" (the file's header line left out).
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
	if [ $nrc != "$want" ]; then
		fail "$name" "natively '$*' exited $nrc, not $want: $(head -c 300 /tmp/native.out /tmp/native.err | flat)"
	elif [ $mrc != "$want" ]; then
		fail "$name" "under mcexec exit $mrc, natively $want: $(head -c 300 /tmp/mcexec.out /tmp/mcexec.err | flat)"
	elif ! cmp -s /tmp/native.out /tmp/mcexec.out; then
		fail "$name" "stdout differs from native: $(diff /tmp/native.out /tmp/mcexec.out | head -n 8 | flat)"
	elif ! cmp -s /tmp/native.err /tmp/mcexec.err; then
		fail "$name" "stderr differs from native: $(diff /tmp/native.err /tmp/mcexec.err | head -n 8 | flat)"
	else
		pass "$name"
	fi
}
