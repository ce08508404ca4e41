/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbdma driver internals shared by its files: the core (core.c), the
 * interrupt and recovery path (irq.c), the probe self-test (selftest.c),
 * debugfs (debugfs.c) and the bus glue (pci.c, platform.c).
 *
 * The driver is a NetDMA provider: the netdma shim owns the rings, the
 * completion words and the cookies; this driver owns the registers, the
 * interrupts and the recovery of a halted or hung channel.
 */
#ifndef _CBDMA_H
#define _CBDMA_H

#include <linux/io.h>
#include <linux/netdma.h>
#include <linux/spinlock.h>
#include <linux/kconfig.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "cbdma_hw.h"

struct dentry;
struct device;
struct seq_file;

/*
 * Quirks of Intel CBDMA silicon (intel.c), in &struct cbdma_intel_id.flags
 * and &struct cbdma_dev.quirks.
 *
 * CHANERR_INT: clear the config-space copy of CHANERR (0x180) before RESET.
 * UNCERR_PARITY: clear DMAUNCERRSTS' parity bit before RESET (TBG0).
 * MSIX_RESTORE: RESET clobbers MSI-X entry 0 and the PBA: save and restore.
 * NO_RAID: DMACAP's XOR/PQ are not to be trusted (never used by cbdma).
 * V34_REGS: 3.4 LTR registers to program per channel.
 * ONE_CHAN: one channel per PCI function.
 * NO_ABORT_RESUME: never write ABORT or RESUME, which no reference driver
 *	issues: abort is a suspend and a reset, resume a reset after which
 *	the shim restarts the chain at its first unfinished descriptor.
 */
#define CBDMA_INTEL_CHANERR_INT		BIT(0)
#define CBDMA_INTEL_UNCERR_PARITY	BIT(1)
#define CBDMA_INTEL_MSIX_RESTORE	BIT(2)
#define CBDMA_INTEL_NO_RAID		BIT(3)
#define CBDMA_INTEL_V34_REGS		BIT(4)
#define CBDMA_INTEL_ONE_CHAN		BIT(5)
#define CBDMA_INTEL_NO_ABORT_RESUME	BIT(6)

/**
 * struct cbdma_intel_id - one Intel CBDMA function in the quirk table
 * @device: PCI device ID (vendor 0x8086).
 * @family: silicon family, for the log and the documentation.
 * @ver: the VER register the silicon reads.
 * @ver_override: the version to run it as, 0 for @ver (ioatdma runs SKX,
 *	which reads 3.3, as 3.2).
 * @addr_bits: DMA address width.
 * @flags: CBDMA_INTEL_* quirks.
 */
struct cbdma_intel_id {
	u16 device;
	const char *family;
	u8 ver;
	u8 ver_override;
	u8 addr_bits;
	u32 flags;
};

/**
 * struct cbdma_chan_stats - what one channel did, for debugfs and tests
 * @irqs: hard interrupts handled for the channel.
 * @starts: chains loaded (start callback).
 * @appends: appends (doorbells after the first).
 * @descs: descriptors handed to the hardware.
 * @errors: error halts reported to the shim (CHANERR set).
 * @hangs: hangs found by the watchdog (no progress with work pending).
 * @lost_irqs: interrupts the watchdog found lost (channel disarmed on two
 *	passes in a row, no interrupt handled in between).
 * @resets: channel resets (reset callback, allocation, free).
 * @aborts: abort callbacks.
 * @suspends: suspend callbacks.
 */
struct cbdma_chan_stats {
	unsigned long irqs;
	unsigned long starts;
	unsigned long appends;
	unsigned long descs;
	unsigned long errors;
	unsigned long hangs;
	unsigned long lost_irqs;
	unsigned long resets;
	unsigned long aborts;
	unsigned long suspends;
};

