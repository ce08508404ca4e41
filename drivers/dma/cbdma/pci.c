// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma PCI glue: BAR 0, a 64-bit DMA mask (32-bit fallback), bus
 * mastering, one MSI-X vector per channel or one MSI/INTx interrupt shared
 * by all, and PCI error recovery. Only our own ID is claimed: Intel's
 * CBDMA IDs belong to ioatdma, and an Intel function bound to cbdma by hand
 * is refused unless the administrator opted in (intel.c).
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pm.h>

#include "cbdma.h"

/* PCI_IRQ_INTX is 6.8's name for PCI_IRQ_LEGACY. */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

static u32 cbdma_pci_cfg_read(void *ctx, unsigned int where)
{
	u32 val;

	pci_read_config_dword(ctx, where, &val);
	return val;
}

static void cbdma_pci_cfg_write(void *ctx, unsigned int where, u32 val)
{
	pci_write_config_dword(ctx, where, val);
}

/* Where MSI-X's table or PBA lies, if in BAR 0 within the window. */
static void __iomem *cbdma_pci_msix_ptr(struct pci_dev *pdev,
					struct cbdma_dev *cd, int where,
					unsigned int len)
{
	u32 val;

	if (!pdev->msix_cap)
		return NULL;
	pci_read_config_dword(pdev, pdev->msix_cap + where, &val);
	if ((val & PCI_MSIX_TABLE_BIR) != CBDMA_MMIO_BAR)
		return NULL;
	return cbdma_intel_msix_ptr(cd, val & PCI_MSIX_TABLE_OFFSET, len);
}

/*
 * PCIe Relaxed Ordering lets the completion word's write pass the data
 * writes it reports; ioatdma clears it, and so does cbdma on every
 * function.
 */
static void cbdma_pci_no_relaxed_ordering(struct pci_dev *pdev)
{
	int ret = pcie_capability_clear_word(pdev, PCI_EXP_DEVCTL,
					     PCI_EXP_DEVCTL_RELAX_EN);

	if (ret)
		dev_warn(&pdev->dev, "cannot clear Relaxed Ordering: %d\n", ret);
}

static int cbdma_pci_irqs(struct pci_dev *pdev, struct cbdma_dev *cd)
{
	int nvec, i;

	nvec = pci_alloc_irq_vectors(pdev, cd->hw_chancnt, cd->hw_chancnt,
				     PCI_IRQ_MSIX);
	if (nvec < 0)
		nvec = pci_alloc_irq_vectors(pdev, 1, 1,
					     PCI_IRQ_MSI | PCI_IRQ_INTX);
	if (nvec < 0)
		return nvec;
	for (i = 0; i < nvec; i++)
		cd->irqs[i] = pci_irq_vector(pdev, i);
	cd->nr_irqs = nvec;
	return 0;
}

static int cbdma_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct cbdma_intel_id *intel;
	struct device *dev = &pdev->dev;
	struct cbdma_intel_fn *fn;
	struct cbdma_dev *cd;
	unsigned int bits;
	int ret;

	/* Before the device is touched: real silicon is opt-in. */
	ret = cbdma_intel_admit(dev, pdev->vendor, pdev->device,
				cbdma_intel_silicon, &intel);
	if (ret)
		return ret;

	cd = devm_kzalloc(dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->dev = dev;
	cd->name = dev_name(dev);
	cd->vendor_id = pdev->vendor;
	cd->intel = intel;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(CBDMA_MMIO_BAR), KBUILD_MODNAME);
	if (ret)
		return dev_err_probe(dev, ret, "cannot map BAR %d\n", CBDMA_MMIO_BAR);
	cd->regs = pcim_iomap_table(pdev)[CBDMA_MMIO_BAR];
	cd->mmio_len = pci_resource_len(pdev, CBDMA_MMIO_BAR);

	bits = intel ? intel->addr_bits : 64;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits));
	if (ret)
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no usable DMA mask\n");
	pci_set_master(pdev);

	ret = cbdma_identify(cd);
	if (ret)
		return ret;
	ret = cbdma_intel_apply(cd);
	if (ret)
		return ret;
	fn = devm_kzalloc(dev, sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;
	fn->cfg_read = cbdma_pci_cfg_read;
	fn->cfg_write = cbdma_pci_cfg_write;
	fn->ctx = pdev;
	cbdma_pci_no_relaxed_ordering(pdev);
	ret = cbdma_pci_irqs(pdev, cd);
	if (ret)
		return dev_err_probe(dev, ret, "no interrupt\n");
	if (pdev->msix_enabled) {
		fn->msix_table = cbdma_pci_msix_ptr(pdev, cd, PCI_MSIX_TABLE, 16);
		fn->msix_pba = cbdma_pci_msix_ptr(pdev, cd, PCI_MSIX_PBA, 8);
	}
	cbdma_intel_fn_init(cd, fn);
	if ((cd->quirks & CBDMA_INTEL_MSIX_RESTORE) && !fn->msix_table)
		dev_warn(dev, "MSI-X table outside BAR 0: it cannot be restored after a channel reset\n");

	pci_set_drvdata(pdev, cd);
	ret = cbdma_probe_common(cd);
	if (ret) {
		pci_free_irq_vectors(pdev);
		return ret;
	}
	/* slot_reset restores this state after an AER link reset. */
	pci_save_state(pdev);
	return 0;
}

