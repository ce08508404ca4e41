// SPDX-License-Identifier: GPL-2.0
/*
 * Intel CBDMA (I/OAT 3.x) silicon: the quirk table and the admission rule.
 *
 * cbdma is written against Documentation/cbdma-hw.rst, a programming model
 * that only Intel's CBDMA implements in silicon. Binding cbdma to such a
 * function is experimental: nobody has run it on real silicon yet. So a
 * vendor-0x8086 function is refused unless the administrator loaded the
 * module with intel_silicon=1 and the function's device ID is one of the
 * IDs below, which are every CBDMA ID that Linux's ioatdma binds
 * (drivers/dma/ioat/init.c, ioat_pci_tbl). The IDs stay out of the PCI ID
 * table (pci.c), so udev never loads cbdma in place of ioatdma; a function
 * is handed to cbdma with driver_override (Documentation/cbdma-intel.rst).
 *
 * Each entry records what ioatdma (and, where named, the audit of issue 15)
 * does differently for that silicon. The config-space and MSI-X work of a
 * reset is here (cbdma_intel_bus_ops), reached through the bus glue's
 * accessors, so that the PCI glue and KUnit's model run the same code; the
 * rest acts where the register work is (core.c).
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "cbdma.h"

bool cbdma_intel_silicon;
module_param_named(intel_silicon, cbdma_intel_silicon, bool, 0444);
MODULE_PARM_DESC(intel_silicon,
		 "Experimental: let cbdma drive Intel CBDMA (I/OAT 3.x) functions listed in Documentation/cbdma-intel.rst, bound by driver_override (default 0: refused)");

/* VER values of the silicon, as ioatdma names them (IOAT_VER_3_x) */
#define V30	0x30
#define V32	0x32
#define V33	0x33
#define V34	0x34

/*
 * Flag sets by family. ioatdma clears CHANERR_INT for every device whose
 * (overridden) version is below 3.3; BWD and BDX-DE share the silicon
 * whose RESET clobbers MSI-X table entry 0 and the PBA; ioatdma masks
 * XOR/PQ on every Xeon 3.2 part and on the BWD/BDX-DE functions without
 * RAID (is_xeon_cb32, is_bwd_noraid). No reference driver (ioatdma,
 * FreeBSD's ioat, DPDK, SPDK) ever writes ABORT or RESUME on any of them:
 * every family runs without (F_ALL).
 */
#define F_ALL	(CBDMA_INTEL_NO_ABORT_RESUME)
#define F_TBG	(CBDMA_INTEL_CHANERR_INT | F_ALL)
#define F_CB32	(CBDMA_INTEL_CHANERR_INT | CBDMA_INTEL_NO_RAID | F_ALL)
#define F_BWD	(CBDMA_INTEL_MSIX_RESTORE | F_ALL)
#define F_BWDNR	(CBDMA_INTEL_MSIX_RESTORE | CBDMA_INTEL_NO_RAID | F_ALL)
#define F_ICX	(CBDMA_INTEL_V34_REGS | CBDMA_INTEL_ONE_CHAN | F_ALL)

#define ID(dev, fam, v, f, bits) \
	{ .device = (dev), .family = (fam), .ver = (v), .flags = (f), \
	  .addr_bits = (bits) }

