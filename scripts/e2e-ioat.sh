#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end run of the QEMU cbdma model against Linux's in-tree ioatdma:
# boot Debian's stock 6.12 kernel (the linux-image matching the newest
# installed 6.12 headers) under qemu-system-x86_64 -machine q35 -smp 4 (TCG)
# with -device cbdma,intel-id=on, load dca + ioatdma + an out-of-tree
# dmatest.ko in a busybox initramfs, run dmatest with verification on every
# channel at several sizes, unload and reload ioatdma and run once more,
# then parse the console. A second device with our
# own ID is checked at register level by emu/qemu/guest/cbdma_regtest.c
# first. Fails on any oops, WARN, BUG, unexpected taint, regtest or dmatest
# failure, or missing end marker.
#
# Environment: CHANNELS (default 4), ITERATIONS (200), SIZES ("4096 65536"),
# THREADS ("1 4"), KERNEL_APPEND (more kernel parameters), IOAT_IRQ
# (ioatdma's ioat_interrupt_style: msix, msi or intx; default msix),
# INTR_COALESCE (ioatdma's per-channel intr_coalesce, microseconds per
# pending descriptor: programs INTRDELAY; default 0), TIMEOUT (seconds, 1200), QEMU_EXTRA (more QEMU options,
# placed before the cbdma device, e.g. "-device intel-iommu"), CBDMA_OPTS
# (more -device cbdma options, e.g. fault injection).
# Everything is cached under $NETDMA_CACHE/e2e, keyed by its inputs.
. "$(dirname "$0")/lib.sh"
. "$NETDMA_TOP/scripts/e2e-lib.sh"

CHANNELS=${CHANNELS:-4}
ITERATIONS=${ITERATIONS:-200}
SIZES=${SIZES:-4096 65536}
THREADS=${THREADS:-1 4}
TIMEOUT=${TIMEOUT:-1200}
IOAT_IRQ=${IOAT_IRQ:-msix}
INTR_COALESCE=${INTR_COALESCE:-0}

e2e_setup
# cbdma_regtest.ko: register-level checks of the model (second device).
rt=$(e2e_guest_mod cbdma_regtest) || exit 1

# The initramfs, keyed by its inputs (this script holds /init).
ikey=$( { cat "$0" /bin/busybox "$dt/dmatest.ko" "$rt/cbdma_regtest.ko"
	echo "$kver $hver";
	echo "$ITERATIONS|$SIZES|$THREADS|$IOAT_IRQ|$INTR_COALESCE"; } | sha256sum | cut -c1-12)
initrd=$NETDMA_CACHE/e2e/initrd-$ikey.cpio.gz
if [ ! -f "$initrd" ]; then
	log "packing the initramfs"
	ir=$NETDMA_CACHE/e2e/initrd-$ikey.d
	rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,lib/modules} ||
		die "mkdir $ir failed"
	xz -dc "$mods/drivers/dca/dca.ko.xz" >"$ir/lib/modules/dca.ko" &&
		xz -dc "$mods/drivers/dma/ioat/ioatdma.ko.xz" \
			>"$ir/lib/modules/ioatdma.ko" ||
		die "decompressing dca/ioatdma failed"
	cp "$dt/dmatest.ko" "$rt/cbdma_regtest.ko" "$ir/lib/modules/"
	cat >"$ir/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
echo "E2E: begin \$(uname -r)"
for d in /sys/bus/pci/devices/*; do
	[ "\$(cat \$d/vendor):\$(cat \$d/device)" = 0x8086:0x6f20 ] &&
		echo "E2E: pci \${d##*/} 8086:6f20 class \$(cat \$d/class)" &&
		[ -e \$d/iommu_group/type ] &&
		echo "E2E: iommu group \$(readlink \$d/iommu_group | sed 's|.*/||') type \$(cat \$d/iommu_group/type)"
done
insmod /lib/modules/cbdma_regtest.ko || echo "E2E: FAIL insmod cbdma_regtest"
dmesg | grep 'cbdma_regtest: ' | sed 's/^\[[ 0-9.]*\] //;s/^/E2E: /'
for m in dca ioatdma dmatest; do
	a=; [ \$m = ioatdma ] && a="ioat_interrupt_style=$IOAT_IRQ"
	insmod /lib/modules/\$m.ko \$a || echo "E2E: FAIL insmod \$m"
done
if [ -e /sys/bus/pci/drivers/ioatdma/0000:* ]; then
	echo "E2E: ioatdma bound: \$(cd /sys/bus/pci/drivers/ioatdma && echo 0000:*)"
else
	echo "E2E: FAIL ioatdma did not bind"
fi
echo "E2E: channels: \$(ls /sys/class/dma | tr '\n' ' ')"
for c in /sys/class/dma/dma*chan*/quickdata/intr_coalesce; do
	echo $INTR_COALESCE >\$c
done
p=/sys/module/dmatest/parameters
echo $ITERATIONS >\$p/iterations
echo 3000 >\$p/timeout
run() {
	echo \$1 >\$p/test_buf_size
	echo \$2 >\$p/threads_per_chan
	echo \$3 >\$p/polled
	dmesg -c >/dev/null
	echo "E2E: run size=\$1 threads=\$2 polled=\$3 \$4"
	echo 1 >\$p/run
	# wait returns at once while the threads have not run yet: wait until
	# every started thread has printed its summary.
	tries=0
	while :; do
		cat \$p/wait >/dev/null
		started=\$(dmesg | sed -n 's/.*dmatest: Started \\([0-9]*\\) threads.*/\\1/p' |
			awk '{ n += \$1 } END { print n + 0 }')
		[ "\$(dmesg | grep -c 'dmatest: .*summary')" -ge "\$started" ] &&
			[ "\$started" -gt 0 ] && break
		tries=\$((tries + 1))
		[ \$tries -ge 600 ] && { echo "E2E: FAIL dmatest threads did not finish"; break; }
		sleep 1
	done
	dmesg | grep 'dmatest: .*summary' | sed 's/^\[[ 0-9.]*\] //;s/^/E2E: /'
	dmesg -c | grep -v summary | grep -E 'dmatest: .*(result|error|fail)' |
		head -n 20 | sed 's/^\[[ 0-9.]*\] //;s/^/E2E: FAIL /'
}
for t in $THREADS; do
	for s in $SIZES; do
		run \$s \$t N
	done
