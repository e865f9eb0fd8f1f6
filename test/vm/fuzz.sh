# vm-options: --timeout 900
# vm-alone: random syscalls as root may change the guest in ways a reset does not undo
# The short fuzz run of make check (make fuzz is the long one): 3,000
# random ioctls on /dev/ihk and /dev/mcos0 as root and 3,000 as nobody,
# then 20,000 random syscalls under mcexec as nobody, in batches of 5,000.
# After each part: instance 0 RUNNING, no oops/WARN/BUG in dmesg, no
# panic on the LWK console, no LWK process left, the LWK's and Linux's free
# memory back. The seed is fixed so that make check is repeatable (make
# fuzz takes a new one each run); test/fuzz/guest.sh does the work.
# shellcheck source=lib.sh
. /root/lib.sh

# Bugs the fuzzers found, each its own check first.
# A syscall number with high bits is its low 32 bits, on the LWK as on Linux.
as_nobody "mcexec /usr/lib/ihk-test/fuzz/nr_high" </dev/null >/tmp/nr_high.out 2>&1
check fuzz_found_nr_high_bits "exit $?: $(flat </tmp/nr_high.out)" grep -qx "nr_high: ok" /tmp/nr_high.out

sh /usr/lib/ihk-test/fuzz/guest.sh 3000 20000 1 5000
