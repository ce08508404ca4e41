#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the modules out of tree with W=1 and sparse (C=2) against Debian's
# newest kernel of each series given (default: 6.1 6.12 7.3): the installed
# headers, or for 7.3 a tree prepared from linux-source-7.3 with Debian's
# config (scripts/kernel-tree.sh); any warning or error fails. Each build runs in its own scratch copy under
# the cache so that the checkout stays clean and the series don't clash.
. "$(dirname "$0")/lib.sh"

if [ $# -gt 0 ]; then series=("$@"); else series=(6.1 6.12 7.3); fi

# The build copies are shared by every checkout on the machine (worktrees,
# CI clones): one checkout at a time copies and builds.
mkdir -p "$NETDMA_CACHE"
exec 9>"$NETDMA_CACHE/.oot.lock"
flock 9
# Every driver directory whose Kbuild names a module must produce it.
expected=$(cd "$NETDMA_TOP" && for k in drivers/dma/*/Kbuild; do
	sed -nE 's|^obj-\$\(CONFIG_[A-Z0-9_]+\) \+= ([a-z0-9_]+)\.o.*|'"$(dirname "$k")"'/\1.ko|p' "$k"
done | tr '\n' ' ')

status=0
for s in "${series[@]}"; do
	kdir=$(series_kdir "$s")
	if [ -z "$kdir" ]; then
		echo "FAIL oot-$s: no linux-headers-$s.*-amd64 installed or prepared"
		status=1
		continue
	fi
	work=$NETDMA_CACHE/oot/$(basename "$kdir")
	logf=$work.log
	mkdir -p "$work"
	# A scratch copy of the sources, built from clean: an object left from
	# an earlier run would not be compiled again, and its warnings not
	# shown again.
	rm -rf "$work/src"
	rsync -a --delete --exclude=.git --exclude-from="$NETDMA_TOP/.gitignore" \
		"$NETDMA_TOP/" "$work/src/" || die "copying sources to $work failed"
	# 7.3's kbuild skips a sparse that lacks __typeof_unqual__ (Debian
	# 12's) with only a make warning: use one built from sid's source.
	check=sparse
	if [ -f "$kdir/scripts/checker-valid.sh" ] &&
		[ "$(sh "$kdir/scripts/checker-valid.sh" sparse -m64)" != 1 ]; then
		if ! check=$("$NETDMA_TOP/scripts/sparse-build.sh"); then
			echo "FAIL oot-$s: no sparse that $(basename "$kdir") accepts"
			status=1
			continue
		fi
	fi
	if make -C "$kdir" M="$work/src" W=1 C=2 CHECK="$check" -j"$JOBS" \
		modules >"$logf" 2>&1 &&
		! grep -qE 'warning:|error:|not available or not up to date' "$logf" &&
		grep -qE '^ +CHECK ' "$logf"; then
		missing=
		for m in $expected; do
			[ -f "$work/src/$m" ] || missing="$missing $m"
		done
		if [ -n "$missing" ]; then
			echo "FAIL oot-$s: $(basename "$kdir"): not built:$missing"
			status=1
		else
			echo "PASS oot-$s: $(basename "$kdir"): ${expected:-no modules yet}"
		fi
	else
		echo "FAIL oot-$s: $(basename "$kdir") (log: $logf)"
		grep -E 'warning:|error:|not up to date' "$logf" | head -n 30
		grep -qE '^ +CHECK ' "$logf" || echo "  sparse checked no file"
		status=1
	fi
done
exit $status
