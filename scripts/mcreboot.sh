#!/bin/sh
# Bring up a lightweight kernel: load ihk.ko if needed, reserve CPUs and
# memory, create an instance with all of them, load the image and its
# arguments, boot it. On failure it undoes what it did and says why.
#
# Exit status: 0 the LWK runs, 1 failed or refused (nothing left behind),
# 2 bad command line.
# POSIX sh: the test guest has busybox only.

me=mcreboot.sh
top=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	cat <<'USAGE'
usage: mcreboot.sh [-c CPULIST] [-m MEMSPEC] [-k KARGS] [-i IMAGE] [-M MODULE]
  -c CPULIST  CPUs for the LWK, e.g. 2-3 (default: the upper half of the
              online CPUs, never CPU 0)
  -m MEMSPEC  its memory: SIZE[@NODE],... e.g. 512M, 1G@1, 256M@0,256M@1
              (default 512M)
  -k KARGS    its kernel arguments (default: none)
  -i IMAGE    the LWK image (default /lib/ihk/lwk.elf, else build/lwk/lwk.elf
              of this source tree)
  -M MODULE   ihk.ko, loaded if it is not (default /lib/ihk/ihk.ko, else
              ihk/ihk.ko of this source tree)
  -h          this text
Needs root and nothing else set up: run mcstop.sh first to start over.
USAGE
}

say() {
	echo "$me: $*" >&2
}

usage_error() {
	say "$*"
	exit 2
}

# The first of the arguments that exists, else the first one.
first_existing() {
	for f in "$@"; do
		if [ -e "$f" ]; then
			echo "$f"
			return
		fi
	done
	echo "$1"
}

# A tool from PATH, else from this source tree's build directory.
tool() {
	if command -v "$1" >/dev/null 2>&1; then
		command -v "$1"
	else
		echo "$top/build/userspace/$1"
	fi
}

# default_cpus ONLINE: the upper half of the online CPUs ONLINE, for "0-N"
# with N >= 1.
default_cpus() {
	case "$1" in
	0-[0-9]*) last=${1#0-} ;;
	*) last="" ;;
	esac
	case "$last" in
	''|*[!0-9]*) return 1 ;;
	esac
	first=$(((last + 1) / 2))
	[ "$first" -ge 1 ] || first=1
	if [ "$first" = "$last" ]; then
		echo "$last"
	else
		echo "$first-$last"
	fi
}

cpus=""
mem=512M
kargs=""
set_kargs=0
image=""
module=""
while getopts :c:m:k:i:M:h opt; do
	case "$opt" in
	c) cpus=$OPTARG ;;
	m) mem=$OPTARG ;;
	k) kargs=$OPTARG; set_kargs=1 ;;
	i) image=$OPTARG ;;
	M) module=$OPTARG ;;
	h) usage; exit 0 ;;
	:) usage_error "option -$OPTARG needs a value (see -h)" ;;
	*) usage_error "unknown option -$OPTARG (see -h)" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage_error "unexpected argument '$1' (see -h)"

[ -n "$image" ] || image=$(first_existing /lib/ihk/lwk.elf "$top/build/lwk/lwk.elf")
[ -n "$module" ] || module=$(first_existing /lib/ihk/ihk.ko "$top/ihk/ihk.ko")
if [ -z "$cpus" ]; then
	# Read here, not in default_cpus: that runs in a subshell, and the
	# message below names what it saw.
	online=$(cat /sys/devices/system/cpu/online 2>/dev/null)
	cpus=$(default_cpus "$online") ||
		usage_error "cannot pick CPUs from online CPUs '$online': give -c CPULIST"
fi
[ -r "$image" ] || { say "cannot read the LWK image '$image' (see -i)"; exit 1; }
ihkconfig=$(tool ihkconfig)
ihkosctl=$(tool ihkosctl)
if [ ! -x "$ihkconfig" ] || [ ! -x "$ihkosctl" ]; then
	usage_error "ihkconfig and ihkosctl not found in PATH or $top/build/userspace"
fi

# What we did, so a failure can undo it in reverse.
loaded=0
reserved_cpus=0
reserved_mem=0
instance=""

undo() {
	[ -n "$instance" ] && "$ihkconfig" destroy "$instance"
	[ $reserved_cpus = 1 ] && "$ihkconfig" release cpu all
	[ $reserved_mem = 1 ] && "$ihkconfig" release mem all
	[ $loaded = 1 ] && rmmod ihk
}

# fail WHAT: the tool has said why; say what we were doing and undo it all.
fail() {
	say "$1 failed; undoing the bring-up"
	undo
	exit 1
}

if [ ! -e /dev/ihk ]; then
	[ -r "$module" ] || { say "ihk.ko is not loaded and '$module' cannot be read (see -M)"; exit 1; }
	insmod "$module" || { say "cannot load '$module'"; exit 1; }
	loaded=1
fi

# Start from nothing: then "assign mem all" is exactly what we reserve.
list=$("$ihkconfig" list) || fail "listing instances"
if [ -n "$list" ]; then
	say "instances exist already ($(echo "$list" | awk '{ print $1 }' | paste -sd, -)); run mcstop.sh first"
	exit 1
fi
reserved=$("$ihkconfig" query cpu | sed -n 's/^reserved: //p')
if [ "$reserved" != none ]; then
	say "CPUs are reserved already ($reserved); run mcstop.sh first"
	exit 1
fi
if grep -q '^chunk' /proc/ihk/resources 2>/dev/null; then
	say "memory is reserved already; run mcstop.sh first"
	exit 1
fi

"$ihkconfig" reserve cpu "$cpus" || fail "reserving CPUs $cpus"
reserved_cpus=1
"$ihkconfig" reserve mem "$mem" || fail "reserving memory $mem"
reserved_mem=1
instance=$("$ihkconfig" create) || { instance=""; fail "creating an instance"; }
"$ihkosctl" "$instance" assign cpu "$cpus" || fail "assigning CPUs"
"$ihkosctl" "$instance" assign mem all || fail "assigning memory"
"$ihkosctl" "$instance" load "$image" || fail "loading the image"
if [ $set_kargs = 1 ]; then
	"$ihkosctl" "$instance" kargs "$kargs" || fail "setting kernel arguments"
fi
"$ihkosctl" "$instance" boot || fail "booting"
echo "$me: instance $instance is $("$ihkosctl" "$instance" status) on CPUs $cpus with $mem"
