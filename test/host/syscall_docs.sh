#!/usr/bin/env bash
# lwk/syscalls/README.md's "What is LOCAL" table against the list,
# lwk/syscalls/syscalls.def: it names every LOCAL call and nothing else,
# and each call's handler, SYSCALL_DEFINEn(<name>, ...), is in a file its row
# names. The list is read through the C preprocessor, as the code reads it.
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

readme=lwk/syscalls/README.md
def=lwk/syscalls/syscalls.def

list_local=$(gcc -E -P -x c -D'SYSCALL(nr,name,how)=how name' "$def" |
	awk '$1 == "LOCAL" { print $2 }' | sort)
# The rows between "## What is LOCAL" and the next heading: | calls | files | notes |
rows=$(awk '/^## /{on = ($0 == "## What is LOCAL")} on && /^\| [a-z]/' "$readme" |
	grep -v '^| calls |')
doc_local=$(cut -d'|' -f2 <<<"$rows" | tr ',' '\n' | tr -d ' ' | sed '/^$/d' | sort)

if [ "$(wc -l <<<"$list_local")" -lt 10 ]; then
	fail syscall_docs_list_read "only '$list_local' LOCAL in $def"
elif [ "$list_local" != "$doc_local" ]; then
	fail syscall_docs_local_table_is_the_list "$readme vs $def: $(diff <(echo "$doc_local") <(echo "$list_local") | grep '^[<>]' | tr '\n' ' ')"
else
	pass syscall_docs_local_table_is_the_list
fi

bad=""
while IFS= read -r row; do
	calls=$(cut -d'|' -f2 <<<"$row" | tr ',' ' ')
	# shellcheck disable=SC2016 # the backquotes are Markdown's, not a command
	files=$(cut -d'|' -f3 <<<"$row" | grep -o '`[a-z0-9_]*\.c`' | tr -d '`')
	for c in $calls; do
		found=""
		for f in $files; do
			grep -Eq "^SYSCALL_DEFINE[0-6]\($c(,|\))" "lwk/syscalls/$f" 2>/dev/null && found=$f
		done
		[ -n "$found" ] || bad="$bad $c(not in:$(tr '\n' ' ' <<<"$files"))"
	done
done <<<"$rows"
if [ -n "$bad" ]; then
	fail syscall_docs_handlers_where_the_table_says "$bad"
else
	pass syscall_docs_handlers_where_the_table_says
fi
