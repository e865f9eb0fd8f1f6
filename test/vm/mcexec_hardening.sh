# vm-options: --timeout 400
# Guest tests of what an LWK program cannot do to its mcexec, and of its
# address-space layout randomization, for glibc and musl:
# - pointer arguments at and across 0x400000000000, the mirror's end,
#   give what Linux gives natively for memory mapped up to there only
#   (offload_guard ends);
# - mcexec's own memory (its stack, from /proc/self/maps, which is
#   mcexec's) cannot be read or written through offloaded calls, and the
#   calls that would reshape mcexec or copy its /dev/mcosN fd are refused
#   (offload_guard mcexec), as root and as nobody;
# - two runs place the stack, the mmap area and a static-PIE's base
#   differently, and not under ADDR_NO_RANDOMIZE (norand, as setarch -R)
#   or randomize_va_space 0; AT_RANDOM always differs; everything stays
#   inside the mirror's range.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_hardening_lwk_running

base=$(lwk_free)
for l in glibc musl; do
	same_as_native offload_guard_ends_$l 0 $APPS/offload_guard-$l ends
	mcexec $APPS/offload_guard-$l mcexec >/tmp/og.out 2>&1
	check offload_guard_mcexec_$l "exit $?: $(grep -v '^offload guard' /tmp/og.out | head -c 900 | flat)" \
		grep -qx "offload guard: all correct" /tmp/og.out
done
as_nobody "mcexec $APPS/offload_guard-glibc mcexec" >/tmp/og.out 2>&1
check offload_guard_mcexec_nobody "exit $?: $(head -c 900 /tmp/og.out | flat)" \
	grep -qx "offload guard: all correct" /tmp/og.out

# in_mirror ADDR: inside [IHK_MC_USER_START, IHK_MC_USER_END).
in_mirror() {
	[ -n "$1" ] && [ $(($1 >= 0x10000 && $1 < 0x400000000000)) = 1 ]
}

# layout NAME PREFIX... : runs "PREFIX... mcexec aslr" twice into
# /tmp/NAME.1 and /tmp/NAME.2, checking both runs succeed and stay inside
# the mirror.
layout() {
	local name=$1 prog=$2 i f ok=1
	shift 2
	for i in 1 2; do
		"$@" mcexec "$prog" >"/tmp/$name.$i" 2>&1 || ok=0
		for f in stack mmap main; do
			in_mirror "$(value_of $f "/tmp/$name.$i")" || ok=0
		done
	done
	check "${name}_runs_in_mirror" "$(cat "/tmp/$name.1" "/tmp/$name.2" | flat)" [ $ok = 1 ]
}

# differ NAME FIELD / same NAME FIELD: between the two runs of NAME.
differ() {
	check "${1}_${2}_differs" "both runs: $(value_of "$2" "/tmp/$1.1")" \
		[ "$(value_of "$2" "/tmp/$1.1")" != "$(value_of "$2" "/tmp/$1.2")" ]
}
same() {
	check "${1}_${2}_same" "$(value_of "$2" "/tmp/$1.1") then $(value_of "$2" "/tmp/$1.2")" \
		[ "$(value_of "$2" "/tmp/$1.1")" = "$(value_of "$2" "/tmp/$1.2")" ]
}

for l in glibc musl pie; do
	layout aslr_$l $APPS/aslr-$l env
	differ aslr_$l stack
	differ aslr_$l mmap
	differ aslr_$l random
	# Only a PIE moves; a static ET_EXEC is linked where it runs.
	if [ $l = pie ]; then differ aslr_$l main; else same aslr_$l main; fi
done

layout norand_pie $APPS/aslr-pie $APPS/norand
same norand_pie stack
same norand_pie mmap
same norand_pie main
differ norand_pie random
check norand_pie_at_fixed_base "main $(value_of main /tmp/norand_pie.1)" \
	[ $(($(value_of main /tmp/norand_pie.1) >> 40)) = 16 ]

old=$(cat /proc/sys/kernel/randomize_va_space)
echo 0 >/proc/sys/kernel/randomize_va_space
layout va_space_0_pie $APPS/aslr-pie env
echo "$old" >/proc/sys/kernel/randomize_va_space
same va_space_0_pie stack
same va_space_0_pie mmap
same va_space_0_pie main
differ va_space_0_pie random
check va_space_0_same_as_norand "$(cat /tmp/va_space_0_pie.1 /tmp/norand_pie.1 | flat)" \
	[ "$(grep -v random /tmp/va_space_0_pie.1)" = "$(grep -v random /tmp/norand_pie.1)" ]

check mcexec_hardening_no_process_left '$(lwk_processes | flat)' no_lwk_process
check mcexec_hardening_lwk_memory_back 'LWK free $(lwk_free), baseline $base' \
	lwk_free_back "$base"
check mcexec_hardening_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
grep -m1 -o rdrand /proc/cpuinfo >/dev/null && echo "note: the CPU has RDRAND" ||
	echo "note: no RDRAND: the LWK's mmap offsets come from the TSC"