static void cbdma_pci_remove(struct pci_dev *pdev)
{
	cbdma_remove_common(pci_get_drvdata(pdev));
	/*
	 * No DMA once unbound, even from a channel that ignored RESET: the
	 * shim gives such a channel's ring back with the binding (devres),
	 * which runs before pcim disables the device.
	 */
	pci_clear_master(pdev);
	pci_free_irq_vectors(pdev);
}

static pci_ers_result_t cbdma_pci_error_detected(struct pci_dev *pdev,
						 pci_channel_state_t state)
{
	struct cbdma_dev *cd = pci_get_drvdata(pdev);

	dev_err(&pdev->dev, "PCI error detected, state %d\n", state);
	if (state == pci_channel_io_perm_failure)
		return PCI_ERS_RESULT_DISCONNECT;
	cbdma_quiesce(cd);
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t cbdma_pci_slot_reset(struct pci_dev *pdev)
{
	struct cbdma_dev *cd = pci_get_drvdata(pdev);

	pci_restore_state(pdev);
	pci_save_state(pdev);
	pci_set_master(pdev);
	if (cbdma_reinit(cd)) {
		dev_err(&pdev->dev, "channels did not reset after the slot reset\n");
		return PCI_ERS_RESULT_DISCONNECT;
	}
	return PCI_ERS_RESULT_RECOVERED;
}

static void cbdma_pci_resume(struct pci_dev *pdev)
{
	cbdma_unquiesce(pci_get_drvdata(pdev));
	dev_info(&pdev->dev, "recovered from the PCI error\n");
}

/*
 * A function reset asked for outside error recovery (sysfs reset, a VFIO
 * hand-over): the channels stop first, and come back as after a slot
 * reset. The PCI core saves and restores config space around it.
 */
static void cbdma_pci_reset_prepare(struct pci_dev *pdev)
{
	struct cbdma_dev *cd = pci_get_drvdata(pdev);

	cbdma_quiesce(cd);
}

static void cbdma_pci_reset_done(struct pci_dev *pdev)
{
	struct cbdma_dev *cd = pci_get_drvdata(pdev);

	cbdma_pci_no_relaxed_ordering(pdev);
	if (cbdma_reinit(cd))
		dev_err(&pdev->dev, "channels did not reset after the function reset\n");
	cbdma_unquiesce(cd);
	dev_info(&pdev->dev, "function reset done\n");
}

static void cbdma_pci_shutdown(struct pci_dev *pdev)
{
	struct cbdma_dev *cd = pci_get_drvdata(pdev);

	if (!cd)
		return;
	cbdma_shutdown_common(cd);
	pci_clear_master(pdev);
}

static const struct pci_error_handlers cbdma_pci_err_handlers = {
	.error_detected = cbdma_pci_error_detected,
	.slot_reset = cbdma_pci_slot_reset,
	.resume = cbdma_pci_resume,
	.reset_prepare = cbdma_pci_reset_prepare,
	.reset_done = cbdma_pci_reset_done,
};

static const struct pci_device_id cbdma_pci_ids[] = {
	{ PCI_DEVICE(CBDMA_PCI_VENDOR_ID, CBDMA_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, cbdma_pci_ids);

static struct pci_driver cbdma_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = cbdma_pci_ids,
	.probe = cbdma_pci_probe,
	.remove = cbdma_pci_remove,
	.shutdown = cbdma_pci_shutdown,
	.err_handler = &cbdma_pci_err_handlers,
	.driver.pm = pm_sleep_ptr(&cbdma_pm_ops),
};

/**
 * cbdma_pci_register() - register the PCI driver
 *
 * Return: 0 or a negative errno.
 */
int cbdma_pci_register(void)
{
	return pci_register_driver(&cbdma_pci_driver);
}

/** cbdma_pci_unregister() - unregister the PCI driver */
void cbdma_pci_unregister(void)
{
	pci_unregister_driver(&cbdma_pci_driver);
}
