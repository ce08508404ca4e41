// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma core: device bring-up shared by the PCI and platform glue, the
 * NetDMA provider callbacks, power management and the module entry points.
 *
 * Register sequences follow Documentation/cbdma-hw.rst ("Driver
 * sequences"). The provider callbacks other than alloc/free run under the
 * shim's channel spinlock with interrupts off, so
 * every wait here is a bounded atomic poll.
 *
 * CHANCTRL is read only to claim a channel (cbdma_chan_claim()): on
 * silicon the read sets IN_USE. Everything else uses chan->chanctrl.
 */
#include <linux/bitfield.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iopoll.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/pm.h>

#include "cbdma.h"
#include "trace.h"

unsigned int cbdma_intr_delay_us;
module_param_named(intr_delay_us, cbdma_intr_delay_us, uint, 0444);
MODULE_PARM_DESC(intr_delay_us,
		 "Interrupt coalescing window in microseconds (INTRDELAY, 0-16383; 0 = interrupt at once, default 0)");

unsigned int cbdma_watchdog_ms = 1000;
module_param_named(watchdog_ms, cbdma_watchdog_ms, uint, 0444);
MODULE_PARM_DESC(watchdog_ms,
		 "Recover a channel that makes no progress with work pending for this long, and find lost interrupts (ms; 0 = off, default 1000)");

/*
 * How long a RESET, SUSPEND or ABORT takes is not documented for silicon:
 * ioatdma polls up to 100 ms for a SUSPEND (ioat_quiesce) and 200 ms for a
 * RESET (ioat_reset_sync), FreeBSD's ioat(4) 20 ms in 1 ms steps, DPDK
 * waits 1 ms before it first looks. The provider callbacks (abort, resume
 * on silicon, reset, suspend) run under the shim's channel lock with
 * interrupts off, so there a command gets at most cmd_atomic_us, read at
 * probe into cbdma_dev.cmd_atomic_us; what a command still pending then
 * means is decided by each callback (the shim gives up a channel whose
 * reset did not complete). Where the caller may sleep (allocation, free,
 * probe, remove, wake, shutdown) the waits are ioatdma's.
 */
unsigned int cbdma_cmd_atomic_us = 100;
module_param_named(cmd_atomic_us, cbdma_cmd_atomic_us, uint, 0444);
MODULE_PARM_DESC(cmd_atomic_us,
		 "Busy-wait with interrupts off at most this long for a channel command in atomic context (us, 10-20000, default 100)");

#define CBDMA_CMD_ATOMIC_MIN_US	10
#define CBDMA_CMD_ATOMIC_MAX_US	20000
#define CBDMA_SUSPEND_TIMEOUT_US	100000
#define CBDMA_RESET_TIMEOUT_US	200000

static bool cbdma_sts_stopped(u64 sts)
{
	u64 status = sts & CBDMA_CHANSTS_STATUS_MASK;

	return status == NETDMA_STATUS_SUSPENDED || status == NETDMA_STATUS_HALTED;
}

/*
 * The reset sequence of the references (ioat_reset_hw, FreeBSD's
 * ioat_reset_hw): SUSPEND a channel that is ACTIVE or IDLE and wait for it
 * to stop, clear CHANERR (and where the silicon needs it CHANERR_INT in
 * config space), save what RESET clobbers, RESET and wait, restore, and
 * check that the channel came out HALTED with CHANERR clear. A SUSPEND that
 * does not take effect is not fatal (ioatdma resets anyway); a RESET that
 * does not complete is. -ENODEV at once when the device has left the bus:
 * it would never answer.
 *
 * Process context with @may_sleep; else the channel's lock is held and
 * each wait is at most cd->cmd_atomic_us.
 */
static int cbdma_chan_reset_cmd(struct cbdma_chan *chan, bool may_sleep)
{
	void __iomem *cmd_reg = chan->regs + CBDMA_CHANCMD;
	struct cbdma_dev *cd = chan->cd;
	u32 chanerr;
	u64 sts, status;
	int ret;
	u8 cmd;

	if (READ_ONCE(cd->gone))
		return -ENODEV;

	status = readq(chan->regs + CBDMA_CHANSTS) & CBDMA_CHANSTS_STATUS_MASK;
	if (status == NETDMA_STATUS_ACTIVE || status == NETDMA_STATUS_IDLE) {
		writeb(CBDMA_CHANCMD_SUSPEND, cmd_reg);
		if (may_sleep)
			ret = readq_poll_timeout(chan->regs + CBDMA_CHANSTS, sts,
						 cbdma_sts_stopped(sts), 10,
						 CBDMA_SUSPEND_TIMEOUT_US);
		else
			ret = readq_poll_timeout_atomic(chan->regs + CBDMA_CHANSTS,
							sts, cbdma_sts_stopped(sts),
							1, cd->cmd_atomic_us);
		if (ret)
			dev_dbg(cd->dev, "chan %u: SUSPEND before RESET not done, CHANSTS %#llx\n",
				chan->hw_index, sts);
	}

	chanerr = readl(chan->regs + CBDMA_CHANERR);
	if (chanerr && chanerr != U32_MAX)
		writel(chanerr, chan->regs + CBDMA_CHANERR);
	if (cd->bus_ops && cd->bus_ops->pre_reset)
		cd->bus_ops->pre_reset(cd);

	writeb(CBDMA_CHANCMD_RESET, cmd_reg);
	if (may_sleep)
		ret = readb_poll_timeout(cmd_reg, cmd, !(cmd & CBDMA_CHANCMD_RESET),
					 10, CBDMA_RESET_TIMEOUT_US);
	else
		ret = readb_poll_timeout_atomic(cmd_reg, cmd,
						!(cmd & CBDMA_CHANCMD_RESET), 1,
						cd->cmd_atomic_us);

	if (cd->bus_ops && cd->bus_ops->post_reset)
		cd->bus_ops->post_reset(cd);
	if (ret == -ETIMEDOUT && may_sleep)
		dev_err_ratelimited(cd->dev, "chan %u: reset did not complete within %u ms\n",
				    chan->hw_index, CBDMA_RESET_TIMEOUT_US / 1000);
	else if (ret == -ETIMEDOUT)
		dev_err_ratelimited(cd->dev, "chan %u: reset did not complete within %u us in atomic context (cbdma.cmd_atomic_us)\n",
				    chan->hw_index, cd->cmd_atomic_us);
	if (ret)
		return ret;

	sts = readq(chan->regs + CBDMA_CHANSTS);
	chanerr = readl(chan->regs + CBDMA_CHANERR);
	if ((sts & CBDMA_CHANSTS_STATUS_MASK) != NETDMA_STATUS_HALTED || chanerr) {
		dev_err_ratelimited(cd->dev, "chan %u: after RESET CHANSTS %#llx, CHANERR %#x: not HALTED and clear\n",
				    chan->hw_index, sts, chanerr);
		return -EIO;
	}
	/*
	 * Whether RESET keeps IN_USE is not documented: write the claim
	 * back, so that the channel stays ours either way.
	 */
	if (chan->claimed)
		cbdma_chan_write_ctrl(chan, 0);
	return 0;
}

/**
 * cbdma_chan_claim() - take the channel's CHANCTRL.IN_USE semaphore
 * @chan: the channel, used by nobody in this driver (probe, reinit)
 *
 * On silicon a read of CHANCTRL returns IN_USE and sets it: the read is a
 * test-and-set, and a write of 0 releases it. ioatdma's I/OAT 1 driver
 * refused a channel that read IN_USE (-EBUSY); DPDK's ioat driver warns
 * of it. Another driver (a user-space one through VFIO or UIO, firmware)
 * may own the channel: it is refused, not taken over.
 *
 * Context: process; the only CHANCTRL read of the driver.
 * Return: 0 with the channel claimed, -EBUSY when IN_USE was set, or
 * -ENODEV when the device does not answer.
 */
int cbdma_chan_claim(struct cbdma_chan *chan)
{
	u16 ctrl = readw(chan->regs + CBDMA_CHANCTRL);

	if (ctrl == U16_MAX)
		return -ENODEV;
	if (ctrl & CBDMA_CHANCTRL_CHANNEL_IN_USE) {
		dev_err(chan->cd->dev, "chan %u: CHANCTRL %#06x reads IN_USE: another driver or agent owns the channel; leaving it out (-EBUSY)\n",
			chan->hw_index, ctrl);
		return -EBUSY;
	}
	chan->claimed = true;
	WRITE_ONCE(chan->chanctrl, ctrl | CBDMA_CHANCTRL_CHANNEL_IN_USE);
	return 0;
}

/**
 * cbdma_chan_release() - give the IN_USE semaphore back
 * @chan: the channel, reset, with no handler, watchdog or allocation
 *
 * Writes CHANCTRL = 0 (nothing armed, IN_USE clear), so that the next
 * owner's claim succeeds. Does nothing for a channel not claimed.
 */
void cbdma_chan_release(struct cbdma_chan *chan)
{
	if (!chan->claimed)
		return;
	chan->claimed = false;
	cbdma_chan_write_ctrl(chan, 0);
}

/* Release every claimed channel of @cd (remove, shutdown, failed probe). */
static void cbdma_release_chans(struct cbdma_dev *cd)
{
	unsigned int i;

	for (i = 0; i < cd->hw_chancnt; i++)
		cbdma_chan_release(&cd->chans[i]);
}

/* The software state of a channel that was just reset (@ret: how it went). */
static void cbdma_chan_reset_state(struct cbdma_chan *chan, int ret)
{
	chan->running = false;
	chan->err_reported = false;
	chan->suspend_req = false;
	chan->dmacount = 0;
	chan->wd_chansts = 0;
	chan->wd_unseen = false;
	chan->stats.resets++;
	trace_cbdma_reset(chan->hw_index, ret);
}

/**
 * cbdma_chan_hw_reset() - reset a channel and wait for the reset to finish
 * @chan: the channel
 * @may_sleep: the caller may sleep and holds no spinlock; it also has the
 *	channel to itself (no allocation, no watchdog, no interrupt)
 *
 * Suspends a running channel first, clears CHANERR and applies the
 * silicon's reset quirks (see cbdma_chan_reset_cmd()). Returns every
 * channel register to its reset value: the channel is HALTED, disarmed,
 * with CHANERR clear and no completion address.
 *
 * Context: with @may_sleep, process; else any, the channel's lock held, and
 * it busy-waits at most cmd_atomic_us per command.
 * Return: 0, -ETIMEDOUT when CHANCMD still reads RESET, -EIO when the
 * channel is not HALTED with CHANERR clear after it, or -ENODEV when the
 * device has left the bus.
 */
int cbdma_chan_hw_reset(struct cbdma_chan *chan, bool may_sleep)
{
	int ret = cbdma_chan_reset_cmd(chan, may_sleep);

	cbdma_chan_reset_state(chan, ret);
	return ret;
}

/**
 * cbdma_chan_program() - make a reset channel ready to load a chain
 * @chan: the channel, allocated (completion address known)
 *
 * Arms the interrupt, enables error completion writes and error interrupts
 * and points CHANCMP at the shim's completion word.
 */
void cbdma_chan_program(struct cbdma_chan *chan)
{
	cbdma_chan_write_ctrl(chan, CBDMA_CHANCTRL_RUN);
	lo_hi_writeq(chan->completion_dma, chan->regs + CBDMA_CHANCMP);
}

/**
 * cbdma_hw_enable() - program the device-wide interrupt registers
 * @cd: the device
 */
void cbdma_hw_enable(struct cbdma_dev *cd)
{
	u8 ctrl = CBDMA_INTRCTRL_MASTER_INT_EN;

	if (cd->per_chan_irq)
		ctrl |= CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL;
	/* Silicon without COALESCE_SUPPORT may not take a write (ioatdma checks). */
	if (cd->coalesce)
		writew(cd->intr_delay_us, cd->regs + CBDMA_INTRDELAY);
	writeb(ctrl, cd->regs + CBDMA_INTRCTRL);
}

/* The online CPU the interrupt @irq is delivered to, or @fallback. */
static unsigned int cbdma_irq_cpu(int irq, unsigned int fallback)
{
	const struct cpumask *mask = irq_get_effective_affinity_mask(irq);
	unsigned int cpu = nr_cpu_ids;

	if (mask)
		cpu = cpumask_first_and(mask, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = fallback;
	return cpu;
}

/*
 * Point the channel's own vector at @cpu and return the CPU it targets. A
 * controller may refuse (a uniprocessor kernel always does); the vector
 * then stays where it is and that is what is reported. An accepted move is
 * reported as @cpu: x86 without interrupt remapping moves an MSI-X vector
 * only at its next interrupt, and until then the effective affinity still
 * names the old CPU.
 */
static unsigned int cbdma_chan_target_cpu(struct cbdma_chan *chan,
					  unsigned int cpu)
{
	int ret;

	if (!chan->irq)
		return cbdma_irq_cpu(chan->cd->irqs[0], cpumask_first(cpu_online_mask));
	if (cpu < nr_cpu_ids && cpu_online(cpu)) {
		ret = irq_set_affinity_and_hint(chan->irq, cpumask_of(cpu));
		if (!ret)
			return cpu;
		dev_dbg(chan->cd->dev, "chan %u: interrupt stays off CPU %u: %d\n",
			chan->hw_index, cpu, ret);
	}
	return cbdma_irq_cpu(chan->irq, cpumask_first(cpu_online_mask));
}

static int cbdma_set_channel_cpu_affinity(void *provider_ctx,
					  struct netdma_channel_cpu_affinity *table,
					  unsigned int count)
{
	struct cbdma_dev *cd = provider_ctx;
	unsigned int i;

	for (i = 0; i < count; i++) {
		struct cbdma_chan *chan;

		if (table[i].channel >= cd->nr_chans)
			return -EINVAL;
		chan = cd->by_index[table[i].channel];
		table[i].cpu = cbdma_chan_target_cpu(chan, table[i].cpu);
		chan->irq_cpu = table[i].cpu;
		chan->home_cpu = table[i].cpu;
	}
	return 0;
}

/*
 * 3.4 silicon: latency tolerance while the channel is allocated (active:
 * 0 us, idle: 600 us) and idle once it is free, as ioatdma programs it.
 */
static void cbdma_chan_ltr(struct cbdma_chan *chan, bool active)
{
	if (!(chan->cd->quirks & CBDMA_INTEL_V34_REGS))
		return;
	if (active) {
		writel(CBDMA_CHAN_LTR_ACTIVE_VAL, chan->regs + CBDMA_CHAN_LTR_ACTIVE);
		writel(CBDMA_CHAN_LTR_IDLE_VAL, chan->regs + CBDMA_CHAN_LTR_IDLE);
		writeb(CBDMA_CHAN_LTR_SWSEL_ACTIVE, chan->regs + CBDMA_CHAN_LTR_SWSEL);
	} else {
		writeb(CBDMA_CHAN_LTR_SWSEL_IDLE, chan->regs + CBDMA_CHAN_LTR_SWSEL);
	}
}

static int cbdma_alloc_channel(void *provider_ctx,
			       struct netdma_channel_params *params,
			       struct netdma_channel *handle, void **chan_ctx)
{
	struct cbdma_dev *cd = provider_ctx;
	struct cbdma_chan *chan;
	unsigned long flags;
	int ret;

	if (params->channel >= cd->nr_chans)
		return -EINVAL;
	chan = cd->by_index[params->channel];
	if (READ_ONCE(chan->taken))
		return -EBUSY;

	/*
	 * The shim proposes the CPU the client wants completions on. With a
	 * vector of its own, move the interrupt there (NetDMA's CpuNumber is
	 * the interrupt's CPU), so completion work needs no cross-CPU hop.
	 */
	if (chan->irq && params->cpu != chan->irq_cpu)
		chan->irq_cpu = cbdma_chan_target_cpu(chan, params->cpu);

	/*
	 * Reset without the lock, sleeping if it must: the handle is still
	 * NULL, so neither the watchdog nor the handler looks at the channel.
	 */
	ret = cbdma_chan_reset_cmd(chan, true);
	spin_lock_irqsave(&chan->lock, flags);
	cbdma_chan_reset_state(chan, ret);
	if (!ret) {
		/* Not on failure: the shim frees the word when alloc fails. */
		chan->completion = params->completion_virt;
		chan->completion_dma = params->completion_dma;
		WRITE_ONCE(chan->seen_word,
			   le64_to_cpu(READ_ONCE(*chan->completion)));
		cbdma_chan_program(chan);
		cbdma_chan_ltr(chan, true);
		/* The interrupt handler reads the fields above after this. */
		smp_store_release(&chan->handle, handle);
	}
	spin_unlock_irqrestore(&chan->lock, flags);
	if (ret)
		return ret;

	params->cpu = chan->irq_cpu;
	*chan_ctx = chan;
	return 0;
}

static void cbdma_free_channel(void *chan_ctx)
{
	struct cbdma_chan *chan = chan_ctx;
	struct cbdma_dev *cd = chan->cd;
	unsigned long flags;

	int ret;

	spin_lock_irqsave(&chan->lock, flags);
	WRITE_ONCE(chan->handle, NULL);
	spin_unlock_irqrestore(&chan->lock, flags);
	/*
	 * No handle: the watchdog and a later handler leave the channel
	 * alone. Another agent's channel is not ours to reset.
	 */
	if (!READ_ONCE(chan->taken)) {
		ret = cbdma_chan_reset_cmd(chan, true);
		spin_lock_irqsave(&chan->lock, flags);
		cbdma_chan_reset_state(chan, ret);
		cbdma_chan_ltr(chan, false);
		spin_unlock_irqrestore(&chan->lock, flags);
	}

	/* A handler that saw the handle is done before the word goes away. */
	synchronize_irq(chan->irq ?: cd->irqs[0]);
	chan->completion = NULL;
	chan->completion_dma = 0;
	if (chan->irq && chan->irq_cpu != chan->home_cpu)
		chan->irq_cpu = cbdma_chan_target_cpu(chan, chan->home_cpu);
}

static int cbdma_start(void *chan_ctx, struct netdma_desc *desc,
		       dma_addr_t desc_dma, unsigned int count)
{
	struct cbdma_chan *chan = chan_ctx;
	unsigned long flags;

	spin_lock_irqsave(&chan->lock, flags);
	if (chan->taken) {
		spin_unlock_irqrestore(&chan->lock, flags);
		return -EBUSY;
	}
	/* Rewritten on every start: after a power loss they are lost too. */
	cbdma_chan_program(chan);
	lo_hi_writeq(desc_dma, chan->regs + CBDMA_CHAINADDR);
	chan->dmacount = count;
	chan->running = true;
	chan->err_reported = false;
	chan->suspend_req = false;
	chan->wd_chansts = 0;
	chan->wd_unseen = false;
	chan->stats.starts++;
	WRITE_ONCE(chan->stats.descs, chan->stats.descs + count);
	trace_cbdma_start(chan->hw_index, desc_dma, count);
	writew(chan->dmacount, chan->regs + CBDMA_DMACOUNT);
	spin_unlock_irqrestore(&chan->lock, flags);
	return 0;
}

/*
 * The hot path: one MMIO write. No lock of our own: the shim never runs
 * start, append and reset of a channel at once (its doorbell lock), and
 * the watchdog and the error path never touch dmacount; the watchdog only
 * reads stats.descs (single writer: here and start, under that lock).
 */
static int cbdma_append(void *chan_ctx, struct netdma_desc *desc,
			dma_addr_t desc_dma, unsigned int count)
{
	struct cbdma_chan *chan = chan_ctx;

	chan->dmacount += count;
	chan->stats.appends++;
	WRITE_ONCE(chan->stats.descs, chan->stats.descs + count);
	trace_cbdma_append(chan->hw_index, count, chan->dmacount);
	writew(chan->dmacount, chan->regs + CBDMA_DMACOUNT);
	return 0;
}

/*
 * SUSPEND lets the current descriptor finish, which may take far longer
 * (2^XFERCAP bytes) than the callback may wait with interrupts off. A
 * SUSPEND not done by then is still a pause: the channel stops after that
 * descriptor and writes the completion word, which the shim reaps as
 * usual. Reporting a failure instead would leave the shim handing work to
 * a channel about to stop. If RESUME comes before the SUSPEND took effect
 * (RESUME does nothing on a running channel), the watchdog resumes the
 * channel it later finds SUSPENDED without suspend_req.
 */
static int cbdma_suspend(void *chan_ctx, dma_addr_t *last_desc)
{
	struct cbdma_chan *chan = chan_ctx;
	unsigned long flags;
	u64 sts;

	spin_lock_irqsave(&chan->lock, flags);
	chan->stats.suspends++;
	if (READ_ONCE(chan->cd->gone) || chan->taken) {
		spin_unlock_irqrestore(&chan->lock, flags);
		return chan->taken ? -EBUSY : -ENODEV;
	}
	chan->suspend_req = true;
	writeb(CBDMA_CHANCMD_SUSPEND, chan->regs + CBDMA_CHANCMD);
	*last_desc = 0;
	if (!readq_poll_timeout_atomic(chan->regs + CBDMA_CHANSTS, sts,
				       cbdma_sts_stopped(sts), 1,
				       chan->cd->cmd_atomic_us))
		*last_desc = sts & CBDMA_CHANSTS_ADDR_MASK;
	spin_unlock_irqrestore(&chan->lock, flags);
	return 0;
}

/*
 * Reset the channel for an abort or resume on silicon that is not trusted
 * with ABORT or RESUME (CBDMA_INTEL_NO_ABORT_RESUME): what ioatdma does
 * to stop a channel (ioat_reset_hw: SUSPEND, wait, clear CHANERR, RESET)
 * and to go on after it (__ioat_restart_chan: load the chain again at the
 * first descriptor not completed), the restart being the shim's.
 *
 * Bounded atomic waits, not a work item: the shim calls abort and resume
 * under its channel lock with interrupts off (terminate_all, pause and
 * resume from any context, quiesce), and starts the channel again as soon
 * as the callback returns; a reset deferred to process context would leave
 * a window in which the shim hands work to a channel that is still being
 * reset, which the provider contract has no state for. The cost is at
 * most cmd_atomic_us per command with interrupts off, as for the
 * reset callback; a RESET not done by then is -ETIMEDOUT, and the shim
 * gives the channel up.
 *
 * Context: the shim's channel lock and @chan->lock held.
 */
static int cbdma_chan_reset_locked(struct cbdma_chan *chan)
{
	int ret;

	if (chan->taken)
		return -EBUSY;
	ret = cbdma_chan_hw_reset(chan, false);

	if (!ret)
		cbdma_chan_program(chan);
	return ret;
}

/*
 * Where RESUME is not trusted (CBDMA_INTEL_NO_ABORT_RESUME) the channel is
 * reset instead, and NETDMA_RESUME_RESTART tells the shim to start it again
 * at its first unfinished descriptor. The completion word is exact for
 * every completed descriptor (the shim asks each one for a status write),
 * so what completed before the reset is reaped, not run twice.
 */
static int cbdma_resume(void *chan_ctx)
{
	struct cbdma_chan *chan = chan_ctx;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&chan->lock, flags);
	chan->suspend_req = false;
	if (chan->taken) {
		ret = -EBUSY;
	} else if (chan->cd->quirks & CBDMA_INTEL_NO_ABORT_RESUME) {
		ret = cbdma_chan_reset_locked(chan);
		if (!ret)
			ret = NETDMA_RESUME_RESTART;
	} else {
		writeb(CBDMA_CHANCMD_RESUME, chan->regs + CBDMA_CHANCMD);
	}
	spin_unlock_irqrestore(&chan->lock, flags);
	return ret;
}

/*
 * ABORT, then clear CHANERR: an error halt the shim has not handled yet
 * (its interrupt on its way, its report not yet processed) ends with the
 * abort, since the shim ends every transaction of the chain. Left set,
 * CHANERR makes the device refuse the next chain (cbdma-hw.rst, Errors),
 * and the watchdog would report the old CDAR against the new chain.
 *
 * A channel that does not read HALTED within cmd_atomic_us may still
 * run: -ETIMEDOUT, and the shim gives the channel up.
 *
 * Where ABORT is not trusted (CBDMA_INTEL_NO_ABORT_RESUME) the abort is a
 * reset (SUSPEND, wait, RESET: cbdma_chan_reset_locked()), which also
 * clears CHANERR and leaves the channel programmed for the next start.
 */
static int cbdma_abort(void *chan_ctx)
{
	struct cbdma_chan *chan = chan_ctx;
	unsigned long flags;
	u32 chanerr;
	int ret;
	u64 sts;

	spin_lock_irqsave(&chan->lock, flags);
	chan->stats.aborts++;
	chan->running = false;
	if (READ_ONCE(chan->cd->gone)) {
		spin_unlock_irqrestore(&chan->lock, flags);
		return -ENODEV;
	}
	if (chan->taken || (chan->cd->quirks & CBDMA_INTEL_NO_ABORT_RESUME)) {
		ret = cbdma_chan_reset_locked(chan);
		spin_unlock_irqrestore(&chan->lock, flags);
		return ret;
	}
	writeb(CBDMA_CHANCMD_ABORT, chan->regs + CBDMA_CHANCMD);
	ret = readq_poll_timeout_atomic(chan->regs + CBDMA_CHANSTS, sts,
					(sts & CBDMA_CHANSTS_STATUS_MASK) ==
					NETDMA_STATUS_HALTED, 1,
					chan->cd->cmd_atomic_us);
	if (!ret) {
		chanerr = readl(chan->regs + CBDMA_CHANERR);
		if (chanerr & CBDMA_CHANERR_ALL)
			writel(chanerr & CBDMA_CHANERR_ALL,
			       chan->regs + CBDMA_CHANERR);
		chan->err_reported = false;
		chan->suspend_req = false;
	}
	spin_unlock_irqrestore(&chan->lock, flags);
	if (ret)
		dev_err_ratelimited(chan->cd->dev, "chan %u: abort not done within %u us (cbdma.cmd_atomic_us), CHANSTS %#llx\n",
				    chan->hw_index, chan->cd->cmd_atomic_us, sts);
	return ret;
}

/* Context: the shim's channel lock held; busy-waits cmd_atomic_us at most. */
static int cbdma_reset(void *chan_ctx)
{
	struct cbdma_chan *chan = chan_ctx;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&chan->lock, flags);
	ret = cbdma_chan_reset_locked(chan);
	spin_unlock_irqrestore(&chan->lock, flags);
	return ret;
}

