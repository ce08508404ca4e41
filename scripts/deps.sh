#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the rig needs from Debian's archive, if anything is missing.
# The UML kernel source (7.3) comes from scripts/apt-private.sh.
# linux-headers-amd64 is bookworm's newest 6.1; linux-headers-6.12-amd64
# the newest 6.12 (from bookworm-updates / security).
. "$(dirname "$0")/lib.sh"

pkgs=(
	make gcc bc flex bison libelf-dev libssl-dev python3 perl xz-utils
	sparse linux-headers-amd64 linux-headers-6.12-amd64 rsync patch
	dt-schema device-tree-compiler
	"$@"
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update -q >/dev/null || die "apt-get update failed"
run_as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
