#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fail if a kernel log shows a KASAN report, a lockdep splat, a WARN, a BUG,
# an oops or a taint other than the expected ones: N (KUnit), O and E (our
# unsigned out-of-tree modules). Prints each finding.
log=${1:?usage: check-log.sh LOG}
status=0

splats=$(grep -nE 'BUG:|WARNING:|KASAN|Oops|Kernel panic|general protection|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|DMA-API: .*(leak|not freed|device driver)|Call Trace:' "$log")
if [ -n "$splats" ]; then
	echo "kernel splat in $log:"
	echo "$splats" | head -n 40
	status=1
fi

# "Tainted: G        W  N 6.12.57" -> flags between "Tainted:" and the version.
bad=$(grep -oE 'Tainted: [A-Z ]+' "$log" | sed 's/Tainted: //; s/[GNOE ]//g' | sort -u | tr -d '\n')
if [ -n "$bad" ]; then
	echo "unexpected taint flags in $log: $bad"
	status=1
fi
exit $status