/**
 * struct cbdma_chan - one hardware channel
 * @cd: the device.
 * @regs: the channel's register block.
 * @hw_index: hardware channel number (register block, ATTNSTATUS bit).
 * @index: channel number offered to the shim (channels failing the
 *	self-test are left out, so this may be lower than @hw_index).
 * @usable: passed the probe self-test.
 * @claimed: this driver holds the channel's CHANCTRL.IN_USE semaphore
 *	(cbdma_chan_claim()); every CHANCTRL write keeps the bit set until
 *	cbdma_chan_release(). Written at probe, reinit, remove and shutdown
 *	only, when no handler, watchdog or allocation uses the channel.
 *	While quiesced (cbdma_quiesce() to cbdma_reinit()) the semaphore
 *	itself is given back, and cbdma_reinit() claims it again by a read.
 * @taken: after a function reset or a wake, another agent held IN_USE
 *	when cbdma_reinit() re-claimed the channel: it is left out from then
 *	on (no register of it is touched; the shim's callbacks get -EBUSY).
 *	Written by cbdma_reinit() only, under @lock, with the device
 *	quiesced (no watchdog, INTRCTRL 0, the shim holding work back);
 *	read with READ_ONCE (the handler, the callbacks).
 * @chanctrl: shadow of the last value written to CHANCTRL. A read of
 *	CHANCTRL sets IN_USE on silicon, so only the claim reads it; debugfs
 *	shows this copy. Written with WRITE_ONCE by each CHANCTRL writer
 *	(program and watchdog under @lock, the handler's re-arm without it:
 *	they all write the same run value), read with READ_ONCE.
 * @irq: Linux interrupt of the channel's own vector, 0 in shared mode.
 * @irq_name: its name in /proc/interrupts.
 * @irq_cpu: CPU the channel's interrupt targets.
 * @home_cpu: CPU the shim's affinity table gave it; restored on free.
 * @lock: protects the fields below against the watchdog and the error
 *	path of the interrupt handler; nests inside the shim's channel lock.
 * @handle: the shim's channel while allocated, else NULL. The hard
 *	interrupt reads it without the lock; free_channel clears it and then
 *	waits for running handlers.
 * @completion: the shim's completion writeback word.
 * @completion_dma: its bus address (CHANCMP).
 * @running: a chain is loaded and has not been aborted or reset.
 * @err_reported: the current halt was reported to the shim; cleared when
 *	the shim resets, aborts or restarts the channel.
 * @suspend_req: the shim paused the channel (SUSPEND written, no RESUME
 *	since); a channel found SUSPENDED without it is resumed by the
 *	watchdog.
 * @dmacount: software copy of DMACOUNT, so append reads no register.
 * @last_chanerr: CHANERR of the last error halt.
 * @seen_word: the completion word as the interrupt handler (or the
 *	watchdog's recovery) last read it. Written by them with WRITE_ONCE,
 *	read by the watchdog with READ_ONCE.
 * @wd_chansts: CHANSTS at the previous watchdog pass.
 * @wd_descs: @stats.descs at that pass.
 * @wd_unseen: the previous watchdog pass found a completion word the
 *	handler had not read.
 * @wd_irqs: @stats.irqs at that pass.
 * @stats: counters. @stats.descs is written by start and append only
 *	(under the shim's channel lock, WRITE_ONCE) and read by the watchdog
 *	(READ_ONCE); @stats.irqs likewise by the handler and the watchdog.
 */
struct cbdma_chan {
	struct cbdma_dev *cd;
	void __iomem *regs;
	unsigned int hw_index;
	unsigned int index;
	bool usable;
	bool claimed;
	bool taken;
	u16 chanctrl;
	int irq;
	const char *irq_name;
	unsigned int irq_cpu;
	unsigned int home_cpu;

	spinlock_t lock;	/* channel state vs. watchdog and error path */
	struct netdma_channel *handle;
	__le64 *completion;
	dma_addr_t completion_dma;
	bool running;
	bool err_reported;
	bool suspend_req;
	u16 dmacount;
	u32 last_chanerr;
	u64 seen_word;
	u64 wd_chansts;
	unsigned long wd_descs;
	bool wd_unseen;
	unsigned long wd_irqs;
	struct cbdma_chan_stats stats;
};

struct cbdma_dev;

/**
 * struct cbdma_intel_fn - what the reset quirks of an Intel function reach
 * @cfg_read: read a dword of the function's config space.
 * @cfg_write: write one.
 * @ctx: their argument (PCI: the pci_dev).
 * @msix_table: the MSI-X table, mapped in BAR 0, or NULL when it lies
 *	elsewhere (or MSI-X is off): then nothing is saved or restored.
 * @msix_pba: the Pending Bit Array likewise.
 * @lock: protects the fields below; taken inside a channel's lock, with
 *	interrupts off.
 * @resetting: channel resets between pre_reset and post_reset. The first
 *	saves the MSI-X state, the last restores it, so that two channels
 *	resetting at once never restore what the other's RESET clobbered.
 * @saved_entry: MSI-X entry 0 (address, data and control) as saved.
 * @saved_pba: the first 64 pending bits as saved.
 *
 * Set up by the bus glue (pci.c; platform.c for a function behind a
 * platform device, e.g. KUnit's model) at probe, before any channel runs;
 * the callbacks and pointers are read-only after that.
 */
struct cbdma_intel_fn {
	u32 (*cfg_read)(void *ctx, unsigned int where);
	void (*cfg_write)(void *ctx, unsigned int where, u32 val);
	void *ctx;
	void __iomem *msix_table;
	void __iomem *msix_pba;
	spinlock_t lock;	/* the MSI-X save/restore */
	unsigned int resetting;
	u64 saved_entry[2];
	u64 saved_pba;
};