/* Every CBDMA function ioatdma binds, in ioat_pci_tbl's order. */
static const struct cbdma_intel_id cbdma_intel_ids[] = {
	/* 5400 (Tylersburg), I/OAT 3.0; TBG0 also needs DMAUNCERRSTS cleared */
	ID(0x3430, "TBG", V30, F_TBG | CBDMA_INTEL_UNCERR_PARITY, 64),
	ID(0x3431, "TBG", V30, F_TBG, 64),
	ID(0x3432, "TBG", V30, F_TBG, 64),
	ID(0x3433, "TBG", V30, F_TBG, 64),
	ID(0x3429, "TBG", V30, F_TBG, 64),
	ID(0x342a, "TBG", V30, F_TBG, 64),
	ID(0x342b, "TBG", V30, F_TBG, 64),
	ID(0x342c, "TBG", V30, F_TBG, 64),
	/* Xeon 5500/5600 (Jasper Forest), 3.2; 40 address bits (issue 15's audit) */
	ID(0x3710, "JSF", V32, F_CB32, 40),
	ID(0x3711, "JSF", V32, F_CB32, 40),
	ID(0x3712, "JSF", V32, F_CB32, 40),
	ID(0x3713, "JSF", V32, F_CB32, 40),
	ID(0x3714, "JSF", V32, F_CB32, 40),
	ID(0x3715, "JSF", V32, F_CB32, 40),
	ID(0x3716, "JSF", V32, F_CB32, 40),
	ID(0x3717, "JSF", V32, F_CB32, 40),
	ID(0x3718, "JSF", V32, F_CB32, 40),
	ID(0x3719, "JSF", V32, F_CB32, 40),
	/* Xeon E5 (Sandy Bridge-EP), 3.2 */
	ID(0x3c20, "SNB", V32, F_CB32, 64),
	ID(0x3c21, "SNB", V32, F_CB32, 64),
	ID(0x3c22, "SNB", V32, F_CB32, 64),
	ID(0x3c23, "SNB", V32, F_CB32, 64),
	ID(0x3c24, "SNB", V32, F_CB32, 64),
	ID(0x3c25, "SNB", V32, F_CB32, 64),
	ID(0x3c26, "SNB", V32, F_CB32, 64),
	ID(0x3c27, "SNB", V32, F_CB32, 64),
	ID(0x3c2e, "SNB", V32, F_CB32, 64),
	ID(0x3c2f, "SNB", V32, F_CB32, 64),
	/* Xeon E5/E7 v2 (Ivy Bridge-EP), 3.2 */
	ID(0x0e20, "IVB", V32, F_CB32, 64),
	ID(0x0e21, "IVB", V32, F_CB32, 64),
	ID(0x0e22, "IVB", V32, F_CB32, 64),
	ID(0x0e23, "IVB", V32, F_CB32, 64),
	ID(0x0e24, "IVB", V32, F_CB32, 64),
	ID(0x0e25, "IVB", V32, F_CB32, 64),
	ID(0x0e26, "IVB", V32, F_CB32, 64),
	ID(0x0e27, "IVB", V32, F_CB32, 64),
	ID(0x0e2e, "IVB", V32, F_CB32, 64),
	ID(0x0e2f, "IVB", V32, F_CB32, 64),
	/* Xeon E5 v3 (Haswell-EP), 3.2 */
	ID(0x2f20, "HSW", V32, F_CB32, 64),
	ID(0x2f21, "HSW", V32, F_CB32, 64),
	ID(0x2f22, "HSW", V32, F_CB32, 64),
	ID(0x2f23, "HSW", V32, F_CB32, 64),
	ID(0x2f24, "HSW", V32, F_CB32, 64),
	ID(0x2f25, "HSW", V32, F_CB32, 64),
	ID(0x2f26, "HSW", V32, F_CB32, 64),
	ID(0x2f27, "HSW", V32, F_CB32, 64),
	ID(0x2f2e, "HSW", V32, F_CB32, 64),
	ID(0x2f2f, "HSW", V32, F_CB32, 64),
	/* Xeon E5 v4 (Broadwell-EP), 3.2 */
	ID(0x6f20, "BDX", V32, F_CB32, 64),
	ID(0x6f21, "BDX", V32, F_CB32, 64),
	ID(0x6f22, "BDX", V32, F_CB32, 64),
	ID(0x6f23, "BDX", V32, F_CB32, 64),
	ID(0x6f24, "BDX", V32, F_CB32, 64),
	ID(0x6f25, "BDX", V32, F_CB32, 64),
	ID(0x6f26, "BDX", V32, F_CB32, 64),
	ID(0x6f27, "BDX", V32, F_CB32, 64),
	ID(0x6f2e, "BDX", V32, F_CB32, 64),
	ID(0x6f2f, "BDX", V32, F_CB32, 64),
	/* Xeon Scalable (Skylake/Cascade Lake-SP): reads 3.3, run as 3.2 */
	{ .device = 0x2021, .family = "SKX", .ver = V33, .ver_override = V32,
	  .flags = F_CB32, .addr_bits = 64 },
	/* Atom C2000 (Avoton/Rangeley, "BWD"), 3.3; BWD0/1 have RAID */
	ID(0x0c50, "BWD", V33, F_BWD, 64),
	ID(0x0c51, "BWD", V33, F_BWD, 64),
	ID(0x0c52, "BWD", V33, F_BWDNR, 64),
	ID(0x0c53, "BWD", V33, F_BWDNR, 64),
	/* Xeon D-1500 (Broadwell-DE): the BWD DMA silicon, no RAID */
	ID(0x6f50, "BDXDE", V33, F_BWDNR, 64),
	ID(0x6f51, "BDXDE", V33, F_BWDNR, 64),
	ID(0x6f52, "BDXDE", V33, F_BWDNR, 64),
	ID(0x6f53, "BDXDE", V33, F_BWDNR, 64),
	/* 3rd gen Xeon Scalable (Ice Lake-SP), 3.4: one channel per function */
	ID(0x0b00, "ICX", V34, F_ICX, 64),
};

