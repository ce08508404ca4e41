#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the kernel build directory to build against: the running kernel's,
# or else the newest installed Debian linux-headers-*-amd64.
. "$(dirname "$0")/lib.sh"

running=/lib/modules/$(uname -r)/build
if [ -f "$running/Makefile" ]; then
	echo "$running"
	exit 0
fi
for d in /usr/src/linux-headers-*-amd64; do
	case $d in *-rt-amd64 | *-cloud-amd64) continue ;; esac
	[ -f "$d/Makefile" ] && echo "$d"
done | sort -V | tail -n 1
