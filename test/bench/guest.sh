# The guest half of `make bench` (scripts/bench): runs every benchmark on
# the ordinary Linux CPU, on the isolated Linux CPU and on the LWK, in this
# one boot, and prints what it measured as lines scripts/bench reads:
#   R SIDE metric NAME VALUE UNIT     a result
#   D SIDE NAME PERMILLE VALUE        a latency distribution point
#   T SIDE NAME INDEX VALUE           a noise trace point
#   E SIDE BENCH what went wrong      a run that failed or is not sane
# SIDE is linux, isolated or lwk. Every other line is for people.
#
# usage: sh bench.sh QUICK LINUX_CPU ISOLATED_CPU LWK_CPUS LWK_MEM
# QUICK=1: small counts and sizes, to show it all works (make check).
# The thread benchmarks (section 7) run natively on two Linux CPUs
# (LINUX_CPU and ISOLATED_CPU) and under mcexec on the first two LWK CPUs.
# POSIX sh: the guest has busybox only.

quick=$1
linux_cpu=$2
iso_cpu=$3
lwk_cpus=$4
lwk_mem=$5
bin=/root/bench
hello=/usr/lib/ihk-test/apps/hello-static

if [ "$quick" = 1 ]; then
	n_getpid=2000 n_write=500 n_xcpu=500 n_ping=200 n_spawn=3 n_boot=1
	sizes="32M 64M" reps=1 fwq_s=3
	n_fpp=500 n_tspawn=200 omp_reps=10 omp_inner=100
else
	n_getpid=100000 n_write=20000 n_xcpu=10000 n_ping=10000 n_spawn=20
	n_boot=5 sizes="256M 1G" reps=3 fwq_s=8
	n_fpp=10000 n_tspawn=5000 omp_reps=50 omp_inner=1000
fi

out=/tmp/bench.out
err=/tmp/bench.err

# report SIDE BENCH RC: the tagged output of one run; a failed or not sane
# run becomes an E line naming it, with the first thing it said.
report() {
	awk -v s="$1" '
		$1 == "metric" && NF == 4 { print "R", s, $0; next }
		$1 == "dist" && NF == 4 { print "D", s, $2, $3, $4; next }
		$1 == "trace" && NF == 4 { print "T", s, $2, $3, $4; next }
		$1 == "note" { print "#", s, $0; next }
	' $out
	if [ "$3" != 0 ] || [ -s $err ]; then
		echo "E $1 $2 exit $3: $(head -n 1 $err)"
		sed 's/^/    /' $err
	fi
}

# on SIDE PROGRAM ARGS...: runs PROGRAM on SIDE: pinned to a Linux CPU, or
# under mcexec (itself on the ordinary Linux CPU) on the LWK.
on() {
	case $1 in
	linux) shift; taskset -c "$linux_cpu" "$@" ;;
	isolated) shift; taskset -c "$iso_cpu" "$@" ;;
	lwk) shift; taskset -c "$linux_cpu" mcexec "$@" ;;
	esac
}

# run SIDE BENCH PROGRAM ARGS...: one benchmark run on SIDE.
run() {
	side=$1
	bench=$2
	shift 2
	echo "# $side: $*"
	on "$side" "$@" >$out 2>$err
	report "$side" "$bench" $?
}

# The interrupts CPU $1 has taken so far: Linux's /proc/interrupts, or the
# LWK's own counter for its CPUs.
interrupts() {
	if grep -q "^$1 " /proc/ihk/os0/lwk_cpus 2>/dev/null; then
		awk -v c="$1" 'NR > 1 && $1 == c { print $3 }' /proc/ihk/os0/lwk_cpus
		return
	fi
	awk -v c="CPU$1" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) col = i + 1; next }
		col && $col ~ /^[0-9]+$/ { sum += $col }
		END { print col ? sum : "" }
	' /proc/interrupts
}

uptime_cs() {
	awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime
}

# The LWK CPU of the one LWK process (the benchmarks run one at a time),
# once it runs.
lwk_cpu_of_running() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		c=$(awk 'NR == 2 { print $3 }' /proc/ihk/os0/processes)
		[ -n "$c" ] && { echo "$c"; return; }
		sleep 0.1
	done
}

# noise SIDE: FWQ for fwq_s seconds, and the interrupts its CPU takes over
# the middle of the run (away from start-up and the trace output).
noise() {
	side=$1
	echo "# $side: fwq -t $fwq_s -T"
	on "$side" $bin/fwq -t $fwq_s -T >$out 2>$err &
	pid=$!
	case $side in
	linux) cpu=$linux_cpu ;;
	isolated) cpu=$iso_cpu ;;
	lwk) cpu=$(lwk_cpu_of_running) ;;
	esac
	sleep 1
	i0=$(interrupts "$cpu") t0=$(uptime_cs)
	sleep $((fwq_s - 2))
	i1=$(interrupts "$cpu") t1=$(uptime_cs)
	wait $pid
	report "$side" fwq $?
	if [ -z "$cpu" ] || [ -z "$i0" ] || [ -z "$i1" ]; then
		echo "E $side fwq_interrupts: no interrupt counter for CPU '$cpu'"
		return
	fi
	echo "R $side metric fwq_cpu $cpu cpu"
	echo "R $side metric fwq_interrupts $((i1 - i0)) interrupts"
	echo "R $side metric fwq_window_cs $((t1 - t0)) cs"
}

