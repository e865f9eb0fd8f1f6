#!/usr/bin/env bash
# IKC is a transport on both sides (issue 14): it dispatches each message
# to the client registered for its class and names none of them.
# - ihk/ikc*.c (the module's transport, ping/stress, the client table)
#   names no process-service function or process message.
# - lwk/ikc/ names no process function, message or header, and does not
#   halt: the idle loop and the waits are lwk/kernel/idle.c's.
# - Each side's receive path dispatches on the class (IKC_MSG_CLASS), and
#   no file under lwk/ includes across directories ("../").
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

# One check: NAME, then the grep hits that must not exist.
none() {
	if [ -n "$2" ]; then
		fail "$1" "$(tr '\n' ' ' <<<"$2" | head -c 400)"
	else
		pass "$1"
	fi
}

none module_transport_names_no_process_code \
	"$(grep -nE 'ihk_mc_|mc_priv\.h|ihk/mcexec\.h|IKC_MSG_(PROC|SYSCALL|ZAP)' ihk/ikc*.c)"
none lwk_transport_names_no_process_code \
	"$(grep -nE '\bproc_[a-z_]+\(|lwk/(proc|process)\.h|ihk/mcexec\.h|IKC_MSG_(PROC|SYSCALL|ZAP)' lwk/ikc/*)"
none lwk_transport_does_not_halt \
	"$(grep -nE 'safe_halt|\bhlt\b|_idle\(' lwk/ikc/*)"
none lwk_no_include_across_directories \
	"$(grep -rn '#include "\.\./' lwk)"

for f in ihk/ikc.c lwk/ikc/service.c; do
	if grep -q 'IKC_MSG_CLASS(' "$f"; then
		pass "dispatch_by_class_in_$(basename "$f" .c)"
	else
		fail "dispatch_by_class_in_$(basename "$f" .c)" "no IKC_MSG_CLASS() in $f"
	fi
done
