#!/usr/bin/env bash
# Small functions (issue 14): no function of the module, the LWK, mcexec,
# the tools or common/ runs past 85 lines (about 80, the limit the team
# keeps; tests are exempt). A function starts at a line that begins with
# its return type and name in column 0 and ends at the first "}" in
# column 0, as kernel style writes them.
set -u
cd "$(dirname "$0")/../.." || exit 1

MAX=85
long=$(git ls-files 'ihk/*.c' 'lwk/*.c' 'proxy/*.c' 'userspace/*.c' 'common/*.c' |
	while read -r f; do
		awk -v f="$f" -v max=$MAX '
			/^[a-zA-Z].*[a-zA-Z0-9_]\(/ && !/;$/ { name = $0; start = NR }
			/^}/ { if (start && NR - start > max)
				       printf "%s:%d %s (%d lines); ", f, start, name, NR - start
			       start = 0 }' "$f"
	done)
if [ -z "$long" ]; then
	echo "PASS: functions_at_most_${MAX}_lines"
else
	echo "FAIL: functions_at_most_${MAX}_lines: $long"
fi