echo "@@bench-begin@@"
sides="linux isolated lwk"

echo "## 1. null syscall"
for s in $sides; do
	run $s getpid $bin/syscall_lat -c getpid -n $n_getpid -d
done

echo "## 2. offloaded syscall round trip, and Linux's cross-CPU references"
for s in $sides; do
	run $s write $bin/syscall_lat -c write -n $n_write -d
done
echo "# xcpu: xcpu_pingpong -n $n_xcpu -a $linux_cpu -b $iso_cpu"
$bin/xcpu_pingpong -n $n_xcpu -a "$linux_cpu" -b "$iso_cpu" >$out.x 2>$err
rc=$?
awk '/^(spin|futex): [0-9]+ round trips, min / {
	w = $1; sub(":", "", w)
	print "metric", w "_round_trips", $2, "round_trips"
	print "metric", w "_min", $6, "ns"
	print "metric", w "_median", $9, "ns"
	print "metric", w "_p99", $12, "ns"
	print "metric", w "_max", $15, "ns"
}' $out.x >$out
report xcpu xcpu $rc

echo "## 3. anonymous memory"
for size in $sizes; do
	for s in linux isolated; do
		for mode in 4k thp; do
			run $s mem $bin/mem_bw -s "$size" -m $mode -r $reps
		done
	done
	run lwk mem $bin/mem_bw -s "$size" -m default -r $reps
done

echo "## 4. OS noise"
for s in $sides; do
	noise "$s"
done

echo "## 5. start-up"
for s in linux isolated; do
	run $s hello $bin/spawn_time -n $n_spawn -l hello -- $hello
done
# spawn_time times mcexec from the ordinary Linux CPU; hello runs on the LWK.
echo "# lwk: spawn_time -n $n_spawn -l hello -- mcexec $hello"
on linux $bin/spawn_time -n $n_spawn -l hello -- mcexec $hello >$out 2>$err
report lwk hello $?

echo "## 6. IKC round trip"
ihkosctl 0 ping -c $n_ping >$out.x 2>$err
rc=$?
cat $out.x
awk '
/^cpu [0-9]+: [0-9]+ round trips, min / { n += $3 }
/^ping: / {
	for (i = 1; i <= NF; i++) {
		if ($i == "median") med = $(i + 1)
		if ($i == "p99") p99 = $(i + 1)
	}
	if ($0 ~ /all answered/) ok = 1
}
END {
	if (!ok) exit 1
	print "metric ikc_round_trips", n, "round_trips"
	printf "metric ikc_median %.0f ns\n", med * 1000
	printf "metric ikc_p99 %.0f ns\n", p99 * 1000
}' $out.x >$out || rc=1
report lwk ikc $rc

# nth_cpu LIST N: the Nth CPU (from 1) of a CPU list such as 2-3 or 2,5.
nth_cpu() {
	echo "$1" | awk -v n="$2" -F, '{
		for (i = 1; i <= NF; i++) {
			lo = $i; hi = $i
			if ($i ~ /-/) { split($i, r, "-"); lo = r[1]; hi = r[2] }
			for (c = lo; c <= hi; c++) if (++k == n) { print c; exit }
		}
	}'
}

# run_on SIDE BENCH PREFIX PROGRAM ARGS...: as run, with the side's own
# launcher PREFIX (one word list: taskset for Linux, mcexec for the LWK).
run_on() {
	side=$1
	bench=$2
	prefix=$3
	shift 3
	echo "# $side: $*"
	# shellcheck disable=SC2086 # PREFIX is a list of words
	$prefix "$@" >$out 2>$err
	report "$side" "$bench" $?
}

echo "## 7. threads: futex ping-pong, pthread_create+join, OpenMP at 2 threads"
lwk_a=$(nth_cpu "$lwk_cpus" 1)
lwk_b=$(nth_cpu "$lwk_cpus" 2)
for s in linux lwk; do
	if [ "$s" = linux ]; then
		a=$linux_cpu b=$iso_cpu prefix="taskset -c $linux_cpu,$iso_cpu"
	else
		a=$lwk_a b=$lwk_b prefix="taskset -c $linux_cpu mcexec"
	fi
	run_on "$s" futex_pp "$prefix" $bin/futex_pingpong -n $n_fpp -a "$a" -b "$b"
	run_on "$s" thread_spawn "$prefix" $bin/thread_spawn -n $n_tspawn
	run_on "$s" omp "$prefix" $bin/omp_bench -t 2 -c "$a,$b" -r $omp_reps -i $omp_inner
done

echo "## LWK bring-up (last: it restarts the LWK)"
$bin/spawn_time -n $n_boot -l lwk_boot -p mcstop.sh -- \
	mcreboot.sh -c "$lwk_cpus" -m "$lwk_mem" >$out 2>$err
report lwk lwk_boot $?
echo "@@bench-end@@"
