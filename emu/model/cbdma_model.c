// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel model of the cbdma controller for UML KUnit: instances, MMIO
 * windows, the register file and the API for tests. The descriptor engine
 * is in cbdma_model_exec.c; the behaviour is Documentation/cbdma-hw.rst.
 *
 * MMIO: logic_iomem serves ioremap()/readl()/writel() on UML. Regions
 * cannot be unregistered, so one region holding CBDMA_MODEL_MAX_INSTANCES
 * windows is registered on first use, above UML's RAM (a region inside RAM
 * is refused), and each instance borrows a window for its lifetime. A
 * window whose instance is gone reads all-ones, like a removed device.
 *
 * Interrupts: an irq_sim domain per instance, one interrupt per channel.
 * DMA: bus addresses are physical addresses on UML; every access is checked
 * against the RAM the page allocator manages before phys_to_virt().
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/logic_iomem.h>
#include <linux/memblock.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/slab.h>

#include "cbdma_model_priv.h"

#define CBDMA_MODEL_MAX_INSTANCES	8
#define CBDMA_MODEL_WINDOW_BASE		0xe0000000ULL
#define CBDMA_MODEL_WINDOW_STRIDE	0x100000
#define CBDMA_MODEL_DEFAULT_XFERCAP	20

/* The QEMU model's MSI-X placement (emu/qemu/cbdma.c), and BWD's */
#define CBDMA_MODEL_MSIX_TABLE		0x2000
#define CBDMA_MODEL_MSIX_PBA		0x3000
#define CBDMA_MODEL_BWD_MSIX_TABLE	0x1000
#define CBDMA_MODEL_BWD_MSIX_PBA	0x1800
/* An MSI message address as the MSI core would program it */
#define CBDMA_MODEL_MSI_ADDR		0xfee00000

#define INTEL	CBDMA_PCI_INTEL_VENDOR_ID
static const struct cbdma_model_pers cbdma_model_pers[] = {
	[CBDMA_MODEL_TEST] = { CBDMA_PCI_VENDOR_ID, CBDMA_PCI_DEVICE_ID, 0x33,
			       false, false, false, false, CBDMA_MODEL_MSIX_TABLE,
			       CBDMA_MODEL_MSIX_PBA, 64 },
	[CBDMA_MODEL_BDX] = { INTEL, 0x6f20, 0x32, true, true, false, false,
			      CBDMA_MODEL_MSIX_TABLE, CBDMA_MODEL_MSIX_PBA, 64 },
	[CBDMA_MODEL_SKX] = { INTEL, 0x2021, 0x33, true, true, false, false,
			      CBDMA_MODEL_MSIX_TABLE, CBDMA_MODEL_MSIX_PBA, 64 },
	[CBDMA_MODEL_BWD] = { INTEL, 0x0c50, 0x33, true, false, true, false,
			      CBDMA_MODEL_BWD_MSIX_TABLE, CBDMA_MODEL_BWD_MSIX_PBA,
			      64 },
	[CBDMA_MODEL_BDXDE] = { INTEL, 0x6f50, 0x33, true, false, true, false,
				CBDMA_MODEL_BWD_MSIX_TABLE,
				CBDMA_MODEL_BWD_MSIX_PBA, 64 },
	[CBDMA_MODEL_ICX] = { INTEL, 0x0b00, 0x34, true, false, false, true,
			      CBDMA_MODEL_MSIX_TABLE, CBDMA_MODEL_MSIX_PBA, 64 },
	[CBDMA_MODEL_JSF] = { INTEL, 0x3710, 0x32, true, true, false, false,
			      CBDMA_MODEL_MSIX_TABLE, CBDMA_MODEL_MSIX_PBA, 40 },
};

#undef INTEL

/**
 * struct cbdma_model_window - one instance's MMIO window
 * @res: its address range, as a driver would get it from a BAR.
 * @lock: the instance's register lock; it outlives the instance so that a
 *	late access finds @model cleared rather than freed.
 * @model: the instance using the window, or NULL.
 */
struct cbdma_model_window {
	struct resource res;
	spinlock_t lock;		/* the instance's register lock */
	struct cbdma_model *model;
};

static DEFINE_MUTEX(cbdma_model_windows_mutex);
static bool cbdma_model_region_added;
static struct cbdma_model_window cbdma_model_windows[CBDMA_MODEL_MAX_INSTANCES];
static struct resource cbdma_model_region = {
	.name = "cbdma-model",
	.start = CBDMA_MODEL_WINDOW_BASE,
	.end = CBDMA_MODEL_WINDOW_BASE +
	       CBDMA_MODEL_MAX_INSTANCES * CBDMA_MODEL_WINDOW_STRIDE - 1,
	.flags = IORESOURCE_MEM,
};

/* 64-bit registers are also accessible as two 32-bit halves. */
static bool cbdma_model_read64(u64 reg, unsigned int off, int size,
			       unsigned long *val)
{
	if (size == 8 && off == 0)
		*val = reg;
	else if (size == 4 && off == 0)
		*val = lower_32_bits(reg);
	else if (size == 4 && off == 4)
		*val = upper_32_bits(reg);
	else
		return false;
	return true;
}

/* Returns true when the access completes the register (commit point). */
static bool cbdma_model_write64(u64 *reg, unsigned int off, int size,
				unsigned long val)
{
	if (size == 8 && off == 0) {
		*reg = val;
		return true;
	}
	if (size == 4 && off == 0)
		*reg = (*reg & GENMASK_ULL(63, 32)) | (u32)val;
	else if (size == 4 && off == 4)
		*reg = (*reg & GENMASK_ULL(31, 0)) | ((u64)(u32)val << 32);
	return size == 4 && off == 4;
}

