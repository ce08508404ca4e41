#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
# /init of the guest booted by scripts/bench-guest.sh (busybox initramfs).
# Reads /bench.conf: DRIVER (ours: netdma.ko + cbdma.ko on our ID; ioat:
# dca.ko + ioatdma.ko on the Intel ID), DT_SIZES, DT_ITER (dmatest, as in
# make e2e), SIZES and MS (emu/qemu/guest/dma_bench.c). Everything for the
# host goes to the console as "BENCH: ..." lines; CHANS (dma_bench's
# chans=, empty: the first four) picks the channels; the host judges nothing
# but the presence of the figures and a clean log. Profiling: FIGS names
# the figures to run (dma_bench's figs=), TRACE the trace events to record
# during dma_bench (e.g. "irq workqueue ipi"), whose last TRACE_LINES lines
# of each CPU matching TRACE_GREP go to the console, time-stamped by
# TRACE_CLOCK. PROFILE (1 or io; 0: off): dma_bench marks each figure's run
# for QEMU's insn_profile plugin, and the kernel's and modules' text symbols
# go to the second serial port (a file on the host) for
# scripts/insn-profile.py.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
. /bench.conf
M=/lib/modules
p=/sys/module/dmatest/parameters
say() { echo "BENCH: $*"; }
kmsg() { dmesg -c | sed 's/^\[[ 0-9.]*\] //' | grep -E "$1" | sed 's/^/BENCH: /'; }

say "begin $(uname -r) driver $DRIVER"
if [ "$DRIVER" = ours ]; then
	insmod $M/netdma.ko && insmod $M/cbdma.ko || say "FAIL insmod ours"
else
	insmod $M/dca.ko && insmod $M/ioatdma.ko || say "FAIL insmod ioatdma"
fi
n=0
while [ "$(ls /sys/class/dma 2>/dev/null | wc -l)" -lt 4 ] && [ $n -lt 20 ]; do
	sleep 1
	n=$((n + 1))
done
say "channels: $(ls /sys/class/dma | tr '\n' ' ')"
say "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
for i in $(grep -E 'cbdma|ioat' /proc/interrupts | cut -d: -f1); do
	say "irq $i $(grep "^ *$i:" /proc/interrupts | awk '{print $NF}') effective $(cat /proc/irq/$i/effective_affinity_list)"
done

# dmatest as make e2e runs it: every channel, threads summed on the host.
# Its "wait" returns before woken threads have run: count the summaries.
dmatest_run() {
	echo "$1" >$p/test_buf_size
	echo "$2" >$p/threads_per_chan
	echo "$3" >$p/polled
	echo "$DT_ITER" >$p/iterations
	dmesg -c >/dev/null
	say "run size=$1 threads=$2 polled=$3"
	echo 1 >$p/run
	tries=0
	while :; do
		cat $p/wait >/dev/null
		started=$(dmesg | sed -n 's/.*dmatest: Started \([0-9]*\) threads.*/\1/p' |
			awk '{ n += $1 } END { print n + 0 }')
		[ "$(dmesg | grep -c 'dmatest: .*summary')" -ge "$started" ] &&
			[ "$started" -gt 0 ] && break
		tries=$((tries + 1))
		[ $tries -ge 600 ] && { say "FAIL dmatest did not finish"; break; }
		sleep 1
	done
	kmsg 'dmatest: .*(summary|result|error)'
}
if [ -n "$DT_SIZES" ]; then
	insmod $M/dmatest.ko timeout=5000 || say "FAIL insmod dmatest"
	for s in $DT_SIZES; do dmatest_run "$s" 1 N; done
	for s in $DT_SIZES; do dmatest_run "$s" 4 N; done
	for s in $DT_SIZES; do dmatest_run "$s" 1 Y; done
	rmmod dmatest
fi

t=/sys/kernel/debug/tracing
if [ -n "$TRACE" ]; then
	echo 16384 >$t/buffer_size_kb
	echo "$TRACE_CLOCK" >$t/trace_clock || say "FAIL trace_clock $TRACE_CLOCK"
	for e in $TRACE; do echo 1 >$t/events/"$e"/enable || say "FAIL trace $e"; done
	echo 1 >$t/tracing_on
fi
profile=0
[ "${PROFILE:-0}" != 0 ] && profile=1
dmesg -c >/dev/null
insmod $M/dma_bench.ko ms="$MS" sizes="$SIZES" figs="$FIGS" chans="$CHANS" \
	profile=$profile || say "FAIL dma_bench"
if [ -n "$TRACE" ]; then
	echo 0 >$t/tracing_on
	for c in $t/per_cpu/cpu*; do
		grep -E "${TRACE_GREP:-.}" "$c/trace" | tail -n "$TRACE_LINES" |
			sed "s/^/BENCH: trace ${c##*/} /"
	done
fi
if [ $profile = 1 ]; then
	echo 0 >/proc/sys/kernel/kptr_restrict
	stty -F /dev/ttyS1 raw 2>/dev/null
	grep -E '^[0-9a-f]+ [tT] ' /proc/kallsyms >/dev/ttyS1
fi
kmsg 'dma_bench: '
rmmod dma_bench 2>/dev/null
# the controller's own counters (ours only): interrupts, lost ones, appends
for f in $(find /sys/kernel/debug/cbdma -name 'chan*' -type f 2>/dev/null | sort); do
	sed "s|^|BENCH: debugfs ${f##*/} |" "$f"
done
say "tainted $(cat /proc/sys/kernel/tainted)"
say "end"
poweroff -f
