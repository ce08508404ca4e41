#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kcsan-split.sh LOG JUDGED KERNEL: copy the console log LOG to JUDGED
# without the KCSAN reports that are the kernel's own, and write the title
# line of each of those to KERNEL.
#
# A KCSAN report names one or two racing accesses ("read to 0x... of 8
# bytes by task 83 on cpu 0:", "write to ... by interrupt on cpu 3:",
# "race at unknown origin, with read to ..."), each followed by its stack,
# top frame first. The report is ours, and stays in JUDGED where
# scripts/check-log.sh fails the run on it, when the top frame of either
# access is in one of our modules (netdma, cbdma, netdma_soak); it is the
# kernel's own when no access is. (KCSAN's own debugfs filter cannot say
# this: in whitelist mode it reports only races in which both accesses
# are listed, in blacklist mode it drops a race in which either is.)
#
# A report's lines carry the timestamp of its "BUG: KCSAN:" line; lines
# with another timestamp or none (/init's "SOAK:" lines, the host's
# answers) are other writers' and are always copied.
#
# kcsan-split.sh --self-test: split a log of two reports, the kernel's own
# and one whose read is in netdma, and fail unless exactly the first is
# dropped and every other line is kept (scripts/soak.sh runs it first).
usage="usage: kcsan-split.sh LOG JUDGED KERNEL | --self-test"

# report TOP: a KCSAN report (as 7.3 prints it) whose read's top frame is TOP.
report() {
	cat <<-EOF
		[ 1988.318165] ==================================================================
		[ 1988.318165] BUG: KCSAN: data-race in tick_nohz_handler / tick_nohz_idle_got_tick
		[ 1988.318165]
		[ 1988.318165] write to 0xffff88803ed9afa0 of 4 bytes by interrupt on cpu 3:
		[ 1988.318165]  tick_nohz_handler+0xda/0x2f0
		[ 1988.318165]  __hrtimer_run_queues+0x1c3/0x250
		[ 1988.318165]  delay_tsc+0x34/0xa0
		[ 1988.318165]  kcsan_setup_watchpoint+0x1ca/0x440
		[ 1988.318165]  $1
		[ 1988.318165]
		[ 1988.318165] read to 0xffff88803ed9afa0 of 4 bytes by task 0 on cpu 3:
		[ 1988.318165]  $1
		[ 1988.318165]  do_idle+0x65/0x2d0
		[ 1988.318165]
		[ 1988.318165] value changed: 0x00000000 -> 0x00000001
		[ 1988.318165] ==================================================================
	EOF
}

if [ "${1:-}" = --self-test ]; then
	d=$(mktemp -d) || exit 1
	trap 'rm -rf "$d"' EXIT
	{
		report "tick_nohz_idle_got_tick+0x24/0x60"
		echo "SOAK: between"
		report "netdma_chan_poll+0x24/0x60 [netdma]" | sed '4a SOAK: inside'
	} >"$d/log"
	"$0" "$d/log" "$d/judged" "$d/kernel" || exit 1
	[ "$(grep -c 'BUG: KCSAN' "$d/kernel")" = 1 ] &&
		[ "$(grep -c 'BUG: KCSAN' "$d/judged")" = 1 ] &&
		grep -q 'netdma_chan_poll' "$d/judged" &&
		! grep -q 'tick_nohz_idle_got_tick+' "$d/judged" &&
		grep -q '^SOAK: between' "$d/judged" &&
		grep -q '^SOAK: inside' "$d/judged" && exit 0
	echo "kcsan-split.sh: self-test failed; judged:"
	cat "$d/judged"
	exit 1
fi
log=${1:?$usage}
judged=${2:?$usage}
kernel=${3:?$usage}

awk -v kernel="$kernel" '
function stamp(line) {
	return match(line, /^\[ *[0-9]+\.[0-9]+\]/) ? substr(line, 1, RLENGTH) : ""
}
function close_report() {
	if (ours)
		printf "%s", buf
	else
		print title >kernel
	inrep = 0
}
/BUG: KCSAN: / {
	if (inrep)
		close_report()
	inrep = 1; ts = stamp($0); title = $0; buf = $0 "\n"; ours = 0; top = 0
	next
}
inrep && ts != "" && stamp($0) == ts {
	buf = buf $0 "\n"
	if (top) {
		if ($0 ~ /\[(netdma|cbdma|netdma_soak)\]$/)
			ours = 1
		top = 0
	}
	if ($0 ~ / to 0x[0-9a-f]+ of [0-9]+ bytes by (task|interrupt)/)
		top = 1
	if ($0 ~ /={40}/)
		close_report()
	next
}
{ print }
END {
	if (inrep)
		close_report()
}' "$log" >"$judged" && touch "$kernel"
