#!/bin/bash
# shellcheck disable=SC2154  # kver, vkey, dt, mods, qemu: set by e2e-lib.sh
# SPDX-License-Identifier: GPL-2.0
# make bench-guest: our drivers against Linux's ioatdma on the same QEMU
# device model, same stock 6.12 kernel, same boot parameters, 4 CPUs (TCG).
# Boots alternate, ours then ioatdma, then ioatdma then ours (ORDER), ROUNDS
# times; each boot runs dmatest as make e2e does (DT_SIZES, 1 and 4 threads
# with interrupts, 1 polled) and emu/qemu/guest/dma_bench.c (submit cost,
# polled and interrupt latency, copies/s, the page-migration pattern;
# SIZES). Prints one table of medians over the boots, ours, ioatdma's and
# the speedup (ours over ioatdma's for a rate, ioatdma's over ours for a
# time: above 1 we are faster), then the dmatest side by side the same way;
# writes both as CSV and, with gnuplot, a PNG into
# $NETDMA_CACHE/bench-guest. Nothing is judged on the figures: it fails only
# on a boot that fails, splats or prints no figures
# (Documentation/performance.rst).
#
# Environment: ROUNDS (3), SIZES ("64,512,4096,65536,1048576"), MS (per
# figure, 100), DT_SIZES ("64 4096 65536"; empty: no dmatest), DT_ITER
# (copies per dmatest thread, 2000), TIMEOUT (seconds per boot, 900), OUT
# (results directory), ORDER (abba, or abab: ours first in every round),
# DEVICE_ARGS (more -device cbdma properties for both drivers' boots, e.g.
# inline-descs=1); for profiling FIGS (dma_bench figures to run, default
# all), CHANS (its channels, e.g. dma0chan2: the first one is timed alone),
# TRACE (trace events recorded in the guest during dma_bench, e.g. "irq
# workqueue ipi"; the last TRACE_LINES, 400, lines matching TRACE_GREP go to
# the console logs in OUT; TRACE_CLOCK, x86-tsc: the guests' default
# "global" clock follows their ticks under tsc=unstable and misorders the
# events of different CPUs by milliseconds, the TSC is the host's under
# TCG); PROFILE=1 counts, with QEMU's insn_profile TCG plugin
# (emu/qemu/plugins/), the guest instructions and device-memory accesses of
# each dma_bench figure's run, and prints them per copy and per function,
# ours beside ioatdma's (scripts/insn-profile.py): exact counts that the
# host's load does not move. The plugin slows the guest several times, so
# a PROFILE run's times are not the benchmark's; PROFILE=io counts the
# device-memory accesses too (slower still); e.g.
#   PROFILE=1 ROUNDS=1 DT_SIZES= FIGS=irq_loc SIZES=64 make bench-guest
. "$(dirname "$0")/lib.sh"
. "$NETDMA_TOP/scripts/e2e-lib.sh"

ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-64,512,4096,65536,1048576}
MS=${MS:-100}
DT_SIZES=${DT_SIZES-64 4096 65536}
DT_ITER=${DT_ITER:-2000}
TIMEOUT=${TIMEOUT:-900}
FIGS=${FIGS:-}
CHANS=${CHANS:-}
TRACE=${TRACE:-}
TRACE_LINES=${TRACE_LINES:-400}
TRACE_GREP=${TRACE_GREP:-}
TRACE_CLOCK=${TRACE_CLOCK:-x86-tsc}
OUT=${OUT:-$NETDMA_CACHE/bench-guest}
DEVICE_ARGS=${DEVICE_ARGS:-}
ORDER=${ORDER:-abba}
PROFILE=${PROFILE:-0}

e2e_setup 6.12
[ -n "$mods" ] || die "the ioatdma boots need the image's modules ($kver has none here)"
om=$(e2e_our_mods) || exit 1
db=$(e2e_guest_mod dma_bench) || exit 1
mkdir -p "$OUT" || die "mkdir $OUT failed"
profile_args=() profile_io=
[ "$PROFILE" = io ] && profile_io=1
[ "$PROFILE" != 0 ] &&
	{ plugin=$("$NETDMA_TOP/scripts/qemu-plugin-build.sh" "$qemu" insn_profile) || exit 1; }

