# vm-options: --timeout 600
# Guest tests of mcexec running ordinary programs (test/apps/, each built
# static with glibc and with musl): argv, envp, auxv and TLS; stdin, stdout
# and stderr through pipes and files; exit codes; the working directory;
# file I/O; directory listing; time. Each compares mcexec with the same
# program run natively in this guest.
# shellcheck source=lib.sh
. /root/lib.sh

LIBCS="glibc musl"

need_lwk_running mcexec_basic_lwk_running

# --- first of all: the simplest program --------------------------------------
scenario_hello() {
	local v
	for v in static pie musl; do
		mcexec $APPS/hello-$v a b >/tmp/hello.out 2>&1
		check hello_${v}_runs "exit $?: $(head -c 300 /tmp/hello.out | flat)" \
			grep -qx "hello from $APPS/hello-$v (2 arguments)" /tmp/hello.out
	done
}

# --- argv, envp, auxv, TLS -------------------------------------------------
scenario_args() {
	local l
	for l in $LIBCS pie; do
		MCT_PLAIN=value MCT_SPACES="a b  c" MCT_EMPTY='' \
			same_as_native "args_auxv_tls_$l" 0 "$APPS/argv_auxv-$l" one "two words" "" \
			'$HOME*' "$(printf 'tab\there')"
		# The program's own verdict, as a test of its own (it says which check).
		check "args_auxv_tls_${l}_verdict" '$(grep FAIL /tmp/mcexec.out | head -n 5 | flat)' \
			grep -qx "auxv/tls: all checks passed" /tmp/mcexec.out
	done
	# Many and long arguments: 1000 of them, one 100 KiB long.
	same_as_native args_many_glibc 0 $APPS/argv_auxv-glibc $(seq 1 1000) \
		"$(head -c 102400 /dev/zero | tr '\0' x)"
	# An empty environment: envc 0, and still all checks pass.
	env -i /usr/bin/mcexec $APPS/argv_auxv-musl >/tmp/envi.out 2>&1
	check args_empty_environment "exit $?: \$(head -c 300 /tmp/envi.out | flat)" \
		sh -c 'grep -qx "envc 0" /tmp/envi.out &&
			grep -qx "auxv/tls: all checks passed" /tmp/envi.out'
}

