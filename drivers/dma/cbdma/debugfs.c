// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma debugfs: <debugfs>/cbdma/<device>/device shows the device
 * registers, chanN the registers, software state and counters of offered
 * channel N. Registers are read with their own width (the device ignores
 * other widths), so no debugfs_regset32. ATTNSTATUS clears on read and is
 * left out.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/seq_file.h>

#include "cbdma.h"

static struct dentry *cbdma_debugfs_root;

/**
 * cbdma_debugfs_show_dev() - print the device registers
 * @s: the seq_file
 * @cd: the device
 *
 * Return: 0.
 */
int cbdma_debugfs_show_dev(struct seq_file *s, struct cbdma_dev *cd)
{
	seq_printf(s, "VER %#04x CHANCNT %u XFERCAP %u DMACAP %#x\n",
		   readb(cd->regs + CBDMA_VER),
		   readb(cd->regs + CBDMA_CHANCNT),
		   readb(cd->regs + CBDMA_XFERCAP),
		   readl(cd->regs + CBDMA_DMACAP));
	seq_printf(s, "INTRCTRL %#04x INTRDELAY %#06x\n",
		   readb(cd->regs + CBDMA_INTRCTRL),
		   readw(cd->regs + CBDMA_INTRDELAY));
	seq_printf(s, "channels %u of %u, %s interrupts, shared irqs %lu, watchdog %u ms\n",
		   cd->nr_chans, cd->hw_chancnt,
		   cd->per_chan_irq ? "per-channel" : "shared", cd->shared_irqs,
		   cd->watchdog_ms);
	seq_printf(s, "coalescing %s, silicon %s, version run %#04x, quirks %#x\n",
		   cd->coalesce ? "yes" : "no",
		   cd->intel ? cd->intel->family : "none", cd->ver, cd->quirks);
	return 0;
}

/**
 * cbdma_debugfs_show_chan() - print one channel
 * @s: the seq_file
 * @chan: the channel
 *
 * Return: 0.
 */
int cbdma_debugfs_show_chan(struct seq_file *s, struct cbdma_chan *chan)
{
	const struct cbdma_chan_stats *st = &chan->stats;
	void __iomem *regs = chan->regs;
	unsigned long flags;
	u64 word = 0;
	bool allocated;

	seq_printf(s, "channel %u (hw %u) irq %d cpu %u\n", chan->index,
		   chan->hw_index, chan->irq, chan->irq_cpu);
	/* CHANCTRL as last written: reading it would set IN_USE on silicon. */
	seq_printf(s, "CHANCTRL (written) %#06x CHANCMD %#04x DMACOUNT %u CHANERR %#x\n",
		   READ_ONCE(chan->chanctrl), readb(regs + CBDMA_CHANCMD),
		   readw(regs + CBDMA_DMACOUNT), readl(regs + CBDMA_CHANERR));
	seq_printf(s, "CHANSTS %#llx CHAINADDR %#llx CHANCMP %#llx CDAR %#llx\n",
		   readq(regs + CBDMA_CHANSTS), readq(regs + CBDMA_CHAINADDR),
		   readq(regs + CBDMA_CHANCMP), readq(regs + CBDMA_CDAR));

	spin_lock_irqsave(&chan->lock, flags);
	allocated = chan->handle;
	if (allocated)
		word = le64_to_cpu(READ_ONCE(*chan->completion));
	seq_printf(s, "allocated %d running %d dmacount %u completion %#llx last CHANERR %#x\n",
		   allocated, chan->running, chan->dmacount, word,
		   chan->last_chanerr);
	spin_unlock_irqrestore(&chan->lock, flags);

	seq_printf(s, "irqs %lu starts %lu appends %lu descs %lu errors %lu hangs %lu lost_irqs %lu resets %lu aborts %lu suspends %lu\n",
		   st->irqs, st->starts, st->appends, st->descs, st->errors,
		   st->hangs, st->lost_irqs, st->resets, st->aborts,
		   st->suspends);
	return 0;
}

static int cbdma_dev_show(struct seq_file *s, void *unused)
{
	return cbdma_debugfs_show_dev(s, s->private);
}
DEFINE_SHOW_ATTRIBUTE(cbdma_dev);

static int cbdma_chan_show(struct seq_file *s, void *unused)
{
	return cbdma_debugfs_show_chan(s, s->private);
}
DEFINE_SHOW_ATTRIBUTE(cbdma_chan);

/**
 * cbdma_debugfs_init() - create the device's directory
 * @cd: the device, channels selected
 */
void cbdma_debugfs_init(struct cbdma_dev *cd)
{
	char name[16];
	unsigned int i;

	cd->debugfs = debugfs_create_dir(dev_name(cd->dev), cbdma_debugfs_root);
	debugfs_create_file("device", 0400, cd->debugfs, cd, &cbdma_dev_fops);
	for (i = 0; i < cd->nr_chans; i++) {
		snprintf(name, sizeof(name), "chan%u", i);
		debugfs_create_file(name, 0400, cd->debugfs, cd->by_index[i],
				    &cbdma_chan_fops);
	}
}

/**
 * cbdma_debugfs_exit() - remove the device's directory
 * @cd: the device
 */
void cbdma_debugfs_exit(struct cbdma_dev *cd)
{
	debugfs_remove_recursive(cd->debugfs);
	cd->debugfs = NULL;
}

/** cbdma_debugfs_register() - create the driver's debugfs directory */
void cbdma_debugfs_register(void)
{
	cbdma_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

/** cbdma_debugfs_unregister() - remove the driver's debugfs directory */
void cbdma_debugfs_unregister(void)
{
	debugfs_remove_recursive(cbdma_debugfs_root);
}
