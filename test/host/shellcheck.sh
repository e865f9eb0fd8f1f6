#!/usr/bin/env bash
# Debian's shellcheck finds nothing in the scripts it covers: every script
# in scripts/ (bash, POSIX sh, and vm-init, which runs under busybox sh and
# says so with "# shellcheck shell=dash") and the host tests. A finding
# that is wrong is silenced on its line, with the reason next to it.
set -u
cd "$(dirname "$0")/../.." || exit 1

if ! command -v shellcheck >/dev/null; then
	echo "FAIL: shellcheck_clean: shellcheck is not installed (scripts/deps.sh installs it)"
	exit 1
fi
files=(scripts/* test/host/*.sh)
if out=$(shellcheck -f gcc "${files[@]}" 2>&1); then
	echo "PASS: shellcheck_clean"
else
	echo "FAIL: shellcheck_clean: $(echo "$out" | wc -l) findings: $(echo "$out" | head -n 5 | tr '\n' '|')"
fi
