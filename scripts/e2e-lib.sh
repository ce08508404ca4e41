# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034,SC2154
# (sets kdir, kver, ... for the caller; qemu and TIMEOUT come from it)
# Shared pieces of the QEMU end-to-end runs (scripts/e2e.sh, e2e-ioat.sh);
# sourced after lib.sh, never run. Everything is cached under
# $NETDMA_CACHE/e2e, keyed by its inputs.

# e2e_lock: hold the machine's e2e lock for the rest of the run. The run
# directory, the consoles and the QMP sockets under $NETDMA_CACHE/e2e are
# shared by every checkout (worktrees, CI clones), and two TCG guests at
# once on a small host would only slow each other into timeouts.
e2e_lock() {
	mkdir -p "$NETDMA_CACHE" || die "mkdir $NETDMA_CACHE failed"
	exec 7>"$NETDMA_CACHE/.e2e.lock"
	if ! flock -n 7; then
		log "waiting for another e2e run on this machine"
		flock 7
	fi
}

# e2e_setup [SERIES]: what every e2e run needs first: the lock, the
# packages, the QEMU binary (built once), the stock kernel of SERIES (6.12
# unless given) and dmatest.ko. Sets t0 (the run's start), qemu, and what
# e2e_kernel and e2e_dmatest set.
e2e_setup() {
	e2e_lock
	t0=$(date +%s)
	"$NETDMA_TOP/scripts/deps.sh" qemu-system-data seabios busybox-static \
		cpio xz-utils gdb || exit 1
	qemu=$("$NETDMA_TOP/scripts/qemu-build.sh") || die "building QEMU failed"
	[ -x "$qemu" ] || die "no QEMU binary"
	e2e_kernel "${1:-6.12}"
	e2e_dmatest
}

