#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the controller's in-kernel model in a UML kernel (the test rig's
# cached kernel, KUnit switched off), used by clients nobody here wrote:
# Linux's dmatest on every channel at several sizes with verification, then
# a NetDMA-style client of ours (netdma_request_channel + the copy
# helpers), and async_memcpy() from async_tx. Prints a report and exits
# non-zero on any failure or splat.
#
# Environment: DEMO_CHANNELS (4), DEMO_THREADS (2), DEMO_SIZES
# ("64 4096 65536 1048576").
. "$(dirname "$0")/lib.sh"

channels=${DEMO_CHANNELS:-4}
threads=${DEMO_THREADS:-2}
sizes=${DEMO_SIZES:-64 4096 65536 1048576}

"$NETDMA_TOP/scripts/deps.sh" || exit 1
# shellcheck source=uml-build.sh
. "$NETDMA_TOP/scripts/uml-build.sh" || exit 1
logs=$logdir/demo
rm -rf "$logs"
mkdir -p "$logs"
status=0

# boot NAME ARGS...: one UML boot; its console goes to $logs/NAME.log. A
# failed boot whose kernel clock ran ahead of the wall clock (clock_ahead
# in lib.sh) says so in the report.
boot() {
	local name=$1 rc t0 wall ahead
	shift
	t0=$(date +%s.%N)
	timeout 900 "$build/linux" "${uml_boot_args[@]}" printk.time=1 \
		netdma_demo.channels="$channels" "$@" \
		</dev/null >"$logs/$name.log" 2>&1
	rc=$?
	wall=$(echo "$(date +%s.%N) - $t0" | bc)
	if [ $rc -eq 0 ] && "$NETDMA_TOP/scripts/check-log.sh" \
		"$logs/$name.log" >"$logs/$name.findings"; then
		return
	fi
	if [ $rc -ne 0 ]; then
		echo "FAIL demo: boot '$name' exited with $rc (log: $logs/$name.log)"
	fi
	cat "$logs/$name.findings"
	ahead=$(clock_ahead "$logs/$name.log" "$wall")
	[ -n "$ahead" ] && echo "  (the UML clock ran ahead in it: $ahead)"
	status=1
}

# Fewer iterations for big buffers: verification dominates under KASAN,
# and 8 threads share 4 emulated CPUs.
iterations() {
	if [ "$1" -ge 1048576 ]; then echo 4
	elif [ "$1" -ge 65536 ]; then echo 25
	else echo 100
	fi
}

for size in $sizes; do
	log "dmatest, $size-byte copies, $threads threads on each of $channels channels"
	# dmatest's 3 s default is a hardware figure. On UML 7.3 with SMP a
	# vCPU has been seen to miss its wake-up for seconds (RCU's own
	# timers too: "rcu_sched kthread timer wakeup didn't happen"), so a
	# copy waits up to 30 s; one that never completes still fails.
	boot "dmatest-$size" dmatest.run=1 netdma_demo.wait_dmatest=1 dmatest.timeout=30000 \
		dmatest.iterations="$(iterations "$size")" \
		dmatest.threads_per_chan="$threads" dmatest.test_buf_size="$size" \
		dmatest.norandom=1
done
log "NetDMA client"
boot client netdma_demo.client=1
# async_memcpy() maps without dma_mapping_error(), which DMA-API debugging
# WARNs about: this one boot runs without it (KASAN and lockdep stay on).
log "async_memcpy"
boot async netdma_demo.async_memcpy=1 dma_debug=off

first=$logs/client.log
echo
echo "================ NetDMA for Linux demo ================"
echo "cbdma on the in-kernel controller model, UML 7.3 with KASAN and lockdep"
grep -h 'smp: Brought up' "$first" | sed 's/.*smp: /  /'
grep -h 'netdma-demo: device' "$first" | sed 's/.*netdma-demo: /  /'
grep -h 'cbdma cbdma: version' "$first" | sed 's/.*cbdma cbdma: /  /' | head -n 1
grep -h 'netdma-demo: channel' "$first" | sed 's/.*netdma-demo: /  /'
echo
echo "dmatest (Linux's own client; verification on; threads summed per channel)"
echo "  a smoke test: this kernel runs KASAN and lockdep, so no speed figures (make bench)"
printf '  %-9s %-10s %7s %9s\n' size channel tests failures
for size in $sizes; do
	f=$logs/dmatest-$size.log
	# dmatest: dma0chan1-copy0: summary 200 tests, 0 failures 812.34 iops 3248 KB/s (0)
	sed -nE 's/.*dmatest: (dma[0-9]+chan[0-9]+)-copy[0-9]+: summary ([0-9]+) tests, ([0-9]+) failures ([0-9.]+) iops ([0-9]+) KB\/s.*/\1 \2 \3 \4 \5/p' "$f" |
		awk -v size="$size" '{ t[$1] += $2; f[$1] += $3 }
			END { for (c in t) printf "  %-9s %-10s %7d %9d\n", size, c, t[c], f[c] }' |
		sort -k2
	found=$(grep -c 'dmatest: dma.*summary' "$f")
	if [ "$found" -ne $((channels * threads)) ]; then
		echo "FAIL demo: $size bytes: $found dmatest summaries, expected $((channels * threads))"
		status=1
	fi
	if grep -E 'dmatest: dma.*summary' "$f" | grep -vq ' 0 failures'; then
		echo "FAIL demo: $size bytes: dmatest reported failures"
		status=1
	fi
done
echo
echo "NetDMA client (netdma_request_channel per CPU mask; netdma_copy_buf_wait, then"
echo "one netdma_copy_buf whose callback records the CPU it ran on)"
grep -h 'netdma-demo: client' "$first" | sed 's/.*netdma-demo: /  /'
# Each single-CPU client's callback ran on the CPU it asked for, and the
# clients covered every CPU: "client cpu2: dma0chan2 irq cpu 2, completion
# cpu 2, callback cpu 2, ...".
asked=$(sed -nE 's/.*netdma-demo: client cpu([0-9]+)(-fallback)?: .* completion cpu ([0-9]+), callback cpu ([0-9]+),.*/\1 \3 \4/p' "$first")
wrong=$(echo "$asked" | awk 'NF == 3 && ($1 != $2 || $1 != $3)')
distinct=$(echo "$asked" | awk 'NF == 3 && $1 == $3 { print $3 }' | sort -u | wc -l)
if [ -n "$wrong" ] || [ "$distinct" -ne "$UML_NCPUS" ]; then
	echo "FAIL demo: callbacks on $distinct distinct CPUs as asked, expected $UML_NCPUS${wrong:+; wrong (asked completion callback): $wrong}"
	status=1
fi
grep -q 'netdma-demo: client cpu[0-9]*-fallback: ' "$first" ||
	{ echo "FAIL demo: no fallback client"; status=1; }
echo
echo "async_memcpy (async_tx, chained on a NULL descriptor of a netdma channel)"
grep -h 'netdma-demo: async_memcpy' "$logs/async.log" | sed 's/.*netdma-demo: async_memcpy:* /  /'
grep -q 'netdma-demo: client passed' "$first" || { echo "FAIL demo: NetDMA client"; status=1; }
grep -q 'netdma-demo: async_memcpy passed' "$logs/async.log" ||
	{ echo "FAIL demo: async_memcpy"; status=1; }
echo
echo "logs: $logs"
if [ $status -eq 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL"; fi
exit $status
