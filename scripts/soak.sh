#!/bin/bash
# shellcheck disable=SC2154  # kver, qemu...: set by e2e-lib.sh
# SPDX-License-Identifier: GPL-2.0
# make soak: our drivers on the QEMU cbdma model (4 channels, q35, 4 CPUs,
# TCG) under the debug guest kernels of scripts/debug-kernel.sh, driven by
# emu/qemu/guest/netdma_soak.ko (seeded random copies, every byte checked,
# four submitter kinds per channel) while /init
# (emu/qemu/guest/soak-init.sh) draws fault classes from the same seed and
# injects them: the model's fault-* countdowns and delay-us (qom-set on
# QMP), gone, device_del/device_add on the root port, terminate and
# pause/resume (dmaengine, from the guest), CPU offline/online of a
# channel's CPU, unbind/bind, AER errors (pcie_aer_inject_error, fatal
# and non-fatal), pm_test (devices) suspend/resume.
#
# Prints the seed, the report per fault class of each kernel and the
# verdict; fails on any lost or corrupt copy, any splat (KASAN, KCSAN,
# lockdep, WARN, DMA-API: scripts/check-log.sh; a KCSAN report counts when
# one of its racing accesses is in our modules, scripts/kcsan-split.sh,
# and the kernel's own are listed), fewer verified copies
# than TARGET, a FAIL line of /init or a missing end marker.
#
# Environment: SEED (default: drawn; "SEED=N make soak" replays a run's
# draws), TARGET (engine copies verified per kernel, default 1000000),
# FLAVOURS ("kasan kcsan"; stock-SERIES boots Debian's stock kernel of
# SERIES instead, e.g. stock-7.3, to try the soak quickly), CLASSES (the fault classes; default all),
# PHASE_SECS (seconds per fault phase, 4), MAXSIZE (largest copy, 65536),
# TIMEOUT (seconds per boot, default 4 h).
. "$(dirname "$0")/lib.sh"
. "$NETDMA_TOP/scripts/e2e-lib.sh"

TARGET=${TARGET:-1000000}
FLAVOURS=${FLAVOURS:-kasan kcsan}
CLASSES=${CLASSES:-src-read dst-write next-addr hang drop-irq spurious-irq bad-completion slow terminate pause cpu-offline unbind gone device-del aer pm-test}
PHASE_SECS=${PHASE_SECS:-4}
MAXSIZE=${MAXSIZE:-65536}
TIMEOUT=${TIMEOUT:-14400}
SEED=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
CHANNELS=4
DEV="cbdma,bus=rp1,id=cb0,channels=$CHANNELS"

echo "soak: seed $SEED (replay: SEED=$SEED TARGET=$TARGET make soak), target $TARGET, kernels: $FLAVOURS"

"$NETDMA_TOP/scripts/kcsan-split.sh" --self-test || exit 1
t0=$(date +%s)
# The kernels first (a cold build is long): not under the e2e lock.
for fl in $FLAVOURS; do
	case $fl in
	stock-*) ;;
	*) "$NETDMA_TOP/scripts/debug-kernel.sh" "$fl" >/dev/null || exit 1 ;;
	esac
done
e2e_lock
"$NETDMA_TOP/scripts/deps.sh" qemu-system-data seabios busybox-static cpio ||
	exit 1
qemu=$("$NETDMA_TOP/scripts/qemu-build.sh") || die "building QEMU failed"
work=$NETDMA_CACHE/soak
mkdir -p "$work" || die "mkdir $work failed"

# use_flavour FLAVOUR: the debug kernel, our modules and the soak module
# built against it (each cached); sets kdir, kver, vmlinuz, om, sm.
use_flavour() {
	case $1 in
	stock-*)
		e2e_kernel "${1#stock-}" ;;
	*)
		kdir=$("$NETDMA_TOP/scripts/debug-kernel.sh" "$1") || exit 1
		kver=$(cat "$kdir/include/config/kernel.release")
		vmlinuz=$kdir/arch/x86/boot/bzImage ;;
	esac
	om=$(e2e_our_mods) || exit 1
	sm=$(e2e_guest_mod netdma_soak "$om/Module.symvers") || exit 1
}