static unsigned long cbdma_model_read_dev(struct cbdma_model *model,
					  unsigned int off, int size)
{
	unsigned long val;
	u8 intrctrl;

	switch (off | size << 16) {
	case CBDMA_CHANCNT | 1 << 16:
		return model->cfg.channels;
	case CBDMA_XFERCAP | 1 << 16:
		return model->cfg.xfercap_log;
	case CBDMA_GENCTRL | 1 << 16:
		return model->genctrl;
	case CBDMA_INTRCTRL | 1 << 16:
		intrctrl = model->intrctrl;
		if (model->attnstatus)
			intrctrl |= CBDMA_INTRCTRL_INT_STATUS;
		if (model->attnstatus &&
		    (intrctrl & CBDMA_INTRCTRL_MASTER_INT_EN))
			intrctrl |= CBDMA_INTRCTRL_INT;
		return intrctrl;
	case CBDMA_ATTNSTATUS | 4 << 16:
		val = model->attnstatus;
		model->attnstatus = 0;
		return val;
	case CBDMA_VER | 1 << 16:
		return model->pers->ver;
	case CBDMA_PREFETCH_LIMIT | 1 << 16:
		return model->prefetch_limit;
	case CBDMA_PERPORTOFFSET | 2 << 16:
		return CBDMA_CHAN_BASE(0);
	case CBDMA_INTRDELAY | 2 << 16:
		if (model->cfg.no_coalesce)
			return 0;
		return model->intrdelay | CBDMA_INTRDELAY_COALESCE_SUPPORT;
	default:
		/* DMACAP (plain copy only), DCAOFFSET (no DCA), reserved */
		return 0;
	}
}

static unsigned long cbdma_model_read_chan(struct cbdma_model_chan *ch,
					   unsigned int off, int size)
{
	unsigned long val;

	cbdma_model_settle_cmd(ch);
	switch (off | size << 16) {
	case CBDMA_CHANCTRL | 2 << 16:
		val = ch->chanctrl | (ch->armed ? CBDMA_CHANCTRL_INT_REARM : 0);
		/* Strict: the read is the semaphore's test-and-set. */
		if (ch->model->cfg.strict)
			ch->chanctrl |= CBDMA_CHANCTRL_CHANNEL_IN_USE;
		return val;
	case CBDMA_DMA_COMP | 2 << 16:
		return CBDMA_DMA_COMP_V2;
	case CBDMA_DMACOUNT | 2 << 16:
		return ch->dmacount;
	case CBDMA_CHANCMD | 1 << 16:
		return ch->held_cmd;
	case CBDMA_CHANERR | 4 << 16:
		return ch->chanerr;
	case CBDMA_CHANERR_MASK | 4 << 16:
		return ch->chanerr_mask;
	case CBDMA_DCACTRL | 4 << 16:
		return ch->dcactrl;
	}
	if (off >= CBDMA_CHANSTS && off < CBDMA_CHANSTS + 8 &&
	    cbdma_model_read64(cbdma_model_chansts(ch), off - CBDMA_CHANSTS,
			       size, &val))
		return val;
	if (off >= CBDMA_CHAINADDR && off < CBDMA_CHAINADDR + 8 &&
	    cbdma_model_read64(ch->chainaddr, off - CBDMA_CHAINADDR, size,
			       &val))
		return val;
	if (off >= CBDMA_CHANCMP && off < CBDMA_CHANCMP + 8 &&
	    cbdma_model_read64(ch->chancmp, off - CBDMA_CHANCMP, size, &val))
		return val;
	if (off >= CBDMA_CDAR && off < CBDMA_CDAR + 8 &&
	    cbdma_model_read64(ch->cdar, off - CBDMA_CDAR, size, &val))
		return val;
	return 0;
}

static void cbdma_model_write_dev(struct cbdma_model *model, unsigned int off,
				  int size, unsigned long val)
{
	switch (off | size << 16) {
	case CBDMA_GENCTRL | 1 << 16:
		model->genctrl = val & CBDMA_GENCTRL_DEBUG_EN;
		break;
	case CBDMA_INTRCTRL | 1 << 16:
		model->intrctrl = val & (CBDMA_INTRCTRL_MASTER_INT_EN |
					 CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL);
		cbdma_model_deliver_all(model);
		break;
	case CBDMA_PREFETCH_LIMIT | 1 << 16:
		model->prefetch_limit = val;
		break;
	case CBDMA_INTRDELAY | 2 << 16:
		/* Counted by the MMIO counters either way. */
		if (!model->cfg.no_coalesce)
			model->intrdelay = val & CBDMA_INTRDELAY_MASK;
		break;
	}
}

static void cbdma_model_write_chan(struct cbdma_model_chan *ch,
				   unsigned int off, int size,
				   unsigned long val)
{
	cbdma_model_settle_cmd(ch);
	switch (off | size << 16) {
	case CBDMA_CHANCTRL | 2 << 16:
		cbdma_model_write_chanctrl(ch, val);
		return;
	case CBDMA_CHANCMD | 1 << 16:
		cbdma_model_write_chancmd(ch, val);
		return;
	case CBDMA_DMACOUNT | 2 << 16:
		cbdma_model_write_dmacount(ch, val);
		return;
	case CBDMA_CHANERR | 4 << 16:
		ch->chanerr &= ~val;
		return;
	case CBDMA_CHANERR_MASK | 4 << 16:
		ch->chanerr_mask = val & CBDMA_CHANERR_ALL;
		return;
	case CBDMA_DCACTRL | 4 << 16:
		ch->dcactrl = val;
		return;
	}
	if (off >= CBDMA_CHAINADDR && off < CBDMA_CHAINADDR + 8) {
		if (cbdma_model_write64(&ch->chainaddr, off - CBDMA_CHAINADDR,
					size, val))
			cbdma_model_write_chainaddr(ch);
	} else if (off >= CBDMA_CHANCMP && off < CBDMA_CHANCMP + 8) {
		cbdma_model_write64(&ch->chancmp, off - CBDMA_CHANCMP, size,
				    val);
	}
}

