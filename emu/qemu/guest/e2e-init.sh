#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
# /init of the guest booted by scripts/e2e.sh (busybox initramfs). Reads
# /e2e.conf: MODE (main: our drivers, faults, reload, device_del; iommu:
# our drivers under a strict IOMMU; ioat: ioatdma on the Intel ID), SIZES,
# THREADS, ITERATIONS, BIG_ITERATIONS (for copies of 1 MiB and more).
# Everything for the host goes to the console as "E2E: ..." lines; "E2E:
# host CMD" asks the host to act on the QEMU monitor (qom-set, device_del)
# and waits for its answer on the console.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
. /e2e.conf
M=/lib/modules
p=/sys/module/dmatest/parameters

say() { echo "E2E: $*"; }
fail() { echo "E2E: FAIL $*"; }
# The host answers "ok" on the console once the monitor command is done;
# within seconds, so a host that does not answer fails the run at once
# rather than at the boot's timeout.
host() {
	say "host $*"
	read -r -t 120 ack
	[ "$ack" = ok ] || fail "host $* answered '$ack'"
}
dmesg_e2e() { sed 's/^\[[ 0-9.]*\] //;s/^/E2E: /'; }

# dmatest's "wait" returns at once when its threads were woken but have not
# run yet (they count as pending until they do), which happens on a busy
# host. So wait until every thread it started has printed its summary.
dmatest_wait() {
	tries=0
	while :; do
		cat $p/wait >/dev/null
		started=$(dmesg | sed -n 's/.*dmatest: Started \([0-9]*\) threads.*/\1/p' |
			awk '{ n += $1 } END { print n + 0 }')
		done_=$(dmesg | grep -c 'dmatest: .*summary')
		[ "$done_" -ge "$started" ] && [ "$started" -gt 0 ] && return
		tries=$((tries + 1))
		[ $tries -ge 600 ] && { fail "dmatest: $done_ of $started threads finished"; return; }
		sleep 1
	done
}

# dmatest_run SIZE THREADS POLLED ITERATIONS TAG [CHANNEL]
dmatest_run() {
	echo "$1" >$p/test_buf_size
	echo "$2" >$p/threads_per_chan
	echo "$3" >$p/polled
	echo "$4" >$p/iterations
	echo "${6:-}" >$p/channel
	dmesg -c >/dev/null
	say "run size=$1 threads=$2 polled=$3 $5"
	echo 1 >$p/run
	dmatest_wait
	dmesg | grep 'dmatest: .*summary' | dmesg_e2e
	dmesg -c | grep -v summary | grep -E 'dmatest: .*(result|error|fail)' |
		head -n 8 | sed 's/^\[[ 0-9.]*\] //;s/^/E2E: dmatest-error /'
}

iters() { if [ "$1" -ge 1048576 ]; then echo "$BIG_ITERATIONS"; else echo "$ITERATIONS"; fi; }

dmatest_matrix() {
	insmod $M/dmatest.ko timeout=5000 || fail "insmod dmatest"
	for t in $THREADS; do
		for s in $SIZES; do
			dmatest_run "$s" "$t" N "$(iters "$s")" "$1"
		done
	done
	for s in $SIZES; do
		dmatest_run "$s" 1 Y "$(iters "$s")" "$1"
	done
	rmmod dmatest || fail "rmmod dmatest"
}

interrupts() {
	say "interrupts $1"
	grep -E -e "CPU|$IRQPAT" /proc/interrupts | sed 's/  */ /g;s/^/E2E: /'
	for i in $(grep -E -e "$IRQPAT" /proc/interrupts | cut -d: -f1); do
		say "irq $i $(grep "^ *$i:" /proc/interrupts | awk '{print $NF}') effective_affinity_list $(cat /proc/irq/$i/effective_affinity_list) affinity_hint $(cat /proc/irq/$i/affinity_hint)"
	done
}

debugfs_dump() {
	say "debugfs $1"
	[ -d /sys/kernel/debug/cbdma ] || fail "no cbdma debugfs"
	for f in $(find /sys/kernel/debug/cbdma -type f | sort) \
		/sys/kernel/debug/dmaengine/summary; do
		say "--- $f"
		sed 's/^/E2E:   /' "$f"
	done
}

client() {
	dmesg -c >/dev/null
	insmod $M/netdma_client.ko && rmmod netdma_client ||
		fail "netdma_client load/unload"
	dmesg -c | grep 'netdma_client:' | dmesg_e2e
}

