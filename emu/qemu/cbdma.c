/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * cbdma: PCIe model of the NetDMA project's memory-to-memory DMA controller,
 * an Intel I/OAT ("Crystal Beach DMA") version 3.3 class copy engine.
 *
 * The behaviour implemented here is specified by the project's
 * Documentation/cbdma-hw.rst (the contract between the driver, the
 * in-kernel model and this model); register offsets and bit values are
 * those of Linux drivers/dma/ioat/registers.h. This is an independent
 * implementation of that document, not a port of the in-kernel model.
 *
 *   -device cbdma[,channels=1..4][,xfercap=12..31][,intel-id=on]
 *                [,personality=test|bdx|skx|bwd|bdxde|icx][,strict=on]
 *                [,addr-bits=N][,cmd-us=N][,mmio-log=FILE][,flr=on]
 *                [,delay-us=N][,fault-chan=N][,fault-<kind>=N]...
 *
 * With intel-id=on the function presents 0x8086:0x6f20 (Broadwell CBDMA)
 * so that Linux's in-tree ioatdma driver binds to it.
 *
 * Personalities. test (the default) is the contract's device: our ID (or
 * intel-id's), VER 3.3, channels=N in one function. The others present one
 * CBDMA function of Intel silicon as ioatdma knows it: its ID and VER, one
 * channel (instantiate several functions, as silicon has), and its quirks:
 * Silicon personalities come out of reset with Relaxed Ordering enabled
 * (writable) in DEVCTL, as PCIe specifies; test keeps QEMU's default.
 *   bdx    8086:6f20, VER 3.2: CHANERR_INT in config space (strict)
 *   skx    8086:2021, VER 3.3 (ioatdma runs it as 3.2): likewise
 *   bwd    8086:0c50, VER 3.3: MSI-X table at BAR 0 + 0x1000, PBA at
 *          + 0x1800, and RESET clobbers MSI-X entry 0 (masked, zeroed)
 *   bdxde  8086:6f50: the same silicon as bwd
 *   icx    8086:0b00, VER 3.4: the channel's LTR and DRSCTL registers
 *          (0xb6..0xc7 in its block), stored
 *
 * strict=on models pessimistic silicon where the contract leaves room:
 * RESET keeps CHANERR; on personalities below 3.3 (and skx) an error also
 * latches CHANERR_INT (config 0x180, write 1 to clear), and a chain is not
 * loaded while it is set; a NULL descriptor of size 0 halts with LENGTH; a
 * RESET that finds the channel ACTIVE or IDLE, a DMA started with Relaxed
 * Ordering enabled in DEVCTL and an MSI/INTx interrupt sent while the
 * previous one's INTRCTRL write-back is missing are logged and counted
 * (stat-strict-*); a read of CHANCTRL sets IN_USE (the ownership
 * semaphore; a RESET command keeps it, a device reset clears it); ABORT
 * and RESUME are ignored, logged and counted (stat-strict-cmds-ignored):
 * no reference driver issues them; an error halt, SUSPEND or ABORT writes
 * no completion word (FreeBSD's ioat(4) found silicon does not reliably
 * push those statuses; CHANSTS has them); an interrupt event while the
 * channel is disarmed is dropped, not latched (stat-strict-events-dropped);
 * a descriptor, source, destination or completion address beyond the
 * address width (addr-bits, default the personality's: 64 on each) faults
 * with the CHANERR of that address, logged and counted
 * (stat-strict-addr-faults); SUSPEND, RESUME, ABORT and RESET take
 * CBDMA_STRICT_CMD_US of virtual time (below).
 *
 * cmd-us=N (0..1000000; default 0, with strict=on CBDMA_STRICT_CMD_US):
 * a SUSPEND, RESUME, ABORT or RESET written to CHANCMD takes effect N us of
 * virtual time later, as on silicon, where ioatdma polls up to 100 ms for a
 * SUSPEND and 200 ms for a RESET, and DPDK waits 1 ms before it looks.
 * Until then CHANCMD reads the command back, CHANSTS shows the state from
 * before it and the engine runs on. A command written while one waits
 * replaces it (logged as strict). Counted in stat-cmds-delayed.
 *
 * flr=on advertises Function Level Reset (DEVCAP) and carries it out as a
 * device reset, so that a guest's sysfs reset reaches the driver's
 * reset_prepare/reset_done.
 *
 * aer=on (the default) adds the Advanced Error Reporting capability at
 * config offset 0x100 and makes Device Control's error reporting enables
 * writable (without them no error message leaves the device), so that
 * QEMU's pcie_aer_inject_error (HMP) can raise PCIe errors the guest's AER
 * driver recovers from with the driver's error handlers and a secondary
 * bus reset; aer=off leaves both out.
 *
 * mmio-log=FILE appends every MMIO write to BAR 0 and every config write
 * to COMMAND or at 0x40 and above to FILE ("w OFFSET SIZE VALUE",
 * "c OFFSET SIZE VALUE"), for comparing drivers' register sequences. A 32-bit write at
 * BAR 0 + 0xf00 (the test port, outside every register block; no driver
 * writes it) logs "mark VALUE" only: a guest marks phases with devmem. A
 * 32-bit write of N at BAR 0 + 0xf04 (test port too, with mmio-log only)
 * sets fault-chan=0 and fault-src-read=N, so that a guest without QMP can
 * make a driver recover from an error; one at BAR 0 + 0xf08 sets
 * delay-us=N, so that such a guest can keep work outstanding on the
 * engine (a terminate or a pause then finds the channel busy).
 *
 * Execution model. Descriptors run in the vCPU thread, inside the MMIO
 * write that starts them (DMACOUNT, RESUME), up to inline-descs
 * descriptors (default CBDMA_RUN_BUDGET_DESCS) or CBDMA_RUN_BUDGET_BYTES
 * bytes; the rest of the work continues from a per-channel bottom half in
 * the main loop, CBDMA_RUN_BUDGET_DESCS descriptors per run. Running the
 * first descriptors synchronously keeps CHANSTS consistent with the doorbell
 * as soon as the guest reads it back: ioatdma starts a channel with a NULL
 * descriptor and gives the device only 20 udelay(1) polls of CHANSTS to
 * leave ARMED (ioat_alloc_chan_resources()), which a bottom half scheduled
 * on the main loop does not reliably meet under TCG. The budget keeps one
 * MMIO write from copying an unbounded amount of memory. What runs inside
 * the write is charged to the vCPU that rang: with the default, a batch of
 * 64 page copies is copied by the submitting vCPU's thread, as if the CPU
 * had copied them itself. inline-descs=1 runs only the chain's first
 * descriptor there and the rest beside the vCPUs, on the main loop's
 * thread, as an engine copies beside the CPUs (Documentation/
 * performance.rst, the page-migration figures). Everything (MMIO,
 * bottom halves, timers, QOM property writes) runs under the BQL, so the
 * channel state needs no other lock. Descriptors are executed whole: a
 * SUSPEND or ABORT takes effect between two descriptors.
 *
 * Fault injection. The fault-* properties are QOM properties that may be
 * given on -device or changed at run time with qom-set. Each is a
 * countdown on the channel selected by fault-chan: N = 0 is off, N >= 1
 * fires on the N-th matching event from the moment it was set, then the
 * property reads 0 again (it fires once). Events are descriptor fetches,
 * except for fault-drop-irq (interrupt signals) and fault-bad-completion
 * (completion word writes). See the property list at the end of the file
 * and Documentation/testing-qemu.rst.
 *
 * gone (bool, qom-set at run time): the device leaves the bus. Reads of
 * BAR 0 return all ones, writes are dropped, nothing runs and nothing
 * interrupts, until gone=false, which resets the device as a link coming
 * back up would.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "exec/memory.h"
#include "sysemu/dma.h"
#include "qom/object.h"

#define TYPE_CBDMA "cbdma"
OBJECT_DECLARE_SIMPLE_TYPE(CbdmaState, CBDMA)

/* Identity */
#define CBDMA_VENDOR_ID         0x1234
#define CBDMA_DEVICE_ID         0xcbd0
#define CBDMA_INTEL_VENDOR_ID   0x8086
#define CBDMA_INTEL_DEVICE_ID   0x6f20  /* PCI_DEVICE_ID_INTEL_IOAT_BDX0 */
#define CBDMA_CLASS             0x0880  /* system peripheral, other */

#define CBDMA_MMIO_SIZE         0x4000
/* Advanced Error Reporting: the first extended capability */
#define CBDMA_AER_OFFSET        0x100
#define CBDMA_MSIX_TABLE        0x2000
#define CBDMA_MSIX_PBA          0x3000
#define CBDMA_MAX_CHANNELS      4

/* Device registers (IOAT_*_OFFSET) */
#define R_CHANCNT               0x00
#define R_XFERCAP               0x01
#define R_GENCTRL               0x02
#define R_INTRCTRL              0x03
#define R_ATTNSTATUS            0x04
#define R_VER                   0x08
#define R_PERPORTOFFSET         0x0a
#define R_INTRDELAY             0x0c
#define R_DEVICE_STATUS         0x0e
#define R_DMACAP                0x10
#define R_DCAOFFSET             0x14

#define INTRCTRL_MASTER_INT_EN  0x01
#define INTRCTRL_INT_STATUS     0x02
#define INTRCTRL_INT            0x04
#define INTRCTRL_MSIX_VC        0x08
#define INTRDELAY_MASK          0x3fff
#define INTRDELAY_COALESCE      0x8000
#define CBDMA_VER_3_3           0x33
#define R_TEST_MARK             0xf00   /* model-only test port (mmio-log) */
#define R_TEST_FAULT            0xf04   /* ... arms fault-src-read */
#define R_TEST_DELAY            0xf08   /* ... sets delay-us */

/* Config space (ioat/registers.h) */
#define CFG_CHANERR_INT         0x180

/* Channel registers, relative to 0x80 * (n + 1) */
#define CHAN_STRIDE             0x80
#define C_CHANCTRL              0x00
#define C_DMA_COMP              0x02
#define C_CHANCMD               0x04
#define C_DMACOUNT              0x06
#define C_CHANSTS               0x08
#define C_CHAINADDR             0x10
#define C_CHANCMP               0x18
#define C_CDAR                  0x20
#define C_CHANERR               0x28
#define C_CHANERR_MASK          0x2c
#define C_DCACTRL               0x30
/* I/OAT 3.4 channel registers beyond the 0x80 block (one channel only) */
#define C_DRSCTL                0xb6
#define C_LTR_SWSEL             0xbc
#define C_LTR_ACTIVE            0xc0
#define C_LTR_IDLE              0xc4
#define C_V34_END               0xc8

#define CHANCTRL_INT_REARM      0x0001
#define CHANCTRL_ERR_COMPL_EN   0x0004
#define CHANCTRL_ERR_INT_EN     0x0010
#define CHANCTRL_IN_USE         0x0100
#define CHANCTRL_DEFINED        0xf33d  /* bits 0, 2, 3, 4, 5, 8, 9, 15:12 */
#define DMA_COMP_V2             0x0002

#define CHANCMD_SUSPEND         0x04
#define CHANCMD_ABORT           0x08
#define CHANCMD_RESUME          0x10
#define CHANCMD_RESET           0x20

/* Channel states: CHANSTS bits 2:0, enum netdma_xfer_status */
#define ST_ACTIVE               0
#define ST_IDLE                 1
#define ST_SUSPENDED            2
#define ST_HALTED               3
#define ST_ARMED                4

/* CHANERR bits (IOAT_CHANERR_*) */
#define ERR_SRC_ADDR            0x0001
#define ERR_DEST_ADDR           0x0002
#define ERR_NEXT_ADDR           0x0004
#define ERR_NEXT_DESC_ALIGN     0x0008
#define ERR_CHAIN_ADDR_VALUE    0x0010
#define ERR_CHANCMD             0x0020
#define ERR_READ_DATA           0x0100
#define ERR_WRITE_DATA          0x0200
#define ERR_CONTROL             0x0400
#define ERR_LENGTH              0x0800
#define ERR_COMPLETION_ADDR     0x1000
#define ERR_ALL                 0x1f3f

/* Descriptor (struct netdma_desc) control bits */
#define CTL_INT_ON_COMPLETION   0x001
#define CTL_SRC_NO_SNOOP        0x002
#define CTL_DST_NO_SNOOP        0x004
#define CTL_STATUS_UPDATE       0x008
#define CTL_FENCE               0x010
#define CTL_NULL                0x020
#define CTL_DST_DCA_ENABLE      0x200
#define CTL_ACCEPTED            (CTL_INT_ON_COMPLETION | CTL_SRC_NO_SNOOP | \
                                 CTL_DST_NO_SNOOP | CTL_STATUS_UPDATE | \
                                 CTL_FENCE | CTL_NULL | CTL_DST_DCA_ENABLE)