/*
 * The MSI-X table and PBA in BAR 0, dword accesses (lo_hi_readq and
 * lo_hi_writeq make two). Unmasking an entry sends what is pending.
 * Returns false for an offset outside them.
 */
static bool cbdma_model_msix_access(struct cbdma_model *model,
				    unsigned int offset, int size, bool write,
				    unsigned long *val)
{
	u32 table = model->pers->msix_table, pba = model->pers->msix_pba;
	unsigned int n = model->cfg.channels, v, dw;

	if (size != 4 || offset % 4)
		return false;
	if (offset >= pba && offset < pba + 8) {
		if (!write)
			*val = offset == pba ? lower_32_bits(model->msix_pending) : 0;
		return true;
	}
	if (offset < table || offset >= table + n * CBDMA_MODEL_MSIX_ENTRY_SIZE)
		return false;
	v = (offset - table) / CBDMA_MODEL_MSIX_ENTRY_SIZE;
	dw = (offset - table) % CBDMA_MODEL_MSIX_ENTRY_SIZE / 4;
	if (!write) {
		*val = model->msix[v][dw];
		return true;
	}
	model->msix[v][dw] = *val;
	if (dw == CBDMA_MODEL_MSIX_CTRL / 4 &&
	    !(*val & CBDMA_MODEL_MSIX_MASKBIT) && (model->msix_pending & BIT(v))) {
		model->msix_pending &= ~BIT(v);
		model->raise |= BIT(v);
	}
	return true;
}

/* 3.4: DRSCTL and LTR, past the 0x80-byte block of the one channel. */
static bool cbdma_model_v34_access(struct cbdma_model *model,
				   unsigned int offset, int size, bool write,
				   unsigned long *val)
{
	struct cbdma_model_chan *ch = &model->chan[0];
	unsigned int off = offset - CBDMA_CHAN_BASE(0);

	if (!model->pers->v34 || offset < CBDMA_CHAN_BASE(0) ||
	    off < CBDMA_CHAN_DRSCTL || off >= CBDMA_CHAN_34_END)
		return false;
	switch (off | size << 16) {
	case CBDMA_CHAN_DRSCTL | 2 << 16:
		if (write)
			ch->drsctl = *val;
		else
			*val = ch->drsctl;
		return true;
	case CBDMA_CHAN_LTR_SWSEL | 1 << 16:
		if (write)
			ch->ltr_swsel = *val & 1;
		else
			*val = ch->ltr_swsel;
		return true;
	case CBDMA_CHAN_LTR_ACTIVE | 4 << 16:
		if (write)
			ch->ltr_active = *val;
		else
			*val = ch->ltr_active;
		return true;
	case CBDMA_CHAN_LTR_IDLE | 4 << 16:
		if (write)
			ch->ltr_idle = *val;
		else
			*val = ch->ltr_idle;
		return true;
	}
	/* Reserved bytes of the 3.4 block: read 0, writes dropped. */
	if (!write)
		*val = 0;
	return true;
}

static struct cbdma_model_chan *cbdma_model_decode_chan(struct cbdma_model *m,
							unsigned int offset)
{
	unsigned int index;

	if (offset < CBDMA_CHAN_BASE(0))
		return NULL;
	index = offset / CBDMA_CHAN_STRIDE - 1;
	return index < m->cfg.channels ? &m->chan[index] : NULL;
}

static unsigned long cbdma_model_mmio_read(void *priv, unsigned int offset,
					   int size)
{
	struct cbdma_model_window *win = priv;
	struct cbdma_model_chan *ch;
	struct cbdma_model *model;
	unsigned long flags, val;
	bool answered = false;

	spin_lock_irqsave(&win->lock, flags);
	model = win->model;
	/* Nothing answers: the read completes with all ones, as on PCIe. */
	if (!model || model->gone) {
		val = size == 8 ? ~0UL : (unsigned long)GENMASK(size * 8 - 1, 0);
	} else {
		answered = true;
		if (offset < CBDMA_MODEL_REG_SPAN)
			model->mmio_reads[offset]++;
		cbdma_model_flush_posted(model);
		ch = cbdma_model_decode_chan(model, offset);
		if (cbdma_model_msix_access(model, offset, size, false, &val) ||
		    cbdma_model_v34_access(model, offset, size, false, &val))
			ch = NULL;	/* answered */
		else if (offset < CBDMA_CHAN_BASE(0))
			val = cbdma_model_read_dev(model, offset, size);
		else if (ch)
			val = cbdma_model_read_chan(ch,
						    offset % CBDMA_CHAN_STRIDE,
						    size);
		else
			val = 0;
	}
	spin_unlock_irqrestore(&win->lock, flags);
	/* A posted re-arm that took effect may have a vector to fire. */
	if (answered)
		cbdma_model_fire(model);
	return val;
}

static void cbdma_model_mmio_write(void *priv, unsigned int offset, int size,
				   unsigned long val)
{
	struct cbdma_model_window *win = priv;
	struct cbdma_model_chan *ch;
	struct cbdma_model *model;
	unsigned long flags;

	spin_lock_irqsave(&win->lock, flags);
	model = win->model;
	if (!model || model->gone) {
		spin_unlock_irqrestore(&win->lock, flags);
		return;
	}
	if (offset < CBDMA_MODEL_REG_SPAN)
		model->mmio_writes[offset]++;
	ch = cbdma_model_decode_chan(model, offset);
	if (cbdma_model_msix_access(model, offset, size, true, &val) ||
	    cbdma_model_v34_access(model, offset, size, true, &val))
		ch = NULL;	/* done */
	else if (offset < CBDMA_CHAN_BASE(0))
		cbdma_model_write_dev(model, offset, size, val);
	else if (ch)
		cbdma_model_write_chan(ch, offset % CBDMA_CHAN_STRIDE, size,
				       val);
	spin_unlock_irqrestore(&win->lock, flags);

	/* Vectors fire after the lock is dropped: handlers read registers. */
	cbdma_model_fire(model);
}

