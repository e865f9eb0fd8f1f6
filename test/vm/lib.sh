# Helpers for guest tests (busybox sh). Each test prints exactly one
# "PASS: name" or "FAIL: name: why" line.

pass() {
	echo "PASS: $1"
}

fail() {
	echo "FAIL: $1: $2"
}

# expect NAME COMMAND...: the command must succeed.
expect() {
	local name=$1
	shift
	if "$@" >/tmp/expect.out 2>&1; then
		pass "$name"
	else
		fail "$name" "'$*' failed: $(head -c 300 /tmp/expect.out | tr '\n' ' ')"
	fi
}

# expect_fail NAME PATTERN COMMAND...: the command must fail and say PATTERN.
expect_fail() {
	local name=$1 pattern=$2
	shift 2
	if "$@" >/tmp/expect.out 2>&1; then
		fail "$name" "'$*' succeeded"
	elif ! grep -q -- "$pattern" /tmp/expect.out; then
		fail "$name" "'$*' did not say '$pattern': $(head -c 300 /tmp/expect.out | tr '\n' ' ')"
	else
		pass "$name"
	fi
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
	local i=0
	while [ "$(lwk_free)" != "$1" ]; do
		[ $i -lt 50 ] || return 1
		usleep 200000
		i=$((i + 1))
	done
}

# lwk_processes: the processes /proc/ihk/os0/processes lists, one a line
# "pid linux_pid cpu rss state cmdline" (the file's header line left out).
lwk_processes() {
	tail -n +2 /proc/ihk/os0/processes 2>/dev/null
}

# no_lwk_process: within 10 s, /proc/ihk/os0/processes lists no process.
no_lwk_process() {
	local i=0
	while [ -n "$(lwk_processes)" ]; do
		[ $i -lt 50 ] || return 1
		usleep 200000
		i=$((i + 1))
	done
}

# wait_for_line FILE TEXT SECONDS: FILE has a line TEXT within SECONDS.
wait_for_line() {
	local i=0
	while ! grep -qx "$2" "$1" 2>/dev/null; do
		[ $i -lt $(($3 * 5)) ] || return 1
		usleep 200000
		i=$((i + 1))
	done
}

# kmsg_lines: how many lines the LWK console has so far; kmsg_since N: the
# lines after the first N.
kmsg_lines() {
	ihkosctl 0 kmsg 2>/dev/null | wc -l
}

kmsg_since() {
	ihkosctl 0 kmsg 2>/dev/null | tail -n +$(($1 + 1))
}

lwk_status() {
	cat /proc/ihk/os0/status 2>&1
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