#define DESC_SIZE               64

/* Work done inside one MMIO write or bottom half run */
#define CBDMA_RUN_BUDGET_DESCS  64
#define CBDMA_RUN_BUDGET_BYTES  (1 * MiB)

/*
 * cmd-us: the default under strict=on, and the property's "not given"
 * value. 50 us is half the budget a driver in atomic context (cbdma's
 * provider callbacks) gives a command, so a driver that waits for the
 * command as the references do passes, and one that reads CHANSTS or
 * writes CHAINADDR right after the CHANCMD write does not.
 */
#define CBDMA_STRICT_CMD_US     50
#define CBDMA_CMD_US_DEFAULT    UINT32_MAX
#define CBDMA_CMD_US_MAX        1000000
#define CBDMA_COPY_CHUNK        (64 * KiB)

/* Address a fault-bad-completion word carries (as the in-kernel model) */
#define CBDMA_BAD_COMPLETION_ADDR 0xffffffffffff0000ULL

/* What a personality presents (see the header). */
typedef struct CbdmaPersonality {
    const char *name;
    uint16_t vendor;
    uint16_t device;
    uint8_t ver;
    bool silicon;           /* one channel per function */
    bool chanerr_int;       /* CHANERR_INT latches (strict) */
    bool msix_clobber;      /* RESET clobbers MSI-X entry 0 */
    uint32_t msix_table;
    uint32_t msix_pba;
    bool v34;               /* LTR/DRSCTL registers */
    uint8_t addr_bits;      /* address width */
} CbdmaPersonality;

static const CbdmaPersonality cbdma_personalities[] = {
    { "test", CBDMA_VENDOR_ID, CBDMA_DEVICE_ID, 0x33, false, false, false,
      CBDMA_MSIX_TABLE, CBDMA_MSIX_PBA, false, 64 },
    { "bdx", CBDMA_INTEL_VENDOR_ID, 0x6f20, 0x32, true, true, false,
      CBDMA_MSIX_TABLE, CBDMA_MSIX_PBA, false, 64 },
    { "skx", CBDMA_INTEL_VENDOR_ID, 0x2021, 0x33, true, true, false,
      CBDMA_MSIX_TABLE, CBDMA_MSIX_PBA, false, 64 },
    { "bwd", CBDMA_INTEL_VENDOR_ID, 0x0c50, 0x33, true, false, true,
      0x1000, 0x1800, false, 64 },
    { "bdxde", CBDMA_INTEL_VENDOR_ID, 0x6f50, 0x33, true, false, true,
      0x1000, 0x1800, false, 64 },
    { "icx", CBDMA_INTEL_VENDOR_ID, 0x0b00, 0x34, true, false, false,
      CBDMA_MSIX_TABLE, CBDMA_MSIX_PBA, true, 64 },
};

