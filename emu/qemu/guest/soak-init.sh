#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
# /init of the soak guest (scripts/soak.sh; busybox initramfs, a debug
# kernel). Reads /soak.conf: SEED, TARGET (engine copies verified),
# CLASSES (the fault classes), PHASE_SECS (length of one fault's phase),
# MAXSIZE. Loads netdma, cbdma and netdma_soak.ko, then round after round
# until the soak module has verified TARGET copies: each round takes every
# class once in an order drawn from SEED (awk's generator: the same order
# for the same seed), names it as the soak's phase, injects it (on the
# host with "SOAK: host CMD", answered "ok" on the console, or here),
# waits PHASE_SECS, and undoes it. Then the report, "SOAK: "-prefixed, and
# poweroff.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
. /soak.conf
M=/lib/modules
S=/sys/kernel/debug/netdma_soak

say() { echo "SOAK: $*"; }
fail() { echo "SOAK: FAIL $*"; }
host() {
	say "host $*"
	read -r -t 120 ack
	[ "$ack" = ok ] || fail "host $* answered '$ack'"
}
ctl() { echo "$*" >$S/ctl || say "ctl $* failed"; }
# The controller's PCI address, once bound (empty if not).
bdf() { (cd /sys/bus/pci/drivers/cbdma 2>/dev/null && ls -d 0000:* 2>/dev/null | head -n 1); }
# serr_on BDF: set SERR# Enable (COMMAND bit 8: bit 0 of config byte 5).
serr_on() {
	c=/sys/bus/pci/devices/$1/config
	v=$(dd if="$c" bs=1 skip=5 count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
	# shellcheck disable=SC2059  # the octal escape is the format
	printf "\\$(printf %o $((v | 1)))" |
		dd of="$c" bs=1 seek=5 count=1 conv=notrunc 2>/dev/null ||
		say "SERR# on $1 failed"
}
wait_bound() {
	n=0
	while [ -z "$(bdf)" ] && [ $n -lt 60 ]; do sleep 1; n=$((n + 1)); done
	[ -n "$(bdf)" ] || fail "cbdma not bound after ${n} s"
}

# The draws: one line per phase, "ROUND CLASS CHANNEL COUNT", from the
# seed. Each round is a permutation of CLASSES, so every class is
# injected once per round; the run ends after the round in which the
# soak module reached its target.
draws() {
	awk -v seed="$SEED" -v classes="$CLASSES" 'BEGIN {
		srand(seed % 2147483647); n = split(classes, c, " ")
		for (r = 1; r <= 300; r++) {
			for (i = n; i > 1; i--) {
				j = 1 + int(rand() * i); t = c[i]; c[i] = c[j]; c[j] = t
			}
			for (i = 1; i <= n; i++)
				print r, c[i], int(rand() * 4), 1 + int(rand() * 40)
		}
	}'
}