/**
 * cbdma_intel_ids_table() - the quirk table, for tests and debugfs
 * @count: set to the number of entries
 *
 * Return: the first entry.
 */
const struct cbdma_intel_id *cbdma_intel_ids_table(unsigned int *count)
{
	*count = ARRAY_SIZE(cbdma_intel_ids);
	return cbdma_intel_ids;
}

/**
 * cbdma_intel_lookup() - the quirk table's entry for an Intel device ID
 * @device: PCI device ID (vendor 0x8086)
 *
 * Return: the entry, or NULL for an ID that is not a CBDMA function
 * ioatdma binds.
 */
const struct cbdma_intel_id *cbdma_intel_lookup(u16 device)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cbdma_intel_ids); i++)
		if (cbdma_intel_ids[i].device == device)
			return &cbdma_intel_ids[i];
	return NULL;
}

/**
 * cbdma_intel_admit() - may cbdma drive this PCI function?
 * @dev: the function, for the log
 * @vendor: its vendor ID
 * @device: its device ID
 * @opted_in: the intel_silicon module parameter
 * @id: set to the quirk table's entry for an admitted Intel function, to
 *	NULL for any other vendor
 *
 * Any vendor other than Intel is admitted (its ID was bound by the ID
 * table or by the administrator's new_id). An Intel function is admitted
 * only with @opted_in and an ID in the quirk table; a refusal says how to
 * opt in, an admission that the support is experimental.
 *
 * Return: 0, or -ENODEV for a refused function.
 */
int cbdma_intel_admit(struct device *dev, u16 vendor, u16 device,
		      bool opted_in, const struct cbdma_intel_id **id)
{
	const struct cbdma_intel_id *q;

	*id = NULL;
	if (vendor != CBDMA_PCI_INTEL_VENDOR_ID)
		return 0;
	q = cbdma_intel_lookup(device);
	if (!q) {
		dev_err(dev, "Intel device %04x:%04x is not a CBDMA function cbdma knows; refusing it (ioatdma may drive it)\n",
			vendor, device);
		return -ENODEV;
	}
	if (!opted_in) {
		dev_err(dev, "Intel CBDMA %s %04x:%04x: support is experimental and off; refusing it. Leave it to ioatdma, or load cbdma with intel_silicon=1 and bind it by driver_override (Documentation/cbdma-intel.rst)\n",
			q->family, vendor, device);
		return -ENODEV;
	}
	dev_warn(dev, "Intel CBDMA %s %04x:%04x: EXPERIMENTAL support (intel_silicon=1), never run on silicon by its authors\n",
		 q->family, vendor, device);
	*id = q;
	return 0;
}

/**
 * cbdma_intel_apply() - check the silicon against its entry, apply the quirks
 * @cd: the device after cbdma_identify(), with @cd->intel set
 *
 * Applies the version override (the version used from then on, as
 * ioatdma does for SKX), refuses a VER unlike the entry's (another part
 * behind a known ID is not what the table describes), and limits the
 * channels to one on 3.4 functions.
 *
 * Return: 0, or -ENODEV for a VER the entry does not describe.
 */
int cbdma_intel_apply(struct cbdma_dev *cd)
{
	const struct cbdma_intel_id *q = cd->intel;

	if (!q)
		return 0;
	if (cd->ver != q->ver) {
		dev_err(cd->dev, "Intel CBDMA %s reads VER %#x, the quirk table knows %#x: refusing it\n",
			q->family, cd->ver, q->ver);
		return -ENODEV;
	}
	if (q->ver_override)
		cd->ver = q->ver_override;
	cd->quirks = q->flags;
	if ((q->flags & CBDMA_INTEL_V34_REGS) &&
	    cd->mmio_len < CBDMA_CHAN_BASE(0) + CBDMA_CHAN_34_END) {
		dev_err(cd->dev, "Intel CBDMA %s: register window of %llu bytes lacks the 3.4 registers: refusing it\n",
			q->family, (u64)cd->mmio_len);
		return -ENODEV;
	}
	if ((q->flags & CBDMA_INTEL_ONE_CHAN) && cd->hw_chancnt > 1) {
		dev_warn(cd->dev, "Intel CBDMA %s: CHANCNT %u, one channel per function on this silicon: using 1\n",
			 q->family, cd->hw_chancnt);
		cd->hw_chancnt = 1;
	}
	return 0;
}