static const struct netdma_provider_ops cbdma_provider_ops = {
	.set_channel_cpu_affinity = cbdma_set_channel_cpu_affinity,
	.alloc_channel = cbdma_alloc_channel,
	.free_channel = cbdma_free_channel,
	.start = cbdma_start,
	.append = cbdma_append,
	.suspend = cbdma_suspend,
	.resume = cbdma_resume,
	.abort = cbdma_abort,
	.reset = cbdma_reset,
};

/**
 * cbdma_identify() - read the device's identity and set up its channels
 * @cd: the device, with @cd->dev and @cd->regs set
 *
 * Return: 0, or -ENODEV for a device this driver cannot run.
 */
int cbdma_identify(struct cbdma_dev *cd)
{
	unsigned int i, fit;

	/* The device registers and channel 0's block, before any access. */
	if (cd->mmio_len < CBDMA_CHAN_BASE(1)) {
		dev_err(cd->dev, "register window of %llu bytes holds no channel\n",
			(u64)cd->mmio_len);
		return -ENODEV;
	}
	cd->ver = readb(cd->regs + CBDMA_VER);
	cd->hw_chancnt = readb(cd->regs + CBDMA_CHANCNT) & CBDMA_CHANCNT_MASK;
	cd->xfercap_log = readb(cd->regs + CBDMA_XFERCAP) & CBDMA_XFERCAP_MASK;
	if (cd->ver == 0xff || FIELD_GET(CBDMA_VER_MAJOR_MASK, cd->ver) < 3) {
		dev_err(cd->dev, "unsupported version %#x\n", cd->ver);
		return -ENODEV;
	}
	if (!cd->hw_chancnt || cd->hw_chancnt > CBDMA_MAX_CHANNELS ||
	    cd->xfercap_log < ilog2(NETDMA_MIN_TRANSFER_SIZE)) {
		dev_err(cd->dev, "unsupported CHANCNT %u or XFERCAP %u\n",
			cd->hw_chancnt, cd->xfercap_log);
		return -ENODEV;
	}
	/* Never touch a channel block beyond the window, whatever CHANCNT says. */
	fit = min_t(resource_size_t, cd->mmio_len / CBDMA_CHAN_STRIDE - 1,
		    CBDMA_MAX_CHANNELS);
	if (cd->hw_chancnt > fit) {
		dev_warn(cd->dev, "CHANCNT %u, but the register window of %llu bytes holds %u channels: using %u\n",
			 cd->hw_chancnt, (u64)cd->mmio_len, fit, fit);
		cd->hw_chancnt = fit;
	}
	for (i = 0; i < cd->hw_chancnt; i++) {
		struct cbdma_chan *chan = &cd->chans[i];

		chan->cd = cd;
		chan->regs = cd->regs + CBDMA_CHAN_BASE(i);
		chan->hw_index = i;
		spin_lock_init(&chan->lock);
	}
	return 0;
}