static const struct logic_iomem_ops cbdma_model_mmio_ops = {
	.read = cbdma_model_mmio_read,
	.write = cbdma_model_mmio_write,
};

static long cbdma_model_map(unsigned long offset, size_t size,
			    const struct logic_iomem_ops **ops, void **priv)
{
	unsigned int slot = offset / CBDMA_MODEL_WINDOW_STRIDE;
	unsigned long within = offset % CBDMA_MODEL_WINDOW_STRIDE;

	if (slot >= CBDMA_MODEL_MAX_INSTANCES ||
	    size > CBDMA_MMIO_SIZE - within || within >= CBDMA_MMIO_SIZE)
		return -EINVAL;
	*ops = &cbdma_model_mmio_ops;
	*priv = &cbdma_model_windows[slot];
	/* Accesses then see offsets relative to the window. */
	return within;
}

static const struct logic_iomem_region_ops cbdma_model_region_ops = {
	.map = cbdma_model_map,
};

/* Borrow a free window for @model; registers the region on first use. */
static int cbdma_model_get_window(struct cbdma_model *model)
{
	struct cbdma_model_window *win;
	unsigned int slot;
	int ret = -EBUSY;

	mutex_lock(&cbdma_model_windows_mutex);
	if (!cbdma_model_region_added) {
		for (slot = 0; slot < CBDMA_MODEL_MAX_INSTANCES; slot++) {
			win = &cbdma_model_windows[slot];
			spin_lock_init(&win->lock);
			win->res.name = "cbdma-model-window";
			win->res.start = CBDMA_MODEL_WINDOW_BASE +
					 slot * CBDMA_MODEL_WINDOW_STRIDE;
			win->res.end = win->res.start + CBDMA_MMIO_SIZE - 1;
			win->res.flags = IORESOURCE_MEM;
		}
		ret = logic_iomem_add_region(&cbdma_model_region,
					     &cbdma_model_region_ops);
		if (ret)
			goto out;
		cbdma_model_region_added = true;
		ret = -EBUSY;
	}
	for (slot = 0; slot < CBDMA_MODEL_MAX_INSTANCES; slot++) {
		win = &cbdma_model_windows[slot];
		/* Only this mutex's holders change ->model from NULL. */
		if (win->model)
			continue;
		spin_lock_irq(&win->lock);
		win->model = model;
		spin_unlock_irq(&win->lock);
		model->slot = slot;
		model->lock = &win->lock;
		model->res = &win->res;
		ret = 0;
		break;
	}
out:
	mutex_unlock(&cbdma_model_windows_mutex);
	return ret;
}

static void cbdma_model_put_window(struct cbdma_model *model)
{
	struct cbdma_model_window *win = &cbdma_model_windows[model->slot];

	mutex_lock(&cbdma_model_windows_mutex);
	spin_lock_irq(&win->lock);
	model->dying = true;
	win->model = NULL;
	spin_unlock_irq(&win->lock);
	mutex_unlock(&cbdma_model_windows_mutex);
}

static int cbdma_model_create_irqs(struct cbdma_model *model)
{
	unsigned int i;

	model->fwnode = irq_domain_alloc_named_id_fwnode("cbdma-model",
							 model->slot);
	if (!model->fwnode)
		return -ENOMEM;
	model->domain = irq_domain_create_sim(model->fwnode,
					      model->cfg.channels);
	if (IS_ERR(model->domain)) {
		irq_domain_free_fwnode(model->fwnode);
		return PTR_ERR(model->domain);
	}
	for (i = 0; i < model->cfg.channels; i++) {
		model->virq[i] = irq_create_mapping(model->domain, i);
		if (!model->virq[i])
			goto err_mapping;
	}
	return 0;

err_mapping:
	while (i--)
		irq_dispose_mapping(model->virq[i]);
	irq_domain_remove_sim(model->domain);
	irq_domain_free_fwnode(model->fwnode);
	return -ENOMEM;
}

static void cbdma_model_remove_irqs(struct cbdma_model *model)
{
	unsigned int i;

	for (i = 0; i < model->cfg.channels; i++)
		irq_dispose_mapping(model->virq[i]);
	irq_domain_remove_sim(model->domain);
	irq_domain_free_fwnode(model->fwnode);
}

/**
 * cbdma_model_create() - power on a model instance
 * @cfg: what to present; zero fields take their defaults.
 *
 * The device comes up in its reset state (Documentation/cbdma-hw.rst,
 * "Reset"), in its own MMIO window, with one interrupt per channel.
 *
 * Return: the instance, or an ERR_PTR: -EINVAL for a bad @cfg, -EBUSY when
 * every window is taken, -ENOMEM.
 */
struct cbdma_model *cbdma_model_create(const struct cbdma_model_config *cfg)
{
	struct cbdma_model *model;
	unsigned int i;
	int ret;

	if (cfg->personality >= CBDMA_MODEL_NR_PERSONALITIES ||
	    (cfg->personality != CBDMA_MODEL_TEST && cfg->channels > 1) ||
	    cfg->channels > CBDMA_MAX_CHANNELS ||
	    (cfg->xfercap_log && (cfg->xfercap_log < 12 ||
				  cfg->xfercap_log > 31)) ||
	    (cfg->exec != CBDMA_MODEL_EXEC_SYNC &&
	     cfg->exec != CBDMA_MODEL_EXEC_WORK) ||
	    cfg->cmd_us > CBDMA_MODEL_CMD_US_MAX)
		return ERR_PTR(-EINVAL);

