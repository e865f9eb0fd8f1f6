# vm-options: --timeout 600
# Guest tests of memory under mcexec: 256 MiB of anonymous memory touched
# and checked, mmap/munmap/mprotect/mremap cycles (2 MiB-aligned ranges
# included), brk growth, each for glibc and musl; then 200 mcexec runs in
# a row. After each, the LWK's free memory is back at its baseline; after
# the 200 runs, Linux's too (within 1%, as the other leak tests).
. /root/lib.sh

LIBCS="glibc musl"

[ "$(lwk_status)" = RUNNING ] || {
	fail mcexec_mem_lwk_running "instance 0 is '$(lwk_status)', not RUNNING"
	exit 1
}

not() {
	! "$@"
}

# mem_run NAME EXPECTED-LINE ARGS...: mcexec mem ARGS exits 0 saying
# EXPECTED-LINE, as natively; then the LWK's memory is all back.
mem_run() {
	local name=$1 line=$2 rc
	shift 2
	same_as_native "$name" 0 "$@"
	check "${name}_says" '$(head -c 300 /tmp/mcexec.out | flat)' \
		grep -qx "$line" /tmp/mcexec.out
	check "${name}_lwk_memory_back" 'LWK free $(lwk_free), baseline $base' \
		lwk_free_back "$base"
}

base=$(lwk_free)
check mem_lwk_free_known "no LWK free memory figure: '$base'" [ "${base:-0}" -gt 0 ]

scenario_memory() {
	local l
	for l in $LIBCS; do
		mem_run mem_touch_256mib_$l "touched 256 MiB: all correct" $APPS/mem-$l touch 256
		mem_run mem_mmap_cycles_$l "mmap cycles 60: all correct" $APPS/mem-$l mmap 60
		mem_run mem_brk_growth_$l "brk to 64 MiB: all correct" $APPS/mem-$l brk 64
	done
}

# 200 runs of hello (glibc, static-PIE, musl in turn): every one right,
# then the LWK's free memory exactly at its baseline and Linux's free
# memory within 1% (the same tolerance as the other leak tests).
scenario_200_runs() {
	local i=0 v bad="" free0 free1
	mcexec $APPS/hello-static >/dev/null 2>&1	# warm caches before the baseline
	settle
	free0=$(free_kib)
	base=$(lwk_free)
	while [ $i -lt 200 ]; do
		case $((i % 3)) in
		0) v=static ;;
		1) v=pie ;;
		*) v=musl ;;
		esac
		out=$(mcexec $APPS/hello-$v $i 2>&1)
		rc=$?
		[ $rc = 0 ] && [ "$out" = "hello from $APPS/hello-$v (1 argument)" ] ||
			bad="$bad run $i ($v): exit $rc '$(echo "$out" | head -c 100 | flat)';"
		[ ${#bad} -lt 600 ] || break
		i=$((i + 1))
	done
	check runs_200_all_right "$bad" [ -z "$bad" ]
	check runs_200_no_process_left '$(lwk_processes | flat)' no_lwk_process
	check runs_200_lwk_memory_back 'LWK free $(lwk_free), baseline $base' \
		lwk_free_back "$base"
	settle
	free1=$(free_kib)
	check runs_200_linux_memory_back "free memory $free0 -> $free1 KiB" \
		[ $((free0 - free1)) -le $((free0 / 100)) ]
	check runs_200_no_mcexec_left 'mcexec pids: $(pidof mcexec)' not pidof mcexec
}

scenario_memory
scenario_200_runs
check mcexec_mem_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
