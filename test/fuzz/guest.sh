# The fuzz runs, inside the guest (busybox sh): the short one of make
# check (test/vm/fuzz.sh) and the long one of make fuzz (scripts/fuzz).
#
# usage: sh guest.sh IOCTL_CALLS LWK_CALLS SEED [BATCH]
#   IOCTL_CALLS  ioctl_fuzz calls as root, and as many as nobody
#   LWK_CALLS    sys_fuzz calls under mcexec as nobody, in batches of BATCH
#                (default 2000), one mcexec run each with its own seed
#                (SEED + batch number): fork does not work on the LWK, and a
#                death by a signal then ends one batch, not the run
#   SEED         the run's seed: every seed below derives from it
#
# Prints PASS/FAIL lines (lib.sh) and, last, one "@@fuzz-figures ..." line
# for scripts/fuzz. Each failure names the seed that reproduces it.
# shellcheck source=../vm/lib.sh
. /root/lib.sh

FZ=/usr/lib/ihk-test/fuzz
ioctl_n=${1:?IOCTL_CALLS}
lwk_n=${2:?LWK_CALLS}
seed=${3:?SEED}
batch=${4:-2000}
# A batch that neither ends nor dies within this long is a hang.
batch_timeout=${FUZZ_BATCH_TIMEOUT:-30}
errors=0

found() {
	fail "$1" "$2"
	errors=$((errors + 1))
}

# dmesg_problems: the guest kernel's complaints since boot.
dmesg_problems() {
	dmesg | grep -E 'Oops|BUG:|WARNING:|KASAN|general protection|Call Trace|kernel BUG|Kernel panic' |
		head -n 5 | flat
}

# lwk_problems N: panic/oops lines of the LWK console after its first N lines.
lwk_problems() {
	kmsg_since "$1" | grep -E 'PANIC|panic|Oops|BUG|halted|double fault|kernel fault' |
		head -n 5 | flat
}

# state_ok NAME: instance RUNNING, both logs clean; else FAIL NAME.
state_ok() {
	local st p
	st=$(lwk_status)
	p=$(lwk_problems "$kmsg0")
	if [ "$st" != RUNNING ]; then
		found "$1" "instance 0 is '$st', not RUNNING; LWK console: $p"
	elif [ -n "$p" ]; then
		found "$1" "the LWK console reports: $p"
	elif [ -n "$(dmesg_problems)" ]; then
		found "$1" "the guest kernel reports: $(dmesg_problems)"
	else
		pass "$1"
		return 0
	fi
	return 1
}

# nothing_leaked NAME: no LWK process, LWK free memory and Linux's free
# memory (within 1%, as the other tests) back to the baseline.
nothing_leaked() {
	local free1
	if ! no_lwk_process; then
		found "$1" "LWK processes left: $(lwk_processes | flat)"
		return
	fi
	if ! lwk_free_back "$lwk0"; then
		found "$1" "LWK free memory $(lwk_free), was $lwk0"
		return
	fi
	settle
	free1=$(free_kib)
	if [ $((free0 - free1)) -gt $((free0 / 100)) ]; then
		found "$1" "MemFree+pcp $free1 KiB, was $free0 KiB"
	else
		pass "$1"
	fi
}

# ioctl_run WHO CALLS SEED: one ioctl_fuzz run as root or nobody.
ioctl_run() {
	local who=$1 n=$2 s=$3 rc t0 t1 out=/tmp/ioctl-$1.out cmd
	cmd="$FZ/ioctl_fuzz -s $s -n $n"
	t0=$(date +%s)
	if [ "$who" = root ]; then
		# shellcheck disable=SC2086 # $cmd is a command line: split on purpose
		timeout -s KILL $((n / 5 + 300)) $cmd >"$out" 2>&1
	else
		timeout -s KILL $((n / 5 + 300)) su nobody -s /bin/sh -c "exec $cmd" >"$out" 2>&1
	fi
	rc=$?
	t1=$(date +%s)
	sed -n 's/^ioctl_fuzz: seed [^:]*: /ioctl fuzz as '"$who"' (seed '"$s"', '"$((t1 - t0))"' s): /p' "$out"
	if [ $rc = 0 ]; then
		pass "fuzz_ioctl_$who"
	else
		found "fuzz_ioctl_$who" "exit $rc (reproduce: ioctl_fuzz -s $s -n $n -v): $(grep -E 'VIOLATION|ioctl_fuzz:' "$out" | tail -n 5 | flat)"
	fi
}