typedef struct CbdmaChan {
    struct CbdmaState *s;
    unsigned idx;

    /* registers */
    uint16_t chanctrl;
    uint16_t dmacount;
    uint64_t chainaddr;
    uint64_t chancmp;
    uint64_t cdar;
    uint32_t chanerr;
    uint32_t chanerr_mask;
    uint32_t dcactrl;
    uint16_t drsctl;        /* 3.4 */
    uint8_t ltr_swsel;      /* 3.4 */
    uint32_t ltr_active;    /* 3.4 */
    uint32_t ltr_idle;      /* 3.4 */

    /* engine */
    uint8_t state;          /* ST_* */
    uint16_t count;         /* descriptors completed since the chain load */
    uint64_t fetch;         /* next descriptor to fetch */
    bool at_head;           /* fetch is the chain head (CHAINADDR) */
    bool have_last;         /* a descriptor of the chain completed */
    uint64_t last;          /* ... its address */
    bool hung;              /* fault-hang fired: stopped until ABORT/RESET */
    bool delaying;          /* delay-us: waiting before the next descriptor */
    bool delay_done;        /* ... and the wait is over */

    /* interrupts */
    bool int_armed;         /* CHANCTRL.INT_REARM written, not consumed */
    bool event;             /* latched interrupt event */
    bool window;            /* coalescing window open */

    /* cmd-us: the command waiting to take effect, 0 when none */
    uint8_t cmd_pending;

    QEMUBH *bh;
    QEMUTimer delay_timer;
    QEMUTimer coalesce_timer;
    QEMUTimer cmd_timer;
} CbdmaChan;

struct CbdmaState {
    PCIDevice parent_obj;

    MemoryRegion bar;
    MemoryRegion regs;

    /* properties */
    uint8_t channels;
    uint8_t xfercap;
    bool intel_id;
    char *personality;
    bool strict;
    char *mmio_log;
    bool flr;
    bool aer;
    uint8_t addr_bits;      /* 0: the personality's */
    uint32_t cmd_us;        /* CBDMA_CMD_US_DEFAULT: strict's, else 0 */
    uint32_t inline_descs;  /* run inside the starting MMIO write, 1..64 */
    uint32_t delay_us;
    uint32_t fault_chan;
    uint32_t fault_src_read;
    uint32_t fault_dst_write;
    uint32_t fault_next_addr;
    uint32_t fault_hang;
    uint32_t fault_drop_irq;
    uint32_t fault_spurious_irq;
    uint32_t fault_bad_completion;
    bool gone;              /* off the bus: reads all ones, does nothing */

    /* statistics (read-only QOM properties) */
    uint64_t stat_descs;
    uint64_t stat_bytes;
    uint64_t stat_irqs;
    uint64_t stat_errors;
    uint64_t stat_faults;
    uint64_t stat_strict_resets_running;
    uint64_t stat_strict_relaxed_ordering;
    uint64_t stat_strict_no_writeback;
    uint64_t stat_strict_cmds_ignored;
    uint64_t stat_strict_events_dropped;
    uint64_t stat_strict_addr_faults;
    uint64_t stat_cmds_delayed;

    const CbdmaPersonality *pers;
    FILE *log;              /* mmio-log */
    uint32_t chanerr_int;   /* config 0x180 (strict, chanerr_int) */
    bool wb_pending;        /* MSI/INTx sent, INTRCTRL not written since */

    /* device registers */
    uint8_t genctrl;
    uint8_t intrctrl;       /* MASTER_INT_EN and MSIX_VECTOR_CONTROL only */
    uint32_t attnstatus;
    uint16_t intrdelay;

    uint8_t *buf;           /* bounce buffer for copies */
    CbdmaChan chan[CBDMA_MAX_CHANNELS];
};

static void cbdma_run(CbdmaChan *ch, unsigned budget);

/* A strict-mode finding: logged as a guest error and in the mmio-log. */
static void G_GNUC_PRINTF(2, 3) cbdma_strict_event(CbdmaState *s,
                                                  const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log_mask(LOG_GUEST_ERROR, "cbdma: strict: %s\n", msg);
    if (s->log) {
        fprintf(s->log, "strict %s\n", msg);
    }
}

/*
 * A strict-mode behaviour a driver has to cope with (not a finding against
 * it): a "note" line in the mmio-log, counted per driver by e2e-intel.
 */
static void cbdma_strict_note(CbdmaState *s, const char *what, unsigned idx)
{
    if (s->log) {
        fprintf(s->log, "note %s (channel %u)\n", what, idx);
    }
}

/* A countdown fault of channel ch: true when it fires now. */
static bool cbdma_fault(CbdmaChan *ch, uint32_t *counter)
{
    CbdmaState *s = ch->s;

    if (ch->idx != s->fault_chan || *counter == 0) {
        return false;
    }
    if (--*counter) {
        return false;
    }
    s->stat_faults++;
    return true;
}

/* Interrupts */

static bool cbdma_intx_level(CbdmaState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    return !msix_enabled(pdev) && !msi_enabled(pdev) &&
           (s->intrctrl & INTRCTRL_MASTER_INT_EN) && s->attnstatus;
}

static void cbdma_update_intx(CbdmaState *s)
{
    pci_set_irq(PCI_DEVICE(s), cbdma_intx_level(s));
}

/* Send channel ch's message: its own MSI-X vector or the shared one. */
static void cbdma_send_vector(CbdmaChan *ch)
{
    CbdmaState *s = ch->s;
    PCIDevice *pdev = PCI_DEVICE(s);

    if (s->gone) {
        return;
    }
    if (msix_enabled(pdev)) {
        msix_notify(pdev, (s->intrctrl & INTRCTRL_MSIX_VC) ? ch->idx : 0);
    } else {
        /* Strict: the driver writes INTRCTRL back after each one. */
        if (s->strict && s->wb_pending) {
            s->stat_strict_no_writeback++;
            cbdma_strict_event(s, "interrupt sent without INTRCTRL written "
                               "back since the last");
        }
        s->wb_pending = true;
        if (msi_enabled(pdev)) {
            msi_notify(pdev, 0);
        }
    }
    cbdma_update_intx(s);
}

/* Signal ch's latched event if it is armed, enabled and not coalescing. */
static void cbdma_try_signal(CbdmaChan *ch)
{
    CbdmaState *s = ch->s;

    if (!ch->event || !ch->int_armed || ch->window ||
        !(s->intrctrl & INTRCTRL_MASTER_INT_EN)) {
        return;
    }
    ch->event = false;
    ch->int_armed = false;
    s->attnstatus |= 1u << ch->idx;
    if (cbdma_fault(ch, &s->fault_drop_irq)) {
        return;     /* lost: ATTNSTATUS set, channel disarmed, no message */
    }
    s->stat_irqs++;
    cbdma_send_vector(ch);
}

static void cbdma_event(CbdmaChan *ch)
{
    CbdmaState *s = ch->s;
    uint16_t delay = s->intrdelay & INTRDELAY_MASK;

    /* strict: an event while disarmed is dropped, not latched */
    if (s->strict && !ch->int_armed) {
        s->stat_strict_events_dropped++;
        cbdma_strict_note(s, "event dropped while disarmed", ch->idx);
        return;
    }

    /* The first event after a signal opens a coalescing window. */
    if (!ch->event && !ch->window && delay) {
        ch->window = true;
        timer_mod(&ch->coalesce_timer,
                  qemu_clock_get_us(QEMU_CLOCK_VIRTUAL) + delay);
    }
    ch->event = true;
    cbdma_try_signal(ch);
}

static void cbdma_coalesce_timer(void *opaque)
{
    CbdmaChan *ch = opaque;

    ch->window = false;
    cbdma_try_signal(ch);
}

/* Host memory checks: the device may access RAM only. */

static bool cbdma_is_ram(CbdmaState *s, uint64_t addr, uint64_t len,
                         bool is_write)
{
    AddressSpace *as = pci_get_address_space(PCI_DEVICE(s));

    if (addr + len < addr) {
        return false;
    }
    RCU_READ_LOCK_GUARD();
    while (len) {
        hwaddr xlat, l = len;
        MemoryRegion *mr = address_space_translate(as, addr, &xlat, &l,
                                                   is_write,
                                                   MEMTXATTRS_UNSPECIFIED);

        if (!l || !memory_region_is_ram(mr) ||
            memory_region_is_ram_device(mr) ||
            (is_write && mr->readonly)) {
            return false;
        }
        l = MIN(l, len);
        addr += l;
        len -= l;
    }
    return true;
}

/*
 * strict: an address beyond the address width faults, as on silicon that
 * drives fewer address bits; logged and counted. Not checked otherwise.
 */