load_ours() {
	insmod $M/netdma.ko || fail "insmod netdma"
	insmod $M/cbdma.ko || fail "insmod cbdma"
	dmesg | grep -E 'cbdma|netdma' | dmesg_e2e
	bdf=$(cd /sys/bus/pci/drivers/cbdma 2>/dev/null && echo 0000:*)
	if [ -e "/sys/bus/pci/devices/$bdf" ]; then
		say "cbdma bound: $bdf"
	else
		fail "cbdma did not bind"
	fi
	say "channels: $(ls /sys/class/dma | tr '\n' ' ')"
}

# CPU hotplug (issue 13, defect 5), self-contained: the completion CPU of
# a busy channel (dma0chan1's vector) goes offline and comes back while
# dmatest runs on that channel and the NetDMA client runs on the others.
# The shim moves the channel's completion work and vector to another CPU
# and back home; /proc/interrupts and cbdma's debugfs show both moves.
cpu_hotplug() {
	hp_irq=$(grep -E -e '-ch1' /proc/interrupts | cut -d: -f1 | tr -d ' ')
	hp_cpu=$(cat "/proc/irq/$hp_irq/effective_affinity_list")
	hp_dir=/sys/devices/system/cpu/cpu$hp_cpu
	if [ ! -w "$hp_dir/online" ]; then
		fail "hotplug: cpu$hp_cpu (dma0chan1 irq $hp_irq) cannot go offline"
		return
	fi
	interrupts hotplug-before
	insmod $M/dmatest.ko timeout=5000 || fail "insmod dmatest for hotplug"
	dmesg -c >/dev/null
	echo 4096 >$p/test_buf_size
	echo 2 >$p/threads_per_chan
	echo N >$p/polled
	echo 5000 >$p/iterations
	echo dma0chan1 >$p/channel
	say "run size=4096 threads=2 polled=N hotplug"
	echo 1 >$p/run
	sleep 1
	say "hotplug: cpu$hp_cpu offline, dma0chan1 irq $hp_irq"
	echo 0 >"$hp_dir/online" || fail "hotplug: cpu$hp_cpu offline"
	sleep 1
	interrupts hotplug-offline
	say "hotplug debugfs offline"
	grep -h '^channel ' /sys/kernel/debug/cbdma/*/chan* 2>/dev/null |
		sed 's/^/E2E:   /'
	say "netdma_client hotplug-offline"
	insmod $M/netdma_client.ko && rmmod netdma_client ||
		fail "netdma_client load/unload, cpu$hp_cpu offline"
	dmesg | grep 'netdma_client:' | dmesg_e2e
	say "hotplug: cpu$hp_cpu online"
	echo 1 >"$hp_dir/online" || fail "hotplug: cpu$hp_cpu online"
	sleep 1
	interrupts hotplug-online
	say "hotplug debugfs online"
	grep -h '^channel ' /sys/kernel/debug/cbdma/*/chan* 2>/dev/null |
		sed 's/^/E2E:   /'
	dmatest_wait
	say "hotplug dmatest"
	dmesg | grep 'dmatest: .*summary' | dmesg_e2e
	dmesg -c | grep -v summary | grep -E 'dmatest: .*(result|error|fail)' |
		head -n 8 | sed 's/^\[[ 0-9.]*\] //;s/^/E2E: dmatest-error /'
	echo "" >$p/channel
	rmmod dmatest || fail "rmmod dmatest after hotplug"
	say "netdma_client hotplug-online"
	client
	interrupts hotplug-end
	say "hotplug end"
}

say "begin $(uname -r) mode $MODE"
for d in /sys/bus/pci/devices/*; do
	case "$(cat $d/vendor):$(cat $d/device)" in
	0x1234:0xcbd0 | 0x8086:0x6f20) ;;
	*) continue ;;
	esac
	say "pci ${d##*/} $(cat $d/vendor):$(cat $d/device) class $(cat $d/class)"
	[ -e $d/iommu_group/type ] &&
		say "iommu group $(readlink $d/iommu_group | sed 's|.*/||') type $(cat $d/iommu_group/type)"
done

