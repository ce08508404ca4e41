#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Pool several make bench-guest runs into one table.

    scripts/bench-guest-pool.py NAME=DIR[,DIR...] [NAME=DIR[,DIR...]] ...

Each DIR is the OUT of one bench-guest run (its bench-guest.csv). Per row,
each NAME's figure is the median of every boot of its runs; ioatdma's is
the median of every ioatdma boot of all the runs given, so that variants
of our drivers (A/B runs alternating on the same host) are compared with
one reference. Speedup above 1 is ours faster (ours over ioatdma's for a
rate, ioatdma's over ours for a time), as in bench-guest's own table.
Ends with, per NAME, the median speedup over all rows and over the dmatest
rows, and how many rows are at >= 1.0x.
"""
import csv
import statistics
import sys
from collections import defaultdict


def main():
    variants = {}
    for arg in sys.argv[1:]:
        name, _, dirs = arg.partition('=')
        if not name or not dirs:
            sys.exit(__doc__)
        variants[name] = dirs.split(',')
    if not variants:
        sys.exit(__doc__)
    ours = defaultdict(lambda: defaultdict(list))
    ioat = defaultdict(list)
    units, order = {}, []
    for name, dirs in variants.items():
        for d in dirs:
            with open(d + '/bench-guest.csv') as f:
                for r in csv.DictReader(f):
                    k = (r['figure'], int(r['size']))
                    if k not in units:
                        order.append(k)
                    units[k] = r['unit']
                    ours[k][name] += [float(x) for x in r['ours_runs'].split('/')]
                    ioat[k] += [float(x) for x in r['ioatdma_runs'].split('/')]
    names = list(variants)
    print('%-14s %8s %8s %10s ' % ('figure', 'size', 'unit', 'ioatdma') +
          ' '.join('%10s %7s' % (n, 'speedup') for n in names))
    speedups = defaultdict(list)
    for k in order:
        im = statistics.median(ioat[k])
        row = '%-14s %8d %8s %10.0f ' % (k[0], k[1], units[k], im)
        for n in names:
            if not ours[k][n]:
                row += '%10s %7s ' % ('-', '-')
                continue
            m = statistics.median(ours[k][n])
            rate = units[k] in ('iops', 'copies/s')
            s = m / im if rate else im / m
            speedups[n].append((k, s))
            row += '%10.0f %6.2fx ' % (m, s)
        print(row.rstrip())
    for n in names:
        v = [s for _, s in speedups[n]]
        dt = [s for k, s in speedups[n] if k[0].startswith('dmatest')]
        line = '%s: %d rows, median %.2fx, %d at >= 1.0x, min %.2fx' % (
            n, len(v), statistics.median(v), sum(s >= 1.0 for s in v), min(v))
        if dt:
            line += '; dmatest rows median %.2fx, min %.2fx' % (
                statistics.median(dt), min(dt))
        print(line)


if __name__ == '__main__':
    main()
