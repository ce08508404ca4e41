#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernel-tree.sh SERIES: print a kernel build directory for Debian's newest
# amd64 kernel of SERIES (7.3) that out-of-tree modules can be built
# against on this machine, preparing it once per kernel version.
#
# Why not Debian's headers package: linux-headers-7.3.*-amd64 (trixie-
# backports) uses linux-kbuild-7.3.*, whose modpost, objtool and
# resolve_btfids are built for trixie's C library and libelf and do not run
# on Debian 12. So the helpers are built here, from linux-source-SERIES of
# the same version: the source is extracted, Debian's .config and
# Module.symvers are taken from the headers package, then olddefconfig and
# modules_prepare with Debian's KERNELRELEASE, so the modules' vermagic is
# that of Debian's image (7.3 has no MODVERSIONS, so vermagic must match
# exactly) and modpost knows every symbol the image exports.
#
# The tree is its own copy under $NETDMA_CACHE/ktree/<release>-<version>,
# never the UML scratch tree under $NETDMA_CACHE/src (an in-tree UML build
# there leaves it unusable for out-of-tree modules). Its build log, with
# the options olddefconfig changed against Debian's, is prepare.log beside
# it.
. "$(dirname "$0")/lib.sh"

s=${1:?usage: kernel-tree.sh SERIES}
ap=$NETDMA_TOP/scripts/apt-private.sh

srcdeb=$("$ap" "linux-source-$s") || exit 1
sver=$(dpkg-deb -f "$srcdeb" Version) || die "reading $srcdeb failed"
# The headers of the plain amd64 flavour built from that same source.
hpkg=$("$ap" --names "linux-headers-$s." |
	grep -E "^linux-headers-$s\.[0-9]+\+deb[0-9]+-amd64$" |
	while read -r p; do
		[ "$("$ap" --version "$p")" = "$sver" ] && echo "$p"
	done | sort -V | tail -n 1)
[ -n "$hpkg" ] || die "no linux-headers-$s.*-amd64 at version $sver"
hdeb=$("$ap" "$hpkg=$sver") || exit 1
kver=${hpkg#linux-headers-}
tree=$NETDMA_CACHE/ktree/$kver-$(echo "$sver" | tr ':~' '__')
logf=$tree.prepare.log

mkdir -p "$NETDMA_CACHE/ktree" || die "mkdir $NETDMA_CACHE/ktree failed"
exec 8>"$NETDMA_CACHE/.ktree.lock"
flock 8
if [ ! -f "$tree/.netdma-prepared" ]; then
	t1=$(date +%s)
	log "preparing a $kver tree from linux-source-$s $sver (once per version, several minutes)"
	rm -rf "$tree" && mkdir -p "$tree" || die "mkdir $tree failed"
	: >"$logf"
	dpkg-deb --fsys-tarfile "$srcdeb" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$tree" --strip-components=1 ||
		die "extracting linux-source-$s failed"
	hdir=/usr/src/linux-headers-$kver
	dpkg-deb --fsys-tarfile "$hdeb" |
		tar -x -C "$tree" --strip-components=4 \
			".$hdir/.config" ".$hdir/Module.symvers" ||
		die "extracting .config and Module.symvers from $hpkg failed"
	cp "$tree/.config" "$tree/.config.debian"
	# Rust needs a matching rustc and bindgen, which Debian 12 lacks;
	# it adds nothing to the module ABI we build against. Debian's
	# compiler is gcc-14: with this machine's gcc, olddefconfig drops
	# what gcc 12 cannot do; prepare.log lists every change.
	"$tree/scripts/config" --file "$tree/.config" --disable RUST
	mk=(make -C "$tree" KERNELRELEASE="$kver" -j"$JOBS")
	"${mk[@]}" olddefconfig >>"$logf" 2>&1 ||
		{ tail -n 20 "$logf"; die "olddefconfig failed (log: $logf)"; }
	{ echo "== options olddefconfig changed against Debian's .config"
	  "$tree/scripts/diffconfig" "$tree/.config.debian" "$tree/.config"
	} >>"$logf" 2>&1
	"${mk[@]}" modules_prepare >>"$logf" 2>&1 ||
		{ tail -n 20 "$logf"; die "modules_prepare failed (log: $logf)"; }
	# Debian's, so that modpost resolves the image's exports.
	[ -s "$tree/Module.symvers" ] || die "no Module.symvers from $hpkg"
	[ "$(cat "$tree/include/config/kernel.release")" = "$kver" ] ||
		die "prepared release $(cat "$tree/include/config/kernel.release"), expected $kver"
	echo "$kver $sver" >"$tree/.netdma-prepared"
	log "prepared $tree in $(($(date +%s) - t1)) s"
fi
echo "$tree"