/*
 * Claim and self-test every channel; offer those that pass, in hardware
 * order. A channel another agent owns is not touched beyond the claim.
 */
static int cbdma_select_channels(struct cbdma_dev *cd)
{
	unsigned int i, busy = 0;
	int ret;

	for (i = 0; i < cd->hw_chancnt; i++) {
		struct cbdma_chan *chan = &cd->chans[i];

		ret = cbdma_chan_claim(chan);
		if (ret) {
			busy += ret == -EBUSY;
			continue;
		}
		if (cbdma_selftest_chan(chan)) {
			cbdma_chan_release(chan);
			continue;
		}
		chan->usable = true;
		chan->index = cd->nr_chans;
		cd->by_index[cd->nr_chans++] = chan;
	}
	if (!cd->nr_chans) {
		dev_err(cd->dev, "no channel usable: %u owned by another agent, %u not answering or failing the self-test\n",
			busy, cd->hw_chancnt - busy);
		return busy == cd->hw_chancnt ? -EBUSY : -ENODEV;
	}
	return 0;
}

/**
 * cbdma_probe_common() - bring up a device found by the bus glue
 * @cd: the device after cbdma_identify(), with its interrupts in @cd->irqs
 *
 * Self-tests the channels, installs the interrupt handlers and registers
 * and starts the NetDMA provider with the channels that passed.
 *
 * Return: 0 or a negative errno; nothing is left registered on failure.
 */
