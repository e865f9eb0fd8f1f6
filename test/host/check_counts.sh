#!/usr/bin/env bash
# scripts/check counts right. It runs, unchanged, in a fake tree whose
# build, unit tests, host tests and guest (scripts/vm) are stand-ins that
# print known PASS/FAIL/SKIP lines and exit with known statuses; its last
# line must be "N passed, N failed, N skipped" with the right N, and its
# exit status non-zero exactly when something failed. The rules: a PASS,
# FAIL or SKIP line counts where it starts a line, and nowhere else; a
# SKIP is neither a pass nor a failure; a suite that exits non-zero
# without a FAIL line is one failure; Check's "Checks: N, Failures: F,
# Errors: E" is N - F - E passes and F + E failures; test/vm/lib.sh is no
# suite; each guest suite gets its "# vm-options:" line.
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

tmp=$(mktemp -d /tmp/ihk-check-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# fake_tree NAME UNIT-OUTPUT: $tmp/NAME with a copy of scripts/check, a
# Makefile whose "all" succeeds, unit tests that print UNIT-OUTPUT, a
# scripts/vm that runs the guest script here and logs its arguments, and
# empty test/host and test/vm (suite adds to them).
fake_tree() {
	local t=$tmp/$1
	mkdir -p "$t/scripts" "$t/build/unit" "$t/test/host" "$t/test/vm"
	cp scripts/check scripts/vm-suites "$t/scripts/"
	printf 'all:\n\t@true\n' >"$t/Makefile"
	printf '#!/bin/sh\necho "%s"\n' "$2" >"$t/build/unit/unit-tests"
	chmod +x "$t/build/unit/unit-tests"
	# The stand-in guest: "sh /root/vm-suites T:X.sh..." runs the real
	# scripts/vm-suites here over test/vm/X.sh..., with no reset between.
	cat >"$t/scripts/vm" <<'EOF'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/../vm.args"
for last; do :; done
cd "$(dirname "$0")/.." || exit 125
# shellcheck disable=SC2086 # the suites are words
VM_SUITES_DIR=test/vm VM_SUITES_RESET=true VM_SUITES_CONF=/dev/null \
	exec sh scripts/vm-suites ${last#sh /root/vm-suites }
EOF
	chmod +x "$t/scripts/vm"
	# lib.sh would add a pass of its own if it were run as a suite.
	echo 'echo "PASS: lib_is_no_suite"' >"$t/test/vm/lib.sh"
}

# suite TREE FILE STATUS LINE...: a test script that prints the lines and
# exits with STATUS.
suite() {
	local f=$tmp/$1/$2 status=$3
	shift 3
	: >"$f"
	for line in "$@"; do
		printf 'echo "%s"\n' "$line" >>"$f"
	done
	echo "exit $status" >>"$f"
}

# run_check TREE: scripts/check's output in $tmp/TREE.out, its status in $rc.
run_check() {
	"$tmp/$1/scripts/check" >"$tmp/$1.out" 2>&1
	rc=$?
}

# last_line_is NAME TREE LINE: check's last line is LINE.
last_line_is() {
	local got
	got=$(tail -n 1 "$tmp/$2.out")
	if [ "$got" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "last line '$got', want '$3'; output: $(head -c 600 "$tmp/$2.out" | tr '\n' '|')"
	fi
}

# --- everything counted: passes, failures, skips, silent failures --------
fake_tree mixed "100%: Checks: 10, Failures: 2, Errors: 1"
suite mixed test/host/a.sh 0 "PASS: a1" "SKIP: a2: no such hardware" "PASS: a3" \
	"  PASS: indented, not a result" "xFAIL: not at the start"
suite mixed test/host/b.sh 1 "PASS: b1" "FAIL: b2: broken"
suite mixed test/host/c.sh 3 "PASS: c1" "something went wrong, no FAIL line"
suite mixed test/vm/x.sh 0 "PASS: x1" "SKIP: x2: TCG" "PASS: x3" "SKIP: x4: TCG" "PASS: x5"
suite mixed test/vm/y.sh 124 "booting..." "PASS: y1"
sed -i '1i # vm-options: --no-lwk --timeout 60' "$tmp/mixed/test/vm/y.sh"
suite mixed test/vm/z.sh 0 "FAIL: z1: said so, exit 0" "SKIP: z2: why"
run_check mixed
# Passes: unit 10 - 2 - 1 = 7, a 2, b 1, c 1, x 3, y 1 = 15.
# Failures: unit 3, b 1, c 1 (silent), y 1 (silent), z 1 = 7.
# Skips: a 1, x 2, z 1 = 4.
last_line_is check_counts_pass_fail_skip mixed "15 passed, 7 failed, 4 skipped"
if [ $rc != 0 ]; then
	pass check_fails_when_a_test_failed
else
	fail check_fails_when_a_test_failed "exit 0 with failures"
fi
if grep -q '^FAIL: test/host/c.sh: exited 3 without reporting a failed test' "$tmp/mixed.out" &&
	grep -q '^FAIL: y.sh: exited 124 without reporting a failed test' "$tmp/mixed.out"; then
	pass check_names_silent_failures
else
	fail check_names_silent_failures "$(grep 'without reporting' "$tmp/mixed.out" | tr '\n' '|')"
fi
# x and z want the same guest (one boot); y another.
suites="--file scripts/vm-suites:/root/vm-suites"
want=$(printf '%s\n' \
	"--timeout 1860 --file test/vm/lib.sh $suites --file test/vm/x.sh --file test/vm/z.sh -- sh /root/vm-suites 900:x.sh 900:z.sh" \
	"--no-lwk --timeout 120 --file test/vm/lib.sh $suites --file test/vm/y.sh -- sh /root/vm-suites 60:y.sh")
if [ "$(cat "$tmp/mixed/vm.args")" = "$want" ]; then
	pass check_runs_each_guest_suite_with_its_options
else
	fail check_runs_each_guest_suite_with_its_options "scripts/vm got: $(tr '\n' '|' <"$tmp/mixed/vm.args")"
fi

# --- all passing (skips included): exit 0 ---------------------------------
fake_tree clean "100%: Checks: 4, Failures: 0, Errors: 0"
suite clean test/host/a.sh 0 "PASS: a1" "SKIP: a2: why"
suite clean test/vm/x.sh 0 "PASS: x1" "PASS: x2"
run_check clean
last_line_is check_counts_all_passing clean "7 passed, 0 failed, 1 skipped"
if [ $rc = 0 ]; then
	pass check_succeeds_when_nothing_failed
else
	fail check_succeeds_when_nothing_failed "exit $rc; $(tail -n 3 "$tmp/clean.out" | tr '\n' '|')"
fi

# --- unit tests that did not run: one failure ------------------------------
fake_tree nounit "Segmentation fault"
suite nounit test/host/a.sh 0 "PASS: a1"
run_check nounit
last_line_is check_counts_unit_tests_not_run nounit "1 passed, 1 failed, 0 skipped"
