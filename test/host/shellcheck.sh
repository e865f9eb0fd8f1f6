#!/usr/bin/env bash
# Debian's shellcheck finds nothing in any shell script of scripts/ and
# test/: every *.sh file and every file whose first line names a shell
# (bash, POSIX sh, busybox sh), and guest tests parked as *.sh.pending
# (scripts/check runs only *.sh). Guest-side directories (test/vm,
# test/fuzz, test/bench) say in their .shellcheckrc that their scripts
# run under the guest's busybox sh; scripts/vm-init says so itself. A
# finding that is wrong is silenced on its line, with the reason next to
# it; a check is disabled for a whole directory only in its .shellcheckrc,
# with the reason there.
set -u
cd "$(dirname "$0")/../.." || exit 1

if ! command -v shellcheck >/dev/null; then
	echo "FAIL: shellcheck_clean: shellcheck is not installed (scripts/deps.sh installs it)"
	exit 1
fi

# shell_scripts: every shell script under scripts/ and test/, one a line.
shell_scripts() {
	local f
	find scripts test -type f | sort | while read -r f; do
		case $f in
		*.sh | *.sh.pending) echo "$f" ;;
		*) head -n 1 "$f" | grep -qE '^#!.*[/ ](ba|da|busybox )?sh( |$)' && echo "$f" ;;
		esac
	done
}

mapfile -t files < <(shell_scripts)
# The list itself: a finder that found nothing would pass vacuously.
missing=""
for want in scripts/check scripts/vm scripts/vm-init scripts/mcreboot.sh \
	test/vm/lib.sh test/vm/boot.sh test/host/shellcheck.sh \
	test/fuzz/guest.sh test/bench/guest.sh; do
	printf '%s\n' "${files[@]}" | grep -qx "$want" || missing="$missing $want"
done
if [ -n "$missing" ]; then
	echo "FAIL: shellcheck_covers_all: not in the list of shell scripts:$missing"
else
	echo "PASS: shellcheck_covers_all"
fi

if out=$(shellcheck -f gcc "${files[@]}" 2>&1); then
	echo "PASS: shellcheck_clean"
else
	echo "FAIL: shellcheck_clean: $(echo "$out" | wc -l) findings: $(echo "$out" | head -n 5 | tr '\n' '|')"
fi
