# SPDX-License-Identifier: GPL-2.0
# Common settings for the test rig scripts; sourced, never run.

NETDMA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NETDMA_CACHE=${NETDMA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/netdma}
JOBS=${JOBS:-$(nproc)}
# CPUs of the UML kernels (KUnit, demo, bench): UML 7.3 has SMP.
UML_NCPUS=${UML_NCPUS:-4}

log() { printf '>>> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# newest_headers SERIES: the newest installed Debian amd64 headers of a
# kernel series (6.1, 6.12, ...), or nothing.
newest_headers() {
	local d
	for d in /usr/src/linux-headers-"$1".*-amd64; do
		case $d in *-rt-amd64 | *-cloud-amd64) continue ;; esac
		[ -f "$d/Makefile" ] && echo "$d"
	done | sort -V | tail -n 1
}

# run_as_root CMD...: apt-get needs root; CI and the usual setup are root.
run_as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
