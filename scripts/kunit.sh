#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the UML KUnit kernel with our code built in (cached), run the suites
# matching KUNIT_FILTER, and fail on any failed or crashed case or kernel
# splat. Prints "KUNIT <passed> <failed>" as its last line for check.sh.
. "$(dirname "$0")/lib.sh"

filter=${KUNIT_FILTER:-}
# shellcheck source=uml-build.sh
. "$NETDMA_TOP/scripts/uml-build.sh" || { echo "KUNIT 0 1"; exit 1; }

raw=$logdir/kunit-raw.log
scripts_dir=$NETDMA_TOP/scripts

# run_suites: the KUnit run into $raw; sets status, passed, failed, wall.
run_suites() {
	local t0 parse_rc summary
	t0=$(date +%s.%N)
	# One CPU more is possible than comes up (maxcpus): UML has no
	# hotplug, and the cases about an offline CPU need one that exists
	# and stays offline.
	$kunit exec --arch=um --build_dir="$build" --raw_output=all --timeout=900 \
		--kernel_args="ncpus=$((UML_NCPUS + 1))" --kernel_args="maxcpus=$UML_NCPUS" \
		--kernel_args=seccomp=on --kernel_args=printk.time=1 \
		${KUNIT_KERNEL_ARGS:+--kernel_args="$KUNIT_KERNEL_ARGS"} \
		$filter >"$raw" 2>&1
	wall=$(echo "$(date +%s.%N) - $t0" | bc)
	$kunit parse "$raw" >"$logdir/kunit-parsed.log" 2>&1
	parse_rc=$?
	grep -vE '^\[[0-9:]+\] *$' "$logdir/kunit-parsed.log"

	status=0
	[ $parse_rc -eq 0 ] || status=1
	# Every CPU asked for must have come up: "smp: Brought up 1 node, 4 CPUs".
	if ! grep -q "smp: Brought up .* $UML_NCPUS CPUs" "$raw"; then
		echo "the UML kernel did not bring up $UML_NCPUS CPUs (raw log: $raw)"
		status=1
	fi
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
}

log "running KUnit suites ${filter:-(all)} on $UML_NCPUS CPUs"
run_suites
# A failed run whose kernel clock ran ahead of the host's says so
# (clock_ahead in lib.sh).
ahead=$(clock_ahead "$raw" "$wall")
if [ $status -ne 0 ] && [ -n "$ahead" ]; then
	echo "platform: the UML clock ran ahead in the failed KUnit run ($ahead)"
fi
# A splat without a failed case still fails the run: count it once.
[ $status -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "KUNIT $passed $failed"
exit $status