static bool cbdma_addr_ok(CbdmaChan *ch, uint64_t addr, uint64_t len)
{
    CbdmaState *s = ch->s;
    uint64_t last = addr + (len ? len - 1 : 0);

    if (!s->strict || s->addr_bits >= 64 ||
        (last >= addr && last < (1ULL << s->addr_bits))) {
        return true;
    }
    s->stat_strict_addr_faults++;
    cbdma_strict_event(s, "channel %u: address 0x%" PRIx64 " (+%" PRIu64
                       ") beyond the %u-bit address width", ch->idx, addr,
                       len, s->addr_bits);
    return false;
}

/* Completion word */

static uint64_t cbdma_chansts(CbdmaChan *ch)
{
    return (ch->have_last ? ch->last & ~0x3fULL : 0) | ch->state;
}

/*
 * Write the completion word (= CHANSTS). Returns false if CHANCMP is not an
 * 8-byte aligned RAM address or the write failed; the caller decides whether
 * that is an error (STATUS_UPDATE) or silently skipped.
 */
static bool cbdma_write_completion(CbdmaChan *ch)
{
    CbdmaState *s = ch->s;
    uint64_t word = cbdma_chansts(ch);

    if ((ch->chancmp & 7) || !cbdma_addr_ok(ch, ch->chancmp, 8) ||
        !cbdma_is_ram(s, ch->chancmp, 8, true)) {
        return false;
    }
    if (cbdma_fault(ch, &s->fault_bad_completion)) {
        word = CBDMA_BAD_COMPLETION_ADDR | ch->state;
    }
    return stq_le_pci_dma(PCI_DEVICE(s), ch->chancmp, word,
                          MEMTXATTRS_UNSPECIFIED) == MEMTX_OK;
}

/* Stop any pending execution of ch (bottom half, delay timer, hang). */
static void cbdma_stop(CbdmaChan *ch)
{
    qemu_bh_cancel(ch->bh);
    timer_del(&ch->delay_timer);
    ch->delaying = false;
    ch->delay_done = false;
    ch->hung = false;
}

/* The error halt sequence of cbdma-hw.rst, "Errors". */
static void cbdma_error(CbdmaChan *ch, uint32_t err, uint64_t cdar)
{
    CbdmaState *s = ch->s;

    qemu_log_mask(LOG_GUEST_ERROR, "cbdma: channel %u error 0x%x at 0x%"
                  PRIx64 "\n", ch->idx, err, cdar);
    s->stat_errors++;
    cbdma_stop(ch);
    ch->chanerr |= err;
    if (s->strict && s->pers->chanerr_int) {
        s->chanerr_int |= err;
    }
    ch->state = ST_HALTED;
    ch->cdar = cdar;
    /* strict: no completion word on a halt (CHANSTS has it) */
    if ((ch->chanctrl & CHANCTRL_ERR_COMPL_EN) && !s->strict) {
        cbdma_write_completion(ch);
    } else if (ch->chanctrl & CHANCTRL_ERR_COMPL_EN) {
        cbdma_strict_note(s, "no completion word on halt", ch->idx);
    }
    if (ch->chanctrl & CHANCTRL_ERR_INT_EN) {
        cbdma_event(ch);
    }
}

/* Copy len bytes from src to dst through the bounce buffer. */
static uint32_t cbdma_copy(CbdmaChan *ch, uint64_t src, uint64_t dst,
                           uint32_t len)
{
    CbdmaState *s = ch->s;
    PCIDevice *pdev = PCI_DEVICE(s);
    bool fail_read = cbdma_fault(ch, &s->fault_src_read);
    bool fail_write = cbdma_fault(ch, &s->fault_dst_write);

    if (fail_read) {
        return ERR_READ_DATA;
    }
    while (len) {
        uint32_t l = MIN(len, CBDMA_COPY_CHUNK);

        if (pci_dma_read(pdev, src, s->buf, l) != MEMTX_OK) {
            return ERR_READ_DATA;
        }
        if (fail_write) {
            return ERR_WRITE_DATA;
        }
        if (pci_dma_write(pdev, dst, s->buf, l) != MEMTX_OK) {
            return ERR_WRITE_DATA;
        }
        src += l;
        dst += l;
        len -= l;
        s->stat_bytes += l;
    }
    return 0;
}

/*
 * Fetch, check, execute and complete one descriptor ("Execution" in
 * cbdma-hw.rst). Returns the bytes copied, or -1 if the channel stopped.
 */
static int64_t cbdma_exec_one(CbdmaChan *ch)
{
    CbdmaState *s = ch->s;
    PCIDevice *pdev = PCI_DEVICE(s);
    uint64_t addr = ch->fetch;
    uint8_t d[DESC_SIZE];
    uint32_t size, ctl, err;
    uint64_t src, dst, next;

    if (cbdma_fault(ch, &s->fault_hang)) {
        ch->hung = true;
        return -1;
    }
    if (cbdma_fault(ch, &s->fault_spurious_irq)) {
        s->stat_irqs++;
        cbdma_send_vector(ch);
    }

    /* 1. fetch */
    ch->cdar = addr;
    if (addr & (DESC_SIZE - 1)) {
        cbdma_error(ch, ch->at_head ? ERR_CHAIN_ADDR_VALUE :
                    ERR_NEXT_DESC_ALIGN, addr);
        return -1;
    }
    if (cbdma_fault(ch, &s->fault_next_addr) ||
        !cbdma_addr_ok(ch, addr, DESC_SIZE) ||
        !cbdma_is_ram(s, addr, DESC_SIZE, false) ||
        pci_dma_read(pdev, addr, d, DESC_SIZE) != MEMTX_OK) {
        cbdma_error(ch, ch->at_head ? ERR_CHAIN_ADDR_VALUE : ERR_NEXT_ADDR,
                    addr);
        return -1;
    }
    size = ldl_le_p(d + 0);
    ctl = ldl_le_p(d + 4);
    src = ldq_le_p(d + 8);
    dst = ldq_le_p(d + 16);
    next = ldq_le_p(d + 24);

    /* 2. checks, 3. copy */
    if (ctl & ~CTL_ACCEPTED) {
        err = ERR_CONTROL;
    } else if (ctl & CTL_NULL) {
        /* strict: 3.0 silicon halts on a size-0 NULL (ioatdma uses 1) */
        err = s->strict && size == 0 ? ERR_LENGTH : 0;
        if (err) {
            cbdma_strict_event(s, "NULL descriptor of size 0");
        }
        size = 0;
    } else if (size == 0 || size > (1ULL << s->xfercap)) {
        err = ERR_LENGTH;
    } else if (!cbdma_addr_ok(ch, src, size) ||
               !cbdma_is_ram(s, src, size, false)) {
        err = ERR_SRC_ADDR;
    } else if (!cbdma_addr_ok(ch, dst, size) ||
               !cbdma_is_ram(s, dst, size, true)) {
        err = ERR_DEST_ADDR;
    } else {
        err = cbdma_copy(ch, src, dst, size);
    }
    if (err) {
        cbdma_error(ch, err, addr);
        return -1;
    }

    /* 4. complete */
    s->stat_descs++;
    ch->count++;
    ch->have_last = true;
    ch->last = addr;
    ch->state = ch->count == ch->dmacount ? ST_IDLE : ST_ACTIVE;
    ch->fetch = next;
    ch->cdar = next;
    ch->at_head = false;

    /* 5. completion word */
    if ((ctl & CTL_STATUS_UPDATE) && !cbdma_write_completion(ch)) {
        cbdma_error(ch, ERR_COMPLETION_ADDR, addr);
        return -1;
    }
    /* 6. interrupt event */
    if (ctl & CTL_INT_ON_COMPLETION) {
        cbdma_event(ch);
    }
    return size;
}

static bool cbdma_runnable(CbdmaChan *ch)
{
    return (ch->state == ST_ARMED || ch->state == ST_ACTIVE ||
            ch->state == ST_IDLE) &&
           !ch->hung && !ch->delaying && ch->count != ch->dmacount &&
           !ch->s->gone;
}

/*
 * Run pending descriptors, at most @budget of them (and
 * CBDMA_RUN_BUDGET_BYTES); the bottom half continues.
 */
