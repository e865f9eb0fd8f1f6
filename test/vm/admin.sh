# vm-options: --timeout 600
# vm-alone: it raises kernel lockdown at the end, which nothing can lift
# Guest tests of who may use an instance: ping and ikc_stress are root's;
# an admin gives /dev/mcos0 to a group (ihkosctl 0 access group GROUP) and
# others then cannot open it or run mcexec, nor start a process on a file
# they opened before; a user holds at most max_procs_per_user LWK
# processes (default: all LWK CPUs but one), root is not limited; under
# kernel lockdown, LOAD and BOOT are refused (last: it cannot be lifted).
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running admin_lwk_running

PARAM=/sys/module/ihk/parameters/max_procs_per_user

# --- ping and ikc_stress: root's ----------------------------------------
expect_line nobody_may_not_ping 1 '^ihkosctl: cannot ping instance 0: needs root' \
	as_nobody "ihkosctl 0 ping -c 5"
expect_line nobody_may_not_stress 1 '^ihkosctl: cannot stress instance 0: needs root' \
	as_nobody "ihkosctl 0 ikc_stress -n 10"
expect root_may_ping ihkosctl 0 ping -c 5
expect root_may_stress ihkosctl 0 ikc_stress -n 1000

# --- the device given to a group ------------------------------------------
# alice (uid 1000, own group 1000) is in lwk (1001) as a supplementary group.
echo 'alice:x:1000:1000:alice:/tmp:/bin/sh' >>/etc/passwd
printf 'alice:x:1000:\nlwk:x:1001:alice\n' >>/etc/group

# A file opened by nobody while the node is still open to all.
rm -f /tmp/go
as_nobody "$APPS/create_later /dev/mcos0 /tmp/go" >/tmp/later.out 2>&1 &
later=$!
wait_for_line /tmp/later.out opened 30

expect access_group_set ihkosctl 0 access group lwk
got=$(stat -c '%U:%G %a' /dev/mcos0)
check access_group_node "node is '$got'" [ "$got" = "root:lwk 660" ]
as_user alice "mcexec $APPS/hello-static" >/tmp/alice.out 2>&1
check group_member_runs "exit $?: $(head -c 300 /tmp/alice.out | flat)" \
	grep -q '^hello' /tmp/alice.out
expect_line nonmember_mcexec_refused 1 \
	"^mcexec: cannot use instance 0: /dev/mcos0 is for group 'lwk' only, and you are not in it" \
	as_nobody "mcexec $APPS/hello-static"
expect_line nonmember_mcexec_n_refused 1 \
	"^mcexec: cannot use instance 0: /dev/mcos0 is for group 'lwk' only" \
	as_nobody "mcexec -n 0 $APPS/hello-static"
expect_line nonmember_status_refused 1 'permission denied' as_nobody "ihkosctl 0 status"
touch /tmp/go
wait $later
check preopened_file_cannot_create '$(flat </tmp/later.out)' \
	grep -qx 'create: Permission denied' /tmp/later.out
expect_line nobody_may_not_set_access 1 \
	"^ihkosctl: cannot open instance 0 to group 'lwk': needs root" \
	as_nobody "ihkosctl 0 access group lwk"
expect_line access_unknown_group 2 "^ihkosctl: bad group 'nosuchgroup': no such group" \
	ihkosctl 0 access group nosuchgroup
expect access_all_set ihkosctl 0 access all
got=$(stat -c '%U:%G %a' /dev/mcos0)
check access_all_node "node is '$got'" [ "$got" = "root:root 666" ]
as_nobody "mcexec $APPS/hello-static" >/tmp/nobody.out 2>&1
check nobody_runs_again "exit $?: $(head -c 300 /tmp/nobody.out | flat)" \
	grep -q '^hello' /tmp/nobody.out
check access_no_lwk_process '$(lwk_processes | flat)' no_lwk_process

# --- processes per user -------------------------------------------------
# holder: nobody's LWK process, reading a FIFO until we close our end.
mkfifo /tmp/hold
chmod 666 /tmp/hold
as_nobody "mcexec $APPS/copy-glibc </tmp/hold >/dev/null 2>&1" &
holder=$!
exec 7>/tmp/hold
check limit_holder_runs '$(lwk_processes | flat)' wait_until 10 lwk_nprocs_is 1
check limit_default '$(cat $PARAM)' [ "$(cat $PARAM)" = -1 ]
# Two LWK CPUs: one process per user by default.
expect_line limit_second_refused 1 \
	'^mcexec: you already run as many LWK processes on instance 0 as one user may \(1: all of its 2 CPUs but one, ihk.ko parameter max_procs_per_user=-1\)' \
	as_nobody "mcexec $APPS/hello-static"
mcexec $APPS/hello-static >/tmp/root.out 2>&1
check limit_root_exempt "exit $?: $(head -c 300 /tmp/root.out | flat)" \
	grep -q '^hello' /tmp/root.out
as_user alice "mcexec $APPS/hello-static" >/tmp/alice.out 2>&1
check limit_other_user_runs "exit $?: $(head -c 300 /tmp/alice.out | flat)" \
	grep -q '^hello' /tmp/alice.out
echo 2 >$PARAM
as_nobody "mcexec $APPS/hello-static" >/tmp/nobody.out 2>&1
check limit_raised_runs "exit $?: $(head -c 300 /tmp/nobody.out | flat)" \
	grep -q '^hello' /tmp/nobody.out
echo 1 >$PARAM
expect_line limit_explicit_refused 1 \
	'^mcexec: you already run as many LWK processes on instance 0 as one user may \(1: ihk.ko parameter max_procs_per_user\)' \
	as_nobody "mcexec $APPS/hello-static"
echo 0 >$PARAM
as_nobody "mcexec $APPS/hello-static" >/tmp/nobody.out 2>&1
check limit_off_runs "exit $?: $(head -c 300 /tmp/nobody.out | flat)" \
	grep -q '^hello' /tmp/nobody.out
echo -1 >$PARAM
exec 7>&-
wait $holder
rc=$?
check limit_holder_exit0 "exit $rc" [ $rc = 0 ]
check limit_no_lwk_process '$(lwk_processes | flat)' no_lwk_process
check admin_kernel_log_clean '$(dmesg | grep -E "BUG|WARNING|Oops" | head -n 3 | flat)' \
	sh -c '! dmesg | grep -qE "BUG|WARNING|Oops"'

# --- lockdown: LOAD and BOOT refused (cannot be undone: last) ------------
mkdir -p /sys/kernel/security
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
expect lockdown_shutdown ihkosctl 0 shutdown
echo integrity >/sys/kernel/security/lockdown
check lockdown_on '$(cat /sys/kernel/security/lockdown)' \
	grep -q '\[integrity\]' /sys/kernel/security/lockdown
expect_line lockdown_load_refused 1 \
	"^ihkosctl: cannot load '/lib/ihk/lwk.elf' into instance 0: the kernel is locked down \(integrity\)" \
	ihkosctl 0 load /lib/ihk/lwk.elf
expect_line lockdown_boot_refused 1 \
	'^ihkosctl: cannot boot instance 0: the kernel is locked down \(integrity\)' \
	ihkosctl 0 boot
check lockdown_still_shutdown 'status $(lwk_status)' [ "$(lwk_status)" = SHUTDOWN ]
