#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what one copy through the netdma shim and cbdma costs the CPU,
# against memcpy() (harness/netdma_bench.c, Documentation/performance.rst).
# Boots the test rig's UML kernel once with the benchmark's parameters and
# prints its table; the CSV goes to $NETDMA_CACHE/bench/bench.csv. No
# timing is asserted: it fails only if the boot fails, splats or prints no
# figures.
#
# Environment: BENCH_MS (50, per point), BENCH_THREADS (4), BENCH_CHANNELS
# (4), BENCH_ARGS (extra boot parameters; default dma_debug=off),
# BENCH_KERNEL (release: kunit/bench.kunitconfig, the rig's kernel without
# KASAN, lockdep and DMA-API debugging, built once, ~5 min; debug: the test
# rig's own kernel).
. "$(dirname "$0")/lib.sh"

ms=${BENCH_MS:-50}
threads=${BENCH_THREADS:-4}
channels=${BENCH_CHANNELS:-4}
args=${BENCH_ARGS-dma_debug=off}

"$NETDMA_TOP/scripts/deps.sh" || exit 1
case ${BENCH_KERNEL:-release} in
release)
	kunitconfig=$NETDMA_TOP/kunit/bench.kunitconfig
	uml_build_log=kunit-build-bench.log
	;;
debug) ;;
*) die "BENCH_KERNEL must be release or debug, not '$BENCH_KERNEL'" ;;
esac
# shellcheck source=uml-build.sh
. "$NETDMA_TOP/scripts/uml-build.sh" || exit 1
out=$NETDMA_CACHE/bench
mkdir -p "$out"
echo "${BENCH_KERNEL:-release}" >"$out/bench.kernel"
logf=$out/bench.log
csv=$out/bench.csv
status=0

log "booting the benchmark ($ms ms per point; log: $logf)"
start=$(date +%s)
# shellcheck disable=SC2086 # BENCH_ARGS is a list of boot parameters
timeout 900 "$build/linux" "${uml_boot_args[@]}" \
	netdma_demo.channels="$channels" netdma_bench.run=1 netdma_bench.ms="$ms" \
	netdma_bench.threads="$threads" $args </dev/null >"$logf" 2>&1
rc=$?
log "boot took $(($(date +%s) - start)) s"
if [ $rc -ne 0 ]; then
	echo "FAIL bench: boot exited with $rc (log: $logf)"
	status=1
fi
"$NETDMA_TOP/scripts/check-log.sh" "$logf" || status=1

# Everything after the prefix; the kernel may print an "[ time]" stamp.
lines() { sed -n 's/.*netdma-bench: //p' "$logf"; }

echo
echo "================ NetDMA for Linux bench ================"
lines | grep -v '^csv,'
{
	echo "size,mode,copies,ns_per_copy,doorbells_per_copy,irqs_per_copy,mmio_reads_per_copy,mmio_writes_per_copy"
	lines | sed -n 's/^csv,//p'
} >"$csv"
echo
echo "CSV ($csv; rate_* rows: copies and copies/s in columns 3-4):"
cat "$csv"

if ! lines | grep -q '^done'; then
	echo "FAIL bench: the benchmark did not finish (log: $logf)"
	status=1
fi
if [ "$(grep -c ',memcpy_hot,' "$csv")" -lt 11 ]; then
	echo "FAIL bench: figures missing in $csv"
	status=1
fi
echo
if [ $status -eq 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL"; fi
exit $status
