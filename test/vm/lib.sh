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