# lwk_runs CALLS SEED: sys_fuzz batches as nobody until CALLS are done.
lwk_runs() {
	local want=$1 s0=$2 b=0 done=0 rc n sig sigs="" hangs=0 ends=0 out=/tmp/sysfuzz/out
	local t0 t1 max_batches
	# The fuzzer's own directory, size-limited: files it writes come back.
	# Its reports and its stderr (which fuzzed writes reach: size-limited).
	mkdir -p /tmp/fz /tmp/sysfuzz
	mount -t tmpfs -o size=16m,mode=0777 fuzzout /tmp/sysfuzz
	mount -t tmpfs -o size=64m,mode=0777 fuzz /tmp/fz
	max_batches=$(((want / batch) * 4 + 20))
	t0=$(date +%s)
	while [ $done -lt "$want" ] && [ $b -lt $max_batches ]; do
		# The last batch's process is released after mcexec ends (a work
		# item): wait for it, or this batch could find no free LWK CPU.
		no_lwk_process || found fuzz_lwk_released "after batch seed $((s0 + b - 1)): $(lwk_processes | flat)"
		n=$batch
		[ $((want - done)) -lt "$n" ] && n=$((want - done))
		timeout -s USR2 "$batch_timeout" su nobody -s /bin/sh -c \
			"cd /tmp/fz && exec mcexec $FZ/sys_fuzz -s $((s0 + b)) -n $n -o 5 5>$out" \
			</dev/null >/dev/null 2>/tmp/sysfuzz/err
		rc=$?
		# Exit 0 is the end of main (exit and exit_group are never called);
		# "@@end" may be missing when a fuzzed close_range took fd 997.
		if [ $rc = 0 ] || grep -q '^@@end ' $out; then
			done=$((done + n))
			ends=$((ends + 1))
		else
			done=$((done + $(sed -n 's/^@@p \([0-9]*\)$/\1/p' $out | tail -n 1 | grep . || echo 0)))
			if [ $rc = $((128 + 12)) ]; then
				hangs=$((hangs + 1))
				echo "lwk fuzz: batch seed $((s0 + b)) did not end within ${batch_timeout}s (after call $(sed -n 's/^@@p //p' $out | tail -n 1))"
			elif [ $rc -gt 128 ]; then
				sig=$((rc - 128))
				sigs="$sigs $sig"
				echo "lwk fuzz: batch seed $((s0 + b)) died by signal $sig (after call $(sed -n 's/^@@p //p' $out | tail -n 1))"
			else
				found fuzz_lwk_batch "batch seed $((s0 + b)) exited $rc without finishing: $(tail -n 3 $out | flat) $(grep -a -o 'mcexec: .*' /tmp/sysfuzz/err | tail -n 2 | flat)"
			fi
		fi
		b=$((b + 1))
		# Every 25 batches: the LWK still runs, and a clean scratch directory.
		if [ $((b % 25)) = 0 ]; then
			echo "lwk fuzz progress: $done calls, $b batches, $(($(date +%s) - t0)) s, deaths by signal:$sigs, hangs $hangs"
			[ "$(lwk_status)" = RUNNING ] || break
			rm -rf /tmp/fz/* /tmp/fz/.[!.]* 2>/dev/null
		fi
	done
	t1=$(date +%s)
	su nobody -s /bin/sh -c "$FZ/sys_fuzz -c" >/dev/null 2>&1
	umount /tmp/fz
	umount /tmp/sysfuzz
	deaths=$(for s in $sigs; do echo "$s"; done | sort -n | uniq -c |
		awk '{ printf "%sSIG%s x%s", sep, $2, $1; sep = ", " }')
	echo "lwk fuzz (seeds $s0..$((s0 + b - 1)), $((t1 - t0)) s): $done calls in $b batches, $ends ended normally, deaths by signal: ${deaths:-none}, hangs (watchdog): $hangs"
	lwk_figures="$done calls in $b batches ($ends complete); deaths: ${deaths:-none} (signal numbers); watchdog: $hangs; $((t1 - t0)) s"
	if [ $done -ge "$want" ]; then
		pass fuzz_lwk_calls_done
	else
		found fuzz_lwk_calls_done "only $done of $want calls in $b batches"
	fi
}

[ "$(lwk_status)" = RUNNING ] || {
	fail fuzz_lwk_running "instance 0 is '$(lwk_status)', not RUNNING"
	exit 1
}
echo "fuzz: seed $seed: $ioctl_n ioctl calls as root and as nobody, $lwk_n LWK syscalls as nobody (batches of $batch)"
settle
free0=$(free_kib)
lwk0=$(lwk_free)
kmsg0=$(kmsg_lines)

if [ "$ioctl_n" -gt 0 ]; then
	ioctl_run root "$ioctl_n" "$seed"
	ioctl_run nobody "$ioctl_n" "$((seed + 1))"
	state_ok fuzz_ioctl_state
	nothing_leaked fuzz_ioctl_nothing_leaked
fi
if [ "$lwk_n" -gt 0 ]; then
	lwk_runs "$lwk_n" "$((seed + 2))"
	state_ok fuzz_lwk_state
	nothing_leaked fuzz_lwk_nothing_leaked
fi
echo "@@fuzz-figures seed=$seed errors=$errors lwk=[$lwk_figures]"
[ $errors = 0 ]
