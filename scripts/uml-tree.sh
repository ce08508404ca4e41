#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare (once per kernel version) a scratch copy of Debian's
# linux-source-7.3 (trixie-backports, fetched through scripts/apt-private.sh)
# whose drivers/dma builds drivers/dma/netdma-linux, with the rig's kernel
# patches (scripts/patches/uml-*.patch) applied, and print its path.
#
# Why 7.3: it is the first Debian kernel whose UML has SMP (ncpus=4).
# The link from there to a checkout is made by scripts/uml-build.sh, under
# the lock it holds while it builds and runs, never here: this script also
# serves readers of the tree (checkpatch) that must not re-point it.
. "$(dirname "$0")/lib.sh"

deb=$("$NETDMA_TOP/scripts/apt-private.sh" linux-source-7.3) || exit 1
ver=$(basename "$deb" | cut -d_ -f2 | tr '~' '_')
patches=$(cat "$NETDMA_TOP"/scripts/patches/uml-*.patch | sha256sum | cut -c1-8)
tree=$NETDMA_CACHE/src/linux-$ver-$patches

mkdir -p "$NETDMA_CACHE"
exec 8>"$NETDMA_CACHE/.src.lock"
flock 8
if [ ! -f "$tree/.netdma-extracted" ]; then
	log "extracting linux-source $ver into $tree (once per version)"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp/deb"
	dpkg-deb -x "$deb" "$tree.tmp/deb" || die "unpacking $deb failed"
	tar -xJf "$tree.tmp/deb"/usr/src/linux-source-*.tar.xz -C "$tree.tmp" \
		--strip-components=1 || die "extracting the kernel source failed"
	rm -rf "$tree.tmp/deb"
	for p in "$NETDMA_TOP"/scripts/patches/uml-*.patch; do
		patch -d "$tree.tmp" -p1 -s <"$p" || die "applying $(basename "$p") failed"
	done
	touch "$tree.tmp/.netdma-extracted"
	mv "$tree.tmp" "$tree"
fi

grep -q 'netdma-linux/' "$tree/drivers/dma/Makefile" ||
	echo 'obj-y += netdma-linux/' >>"$tree/drivers/dma/Makefile"
grep -q 'netdma-linux/Kconfig' "$tree/drivers/dma/Kconfig" ||
	echo 'source "drivers/dma/netdma-linux/Kconfig"' >>"$tree/drivers/dma/Kconfig"

echo "$tree"
