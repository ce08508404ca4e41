#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build sparse from Debian's newest source package (sid) once per version
# and print the binary's path.
#
# Why: 7.3's kbuild runs sparse only if it understands __typeof_unqual__
# (scripts/checker-valid.sh); Debian 12's sparse 0.6.4 does not, so C=2
# would silently check nothing. sid's sparse does, but its binary package
# needs a newer C library; its source builds here with gcc 12 in a minute.
# Only the sparse binary is built (no GTK, LLVM or XML tools).
. "$(dirname "$0")/lib.sh"

dsc=$("$NETDMA_TOP/scripts/apt-private.sh" --source sparse) || exit 1
ver=$(sed -n 's/^Version: //p' "$dsc")
out=$NETDMA_CACHE/sparse/$(echo "$ver" | tr ':~' '__')

mkdir -p "$NETDMA_CACHE/sparse" || die "mkdir $NETDMA_CACHE/sparse failed"
exec 8>"$NETDMA_CACHE/.sparse.lock"
flock 8
if [ ! -x "$out/sparse" ]; then
	log "building sparse $ver from source (once per version)"
	rm -rf "$out" "$out.tmp" && mkdir -p "$out.tmp" || die "mkdir $out.tmp failed"
	dpkg-source -x "$dsc" "$out.tmp/src" >"$out.tmp/build.log" 2>&1 ||
		die "unpacking $dsc failed (log: $out.tmp/build.log)"
	# Debian's packaging pins its own default compiler (gcc-16 in sid).
	make -C "$out.tmp/src" -j"$JOBS" CC=gcc sparse >>"$out.tmp/build.log" 2>&1 ||
		{ tail -n 20 "$out.tmp/build.log"; die "building sparse failed"; }
	cp "$out.tmp/src/sparse" "$out.tmp/" && rm -rf "$out.tmp/src" &&
		mv "$out.tmp" "$out" || die "installing sparse into $out failed"
fi
echo "$out/sparse"
