#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench-plot: ns per copy against copy size, from the CSV of the last
# make bench, as a PNG next to it: the driver (single, 16 and 64 per
# issue_pending, polled and interrupt-driven; single and batch-64 polled
# without the model's execution) and memcpy() hot and cold.
. "$(dirname "$0")/lib.sh"

dir=$NETDMA_CACHE/bench
csv=$dir/bench.csv
png=$dir/bench.png
[ -s "$csv" ] || die "no $csv: run make bench first"
"$NETDMA_TOP/scripts/deps.sh" gnuplot-nox || exit 1

# One row per size, one column per mode, in a fixed order.
dat=$dir/bench.dat
awk -F, 'NR > 1 && $2 !~ /^rate_/ { v[$1 "," $2] = $4; s[$1] = 1 }
	END {
		n = split("poll1 irq1 poll16 irq16 poll64 irq64 drv_p1 drv_p64 memcpy_hot memcpy_cold", m, " ")
		for (size in s) {
			line = size
			for (i = 1; i <= n; i++) line = line " " ((size "," m[i]) in v ? v[size "," m[i]] : "NaN")
			print line
		}
	}' "$csv" | sort -n >"$dat"
[ -s "$dat" ] || die "no figures in $csv"
# The kernel the figures come from, as bench.sh recorded it.
kernel=$(cat "$dir/bench.kernel" 2>/dev/null || echo "unknown")

gnuplot <<GP || die "gnuplot failed"
set terminal pngcairo size 1300,700 noenhanced
set output "$png"
set title "NetDMA: CPU ns per copy, driver (model, no_copy) vs memcpy - UML, $kernel kernel"
set xlabel "copy size (bytes)"
set ylabel "CPU ns per copy"
set logscale xy 2
set format x "%.0f"
set key outside right top
set grid
plot "$dat" using 1:2 with linespoints title "driver, single, polled", \
     "$dat" using 1:3 with linespoints title "driver, single, interrupt", \
     "$dat" using 1:4 with linespoints title "driver, batch 16, polled", \
     "$dat" using 1:5 with linespoints title "driver, batch 16, interrupt", \
     "$dat" using 1:6 with linespoints title "driver, batch 64, polled", \
     "$dat" using 1:7 with linespoints title "driver, batch 64, interrupt", \
     "$dat" using 1:8 with linespoints dt 2 title "driver only, single, polled", \
     "$dat" using 1:9 with linespoints dt 2 title "driver only, batch 64, polled", \
     "$dat" using 1:10 with linespoints lw 2 title "memcpy, cache-hot", \
     "$dat" using 1:11 with linespoints lw 2 title "memcpy, cache-cold (64 MiB)"
GP
echo "$png"
