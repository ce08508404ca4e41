/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the model's register file (cbdma_model.c) and its
 * descriptor engine (cbdma_model_exec.c).
 */
#ifndef _CBDMA_MODEL_PRIV_H
#define _CBDMA_MODEL_PRIV_H

#include <linux/hrtimer.h>
#include <linux/netdma.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../../drivers/dma/cbdma/cbdma_hw.h"
#include "cbdma_model.h"

/* Registers below this offset are counted per offset for tests */
#define CBDMA_MODEL_REG_SPAN	CBDMA_CHAN_BASE(CBDMA_MAX_CHANNELS)

/**
 * struct cbdma_model_pers - what a personality presents
 * @vendor: PCI vendor ID.
 * @device: PCI device ID.
 * @ver: VER register.
 * @silicon: one channel per function (Intel silicon).
 * @chanerr_int: an error latches CHANERR_INT in config space (strict).
 * @msix_clobber: RESET zeroes and masks MSI-X entry 0.
 * @v34: the 3.4 channel registers (DRSCTL, LTR) exist.
 * @msix_table: offset of the MSI-X table in BAR 0.
 * @msix_pba: offset of the Pending Bit Array in BAR 0.
 * @addr_bits: address width.
 */
struct cbdma_model_pers {
	u16 vendor;
	u16 device;
	u8 ver;
	bool silicon;
	bool chanerr_int;
	bool msix_clobber;
	bool v34;
	u32 msix_table;
	u32 msix_pba;
	u8 addr_bits;
};

/**
 * struct cbdma_model_chan - one channel's registers and engine state
 * @model: the device.
 * @index: channel number.
 * @chanctrl: CHANCTRL as written (INT_REARM is reported from @armed); in
 *	strict mode a read sets IN_USE, and RESET keeps IN_USE.
 * @dmacount: DMACOUNT as written by the driver.
 * @count: the internal count of descriptors completed since CHAINADDR.
 * @chainaddr: CHAINADDR register.
 * @chancmp: CHANCMP register, the completion word's bus address.
 * @cdar: CDAR, the descriptor being (or to be) fetched.
 * @chanerr: CHANERR (write 1 to clear).
 * @chanerr_mask: CHANERR_MASK (storage only).
 * @dcactrl: DCACTRL (storage only).
 * @status: the status field of CHANSTS.
 * @last: bus address of the last completed descriptor, 0 if none.
 * @next: bus address of the next descriptor to fetch.
 * @chain_head: @next is the CHAINADDR value, not yet fetched.
 * @armed: an interrupt may be signalled (set by CHANCTRL.INT_REARM).
 * @int_pending: an interrupt event waits for @armed (or @coalescing).
 * @coalescing: an INTRDELAY window is open; @coalesce closes it.
 * @coalesce: ends the INTRDELAY window.
 * @hung: %CBDMA_FAULT_HANG hit; no progress until ABORT or RESET.
 * @late: %CBDMA_FAULT_LATE_COMPLETION hit; the channel waits for the next
 *	re-arming CHANCTRL write.
 * @arm_posted: that write came and is still posted (@posted ends it).
 * @posted: takes a posted re-arm in if no MMIO read has by then.
 * @stalled: cbdma_model_stall(): nothing is fetched until it is cleared.
 * @cmds_held: cbdma_model_hold_cmds(): commands wait in @held_cmd.
 * @held_cmd: the last command written while @cmds_held, or waiting for
 *	@cmd_due, 0 if none; CHANCMD reads it back until it is carried out.
 * @cmd_due: when @held_cmd takes effect (&cbdma_model_config.cmd_us).
 * @cmd_timer: carries @held_cmd out at @cmd_due if no access has before.
 * @fault: the armed fault, valid while @fault_armed.
 * @fault_armed: a fault waits for its descriptor.
 * @fault_after: descriptors still to reach before @fault applies.
 * @drop_irq: the next interrupt is lost.
 * @bad_completion: the next completion word is corrupted.
 * @delay_us: slow device: delay after each descriptor.
 * @reset_chanerr: cbdma_model_reset_fault(): CHANERR after every RESET.
 * @drsctl: DRSCTL (3.4, storage only).
 * @ltr_swsel: LTR_SWSEL (3.4, storage only).
 * @ltr_active: LTR_ACTIVE (3.4, storage only).
 * @ltr_idle: LTR_IDLE (3.4, storage only).
 * @work: runs descriptors in %CBDMA_MODEL_EXEC_WORK mode.
 * @cnt: counters for tests.
 */
struct cbdma_model_chan {
	struct cbdma_model *model;
	unsigned int index;
	u16 chanctrl;
	u16 dmacount;
	u16 count;
	u64 chainaddr;
	u64 chancmp;
	u64 cdar;
	u32 chanerr;
	u32 chanerr_mask;
	u32 dcactrl;
	enum netdma_xfer_status status;
	u64 last;
	u64 next;
	bool chain_head;
	bool armed;
	bool int_pending;
	bool coalescing;
	struct hrtimer coalesce;
	bool hung;
	bool late;
	bool arm_posted;
	struct hrtimer posted;
	bool stalled;
	bool cmds_held;
	u8 held_cmd;
	ktime_t cmd_due;
	struct hrtimer cmd_timer;
	enum cbdma_model_fault fault;
	bool fault_armed;
	unsigned int fault_after;
	bool drop_irq;
	bool bad_completion;
	unsigned int delay_us;
	u32 reset_chanerr;
	u16 drsctl;
	u8 ltr_swsel;
	u32 ltr_active;
	u32 ltr_idle;
	struct work_struct work;
	struct cbdma_model_counters cnt;
};