# initrd DRIVER: the initramfs of one driver, keyed by its inputs.
initrd() {
	local key ir f
	key=$( { cat "$NETDMA_TOP/emu/qemu/guest/bench-init.sh" /bin/busybox \
		"$dt/dmatest.ko" "$db/dma_bench.ko" "$om"/drivers/dma/*/*.ko
		echo "$1|$vkey|$SIZES|$MS|$DT_SIZES|$DT_ITER|$FIGS|$CHANS|$TRACE|$TRACE_LINES|$TRACE_GREP|$TRACE_CLOCK|$PROFILE"; } | sha256sum | cut -c1-12)
	f=$NETDMA_CACHE/e2e/initrd-bench-$1-$key.cpio.gz
	if [ ! -f "$f" ]; then
		ir=$f.d
		rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,lib/modules} ||
			die "mkdir $ir failed"
		cp "$NETDMA_TOP/emu/qemu/guest/bench-init.sh" "$ir/init"
		cat >"$ir/bench.conf" <<-EOF
		DRIVER=$1
		SIZES=$SIZES
		MS=$MS
		DT_SIZES="$DT_SIZES"
		DT_ITER=$DT_ITER
		FIGS="$FIGS"
		CHANS="$CHANS"
		TRACE="$TRACE"
		TRACE_LINES=$TRACE_LINES
		TRACE_GREP="$TRACE_GREP"
		TRACE_CLOCK=$TRACE_CLOCK
		PROFILE=$PROFILE
		EOF
		cp "$dt/dmatest.ko" "$db/dma_bench.ko" "$ir/lib/modules/"
		if [ "$1" = ours ]; then
			cp "$om"/drivers/dma/*/*.ko "$ir/lib/modules/"
		else
			xz -dc "$mods/drivers/dca/dca.ko.xz" >"$ir/lib/modules/dca.ko" &&
				xz -dc "$mods/drivers/dma/ioat/ioatdma.ko.xz" \
					>"$ir/lib/modules/ioatdma.ko" ||
				die "decompressing dca/ioatdma failed"
		fi
		e2e_pack "$ir" "$f"
	fi
	echo "$f"
}

# boot DRIVER ROUND: one guest; its console as text in $OUT/console-DRIVER-ROUND.txt.
# A boot that dies of QEMU's int3 oops before /init said a word is run
# again, up to E2E_INT3_BOOTS boots (scripts/e2e.sh says why).
fail=0
boot() {
	local dev="cbdma,bus=rp1,id=cb0,channels=4" rd con try
	[ "$1" = ioat ] && dev="$dev,intel-id=on"
	[ -n "$DEVICE_ARGS" ] && dev="$dev,$DEVICE_ARGS"
	rd=$(initrd "$1")
	con=$OUT/console-$1-$2
	# the counts, and the guest's text symbols on its second serial port
	[ "$PROFILE" != 0 ] && profile_args=(-serial "file:$OUT/ksyms-$1-$2.txt"
		-plugin "$plugin,out=$OUT/prof-$1-$2.txt${profile_io:+,io=on}")
	for try in $(seq "$E2E_INT3_BOOTS"); do
		log "round $2: $1 ($kver, -device $dev)"
		e2e_qemu "$rd" "" -monitor none \
			-device pcie-root-port,id=rp1,slot=1,chassis=1 -device "$dev" \
			"${profile_args[@]}" </dev/null >"$con.log" 2>&1
		e2e_console_text "$con.log" "$con.txt"
		grep -q '^BENCH: ' "$con.txt" || ! grep -q 'Oops: int3' "$con.txt" && break
		[ "$try" -lt "$E2E_INT3_BOOTS" ] &&
			log "round $2: $1: TCG int3 oops before /init (boot $try): booting it again"
	done
	grep -q '^BENCH: end' "$con.txt" || { echo "FAIL: $1 round $2: no end marker ($con.txt)"; fail=1; }
	grep -q '^BENCH: dma_bench: done' "$con.txt" ||
		{ echo "FAIL: $1 round $2: dma_bench did not finish"; fail=1; }
	grep '^BENCH: .*FAIL\|dma_bench: error' "$con.txt" && fail=1
	"$NETDMA_TOP/scripts/check-log.sh" "$con.txt" || fail=1
	# O+E: the unsigned out-of-tree modules (dmatest, dma_bench; ours)
	[ "$(sed -n 's/^BENCH: tainted //p' "$con.txt")" = 12288 ] ||
		{ echo "FAIL: $1 round $2: taint $(sed -n 's/^BENCH: tainted //p' "$con.txt")"; fail=1; }
}

t0=$(date +%s)
rm -f "$OUT"/console-* "$OUT"/prof-* "$OUT"/ksyms-*
# ORDER=abab boots ours first in every round; the default, abba, boots
# ioatdma first in the even rounds, so that whatever favours the first (or
# second) boot of a pair is spread over both drivers.
for r in $(seq 1 "$ROUNDS"); do
	if [ "$ORDER" = abba ] && [ $((r % 2)) = 0 ]; then
		boot ioat "$r"
		boot ours "$r"
	else
		boot ours "$r"
		boot ioat "$r"
	fi
done

# figures DRIVER: "NAME SIZE VALUE UNIT" of every boot of DRIVER.
figures() {
	cat "$OUT"/console-"$1"-*.txt | sed -n 's/^BENCH: dma_bench: fig //p'
	# dmatest: iops summed over the channels of one run
	cat "$OUT"/console-"$1"-*.txt | awk '
		/^BENCH: run / { if (k != "") print k, s; s = 0
			split($3, a, "="); split($4, b, "="); split($5, c, "=")
			k = "dmatest_" (c[2] == "Y" ? "poll" : "irq") b[2] " " a[2]; next }
		/dmatest: .*summary/ { s += $9 }
		END { if (k != "") print k, s }' | sed 's/$/ iops/'
}
# medians: "NAME SIZE UNIT MEDIAN VALUES" per NAME and SIZE, from stdin.
medians() {
	awk '{ k = $1 " " $2 " " $4; v[k] = v[k] " " $3; if (!(k in o)) { o[k] = n++ ; key[n - 1] = k } }
	END { for (i = 0; i < n; i++) { k = key[i]; m = split(substr(v[k], 2), a, " ")
		for (x = 1; x <= m; x++) for (y = x + 1; y <= m; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
		med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
		s = a[1]; for (x = 2; x <= m; x++) s = s "/" a[x]
		print k, med, s } }'
}
figures ours | medians >"$OUT/ours.med"
figures ioat | medians >"$OUT/ioat.med"
csv=$OUT/bench-guest.csv
join -j1 <(awk '{ print $1 "|" $2 "|" $3, $4, $5 }' "$OUT/ours.med" | sort) \
	<(awk '{ print $1 "|" $2 "|" $3, $4, $5 }' "$OUT/ioat.med" | sort) |
	awk '{ split($1, k, "|"); hi = (k[3] == "copies/s" || k[3] == "iops")
		r = hi ? ($4 > 0 ? $2 / $4 : 0) : ($2 > 0 ? $4 / $2 : 0)
		printf "%s,%s,%s,%s,%s,%.2f,%s,%s\n", k[1], k[2], k[3], $2, $4, r, $3, $5 }' |
	sort -t, -k1,1 -k2,2n >"$csv.tmp"
{ echo "figure,size,unit,ours,ioatdma,speedup,ours_runs,ioatdma_runs"; cat "$csv.tmp"; } >"$csv"
rm -f "$csv.tmp"

echo
echo "== make bench-guest: $ROUNDS rounds (ours, ioatdma alternating, $ORDER), kernel $kver, 4 CPUs (TCG); medians"
echo "   speedup: ours/ioatdma for copies/s and iops, ioatdma/ours for ns (> 1: ours faster)"
printf "  %-14s %8s %-9s %12s %12s %8s  %s\n" figure size unit ours ioatdma speedup "runs (ours | ioatdma)"
tail -n +2 "$csv" | awk -F, '{ printf "  %-14s %8s %-9s %12.0f %12.0f %7.2fx  %s | %s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
echo
echo "  dmatest rows (side by side of make e2e): min $(grep '^dmatest' "$csv" | cut -d, -f6 | sort -g | head -n1)x," \
	"median $(grep '^dmatest' "$csv" | cut -d, -f6 | sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')x"
# pages DRIVER: the median over its boots of DMA time / CPU time per page,
# each boot's DMA against the same boot's memcpy (the host's speed, which
# varies between boots, cancels out). Below 1 the offload is faster.
pages() {
	local f
	for f in "$OUT"/console-"$1"-*.txt; do
		sed -n 's/^BENCH: dma_bench: fig \(pages_[a-z0-9]*\) [0-9]* \([0-9]*\) .*/\1 \2/p' "$f" |
			awk '{ v[$1] = $2 } END { if (v["pages_cpu"] > 0) {
				if (v["pages_dma1"]) print "dma1 0", v["pages_dma1"] / v["pages_cpu"], "x"
				if (v["pages_dma4"]) print "dma4 0", v["pages_dma4"] / v["pages_cpu"], "x" } }'
	done | medians | awk '{ printf "%s %.2f ", $1, $4 }'
}
if grep -q '^pages_cpu' "$csv"; then
	echo "  pages, DMA time over the same boot's CPU copy (median; < 1: DMA faster):" \
		"ours $(pages ours)| ioatdma $(pages ioat)"
