// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma interrupts, error decoding and the watchdog.
 *
 * The device writes the completion word to memory before it signals, and
 * the shim reaps from that word; the handler's one register read (CHANSTS,
 * after the re-arm) covers what silicon may not signal or write (see
 * cbdma_chan_service()). A halted word or CHANSTS sends the handler to
 * CHANERR. What an interrupt cannot
 * report (a hang, a lost interrupt, an error halt whose interrupt was lost)
 * the watchdog finds by reading the registers every watchdog_ms. Neither
 * reads CHANCTRL: on silicon that read sets IN_USE (see cbdma_chan_claim()).
 */
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/workqueue.h>

#include "cbdma.h"
#include "trace.h"

/* READ/WRITE_DATA are the errors a client can act on, as in ioatdma. */
static enum dmaengine_tx_result cbdma_chanerr_result(u32 chanerr)
{
	if (chanerr & CBDMA_CHANERR_READ_DATA)
		return DMA_TRANS_READ_FAILED;
	if (chanerr & CBDMA_CHANERR_WRITE_DATA)
		return DMA_TRANS_WRITE_FAILED;
	return DMA_TRANS_ABORTED;
}

/**
 * cbdma_chan_check_error_locked() - report an error halt to the shim
 * @chan: the channel, its lock held
 *
 * After an error the device points CDAR at the failing descriptor (for a
 * fetch error, at the address it could not fetch) and CHANSTS at the one
 * before it. The shim completes everything before the failed descriptor,
 * fails its transaction with the mapped result, resets the channel through
 * the reset callback and restarts it with the rest. Reported once per halt.
 *
 * Return: true when an error was reported.
 */
bool cbdma_chan_check_error_locked(struct cbdma_chan *chan)
{
	enum dmaengine_tx_result result;
	u32 chanerr;
	u64 cdar;

	lockdep_assert_held(&chan->lock);
	if (!chan->handle || !chan->running || chan->err_reported)
		return false;
	chanerr = readl(chan->regs + CBDMA_CHANERR);
	/* All ones: the device is gone; stop and remove will clean up. */
	if (!chanerr || chanerr == U32_MAX)
		return false;
	cdar = readq(chan->regs + CBDMA_CDAR);
	result = cbdma_chanerr_result(chanerr);
	chan->err_reported = true;
	chan->last_chanerr = chanerr;
	chan->stats.errors++;
	trace_cbdma_error(chan->hw_index, chanerr, cdar, result);
	dev_err_ratelimited(chan->cd->dev, "chan %u: halted on descriptor %#llx, CHANERR %#x, result %d\n",
			    chan->hw_index, cdar, chanerr, result);
	netdma_channel_error(chan->handle, cdar, result);
	return true;
}

/*
 * One channel signalled. The completion word says what finished; a halted
 * word means an error (or an abort, which the running flag filters out).
 * Re-arming then lets the next event signal.
 *
 * Silicon is not trusted with two things the contract promises (FreeBSD's
 * ioat(4) found the first; ioatdma covers both with a 100 ms timer): a
 * halt may write no completion word, and an event that comes while the
 * channel is disarmed (between the signal and the re-arm) may be dropped
 * rather than latched. So after the re-arm, one CHANSTS read: it returns
 * only once the re-arm has reached the device, and after every completion
 * word the device wrote before it (PCIe: a read completion does not pass
 * the device's posted writes). A HALTED status there is reported; a word
 * that moved since the first read is reaped. Anything later finds the
 * channel armed. That read is the handler's only register access besides
 * the re-arm; the hot path (prep, submit, issue) has none.
 */