int cbdma_probe_common(struct cbdma_dev *cd)
{
	struct netdma_provider_characteristics chars = {
		.major_version = NETDMA_VERSION_MAJOR,
		.minor_version = NETDMA_VERSION_MINOR,
		.size = sizeof(chars),
		.dev = cd->dev,
		.ops = &cbdma_provider_ops,
		.friendly_name = cd->name,
	};
	struct netdma_provider_attributes attr = {
		.size = sizeof(attr),
	};
	int ret;

	cd->coalesce = readw(cd->regs + CBDMA_INTRDELAY) &
		       CBDMA_INTRDELAY_COALESCE_SUPPORT;
	cd->intr_delay_us = min_t(unsigned int, cbdma_intr_delay_us,
				  CBDMA_INTRDELAY_MASK);
	if (!cd->coalesce && cd->intr_delay_us) {
		dev_warn(cd->dev, "no interrupt coalescing (INTRDELAY without COALESCE_SUPPORT): intr_delay_us=%u ignored\n",
			 cd->intr_delay_us);
		cd->intr_delay_us = 0;
	}
	cd->watchdog_ms = cbdma_watchdog_ms;
	cd->cmd_atomic_us = clamp(cbdma_cmd_atomic_us, CBDMA_CMD_ATOMIC_MIN_US,
				  CBDMA_CMD_ATOMIC_MAX_US);
	if (cd->cmd_atomic_us != cbdma_cmd_atomic_us)
		dev_warn(cd->dev, "cmd_atomic_us=%u out of range %u-%u: using %u\n",
			 cbdma_cmd_atomic_us, CBDMA_CMD_ATOMIC_MIN_US,
			 CBDMA_CMD_ATOMIC_MAX_US, cd->cmd_atomic_us);
	INIT_DELAYED_WORK(&cd->watchdog, cbdma_watchdog_work);
	INIT_WORK(&cd->gone_work, cbdma_gone_work);

	/* No interrupts while the self-test drives the channels. */
	writeb(0, cd->regs + CBDMA_INTRCTRL);
	ret = cbdma_select_channels(cd);
	if (ret)
		return ret;

	cd->per_chan_irq = cd->nr_irqs >= cd->hw_chancnt;
	ret = cbdma_request_irqs(cd);
	if (ret)
		goto err_release;
	cbdma_hw_enable(cd);

	if (cd->per_chan_irq)
		chars.flags |= NETDMA_PROVIDER_PER_CHANNEL_IRQ;
	chars.max_channels = cd->nr_chans;
	ret = netdma_register_provider(&chars, cd, &cd->prov);
	if (ret)
		goto err_irqs;

	attr.major_hw_version = FIELD_GET(CBDMA_VER_MAJOR_MASK, cd->ver);
	attr.minor_hw_version = FIELD_GET(CBDMA_VER_MINOR_MASK, cd->ver);
	attr.vendor_id = cd->vendor_id;
	attr.channel_count = cd->nr_chans;
	attr.max_transfer_size = BIT(cd->xfercap_log);
	attr.max_address = dma_get_mask(cd->dev);
	ret = netdma_provider_start(cd->prov, &attr);
	if (ret)
		goto err_deregister;
	cd->started = true;

	cbdma_debugfs_init(cd);
	cbdma_watchdog_start(cd);
	dev_info(cd->dev, "version %u.%u, %u of %u channels, %s interrupts, max transfer %u bytes\n",
		 attr.major_hw_version, attr.minor_hw_version, cd->nr_chans,
		 cd->hw_chancnt, cd->per_chan_irq ? "per-channel" : "shared",
		 attr.max_transfer_size);
	return 0;

err_deregister:
	netdma_deregister_provider(cd->prov);
	cd->prov = NULL;
err_irqs:
	writeb(0, cd->regs + CBDMA_INTRCTRL);
	cbdma_free_irqs(cd);
err_release:
	cbdma_release_chans(cd);
	return ret;
}