# --- stdin, stdout, stderr -----------------------------------------------------
scenario_stdio() {
	local l sum
	head -c 300001 /dev/urandom >/tmp/in
	sum=$(md5sum </tmp/in | cut -d' ' -f1)
	for l in $LIBCS; do
		# Pipes both ways; stderr to its own file.
		# shellcheck disable=SC2002 # stdin a pipe, on purpose
		cat /tmp/in | mcexec "$APPS/copy-$l" 2>/tmp/err | md5sum >/tmp/sum
		check "stdio_pipes_$l" '$(cat /tmp/sum) $(flat </tmp/err)' \
			sh -c "[ '$(cut -d' ' -f1 </tmp/sum)' = $sum ] &&
				[ \"\$(cat /tmp/err)\" = 'copy: 300001 bytes' ]"
		# Files both ways.
		rm -f /tmp/out
		mcexec "$APPS/copy-$l" </tmp/in >/tmp/out 2>/tmp/err
		check "stdio_files_$l" "exit $?: $(flat </tmp/err)" cmp -s /tmp/in /tmp/out
		# stderr apart from stdout, either way round.
		mcexec "$APPS/copy-$l" </tmp/in 2>&1 >/dev/null | cat >/tmp/err2
		check "stdio_stderr_separate_$l" '$(head -c 200 /tmp/err2 | flat)' \
			[ "$(cat /tmp/err2)" = "copy: 300001 bytes" ]
		# Files named on the command line and "-" in between; appending.
		printf 'first\n' >/tmp/a
		printf 'third\n' >/tmp/c
		printf 'zero\n' >/tmp/out
		printf 'second\n' | mcexec "$APPS/copy-$l" /tmp/a - /tmp/c >>/tmp/out 2>/tmp/err
		check "stdio_args_and_append_$l" '$(flat </tmp/out) $(flat </tmp/err)' \
			[ "$(flat </tmp/out)" = "zero|first|second|third|" ]
		# Empty stdin; a missing file gives the error on stderr, exit 1.
		same_as_native "stdio_empty_stdin_$l" 0 "$APPS/copy-$l"
		same_as_native "stdio_missing_file_$l" 1 "$APPS/copy-$l" /tmp/no/such/file
	done
	rm -f /tmp/in /tmp/out /tmp/a /tmp/c /tmp/err /tmp/err2 /tmp/sum
}

# --- exit codes --------------------------------------------------------------
# glibc: all of 0..255 (through exit_group at once), so a status cut to 7
# bits, taken as signed or mixed up with a signal number shows for some
# value. musl: the edges and a spread, through return, exit() and _exit().
scenario_exit_codes() {
	local n rc bad="" how l
	n=0
	while [ $n -le 255 ]; do
		mcexec $APPS/exit_code-glibc $n _exit >/tmp/exit.out 2>&1
		rc=$?
		[ $rc = $n ] && [ "$(cat /tmp/exit.out)" = "exiting $n" ] ||
			bad="$bad $n->$rc"
		n=$((n + 1))
	done
	check exit_codes_glibc_all_256 "wrong:$bad" [ -z "$bad" ]
	for how in return exit _exit; do
		bad=""
		for n in 0 1 2 3 42 100 125 126 127 128 129 130 137 143 200 254 255 256 257 -1; do
			$APPS/exit_code-musl $n $how >/tmp/native.out 2>&1
			want=$?
			mcexec $APPS/exit_code-musl $n $how >/tmp/exit.out 2>&1
			rc=$?
			[ $rc = $want ] && cmp -s /tmp/native.out /tmp/exit.out ||
				bad="$bad $n->$rc(native $want)"
		done
		check exit_codes_musl_spread_$how "wrong:$bad" [ -z "$bad" ]
	done
}

# --- the working directory ---------------------------------------------------
scenario_cwd() {
	local l
	rm -rf /tmp/cwd && mkdir -p /tmp/cwd/inner/sub
	for l in $LIBCS; do
		cd /tmp/cwd/inner || exit 1
		same_as_native "cwd_after_cd_$l" 0 "$APPS/cwd-$l"
		rm -f sub/cwd_probe
		same_as_native "cwd_chdir_inside_$l" 0 "$APPS/cwd-$l" sub
		check "cwd_chdir_creates_there_$l" "no /tmp/cwd/inner/sub/cwd_probe" \
			[ -f /tmp/cwd/inner/sub/cwd_probe ]
		rm -f sub/cwd_probe
		# The program's own path relative to the working directory.
		cd $APPS || exit 1
		mcexec "./cwd-$l" >/tmp/cwd.out 2>&1
		check "cwd_relative_program_$l" "exit $?: $(flat </tmp/cwd.out)" \
			[ "$(cat /tmp/cwd.out)" = "cwd $APPS" ]
		cd /tmp/cwd/inner || exit 1
		mcexec "../../../$APPS/cwd-$l" .. >/tmp/cwd.out 2>&1
		check "cwd_dotdot_$l" "exit $?: $(flat </tmp/cwd.out)" \
			[ "$(flat </tmp/cwd.out)" = "cwd /tmp/cwd/inner|cwd /tmp/cwd|" ]
		check "cwd_dotdot_creates_there_$l" "no /tmp/cwd/cwd_probe" [ -f /tmp/cwd/cwd_probe ]
		rm -f /tmp/cwd/cwd_probe
	done
	cd /root || exit 1
	rm -rf /tmp/cwd
}

# --- file I/O --------------------------------------------------------------
scenario_file_io() {
	local l
	mkdir -p /tmp/fio
	for l in $LIBCS; do
		same_as_native "file_io_8mib_$l" 0 "$APPS/file_io-$l" /tmp/fio
		check "file_io_nothing_left_$l" '$(ls -a /tmp/fio | flat)' \
			[ -z "$(ls -A /tmp/fio)" ]
	done
	rmdir /tmp/fio
}

# --- directory listing ------------------------------------------------------
scenario_list_dir() {
	local l i
	rm -rf /tmp/ld && mkdir -p /tmp/ld/subdir
	# 300 entries with long names: several getdents64 calls; every type.
	i=0
	while [ $i -lt 300 ]; do
		: >"/tmp/ld/file-$i-$(printf '%0100d' $i)"
		i=$((i + 1))
	done
	ln -s /nowhere /tmp/ld/dangling
	ln -s subdir /tmp/ld/link
	mkfifo /tmp/ld/fifo
	for l in $LIBCS; do
		same_as_native "list_dir_many_$l" 0 "$APPS/list_dir-$l" /tmp/ld
		check "list_dir_count_$l" '$(tail -n 1 /tmp/mcexec.out)' \
			[ "$(tail -n 1 /tmp/mcexec.out)" = "304 entries" ]
		same_as_native "list_dir_apps_$l" 0 "$APPS/list_dir-$l" $APPS
		same_as_native "list_dir_dev_$l" 0 "$APPS/list_dir-$l" /dev
		same_as_native "list_dir_missing_$l" 1 "$APPS/list_dir-$l" /tmp/ld/nonexistent
	done
	rm -rf /tmp/ld
}

# within N LOW HIGH: N is a number in [LOW, HIGH].
within() {
	[ -n "$1" ] && [ "$1" -ge "$2" ] 2>/dev/null && [ "$1" -le "$3" ]
}

# --- time --------------------------------------------------------------------
# CLOCK_REALTIME on the LWK against `date` in Linux: within 2 s of the
# interval around the run (TCG can stall a guest for a while, never 2 s
# off the clock). The program checks the rest (monotonic, sleeps >= 50 ms).
scenario_time() {
	local l before after rt rc
	for l in $LIBCS; do
		before=$(date +%s)
		mcexec "$APPS/clock-$l" >/tmp/clock.out 2>&1
		rc=$?
		after=$(date +%s)
		rt=$(sed -n 's/^realtime //p' /tmp/clock.out)
		check "time_realtime_agrees_$l" "LWK realtime '$rt', Linux $before..$after" \
			within "$rt" $((before - 2)) $((after + 2))
		check "time_checks_$l" "exit $rc: $(grep -v realtime /tmp/clock.out | head -c 400 | flat)" \
			[ $rc = 0 ]
		check "time_sleeps_$l" '$(head -c 400 /tmp/clock.out | flat)' \
			[ "$(grep -c 'slept at least 50 ms$' /tmp/clock.out)" = 3 ]
	done
}

scenario_hello
scenario_args
scenario_stdio
scenario_exit_codes
scenario_cwd
scenario_file_io
scenario_list_dir
scenario_time
check mcexec_basic_lwk_still_running 'status $(lwk_status)' [ "$(lwk_status)" = RUNNING ]
check mcexec_basic_no_process_left '$(lwk_processes | flat)' no_lwk_process