# e2e_kernel SERIES: Debian's stock kernel of a series (6.1, 6.12, 7.3)
# and the tree to build modules for it against: the newest installed
# headers and the linux-image-<kver>-unsigned of their version (from the
# machine's own apt sources), or for a series in PREPARED_SERIES the tree
# of scripts/kernel-tree.sh and the linux-binary-<kver> of its version
# (trixie-backports, through scripts/apt-private.sh): there 7.3's
# linux-image-<kver> (signed; there is no -unsigned) is an empty package
# depending on linux-binary (the kernel) and linux-modules (107 MB of
# modules). The guests need the kernel only: everything the main and iommu
# boots use is built in, and only the ioat boot takes modules from the
# image (dca, ioatdma). Sets kseries, kdir, kver, hver, vkey (version key
# for cache paths), vmlinuz and mods (the image's lib/modules/$kver/kernel,
# empty for linux-binary).
e2e_kernel() {
	local kcache deb pkg prepared=
	kseries=$1
	case " $PREPARED_SERIES " in *" $1 "*) prepared=1 ;; esac
	kdir=$(series_kdir "$1")
	[ -n "$kdir" ] || die "no linux-headers-$1.*-amd64 installed or prepared"
	if [ -n "$prepared" ]; then
		kver=$(cat "$kdir/include/config/kernel.release")
		hver=$(cut -d' ' -f2 "$kdir/.netdma-prepared")
		pkg=linux-binary-$kver
	else
		kver=${kdir##*/linux-headers-}
		hver=$(dpkg-query -W -f='${Version}' "linux-headers-$kver") ||
			die "linux-headers-$kver is not a package"
		pkg=linux-image-$kver-unsigned
	fi
	vkey=$kver-$(echo "$hver" | tr ':~' '__')
	kcache=$NETDMA_CACHE/e2e/kernel/$vkey
	if [ ! -f "$kcache/.netdma-extracted" ]; then
		rm -rf "$kcache" && mkdir -p "$kcache/deb" ||
			die "mkdir $kcache failed"
		if [ -n "$prepared" ]; then
			deb=$("$NETDMA_TOP/scripts/apt-private.sh" "$pkg=$hver") &&
				cp "$deb" "$kcache/deb/" || die "downloading $pkg=$hver failed"
		else
			log "downloading $pkg=$hver (once per version)"
			(cd "$kcache/deb" && apt-get download -q "$pkg=$hver" >/dev/null) ||
				die "apt-get download $pkg=$hver failed"
		fi
		dpkg-deb -x "$kcache"/deb/*.deb "$kcache/root" ||
			die "dpkg-deb -x failed"
		rm -rf "$kcache/deb"
		touch "$kcache/.netdma-extracted"
	fi
	vmlinuz=$kcache/root/boot/vmlinuz-$kver
	# 7.3's linux-binary keeps it beside its modules' place
	[ -f "$vmlinuz" ] || vmlinuz=$kcache/root/usr/lib/modules/$kver/vmlinuz
	# trixie's images ship their modules under /usr/lib (merged /usr)
	mods=$kcache/root/lib/modules/$kver/kernel
	[ -d "$mods" ] || mods=
	[ -f "$vmlinuz" ] || die "$vmlinuz missing"
}

# e2e_dmatest (after e2e_kernel): dmatest.ko, built out of tree from
# drivers/dma/dmatest.c of the matching kernel source: the prepared tree's,
# the installed linux-source-SERIES if its version matches, or else
# linux-source-SERIES of the kernel's version from the machine's apt
# sources (downloaded once, only dmatest.c kept). Sets dt, the directory
# holding it.
e2e_dmatest() {
	local sver tarball srcdir
	dt=$NETDMA_CACHE/e2e/dmatest/$vkey
	[ -f "$dt/dmatest.ko" ] && return
	log "building dmatest.ko against $kdir (once per version)"
	rm -rf "$dt" && mkdir -p "$dt" || die "mkdir $dt failed"
	sver=$(dpkg-query -W -f='${Version}' "linux-source-$kseries" 2>/dev/null)
	tarball=/usr/src/linux-source-$kseries.tar.xz
	if [ -f "$kdir/drivers/dma/dmatest.c" ]; then
		cp "$kdir/drivers/dma/dmatest.c" "$dt/"
	elif [ "$sver" = "$hver" ] && [ -f "$tarball" ]; then
		tar -xJf "$tarball" -C "$dt" --strip-components=3 \
			"linux-source-$kseries/drivers/dma/dmatest.c" ||
			die "extracting dmatest.c failed"
	else
		srcdir=$NETDMA_CACHE/e2e/source/$vkey
		if [ ! -f "$srcdir/dmatest.c" ]; then
			log "downloading linux-source-$kseries=$hver for dmatest.c (once per version)"
			rm -rf "$srcdir" && mkdir -p "$srcdir" || die "mkdir $srcdir failed"
			(cd "$srcdir" && apt-get download -q \
				"linux-source-$kseries=$hver" >/dev/null) ||
				die "apt-get download linux-source-$kseries=$hver failed"
			dpkg-deb --fsys-tarfile "$srcdir"/*.deb |
				tar -xO "./usr/src/linux-source-$kseries.tar.xz" |
				tar -xJ -C "$srcdir" --strip-components=3 \
					"linux-source-$kseries/drivers/dma/dmatest.c" ||
				die "extracting dmatest.c from linux-source-$kseries failed"
			rm -f "$srcdir"/*.deb
		fi
		cp "$srcdir/dmatest.c" "$dt/"
	fi
	echo 'obj-m := dmatest.o' >"$dt/Kbuild"
	make -C "$kdir" M="$dt" -j"$JOBS" modules >"$dt/build.log" 2>&1 ||
		{ tail -n 20 "$dt/build.log"; die "dmatest.ko build failed"; }
}

# e2e_guest_mod NAME [SYMVERS] (after e2e_kernel): build
# emu/qemu/guest/NAME.c with W=1, warnings fatal, optionally against another
# module's Module.symvers and our include/. Prints the output directory.
e2e_guest_mod() {
	local src=$NETDMA_TOP/emu/qemu/guest/$1.c syms=$2 key out
	key=$( { cat "$src"; [ -z "$syms" ] || cat "$syms" \
		"$NETDMA_TOP/include/linux/netdma.h"; } | sha256sum | cut -c1-12)
	out=$NETDMA_CACHE/e2e/$1/$kver-$key
	if [ ! -f "$out/$1.ko" ]; then
		log "building $1.ko against $kdir"
		rm -rf "$out" && mkdir -p "$out" && cp "$src" "$out/" ||
			die "mkdir $out failed"
		{ echo "obj-m := $1.o"
		  [ -z "$syms" ] || echo "ccflags-y := -I$NETDMA_TOP/include"
		} >"$out/Kbuild"
		make -C "$kdir" M="$out" W=1 -j"$JOBS" \
			${syms:+KBUILD_EXTRA_SYMBOLS="$syms"} modules \
			>"$out/build.log" 2>&1 &&
			! grep -qE 'warning:|error:' "$out/build.log" ||
			{ tail -n 20 "$out/build.log" >&2; rm -f "$out/$1.ko"
			  die "$1.ko build failed"; }
	fi
	echo "$out"
}

# e2e_our_mods (after e2e_kernel): netdma.ko and cbdma.ko built out of tree
# from a copy of the tracked sources: every directory the top Kbuild names
# (out of tree, only the drivers build anything). Prints the copy's top directory
# (drivers/dma/{netdma,cbdma}/*.ko, Module.symvers).
e2e_our_mods() {
	local key out
	key=$(cd "$NETDMA_TOP" &&
		git ls-files -z Kbuild drivers include kunit emu/model harness |
		xargs -0 cat | sha256sum | cut -c1-12)
	out=$NETDMA_CACHE/e2e/mods/$kver-$key
	if [ ! -f "$out/drivers/dma/cbdma/cbdma.ko" ]; then
		log "building netdma.ko and cbdma.ko against $kdir"
		rm -rf "$out" && mkdir -p "$out" || die "mkdir $out failed"
		(cd "$NETDMA_TOP" &&
			git ls-files -z Kbuild drivers include kunit emu/model harness |
			xargs -0 cp --parents -t "$out") || die "copying sources failed"
		make -C "$kdir" M="$out" -j"$JOBS" modules >"$out/build.log" 2>&1 &&
			[ -f "$out/drivers/dma/netdma/netdma.ko" ] ||
			{ tail -n 20 "$out/build.log" >&2; rm -f "$out"/drivers/dma/*/*.ko
			  die "netdma.ko/cbdma.ko build failed"; }
	fi
	echo "$out"
}