static void cbdma_run(CbdmaChan *ch, unsigned budget)
{
    CbdmaState *s = ch->s;
    unsigned descs = 0;
    uint64_t bytes = 0;

    while (cbdma_runnable(ch)) {
        int64_t n;

        if (descs >= budget ||
            bytes >= CBDMA_RUN_BUDGET_BYTES) {
            qemu_bh_schedule(ch->bh);
            return;
        }
        /*
         * A slow device: every descriptor but a chain's first waits
         * delay-us before it runs. The chain head runs at once because
         * ioatdma polls only 20 us for its first (NULL) descriptor.
         */
        if (s->delay_us && !ch->at_head && !ch->delay_done) {
            ch->delaying = true;
            timer_mod(&ch->delay_timer,
                      qemu_clock_get_us(QEMU_CLOCK_VIRTUAL) + s->delay_us);
            return;
        }
        ch->delay_done = false;
        n = cbdma_exec_one(ch);
        if (n < 0) {
            return;
        }
        descs++;
        bytes += n;
    }
}

static void cbdma_bh(void *opaque)
{
    cbdma_run(opaque, CBDMA_RUN_BUDGET_DESCS);
}

static void cbdma_delay_timer(void *opaque)
{
    CbdmaChan *ch = opaque;

    ch->delaying = false;
    ch->delay_done = true;
    cbdma_run(ch, CBDMA_RUN_BUDGET_DESCS);
}

/*
 * Channel reset: every register to its reset value, nothing written. A
 * RESET command (@cmd) in strict mode keeps CHANERR, as pessimistic
 * silicon does; a device reset clears everything. A RESET command keeps
 * CHANCTRL.IN_USE: the claim is its owner's, not channel state.
 */
static void cbdma_chan_reset(CbdmaChan *ch, bool cmd)
{
    CbdmaState *s = ch->s;

    cbdma_stop(ch);
    timer_del(&ch->coalesce_timer);
    if (!cmd) {
        /* a device reset drops a command still waiting */
        timer_del(&ch->cmd_timer);
        ch->cmd_pending = 0;
    }
    ch->chanctrl = cmd ? ch->chanctrl & CHANCTRL_IN_USE : 0;
    ch->dmacount = 0;
    ch->chainaddr = 0;
    ch->chancmp = 0;
    ch->cdar = 0;
    if (!(cmd && s->strict)) {
        ch->chanerr = 0;
    }
    ch->chanerr_mask = 0;
    ch->dcactrl = 0;
    ch->drsctl = 0;
    ch->ltr_swsel = 0;
    ch->ltr_active = 0;
    ch->ltr_idle = 0;
    ch->state = ST_HALTED;
    ch->count = 0;
    ch->fetch = 0;
    ch->at_head = false;
    ch->have_last = false;
    ch->last = 0;
    ch->int_armed = false;
    ch->event = false;
    ch->window = false;
    s->attnstatus &= ~(1u << ch->idx);
}

static void cbdma_load_chain(CbdmaChan *ch)
{
    bool pending = ch->count != ch->dmacount;

    if (ch->chanerr || ch->s->chanerr_int) {
        if (!ch->chanerr) {
            cbdma_strict_event(ch->s, "chain not loaded: CHANERR_INT 0x%x "
                               "latched", ch->s->chanerr_int);
        }
        return;     /* stored only; the channel stays HALTED */
    }
    if (ch->hung || (pending && (ch->state == ST_ARMED ||
                                 ch->state == ST_ACTIVE))) {
        cbdma_error(ch, ERR_CHAIN_ADDR_VALUE, ch->cdar);
        return;
    }
    cbdma_stop(ch);
    ch->fetch = ch->chainaddr;
    ch->at_head = true;
    ch->count = 0;
    ch->dmacount = 0;
    ch->have_last = false;
    ch->last = 0;
    ch->state = ST_ARMED;
    ch->cdar = ch->chainaddr;
}

/* Strict: PCIe Relaxed Ordering lets the completion pass the data. */
static void cbdma_check_ro(CbdmaState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint16_t devctl;

    if (!s->strict || !pdev->exp.exp_cap) {
        return;
    }
    devctl = pci_get_word(pdev->config + pdev->exp.exp_cap + PCI_EXP_DEVCTL);
    if (devctl & PCI_EXP_DEVCTL_RELAX_EN) {
        if (!s->stat_strict_relaxed_ordering) {
            cbdma_strict_event(s, "DMA with Relaxed Ordering enabled (logged "
                               "once)");
        }
        s->stat_strict_relaxed_ordering++;
    }
}

static void cbdma_doorbell(CbdmaChan *ch, uint16_t val)
{
    cbdma_check_ro(ch->s);
    ch->dmacount = val;
    if (ch->state != ST_ARMED && ch->state != ST_ACTIVE &&
        ch->state != ST_IDLE) {
        return;     /* SUSPENDED, HALTED: stored, nothing runs */
    }
    if (ch->state == ST_IDLE && ch->count != ch->dmacount) {
        ch->state = ST_ACTIVE;
    }
    cbdma_run(ch, ch->s->inline_descs);
}

static void cbdma_command(CbdmaChan *ch, uint8_t cmd)
{
    CbdmaState *s = ch->s;

    /*
     * strict: ABORT and RESUME are ignored rather than CHANCMD errors: an
     * error halt stops the channel, which is all ABORT asks, and would hide
     * a driver relying on them. Ignored, they leave the channel running
     * (ABORT) or SUSPENDED (RESUME), as silicon that does not act on them.
     */
    if (s->strict && (cmd == CHANCMD_ABORT || cmd == CHANCMD_RESUME)) {
        s->stat_strict_cmds_ignored++;
        cbdma_strict_event(s, "channel %u: %s ignored (no reference driver "
                           "issues it)", ch->idx,
                           cmd == CHANCMD_ABORT ? "ABORT" : "RESUME");
        return;
    }
    switch (cmd) {
    case 0:
        break;
    case CHANCMD_SUSPEND:
        /* a hung channel never finishes its descriptor: no effect */
        if ((ch->state == ST_ARMED || ch->state == ST_ACTIVE ||
             ch->state == ST_IDLE) && !ch->hung) {
            cbdma_stop(ch);
            ch->state = ST_SUSPENDED;
            if (!s->strict) {
                cbdma_write_completion(ch);
            } else {
                cbdma_strict_note(s, "no completion word on suspend",
                                  ch->idx);
            }
        }
        break;
    case CHANCMD_RESUME:
        if (ch->state != ST_SUSPENDED) {
            break;
        }
        if (ch->have_last) {
            /* the last completed descriptor's next may have been relinked */
            uint64_t next;

            if (ldq_le_pci_dma(PCI_DEVICE(s), ch->last + 24, &next,
                               MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
                cbdma_error(ch, ERR_NEXT_ADDR, ch->last + 24);
                break;
            }
            ch->fetch = next;
            ch->cdar = next;
            ch->state = ch->count == ch->dmacount ? ST_IDLE : ST_ACTIVE;
        } else {
            ch->state = ST_ARMED;
        }
        cbdma_run(ch, s->inline_descs);
        break;
    case CHANCMD_ABORT:
        if (ch->state != ST_HALTED) {
            cbdma_stop(ch);
            ch->state = ST_HALTED;
            if (!s->strict) {
                cbdma_write_completion(ch);
            }
        }
        break;
    case CHANCMD_RESET:
        if (s->strict && (ch->state == ST_ACTIVE || ch->state == ST_IDLE)) {
            s->stat_strict_resets_running++;
            cbdma_strict_event(s, "channel %u reset while running (not "
                               "suspended first)", ch->idx);
        }
        cbdma_chan_reset(ch, true);
        if (s->pers->msix_clobber && msix_present(PCI_DEVICE(s))) {
            /* BWD/BDX-DE: entry 0 comes out masked and zeroed */
            uint8_t *e = PCI_DEVICE(s)->msix_table;

            memset(e, 0, PCI_MSIX_ENTRY_SIZE);
            pci_set_long(e + PCI_MSIX_ENTRY_VECTOR_CTRL,
                         PCI_MSIX_ENTRY_CTRL_MASKBIT);
        }
        cbdma_update_intx(s);
        break;
    default:
        cbdma_error(ch, ERR_CHANCMD, ch->cdar);
        break;
    }
}

/* MMIO */

static uint64_t cbdma_half(uint64_t reg, hwaddr off, unsigned size)
{
    if (size == 8) {
        return reg;
    }
    return off & 4 ? reg >> 32 : (uint32_t)reg;
}

static void cbdma_set_half(uint64_t *reg, hwaddr off, unsigned size,
                           uint64_t val)
{
    if (size == 8) {
        *reg = val;
    } else if (off & 4) {
        *reg = deposit64(*reg, 32, 32, val);
    } else {
        *reg = deposit64(*reg, 0, 32, val);
    }
}

/* A 64-bit register at base: accessed as 64 bits at base or 32 at +0/+4. */
static bool cbdma_is64(hwaddr off, unsigned size, hwaddr base)
{
    return (size == 8 && off == base) ||
           (size == 4 && (off == base || off == base + 4));
}

/*
 * cmd-us: carry out the waiting command once its time has come. Called by
 * the timer and before every access to the channel's registers, so a
 * guest polling CHANSTS or CHANCMD sees the command done as soon as its
 * time has passed, however late the main loop runs the timer.
 */
static void cbdma_cmd_settle(CbdmaChan *ch)
{
    uint8_t cmd = ch->cmd_pending;

    if (!cmd || qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) <
        timer_expire_time_ns(&ch->cmd_timer)) {
        return;
    }
    timer_del(&ch->cmd_timer);
    ch->cmd_pending = 0;
    cbdma_command(ch, cmd);
}

