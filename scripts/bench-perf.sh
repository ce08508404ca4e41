#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench-perf: where a batched copy's time goes, by symbol. Boots make
# bench's UML release kernel with netdma_bench.loop_ms, which runs only
# batches of 64 polled copies (each with a callback) on one channel, under
# the host's perf: UML is a host process, so perf samples the kernel's own
# functions, and the host's signal-mask system calls show what masking
# interrupts costs there. Prints the loop's ns per copy and the hottest
# symbols; the recording stays in $NETDMA_CACHE/bench/perf.data for
# perf annotate (Documentation/performance.rst). Judges no figure.
#
# Environment: PERF_MS (the loop's length, 4000), PERF_SIZE (bytes per
# copy, 4096), PERF_FREQ (samples per second, 9999), PERF_TOP (symbols
# printed, 30).
. "$(dirname "$0")/lib.sh"

ms=${PERF_MS:-4000}
size=${PERF_SIZE:-4096}
freq=${PERF_FREQ:-9999}
top=${PERF_TOP:-30}

# Debian 12 ships perf as linux-perf.
"$NETDMA_TOP/scripts/deps.sh" linux-perf || exit 1
kunitconfig=$NETDMA_TOP/kunit/bench.kunitconfig
uml_build_log=kunit-build-bench.log
# shellcheck source=uml-build.sh
. "$NETDMA_TOP/scripts/uml-build.sh" || exit 1
out=$NETDMA_CACHE/bench
mkdir -p "$out"
logf=$out/bench-perf.log
data=$out/perf.data

log "recording ${ms} ms of 64-copy batches of $size bytes (log: $logf)"
timeout 900 perf record -q -F "$freq" -o "$data" -- "$build/linux" "${uml_boot_args[@]}" \
	netdma_demo.channels=1 netdma_bench.run=1 netdma_bench.loop_ms="$ms" \
	netdma_bench.profile_size="$size" dma_debug=off </dev/null >"$logf" 2>&1 ||
	die "the recorded boot failed (log: $logf)"
"$NETDMA_TOP/scripts/check-log.sh" "$logf" || exit 1
grep -q 'netdma-bench: loop [0-9]' "$logf" || die "the loop printed no figure (log: $logf)"
sed -n 's/.*netdma-bench: \(loop [0-9].*\)/\1/p' "$logf"
echo "hottest symbols of the whole boot (the loop is most of it):"
perf report -q -i "$data" --no-children --sort sym --stdio 2>/dev/null |
	grep '%' | head -n "$top"
echo "recording: $data (perf annotate -i $data -s SYMBOL)"