done
run ${SIZES%% *} 1 Y
echo "E2E: interrupts"
grep -E 'CPU|ioat' /proc/interrupts | sed 's/^/E2E: /'
for i in \$(grep ioat /proc/interrupts | cut -d: -f1); do
	echo "E2E: irq \$i effective_affinity_list \$(cat /proc/irq/\$i/effective_affinity_list)"
done
# unload (channel reset and free paths) and load again
rmmod dmatest && rmmod ioatdma || echo "E2E: FAIL rmmod"
dmesg -c | grep -iE 'ioatdma.*(error|fail|in use)' |
	sed 's/^\[[ 0-9.]*\] //;s/^/E2E: FAIL /'
insmod /lib/modules/ioatdma.ko ioat_interrupt_style=$IOAT_IRQ &&
	insmod /lib/modules/dmatest.ko || echo "E2E: FAIL insmod after rmmod"
echo $ITERATIONS >\$p/iterations
echo 3000 >\$p/timeout
run ${SIZES%% *} 1 N after-reload
echo "E2E: tainted \$(cat /proc/sys/kernel/tainted)"
echo "E2E: end"
poweroff -f
EOF
	e2e_pack "$ir" "$initrd"
fi

out=$NETDMA_CACHE/e2e/console-ioat.log
log "booting $kver on QEMU (TCG, q35, 4 CPUs) with cbdma,intel-id=on; console: $out"
t1=$(date +%s)
# shellcheck disable=SC2086
e2e_qemu "$initrd" "$KERNEL_APPEND" -monitor none $QEMU_EXTRA \
	-device "cbdma,intel-id=on,channels=$CHANNELS${CBDMA_OPTS:+,$CBDMA_OPTS}" \
	-device cbdma,id=regtest \
	</dev/null >"$out" 2>&1
rc=$?
t2=$(date +%s)
e2e_console_text "$out" "$out.txt"

fail=0
grep -E '^E2E: ' "$out.txt" | grep -vE 'summary|^E2E: (begin|end|run )' | sed 's/^/  /'
echo "dmatest summary lines (ioatdma on the cbdma model, $ITERATIONS iterations per thread):"
grep -E '^E2E: (run|dmatest: .*summary)' "$out.txt" | sed 's/^E2E: /  /'
echo "per channel (threads summed):"
e2e_table_head
grep -E '^E2E: (run|dmatest: .*summary)' "$out.txt" | e2e_table ioatdma

[ "$rc" -eq 0 ] || { echo "FAIL: QEMU exited with $rc (124: timeout; 128+N: died of signal N, backtrace printed)"; fail=1; }
grep -q '^E2E: end' "$out.txt" || { echo "FAIL: no end marker"; fail=1; }
# oops, WARN, BUG, lockdep, panic, taint flags in a splat: the rig's check
"$NETDMA_TOP/scripts/check-log.sh" "$out.txt" || fail=1
if grep -q 'E2E: FAIL' "$out.txt"; then
	echo "FAIL: $(grep 'E2E: FAIL' "$out.txt" | head -n 3 | tr '\n' ' ')"
	fail=1
fi
grep -q '^E2E: cbdma_regtest: done, [0-9]* passed, 0 failed' "$out.txt" ||
	{ echo "FAIL: cbdma_regtest (register-level checks of the model)"; fail=1; }
nsum=$(grep -c '^E2E: dmatest: .*summary' "$out.txt")
nexp=0
nruns=$(( $(echo $SIZES | wc -w) * $(echo $THREADS | wc -w) + 2 ))
for t in $THREADS; do nexp=$((nexp + CHANNELS * t * $(echo $SIZES | wc -w))); done
nexp=$((nexp + 2 * CHANNELS))	# polled, after reload
[ "$nsum" -eq "$nexp" ] ||
	{ echo "FAIL: $nsum dmatest summaries, expected $nexp ($nruns runs)"; fail=1; }
if grep 'summary' "$out.txt" | grep -vq ' 0 failures'; then
	echo "FAIL: dmatest failures"
	fail=1
fi
if grep 'summary' "$out.txt" | grep -q "summary 0 tests"; then
	echo "FAIL: a dmatest thread ran no test"
	fail=1
fi
# Only O (4096) and E (8192) from the out-of-tree, unsigned dmatest.ko.
taint=$(sed -n 's/^E2E: tainted \([0-9]*\)$/\1/p' "$out.txt")
if [ -z "$taint" ] || [ $((taint & ~12288)) -ne 0 ]; then
	echo "FAIL: kernel taint '${taint}' (only O and E, 12288, expected)"
	fail=1
fi
echo "times: total $((t2 - t0)) s, guest $((t2 - t1)) s; console: $out.txt"
if [ $fail -eq 0 ]; then
	echo "PASS e2e-ioat: ioatdma on the cbdma QEMU model"
else
	echo "FAIL e2e-ioat"
fi
exit $fail