/**
 * cbdma_remove_common() - take a device down, clients may still hold channels
 * @cd: the device
 *
 * The shim's stop completes what is in flight (ABORTED after its timeout)
 * and frees every channel; clients keep dead channels until they let go.
 * Only then are the handlers freed and the provider deregistered; the
 * channels are reset and their IN_USE claims released.
 */
void cbdma_remove_common(struct cbdma_dev *cd)
{
	unsigned int i;

	cbdma_watchdog_stop(cd);
	flush_work(&cd->gone_work);
	cbdma_debugfs_exit(cd);
	if (cd->started)
		netdma_provider_stop(cd->prov);
	cd->started = false;
	writeb(0, cd->regs + CBDMA_INTRCTRL);
	cbdma_free_irqs(cd);
	netdma_deregister_provider(cd->prov);
	cd->prov = NULL;
	/* Not a channel another agent owns: it was never ours to reset. */
	for (i = 0; i < cd->hw_chancnt; i++)
		if (cd->chans[i].claimed)
			cbdma_chan_hw_reset(&cd->chans[i], true);
	cbdma_release_chans(cd);
}

/**
 * cbdma_shutdown_common() - no DMA across reboot or kexec
 * @cd: the device
 *
 * The shim holds new work back (NetDMA power down, as for system sleep),
 * interrupts go off and every channel is reset, so that nothing the old
 * kernel queued runs into the memory of the next one, and its IN_USE claim
 * released for the next kernel's driver. The bus glue then turns bus
 * mastering off.
 *
 * Context: process (the driver core's shutdown).
 */