static void cbdma_cmd_timer(void *opaque)
{
    CbdmaChan *ch = opaque;
    uint8_t cmd = ch->cmd_pending;

    ch->cmd_pending = 0;
    if (cmd && !ch->s->gone) {
        cbdma_command(ch, cmd);
    }
}

/* A CHANCMD write: at once, or cmd-us later (see the header). */
static void cbdma_chancmd_write(CbdmaChan *ch, uint8_t cmd)
{
    CbdmaState *s = ch->s;
    uint8_t timed = CHANCMD_SUSPEND | CHANCMD_ABORT | CHANCMD_RESUME |
                    CHANCMD_RESET;

    if (!s->cmd_us || !(cmd & timed)) {
        cbdma_command(ch, cmd);
        return;
    }
    if (ch->cmd_pending) {
        cbdma_strict_event(s, "channel %u: CHANCMD 0x%x written while 0x%x "
                           "still waits (replaced)", ch->idx, cmd,
                           ch->cmd_pending);
    }
    s->stat_cmds_delayed++;
    cbdma_strict_note(s, "command waited cmd-us", ch->idx);
    ch->cmd_pending = cmd;
    timer_mod(&ch->cmd_timer,
              qemu_clock_get_us(QEMU_CLOCK_VIRTUAL) + s->cmd_us);
}

static uint64_t cbdma_chan_read(CbdmaChan *ch, hwaddr off, unsigned size)
{
    cbdma_cmd_settle(ch);
    if (off == C_CHANCTRL && size == 2) {
        /* INT_REARM reads 1 while the channel is armed */
        uint16_t val = (ch->chanctrl & ~CHANCTRL_INT_REARM) |
                       (ch->int_armed ? CHANCTRL_INT_REARM : 0);

        /* strict: the read is the IN_USE semaphore's test-and-set */
        if (ch->s->strict) {
            ch->chanctrl |= CHANCTRL_IN_USE;
        }
        return val;
    }
    if (off == C_DMA_COMP && size == 2) {
        return DMA_COMP_V2;
    }
    if (off == C_CHANCMD && size == 1) {
        return ch->cmd_pending; /* 0 unless cmd-us delays one */
    }
    if (off == C_DMACOUNT && size == 2) {
        return ch->dmacount;
    }
    if (cbdma_is64(off, size, C_CHANSTS)) {
        return cbdma_half(cbdma_chansts(ch), off, size);
    }
    if (cbdma_is64(off, size, C_CHAINADDR)) {
        return cbdma_half(ch->chainaddr, off, size);
    }
    if (cbdma_is64(off, size, C_CHANCMP)) {
        return cbdma_half(ch->chancmp, off, size);
    }
    if (cbdma_is64(off, size, C_CDAR)) {
        return cbdma_half(ch->cdar, off, size);
    }
    if (off == C_CHANERR && size == 4) {
        return ch->chanerr;
    }
    if (off == C_CHANERR_MASK && size == 4) {
        return ch->chanerr_mask;
    }
    if (off == C_DCACTRL && size == 4) {
        return ch->dcactrl;
    }
    if (ch->s->pers->v34) {
        if (off == C_DRSCTL && size == 2) {
            return ch->drsctl;
        }
        if (off == C_LTR_SWSEL && size == 1) {
            return ch->ltr_swsel;
        }
        if (off == C_LTR_ACTIVE && size == 4) {
            return ch->ltr_active;
        }
        if (off == C_LTR_IDLE && size == 4) {
            return ch->ltr_idle;
        }
    }
    qemu_log_mask(LOG_GUEST_ERROR, "cbdma: channel %u: read of %u bytes at "
                  "0x%" HWADDR_PRIx " returns 0\n", ch->idx, size, off);
    return 0;
}

static void cbdma_chan_write(CbdmaChan *ch, hwaddr off, uint64_t val,
                             unsigned size)
{
    cbdma_cmd_settle(ch);
    if (off == C_CHANCTRL && size == 2) {
        ch->chanctrl = val & CHANCTRL_DEFINED;
        if (val & CHANCTRL_INT_REARM) {
            ch->int_armed = true;
            cbdma_try_signal(ch);
        }
    } else if (off == C_CHANCMD && size == 1) {
        cbdma_chancmd_write(ch, val);
    } else if (off == C_DMACOUNT && size == 2) {
        cbdma_doorbell(ch, val);
    } else if (cbdma_is64(off, size, C_CHAINADDR)) {
        cbdma_set_half(&ch->chainaddr, off, size, val);
        if (size == 8 || (off & 4)) {
            cbdma_load_chain(ch);
        }
    } else if (cbdma_is64(off, size, C_CHANCMP)) {
        cbdma_set_half(&ch->chancmp, off, size, val);
    } else if (off == C_CHANERR && size == 4) {
        ch->chanerr &= ~val;
    } else if (off == C_CHANERR_MASK && size == 4) {
        ch->chanerr_mask = val & ERR_ALL;
    } else if (off == C_DCACTRL && size == 4) {
        ch->dcactrl = val;
    } else if (ch->s->pers->v34 && off == C_DRSCTL && size == 2) {
        ch->drsctl = val;
    } else if (ch->s->pers->v34 && off == C_LTR_SWSEL && size == 1) {
        ch->ltr_swsel = val & 1;
    } else if (ch->s->pers->v34 && off == C_LTR_ACTIVE && size == 4) {
        ch->ltr_active = val;
    } else if (ch->s->pers->v34 && off == C_LTR_IDLE && size == 4) {
        ch->ltr_idle = val;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: channel %u: write of %u "
                      "bytes at 0x%" HWADDR_PRIx " ignored\n", ch->idx, size,
                      off);
    }
}

static uint8_t cbdma_intrctrl(CbdmaState *s)
{
    uint8_t v = s->intrctrl;

    if (s->attnstatus) {
        v |= INTRCTRL_INT_STATUS;
        if (s->intrctrl & INTRCTRL_MASTER_INT_EN) {
            v |= INTRCTRL_INT;
        }
    }
    return v;
}

static CbdmaChan *cbdma_chan_of(CbdmaState *s, hwaddr addr)
{
    unsigned n = addr / CHAN_STRIDE;

    /* 3.4: the one channel's block reaches past 0x80 bytes */
    if (s->pers->v34 && addr < CHAN_STRIDE + C_V34_END) {
        return &s->chan[0];
    }
    if (n < 1 || n > s->channels) {
        return NULL;
    }
    return &s->chan[n - 1];
}

