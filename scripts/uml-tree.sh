#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare (once per kernel version) a scratch copy of Debian's 6.12 source
# whose drivers/dma builds drivers/dma/netdma-linux, and print its path.
# The link from there to a checkout is made by scripts/kunit.sh, under the
# lock it holds while it builds and runs, never here: this script also
# serves readers of the tree (checkpatch) that must not re-point it.
. "$(dirname "$0")/lib.sh"

tarball=/usr/src/linux-source-6.12.tar.xz
[ -f "$tarball" ] || die "$tarball missing (apt-get install linux-source-6.12)"
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 | tr '~' '_')
tree=$NETDMA_CACHE/src/linux-$ver

mkdir -p "$NETDMA_CACHE"
exec 8>"$NETDMA_CACHE/.src.lock"
flock 8
if [ ! -f "$tree/.netdma-extracted" ]; then
	log "extracting $tarball into $tree (once per version)"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1 ||
		die "extracting $tarball failed"
	touch "$tree.tmp/.netdma-extracted"
	mv "$tree.tmp" "$tree"
fi

grep -q 'netdma-linux/' "$tree/drivers/dma/Makefile" ||
	echo 'obj-y += netdma-linux/' >>"$tree/drivers/dma/Makefile"
grep -q 'netdma-linux/Kconfig' "$tree/drivers/dma/Kconfig" ||
	echo 'source "drivers/dma/netdma-linux/Kconfig"' >>"$tree/drivers/dma/Kconfig"

echo "$tree"
