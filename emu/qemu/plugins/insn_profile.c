// SPDX-License-Identifier: GPL-2.0
/*
 * insn_profile: a QEMU TCG plugin that counts the guest instructions
 * executed inside windows the guest opens and closes itself, by the start
 * address of each translation block, and (io=on) the accesses to device
 * memory. Under TCG the time of a path is mostly its instruction count plus
 * its register accesses, and both are exact: they do not move with the
 * host's load, unlike any clock in the guest. scripts/bench-guest.sh uses
 * it with PROFILE=1 (Documentation/performance.rst, "Instructions per copy").
 *
 * The markers are two NOPs no compiler emits: "nopl 0x4e440001(%rax)"
 * opens a window (counts start from zero), "nopl 0x4e440002(%rax)" closes
 * it and appends the window's counts to the file out=FILE:
 *
 *   window N insns TOTAL io IO
 *   classes NAME...
 *   vcpu I insns N io N
 *   tb ADDR EXECS INSNS IO CLASS...  (blocks executed in the window)
 *   tbv ADDR VCPU:EXECS...          (the same block's executions by vCPU)
 *
 * CLASS... counts, per block, the executions of the instructions that cost
 * TCG far more than their share of the count (classes[] below): locked
 * read-modify-writes (a helper call each), PAUSE (leaves the vCPU's
 * execution loop), POPF/STI/CLI (end the block, so that a pending
 * interrupt is seen), fences, RDTSC, port I/O, HLT, IRET, RDMSR/WRMSR
 * (x2APIC: the EOI and IPIs).
 *
 * Written in QEMU's coding style, like the models in emu/qemu/.
 *
 * Counts are shared by every vCPU thread (-accel tcg,thread=multi) and
 * updated with relaxed atomics; the window flag is read relaxed, so a
 * block another vCPU is inside as the window turns may count or not: a
 * handful of instructions against the millions of a window.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MARK_OPEN    0x4e440001u
#define MARK_CLOSE    0x4e440002u
#define MAX_VCPUS    64

enum insn_class {
    C_LOCK, C_PAUSE, C_POPF, C_STI, C_CLI, C_FENCE, C_RDTSC, C_PIO, C_HLT,
    C_IRET, C_MSR, C_NONE
};

static const char *const classes[C_NONE] = {
    "lock", "pause", "popf", "sti", "cli", "fence", "rdtsc", "pio", "hlt",
    "iret", "msr",
};

/* One per guest address a block starts at; never freed before exit. */
struct block {
    uint64_t addr;
    uint64_t execs;        /* in the open window */
    uint64_t insns;
    uint64_t io;
    uint64_t cls[C_NONE];
    uint64_t vexecs[MAX_VCPUS];  /* execs by vCPU */
};

static GMutex lock;        /* the table, the output file */
static GHashTable *blocks;    /* addr -> struct block */
static FILE *out;
static bool count_io;
static int window_open;
static unsigned int windows;
static uint64_t vcpu_insns[MAX_VCPUS], vcpu_io[MAX_VCPUS];

static void block_exec(unsigned int vcpu, void *udata)
{
    struct block *b = udata;

    if (!__atomic_load_n(&window_open, __ATOMIC_RELAXED)) {
        return;
    }
    __atomic_fetch_add(&b->execs, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&b->vexecs[vcpu % MAX_VCPUS], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&vcpu_insns[vcpu % MAX_VCPUS],
                       __atomic_load_n(&b->insns, __ATOMIC_RELAXED),
                       __ATOMIC_RELAXED);
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    struct block *b = udata;
    struct qemu_plugin_hwaddr *hw;

    if (!__atomic_load_n(&window_open, __ATOMIC_RELAXED)) {
        return;
    }
    hw = qemu_plugin_get_hwaddr(info, vaddr);
    if (!hw || !qemu_plugin_hwaddr_is_io(hw)) {
        return;
    }
    __atomic_fetch_add(&b->io, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&vcpu_io[vcpu % MAX_VCPUS], 1, __ATOMIC_RELAXED);
}

