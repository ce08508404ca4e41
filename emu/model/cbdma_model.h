/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel model of the cbdma controller for UML KUnit.
 *
 * The model is "hardware": it implements Documentation/cbdma-hw.rst behind a
 * logic_iomem MMIO window and an irq_sim interrupt per channel, and knows
 * nothing of dmaengine or netdma. A driver test creates a model, hands its
 * MMIO resource and interrupts to the driver (e.g. as platform device
 * resources) and asserts on the model's counters and on memory.
 */
#ifndef _CBDMA_MODEL_H
#define _CBDMA_MODEL_H

#include <linux/ioport.h>
#include <linux/types.h>

#include "../../drivers/dma/cbdma/cbdma_hw.h"

struct kunit;
struct cbdma_model;

/**
 * enum cbdma_model_exec - when the model executes descriptors
 * @CBDMA_MODEL_EXEC_SYNC: inside the MMIO write that rings the doorbell
 *	(DMACOUNT or CHANCMD RESUME); the work is done when writel() returns.
 * @CBDMA_MODEL_EXEC_WORK: from a work item queued by the doorbell, one
 *	descriptor at a time, so the driver sees a channel that is busy.
 */
enum cbdma_model_exec {
	CBDMA_MODEL_EXEC_SYNC,
	CBDMA_MODEL_EXEC_WORK,
};

/**
 * enum cbdma_model_personality - which device the model presents
 * @CBDMA_MODEL_TEST: the contract's device (Documentation/cbdma-hw.rst): our
 *	PCI ID, VER 3.3, @channels channels in one function.
 * @CBDMA_MODEL_BDX: Intel Broadwell-EP CBDMA, 8086:6f20, VER 3.2, one
 *	channel; in strict mode an error also latches CHANERR_INT (config
 *	0x180), and no chain loads while it is set.
 * @CBDMA_MODEL_SKX: Intel Skylake-SP, 8086:2021, VER 3.3 (ioatdma runs it as
 *	3.2), one channel; CHANERR_INT as @CBDMA_MODEL_BDX.
 * @CBDMA_MODEL_BWD: Intel Atom C2000, 8086:0c50, VER 3.3, one channel;
 *	MSI-X table at BAR 0 + 0x1000, PBA at + 0x1800, and RESET clobbers
 *	MSI-X entry 0 (zeroed and masked: its interrupts stay pending).
 * @CBDMA_MODEL_BDXDE: Intel Xeon D-1500, 8086:6f50: the silicon of
 *	@CBDMA_MODEL_BWD.
 * @CBDMA_MODEL_ICX: Intel Ice Lake-SP, 8086:0b00, VER 3.4, one channel, with
 *	the 3.4 channel registers (DRSCTL, LTR) stored; DMACAP without DPS.
 * @CBDMA_MODEL_JSF: Intel Xeon 5500 (Jasper Forest), 8086:3710, VER 3.2,
 *	one channel, 40 address bits; CHANERR_INT as @CBDMA_MODEL_BDX.
 * @CBDMA_MODEL_NR_PERSONALITIES: the number of personalities.
 *
 * The same personalities as the QEMU model's personality= property (JSF:
 * the in-kernel model's only), so that KUnit probes the driver on each.
 */
enum cbdma_model_personality {
	CBDMA_MODEL_TEST,
	CBDMA_MODEL_BDX,
	CBDMA_MODEL_SKX,
	CBDMA_MODEL_BWD,
	CBDMA_MODEL_BDXDE,
	CBDMA_MODEL_ICX,
	CBDMA_MODEL_JSF,
	CBDMA_MODEL_NR_PERSONALITIES
};

/**
 * struct cbdma_model_config - what the model presents
 * @personality: the device presented, see &enum cbdma_model_personality.
 *	Silicon personalities have one channel (@channels must be 0 or 1).
 * @channels: number of channels, 1..CBDMA_MAX_CHANNELS (0: the maximum).
 * @xfercap_log: XFERCAP, log2 of the largest transfer, 12..31 (0: 20).
 * @exec: when descriptors run, see &enum cbdma_model_exec.
 * @no_copy: complete descriptors (with every check and writeback) without
 *	moving data, to measure driver overhead.
 * @strict: behave as pessimistic silicon where the contract leaves room
 *	(Documentation/cbdma-hw.rst, "Strict mode"): RESET keeps CHANERR, a
 *	NULL descriptor of size 0 halts with LENGTH, a RESET that finds
 *	the channel ACTIVE or IDLE (not suspended first) is counted, a read
 *	of CHANCTRL sets IN_USE (the silicon's semaphore), ABORT and
 *	RESUME are ignored and counted, an error halt or a suspend
 *	writes no completion word (CHANSTS has the status), and an
 *	interrupt event while the channel is disarmed is dropped, not
 *	latched, and an address beyond the address width faults (see
 *	cbdma_model_set_addr_bits()).
 * @no_coalesce: INTRDELAY reads without COALESCE_SUPPORT; writes to it are
 *	counted and ignored.
 * @cmd_us: SUSPEND, RESUME, ABORT and RESET take effect this many
 *	microseconds after the CHANCMD write (0: within it), as on silicon:
 *	until then CHANCMD reads the command back, CHANSTS shows the state
 *	from before it and the engine runs on; a command written meanwhile
 *	replaces it. The QEMU model's cmd-us property; at most
 *	%CBDMA_MODEL_CMD_US_MAX.
 */