static void cbdma_chan_service(struct cbdma_chan *chan)
{
	struct netdma_channel *handle;
	u64 word, again, sts;

	/* The watchdog reads it to tell a late interrupt from a lost one. */
	WRITE_ONCE(chan->stats.irqs, chan->stats.irqs + 1);
	/* Pairs with alloc_channel's release: completion is set before. */
	handle = smp_load_acquire(&chan->handle);
	/* Another agent's channel since a reset: none of its registers. */
	if (!handle || READ_ONCE(chan->taken))
		return;
	word = le64_to_cpu(READ_ONCE(*chan->completion));
	WRITE_ONCE(chan->seen_word, word);
	trace_cbdma_irq(chan->hw_index, word);
	if ((word & NETDMA_STATUS_MASK) == NETDMA_STATUS_HALTED) {
		spin_lock(&chan->lock);
		cbdma_chan_check_error_locked(chan);
		spin_unlock(&chan->lock);
	}
	netdma_isr(handle, word & NETDMA_COMPLETION_ADDR_MASK, NULL);
	cbdma_chan_write_ctrl(chan, CBDMA_CHANCTRL_RUN);

	sts = readq(chan->regs + CBDMA_CHANSTS);
	again = le64_to_cpu(READ_ONCE(*chan->completion));
	if ((sts & CBDMA_CHANSTS_STATUS_MASK) == NETDMA_STATUS_HALTED) {
		spin_lock(&chan->lock);
		cbdma_chan_check_error_locked(chan);
		spin_unlock(&chan->lock);
	}
	if (again != word) {
		WRITE_ONCE(chan->seen_word, again);
		netdma_isr(handle, again & NETDMA_COMPLETION_ADDR_MASK, NULL);
	}
}

/* MSI-X: the vector names the channel; no register is read. */
static irqreturn_t cbdma_chan_irq(int irq, void *data)
{
	cbdma_chan_service(data);
	return IRQ_HANDLED;
}

/* MSI or INTx: INTRCTRL says whether it is ours, ATTNSTATUS which channels. */
static irqreturn_t cbdma_shared_irq(int irq, void *data)
{
	struct cbdma_dev *cd = data;
	unsigned long attn;
	unsigned int bit;
	u8 ctrl;

	ctrl = readb(cd->regs + CBDMA_INTRCTRL);
	if (ctrl == 0xff)
		return IRQ_NONE;
	/*
	 * Written back on every exit, as ioatdma does (ioat_dma_do_interrupt):
	 * on silicon the write re-enables the shared interrupt's generation.
	 */
	if (!(ctrl & CBDMA_INTRCTRL_INT_STATUS)) {
		writeb(ctrl, cd->regs + CBDMA_INTRCTRL);
		return IRQ_NONE;
	}
	attn = readl(cd->regs + CBDMA_ATTNSTATUS);	/* read clears */
	cd->shared_irqs++;
	for_each_set_bit(bit, &attn, cd->hw_chancnt)
		if (cd->chans[bit].usable)
			cbdma_chan_service(&cd->chans[bit]);
	writeb(ctrl, cd->regs + CBDMA_INTRCTRL);
	return IRQ_HANDLED;
}

/**
 * cbdma_request_irqs() - install the handlers
 * @cd: the device; @cd->per_chan_irq chooses one vector per usable channel
 *	or @cd->irqs[0] shared by all
 *
 * Return: 0 or a negative errno, with nothing installed.
 */
int cbdma_request_irqs(struct cbdma_dev *cd)
{
	unsigned int i;
	int ret;

	if (!cd->per_chan_irq) {
		ret = request_irq(cd->irqs[0], cbdma_shared_irq, IRQF_SHARED,
				  cd->name, cd);
		if (ret)
			return dev_err_probe(cd->dev, ret, "cannot request interrupt %d\n",
					     cd->irqs[0]);
		cd->irqs_requested = true;
		return 0;
	}

	for (i = 0; i < cd->nr_chans; i++) {
		struct cbdma_chan *chan = cd->by_index[i];

		chan->irq_name = devm_kasprintf(cd->dev, GFP_KERNEL, "%s-ch%u",
						cd->name, chan->hw_index);
		if (!chan->irq_name) {
			ret = -ENOMEM;
			goto err;
		}
		ret = request_irq(cd->irqs[chan->hw_index], cbdma_chan_irq, 0,
				  chan->irq_name, chan);
		if (ret) {
			dev_err(cd->dev, "cannot request interrupt %d: %d\n",
				cd->irqs[chan->hw_index], ret);
			goto err;
		}
		chan->irq = cd->irqs[chan->hw_index];
	}
	cd->irqs_requested = true;
	return 0;

err:
	while (i--) {
		struct cbdma_chan *chan = cd->by_index[i];

		free_irq(chan->irq, chan);
		chan->irq = 0;
	}
	return ret;
}

