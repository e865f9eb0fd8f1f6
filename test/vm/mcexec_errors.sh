# vm-options: --timeout 400
# Guest tests of mcexec refusing bad input with one clear line: a missing
# program (127), one not executable (126), not an ELF, the wrong
# architecture or class, a dynamic executable, a program too big for the
# LWK's memory (ENOMEM), a bad instance; then no LWK running (shut down,
# then destroyed), booted again at the end. After each: no LWK process
# left and the LWK's free memory back at its baseline; at the end Linux's
# free memory too.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_errors_lwk_running

# refused NAME RC PATTERN COMMAND...: exit status RC (or any non-zero
# one if RC is "nonzero"), one line on stderr saying PATTERN (an extended
# regular expression), nothing on stdout; then nothing left in the LWK.
refused() {
	local name=$1
	expect_refused "$@"
	check "${name}_no_lwk_process" '$(lwk_processes | flat)' no_lwk_process
	check "${name}_lwk_memory_back" 'LWK free $(lwk_free), baseline $base' \
		lwk_free_back "$base"
}

# patched FILE OFFSET OCTAL: a copy of hello-static with byte OFFSET set.
patched() {
	cp $APPS/hello-static "$1"
	# shellcheck disable=SC2059 # the format is the octal escape \NNN
	printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

mcexec $APPS/hello-static >/dev/null 2>&1	# warm up before the baselines
settle
free0=$(free_kib)
base=$(lwk_free)
check errors_lwk_free_known "no LWK free memory figure: '$base'" [ "${base:-0}" -gt 0 ]

mkdir -p /tmp/bad
refused missing_program 127 "/tmp/bad/nonexistent: No such file or directory" \
	mcexec /tmp/bad/nonexistent
refused missing_program_in_path 127 "no_such_program_here: (command )?not found|No such file" \
	mcexec no_such_program_here
cp $APPS/hello-static /tmp/bad/noexec
chmod -x /tmp/bad/noexec
refused not_executable 126 "/tmp/bad/noexec: Permission denied" mcexec /tmp/bad/noexec
refused directory 126 "/tmp/bad: (Is a directory|Permission denied)" mcexec /tmp/bad
printf '#!/bin/sh\necho this is a shell script, not an ELF file, and long enough\n' \
	>/tmp/bad/script
chmod +x /tmp/bad/script
refused shell_script nonzero "/tmp/bad/script: .*not an ELF" mcexec /tmp/bad/script
head -c 4096 /dev/urandom | tr -d '\177' >/tmp/bad/random
chmod +x /tmp/bad/random
refused random_bytes nonzero "/tmp/bad/random: .*not an ELF" mcexec /tmp/bad/random
printf '\177EL' >/tmp/bad/short
chmod +x /tmp/bad/short
refused too_short nonzero "/tmp/bad/short: .*(too short|not an ELF)" mcexec /tmp/bad/short
# e_machine (offset 18) 183: aarch64. EI_CLASS (offset 4) 1: 32-bit.
patched /tmp/bad/aarch64 18 267
refused wrong_architecture nonzero "/tmp/bad/aarch64: .*wrong architecture.*aarch64" \
	mcexec /tmp/bad/aarch64
patched /tmp/bad/elf32 4 001
refused elf_32bit nonzero "/tmp/bad/elf32: .*not a 64-bit ELF" mcexec /tmp/bad/elf32
refused dynamic nonzero "hello-dynamic: .*dynamic executables are not supported" \
	mcexec $APPS/hello-dynamic
refused too_big_for_lwk nonzero "Cannot allocate memory|ENOMEM|out of memory" \
	mcexec $APPS/big_bss-glibc
refused too_big_for_lwk_musl nonzero "Cannot allocate memory|ENOMEM|out of memory" \
	mcexec $APPS/big_bss-musl
check big_bss_runs_natively '$($APPS/big_bss-glibc 2>&1 | flat)' $APPS/big_bss-glibc
refused no_program_given nonzero "mcexec: .*program" mcexec
refused no_such_instance nonzero "instance 7" mcexec -n 7 $APPS/hello-static
mcexec -n 0 $APPS/hello-static >/tmp/n0.out 2>&1
check instance_0_by_option '$(flat </tmp/n0.out)' \
	grep -qx "hello from $APPS/hello-static (0 arguments)" /tmp/n0.out
check errors_hello_still_works '$(mcexec $APPS/hello-musl 2>&1 | flat)' \
	sh -c "mcexec $APPS/hello-musl >/dev/null"

# --- no LWK running ----------------------------------------------------------
if ihkosctl 0 shutdown >/tmp/shutdown.out 2>&1; then
	expect_refused no_lwk_shutdown_refused nonzero '[Nn]ot running|[Nn]o running' \
		mcexec $APPS/hello-static
else
	fail no_lwk_shutdown_refused "ihkosctl 0 shutdown: $(flat </tmp/shutdown.out)"
fi
if mcstop.sh >/tmp/mcstop.out 2>&1; then
	expect_refused no_lwk_destroyed_refused nonzero \
		'[Nn]o running LWK instance|does not exist' mcexec $APPS/hello-static
else
	fail no_lwk_destroyed_refused "mcstop.sh: $(flat </tmp/mcstop.out)"
fi
if mcreboot.sh -c 2-3 -m 512M >/tmp/bringup.out 2>&1; then
	check no_lwk_boot_again_works '$(mcexec $APPS/hello-static 2>&1 | flat)' \
		sh -c "[ \"\$(mcexec $APPS/hello-static)\" = 'hello from $APPS/hello-static (0 arguments)' ]"
else
	fail no_lwk_boot_again_works "mcreboot.sh: $(flat </tmp/bringup.out)"
fi
# The LWK up again as at the start: Linux's free memory as then.
settle
free1=$(free_kib)
check errors_linux_memory_back "free memory $free0 -> $free1 KiB" \
	[ $((free0 - free1)) -le $((free0 / 100)) ]
rm -rf /tmp/bad