void cbdma_shutdown_common(struct cbdma_dev *cd)
{
	unsigned long flags;
	unsigned int i;

	if (cd->started)
		cbdma_quiesce(cd);
	writeb(0, cd->regs + CBDMA_INTRCTRL);
	for (i = 0; i < cd->hw_chancnt; i++) {
		struct cbdma_chan *chan = &cd->chans[i];
		int ret;

		if (!chan->claimed)
			continue;
		ret = cbdma_chan_reset_cmd(chan, true);

		spin_lock_irqsave(&chan->lock, flags);
		cbdma_chan_reset_state(chan, ret);
		spin_unlock_irqrestore(&chan->lock, flags);
	}
	cbdma_release_chans(cd);
}

/**
 * cbdma_gone_work() - stop the provider of a device that left the bus
 * @work: the device's gone_work, queued by the watchdog
 *
 * Nothing will complete on a device that reads all ones (surprise removal,
 * link down), so the provider stops now rather than whenever the bus gets
 * round to removing the device: clients get DMA_TRANS_ABORTED for what was
 * in flight, their channels go dead and new requests find none. Remove
 * stops it again, which does nothing; rebinding brings the device back
 * once it answers.
 */
void cbdma_gone_work(struct work_struct *work)
{
	struct cbdma_dev *cd = container_of(work, struct cbdma_dev, gone_work);

	netdma_provider_stop(cd->prov);
}