# inject CLASS CHANNEL COUNT: one phase of a fault class.
inject() {
	cls=$1 ch=$2 cnt=$3
	case $cls in
	src-read | dst-write | next-addr | hang | drop-irq | spurious-irq | bad-completion)
		host qom-set fault-chan "$ch"
		host qom-set "fault-$cls" "$cnt"
		sleep "$PHASE_SECS"
		# a countdown not reached is disarmed
		host qom-set "fault-$cls" 0
		;;
	slow)
		host qom-set delay-us $((cnt * 50))
		sleep "$PHASE_SECS"
		host qom-set delay-us 0
		;;
	terminate | pause)
		i=0
		while [ $i -lt 3 ]; do
			ctl "$cls $ch"
			sleep 1
			i=$((i + 1))
		done
		sleep "$PHASE_SECS"
		;;
	cpu-offline)
		# the completion CPU of the slot's channel (never CPU 0)
		irq=$(grep -E -e "-ch$ch\$" /proc/interrupts | cut -d: -f1 | tr -d ' ')
		cpu=$(cat "/proc/irq/$irq/effective_affinity_list" 2>/dev/null)
		[ -n "$cpu" ] && [ "$cpu" != 0 ] || cpu=$((1 + ch % 3))
		if echo 0 >"/sys/devices/system/cpu/cpu$cpu/online"; then
			sleep "$PHASE_SECS"
			echo 1 >"/sys/devices/system/cpu/cpu$cpu/online" ||
				fail "cpu$cpu online"
		else
			fail "cpu$cpu offline"
		fi
		;;
	unbind)
		b=$(bdf)
		echo "$b" >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind $b"
		ctl release
		sleep 1
		echo "$b" >/sys/bus/pci/drivers/cbdma/bind || fail "bind $b"
		wait_bound
		ctl acquire
		sleep "$PHASE_SECS"
		;;
	gone)
		host qom-set gone true
		n=0
		while ! dmesg | grep -q 'not responding' && [ $n -lt 30 ]; do
			sleep 1
			n=$((n + 1))
		done
		dmesg | grep -q 'not responding' || fail "gone: not noticed in ${n} s"
		dmesg -c >/dev/null
		sleep 2
		host qom-set gone false
		# The provider stopped for good: the device is bound again.
		b=$(bdf)
		echo "$b" >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind $b"
		ctl release
		echo "$b" >/sys/bus/pci/drivers/cbdma/bind || fail "bind $b"
		wait_bound
		ctl acquire
		sleep "$PHASE_SECS"
		;;
	device-del)
		b=$(bdf)
		host device_del
		n=0
		while [ -e "/sys/bus/pci/devices/$b" ] && [ $n -lt 60 ]; do
			sleep 1
			n=$((n + 1))
		done
		[ -e "/sys/bus/pci/devices/$b" ] && fail "device $b still there"
		ctl release
		host device_add
		wait_bound
		ctl acquire
		sleep "$PHASE_SECS"
		;;
	aer)
		# An uncorrectable error, fatal or not by the count's parity:
		# the AER driver calls cbdma's error_detected, resets the link
		# (secondary bus reset) and calls slot_reset and resume.
		e=POISON_TLP
		[ $((cnt % 2)) = 1 ] && e=DLP
		b=$(bdf)
		# QEMU (7.2) forwards an uncorrectable error only from
		# functions with SERR# enabled in COMMAND, which Linux leaves
		# off (it sets Device Control's reporting bits, which the
		# specification says suffice): the device and its root port.
		serr_on "$b"
		serr_on "$(basename "$(readlink -f "/sys/bus/pci/devices/$b/..")")"
		# Only the messages from here on count.
		k=$(dmesg | wc -l)
		host aer "$e"
		n=0
		while ! dmesg | tail -n +$((k + 1)) | grep -q 'device recovery' &&
			[ $n -lt 60 ]; do
			sleep 1
			n=$((n + 1))
		done
		if ! dmesg | tail -n +$((k + 1)) | grep -q 'device recovery successful'; then
			fail "aer $e: no recovery in ${n} s"
			dmesg | grep -i -E 'aer|_osc|pcieport' | sed 's/^/SOAK: dmesg: /'
			ls /sys/bus/pci_express/devices | sed 's/^/SOAK: port service: /'
			for f in /sys/bus/pci/devices/$b/aer_dev_*; do
				say "$f: $(tr '\n' ' ' <"$f")"
			done
			for d in "$b" "$(basename "$(readlink -f "/sys/bus/pci/devices/$b/..")")"; do
				od -An -tx1 -N 352 "/sys/bus/pci/devices/$d/config" |
					sed "s/^/SOAK: config $d: /"
			done
			grep -i -E 'aer|pcie|24:' /proc/interrupts | sed 's/^/SOAK: irq: /'
		fi
		dmesg | tail -n +$((k + 1)) | grep -q 'recovered from the PCI error' ||
			fail "aer $e: cbdma did not resume"
		sleep "$PHASE_SECS"
		;;
	pm-test)
		echo devices >/sys/power/pm_test || fail "pm_test devices"
		echo freeze >/sys/power/state || fail "pm_test freeze"
		echo none >/sys/power/pm_test
		sleep "$PHASE_SECS"
		;;
	*)
		fail "unknown class $cls"
		;;
	esac
}

say "begin $(uname -r) seed $SEED target $TARGET"
insmod $M/netdma.ko || fail "insmod netdma"
insmod $M/cbdma.ko || fail "insmod cbdma"
wait_bound
say "cbdma bound: $(bdf); channels: $(ls /sys/class/dma | tr '\n' ' ')"
# fd 3: the draws (made before the copies start: busybox awk is slow
# under TCG); stdin stays the console, where the host answers
draws >/draws
exec 3</draws
insmod $M/netdma_soak.ko seed="$SEED" target="$TARGET" max_size="$MAXSIZE" ||
	fail "insmod netdma_soak"
t0=$(date +%s)
sleep "$PHASE_SECS"
last=0
while read -r round cls ch cnt <&3; do
	if [ "$round" != "$last" ]; then
		[ "$last" != 0 ] && grep -q 'done 1' $S/status && break
		last=$round
	fi
	echo "$cls" >$S/phase
	say "round $round phase $cls chan $ch count $cnt: $(cat $S/status)"
	inject "$cls" "$ch" "$cnt"
	# the aftermath counts under "clean" until the next fault
	echo clean >$S/phase
	sleep 1
done
say "done after $(($(date +%s) - t0)) s: $(cat $S/status)"
ctl stop
sed 's/^/SOAK: report /' $S/report
rmmod netdma_soak || fail "rmmod netdma_soak"
rmmod cbdma && rmmod netdma || fail "rmmod cbdma netdma"
say "tainted $(cat /proc/sys/kernel/tainted)"
say "end"
poweroff -f
