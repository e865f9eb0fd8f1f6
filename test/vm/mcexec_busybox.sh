# vm-options: --timeout 400
# Guest tests of a real static program under mcexec: the guest's busybox
# (/bin/busybox, static glibc). echo, cat, wc, md5sum, sort and ls give the
# same output and exit status as natively, fed through files and pipes.
# shellcheck source=lib.sh
. /root/lib.sh

BB=/bin/busybox

need_lwk_running mcexec_busybox_lwk_running

# piped NAME RC INPUT-FILE APPLET ARGS...: INPUT-FILE piped into the
# applet, natively and under mcexec: same stdout, stderr and status RC.
piped() {
	local name=$1 want=$2 in=$3 nrc mrc
	shift 3
	# shellcheck disable=SC2002 # stdin a pipe, on purpose
	cat "$in" | $BB "$@" >/tmp/native.out 2>/tmp/native.err
	nrc=$?
	# shellcheck disable=SC2002 # stdin a pipe, on purpose
	cat "$in" | mcexec $BB "$@" >/tmp/mcexec.out 2>/tmp/mcexec.err
	mrc=$?
	native_verdict "$name" "$want" $nrc $mrc $BB "$@"
}

mkdir -p /tmp/bb/dir/sub
head -c 1048576 /dev/urandom >/tmp/bb/random
seq 1 20000 | sed 's/$/ line/' >/tmp/bb/lines
awk 'BEGIN { srand(6); for (i = 0; i < 5000; i++) printf "%d %s\n", int(rand() * 100000), substr("zyxwvutsrq", i % 10 + 1) }' \
	>/tmp/bb/unsorted
: >/tmp/bb/empty
i=0
while [ $i -lt 50 ]; do
	echo $i >/tmp/bb/dir/f$i
	i=$((i + 1))
done
ln -s f1 /tmp/bb/dir/link
cd /tmp/bb || exit 1

same_as_native bb_echo 0 $BB echo hello "two  spaces" '*' ""
same_as_native bb_echo_n_e 0 $BB echo -ne 'a\tb\\n\x41'
same_as_native bb_cat_binary_file 0 $BB cat /tmp/bb/random
same_as_native bb_cat_files 0 $BB cat /tmp/bb/lines /tmp/bb/empty /tmp/bb/lines
same_as_native bb_cat_missing 1 $BB cat /tmp/bb/nonexistent
piped bb_cat_pipe 0 /tmp/bb/random cat
same_as_native bb_wc_files 0 $BB wc /tmp/bb/lines /tmp/bb/random /tmp/bb/empty
piped bb_wc_pipe 0 /tmp/bb/lines wc -l
same_as_native bb_md5sum_files 0 $BB md5sum /tmp/bb/random /tmp/bb/lines /tmp/bb/empty
piped bb_md5sum_pipe 0 /tmp/bb/random md5sum
same_as_native bb_sort 0 $BB sort /tmp/bb/unsorted
same_as_native bb_sort_numeric_reverse 0 $BB sort -n -r /tmp/bb/unsorted
piped bb_sort_pipe_unique 0 /tmp/bb/unsorted sort -u -k2
same_as_native bb_ls 0 $BB ls /tmp/bb/dir
same_as_native bb_ls_long 0 $BB ls -la /tmp/bb/dir
same_as_native bb_ls_recursive 0 $BB ls -R /tmp/bb
same_as_native bb_ls_relative 0 $BB ls -l dir
same_as_native bb_ls_missing 1 $BB ls /tmp/bb/nonexistent
# The applet named by argv[0]: a symlink to busybox, run through it.
same_as_native bb_applet_by_symlink 0 /bin/echo via symlink
# A pipeline of two mcexec runs (one LWK process per LWK CPU: this guest's
# LWK has two).
mcexec $BB cat /tmp/bb/unsorted | mcexec $BB sort -n | $BB md5sum >/tmp/mc.sum
$BB cat /tmp/bb/unsorted | $BB sort -n | $BB md5sum >/tmp/native.sum
check bb_pipeline_of_mcexecs '$(cat /tmp/mc.sum) vs $(cat /tmp/native.sum)' \
	cmp -s /tmp/mc.sum /tmp/native.sum
cd /root || exit 1
rm -rf /tmp/bb
check mcexec_busybox_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
check mcexec_busybox_no_process_left '$(lwk_processes | flat)' no_lwk_process