static int cbdma_pnp_notify(struct cbdma_dev *cd, enum netdma_pnp_code code)
{
	const struct netdma_pnp_notification event = {
		.revision = NETDMA_PNP_NOTIFICATION_REVISION,
		.size = sizeof(event),
		.code = code,
	};

	return netdma_pnp_event_notify(cd->prov, &event);
}

/**
 * cbdma_quiesce() - stop the channels before low power or a bus reset
 * @cd: the device
 *
 * The shim waits for the engine, then suspends or aborts each channel and
 * holds new work back until cbdma_unquiesce().
 *
 * Return: 0 or the shim's error.
 */
int cbdma_quiesce(struct cbdma_dev *cd)
{
	unsigned int i;
	int ret;

	/*
	 * Give IN_USE back (CHANCTRL = 0, which also disarms): a function
	 * reset or a power loss clears it anyway, and cbdma_reinit() then
	 * claims it again by a read, which tells our claim from another
	 * agent's only if ours is not set. From here on no CHANCTRL write
	 * carries it (a handler's re-arm, a reset of the shim's quiesce);
	 * handlers still running finish before the release is written.
	 * @claimed stays: the channel is still this driver's to re-claim.
	 */
	WRITE_ONCE(cd->released, true);
	cbdma_watchdog_stop(cd);
	ret = cbdma_pnp_notify(cd, NETDMA_PNP_POWER_DOWN);
	writeb(0, cd->regs + CBDMA_INTRCTRL);
	for (i = 0; i < cd->nr_irqs; i++)
		synchronize_irq(cd->irqs[i]);
	for (i = 0; i < cd->nr_chans; i++) {
		struct cbdma_chan *chan = cd->by_index[i];

		if (!chan->claimed)
			continue;
		WRITE_ONCE(chan->chanctrl, 0);
		writew(0, chan->regs + CBDMA_CHANCTRL);
	}
	return ret;
}