if [ "$MODE" = ioat ]; then
	IRQPAT=ioat
	insmod $M/dca.ko && insmod $M/ioatdma.ko || fail "insmod ioatdma"
	bound=
	for d in /sys/bus/pci/drivers/ioatdma/0000:*; do
		[ -e "$d" ] && bound=${d##*/}
	done
	[ -n "$bound" ] && say "ioatdma bound: $bound" || fail "ioatdma did not bind"
	say "channels: $(ls /sys/class/dma | tr '\n' ' ')"
	interrupts before
	dmatest_matrix ioatdma
	interrupts after
else
	IRQPAT='-ch[0-9]'
	load_ours
	interrupts before
	debugfs_dump after-probe
	dmatest_matrix cbdma
	interrupts after-dmatest
	debugfs_dump after-dmatest
	say "netdma_client"
	client
	interrupts after-client
	cpu_hotplug
fi

if [ "$MODE" != ioat ]; then
	# Faults, on channel 1 (dma0chan1), 20 copies; the 5th event faults.
	insmod $M/dmatest.ko timeout=5000 || fail "insmod dmatest"
	host qom-set fault-chan 1
	for f in $FAULTS; do
		host qom-set "fault-$f" 5
		dmatest_run 4096 1 N 20 "fault-$f" dma0chan1
		dmatest_run 4096 1 N 20 "after-$f" dma0chan1
	done
	rmmod dmatest
	debugfs_dump after-faults
	# The client sees the error: the 3rd copy of channel 0 fails.
	host qom-set fault-chan 0
	host qom-set fault-src-read 3
	say "netdma_client fault-src-read on channel 0"
	client

	# The device leaves the bus while dmatest runs (qom-set gone: its
	# registers read all ones, nothing completes): cbdma's watchdog finds
	# it and stops the provider, so dmatest's copies fail instead of
	# hanging. The link then comes back (a reset) for the reload below.
	insmod $M/dmatest.ko timeout=5000 || fail "insmod dmatest for gone"
	dmesg -c >/dev/null
	echo 4096 >$p/test_buf_size
	echo 1 >$p/threads_per_chan
	echo N >$p/polled
	echo 100000 >$p/iterations
	echo "" >$p/channel
	say "run size=4096 threads=1 polled=N gone"
	echo 1 >$p/run
	sleep 2
	host qom-set gone true
	n=0
	while ! dmesg | grep -q 'not responding' && [ $n -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	say "gone: found after ${n} s: $(dmesg | grep -c 'not responding') message(s)"
	# The shim drains for 1 s before it aborts; then preps fail.
	sleep 3
	echo 0 >$p/run
	dmatest_wait
	dmesg -c | grep -E 'dmatest: .*result' | sed 's/.*result #[0-9]*: //;s/ with .*//' |
		sort | uniq -c | sed 's/^/E2E: gone result /'
	rmmod dmatest || fail "rmmod dmatest after gone"
	host qom-set gone false

	# Unload and load again.
	say "reload"
	rmmod cbdma && rmmod netdma || fail "rmmod cbdma netdma"
	dmesg -c | grep -iE 'cbdma|netdma' | dmesg_e2e
	load_ours
	insmod $M/dmatest.ko timeout=5000 || fail "insmod dmatest"
	dmatest_run 4096 1 N "$ITERATIONS" after-reload

	# Hot unplug of the controller while dmatest runs.
	dmesg -c >/dev/null
	echo 65536 >$p/test_buf_size
	echo 2 >$p/threads_per_chan
	echo 100000 >$p/iterations
	echo "" >$p/channel
	say "run size=65536 threads=2 polled=N unplug"
	echo 1 >$p/run
	sleep 2
	host device_del
	n=0
	while [ -e "/sys/bus/pci/devices/$bdf" ] && [ $n -lt 120 ]; do
		sleep 1
		n=$((n + 1))
	done
	[ -e "/sys/bus/pci/devices/$bdf" ] && fail "device $bdf still present"
	say "device $bdf gone after ${n} s: $(ls /sys/bus/pci/devices | tr "\n" " ")"
	n=0
	while [ "$(cat $p/run)" = Y ] && [ $n -lt 5 ]; do
		sleep 1
		n=$((n + 1))
	done
	say "dmatest running after unplug+${n} s: $(cat $p/run)"
	dmesg | grep -iE 'cbdma|netdma|pciehp|dmaengine' | tail -n 10 | dmesg_e2e
	# Prep errors cost dmatest 100 ms each: stop the rest.
	[ "$(cat $p/run)" = Y ] && echo 0 >$p/run
	dmesg | grep 'dmatest: .*summary' | dmesg_e2e
	dmesg | grep -E 'dmatest: .*result' | head -n 5 | dmesg_e2e
	dmesg -c | grep -E 'dmatest: .*result' | sed 's/.*result #[0-9]*: //;s/ with .*//' |
		sort | uniq -c | sed 's/^/E2E: unplug result /'
	rmmod dmatest || fail "rmmod dmatest after unplug"
	rmmod cbdma && rmmod netdma || fail "rmmod cbdma netdma after unplug"
	say "unloaded after unplug: $(lsmod | grep -cE '^(cbdma|netdma)') left"
fi

say "tainted $(cat /proc/sys/kernel/tainted)"
say "end"
poweroff -f
