#!/usr/bin/env bash
# Facts kept in one place (issue 14): no hand copy of them may come back.
# - The LWK page-table entry layout is include/ihk/pte.h: the LWK and
#   ihk.ko (boot tables, the mirror walk) take PTE bits from there, so no
#   other file defines a PTE bit or mask as a number.
# - The entry code's struct offsets and selectors come from the generated
#   asm-offsets.h (lwk/arch/x86_64/asm-offsets.c), so no .S file or
#   asm/frame.h defines them as numbers.
set -u
cd "$(dirname "$0")/../.." || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

num='(0x[0-9a-fA-F]+|[0-9]+|\(?1U?L?L? *<<|BIT(_ULL)?\()'
hits=$(grep -rnE "^#define[[:space:]]+[A-Z_]*PTE_[A-Z_]*[[:space:]]+$num" \
	ihk lwk common include --include='*.[chS]' | grep -v '^include/ihk/pte.h:')
if [ -n "$hits" ]; then
	fail pte_layout_only_in_include_ihk "$(tr '\n' ' ' <<<"$hits")"
else
	pass pte_layout_only_in_include_ihk
fi

hits=$(grep -nE "^#define[[:space:]]+(PERCPU_OFF_|TF_|USER_CS|USER_DS)[A-Z_]*[[:space:]]+\(?[0-9]" \
	lwk/arch/x86_64/*.S lwk/arch/x86_64/include/asm/*.h)
if [ -n "$hits" ]; then
	fail entry_offsets_generated "$(tr '\n' ' ' <<<"$hits")"
else
	pass entry_offsets_generated
fi