/**
 * cbdma_reinit() - restore the registers after power or a bus reset lost them
 * @cd: the device, quiesced
 *
 * Claims every channel again by a read of CHANCTRL, as at probe: a
 * channel another agent claimed since cbdma_quiesce() is left out from
 * then on (logged, -EBUSY to the shim's callbacks), which does not fail
 * the reinit. The others are reset and, if allocated, programmed.
 *
 * Return: 0, or -ETIMEDOUT when a channel does not reset.
 */
int cbdma_reinit(struct cbdma_dev *cd)
{
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	/*
	 * Quiesced: no watchdog, interrupts off at INTRCTRL. Claim again by
	 * a read, as at probe: another agent may have taken a channel since
	 * cbdma_quiesce() gave IN_USE back. Every claim is read before the
	 * resets write theirs back.
	 */
	for (i = 0; i < cd->nr_chans; i++) {
		struct cbdma_chan *chan = cd->by_index[i];

		if (chan->taken || !chan->claimed)
			continue;
		chan->claimed = false;
		if (cbdma_chan_claim(chan) == -EBUSY) {
			spin_lock_irqsave(&chan->lock, flags);
			WRITE_ONCE(chan->taken, true);
			spin_unlock_irqrestore(&chan->lock, flags);
			continue;
		}
		/* Claimed, or not answering: ours; the reset says the rest. */
		chan->claimed = true;
	}
	WRITE_ONCE(cd->released, false);

	for (i = 0; i < cd->nr_chans; i++) {
		struct cbdma_chan *chan = cd->by_index[i];
		int err;

		if (chan->taken)
			continue;
		err = cbdma_chan_reset_cmd(chan, true);
		spin_lock_irqsave(&chan->lock, flags);
		cbdma_chan_reset_state(chan, err);
		if (err)
			ret = -ETIMEDOUT;
		else if (chan->handle)
			cbdma_chan_program(chan);
		spin_unlock_irqrestore(&chan->lock, flags);
	}
	cbdma_hw_enable(cd);
	return ret;
}

/**
 * cbdma_unquiesce() - let the shim restart every allocated channel
 * @cd: the device, after cbdma_reinit()
 */
void cbdma_unquiesce(struct cbdma_dev *cd)
{
	cbdma_pnp_notify(cd, NETDMA_PNP_POWER_UP);
	cbdma_watchdog_start(cd);
}

/**
 * cbdma_pm_suspend() - system sleep: NetDMA power down
 * @dev: the device
 *
 * Return: 0 or a negative errno.
 */
int cbdma_pm_suspend(struct device *dev)
{
	return cbdma_quiesce(dev_get_drvdata(dev));
}

/**
 * cbdma_pm_resume() - system wake: registers back, NetDMA power up
 * @dev: the device
 *
 * Return: 0 or a negative errno.
 */
int cbdma_pm_resume(struct device *dev)
{
	struct cbdma_dev *cd = dev_get_drvdata(dev);
	int ret;

	ret = cbdma_reinit(cd);
	cbdma_unquiesce(cd);
	return ret;
}

const struct dev_pm_ops cbdma_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(cbdma_pm_suspend, cbdma_pm_resume)
};

static int __init cbdma_init(void)
{
	int ret;

	cbdma_debugfs_register();
	ret = platform_driver_register(&cbdma_platform_driver);
	if (ret)
		goto err_debugfs;
	ret = cbdma_pci_register();
	if (ret)
		goto err_platform;
	return 0;

err_platform:
	platform_driver_unregister(&cbdma_platform_driver);
err_debugfs:
	cbdma_debugfs_unregister();
	return ret;
}
module_init(cbdma_init);

static void __exit cbdma_exit(void)
{
	cbdma_pci_unregister();
	platform_driver_unregister(&cbdma_platform_driver);
	cbdma_debugfs_unregister();
}
module_exit(cbdma_exit);

MODULE_DESCRIPTION("cbdma PCIe memory-to-memory DMA controller, a NetDMA provider");
MODULE_AUTHOR("NetDMA for Linux");
MODULE_LICENSE("GPL");