struct cbdma_model_config {
	enum cbdma_model_personality personality;
	unsigned int channels;
	unsigned int xfercap_log;
	enum cbdma_model_exec exec;
	bool no_copy;
	bool strict;
	bool no_coalesce;
	unsigned int cmd_us;
};

/**
 * enum cbdma_model_fault - injectable faults
 *
 * A fault applies to one descriptor (see cbdma_model_inject()). A check the
 * device makes anyway (control, length, address ranges) fails first; a
 * read or write error on a NULL descriptor, which moves no data, is
 * consumed without effect.
 *
 * @CBDMA_FAULT_SRC_READ: the source read fails: CHANERR.READ_DATA, halt.
 * @CBDMA_FAULT_DST_WRITE: the destination write fails: CHANERR.WRITE_DATA,
 *	halt.
 * @CBDMA_FAULT_NEXT_ADDR: the descriptor's address is unusable when it is
 *	fetched: CHANERR.NEXT_ADDR, halt.
 * @CBDMA_FAULT_HANG: the channel stops making progress at the descriptor,
 *	without error, until ABORT or RESET.
 * @CBDMA_FAULT_DROP_IRQ: the next interrupt from that point on is lost
 *	(ATTNSTATUS is set and the channel disarmed, no vector fires).
 * @CBDMA_FAULT_SPURIOUS_IRQ: the channel's vector fires before the
 *	descriptor runs, with nothing new to report.
 * @CBDMA_FAULT_BAD_COMPLETION: the next completion word written to memory
 *	carries %CBDMA_MODEL_BAD_COMPLETION_ADDR instead of the descriptor's
 *	address (CHANSTS keeps the true value).
 * @CBDMA_FAULT_LATE_COMPLETION: the channel waits at the descriptor until
 *	the next CHANCTRL write that re-arms it. That write is posted: it
 *	takes effect at the next MMIO read of the device (a read flushes
 *	posted writes, as on PCIe) or %CBDMA_MODEL_POSTED_NS later, and the
 *	waiting descriptor (with what follows) completes just before: a
 *	completion that lands after a handler read the completion word and
 *	before its re-arm reached the device.
 */
enum cbdma_model_fault {
	CBDMA_FAULT_SRC_READ,
	CBDMA_FAULT_DST_WRITE,
	CBDMA_FAULT_NEXT_ADDR,
	CBDMA_FAULT_HANG,
	CBDMA_FAULT_DROP_IRQ,
	CBDMA_FAULT_SPURIOUS_IRQ,
	CBDMA_FAULT_BAD_COMPLETION,
	CBDMA_FAULT_LATE_COMPLETION,
};

/* Config space of the Intel personalities (ioat/registers.h) */
#define CBDMA_MODEL_CFG_ID		0x000
#define CBDMA_MODEL_CFG_DMAUNCERRSTS	0x148
#define CBDMA_MODEL_CFG_CHANERR_INT	0x180

/* MSI-X entry as the model stores it: address, data, vector control */
#define CBDMA_MODEL_MSIX_ENTRY_SIZE	16
#define CBDMA_MODEL_MSIX_CTRL		12
#define CBDMA_MODEL_MSIX_MASKBIT	BIT(0)

/* Resources of one instance: the MMIO window, then one IRQ per channel */
#define CBDMA_MODEL_MAX_RESOURCES	(1 + CBDMA_MAX_CHANNELS)

/* The longest &cbdma_model_config.cmd_us, as the QEMU model's cmd-us */
#define CBDMA_MODEL_CMD_US_MAX		1000000

/* How long a CBDMA_FAULT_LATE_COMPLETION re-arm stays posted at most */
#define CBDMA_MODEL_POSTED_NS		(5 * NSEC_PER_MSEC)

/* Address that a CBDMA_FAULT_BAD_COMPLETION completion word points at */
#define CBDMA_MODEL_BAD_COMPLETION_ADDR	0xffffffffffff0000ULL