/**
 * struct cbdma_platform_data - a PCI function behind a platform device
 * @vendor: its PCI vendor ID (0: none, the platform device is ours).
 * @device: its PCI device ID.
 * @cfg_read: its config space, as &struct cbdma_intel_fn.
 * @cfg_write: likewise.
 * @ctx: their argument.
 * @msix_table: offset of its MSI-X table in the register window, 0 if none.
 * @msix_pba: offset of its Pending Bit Array, 0 if none.
 *
 * For a bridge or test rig that presents a CBDMA PCI function as a
 * platform device (KUnit presents the in-kernel model's Intel
 * personalities so). An Intel ID is then admitted and quirked exactly as
 * on the PCI bus (intel.c).
 */
struct cbdma_platform_data {
	u16 vendor;
	u16 device;
	u32 (*cfg_read)(void *ctx, unsigned int where);
	void (*cfg_write)(void *ctx, unsigned int where, u32 val);
	void *ctx;
	u32 msix_table;
	u32 msix_pba;
};

/**
 * struct cbdma_bus_ops - what the bus glue adds to a channel reset
 * @pre_reset: after CHANERR is cleared, before RESET is written (PCI:
 *	clear CHANERR_INT, save the MSI-X state RESET clobbers).
 * @post_reset: after RESET completed or timed out (PCI: restore it).
 *
 * Both may run with a channel's spinlock held: they must not sleep.
 */
struct cbdma_bus_ops {
	void (*pre_reset)(struct cbdma_dev *cd);
	void (*post_reset)(struct cbdma_dev *cd);
};

/**
 * struct cbdma_dev - one controller
 * @dev: the device doing the DMA (PCI function or platform device).
 * @regs: BAR 0 / the "reg" window.
 * @mmio_len: its length; channels whose register block lies beyond it are
 *	not used.
 * @name: name for logs, interrupts and the NetDMA friendly name.
 * @vendor_id: PCI vendor ID reported to NetDMA (ours on the platform bus).
 * @intel: the quirk table's entry of an admitted Intel function, else NULL.
 * @quirks: CBDMA_INTEL_* flags in force (0 but for Intel silicon). Written
 *	at probe before any channel runs, read-only after.
 * @ver: VER register.
 * @hw_chancnt: channels the hardware has (CHANCNT).
 * @xfercap_log: log2 of the largest transfer (XFERCAP).
 * @nr_chans: channels offered to the shim (passed the self-test).
 * @irqs: interrupts from the bus glue: one per channel, or @irqs[0] shared.
 * @nr_irqs: entries in @irqs.
 * @per_chan_irq: each channel signals its own vector (MSI-X mode).
 * @irqs_requested: the handlers are installed.
 * @intr_delay_us: INTRDELAY programmed at probe (coalescing window).
 * @coalesce: INTRDELAY reads COALESCE_SUPPORT; without it INTRDELAY is
 *	never written.
 * @bus_ops: the bus glue's reset hooks, or NULL.
 * @bus_priv: the bus glue's state for them.
 * @watchdog_ms: watchdog period, 0 for none.
 * @cmd_atomic_us: how long a command is waited for in atomic context.
 * @watchdog: the watchdog work.
 * @watchdog_on: the watchdog may re-arm itself.
 * @prov: the NetDMA provider handle.
 * @started: netdma_provider_start() succeeded.
 * @released: cbdma_quiesce() gave every channel's IN_USE back; CHANCTRL
 *	writes carry no IN_USE until cbdma_reinit() has claimed the channels
 *	again. Written by those two (process context, the device quiesced),
 *	read with READ_ONCE by every CHANCTRL writer (cbdma_chan_write_ctrl()).
 * @gone: the registers read all ones: the device left the bus.
 * @gone_work: stops the provider once @gone is found.
 * @shared_irqs: shared-mode interrupts handled.
 * @debugfs: the device's debugfs directory.
 * @chans: channels by hardware number.
 * @by_index: usable channels by shim index.
 */
