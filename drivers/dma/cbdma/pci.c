// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma PCI glue: BAR 0, a 64-bit DMA mask (32-bit fallback), bus
 * mastering, one MSI-X vector per channel or one MSI/INTx interrupt shared
 * by all, and PCI error recovery. Only our own ID is claimed: the QEMU
 * model's Intel ID belongs to ioatdma.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pm.h>

#include "cbdma.h"

/* PCI_IRQ_INTX is 6.8's name for PCI_IRQ_LEGACY. */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

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
	struct device *dev = &pdev->dev;
	struct cbdma_dev *cd;
	int ret;

	cd = devm_kzalloc(dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->dev = dev;
	cd->name = dev_name(dev);
	cd->vendor_id = pdev->vendor;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(CBDMA_MMIO_BAR), KBUILD_MODNAME);
	if (ret)
		return dev_err_probe(dev, ret, "cannot map BAR %d\n", CBDMA_MMIO_BAR);
	cd->regs = pcim_iomap_table(pdev)[CBDMA_MMIO_BAR];
	cd->mmio_len = pci_resource_len(pdev, CBDMA_MMIO_BAR);

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret)
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no usable DMA mask\n");
	pci_set_master(pdev);

	ret = cbdma_identify(cd);
	if (ret)
		return ret;
	ret = cbdma_pci_irqs(pdev, cd);
	if (ret)
		return dev_err_probe(dev, ret, "no interrupt\n");

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

static const struct pci_error_handlers cbdma_pci_err_handlers = {
	.error_detected = cbdma_pci_error_detected,
	.slot_reset = cbdma_pci_slot_reset,
	.resume = cbdma_pci_resume,
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