	model = kzalloc(sizeof(*model), GFP_KERNEL);
	if (!model)
		return ERR_PTR(-ENOMEM);
	model->cfg = *cfg;
	model->pers = &cbdma_model_pers[cfg->personality];
	model->addr_bits = model->pers->addr_bits;
	if (!model->cfg.channels)
		model->cfg.channels = model->pers->silicon ? 1 : CBDMA_MAX_CHANNELS;
	if (!model->cfg.xfercap_log)
		model->cfg.xfercap_log = CBDMA_MODEL_DEFAULT_XFERCAP;
	model->ram_start = PFN_PHYS(min_low_pfn);
	model->ram_end = PFN_PHYS(max_low_pfn);
	for (i = 0; i < model->cfg.channels; i++) {
		/* As the MSI core leaves an entry: programmed, unmasked. */
		model->msix[i][0] = CBDMA_MODEL_MSI_ADDR;
		model->msix[i][2] = i;
		model->chan[i].model = model;
		model->chan[i].index = i;
		INIT_WORK(&model->chan[i].work, cbdma_model_chan_work);
		hrtimer_setup(&model->chan[i].coalesce, cbdma_model_coalesce_end,
			      CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		hrtimer_setup(&model->chan[i].posted, cbdma_model_posted_end,
			      CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		hrtimer_setup(&model->chan[i].cmd_timer, cbdma_model_cmd_end,
			      CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
		cbdma_model_chan_reset(&model->chan[i]);
	}

	ret = cbdma_model_get_window(model);
	if (ret)
		goto err_free;
	ret = cbdma_model_create_irqs(model);
	if (ret)
		goto err_window;
	return model;

err_window:
	cbdma_model_put_window(model);
err_free:
	kfree(model);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(cbdma_model_create);

/**
 * cbdma_model_destroy() - power off and free a model instance
 * @model: the instance; its interrupts must have been freed.
 *
 * Later accesses to its window read all-ones and are otherwise ignored.
 */
void cbdma_model_destroy(struct cbdma_model *model)
{
	unsigned int i;

	cbdma_model_put_window(model);
	for (i = 0; i < model->cfg.channels; i++) {
		cancel_work_sync(&model->chan[i].work);
		hrtimer_cancel(&model->chan[i].coalesce);
		hrtimer_cancel(&model->chan[i].posted);
		hrtimer_cancel(&model->chan[i].cmd_timer);
	}
	cbdma_model_remove_irqs(model);
	kfree(model);
}
EXPORT_SYMBOL_GPL(cbdma_model_destroy);

static void cbdma_model_destroy_action(void *model)
{
	cbdma_model_destroy(model);
}

/**
 * kunit_cbdma_model_create() - cbdma_model_create() for a KUnit test
 * @test: the test; the model is destroyed when it ends.
 * @cfg: see cbdma_model_create().
 *
 * Register interrupt handlers after this call (with kunit actions or devm
 * on a kunit device), so that they are freed before the model.
 *
 * Return: the instance or an ERR_PTR, as cbdma_model_create().
 */
struct cbdma_model *kunit_cbdma_model_create(struct kunit *test,
					     const struct cbdma_model_config *cfg)
{
	struct cbdma_model *model = cbdma_model_create(cfg);
	int ret;

	if (IS_ERR(model))
		return model;
	ret = kunit_add_action_or_reset(test, cbdma_model_destroy_action,
					model);
	return ret ? ERR_PTR(ret) : model;
}
EXPORT_SYMBOL_GPL(kunit_cbdma_model_create);

/**
 * cbdma_model_resource() - the instance's MMIO window (BAR 0)
 * @model: the instance.
 *
 * Return: a resource of CBDMA_MMIO_SIZE bytes to ioremap() or to give to a
 * platform device.
 */
const struct resource *cbdma_model_resource(struct cbdma_model *model)
{
	return model->res;
}
EXPORT_SYMBOL_GPL(cbdma_model_resource);

/**
 * cbdma_model_irq() - Linux interrupt number of a channel's vector
 * @model: the instance.
 * @chan: channel; without INTRCTRL.MSIX_VECTOR_CONTROL every channel
 *	signals on channel 0's vector.
 *
 * Return: the interrupt number, or -EINVAL for a channel that is not there.
 */
int cbdma_model_irq(struct cbdma_model *model, unsigned int chan)
{
	if (chan >= model->cfg.channels)
		return -EINVAL;
	return model->virq[chan];
}
EXPORT_SYMBOL_GPL(cbdma_model_irq);

/**
 * cbdma_model_resources() - the instance as platform device resources
 * @model: the instance.
 * @res: filled with the MMIO window (IORESOURCE_MEM, index 0), then each
 *	channel's interrupt in channel order (IORESOURCE_IRQ n: channel n).
 * @nres: entries in @res; CBDMA_MODEL_MAX_RESOURCES always suffices.
 *
 * The array can go to platform_device_add_resources(), so that a driver
 * probes the model with devm_platform_ioremap_resource() and
 * platform_get_irq() as it would a real device.
 *
 * Return: the number of entries filled, or -ENOSPC if @nres is too small.
 */
int cbdma_model_resources(struct cbdma_model *model, struct resource *res,
			  unsigned int nres)
{
	unsigned int i;

	if (nres < 1 + model->cfg.channels)
		return -ENOSPC;
	res[0] = DEFINE_RES_MEM_NAMED(model->res->start, CBDMA_MMIO_SIZE,
				      "cbdma-regs");
	for (i = 0; i < model->cfg.channels; i++)
		res[1 + i] = DEFINE_RES_IRQ(model->virq[i]);
	return 1 + model->cfg.channels;
}
EXPORT_SYMBOL_GPL(cbdma_model_resources);

/**
 * cbdma_model_inject() - arm a fault on a channel
 * @model: the instance.
 * @chan: the channel.
 * @fault: what goes wrong.
 * @after: descriptors to fetch normally first (0: the next descriptor).
 *
 * One fault per channel is armed at a time; a new one replaces it. It fires
 * once, when the channel reaches that descriptor; RESET does not disarm it.
 *
 * Return: 0, or -EINVAL for a bad channel or fault.
 */
int cbdma_model_inject(struct cbdma_model *model, unsigned int chan,
		       enum cbdma_model_fault fault, unsigned int after)
{
	struct cbdma_model_chan *ch;
	unsigned long flags;

	if (chan >= model->cfg.channels || fault > CBDMA_FAULT_LATE_COMPLETION)
		return -EINVAL;
	ch = &model->chan[chan];
	spin_lock_irqsave(model->lock, flags);
	ch->fault = fault;
	ch->fault_after = after;
	ch->fault_armed = true;
	spin_unlock_irqrestore(model->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_inject);

/**
 * cbdma_model_set_delay() - make a channel slow
 * @model: the instance.
 * @chan: the channel.
 * @delay_us: delay after each descriptor (0: none). In synchronous mode it
 *	is a busy wait inside the MMIO write.
 *
 * Return: 0, or -EINVAL for a bad channel.
 */
int cbdma_model_set_delay(struct cbdma_model *model, unsigned int chan,
			  unsigned int delay_us)
{
	unsigned long flags;

	if (chan >= model->cfg.channels)
		return -EINVAL;
	spin_lock_irqsave(model->lock, flags);
	model->chan[chan].delay_us = delay_us;
	spin_unlock_irqrestore(model->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_set_delay);

/**
 * cbdma_model_stall() - stall a channel's engine, or let it go
 * @model: the instance.
 * @chan: the channel.
 * @stall: true: the channel fetches nothing from now on, as a device whose
 *	reads are held up on the bus; its registers (CHANSTS, CDAR, the
 *	internal count) stay as they are and commands still act. false:
 *	it runs what is pending (at once in synchronous mode).
 *
 * Return: 0, or -EINVAL for a bad channel.
 */
int cbdma_model_stall(struct cbdma_model *model, unsigned int chan, bool stall)
{
	struct cbdma_model_chan *ch;
	unsigned long flags;

	if (chan >= model->cfg.channels)
		return -EINVAL;
	ch = &model->chan[chan];
	spin_lock_irqsave(model->lock, flags);
	ch->stalled = stall;
	if (!stall)
		cbdma_model_kick(ch);
	spin_unlock_irqrestore(model->lock, flags);
	cbdma_model_fire(model);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_stall);

/**
 * cbdma_model_hold_cmds() - make a channel slow to carry out commands
 * @model: the instance.
 * @chan: the channel.
 * @hold: true: SUSPEND, RESUME, ABORT and RESET written from now on wait
 *	(CHANCMD reads the command back; a later one replaces it), as on a
 *	device that takes its time or never answers. false: the waiting
 *	command, if any, is carried out now.
 *
 * Return: 0, or -EINVAL for a bad channel.
 */
int cbdma_model_hold_cmds(struct cbdma_model *model, unsigned int chan,
			  bool hold)
{
	struct cbdma_model_chan *ch;
	unsigned long flags;
	u8 cmd;

	if (chan >= model->cfg.channels)
		return -EINVAL;
	ch = &model->chan[chan];
	spin_lock_irqsave(model->lock, flags);
	ch->cmds_held = hold;
	if (!hold && ch->held_cmd) {
		cmd = ch->held_cmd;
		ch->held_cmd = 0;
		cbdma_model_run_chancmd(ch, cmd);
	}
	spin_unlock_irqrestore(model->lock, flags);
	cbdma_model_fire(model);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_hold_cmds);

/* The run-time switches below: one flag, set under the model's lock. */
static void cbdma_model_set_flag(struct cbdma_model *model, bool *flag,
				 bool value)
{
	unsigned long flags;

	spin_lock_irqsave(model->lock, flags);
	*flag = value;
	spin_unlock_irqrestore(model->lock, flags);
}

/**
 * cbdma_model_set_no_copy() - switch no_copy mode at run time
 * @model: the instance.
 * @no_copy: see &struct cbdma_model_config.
 *
 * For a benchmark on a probed device: a driver's probe self-test checks the
 * copied data, so the model must copy until the probe is over.
 */
void cbdma_model_set_no_copy(struct cbdma_model *model, bool no_copy)
{
	cbdma_model_set_flag(model, &model->cfg.no_copy, no_copy);
}
EXPORT_SYMBOL_GPL(cbdma_model_set_no_copy);

/**
 * cbdma_model_set_gone() - the device falls off the bus, or comes back
 * @model: the instance.
 * @gone: from now on MMIO reads return all ones, writes are dropped, and
 *	the device neither runs descriptors nor interrupts (a surprise
 *	removal, a link down). Its registers keep their values, so switching
 *	it back models a link that recovers without a reset.
 */
void cbdma_model_set_gone(struct cbdma_model *model, bool gone)
{
	cbdma_model_set_flag(model, &model->gone, gone);
}
EXPORT_SYMBOL_GPL(cbdma_model_set_gone);

/**
 * cbdma_model_set_timed() - count the CPU time of synchronous execution
 * @model: the instance.
 * @timed: add the time each doorbell write spends executing descriptors
 *	to the channel's exec_ns counter.
 *
 * Synchronous execution runs on the CPU that rings the doorbell, so a
 * benchmark of the driver includes it; with this on, the benchmark can
 * tell that "hardware" time from the driver's own. The two clock reads per
 * doorbell cost CPU time themselves: leave it off while timing the driver.
 */
void cbdma_model_set_timed(struct cbdma_model *model, bool timed)
{
	cbdma_model_set_flag(model, &model->timed, timed);
}
EXPORT_SYMBOL_GPL(cbdma_model_set_timed);

/**
 * cbdma_model_flush() - wait until no channel has work it can run
 * @model: the instance.
 *
 * In work-item mode, waits for the queued work; a hung channel counts as
 * done. Interrupt handlers may still be pending (irq_sim runs them from
 * irq_work).
 */
void cbdma_model_flush(struct cbdma_model *model)
{
	unsigned int i;

	for (i = 0; i < model->cfg.channels; i++)
		flush_work(&model->chan[i].work);
}
EXPORT_SYMBOL_GPL(cbdma_model_flush);

/**
 * cbdma_model_hold_irq() - hold a vector's messages in transit
 * @model: the instance.
 * @vector: the vector (the channel's in MSI-X mode, else 0).
 * @hold: true to hold, false to deliver what was held and stop holding.
 *
 * A held vector still signals as far as the device is concerned (the
 * channel disarms, ATTNSTATUS is set, the irqs counter counts it), but the
 * CPU does not see it until the release: an interrupt on its way, or one
 * whose handler has not run yet, for as long as a test needs it.
 *
 * Return: 0, or -EINVAL for a vector that is not there.
 */
int cbdma_model_hold_irq(struct cbdma_model *model, unsigned int vector,
			 bool hold)
{
	unsigned long flags;

	if (vector >= model->cfg.channels)
		return -EINVAL;
	spin_lock_irqsave(model->lock, flags);
	if (hold) {
		model->held |= BIT(vector);
	} else {
		model->held &= ~BIT(vector);
		if (model->in_transit & BIT(vector)) {
			model->in_transit &= ~BIT(vector);
			model->raise |= BIT(vector);
		}
	}
	spin_unlock_irqrestore(model->lock, flags);
	cbdma_model_fire(model);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_hold_irq);

/**
 * cbdma_model_counters() - a snapshot of a channel's counters
 * @model: the instance.
 * @chan: the channel.
 * @out: filled in.
 *
 * Return: 0, or -EINVAL for a bad channel.
 */
int cbdma_model_counters(struct cbdma_model *model, unsigned int chan,
			 struct cbdma_model_counters *out)
{
	unsigned long flags;

	if (chan >= model->cfg.channels)
		return -EINVAL;
	spin_lock_irqsave(model->lock, flags);
	*out = model->chan[chan].cnt;
	spin_unlock_irqrestore(model->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_counters);

/**
 * cbdma_model_mmio_count() - accesses at one register offset
 * @model: the instance.
 * @offset: offset in the window, e.g. CBDMA_CHAN_BASE(0) + CBDMA_DMACOUNT.
 * @write: count writes instead of reads.
 *
 * Return: the number of accesses starting at @offset (0 beyond the
 * channel blocks).
 */
u64 cbdma_model_mmio_count(struct cbdma_model *model, unsigned int offset,
			   bool write)
{
	unsigned long flags;
	u64 n;

	if (offset >= CBDMA_MODEL_REG_SPAN)
		return 0;
	spin_lock_irqsave(model->lock, flags);
	n = write ? model->mmio_writes[offset] : model->mmio_reads[offset];
	spin_unlock_irqrestore(model->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(cbdma_model_mmio_count);

/**
 * cbdma_model_pci_id() - the PCI ID the personality presents
 * @model: the instance.
 * @vendor: set to the vendor ID.
 * @device: set to the device ID.
 */
void cbdma_model_pci_id(struct cbdma_model *model, u16 *vendor, u16 *device)
{
	*vendor = model->pers->vendor;
	*device = model->pers->device;
}
EXPORT_SYMBOL_GPL(cbdma_model_pci_id);

/**
 * cbdma_model_addr_bits() - the address width in force
 * @model: the instance.
 *
 * Return: the personality's width, or what cbdma_model_set_addr_bits() set.
 */
u8 cbdma_model_addr_bits(struct cbdma_model *model)
{
	return READ_ONCE(model->addr_bits);
}
EXPORT_SYMBOL_GPL(cbdma_model_addr_bits);

/**
 * cbdma_model_set_addr_bits() - narrow or widen the address width
 * @model: the instance.
 * @bits: 12..64. In strict mode a descriptor, source, destination or
 *	completion address at or beyond 2^@bits faults (CHANERR, counted in
 *	addr_faults and logged); without strict it is not checked.
 *
 * UML's RAM lies far below any silicon's width, so a test narrows the
 * width below its buffers to see the fault.
 *
 * Return: 0, or -EINVAL for a width out of range.
 */
int cbdma_model_set_addr_bits(struct cbdma_model *model, unsigned int bits)
{
	unsigned long flags;

	if (bits < 12 || bits > 64)
		return -EINVAL;
	spin_lock_irqsave(model->lock, flags);
	WRITE_ONCE(model->addr_bits, bits);
	spin_unlock_irqrestore(model->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_set_addr_bits);

/**
 * cbdma_model_config_read() - read a dword of the function's config space
 * @model: the instance.
 * @where: dword offset: 0 (vendor and device ID), 0x148 (DMAUNCERRSTS) or
 *	0x180 (CHANERR_INT); anything else reads 0.
 *
 * The in-kernel model is no PCI function; a test's bus glue serves the
 * driver's config accesses with this and cbdma_model_config_write().
 *
 * Return: the dword.
 */
u32 cbdma_model_config_read(struct cbdma_model *model, unsigned int where)
{
	unsigned long flags;
	u32 val = 0;

	spin_lock_irqsave(model->lock, flags);
	if (model->gone)
		val = U32_MAX;
	else if (where == CBDMA_MODEL_CFG_ID)
		val = model->pers->vendor | (u32)model->pers->device << 16;
	else if (where == CBDMA_MODEL_CFG_DMAUNCERRSTS)
		val = model->dmauncerrsts;
	else if (where == CBDMA_MODEL_CFG_CHANERR_INT)
		val = model->chanerr_int;
	spin_unlock_irqrestore(model->lock, flags);
	return val;
}
EXPORT_SYMBOL_GPL(cbdma_model_config_read);

/**
 * cbdma_model_config_write() - write a dword of the function's config space
 * @model: the instance.
 * @where: 0x148 (DMAUNCERRSTS) or 0x180 (CHANERR_INT), both write 1 to
 *	clear; other offsets are ignored.
 * @val: the value.
 */
void cbdma_model_config_write(struct cbdma_model *model, unsigned int where,
			      u32 val)
{
	unsigned long flags;

	spin_lock_irqsave(model->lock, flags);
	if (!model->gone && where == CBDMA_MODEL_CFG_DMAUNCERRSTS)
		model->dmauncerrsts &= ~val;
	else if (!model->gone && where == CBDMA_MODEL_CFG_CHANERR_INT)
		model->chanerr_int &= ~val;
	spin_unlock_irqrestore(model->lock, flags);
}
EXPORT_SYMBOL_GPL(cbdma_model_config_write);

/**
 * cbdma_model_msix_layout() - where the MSI-X table and PBA lie in BAR 0
 * @model: the instance.
 * @table: set to the table's offset (one 16-byte entry per channel).
 * @pba: set to the Pending Bit Array's offset.
 *
 * The entries start programmed and unmasked, as the MSI core leaves them;
 * a vector whose entry is masked is held pending in the PBA until it is
 * unmasked.
 */
void cbdma_model_msix_layout(struct cbdma_model *model, u32 *table, u32 *pba)
{
	*table = model->pers->msix_table;
	*pba = model->pers->msix_pba;
}
EXPORT_SYMBOL_GPL(cbdma_model_msix_layout);

/**
 * cbdma_model_msix_masked() - is a vector's MSI-X entry masked?
 * @model: the instance.
 * @vector: the vector.
 *
 * Return: true while the entry's mask bit is set (a vector beyond the
 * channels reads false).
 */
bool cbdma_model_msix_masked(struct cbdma_model *model, unsigned int vector)
{
	unsigned long flags;
	bool masked;

	if (vector >= model->cfg.channels)
		return false;
	spin_lock_irqsave(model->lock, flags);
	masked = model->msix[vector][CBDMA_MODEL_MSIX_CTRL / 4] &
		 CBDMA_MODEL_MSIX_MASKBIT;
	spin_unlock_irqrestore(model->lock, flags);
	return masked;
}
EXPORT_SYMBOL_GPL(cbdma_model_msix_masked);

/**
 * cbdma_model_function_reset() - a function level reset (FLR) or power loss
 * @model: the instance.
 *
 * Every register returns to its reset value, IN_USE and config space's
 * CHANERR_INT included (unlike CHANCMD RESET, which keeps IN_USE). The
 * MSI-X table keeps its entries: the PCI core restores them after a
 * function reset, before the driver's reset_done runs.
 */
void cbdma_model_function_reset(struct cbdma_model *model)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(model->lock, flags);
	for (i = 0; i < model->cfg.channels; i++) {
		model->chan[i].chanctrl = 0;
		/* A command still waiting is lost with the rest. */
		if (!model->chan[i].cmds_held)
			model->chan[i].held_cmd = 0;
		cbdma_model_chan_reset(&model->chan[i]);
		model->chan[i].chanerr = model->chan[i].reset_chanerr;
	}
	model->intrctrl = 0;
	model->attnstatus = 0;
	model->genctrl = 0;
	model->intrdelay = 0;
	model->prefetch_limit = 0;
	model->chanerr_int = 0;
	model->dmauncerrsts = 0;
	spin_unlock_irqrestore(model->lock, flags);
}
EXPORT_SYMBOL_GPL(cbdma_model_function_reset);

/**
 * cbdma_model_agent_claim() - another agent claims a channel
 * @model: the instance.
 * @chan: the channel.
 *
 * Sets CHANCTRL.IN_USE as another agent's read of CHANCTRL would on
 * silicon (a user-space driver through VFIO, firmware), e.g. in the window
 * between a function reset and the driver's re-claim.
 *
 * Return: 0, or -EINVAL for a bad channel.
 */
int cbdma_model_agent_claim(struct cbdma_model *model, unsigned int chan)
{
	unsigned long flags;

	if (chan >= model->cfg.channels)
		return -EINVAL;
	spin_lock_irqsave(model->lock, flags);
	model->chan[chan].chanctrl |= CBDMA_CHANCTRL_CHANNEL_IN_USE;
	spin_unlock_irqrestore(model->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_agent_claim);

/**
 * cbdma_model_reset_fault() - make RESET leave an error behind
 * @model: the instance.
 * @chan: the channel.
 * @chanerr: CHANERR bits that every later RESET (and function reset)
 *	leaves set, as an internal error RESET does not clear would; 0
 *	ends the fault (CHANERR is then cleared as usual).
 *
 * Return: 0, or -EINVAL for a bad channel.
 */
int cbdma_model_reset_fault(struct cbdma_model *model, unsigned int chan,
			    u32 chanerr)
{
	unsigned long flags;

	if (chan >= model->cfg.channels)
		return -EINVAL;
	spin_lock_irqsave(model->lock, flags);
	model->chan[chan].reset_chanerr = chanerr & CBDMA_CHANERR_ALL;
	spin_unlock_irqrestore(model->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(cbdma_model_reset_fault);
