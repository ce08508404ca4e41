#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build qemu-system-x86_64 from Debian's qemu source package with our device
# models (emu/qemu/*.c) linked into hw/dma/, and print the binary's path.
# The source is fetched once per package version (from a private deb-src
# configuration derived from the machine's Debian sources if it has no
# deb-src); the build tree
# is kept, so a change to a model recompiles only that file. The binary is
# keyed by the package version and a hash of the models and this script.
. "$(dirname "$0")/lib.sh"

"$NETDMA_TOP/scripts/deps.sh" dpkg-dev ninja-build meson pkg-config \
	libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev || exit 1

# One source tree and build per machine (e2e runs of several checkouts).
mkdir -p "$NETDMA_CACHE" || die "mkdir $NETDMA_CACHE failed"
exec 9>"$NETDMA_CACHE/.qemu.lock"
flock 9

# deb822 sources (Debian 12's images) or a one-line sources.list (the
# installer's): the deb-src twin of each Debian archive already used, in a
# private apt configuration under the cache (its own source list, package
# lists and archive cache), so the machine's apt sources are never changed.
apt_opts=()
if ! apt-get source --print-uris qemu >/dev/null 2>&1; then
	priv=$NETDMA_CACHE/apt-src
	mkdir -p "$priv/sources.list.d" "$priv/lists/partial" \
		"$priv/cache/archives/partial" || die "mkdir $priv failed"
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types: deb$/Types: deb-src/' \
			/etc/apt/sources.list.d/debian.sources \
			>"$priv/sources.list.d/debian-src.sources.new"
	elif grep -qE '^deb .*debian' /etc/apt/sources.list 2>/dev/null; then
		sed -nE 's/^deb (.*debian.*)/deb-src \1/p' /etc/apt/sources.list \
			>"$priv/sources.list.d/debian-src.list.new"
	else
		die "no deb-src for qemu and no Debian sources to derive one from"
	fi
	apt_opts=(-o "Dir::Etc::sourcelist=-" -o "Dir::Etc::sourceparts=$priv/sources.list.d"
		-o "Dir::State::Lists=$priv/lists" -o "Dir::Cache=$priv/cache"
		-o "APT::Sandbox::User=root")
	for f in "$priv"/sources.list.d/*.new; do
		if ! cmp -s "$f" "${f%.new}" ||
			[ -z "$(find "$priv/.updated" -mtime -1 2>/dev/null)" ]; then
			mv "$f" "${f%.new}"
			log "private deb-src apt configuration in $priv"
			apt-get "${apt_opts[@]}" -q update >"$priv/update.log" 2>&1 ||
				die "apt-get update (private deb-src) failed (log: $priv/update.log)"
			touch "$priv/.updated"
		fi
		rm -f "$f"
	done
fi

ver=$(apt-cache "${apt_opts[@]}" showsrc qemu | sed -n 's/^Version: //p' | sort -V | tail -n 1)
[ -n "$ver" ] || die "no qemu source package version"
base=$NETDMA_CACHE/qemu/$(echo "$ver" | tr ':~' '__')
src=$base/src
build=$base/build
mkdir -p "$base"

if [ ! -f "$src/.netdma-extracted" ]; then
	log "fetching and unpacking Debian's qemu $ver source (once per version)"
	(cd "$base" && rm -rf src ./*.dsc ./*.tar.* &&
		apt-get "${apt_opts[@]}" source -q --download-only "qemu=$ver" >/dev/null 2>&1 &&
		dpkg-source -x ./*.dsc src >/dev/null) || die "apt-get source qemu failed"
	# The dfsg tarball has no EDK2 blobs: never try to unpack them.
	sed -i 's/unpack_edk2_blobs = bzip2.found()/unpack_edk2_blobs = false/' \
		"$src/meson.build"
	touch "$src/.netdma-extracted"
fi

# Link (never copy) our models into hw/dma and build them unconditionally.
for m in "$NETDMA_TOP"/emu/qemu/*.c; do
	[ -f "$m" ] || continue
	name=netdma-$(basename "$m")
	ln -sfn "$m" "$src/hw/dma/$name"
	grep -q "'$name'" "$src/hw/dma/meson.build" ||
		echo "softmmu_ss.add(files('$name'))" >>"$src/hw/dma/meson.build"
done

key=$( { echo "$ver"; cat "$0" "$NETDMA_TOP"/emu/qemu/*.[ch] 2>/dev/null; } |
	sha256sum | cut -c1-12)
bin=$base/bin-$key/qemu-system-x86_64
if [ ! -x "$bin" ]; then
	if [ ! -f "$build/build.ninja" ]; then
		log "configuring qemu (x86_64-softmmu only)"
		mkdir -p "$build"
		(cd "$build" && "$src/configure" --target-list=x86_64-softmmu \
			--disable-docs --disable-werror --disable-install-blobs \
			--disable-guest-agent --disable-tools --disable-gtk --disable-sdl \
			--disable-vnc --disable-opengl --disable-virglrenderer \
			>"$base/configure.log" 2>&1) ||
			die "qemu configure failed (log: $base/configure.log)"
	fi
	log "building qemu-system-x86_64 (first build on a machine: 3-7 min)"
	ninja -C "$build" -j "$JOBS" qemu-system-x86_64 >"$base/build.log" 2>&1 ||
		{ tail -n 40 "$base/build.log"; die "qemu build failed (log: $base/build.log)"; }
	mkdir -p "$(dirname "$bin")"
	cp "$build/qemu-system-x86_64" "$bin.tmp" && mv "$bin.tmp" "$bin"
fi
echo "$bin"