static uint64_t cbdma_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    CbdmaState *s = opaque;
    CbdmaChan *ch;
    uint64_t v;

    if (s->gone) {
        /* Nothing answers: PCIe completes the read with all ones. */
        return MAKE_64BIT_MASK(0, size * 8);
    }
    if (addr >= CHAN_STRIDE) {
        ch = cbdma_chan_of(s, addr);
        if (!ch) {
            qemu_log_mask(LOG_GUEST_ERROR, "cbdma: read of %u bytes at 0x%"
                          HWADDR_PRIx " (no channel) returns 0\n", size,
                          addr);
            return 0;
        }
        return cbdma_chan_read(ch, addr - CHAN_STRIDE * (ch->idx + 1), size);
    }
    switch (addr | (uint64_t)size << 32) {
    case R_CHANCNT | 1ULL << 32:
        return s->channels;
    case R_XFERCAP | 1ULL << 32:
        return s->xfercap;
    case R_GENCTRL | 1ULL << 32:
        return s->genctrl;
    case R_INTRCTRL | 1ULL << 32:
        return cbdma_intrctrl(s);
    case R_ATTNSTATUS | 4ULL << 32:
        v = s->attnstatus;
        s->attnstatus = 0;
        cbdma_update_intx(s);
        return v;
    case R_VER | 1ULL << 32:
        return s->pers->ver;
    case R_PERPORTOFFSET | 2ULL << 32:
        return CHAN_STRIDE;
    case R_INTRDELAY | 2ULL << 32:
        return s->intrdelay | INTRDELAY_COALESCE;
    case R_DEVICE_STATUS | 2ULL << 32:
    case R_DMACAP | 4ULL << 32:
    case R_DCAOFFSET | 2ULL << 32:
        return 0;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "cbdma: read of %u bytes at 0x%"
                  HWADDR_PRIx " returns 0\n", size, addr);
    return 0;
}

static void cbdma_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    CbdmaState *s = opaque;
    CbdmaChan *ch;
    unsigned i;

    if (s->gone) {
        return;
    }
    if (s->log) {
        if (addr == R_TEST_MARK && size == 4) {
            fprintf(s->log, "mark %" PRIu64 "\n", val);
            fflush(s->log);
            return;
        }
        if (addr == R_TEST_FAULT && size == 4) {
            fprintf(s->log, "fault src-read %" PRIu64 "\n", val);
            s->fault_chan = 0;
            s->fault_src_read = val;
            return;
        }
        if (addr == R_TEST_DELAY && size == 4) {
            fprintf(s->log, "delay-us %" PRIu64 "\n", val);
            s->delay_us = val;
            return;
        }
        fprintf(s->log, "w 0x%03" HWADDR_PRIx " %u 0x%" PRIx64 "\n", addr,
                size, val);
    }
    if (addr >= CHAN_STRIDE) {
        ch = cbdma_chan_of(s, addr);
        if (ch) {
            cbdma_chan_write(ch, addr - CHAN_STRIDE * (ch->idx + 1), val,
                             size);
        }
        return;
    }
    if (addr == R_GENCTRL && size == 1) {
        s->genctrl = val & 1;
    } else if (addr == R_INTRCTRL && size == 1) {
        s->wb_pending = false;
        s->intrctrl = val & (INTRCTRL_MASTER_INT_EN | INTRCTRL_MSIX_VC);
        cbdma_update_intx(s);
        for (i = 0; i < s->channels; i++) {
            cbdma_try_signal(&s->chan[i]);
        }
    } else if (addr == R_INTRDELAY && size == 2) {
        s->intrdelay = val & INTRDELAY_MASK;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: write of %u bytes at 0x%"
                      HWADDR_PRIx " ignored\n", size, addr);
    }
}

static const MemoryRegionOps cbdma_mmio_ops = {
    .read = cbdma_mmio_read,
    .write = cbdma_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
};

/* Device */

/* Every register to its reset value; config space is the PCI core's. */
static void cbdma_regs_reset(CbdmaState *s)
{
    unsigned i;

    for (i = 0; i < CBDMA_MAX_CHANNELS; i++) {
        cbdma_chan_reset(&s->chan[i], false);
    }
    s->chanerr_int = 0;
    s->wb_pending = false;
    s->genctrl = 0;
    s->intrctrl = 0;
    s->attnstatus = 0;
    s->intrdelay = 0;
    s->gone = false;
    pci_set_irq(PCI_DEVICE(s), 0);
}

/*
 * Device reset (system, secondary bus, FLR): the registers, and Device
 * Control's error reporting enables, which the guest restores with its
 * saved config space.
 */
static void cbdma_reset(DeviceState *dev)
{
    CbdmaState *s = CBDMA(dev);

    cbdma_regs_reset(s);
    if (s->aer) {
        pcie_cap_deverr_reset(PCI_DEVICE(s));
    }
}

static void cbdma_realize(PCIDevice *pdev, Error **errp)
{
    CbdmaState *s = CBDMA(pdev);
    uint8_t *conf = pdev->config;
    unsigned i;

    s->pers = NULL;
    for (i = 0; i < ARRAY_SIZE(cbdma_personalities); i++) {
        if (!strcmp(s->personality ?: "test", cbdma_personalities[i].name)) {
            s->pers = &cbdma_personalities[i];
        }
    }
    if (!s->pers) {
        error_setg(errp, "cbdma: personality must be test, bdx, skx, bwd, "
                   "bdxde or icx");
        return;
    }
    if (s->pers->silicon) {
        if (s->intel_id) {
            error_setg(errp, "cbdma: intel-id is for personality=test only");
            return;
        }
        s->channels = 1;    /* one channel per function, as silicon */
    }
    if (s->channels < 1 || s->channels > CBDMA_MAX_CHANNELS) {
        error_setg(errp, "cbdma: channels must be 1..%d", CBDMA_MAX_CHANNELS);
        return;
    }
    if (!s->addr_bits) {
        s->addr_bits = s->pers->addr_bits;
    }
    if (s->addr_bits < 32 || s->addr_bits > 64) {
        error_setg(errp, "cbdma: addr-bits must be 32..64");
        return;
    }
    if (s->cmd_us == CBDMA_CMD_US_DEFAULT) {
        s->cmd_us = s->strict ? CBDMA_STRICT_CMD_US : 0;
    }
    if (s->cmd_us > CBDMA_CMD_US_MAX) {
        error_setg(errp, "cbdma: cmd-us must be 0..%u", CBDMA_CMD_US_MAX);
        return;
    }
    if (s->inline_descs < 1 || s->inline_descs > CBDMA_RUN_BUDGET_DESCS) {
        error_setg(errp, "cbdma: inline-descs must be 1..%u",
                   CBDMA_RUN_BUDGET_DESCS);
        return;
    }
    if (s->xfercap < 12 || s->xfercap > 31) {
        error_setg(errp, "cbdma: xfercap must be 12..31");
        return;
    }
    if (s->pers->silicon) {
        pci_config_set_vendor_id(conf, s->pers->vendor);
        pci_config_set_device_id(conf, s->pers->device);
        pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, s->pers->vendor);
    } else if (s->intel_id) {
        pci_config_set_vendor_id(conf, CBDMA_INTEL_VENDOR_ID);
        pci_config_set_device_id(conf, CBDMA_INTEL_DEVICE_ID);
        pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, CBDMA_INTEL_VENDOR_ID);
    } else {
        pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, CBDMA_VENDOR_ID);
    }
    pci_set_word(conf + PCI_SUBSYSTEM_ID, CBDMA_DEVICE_ID);
    pci_config_set_interrupt_pin(conf, 1);

    memory_region_init(&s->bar, OBJECT(s), "cbdma-bar0", CBDMA_MMIO_SIZE);
    memory_region_init_io(&s->regs, OBJECT(s), &cbdma_mmio_ops, s,
                          "cbdma-regs", CBDMA_MMIO_SIZE);
    /* below the MSI-X table and PBA, which msix_init() maps at priority 0 */
    memory_region_add_subregion_overlap(&s->bar, 0, &s->regs, -1);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar);

    if (pcie_endpoint_cap_init(pdev, 0) < 0) {
        error_setg(errp, "cbdma: PCI Express capability failed");
        return;
    }
    if (s->flr) {
        pcie_cap_flr_init(pdev);
    }
    if (s->aer) {
        /* Device Control's error reporting enables, writable */
        pcie_cap_deverr_init(pdev);
        if (pcie_aer_init(pdev, PCI_ERR_VER, CBDMA_AER_OFFSET,
                          PCI_ERR_SIZEOF, errp) < 0) {
            return;
        }
    }
    if (s->pers->silicon) {
        /* Relaxed Ordering: enabled out of reset, as PCIe specifies */
        pci_word_test_and_set_mask(pdev->wmask + pdev->exp.exp_cap +
                                   PCI_EXP_DEVCTL, PCI_EXP_DEVCTL_RELAX_EN);
        pci_word_test_and_set_mask(pdev->config + pdev->exp.exp_cap +
                                   PCI_EXP_DEVCTL, PCI_EXP_DEVCTL_RELAX_EN);
    }
    if (msix_init(pdev, s->channels, &s->bar, 0, s->pers->msix_table,
                  &s->bar, 0, s->pers->msix_pba, 0, errp) < 0) {
        return;
    }
    for (i = 0; i < s->channels; i++) {
        msix_vector_use(pdev, i);
    }
    if (msi_init(pdev, 0, 1, true, false, errp) < 0) {
        msix_uninit(pdev, &s->bar, &s->bar);
        return;
    }

    if (s->mmio_log && *s->mmio_log) {
        s->log = fopen(s->mmio_log, "a");
        if (!s->log) {
            error_setg_errno(errp, errno, "cbdma: cannot open %s",
                             s->mmio_log);
            return;
        }
        /* line by line: what a shutdown writes survives QEMU's exit */
        setvbuf(s->log, NULL, _IOLBF, 0);
    }
    s->buf = g_malloc(CBDMA_COPY_CHUNK);
    for (i = 0; i < CBDMA_MAX_CHANNELS; i++) {
        CbdmaChan *ch = &s->chan[i];

        ch->s = s;
        ch->idx = i;
        ch->bh = qemu_bh_new(cbdma_bh, ch);
        timer_init_us(&ch->delay_timer, QEMU_CLOCK_VIRTUAL,
                      cbdma_delay_timer, ch);
        timer_init_us(&ch->coalesce_timer, QEMU_CLOCK_VIRTUAL,
                      cbdma_coalesce_timer, ch);
        timer_init_us(&ch->cmd_timer, QEMU_CLOCK_VIRTUAL,
                      cbdma_cmd_timer, ch);
    }
    cbdma_reset(DEVICE(s));
}

