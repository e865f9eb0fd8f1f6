# vm-options: --no-lwk
# Guest tests: the tools refuse a loaded ihk.ko of another ABI with a clear
# message, instead of passing it structs it would misread.
# shellcheck source=lib.sh
. /root/lib.sh

real=$(cat /proc/ihk/version)
expect tools_work_with_their_own_module ihkconfig create

# Pretend the loaded module is from another build: bind a different
# version line over /proc/ihk/version.
echo "ihk 0.0.1 abi 1" >/tmp/version
mount -o bind /tmp/version /proc/ihk/version
expect_fail other_abi_refused_by_ihkconfig \
	"the loaded ihk.ko speaks ABI 1, these tools ABI" ihkconfig list
expect_fail other_abi_refused_by_ihkosctl "speaks ABI 1" ihkosctl 0 query
umount /proc/ihk/version

if [ "$(cat /proc/ihk/version)" = "$real" ]; then
	expect tools_work_again ihkconfig destroy 0
else
	fail tools_work_again "version still '$(cat /proc/ihk/version)'"
fi