/**
 * struct cbdma_model_counters - what one channel did since creation
 * @descs: descriptors completed (NULL ones included).
 * @bytes: bytes copied (0 in no_copy mode).
 * @completion_writes: completion words written to memory.
 * @irqs: interrupt vectors fired (spurious ones included).
 * @irqs_dropped: interrupts lost to %CBDMA_FAULT_DROP_IRQ.
 * @irqs_spurious: vectors fired by %CBDMA_FAULT_SPURIOUS_IRQ.
 * @errors: times the channel halted on an error (CHANERR set).
 * @doorbells: DMACOUNT writes.
 * @resets: CHANCMD RESET commands.
 * @resets_running: RESET commands that found the channel ACTIVE or IDLE
 *	(strict mode): the references SUSPEND first.
 * @cmds_ignored: ABORT and RESUME commands ignored (strict mode): no
 *	reference driver issues them, so silicon is not trusted to act on
 *	them.
 * @events_dropped: interrupt events dropped because the channel was
 *	disarmed (strict mode).
 * @loads_refused: CHAINADDR loads refused because CHANERR_INT was latched
 *	(strict mode, personalities with CHANERR_INT).
 * @addr_faults: addresses beyond the address width that faulted (strict
 *	mode): descriptor, source, destination or completion address.
 * @cmds_delayed: commands that took &cbdma_model_config.cmd_us to take
 *	effect.
 * @cmds_replaced: commands written while one was still waiting.
 * @exec_ns: CPU time spent executing descriptors inside doorbell writes
 *	(synchronous mode), counted only while cbdma_model_set_timed() is on.
 */
struct cbdma_model_counters {
	u64 descs;
	u64 bytes;
	u64 completion_writes;
	u64 irqs;
	u64 irqs_dropped;
	u64 irqs_spurious;
	u64 errors;
	u64 doorbells;
	u64 resets;
	u64 resets_running;
	u64 cmds_ignored;
	u64 events_dropped;
	u64 loads_refused;
	u64 addr_faults;
	u64 cmds_delayed;
	u64 cmds_replaced;
	u64 exec_ns;
};

struct cbdma_model *cbdma_model_create(const struct cbdma_model_config *cfg);
void cbdma_model_destroy(struct cbdma_model *model);
struct cbdma_model *kunit_cbdma_model_create(struct kunit *test,
					     const struct cbdma_model_config *cfg);

const struct resource *cbdma_model_resource(struct cbdma_model *model);
int cbdma_model_irq(struct cbdma_model *model, unsigned int chan);
int cbdma_model_resources(struct cbdma_model *model, struct resource *res,
			  unsigned int nres);

int cbdma_model_inject(struct cbdma_model *model, unsigned int chan,
		       enum cbdma_model_fault fault, unsigned int after);
int cbdma_model_set_delay(struct cbdma_model *model, unsigned int chan,
			  unsigned int delay_us);
int cbdma_model_stall(struct cbdma_model *model, unsigned int chan, bool stall);
int cbdma_model_hold_cmds(struct cbdma_model *model, unsigned int chan,
			  bool hold);
void cbdma_model_set_no_copy(struct cbdma_model *model, bool no_copy);
void cbdma_model_set_timed(struct cbdma_model *model, bool timed);
void cbdma_model_set_gone(struct cbdma_model *model, bool gone);
void cbdma_model_flush(struct cbdma_model *model);
int cbdma_model_hold_irq(struct cbdma_model *model, unsigned int vector,
			 bool hold);

void cbdma_model_pci_id(struct cbdma_model *model, u16 *vendor, u16 *device);
u8 cbdma_model_addr_bits(struct cbdma_model *model);
int cbdma_model_set_addr_bits(struct cbdma_model *model, unsigned int bits);
u32 cbdma_model_config_read(struct cbdma_model *model, unsigned int where);
void cbdma_model_config_write(struct cbdma_model *model, unsigned int where,
			      u32 val);
void cbdma_model_msix_layout(struct cbdma_model *model, u32 *table, u32 *pba);
bool cbdma_model_msix_masked(struct cbdma_model *model, unsigned int vector);
void cbdma_model_function_reset(struct cbdma_model *model);
int cbdma_model_agent_claim(struct cbdma_model *model, unsigned int chan);
int cbdma_model_reset_fault(struct cbdma_model *model, unsigned int chan,
			    u32 chanerr);

int cbdma_model_counters(struct cbdma_model *model, unsigned int chan,
			 struct cbdma_model_counters *out);
u64 cbdma_model_mmio_count(struct cbdma_model *model, unsigned int offset,
			   bool write);

#endif /* _CBDMA_MODEL_H */