/* @udata: the counter of one class in one block. */
static void class_exec(unsigned int vcpu, void *udata)
{
    if (!__atomic_load_n(&window_open, __ATOMIC_RELAXED)) {
        return;
    }
    __atomic_fetch_add((uint64_t *)udata, 1, __ATOMIC_RELAXED);
}

static void zero_block(gpointer key, gpointer value, gpointer udata)
{
    struct block *b = value;

    b->execs = 0;
    b->io = 0;
    memset(b->cls, 0, sizeof(b->cls));
    memset(b->vexecs, 0, sizeof(b->vexecs));
}

static void dump_block(gpointer key, gpointer value, gpointer udata)
{
    struct block *b = value;

    unsigned int c;

    if (b->execs || b->io) {
        fprintf(out, "tb 0x%" PRIx64 " %" PRIu64 " %" PRIu64 " %" PRIu64,
                b->addr, b->execs, b->execs * b->insns, b->io);
        for (c = 0; c < C_NONE; c++) {
            fprintf(out, " %" PRIu64, b->cls[c]);
        }
        fputc('\n', out);
        fprintf(out, "tbv 0x%" PRIx64, b->addr);
        for (c = 0; c < MAX_VCPUS; c++) {
            if (b->vexecs[c]) {
                fprintf(out, " %u:%" PRIu64, c, b->vexecs[c]);
            }
        }
        fputc('\n', out);
    }
}

static void mark(unsigned int vcpu, void *udata)
{
    uintptr_t what = (uintptr_t)udata;
    uint64_t total = 0, io = 0;
    unsigned int i;

    g_mutex_lock(&lock);
    if (what == MARK_OPEN) {
        __atomic_store_n(&window_open, 0, __ATOMIC_RELAXED);
        g_hash_table_foreach(blocks, zero_block, NULL);
        memset(vcpu_insns, 0, sizeof(vcpu_insns));
        memset(vcpu_io, 0, sizeof(vcpu_io));
        __atomic_store_n(&window_open, 1, __ATOMIC_SEQ_CST);
    } else if (__atomic_load_n(&window_open, __ATOMIC_RELAXED)) {
        __atomic_store_n(&window_open, 0, __ATOMIC_SEQ_CST);
        for (i = 0; i < MAX_VCPUS; i++) {
            total += vcpu_insns[i];
            io += vcpu_io[i];
        }
        fprintf(out, "window %u insns %" PRIu64 " io %" PRIu64 "\nclasses",
                ++windows, total, io);
        for (i = 0; i < C_NONE; i++) {
            fprintf(out, " %s", classes[i]);
        }
        fputc('\n', out);
        for (i = 0; i < MAX_VCPUS; i++) {
            if (vcpu_insns[i]) {
                fprintf(out, "vcpu %u insns %" PRIu64 " io %" PRIu64 "\n",
                        i, vcpu_insns[i], vcpu_io[i]);
            }
        }
        g_hash_table_foreach(blocks, dump_block, NULL);
        fflush(out);
    }
    g_mutex_unlock(&lock);
}

/* The marker's bytes: 0f 1f 80 and the 32-bit displacement. */
static uint32_t marker(struct qemu_plugin_insn *insn)
{
    const uint8_t *p = qemu_plugin_insn_data(insn);
    uint32_t disp;

    if (qemu_plugin_insn_size(insn) != 7 || p[0] != 0x0f || p[1] != 0x1f ||
        p[2] != 0x80) {
        return 0;
    }
    memcpy(&disp, p + 3, sizeof(disp));
    return disp == MARK_OPEN || disp == MARK_CLOSE ? disp : 0;
}