/**
 * cbdma_free_irqs() - remove the handlers installed by cbdma_request_irqs()
 * @cd: the device, interrupts disabled at INTRCTRL
 */
void cbdma_free_irqs(struct cbdma_dev *cd)
{
	unsigned int i;

	if (!cd->irqs_requested)
		return;
	cd->irqs_requested = false;
	if (!cd->per_chan_irq) {
		free_irq(cd->irqs[0], cd);
		return;
	}
	for (i = 0; i < cd->nr_chans; i++) {
		struct cbdma_chan *chan = cd->by_index[i];

		/* free_irq() warns about a hint left behind. */
		irq_update_affinity_hint(chan->irq, NULL);
		free_irq(chan->irq, chan);
		chan->irq = 0;
	}
}

/* No progress since the last pass with work pending: abort that descriptor. */
static void cbdma_chan_hung_locked(struct cbdma_chan *chan, u64 sts)
{
	u64 cdar = readq(chan->regs + CBDMA_CDAR);

	chan->err_reported = true;
	chan->stats.hangs++;
	trace_cbdma_hang(chan->hw_index, sts, cdar);
	dev_err_ratelimited(chan->cd->dev, "chan %u: no progress for %u ms at descriptor %#llx, recovering\n",
			    chan->hw_index, chan->cd->watchdog_ms, cdar);
	netdma_channel_error(chan->handle, cdar, DMA_TRANS_ABORTED);
}

/*
 * Signalling disarms the channel until the handler re-arms it; the
 * handler records the completion word it read. A pass that finds a newer
 * word may well be early: the message may still be on its way, or its
 * handler waiting for a CPU busy elsewhere. Only a word the handler has
 * not read on two passes in a row, with no interrupt handled in between,
 * means a lost interrupt (and, the channel being disarmed, every later one
 * lost too): a whole period is far longer than any delivery. The watchdog
 * then reaps and re-arms.
 *
 * Whether the channel is disarmed is not read from CHANCTRL.INT_REARM: the
 * read sets IN_USE on silicon. Without it, completions of work that asked
 * for no interrupt (a polling client) look the same after two passes;
 * reaping them and re-arming an armed channel is harmless, and they are
 * counted in lost_irqs too.
 */
static void cbdma_watchdog_irq_locked(struct cbdma_chan *chan, u64 sts)
{
	unsigned long irqs = READ_ONCE(chan->stats.irqs);
	u64 word = le64_to_cpu(READ_ONCE(*chan->completion));

	if (word == READ_ONCE(chan->seen_word)) {
		chan->wd_unseen = false;
		return;
	}
	if (!chan->wd_unseen || irqs != chan->wd_irqs) {
		chan->wd_unseen = true;
		chan->wd_irqs = irqs;
		return;
	}
	chan->wd_unseen = false;
	chan->stats.lost_irqs++;
	WRITE_ONCE(chan->seen_word, word);
	netdma_isr(chan->handle, sts & CBDMA_CHANSTS_ADDR_MASK, NULL);
	cbdma_chan_write_ctrl(chan, CBDMA_CHANCTRL_RUN);
}