static void cbdma_exit(PCIDevice *pdev)
{
    CbdmaState *s = CBDMA(pdev);
    unsigned i;

    for (i = 0; i < CBDMA_MAX_CHANNELS; i++) {
        CbdmaChan *ch = &s->chan[i];

        if (ch->bh) {
            qemu_bh_delete(ch->bh);
            ch->bh = NULL;
            timer_del(&ch->delay_timer);
            timer_del(&ch->coalesce_timer);
            timer_del(&ch->cmd_timer);
        }
    }
    msi_uninit(pdev);
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &s->bar, &s->bar);
    if (s->aer) {
        pcie_aer_exit(pdev);
    }
    g_free(s->buf);
    s->buf = NULL;
    if (s->log) {
        fclose(s->log);
        s->log = NULL;
    }
}

/* Config space: the mmio-log, and CHANERR_INT (RW1C) on silicon < 3.3. */
static uint32_t cbdma_config_read(PCIDevice *pdev, uint32_t addr, int len)
{
    CbdmaState *s = CBDMA(pdev);

    if (addr == CFG_CHANERR_INT && len == 4) {
        return s->chanerr_int;
    }
    return pci_default_read_config(pdev, addr, len);
}

static void cbdma_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                               int len)
{
    CbdmaState *s = CBDMA(pdev);

    if (s->log && (addr >= 0x40 || addr == PCI_COMMAND)) {
        fprintf(s->log, "c 0x%03x %d 0x%x\n", addr, len, val);
    }
    if (addr == CFG_CHANERR_INT && len == 4) {
        s->chanerr_int &= ~val;
        return;
    }
    pci_default_write_config(pdev, addr, val, len);
    if (s->flr) {
        pcie_cap_flr_write_config(pdev, addr, val, len);
    }
}

static bool cbdma_get_gone(Object *obj, Error **errp)
{
    return CBDMA(obj)->gone;
}

/*
 * gone=true: the device leaves the bus (surprise removal, link down). The
 * way back, gone=false, is a link that comes up again, which resets what is
 * behind it: every register returns to its reset value.
 */
static void cbdma_set_gone(Object *obj, bool value, Error **errp)
{
    CbdmaState *s = CBDMA(obj);

    if (s->gone && !value) {
        s->gone = false;
        cbdma_regs_reset(s);
        return;
    }
    s->gone = value;
}

static void cbdma_instance_init(Object *obj)
{
    CbdmaState *s = CBDMA(obj);

    object_property_add_bool(obj, "gone", cbdma_get_gone, cbdma_set_gone);
    /* Settable on -device and at run time (qom-set): see the header. */
    object_property_add_uint32_ptr(obj, "delay-us", &s->delay_us,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-chan", &s->fault_chan,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-src-read",
                                   &s->fault_src_read,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-dst-write",
                                   &s->fault_dst_write,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-next-addr",
                                   &s->fault_next_addr,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-hang", &s->fault_hang,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-drop-irq",
                                   &s->fault_drop_irq,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-spurious-irq",
                                   &s->fault_spurious_irq,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "fault-bad-completion",
                                   &s->fault_bad_completion,
                                   OBJ_PROP_FLAG_READWRITE);
    /* Statistics, all channels together */
    object_property_add_uint64_ptr(obj, "stat-descriptors", &s->stat_descs,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-bytes", &s->stat_bytes,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-interrupts", &s->stat_irqs,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-errors", &s->stat_errors,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-faults", &s->stat_faults,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-strict-resets-running",
                                   &s->stat_strict_resets_running,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-strict-relaxed-ordering",
                                   &s->stat_strict_relaxed_ordering,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-strict-no-writeback",
                                   &s->stat_strict_no_writeback,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-strict-cmds-ignored",
                                   &s->stat_strict_cmds_ignored,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-strict-events-dropped",
                                   &s->stat_strict_events_dropped,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-strict-addr-faults",
                                   &s->stat_strict_addr_faults,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-cmds-delayed",
                                   &s->stat_cmds_delayed, OBJ_PROP_FLAG_READ);
}

static Property cbdma_properties[] = {
    DEFINE_PROP_UINT8("channels", CbdmaState, channels, 4),
    DEFINE_PROP_UINT8("xfercap", CbdmaState, xfercap, 20),
    DEFINE_PROP_BOOL("intel-id", CbdmaState, intel_id, false),
    DEFINE_PROP_STRING("personality", CbdmaState, personality),
    DEFINE_PROP_BOOL("strict", CbdmaState, strict, false),
    DEFINE_PROP_STRING("mmio-log", CbdmaState, mmio_log),
    DEFINE_PROP_BOOL("flr", CbdmaState, flr, false),
    DEFINE_PROP_BOOL("aer", CbdmaState, aer, true),
    DEFINE_PROP_UINT8("addr-bits", CbdmaState, addr_bits, 0),
    DEFINE_PROP_UINT32("cmd-us", CbdmaState, cmd_us, CBDMA_CMD_US_DEFAULT),
    DEFINE_PROP_UINT32("inline-descs", CbdmaState, inline_descs,
                       CBDMA_RUN_BUDGET_DESCS),
    DEFINE_PROP_END_OF_LIST(),
};

static const VMStateDescription cbdma_vmstate = {
    .name = "cbdma",
    .unmigratable = 1,
};

static void cbdma_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = cbdma_realize;
    k->exit = cbdma_exit;
    k->config_read = cbdma_config_read;
    k->config_write = cbdma_config_write;
    k->vendor_id = CBDMA_VENDOR_ID;
    k->device_id = CBDMA_DEVICE_ID;
    k->revision = 0;
    k->class_id = CBDMA_CLASS;
    dc->desc = "NetDMA cbdma memory-to-memory DMA controller (I/OAT 3.3)";
    dc->reset = cbdma_reset;
    dc->vmsd = &cbdma_vmstate;
    device_class_set_props(dc, cbdma_properties);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo cbdma_info = {
    .name = TYPE_CBDMA,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(CbdmaState),
    .instance_init = cbdma_instance_init,
    .class_init = cbdma_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void cbdma_register_types(void)
{
    type_register_static(&cbdma_info);
}

type_init(cbdma_register_types)
