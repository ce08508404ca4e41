#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Guest instructions per copy, by function, from make bench-guest PROFILE=1.

    scripts/insn-profile.py [--top N] COL=DIR:DRIVER[@VCPU][,...] ...

Each DIR:DRIVER names the boots of one driver (ours, ioat) in one
bench-guest OUT directory: prof-DRIVER-R.txt, written by QEMU's
insn_profile plugin (emu/qemu/plugins/insn_profile.c), and the same boot's
console-DRIVER-R.txt, whose "dma_bench: window NAME SIZE copies N" lines
name the windows in order, and ksyms-DRIVER-R.txt, the text symbols of
the boot's /proc/kallsyms.
Each translation block's instructions go to the function its first
instruction is in. @VCPU counts only what that vCPU executed (e.g. the
channel's completion CPU, which differs between the drivers: the console
names it); a block's device accesses and class instructions are then
apportioned by its executions on that vCPU. Per window (figure and size)
and column: instructions
and device-memory accesses per copy (the median over the column's boots),
then per module, then the TOP (20) functions by the largest difference
between the first column and the others.
"""
import bisect
import re
import statistics
import sys
from collections import defaultdict


def read_boot(prof, console, ksyms, vcpu=None):
    """{(name, size): (copies, insns, io, {func: [insns, io, {class: n}]})}
    of one boot, of every vCPU or of @vcpu only."""
    names, syms = [], []
    with open(console, errors='replace') as f:
        for line in f:
            m = re.match(r'BENCH: dma_bench: window (\S+) (\d+) copies (\d+)', line)
            if m:
                names.append((m[1], int(m[2]), int(m[3])))
    with open(ksyms, errors='replace') as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and p[1] in ('t', 'T'):
                syms.append((int(p[0], 16), ' '.join(p[2:4])))
    syms.sort()
    addrs = [a for a, _ in syms]

    def func(addr):
        i = bisect.bisect_right(addrs, addr) - 1
        return syms[i][1] if i >= 0 else hex(addr)

    out, win, k, classes, tb = {}, None, -1, [], None

    def add(share):
        """Add @share of block line tb's counts to the window."""
        addr = int(tb[1], 16)
        fn = func(addr) if addr >= 1 << 63 else '(user)'
        win[3][fn][0] += int(tb[3]) * share
        win[3][fn][1] += int(tb[4]) * share
        for c, v in zip(classes, tb[5:]):
            win[3][fn][2][c] += int(v) * share

    with open(prof) as f:
        for line in f:
            p = line.split()
            if p[0] == 'window':
                k += 1
                if k >= len(names):
                    break
                name, size, copies = names[k]
                win = [copies, int(p[3]), int(p[5]),
                       defaultdict(lambda: [0, 0, defaultdict(int)])]
                out[(name, size)] = win
            elif p[0] == 'classes':
                classes = p[1:]
            elif p[0] == 'tb' and win is not None:
                tb = p
                if vcpu is None:
                    add(1)
            elif p[0] == 'tbv' and win is not None and vcpu is not None:
                execs = dict(x.split(':') for x in p[2:])
                if str(vcpu) in execs:
                    add(int(execs[str(vcpu)]) / int(tb[2]))
    if vcpu is not None:
        for win in out.values():
            win[1] = sum(v[0] for v in win[3].values())
            win[2] = sum(v[1] for v in win[3].values())
    return out


def module(fn):
    m = re.search(r'\[(\S+)\]$', fn)
    return m[1] if m else ('(user)' if fn == '(user)' else 'kernel')


def main():
    args, top = sys.argv[1:], 20
    cols = {}
    while args:
        a = args.pop(0)
        if a == '--top':
            top = int(args.pop(0))
        elif '=' in a:
            name, _, spec = a.partition('=')
            cols[name] = [s.rsplit(':', 1) for s in spec.split(',')]
        else:
            sys.exit(__doc__)
    if not cols:
        sys.exit(__doc__)

    # per column: per window: list over boots of (insns/copy, io/copy, funcs)
    data = {}
    for name, boots in cols.items():
        per = defaultdict(list)
        for d, drv in boots:
            drv, _, vcpu = drv.partition('@')
            r = 1
            while True:
                try:
                    b = read_boot(f'{d}/prof-{drv}-{r}.txt',
                                  f'{d}/console-{drv}-{r}.txt',
                                  f'{d}/ksyms-{drv}-{r}.txt',
                                  int(vcpu) if vcpu else None)
                except FileNotFoundError:
                    break
                for key, (copies, insns, io, funcs) in b.items():
                    if copies:
                        per[key].append((insns / copies, io / copies,
                                         {f: (v[0] / copies, v[1] / copies,
                                              {c: n / copies
                                               for c, n in v[2].items()})
                                          for f, v in funcs.items()}))
                r += 1
        data[name] = per

    names = list(cols)
    first = names[0]
    windows = [k for k in data[first] if all(k in data[n] for n in names)]
    med = statistics.median
    for key in windows:
        print(f'== {key[0]} {key[1]} B: guest instructions (and device '
              f'accesses) per copy, median of {len(data[first][key])} boot(s)')
        print('  %-44s' % 'total' + ''.join(
            '  %14s' % f'{med([b[0] for b in data[n][key]]):,.0f} '
            f'({med([b[1] for b in data[n][key]]):.2f})' for n in names) +
            '   ' + '  '.join(names))

        def per_func(n):
            funcs = set().union(*(b[2] for b in data[n][key]))
            none = (0, 0, {})
            return {f: (med([b[2].get(f, none)[0] for b in data[n][key]]),
                        med([b[2].get(f, none)[1] for b in data[n][key]]),
                        {c: med([b[2].get(f, none)[2].get(c, 0)
                                 for b in data[n][key]])
                         for c in set().union(*(b[2].get(f, none)[2]
                                                for b in data[n][key]))})
                    for f in funcs}
        pf = {n: per_func(n) for n in names}
        mods = defaultdict(lambda: defaultdict(float))
        for n in names:
            for f, (i, *_) in pf[n].items():
                mods[module(f)][n] += i
        for m in sorted(mods, key=lambda m: -max(mods[m].values())):
            if max(mods[m].values()) >= 1:
                print('  %-44s' % f'module {m}' +
                      ''.join('  %14.0f' % mods[m][n] for n in names))
        # the instructions TCG runs out of line, per copy, and where
        cls = defaultdict(lambda: defaultdict(float))
        where = defaultdict(lambda: defaultdict(list))
        for n in names:
            for f, v in pf[n].items():
                for c, x in v[2].items():
                    cls[c][n] += x
                    if x >= 0.05:
                        where[c][n].append((x, f))
        for c in sorted(cls):
            if max(cls[c].values()) < 0.05:
                continue
            print('  %-44s' % f'class {c}' +
                  ''.join('  %14.2f' % cls[c][n] for n in names) + '   ' +
                  ' | '.join(', '.join(f'{f.split()[0]} {x:.1f}'
                                       for x, f in sorted(where[c][n])[::-1][:3])
                             for n in names))
        allf = set().union(*(pf[n] for n in names))

        def diff(f):
            v = [pf[n].get(f, (0, 0))[0] for n in names]
            return max(abs(v[0] - x) for x in v[1:]) if len(v) > 1 else v[0]
        for f in sorted(allf, key=diff, reverse=True)[:top]:
            print('  %-44s' % f[:44] + ''.join(
                '  %14s' % (f'{pf[n][f][0]:,.0f}' +
                            (f' ({pf[n][f][1]:.2f})' if pf[n][f][1] else '')
                            if f in pf[n] else '-') for n in names))
        print()


if __name__ == '__main__':
    main()