/* Return: false when CHANSTS reads all ones: nothing answers at BAR 0. */
static bool cbdma_watchdog_chan(struct cbdma_chan *chan)
{
	unsigned long flags, descs;
	bool alive = true;
	u64 sts;

	spin_lock_irqsave(&chan->lock, flags);
	if (!chan->handle || !chan->running || chan->taken) {
		chan->wd_unseen = false;
		goto out;
	}

	sts = readq(chan->regs + CBDMA_CHANSTS);
	/* Status 7 is reserved: no live channel reads this. */
	if (sts == U64_MAX) {
		alive = false;
		goto out;
	}
	descs = READ_ONCE(chan->stats.descs);
	switch (sts & CBDMA_CHANSTS_STATUS_MASK) {
	case NETDMA_STATUS_HALTED:
		/* An error halt whose interrupt never came. */
		cbdma_chan_check_error_locked(chan);
		break;
	case NETDMA_STATUS_ARMED:
	case NETDMA_STATUS_ACTIVE:
		/*
		 * Both mean descriptors are pending (IDLE would say none). No
		 * progress is the same CHANSTS with no descriptor handed over
		 * since the last pass: CHANSTS alone names the same ring slot
		 * again after a whole ring's worth of completions. With no new
		 * descriptor, fewer than a ring's worth were pending, so the
		 * same CHANSTS means none completed.
		 */
		if (sts == chan->wd_chansts && descs == chan->wd_descs &&
		    !chan->err_reported)
			cbdma_chan_hung_locked(chan, sts);
		break;
	case NETDMA_STATUS_SUSPENDED:
		/* A SUSPEND that took effect after the shim resumed. */
		if (chan->suspend_req)
			break;
		/*
		 * Without RESUME the shim's recovery (reset, restart) moves
		 * the channel on. Not expected there: resume resets the
		 * channel, and no SUSPEND outlives a RESET.
		 */
		if (chan->cd->quirks & CBDMA_INTEL_NO_ABORT_RESUME) {
			if (!chan->err_reported)
				cbdma_chan_hung_locked(chan, sts);
		} else {
			writeb(CBDMA_CHANCMD_RESUME, chan->regs + CBDMA_CHANCMD);
		}
		break;
	default:
		break;
	}
	chan->wd_chansts = sts;
	chan->wd_descs = descs;
	cbdma_watchdog_irq_locked(chan, sts);
out:
	spin_unlock_irqrestore(&chan->lock, flags);
	return alive;
}

/**
 * cbdma_watchdog_work() - periodic check of every channel
 * @work: the device's watchdog work
 */
void cbdma_watchdog_work(struct work_struct *work)
{
	struct cbdma_dev *cd = container_of(to_delayed_work(work),
					    struct cbdma_dev, watchdog);
	unsigned int i, ms;
	bool alive = true;

	for (i = 0; i < cd->nr_chans; i++)
		alive &= cbdma_watchdog_chan(cd->by_index[i]);
	if (!alive) {
		/* Once: the watchdog stops here and gone_work stops the rest. */
		WRITE_ONCE(cd->gone, true);
		dev_err(cd->dev, "not responding (registers read all ones): stopping; copies in flight are aborted\n");
		schedule_work(&cd->gone_work);
		return;
	}

	ms = READ_ONCE(cd->watchdog_ms);
	if (ms && READ_ONCE(cd->watchdog_on))
		schedule_delayed_work(&cd->watchdog, msecs_to_jiffies(ms));
}

/**
 * cbdma_watchdog_start() - start the watchdog, unless watchdog_ms is 0
 * @cd: the device
 */
void cbdma_watchdog_start(struct cbdma_dev *cd)
{
	if (!cd->watchdog_ms)
		return;
	WRITE_ONCE(cd->watchdog_on, true);
	schedule_delayed_work(&cd->watchdog, msecs_to_jiffies(cd->watchdog_ms));
}

/**
 * cbdma_watchdog_stop() - stop the watchdog and wait for a running pass
 * @cd: the device
 */
void cbdma_watchdog_stop(struct cbdma_dev *cd)
{
	WRITE_ONCE(cd->watchdog_on, false);
	cancel_delayed_work_sync(&cd->watchdog);
}