/**
 * struct cbdma_model - one model instance
 * @cfg: the configuration it was created with (defaults filled in).
 * @pers: what its personality presents.
 * @addr_bits: address width (strict mode faults beyond it).
 * @chanerr_int: config space CHANERR_INT (write 1 to clear).
 * @dmauncerrsts: config space DMAUNCERRSTS (write 1 to clear; storage).
 * @msix: the MSI-X table, one entry of four dwords per channel.
 * @msix_pending: the Pending Bit Array: vectors signalled while masked.
 * @prefetch_limit: the prefetch limit register (storage only).
 * @lock: protects every register and channel; taken with interrupts off
 *	because drivers access MMIO from any context.
 * @res: the MMIO window (one per instance, see cbdma_model.c).
 * @slot: index of @res among the windows.
 * @domain: irq_sim domain, one interrupt per channel.
 * @fwnode: @domain's name.
 * @virq: Linux interrupt number of each channel's vector.
 * @raise: vectors to fire once @lock is dropped.
 * @held: vectors whose messages are held in transit (cbdma_model_hold_irq()).
 * @in_transit: held vectors that were fired and wait for their release.
 * @dying: destroy has begun; work items stop.
 * @timed: count the CPU time of synchronous execution (exec_ns).
 * @gone: off the bus: MMIO reads all ones, no execution, no interrupts.
 * @intrctrl: INTRCTRL writable bits.
 * @attnstatus: ATTNSTATUS (clear on read).
 * @genctrl: GENCTRL.
 * @intrdelay: INTRDELAY delay field, microseconds.
 * @ram_start: lowest bus address the device may access.
 * @ram_end: end (exclusive) of what the device may access.
 * @mmio_reads: reads per register offset below %CBDMA_MODEL_REG_SPAN.
 * @mmio_writes: writes per register offset below %CBDMA_MODEL_REG_SPAN.
 * @chan: the channels.
 */
struct cbdma_model {
	struct cbdma_model_config cfg;
	const struct cbdma_model_pers *pers;
	u8 addr_bits;
	u32 chanerr_int;
	u32 dmauncerrsts;
	u32 msix[CBDMA_MAX_CHANNELS][CBDMA_MODEL_MSIX_ENTRY_SIZE / 4];
	unsigned long msix_pending;
	u8 prefetch_limit;
	spinlock_t *lock;		/* lives in the MMIO window */
	struct resource *res;
	unsigned int slot;
	struct irq_domain *domain;
	struct fwnode_handle *fwnode;
	int virq[CBDMA_MAX_CHANNELS];
	unsigned long raise;
	unsigned long held;
	unsigned long in_transit;
	bool dying;
	bool timed;
	bool gone;
	u8 intrctrl;
	u32 attnstatus;
	u8 genctrl;
	u16 intrdelay;
	u64 ram_start;
	u64 ram_end;
	u64 mmio_reads[CBDMA_MODEL_REG_SPAN];
	u64 mmio_writes[CBDMA_MODEL_REG_SPAN];
	struct cbdma_model_chan chan[CBDMA_MAX_CHANNELS];
};

/* cbdma_model_exec.c, all called with model->lock held */
void cbdma_model_chan_reset(struct cbdma_model_chan *ch);
void cbdma_model_write_chanctrl(struct cbdma_model_chan *ch, u16 val);
void cbdma_model_write_dmacount(struct cbdma_model_chan *ch, u16 val);
void cbdma_model_write_chainaddr(struct cbdma_model_chan *ch);
void cbdma_model_write_chancmd(struct cbdma_model_chan *ch, u8 cmd);
void cbdma_model_run_chancmd(struct cbdma_model_chan *ch, u8 cmd);
void cbdma_model_settle_cmd(struct cbdma_model_chan *ch);
void cbdma_model_kick(struct cbdma_model_chan *ch);
void cbdma_model_deliver_all(struct cbdma_model *model);
void cbdma_model_flush_posted(struct cbdma_model *model);
u64 cbdma_model_chansts(const struct cbdma_model_chan *ch);
bool cbdma_model_addr_ok(struct cbdma_model_chan *ch, u64 addr, u64 len);
void cbdma_model_raise(struct cbdma_model *model, unsigned int vector);

/* cbdma_model_exec.c, called without model->lock */
void cbdma_model_fire(struct cbdma_model *model);
void cbdma_model_chan_work(struct work_struct *work);
enum hrtimer_restart cbdma_model_coalesce_end(struct hrtimer *timer);
enum hrtimer_restart cbdma_model_posted_end(struct hrtimer *timer);
enum hrtimer_restart cbdma_model_cmd_end(struct hrtimer *timer);

#endif /* _CBDMA_MODEL_PRIV_H */
