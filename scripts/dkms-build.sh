#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `dkms build` of the checkout (its dkms.conf) with Debian's dkms against
# Debian's newest kernel of each series given (default: 6.1 6.12 7.3): the
# installed headers, or for 7.3 the tree of scripts/kernel-tree.sh. Each
# series passes when dkms built and signed netdma.ko and cbdma.ko and its
# make.log has no warning or error.
#
# Everything dkms keeps stays in the cache: its tree and source tree
# (--dkmstree, --sourcetree) and its signing key (mok_signing_key and
# mok_certificate, which dkms reads from the environment as from its
# framework.conf), so the machine's /var/lib/dkms and /usr/src are not
# touched. Nothing is installed into /lib/modules (`dkms build`, not
# `dkms install`).
. "$(dirname "$0")/lib.sh"

if [ $# -gt 0 ]; then series=("$@"); else series=(6.1 6.12 7.3); fi

"$NETDMA_TOP/scripts/deps.sh" dkms openssl || exit 1
conf=$NETDMA_TOP/dkms.conf
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$conf")
[ -n "$name" ] && [ -n "$ver" ] || die "no PACKAGE_NAME or PACKAGE_VERSION in $conf"
mods=$(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"$/\1/p' "$conf")

# The dkms trees are shared by every checkout on the machine.
base=$NETDMA_CACHE/dkms
mkdir -p "$base" || die "mkdir $base failed"
exec 9>"$NETDMA_CACHE/.dkms.lock"
flock 9
rm -rf "$base/tree" "$base/source"
mkdir -p "$base/tree" "$base/source/$name-$ver" || die "mkdir $base failed"
# What a user copies to /usr/src/$name-$ver: the sources, no build output.
rsync -a --exclude=.git --exclude-from="$NETDMA_TOP/.gitignore" \
	"$NETDMA_TOP/" "$base/source/$name-$ver/" || die "copying sources failed"
export mok_signing_key=$base/mok.key mok_certificate=$base/mok.pub
opts=(--dkmstree "$base/tree" --sourcetree "$base/source")
dkms add -m "$name" -v "$ver" "${opts[@]}" >"$base/add.log" 2>&1 ||
	{ cat "$base/add.log"; die "dkms add failed"; }

status=0
for s in "${series[@]}"; do
	kdir=$(series_kdir "$s")
	if [ -z "$kdir" ]; then
		echo "FAIL dkms-$s: no linux-headers-$s.*-amd64 installed or prepared"
		status=1
		continue
	fi
	# The release the modules are for (vermagic): Debian's 6.1 headers
	# say 6.1.N in kernel.release and set the real one elsewhere.
	kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h")
	logf=$base/$kver.log
	# dkms looks for sign-file under /usr/lib/linux-kbuild-SERIES or
	# /lib/modules/KVER/build; the tree's own is the right one.
	if sign_file=$kdir/scripts/sign-file dkms build -m "$name" -v "$ver" \
		-k "$kver" --kernelsourcedir "$kdir" "${opts[@]}" >"$logf" 2>&1; then
		out=$base/tree/$name/$ver/$kver/$(uname -m)
		missing=
		for m in $mods; do
			ko=$(ls "$out/module/$m.ko"* 2>/dev/null | head -n 1)
			if [ -z "$ko" ]; then
				missing="$missing $m"
			elif ! modinfo -F signer "$ko" | grep -q .; then
				missing="$missing $m(unsigned)"
			fi
		done
		if [ -n "$missing" ]; then
			echo "FAIL dkms-$s: $kver: not built or not signed:$missing (log: $logf)"
			status=1
		elif grep -qE 'warning:|error:' "$out/log/make.log"; then
			echo "FAIL dkms-$s: $kver (log: $out/log/make.log)"
			grep -E 'warning:|error:' "$out/log/make.log" | head -n 20
			status=1
		else
			echo "PASS dkms-$s: $kver: $(echo $mods) built and signed"
		fi
	else
		echo "FAIL dkms-$s: $kver: dkms build failed (log: $logf)"
		tail -n 20 "$logf"
		status=1
	fi
done
exit $status
