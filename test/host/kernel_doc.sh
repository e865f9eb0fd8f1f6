#!/usr/bin/env bash
# Every function declared in include/ihk/*.h and in the module's own
# headers (ihk/*.h) has a kernel-doc comment where it is defined, as the
# kernel puts them (docs/kernel-doc.md): on the definition in the .c file,
# or in the header for a static inline. The comment opens with
# "/**" and " * name() - summary", and a function that returns a value
# has a "Return:" line. Then the kernel's own checker, scripts/kernel-doc
# of the guest kernel's headers, reads those files with -none and must
# have nothing to say (a parameter not described, a comment on the wrong
# function, a malformed line).
set -u
cd "$(dirname "$0")/../.." || exit 1

headers=(include/ihk/*.h ihk/*.h)
sources=(ihk/*.c)

# One line per declared function: NAME RETURNS_VALUE(0/1) HEADER. A
# declaration is a statement at brace depth 0, after comments and
# preprocessor lines are gone, of the form "type name(...)" ending in ";"
# or, for a static inline, in "{".
decls=$(perl -e '
	for my $h (@ARGV) {
		open(my $fh, "<", $h) or die "$h: $!";
		local $/; my $s = <$fh>; close($fh);
		$s =~ s{/\*.*?\*/}{ }gs;
		$s =~ s{//[^\n]*}{}g;
		1 while $s =~ s{^[ \t]*#[^\n]*\\\n[^\n]*}{}m;
		$s =~ s{^[ \t]*#[^\n]*}{}mg;
		my ($depth, $stmt) = (0, "");
		for my $c (split //, $s) {
			if ($depth == 0 && ($c eq ";" || $c eq "{")) {
				if ($stmt =~ /^\s*(?:(?:static|inline|extern)\s+)*([A-Za-z_][\w\s\*]*?)\b(\w+)\s*\(/s
				    && $stmt !~ /^\s*(typedef|struct|union|enum)\b\s*\w*\s*$/s
				    && $stmt !~ /^\s*typedef\b/) {
					my ($type, $name) = ($1, $2);
					$type =~ s/\s+/ /g; $type =~ s/^\s+|\s+$//g;
					my $ret = ($type eq "void") ? 0 : 1;
					print "$name $ret $h\n";
				}
				$stmt = "";
				next if $c eq ";";
			}
			if ($c eq "{") { $depth++; next; }
			if ($c eq "}") { $depth--; $stmt = ""; next; }
			$stmt .= $c if $depth == 0;
		}
	}' "${headers[@]}")

if [ "$(wc -l <<<"$decls")" -lt 50 ]; then
	echo "FAIL: kernel_doc_headers_read: only $(wc -l <<<"$decls") functions found in ${headers[*]}"
	exit 1
fi

# For each: the file that defines it (column 0, not a declaration) and the
# comment block that ends on the line right above the definition.
missing=""
nmissing=0
deffiles=""
while read -r name ret header; do
	def=$(grep -lE "^[a-z].*[ *]$name\(" "${sources[@]}" "$header" |
		while read -r f; do
			grep -qE "^[a-z].*[ *]$name\([^;]*$" "$f" && echo "$f"
		done | head -n 1)
	if [ -z "$def" ]; then
		missing="$missing $name(no definition found)"
		nmissing=$((nmissing + 1))
		continue
	fi
	deffiles="$deffiles $def"
	why=$(awk -v name="$name" -v ret="$ret" '
		$0 ~ "^[a-z].*[ *]" name "\\(" && $0 !~ /;$/ {
			if (!(1 in c) || c[n] !~ /\*\/$/) { print "no comment"; exit }
			i = n; while (i > 0 && c[i] !~ /^\/\*/) i--
			if (c[i] != "/**") { print "comment is not kernel-doc (/**)"; exit }
			if (c[i + 1] !~ "^ \\* " name "\\(\\) - [^ ]") { print "no \" * " name "() - summary\" line"; exit }
			if (ret) { r = 0; for (j = i; j <= n; j++) if (c[j] ~ /^ \* Return: /) r = 1
				   if (!r) { print "no Return: line"; exit } }
			print "ok"; exit
		}
		# c[] holds the lines since the last one that is not comment-ish
		/^\/\*/ || /^ \*/ { c[++n] = $0; next }
		{ delete c; n = 0 }' "$def")
	if [ "$why" != ok ]; then
		missing="$missing $name($def: ${why:-definition not matched})"
		nmissing=$((nmissing + 1))
	fi
done <<<"$decls"

if [ -z "$missing" ]; then
	echo "PASS: kernel_doc_on_every_function ($(wc -l <<<"$decls") functions)"
else
	echo "FAIL: kernel_doc_on_every_function: $nmissing of $(wc -l <<<"$decls") lack one:$missing"
fi

# The kernel's checker: the guest kernel's headers carry scripts/kernel-doc.
kd=""
if kdir=$(scripts/kdir --guest 2>/dev/null) && [ -x "$kdir/scripts/kernel-doc" ]; then
	kd=$kdir/scripts/kernel-doc
fi
if [ -z "$kd" ]; then
	echo "FAIL: kernel_doc_checker_clean: no scripts/kernel-doc in the guest kernel's headers (scripts/deps.sh installs them)"
	exit 1
fi
files=$(tr ' ' '\n' <<<"${headers[*]} $deffiles" | sort -u)
# shellcheck disable=SC2086 # one word per file name, none has a space
out=$(perl "$kd" -none $files 2>&1)
if [ -z "$out" ]; then
	echo "PASS: kernel_doc_checker_clean"
else
	echo "FAIL: kernel_doc_checker_clean: $(wc -l <<<"$out") warnings: $(head -n 5 <<<"$out" | tr '\n' '|')"
fi
