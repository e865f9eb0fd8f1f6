#!/bin/sh
# Tear down everything ihk holds: shut down every booted LWK, destroy every
# instance, give all reserved CPUs and memory back to Linux (and with -u
# unload ihk.ko). Safe to run again: with nothing to do it does nothing.
#
# Exit status: 0 nothing is left, 1 something could not be undone (said on
# stderr), 2 bad usage. POSIX sh: the test guest has busybox only.

me=mcstop.sh
top=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	cat <<'USAGE'
usage: mcstop.sh [-u]
  -u  also unload ihk.ko
  -h  this text
USAGE
}

say() {
	echo "$me: $*" >&2
}

tool() {
	if command -v "$1" >/dev/null 2>&1; then
		command -v "$1"
	else
		echo "$top/build/userspace/$1"
	fi
}

unload=0
while getopts :uh opt; do
	case "$opt" in
	u) unload=1 ;;
	h) usage; exit 0 ;;
	*) say "unknown option -$OPTARG (see -h)"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { say "unexpected argument '$1' (see -h)"; exit 2; }

if [ ! -e /dev/ihk ]; then
	if [ $unload = 1 ] && grep -q '^ihk ' /proc/modules 2>/dev/null; then
		rmmod ihk || { say "cannot unload ihk.ko"; exit 1; }
	fi
	exit 0
fi

ihkconfig=$(tool ihkconfig)
ihkosctl=$(tool ihkosctl)
failed=0

list=$("$ihkconfig" list) || { say "cannot list instances"; exit 1; }
echo "$list" | while read -r n status; do
	[ -n "$n" ] || continue
	case "$status" in
	INACTIVE|SHUTDOWN) ;;
	# Destroy would shut it down too; doing it first names the failure.
	*) "$ihkosctl" "$n" shutdown || say "instance $n: shutdown failed; destroying it anyway" ;;
	esac
	"$ihkconfig" destroy "$n" || say "instance $n: destroy failed"
done
[ -z "$("$ihkconfig" list)" ] || failed=1

reserved=$("$ihkconfig" query cpu | sed -n 's/^reserved: //p')
if [ -n "$reserved" ] && [ "$reserved" != none ]; then
	"$ihkconfig" release cpu all || failed=1
fi
if grep -q '^chunk' /proc/ihk/resources; then
	"$ihkconfig" release mem all || failed=1
fi

if [ $unload = 1 ] && [ $failed = 0 ]; then
	rmmod ihk || { say "cannot unload ihk.ko"; failed=1; }
fi
[ $failed = 0 ] || say "could not give everything back; see the errors above"
exit $failed
