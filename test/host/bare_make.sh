#!/usr/bin/env bash
# README: "`make` builds every artifact". Checked on a fresh copy of the
# tree (the files git tracks or would track, none of build/ or *.ko), with
# `make` given no target, as a fresh clone would see it: afterwards ihk.ko,
# the LWK image, mcexec and the tools exist, and `make -q host` finds
# nothing of `make all` left to build. Once the default goal was whatever
# target an included .mk file happened to define first.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2016 # the inner sh expands $f
git ls-files -z --cached --others --exclude-standard |
	xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar -c --null -T - -f - | tar -x -C "$tmp" -f -
if [ -e "$tmp/build" ] || [ -e "$tmp/ihk/ihk.ko" ]; then
	fail bare_make_builds_every_artifact "the copy is not clean: $(ls "$tmp")"
	exit 1
fi

# A bare make, not the one scripts/check may run under: its flags and
# jobserver stay out. -j is an option, not a goal.
out=$(cd "$tmp" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	make -j"$(nproc)" 2>&1)
rc=$?
if [ $rc != 0 ]; then
	fail bare_make_builds_every_artifact "make exited $rc: $(tail -n 5 <<<"$out" | tr '\n' '|')"
	exit 1
fi

missing=""
for f in ihk/ihk.ko build/lwk/lwk.elf build/proxy/mcexec \
	 build/userspace/libihk.a build/userspace/ihkconfig \
	 build/userspace/ihkosctl build/unit/unit-tests; do
	[ -s "$tmp/$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
	fail bare_make_builds_every_artifact "missing after a bare make:$missing"
	exit 1
fi
left=$(cd "$tmp" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	make -n host 2>/dev/null | head -n 3 | tr '\n' '|')
if ! (cd "$tmp" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	make -q host 2>/dev/null); then
	fail bare_make_builds_every_artifact "make all still had work after a bare make: $left"
	exit 1
fi
pass bare_make_builds_every_artifact