fi
echo "  CSV: $csv"
grep -h 'ring-full' "$OUT"/console-*.txt | sed 's/^BENCH: dma_bench: /  /' | sort | uniq -c | sed 's/^/ /'

if command -v gnuplot >/dev/null || "$NETDMA_TOP/scripts/deps.sh" gnuplot-nox >/dev/null 2>&1; then
	awk -F, 'NR > 1 { printf "%s_%s %s\n", $1, $2, $6 }' "$csv" >"$OUT/speedup.dat"
	gnuplot <<-GP && echo "  PNG: $OUT/bench-guest.png" || echo "  (gnuplot failed: no PNG)"
	set terminal png size 1400,700
	set output "$OUT/bench-guest.png"
	set title "netdma+cbdma vs ioatdma, same QEMU model, 6.12, 4 CPUs: speedup (medians of $ROUNDS boots)"
	set style data histograms
	set style fill solid 0.6
	set xtics rotate by -60 font ",8"
	set ylabel "speedup (> 1: ours faster)"
	set logscale y 2
	set grid y
	plot "$OUT/speedup.dat" using 2:xtic(1) title "speedup", 1 with lines lw 2 title "1.0"
	GP
fi
if [ "$PROFILE" != 0 ]; then
	echo
	"$NETDMA_TOP/scripts/insn-profile.py" ours="$OUT:ours" ioatdma="$OUT:ioat" | tee "$OUT/insn-profile.txt" ||
		{ echo "FAIL: insn-profile.py"; fail=1; }
fi
echo
echo "times: total $(( $(date +%s) - t0 )) s"
if [ $fail -eq 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL"; fi
exit $fail