# initrd: the initramfs of one boot, keyed by its inputs.
initrd() {
	local key f ir
	key=$( { cat "$NETDMA_TOP/emu/qemu/guest/soak-init.sh" /bin/busybox \
		"$om"/drivers/dma/*/*.ko "$sm/netdma_soak.ko"
		echo "$SEED|$TARGET|$CLASSES|$PHASE_SECS|$MAXSIZE"
		} | sha256sum | cut -c1-12)
	f=$work/initrd-$kver-$key.cpio.gz
	if [ ! -f "$f" ]; then
		ir=$f.d
		rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,lib/modules} ||
			die "mkdir $ir failed"
		cp "$NETDMA_TOP/emu/qemu/guest/soak-init.sh" "$ir/init"
		cat >"$ir/soak.conf" <<-EOF
		SEED=$SEED
		TARGET=$TARGET
		CLASSES="$CLASSES"
		PHASE_SECS=$PHASE_SECS
		MAXSIZE=$MAXSIZE
		EOF
		cp "$om"/drivers/dma/*/*.ko "$sm/netdma_soak.ko" "$ir/lib/modules/"
		e2e_pack "$ir" "$f"
	fi
	echo "$f"
}

# boot FLAVOUR: one soak guest; console in $work/console-FLAVOUR.txt.
boot() {
	local fl=$1 rd t1
	use_flavour "$fl"
	kv[$fl]=$kver
	rd=$(initrd)
	out=$work/console-$fl.log
	sock=$work/qmp-$fl.sock
	rm -f "$out" "$out.host" "$sock" "$work/in-$fl"
	: >"$out"
	mkfifo "$work/in-$fl" || die "mkfifo failed"
	exec 3<>"$work/in-$fl"
	log "soak on $kver (QEMU TCG, q35, 4 CPUs, -device $DEV), seed $SEED, target $TARGET"
	t1=$(date +%s)
	e2e_qemu "$rd" "" -monitor none -qmp "unix:$sock,server=on,wait=off" \
		-device pcie-root-port,id=rp1,slot=1,chassis=1 -device "$DEV" \
		<&3 >>"$out" 2>&1 &
	qpid=$!
	e2e_serve SOAK &
	local spid=$!
	wait "$qpid"
	rc[$fl]=$?
	wait "$spid"
	exec 3>&-
	rm -f "$work/in-$fl" "$sock"
	secs[$fl]=$(($(date +%s) - t1))
	e2e_console_text "$out" "$work/console-$fl.txt"
}

declare -A rc secs kv
for fl in $FLAVOURS; do
	boot "$fl"
	f=$work/console-$fl.txt
	n=1
	while [ $n -lt $E2E_INT3_BOOTS ] && ! grep -q '^SOAK: ' "$f" &&
		grep -q 'Oops: int3' "$f"; do
		log "$fl: guest kernel oops (int3) before /init ran: booting it again"
		mv "$f" "$work/console-$fl.try$n.txt"
		n=$((n + 1))
		boot "$fl"
	done
done

fail=0
bad() { echo "FAIL: $*"; fail=1; }
for fl in $FLAVOURS; do
	f=$work/console-$fl.txt
	echo
	echo "== soak on ${kv[$fl]}: seed $SEED, ${secs[$fl]} s wall"
	grep -E '^SOAK: (begin|cbdma bound|done after)' "$f" | sed 's/^SOAK: /  /'
	echo "  per fault class (phase): how often injected, what the clients saw;"
	echo "  failed: what the clients were told (read, write, aborted, timedout, other)"
	sed -n 's/^SOAK: report /  /p' "$f"
	tot=$(sed -n 's/^SOAK: report total //p' "$f")
	[ "${rc[$fl]}" -eq 0 ] || bad "$fl: QEMU exited with ${rc[$fl]} (124: timeout; 128+N: died of signal N, backtrace printed)"
	grep -q '^SOAK: end' "$f" || bad "$fl: no end marker"
	grep -q 'SOAK: FAIL' "$f" && bad "$fl: $(grep 'SOAK: FAIL' "$f" | head -n 3 | tr '\n' ' ')"
	# KCSAN reports in which no racing access is ours are the kernel's:
	# listed, not judged (scripts/kcsan-split.sh).
	"$NETDMA_TOP/scripts/kcsan-split.sh" "$f" "$f.judged" "$f.kernel-races" ||
		bad "$fl: kcsan-split.sh failed"
	"$NETDMA_TOP/scripts/check-log.sh" "$f.judged" || bad "$fl: kernel splat"
	grep -nE 'blocked for more than|DMAR: .*[Ff]ault' "$f" | head -n 5 |
		sed 's/^/  /' | grep . && bad "$fl: hung task or DMA fault"
	if [ -z "$tot" ]; then
		bad "$fl: no report"
		continue
	fi
	# total - verified cpu failed refused lost corrupt held  fails...
	read -r _ ver _ _ _ lost corrupt _ _ <<<"$tot"
	echo "  splats: $("$NETDMA_TOP/scripts/check-log.sh" "$f.judged" >/dev/null && echo 0 || echo 'see above')"
	echo "  the kernel's own KCSAN reports (no racing access in our modules; not judged): $(grep -c . "$f.kernel-races")"
	sed 's/^\[[ 0-9.]*\] BUG: KCSAN: /    /' "$f.kernel-races" | sort | uniq -c
	[ "$ver" -ge "$TARGET" ] || bad "$fl: $ver copies verified, target $TARGET"
	[ "$lost" -eq 0 ] || bad "$fl: $lost copies lost"
	[ "$corrupt" -eq 0 ] || bad "$fl: $corrupt copies corrupt"
	grep -E 'netdma_soak: (lost|corrupt):' "$f" | head -n 10 | sed 's/^/  /'
	echo "  console: $f"
done
echo
echo "soak: seed $SEED, total $(($(date +%s) - t0)) s"
if [ $fail -eq 0 ]; then
	echo "PASS soak"
else
	echo "FAIL soak"
fi
exit $fail
