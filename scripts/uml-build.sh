# SPDX-License-Identifier: GPL-2.0
# Sourced by kunit.sh, demo.sh, bench.sh and bench-perf.sh (after lib.sh):
# lock the shared UML tree and build for the rest of the caller's run, link
# this checkout in, and build the UML kernel (cached). Sets tree, kunit,
# build, logdir and uml_boot_args; on a failed build prints the log tail
# and returns 1. The caller may set kunitconfig to build another
# configuration (make bench's non-debug kernel) and uml_build_log (the
# log's name); the default is the test rig's.

kunitconfig=${kunitconfig:-$NETDMA_TOP/kunit/.kunitconfig}
uml_build_log=${uml_build_log:-kunit-build.log}

# One scratch tree and build per machine: checkouts (CI clones, worktrees)
# take turns, each linking itself in for the duration of its run.
mkdir -p "$NETDMA_CACHE"
exec 9>"$NETDMA_CACHE/.uml.lock"
flock 9
tree=$("$NETDMA_TOP/scripts/uml-tree.sh") || return 1
# Nothing of ours is copied: the kernel builds this checkout's own
# Kbuild/Kconfig files through the link.
ln -sfn "$NETDMA_TOP" "$tree/drivers/dma/netdma-linux"
kunit="python3 $tree/tools/testing/kunit/kunit.py"

# The build directory is keyed by kernel version and by the configuration
# except our own symbols, so adding a suite only recompiles our files.
key=$( { basename "$tree"; grep -vE '^CONFIG_(NETDMA|CBDMA)' "$kunitconfig"; } |
	sha256sum | cut -c1-12)
build=$NETDMA_CACHE/uml/$key
mkdir -p "$build"
logdir=${NETDMA_LOGDIR:-$NETDMA_CACHE/logs}
mkdir -p "$logdir"

log "building UML kernel in $build (cached; the first build on a machine takes ~5 min)"
$kunit build --arch=um --build_dir="$build" --kunitconfig="$kunitconfig" \
	--jobs="$JOBS" >"$logdir/$uml_build_log" 2>&1 &
uml_build_pid=$!
# A long build says how far it is every 30 s.
uml_build_secs=0
while kill -0 "$uml_build_pid" 2>/dev/null; do
	sleep 1
	uml_build_secs=$((uml_build_secs + 1))
	[ $((uml_build_secs % 30)) -eq 0 ] &&
		log "still building: $(find "$build" -name '*.o' | wc -l) objects compiled, ${uml_build_secs} s"
done
if ! wait "$uml_build_pid"; then
	tail -n 60 "$logdir/$uml_build_log"
	log "UML kernel build failed (log: $logdir/$uml_build_log)"
	return 1
fi

# What every boot of this kernel outside kunit.py passes: the harnesses
# run at boot (no KUnit run), UML user space cannot start here, and the
# rig's SMP layout (make demo, make bench, make bench-perf).
uml_boot_args=(mem=1G console=tty kunit.enable=0 kunit_shutdown=halt
	ncpus="$UML_NCPUS" seccomp=on)