/* The x86 instructions that TCG runs out of line, or that end a block. */
static enum insn_class classify(struct qemu_plugin_insn *insn)
{
    const uint8_t *p = qemu_plugin_insn_data(insn);
    size_t n = qemu_plugin_insn_size(insn), i = 0;
    bool lock = false, rep = false;

    for (; i < n; i++) {
        if (p[i] == 0xf0) {
            lock = true;
        } else if (p[i] == 0xf3) {
            rep = true;
        } else if (!(p[i] == 0xf2 || p[i] == 0x2e || p[i] == 0x36 ||
                     p[i] == 0x3e || p[i] == 0x26 || p[i] == 0x64 ||
                     p[i] == 0x65 || p[i] == 0x66 || p[i] == 0x67 ||
                     (p[i] & 0xf0) == 0x40)) {
            break;
        }
    }
    if (i >= n) {
        return C_NONE;
    }
    if (lock) {
        return C_LOCK;
    }
    switch (p[i]) {
    case 0x86: case 0x87:       /* XCHG with memory is locked */
        return i + 1 < n && (p[i + 1] & 0xc0) != 0xc0 ? C_LOCK : C_NONE;
    case 0x90:
        return rep ? C_PAUSE : C_NONE;
    case 0x9d:
        return C_POPF;
    case 0xfb:
        return C_STI;
    case 0xfa:
        return C_CLI;
    case 0xf4:
        return C_HLT;
    case 0xcf:
        return C_IRET;
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef:
    case 0x6c: case 0x6d: case 0x6e: case 0x6f:
        return C_PIO;
    case 0x0f:
        if (i + 1 >= n) {
            return C_NONE;
        }
        switch (p[i + 1]) {
        case 0x31:
            return C_RDTSC;
        case 0x30: case 0x32:
            return C_MSR;
        case 0xae:      /* LFENCE, MFENCE, SFENCE: ModRM e8, f0, f8 */
            return i + 2 < n && p[i + 2] >= 0xe8 ? C_FENCE : C_NONE;
        case 0x01:      /* RDTSCP */
            return i + 2 < n && p[i + 2] == 0xf9 ? C_RDTSC : C_NONE;
        }
        return C_NONE;
    }
    return C_NONE;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb), i;
    uint64_t addr = qemu_plugin_tb_vaddr(tb);
    struct block *b;

    g_mutex_lock(&lock);
    b = g_hash_table_lookup(blocks, &addr);
    if (!b) {
        b = g_new0(struct block, 1);
        b->addr = addr;
        g_hash_table_insert(blocks, &b->addr, b);
    }
    /* A block translated again may end elsewhere: the last one counts. */
    __atomic_store_n(&b->insns, n, __ATOMIC_RELAXED);
    g_mutex_unlock(&lock);

    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec,
                                         QEMU_PLUGIN_CB_NO_REGS, b);
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t m = marker(insn);
        enum insn_class c = classify(insn);

        if (c != C_NONE) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, class_exec,
                                                   QEMU_PLUGIN_CB_NO_REGS,
                                                   &b->cls[c]);
        }
        if (m) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, mark,
                                                   QEMU_PLUGIN_CB_NO_REGS,
                                                   (void *)(uintptr_t)m);
        }
        if (count_io) {
            qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, b);
        }
    }
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
    g_mutex_lock(&lock);
    if (out) {
        fclose(out);
    }
    out = NULL;
    g_mutex_unlock(&lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    const char *path = NULL;
    int i;

    for (i = 0; i < argc; i++) {
        if (g_str_has_prefix(argv[i], "out=")) {
            path = argv[i] + 4;
        } else if (!strcmp(argv[i], "io=on")) {
            count_io = true;
        } else {
            fprintf(stderr, "insn_profile: unknown option %s\n", argv[i]);
            return -1;
        }
    }
    if (!path) {
        fprintf(stderr, "insn_profile: out=FILE is needed\n");
        return -1;
    }
    out = fopen(path, "w");
    if (!out) {
        perror(path);
        return -1;
    }
    blocks = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