/* Config space of Intel CBDMA functions (ioat/registers.h) */
#define CBDMA_INTEL_CFG_DMAUNCERRSTS	0x148	/* IOAT_PCI_DMAUNCERRSTS_OFFSET */
#define CBDMA_INTEL_CFG_UNCERR_PARITY	0x10
#define CBDMA_INTEL_CFG_CHANERR_INT	0x180	/* IOAT_PCI_CHANERR_INT_OFFSET */

/*
 * Before a channel's RESET. CHANERR_INT, config space's copy of CHANERR,
 * stays latched on silicon below 3.3 (and SKX) and blocks the channel
 * until cleared (ioat_reset_hw). On BWD and BDX-DE, RESET clobbers MSI-X
 * entry 0 and the PBA: save them (ioatdma does, in MSI-X mode).
 */
static void cbdma_intel_pre_reset(struct cbdma_dev *cd)
{
	struct cbdma_intel_fn *fn = cd->bus_priv;
	unsigned long flags;
	u32 val;

	if (cd->quirks & CBDMA_INTEL_CHANERR_INT) {
		val = fn->cfg_read(fn->ctx, CBDMA_INTEL_CFG_CHANERR_INT);
		if (val && val != U32_MAX)
			fn->cfg_write(fn->ctx, CBDMA_INTEL_CFG_CHANERR_INT, val);
	}
	if (cd->quirks & CBDMA_INTEL_UNCERR_PARITY)
		fn->cfg_write(fn->ctx, CBDMA_INTEL_CFG_DMAUNCERRSTS,
			      CBDMA_INTEL_CFG_UNCERR_PARITY);
	if (!(cd->quirks & CBDMA_INTEL_MSIX_RESTORE) || !fn->msix_table)
		return;
	spin_lock_irqsave(&fn->lock, flags);
	if (!fn->resetting++) {
		fn->saved_entry[0] = lo_hi_readq(fn->msix_table);
		fn->saved_entry[1] = lo_hi_readq(fn->msix_table + 8);
		fn->saved_pba = lo_hi_readq(fn->msix_pba);
	}
	spin_unlock_irqrestore(&fn->lock, flags);
}

static void cbdma_intel_post_reset(struct cbdma_dev *cd)
{
	struct cbdma_intel_fn *fn = cd->bus_priv;
	unsigned long flags;

	if (!(cd->quirks & CBDMA_INTEL_MSIX_RESTORE) || !fn->msix_table)
		return;
	spin_lock_irqsave(&fn->lock, flags);
	if (!--fn->resetting) {
		lo_hi_writeq(fn->saved_entry[0], fn->msix_table);
		lo_hi_writeq(fn->saved_entry[1], fn->msix_table + 8);
		lo_hi_writeq(fn->saved_pba, fn->msix_pba);
	}
	spin_unlock_irqrestore(&fn->lock, flags);
}

static const struct cbdma_bus_ops cbdma_intel_bus_ops = {
	.pre_reset = cbdma_intel_pre_reset,
	.post_reset = cbdma_intel_post_reset,
};

/**
 * cbdma_intel_msix_ptr() - an MSI-X structure in the register window
 * @cd: the device, its window mapped
 * @off: the structure's offset in BAR 0
 * @len: the bytes the reset quirk touches there
 *
 * Only a table or PBA in BAR 0, past the channel registers and within the
 * window, can a reset quirk reach.
 *
 * Return: its address, or NULL.
 */
void __iomem *cbdma_intel_msix_ptr(struct cbdma_dev *cd, u32 off,
				   unsigned int len)
{
	if (off < CBDMA_CHAN_BASE(1) || off + len > cd->mmio_len)
		return NULL;
	return cd->regs + off;
}

/**
 * cbdma_intel_fn_init() - install the reset quirks' hooks
 * @cd: the device, before any channel reset
 * @fn: the function's config space and MSI-X pointers, filled in by the
 *	bus glue (the rest is initialised here); it lives as long as @cd
 */
void cbdma_intel_fn_init(struct cbdma_dev *cd, struct cbdma_intel_fn *fn)
{
	spin_lock_init(&fn->lock);
	fn->resetting = 0;
	if (!fn->msix_pba)
		fn->msix_table = NULL;
	cd->bus_priv = fn;
	cd->bus_ops = &cbdma_intel_bus_ops;
}
