#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a TCG plugin of emu/qemu/plugins/ against the QEMU that
# scripts/qemu-build.sh built, and print its path. Usage:
#   qemu-plugin-build.sh QEMU_BINARY NAME	(NAME.c -> libNAME.so)
# The plugin is keyed by its source and QEMU's plugin header.
. "$(dirname "$0")/lib.sh"

qemu=$1 name=$2
[ -x "$qemu" ] && [ -n "$name" ] || die "usage: $0 QEMU_BINARY NAME"
c=$NETDMA_TOP/emu/qemu/plugins/$name.c
# qemu-build.sh's layout: $base/bin-KEY/qemu-system-x86_64 beside $base/src
hdr=$(dirname "$(dirname "$qemu")")/src/include/qemu/qemu-plugin.h
[ -f "$c" ] || die "no plugin $c"
[ -f "$hdr" ] || die "no $hdr: is $qemu built by scripts/qemu-build.sh?"
key=$(cat "$c" "$hdr" "$0" | sha256sum | cut -c1-12)
so=$NETDMA_CACHE/qemu-plugins/lib$name-$key.so
if [ ! -f "$so" ]; then
	mkdir -p "${so%/*}" || die "mkdir ${so%/*} failed"
	# shellcheck disable=SC2046  # pkg-config prints several words
	gcc -O2 -Wall -Wextra -Wno-unused-parameter -shared -fPIC \
		-I"${hdr%/*}" $(pkg-config --cflags glib-2.0) "$c" \
		-o "$so.tmp" $(pkg-config --libs glib-2.0) ||
		die "building the $name plugin failed"
	mv "$so.tmp" "$so"
fi
echo "$so"
