#!/usr/bin/env bash
# The documentation stays true to the tree (issue 14: the repository
# explains itself, and the README points only inside it):
# - the README links to nothing outside the repository;
# - every Markdown link of the README and docs/*.md names a file that
#   exists (relative to the page; an #anchor is not checked);
# - every function docs/*.md or the README names as `name()` exists
#   somewhere in the source, so a rename cannot leave a page behind.
set -u
cd "$(dirname "$0")/../.." || exit 1

pages=(README.md docs/*.md)

ext=$(grep -nEo '(https?|ftp)://[^ )>]*' README.md | tr '\n' ' ')
if [ -z "$ext" ]; then
	echo "PASS: readme_points_inside"
else
	echo "FAIL: readme_points_inside: external links in README.md: $ext"
fi

bad=""
for page in "${pages[@]}"; do
	dir=$(dirname "$page")
	while IFS= read -r target; do
		target=${target%%#*}
		[ -n "$target" ] || continue
		case $target in
		*://*) continue ;;	# outside links of docs/ are judged by a reader
		esac
		[ -e "$dir/$target" ] || bad="$bad $page->$target"
	done < <(grep -oE '\]\([^)]+\)' "$page" | sed 's/^](//; s/)$//')
done
if [ -z "$bad" ]; then
	echo "PASS: docs_links_resolve"
else
	echo "FAIL: docs_links_resolve: no such file:$bad"
fi

missing=""
# shellcheck disable=SC2016 # the backquotes are Markdown's, not a command
names=$(grep -ohE '`[A-Za-z_][A-Za-z0-9_]*\(\)`' "${pages[@]}" | tr -d '`()' | sort -u)
for n in $names; do
	git grep -qw -- "$n" -- ihk lwk proxy common userspace include scripts test Makefile ||
		missing="$missing $n()"
done
if [ "$(wc -w <<<"$names")" -lt 50 ]; then
	echo "FAIL: docs_functions_exist: only $(wc -w <<<"$names") function names found in ${pages[*]}"
elif [ -z "$missing" ]; then
	echo "PASS: docs_functions_exist ($(wc -w <<<"$names") names)"
else
	echo "FAIL: docs_functions_exist: named in docs but not in the source:$missing"
fi
