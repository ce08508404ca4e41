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

# Kernel series whose Debian headers do not work on Debian 12 (their kbuild
# helpers are built for a newer C library): modules for them are built
# against a tree prepared from Debian's linux-source (scripts/kernel-tree.sh).
PREPARED_SERIES="7.3"

# series_kdir SERIES: the build directory for out-of-tree modules of a
# kernel series: the newest installed Debian headers, or for a series in
# PREPARED_SERIES the prepared tree. Prints nothing if there is none.
series_kdir() {
	case " $PREPARED_SERIES " in
	*" $1 "*) "$NETDMA_TOP/scripts/kernel-tree.sh" "$1" ;;
	*) newest_headers "$1" ;;
	esac
}

# run_as_root CMD...: apt-get needs root; CI and the usual setup are root.
run_as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# clock_ahead LOG WALL: prints the kernel's clock and the host's wall time
# of a boot when the first ran more than 5 s ahead of the second. Under
# load, UML 7.3 with SMP used to advance jiffies (and so printk time,
# RCU's stall timer and every jiffies-based timeout) far faster than the
# host clock: irq_sim's walk past the end of its bitmap dispatched the
# timer interrupt, once per pass. The rig's kernel carries the fix
# (scripts/patches/uml-7.3-irq-sim-wrap-around.patch); a failed boot
# whose clock ran ahead is reported as such, never run again.
clock_ahead() {
	local kernel
	kernel=$(grep -oE '^\[ *[0-9]+\.[0-9]+\]' "$1" | tail -n 1 | tr -d '[] ')
	awk -v k="${kernel:-0}" -v w="$2" \
		'BEGIN { if (k > w + 5) { printf "kernel %.1f s, wall %.1f s\n", k, w } }'
}
