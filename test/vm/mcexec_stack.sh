# vm-options: --timeout 400
# Guest tests of mcexec under every stack limit and mmap layout a shell
# can set up: the default limit, a finite one (soft and hard), `ulimit -s
# unlimited` and the ADDR_COMPAT_LAYOUT personality (`setarch -L`). The last
# two make Linux lay mcexec out bottom-up from a third of the address space
# (the legacy layout), inside the LWK range mcexec must mirror. Each time
# the program (glibc and musl) sees the same limits as natively
# (test/apps/stack_limit.c), and hello runs as natively. When the range
# still cannot be had (vm.legacy_va_layout=1), one clear line says why.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_stack_lwk_running

base=$(lwk_free)

# limits_as_native NAME: stack_limit and hello, glibc and musl (hello
# static-PIE too), give the same output and exit natively and under mcexec,
# in the current shell's limits; argv_auxv too.
limits_as_native() {
	local l v
	for l in glibc musl; do
		same_as_native "${1}_limits_$l" 0 $APPS/stack_limit-$l
	done
	for v in static pie musl; do
		same_as_native "${1}_hello_$v" 0 $APPS/hello-$v a b
	done
	# The same argv and environment (envc: nothing of mcexec's own added).
	MCT_X=y same_as_native "${1}_args_env" 0 $APPS/argv_auxv-musl one "two words"
}

# The limits as inherited (soft 8 MiB, hard unlimited).
limits_as_native default
# Soft and hard finite: busybox's ulimit sets both.
(ulimit -s 16384 && limits_as_native finite_16m)
# Soft finite, hard unlimited.
(ulimit -S -s 12288 && limits_as_native soft_12m)
# Unlimited: the legacy layout for mcexec.
(ulimit -s unlimited && limits_as_native unlimited)
(ulimit -s unlimited && mcexec $APPS/stack_limit-musl >/tmp/unl.out 2>&1)
check unlimited_seen_as_unlimited "exit $?: $(head -c 300 /tmp/unl.out | flat)" \
	grep -qx 'getrlimit soft unlimited hard unlimited' /tmp/unl.out
# Unprivileged too.
as_nobody "ulimit -s unlimited && mcexec $APPS/hello-musl x" >/tmp/nobody.out 2>&1
check unlimited_as_nobody "exit $?: $(head -c 300 /tmp/nobody.out | flat)" \
	grep -qx "hello from $APPS/hello-musl (1 argument)" /tmp/nobody.out

# setarch -L: the personality bit, which the program sees set as natively.
for l in glibc musl; do
	$APPS/compat_layout $APPS/stack_limit-$l >/tmp/native.out 2>&1
	nrc=$?
	$APPS/compat_layout mcexec $APPS/stack_limit-$l >/tmp/mcexec.out 2>&1
	mrc=$?
	check compat_layout_limits_$l "exit $mrc (native $nrc): $(diff /tmp/native.out /tmp/mcexec.out | head -n 8 | flat)" \
		sh -c "[ $nrc = 0 ] && [ $mrc = 0 ] && cmp -s /tmp/native.out /tmp/mcexec.out"
done
check compat_layout_seen_set '$(flat </tmp/mcexec.out)' grep -qx 'compat layout 1' /tmp/mcexec.out
(ulimit -s unlimited && $APPS/compat_layout mcexec $APPS/hello-static y >/tmp/hello.out 2>&1)
check compat_layout_unlimited_hello "exit $?: $(head -c 300 /tmp/hello.out | flat)" \
	grep -qx "hello from $APPS/hello-static (1 argument)" /tmp/hello.out

# The legacy layout forced for every process: mcexec cannot get the range
# and says so on one line, naming the collision and the setting, exit 1.
echo 1 >/proc/sys/vm/legacy_va_layout
mcexec $APPS/hello-static </dev/null >/tmp/legacy.out 2>/tmp/legacy.err
rc=$?
echo 0 >/proc/sys/vm/legacy_va_layout
check legacy_sysctl_refused "exit $rc: $(head -c 400 /tmp/legacy.err | flat)" \
	sh -c "[ $rc = 1 ] && [ ! -s /tmp/legacy.out ] && [ \$(wc -l </tmp/legacy.err) = 1 ] &&
		grep -q 'lies in the LWK range' /tmp/legacy.err &&
		grep -q 'vm.legacy_va_layout' /tmp/legacy.err && ! grep -qi pie /tmp/legacy.err"

check mcexec_stack_no_process_left '$(lwk_processes | flat)' no_lwk_process
check mcexec_stack_lwk_memory_back 'LWK free $(lwk_free), baseline $base' \
	lwk_free_back "$base"
check mcexec_stack_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
