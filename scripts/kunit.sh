#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the UML KUnit kernel with our code built in (cached), run the suites
# matching KUNIT_FILTER, and fail on any failed or crashed case or kernel
# splat. Prints "KUNIT <passed> <failed>" as its last line for check.sh.
. "$(dirname "$0")/lib.sh"

filter=${KUNIT_FILTER:-}
kunitconfig=$NETDMA_TOP/kunit/.kunitconfig

# One scratch tree and build per machine: checkouts (CI clones, worktrees)
# take turns, each linking itself in for the duration of its run.
mkdir -p "$NETDMA_CACHE"
exec 9>"$NETDMA_CACHE/.uml.lock"
flock 9
tree=$("$NETDMA_TOP/scripts/uml-tree.sh") || exit 1
# Nothing of ours is copied: the kernel builds this checkout's own
# Kbuild/Kconfig files through the link.
ln -sfn "$NETDMA_TOP" "$tree/drivers/dma/netdma-linux"
kunit="python3 $tree/tools/testing/kunit/kunit.py"

# The build directory is keyed by kernel version and by the configuration
# except our own symbols, so adding a suite only recompiles our files.
key=$( { basename "$tree"; grep -vE '^CONFIG_(NETDMA|CBDMA)' "$kunitconfig"; } |
	sha256sum | cut -c1-12)
build=$NETDMA_CACHE/uml/$key
mkdir -p "$build"
logdir=${NETDMA_LOGDIR:-$NETDMA_CACHE/logs}
mkdir -p "$logdir"

log "building UML KUnit kernel in $build (cached; the first build on a machine takes ~5 min)"
if ! $kunit build --arch=um --build_dir="$build" --kunitconfig="$kunitconfig" \
	--jobs="$JOBS" >"$logdir/kunit-build.log" 2>&1; then
	tail -n 60 "$logdir/kunit-build.log"
	echo "KUNIT 0 1"
	die "UML KUnit kernel build failed (log: $logdir/kunit-build.log)"
fi

raw=$logdir/kunit-raw.log
log "running KUnit suites ${filter:-(all)}"
$kunit exec --arch=um --build_dir="$build" --raw_output=all --timeout=900 \
	${KUNIT_KERNEL_ARGS:+--kernel_args="$KUNIT_KERNEL_ARGS"} \
	$filter >"$raw" 2>&1
$kunit parse "$raw" >"$logdir/kunit-parsed.log" 2>&1
parse_rc=$?
grep -vE '^\[[0-9:]+\] *$' "$logdir/kunit-parsed.log"

status=0
[ $parse_rc -eq 0 ] || status=1
scripts_dir=$NETDMA_TOP/scripts
"$scripts_dir/check-log.sh" "$raw" || status=1

# "Ran 12 tests: passed: 11, failed: 1, crashed: 0"
summary=$(grep -oE 'Ran [0-9]+ tests?: .*' "$logdir/kunit-parsed.log" | tail -n 1)
passed=$(echo "$summary" | grep -oE 'passed: [0-9]+' | grep -oE '[0-9]+')
failed=$(echo "$summary" | grep -oE '(failed|crashed|errors): [0-9]+' | grep -oE '[0-9]+' | paste -sd+ | bc)
passed=${passed:-0}
failed=${failed:-0}
if [ -z "$summary" ] || [ "$passed" -eq 0 ]; then
	echo "no KUnit case ran (raw log: $raw)"
	status=1
fi
[ "$failed" -eq 0 ] || status=1
# A splat without a failed case still fails the run: count it once.
[ $status -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "KUNIT $passed $failed"
exit $status
