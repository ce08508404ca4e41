#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# apt-private.sh PACKAGE[=VERSION]...: download Debian packages from suites
# this machine does not list (trixie, trixie-backports) into
# $NETDMA_CACHE/pkgs and print the path of each .deb, one per line.
# apt-private.sh --version PACKAGE: print the candidate version only.
# apt-private.sh --source PACKAGE: download the newest source package of
# that name from sid (deb-src only: no binary package comes from sid) and
# print the path of its .dsc (scripts/sparse-build.sh).
# apt-private.sh --names PREFIX: the package names starting with PREFIX
# (from the lists already downloaded: how the newest ABI of a series,
# linux-headers-7.3.N+debNN-amd64, is found without guessing names).
#
# A private apt configuration under the cache directory: its own source
# list, package lists and archive cache. The machine's own apt sources are
# never read or changed. The lists are refreshed once a day. Release files
# are checked against the keyring but not for expiry: a mirror that serves
# an archive snapshot (as CI's does) has an expired sid Release, and that
# must not stop the rig; a failed update is retried by the next call.
. "$(dirname "$0")/lib.sh"

apt_dir=$NETDMA_CACHE/apt
pkgs=$NETDMA_CACHE/pkgs
mirror=${NETDMA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
	-o "APT::Sandbox::User=root" -o "Acquire::Check-Valid-Until=false" -q)

mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$pkgs" ||
	die "mkdir $apt_dir failed"
exec 7>"$apt_dir/.lock"
flock 7
cat >"$apt_dir/sources.list.new" <<SOURCES
deb [signed-by=$keyring] $mirror trixie main
deb [signed-by=$keyring] $mirror trixie-backports main
deb-src [signed-by=$keyring] $mirror sid main
SOURCES
if ! cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list" ||
	[ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages' -mtime -1)" ]; then
	mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
	apt-get "${opts[@]}" update >"$apt_dir/update.log" 2>&1 || {
		rm -f "$apt_dir/sources.list"
		cat "$apt_dir/update.log" >&2
		die "private apt-get update failed (log: $apt_dir/update.log)"
	}
fi
rm -f "$apt_dir/sources.list.new"

if [ "${1:-}" = --source ]; then
	ver=$(apt-cache "${opts[@]}" showsrc "$2" | sed -n 's/^Version: //p' |
		sort -V | tail -n 1)
	[ -n "$ver" ] || die "no source package $2"
	dir=$pkgs/src/${2}_${ver//:/%3a}
	if [ ! -f "$dir/.netdma-fetched" ]; then
		log "downloading the source of $2 $ver (once per version)"
		rm -rf "$dir" && mkdir -p "$dir" ||
			die "mkdir $dir failed"
		(cd "$dir" && apt-get "${opts[@]}" source --download-only \
			"$2=$ver" >/dev/null 2>&1) ||
			die "apt-get source $2=$ver failed"
		touch "$dir/.netdma-fetched"
	fi
	ls "$dir"/*.dsc
	exit
fi
if [ "${1:-}" = --names ]; then
	apt-cache "${opts[@]}" pkgnames "$2" | sort
	exit
fi
if [ "${1:-}" = --version ]; then
	apt-cache "${opts[@]}" policy "$2" | sed -n 's/^ *Candidate: //p' | grep -v '(none)'
	exit
fi

for p in "$@"; do
	name=${p%%=*}
	ver=${p#*=}
	[ "$ver" = "$p" ] &&
		ver=$(apt-cache "${opts[@]}" policy "$name" | sed -n 's/^ *Candidate: //p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "no package $name in trixie(-backports)"
	arch=$(apt-cache "${opts[@]}" show "$name=$ver" | sed -n 's/^Architecture: //p' | head -n 1)
	deb=$pkgs/${name}_${ver//:/%3a}_$arch.deb
	if [ ! -f "$deb" ]; then
		log "downloading $name $ver (once per version)"
		(cd "$pkgs" && apt-get "${opts[@]}" download "$name=$ver" >/dev/null 2>&1) ||
			die "apt-get download $name=$ver failed"
	fi
	[ -f "$deb" ] || die "downloaded $name $ver but $deb is missing"
	echo "$deb"
done