# e2e_pack DIR OUT: pack DIR (holding init and the rest) as a gzip'd cpio.
e2e_pack() {
	cp /bin/busybox "$1/bin/" && chmod +x "$1/init" &&
		(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1 >"$2.tmp") &&
		mv "$2.tmp" "$2" || die "packing $2 failed"
	rm -rf "$1"
}

# e2e_qemu INITRD APPEND QEMU-ARGS...: boot $vmlinuz (q35, TCG, 4 CPUs) with
# the console on stdio, bounded by $TIMEOUT.
#
# loglevel=5: warnings reach the console too, so a WARN's text (not only
# its taint flag) is in the log that check-log.sh scans, and the drivers'
# dev_warn/dev_err lines are there to read.
# tsc=unstable: QEMU 7.2's multi-threaded TCG may run a stale translation
# of kernel text that another vCPU is patching with int3 (text_poke_bp):
# "Oops: int3" at sched_clock_cpu+0x9, when the boot switches on
# sched_clock's stable static key (2 boots in 30). With the TSC unstable
# from the start that key stays off, and is never patched.
# -cpu qemu64,+rdrand: the same race at crng_make_state+0x21, when the
# CRNG became ready and its static key was switched in the middle of a run
# (14.6 s into a 7.3 boot, seen once in CI). Without RDRAND the guests
# gather entropy for seconds after SMP is up; with it (QEMU's TCG
# implements RDRAND, and the kernel trusts it) "crng init done" comes at
# 0.0 s, before the other CPUs start, so no vCPU can run the old text.
# E2E_INT3_BOOTS: how many times the scripts boot a guest whose kernel died
# of that oops before /init said a word (one boot in about 12-20 on 7.3; two
# in a row seen once in session 10 on 6.12, at run_timer_softirq+0xd7 when
# the timers' NOHZ static key was switched at 1.4 s).
E2E_INT3_BOOTS=3
# A QEMU that dies of a signal leaves a core (without guest RAM:
# dump-guest-core=off), and e2e_qemu_crashed prints its backtrace.
e2e_qemu() {
	local initrd=$1 append=$2 rc=0
	shift 2
	mkdir -p "${e2e_core_mark%/*}" && : >"$e2e_core_mark"
	(
		ulimit -c unlimited 2>/dev/null
		exec timeout "$TIMEOUT" "$qemu" -L /usr/share/qemu -L /usr/share/seabios \
			-machine q35,dump-guest-core=off -accel tcg,thread=multi \
			-smp 4 -m 1G -nic none -cpu qemu64,+rdrand \
			-kernel "$vmlinuz" -initrd "$initrd" \
			-append "console=ttyS0 loglevel=5 panic=-1 tsc=unstable${append:+ $append}" \
			-nographic -no-reboot -serial stdio "$@"
	) || rc=$?
	# timeout passes a signal that killed QEMU on as its own (128 + N).
	case $rc in
	132 | 133 | 134 | 135 | 136 | 139) e2e_qemu_crashed "$rc" ;;
	esac
	return "$rc"
}

