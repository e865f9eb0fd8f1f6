# vm-options: --timeout 300
# Guest tests of the mirror, mcexec's view of its LWK process's memory:
# after munmap an offloaded call sees the new memory at that address, not
# the old pages (the LWK has the module zap the mirror before it reuses
# them), and obeys the page rights the program set (mirror_prot), for glibc
# and musl; and /dev/mcosN's mirror gives root or nobody
# nothing but their own LWK process's memory (mirror_guard). Afterwards the
# LWK's memory is all back and no process is left.
# shellcheck source=lib.sh
. /root/lib.sh

need_lwk_running mcexec_mirror_lwk_running

base=$(lwk_free)
for l in glibc musl; do
	same_as_native mirror_zap_$l 0 $APPS/mirror_zap-$l
	check mirror_zap_${l}_says '$(head -c 300 /tmp/mcexec.out | flat)' \
		grep -qx "mirror after munmap, 8 rounds: all correct" /tmp/mcexec.out
	# Offloaded calls obey the program's page rights, mprotect included.
	same_as_native mirror_prot_$l 0 $APPS/mirror_prot-$l
done

$APPS/mirror_guard /dev/mcos0 >/tmp/guard.out 2>&1
check mirror_guard_root '$(head -c 600 /tmp/guard.out | flat)' \
	grep -qx "mirror guard: all correct" /tmp/guard.out
as_nobody "$APPS/mirror_guard /dev/mcos0" >/tmp/guard.out 2>&1
check mirror_guard_nobody '$(head -c 600 /tmp/guard.out | flat)' \
	grep -qx "mirror guard: all correct" /tmp/guard.out

# ZAP against faults: reader threads fault the mirror at an address the
# LWK process maps and unmaps in a loop; each fault pauses between its
# walk and its insert (the module's fault-injection knob), so a ZAP that
# does not wait for faults in flight lets a stale insert land after it.
delay=/sys/module/ihk/parameters/mirror_fault_delay_us
for who in root nobody; do
	echo 200 >$delay
	if [ $who = root ]; then
		$APPS/mirror_race /dev/mcos0 300 3 0 >/tmp/race.out 2>&1
	else
		as_nobody "$APPS/mirror_race /dev/mcos0 300 3 0" >/tmp/race.out 2>&1
	fi
	echo 0 >$delay
	check mirror_race_$who '$(head -c 600 /tmp/race.out | flat)' \
		grep -q "^mirror race, 300 rounds, .* no freed page seen" /tmp/race.out
done
$APPS/mirror_race /dev/mcos0 2000 2 100 >/tmp/race.out 2>&1
check mirror_race_no_delay '$(head -c 600 /tmp/race.out | flat)' \
	grep -q "^mirror race, 2000 rounds, .* no freed page seen" /tmp/race.out

check mcexec_mirror_no_process_left '$(lwk_processes | flat)' no_lwk_process
check mcexec_mirror_lwk_memory_back 'LWK free $(lwk_free), baseline $base' \
	lwk_free_back "$base"
check mcexec_mirror_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
