#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict (from the extracted 7.3 source) over our C sources;
# any ERROR, WARNING or CHECK fails. Then kernel-doc -Wall over the same
# files: every kernel-doc comment must match what it documents. The QEMU
# models in emu/qemu/ and the TCG plugins in emu/qemu/plugins/ follow
# QEMU's style instead; the guest test modules under it are kernel code.
. "$(dirname "$0")/lib.sh"

tree=$("$NETDMA_TOP/scripts/uml-tree.sh") || exit 1
cd "$NETDMA_TOP" || exit 1
if git rev-parse --git-dir >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' | grep -vE '^emu/qemu/([^/]+|plugins/.*)$')
else
	mapfile -t files < <(find drivers include kunit emu/model harness emu/qemu/guest -name '*.[ch]' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "checkpatch: no sources"; exit 1; }

# ALLOC_WITH_SIZEOF asks for 7.x's kzalloc_obj(), which 6.1 and 6.12 (the
# kernels the modules build for) do not have.
out=$(perl "$tree/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore ALLOC_WITH_SIZEOF \
	-f "${files[@]}" 2>&1)
bad=$(echo "$out" | grep -E ': (ERROR|WARNING|CHECK):')
if [ -n "$bad" ]; then
	echo "$bad"
	echo "FAIL checkpatch: $(echo "$bad" | wc -l) findings in ${#files[@]} files"
	exit 1
fi
echo "PASS checkpatch: ${#files[@]} files clean (--strict)"

out=$(perl "$tree/scripts/kernel-doc" -none -Wall "${files[@]}" 2>&1)
if [ -n "$out" ]; then
	echo "$out"
	echo "FAIL kernel-doc: $(echo "$out" | wc -l) findings"
	exit 1
fi
echo "PASS kernel-doc: ${#files[@]} files clean (-Wall)"