# The run's stderr, for what must reach the terminal (and CI's log) from
# inside a boot whose output goes to its console log.
exec {e2e_stderr}>&2
# Cores newer than this file are the crashed boot's.
e2e_core_mark=$NETDMA_CACHE/e2e/.qemu-start

# e2e_qemu_crashed RC: QEMU died of signal RC - 128 (a segfault in the
# model, say, seen once in CI in session 11 and never reproduced). Its
# core, under the kernel's default core_pattern ("core" in the working
# directory), moves to $NETDMA_CACHE/qemu-cores (the newest 3 are kept),
# and every thread's backtrace goes both to the console log (stderr here)
# and to the run's stderr.
e2e_qemu_crashed() {
	local sig=$(($1 - 128)) pattern core keep=$NETDMA_CACHE/qemu-cores dst bt
	pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
	bt=$(mktemp)
	{
		echo "E2E-HOST: QEMU died of SIG$(kill -l "$sig") (exit $1): $qemu"
		core=$(find . -maxdepth 1 -type f -name 'core*' -newer "$e2e_core_mark" \
			-print 2>/dev/null | head -n 1)
		if [ -z "$core" ]; then
			echo "E2E-HOST: no core in $PWD (core_pattern: $pattern; ulimit -c: $(ulimit -c))"
		else
			mkdir -p "$keep"
			dst=$keep/core-$(date -u +%Y%m%dT%H%M%S)-$$
			mv "$core" "$dst"
			# shellcheck disable=SC2012 # names without spaces, by age
			ls -t "$keep"/core-* 2>/dev/null | tail -n +4 | xargs -r rm -f
			echo "E2E-HOST: core kept as $dst; backtrace of every thread:"
			if command -v gdb >/dev/null; then
				gdb -q -batch -ex 'info threads' -ex 'thread apply all bt 25' \
					"$qemu" "$dst" 2>&1 | grep -v '^\[New LWP'
			else
				echo "E2E-HOST: gdb is not installed"
			fi
			echo "E2E-HOST: end of backtrace"
		fi
	} >"$bt"
	cat "$bt" >&2
	cat "$bt" >&"$e2e_stderr"
	rm -f "$bt"
}

# e2e_console_text IN OUT: the console log IN as text without CRs. A kernel
# message printed while the tty is still sending a line of /init's lands
# inside that line ("E2E: run size=40[   13.477345] cbdma ...", then
# "96 threads=1 ..." on the next line): each such message is moved to a
# line of its own before the line it split, which is joined again. /init
# writes no kernel timestamp into its own lines, so this changes nothing
# else.
e2e_console_text() {
	tr -d '\r' <"$1" |
		perl -0777 -pe '1 while s/^([^\n\[]+)(\[ *\d+\.\d{6}\] [^\n]*\n)/$2$1/m' \
		>"$2" || die "converting $1 failed"
}

