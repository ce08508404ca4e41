#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
# /init of the guest booted by scripts/bench-guest.sh (busybox initramfs).
# Reads /bench.conf: DRIVER (ours: netdma.ko + cbdma.ko on our ID; ioat:
# dca.ko + ioatdma.ko on the Intel ID), DT_SIZES, DT_ITER (dmatest, as in
# make e2e), SIZES and MS (emu/qemu/guest/dma_bench.c). Everything for the
# host goes to the console as "BENCH: ..." lines; the host judges nothing
# but the presence of the figures and a clean log.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
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

dmesg -c >/dev/null
insmod $M/dma_bench.ko ms="$MS" sizes="$SIZES" || say "FAIL dma_bench"
kmsg 'dma_bench: '
rmmod dma_bench 2>/dev/null
say "tainted $(cat /proc/sys/kernel/tainted)"
say "end"
poweroff -f
