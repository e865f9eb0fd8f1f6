#!/usr/bin/env bash
# `make bench` works end to end (scripts/bench --quick: one guest run with
# small counts), and its sanity checks catch what they must. Nothing here
# looks at how fast anything was: speed is never a test.
# "A && pass || fail": pass only echoes, so fail never runs after it.
# shellcheck disable=SC2015
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

tmp=$(mktemp -d /tmp/ihk-bench-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

out=$(scripts/bench --bogus 2>&1)
rc=$?
if [ $rc = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [[ "$out" == *"'--bogus'"* ]]; then
	pass bench_bad_option_is_one_line_exit_2
else
	fail bench_bad_option_is_one_line_exit_2 "exit $rc: $out"
fi

echo nothing >"$tmp/not-a-log"
out=$(scripts/bench --out "$tmp/x" --from-log "$tmp/not-a-log" 2>&1)
rc=$?
if [ $rc = 2 ] && [[ "$out" == *"not-a-log"* ]]; then
	pass bench_refuses_a_log_that_is_not_one
else
	fail bench_refuses_a_log_that_is_not_one "exit $rc: $out"
fi

res=$tmp/run
out=$(scripts/bench --quick --out "$res" 2>&1)
rc=$?
if [ $rc = 0 ] && grep -q '^sanity: ok' "$res/table.txt"; then
	pass bench_quick_run_is_sane
else
	fail bench_quick_run_is_sane "exit $rc: $(echo "$out" | tail -n 30)"
fi

# Every benchmark has its rows in the table, for the three sides.
missing=""
for m in "getpid, median" "write 1 B to /dev/null, median" "spin cache-line ping-pong" \
	"futex ping-pong" "mmap+touch+munmap 32 MiB, GB/s, vs Linux 4 KiB" \
	"mmap+touch+munmap 64 MiB, GB/s, vs Linux THP" "FWQ overhead per quantum, p99.9" \
	"interruptions per second" "start-up" "LWK bring-up" "IKC round trip vs spin"; do
	grep -qF "$m" "$res/table.txt" 2>/dev/null || missing+="'$m' "
done
row=$(grep -F "getpid, median" "$res/table.txt" 2>/dev/null)
# metric words, then Linux, isolated, LWK, and the two ratios: all numbers.
if [ -z "$missing" ] &&
	echo "$row" | awk '{ for (i = NF - 4; i <= NF; i++) if ($i !~ /^[0-9.]+$/) exit 1 }'; then
	pass bench_table_has_every_benchmark
else
	fail bench_table_has_every_benchmark "missing: $missing; getpid row: '$row'"
fi

csv=$res/results.csv
n=$(awk -F, '$2 == "getpid_median" || $2 == "fwq_interrupts_per_s" || $2 == "hello_median"' \
	"$csv" 2>/dev/null | wc -l)
if [ "$(head -n 1 "$csv" 2>/dev/null)" = "side,metric,value,unit" ] && [ "$n" = 9 ]; then
	pass bench_csv_has_each_side
else
	fail bench_csv_has_each_side "$n of 9 rows; $(head -n 3 "$csv" 2>/dev/null | tr '\n' '|')"
fi

bad=""
for p in noise latency; do
	file "$res/$p.png" 2>/dev/null | grep -q 'PNG image data' || bad+="$p.png "
done
for s in linux isolated lwk; do
	[ -s "$res/noise_$s.dat" ] || bad+="noise_$s.dat "
	[ "$(wc -l <"$res/latency_getpid_$s.dat" 2>/dev/null)" = 201 ] || bad+="latency_getpid_$s.dat "
done
[ -z "$bad" ] && pass bench_draws_its_plots || fail bench_draws_its_plots "bad: $bad"

# The sanity checks can fail: doctored copies of the run's guest log.
log=$res/guest.log
# doctored NAME WHAT SED: the analysis of the log edited by SED must fail
# and name WHAT.
doctored() {
	local name=$1 what=$2 rc out

	sed "$3" "$log" >"$tmp/$name.log"
	if cmp -s "$log" "$tmp/$name.log"; then
		fail "$name" "the edit '$3' changed nothing"
		return
	fi
	out=$(scripts/bench --out "$tmp/$name" --from-log "$tmp/$name.log" 2>&1)
	rc=$?
	if [ $rc = 1 ] && echo "$out" | grep -q "^sanity: NOT ok: .*$what"; then
		pass "$name"
	else
		fail "$name" "exit $rc: $(echo "$out" | grep sanity)"
	fi
}
if [ -s "$log" ]; then
	doctored bench_sanity_missing_value "lwk has no getpid_median" \
		'/^R lwk metric getpid_median /d'
	doctored bench_sanity_out_of_order "linux getpid: p99 below median" \
		's/^R linux metric getpid_p99 [0-9]* ns/R linux metric getpid_p99 0 ns/'
	doctored bench_sanity_negative "isolated fwq_max_overhead_ns is -5" \
		's/^R isolated metric fwq_max_overhead_ns [0-9]* ns/R isolated metric fwq_max_overhead_ns -5 ns/'
	doctored bench_sanity_failed_run "run failed: lwk mem" \
		'/^@@bench-end@@/i E lwk mem exit 1: mem_bw: not sane: test'
else
	fail bench_sanity_checks_can_fail "no guest log from the quick run"
fi