struct cbdma_dev {
	struct device *dev;
	void __iomem *regs;
	resource_size_t mmio_len;
	const char *name;
	u32 vendor_id;
	const struct cbdma_intel_id *intel;
	u32 quirks;
	u8 ver;
	unsigned int hw_chancnt;
	unsigned int xfercap_log;
	unsigned int nr_chans;
	int irqs[CBDMA_MAX_CHANNELS];
	unsigned int nr_irqs;
	bool per_chan_irq;
	bool irqs_requested;
	unsigned int intr_delay_us;
	bool coalesce;
	const struct cbdma_bus_ops *bus_ops;
	void *bus_priv;
	unsigned int watchdog_ms;
	unsigned int cmd_atomic_us;
	struct delayed_work watchdog;
	bool watchdog_on;
	struct netdma_provider *prov;
	bool started;
	bool released;
	bool gone;
	struct work_struct gone_work;
	unsigned long shared_irqs;
	struct dentry *debugfs;
	struct cbdma_chan chans[CBDMA_MAX_CHANNELS];
	struct cbdma_chan *by_index[CBDMA_MAX_CHANNELS];
};

/* Module parameters (core.c), read at probe. */
extern unsigned int cbdma_intr_delay_us;
extern unsigned int cbdma_watchdog_ms;
extern unsigned int cbdma_cmd_atomic_us;

/* intel.c */
extern bool cbdma_intel_silicon;
const struct cbdma_intel_id *cbdma_intel_ids_table(unsigned int *count);
const struct cbdma_intel_id *cbdma_intel_lookup(u16 device);
int cbdma_intel_admit(struct device *dev, u16 vendor, u16 device,
		      bool opted_in, const struct cbdma_intel_id **id);
int cbdma_intel_apply(struct cbdma_dev *cd);
void __iomem *cbdma_intel_msix_ptr(struct cbdma_dev *cd, u32 off,
				   unsigned int len);
void cbdma_intel_fn_init(struct cbdma_dev *cd, struct cbdma_intel_fn *fn);

/**
 * cbdma_chan_write_ctrl() - write CHANCTRL, keeping the channel's claim
 * @chan: the channel
 * @val: CBDMA_CHANCTRL_* bits; IN_USE is added while the channel is claimed
 *	and the claim not given back for a quiesce
 *
 * A write of IN_USE = 0 releases the semaphore on silicon, so every write
 * of a claimed channel carries it. Records the value in @chan->chanctrl.
 */
static inline void cbdma_chan_write_ctrl(struct cbdma_chan *chan, u16 val)
{
	if (chan->claimed && !READ_ONCE(chan->cd->released))
		val |= CBDMA_CHANCTRL_CHANNEL_IN_USE;
	WRITE_ONCE(chan->chanctrl, val);
	writew(val, chan->regs + CBDMA_CHANCTRL);
}

/* core.c */
int cbdma_identify(struct cbdma_dev *cd);
int cbdma_chan_claim(struct cbdma_chan *chan);
void cbdma_chan_release(struct cbdma_chan *chan);
int cbdma_probe_common(struct cbdma_dev *cd);
void cbdma_remove_common(struct cbdma_dev *cd);
int cbdma_chan_hw_reset(struct cbdma_chan *chan, bool may_sleep);
void cbdma_chan_program(struct cbdma_chan *chan);
void cbdma_hw_enable(struct cbdma_dev *cd);
int cbdma_pm_suspend(struct device *dev);
int cbdma_pm_resume(struct device *dev);
int cbdma_quiesce(struct cbdma_dev *cd);
int cbdma_reinit(struct cbdma_dev *cd);
void cbdma_unquiesce(struct cbdma_dev *cd);
void cbdma_gone_work(struct work_struct *work);
void cbdma_shutdown_common(struct cbdma_dev *cd);
extern const struct dev_pm_ops cbdma_pm_ops;

/* irq.c */
int cbdma_request_irqs(struct cbdma_dev *cd);
void cbdma_free_irqs(struct cbdma_dev *cd);
bool cbdma_chan_check_error_locked(struct cbdma_chan *chan);
void cbdma_watchdog_work(struct work_struct *work);
void cbdma_watchdog_start(struct cbdma_dev *cd);
void cbdma_watchdog_stop(struct cbdma_dev *cd);

/* selftest.c */
int cbdma_selftest_chan(struct cbdma_chan *chan);

/* debugfs.c */
void cbdma_debugfs_register(void);
void cbdma_debugfs_unregister(void);
void cbdma_debugfs_init(struct cbdma_dev *cd);
void cbdma_debugfs_exit(struct cbdma_dev *cd);
int cbdma_debugfs_show_dev(struct seq_file *s, struct cbdma_dev *cd);
int cbdma_debugfs_show_chan(struct seq_file *s, struct cbdma_chan *chan);

/* platform.c */
extern struct platform_driver cbdma_platform_driver;

/* pci.c */
#if IS_ENABLED(CONFIG_PCI)
int cbdma_pci_register(void);
void cbdma_pci_unregister(void);
#else
static inline int cbdma_pci_register(void) { return 0; }
static inline void cbdma_pci_unregister(void) { }
#endif

#endif /* _CBDMA_H */