# e2e_table DRIVER: dmatest "run" and summary lines on stdin (the E2E:
# prefix stripped or not) to one row per run and channel, threads summed.
e2e_table() {
	sed 's/^E2E: //' | awk -v drv="$1" '
/^run / { size = $2; thr = $3; pol = $4; sub(/^size=/, "", size)
	sub(/^threads=/, "", thr); sub(/^polled=/, "", pol)
	tag = $5; next }
/dmatest: .*summary/ {
	ch = $2; sub(/-copy[0-9]+:$/, "", ch)
	k = size SUBSEP thr SUBSEP pol SUBSEP tag SUBSEP ch
	if (!(k in n)) order[m++] = k
	n[k]++; tests[k] += $4; fails[k] += $6; iops[k] += $8; kbs[k] += $10
}
END {
	for (i = 0; i < m; i++) {
		k = order[i]; split(k, p, SUBSEP)
		printf "  %-12s %8s %7s %6s %-12s %-11s %5d %5d %9.2f %9d\n", drv, \
			p[1], p[2], p[3], p[4] == "" ? "-" : p[4], p[5], tests[k], \
			fails[k], iops[k], kbs[k]
	}
}'
}

e2e_table_head() {
	printf "  %-12s %8s %7s %6s %-12s %-11s %5s %5s %9s %9s\n" driver size \
		threads polled tag channel tests fails iops KB/s
}

# e2e_qmp JSON: one command on the QMP socket $sock; prints the answer.
e2e_qmp() {
	python3 - "$sock" "$1" <<-'EOF'
	import json, socket, sys
	s = socket.socket(socket.AF_UNIX)
	s.connect(sys.argv[1])
	f = s.makefile('rw')
	f.readline()
	f.write('{"execute": "qmp_capabilities"}\n')
	f.flush()
	f.readline()
	f.write(sys.argv[2] + '\n')
	f.flush()
	while True:
	    d = json.loads(f.readline())
	    if 'return' in d or 'error' in d:
	        print(json.dumps(d))
	        break
	EOF
}

# e2e_serve PREFIX: answers the guest's "PREFIX: host CMD A B" requests
# (qom-set, device_del, device_add of cb0 with $CHANNELS channels, aer
# ERROR: pcie_aer_inject_error on cb0) on QEMU
# $qpid's console $out, through QMP ($sock); "ok" or "error" on fd 3 (the
# guest's console input), each logged in $out.host. Globals: the boot's.
e2e_serve() {
	local prefix=$1
	local l cmd a b j r part='' kmsg='^([^[]+)\[ *[0-9]+\.[0-9]{6}\] '
	tail -n +1 -f --pid="$qpid" "$out" 2>/dev/null | while IFS= read -r l; do
		l=${l%$'\r'}
		# A kernel message inside a request (see e2e_console_text):
		# the request goes on on the next line.
		if [[ $l =~ $kmsg ]]; then
			part=${BASH_REMATCH[1]}
			continue
		fi
		l=$part$l
		part=
		case $l in
		"$prefix: host "*) ;;
		*) continue ;;
		esac
		read -r cmd a b <<<"${l#"$prefix: host "}"
		case $cmd in
		qom-set) j='{"execute": "qom-set", "arguments": {"path": "/machine/peripheral/cb0", "property": "'$a'", "value": '$b'}}' ;;
		device_del) j='{"execute": "device_del", "arguments": {"id": "cb0"}}' ;;
		device_add) j='{"execute": "device_add", "arguments": {"driver": "cbdma", "bus": "rp1", "id": "cb0", "channels": '$CHANNELS'}}' ;;
		# pcie_aer_inject_error is HMP only: its answer is text, "OK
		# id: ..." on success.
		aer) j='{"execute": "human-monitor-command", "arguments": {"command-line": "pcie_aer_inject_error cb0 '$a'"}}' ;;
		*) j= ;;
		esac
		r=$( [ -n "$j" ] && e2e_qmp "$j")
		[ "$cmd" = aer ] && [[ $r != *'"return": "OK id:'* ]] && r="error: $r"
		# device_del returns before the guest has let go; device_add
		# of the same id fails until it has: retry for a while.
		if [ "$cmd" = device_add ]; then
			local n=0
			while [[ $r == *DuplicateId* || $r == *'already in use'* ]] && [ $n -lt 60 ]; do
				sleep 1
				r=$(e2e_qmp "$j")
				n=$((n + 1))
			done
		fi
		echo "$(date +%T) $cmd $a $b -> ${r:-unknown}" >>"$out.host"
		case $r in
		*'"return"'*) echo ok >&3 ;;
		*) echo error >&3 ;;
		esac
	done
}
