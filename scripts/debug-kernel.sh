#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# debug-kernel.sh FLAVOUR: build (once, cached) an x86_64 debug guest
# kernel for QEMU's q35 machine and print its build directory, which
# holds arch/x86/boot/bzImage, lib/dmatest.ko's build and is what
# out-of-tree modules are built against (make -C DIR M=...).
#   kasan  KASAN, PROVE_LOCKING, PROVE_RCU, DEBUG_ATOMIC_SLEEP,
#          DMA_API_DEBUG, DEBUG_OBJECTS
#   kcsan  KCSAN (which excludes KASAN)
#
# Source: Debian's linux-source-7.3 (trixie-backports), the version the
# UML rig already fetches (scripts/uml-tree.sh) and the newest stock
# kernel the e2e guests boot, so the debug guest runs the same code as
# the stock one it checks. It is extracted pristine (no UML patches) once
# per version under $NETDMA_CACHE/dkernel/src-<version>; each flavour
# builds out of tree (O=) in $NETDMA_CACHE/dkernel/<flavour>-<key>,
# keyed by the source version and the configuration fragments
# (scripts/debug-kernel/common.config and FLAVOUR.config, merged over
# x86_64 defconfig). The cold build time is in build.log's last line.
. "$(dirname "$0")/lib.sh"

fl=${1:?usage: debug-kernel.sh kasan|kcsan}
frag=$NETDMA_TOP/scripts/debug-kernel
[ -f "$frag/$fl.config" ] || die "no flavour $fl ($frag/$fl.config)"

deb=$("$NETDMA_TOP/scripts/apt-private.sh" linux-source-7.3) || exit 1
ver=$(basename "$deb" | cut -d_ -f2 | tr '~:' '__')
src=$NETDMA_CACHE/dkernel/src-$ver
key=$(cat "$frag/common.config" "$frag/$fl.config" <(echo "$ver") | sha256sum | cut -c1-12)
build=$NETDMA_CACHE/dkernel/$fl-$key

# Built kernels are final (.netdma-built is written last): one is used
# without the lock, so that it never waits for another flavour's build.
if [ ! -f "$build/.netdma-built" ]; then
	mkdir -p "$NETDMA_CACHE/dkernel"
	exec 7>"$NETDMA_CACHE/dkernel/.lock"
	flock 7
fi
if [ ! -f "$src/.netdma-extracted" ]; then
	log "extracting linux-source $ver into $src (once per version)"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp/deb"
	dpkg-deb -x "$deb" "$src.tmp/deb" || die "unpacking $deb failed"
	tar -xJf "$src.tmp/deb"/usr/src/linux-source-*.tar.xz -C "$src.tmp" \
		--strip-components=1 || die "extracting the kernel source failed"
	rm -rf "$src.tmp/deb"
	touch "$src.tmp/.netdma-extracted"
	mv "$src.tmp" "$src"
fi

if [ ! -f "$build/.netdma-built" ]; then
	log "building the $fl debug kernel in $build (cold: see build.log's last line)"
	rm -rf "$build"
	mkdir -p "$build"
	start=$(date +%s)
	(
		mk() { make -C "$src" O="$build" ARCH=x86_64 "$@"; }
		mk defconfig &&
			"$src/scripts/kconfig/merge_config.sh" -m -O "$build" \
				"$build/.config" "$frag/common.config" "$frag/$fl.config" &&
			mk olddefconfig || exit 1
		# Every option of the fragments must have survived olddefconfig.
		grep -hE '^CONFIG_' "$frag/common.config" "$frag/$fl.config" |
			while IFS='=' read -r k v; do
				if [ "$v" = n ]; then
					! grep -q "^$k=" "$build/.config" || echo "config: $k still set"
				else
					grep -qxF "$k=$v" "$build/.config" ||
						echo "config: $k=$v not taken"
				fi
			done | grep . && exit 1
		mk -j"$JOBS" bzImage modules
	) >"$build/build.log" 2>&1 || {
		tail -n 40 "$build/build.log"
		die "$fl debug kernel build failed (log: $build/build.log)"
	}
	echo "cold build: $(($(date +%s) - start)) s on $JOBS jobs, $(nproc) CPUs" >>"$build/build.log"
	touch "$build/.netdma-built"
fi
log "$fl debug kernel: $(tail -n 1 "$build/build.log")"
echo "$build"
