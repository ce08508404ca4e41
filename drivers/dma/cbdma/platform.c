// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma platform glue: a device tree node compatible with
 * "netdma-linux,cbdma" (Documentation/devicetree/bindings/dma/) or a
 * platform device named "cbdma" with a MEM resource and one IRQ resource
 * per channel, or one shared by all (as the in-kernel model provides).
 *
 * A platform device may also stand for a CBDMA PCI function (struct
 * cbdma_platform_data: its ID and config space), as KUnit presents the
 * in-kernel model's Intel personalities: an Intel function is then
 * admitted and quirked as on the PCI bus.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/property.h>

#include "cbdma.h"
#include "compat.h"

/* The function's config space and MSI-X, from the platform data. */
static int cbdma_platform_intel_fn(struct cbdma_dev *cd,
				   const struct cbdma_platform_data *pd)
{
	struct cbdma_intel_fn *fn;

	fn = devm_kzalloc(cd->dev, sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;
	fn->cfg_read = pd->cfg_read;
	fn->cfg_write = pd->cfg_write;
	fn->ctx = pd->ctx;
	if (pd->msix_table && pd->msix_pba) {
		fn->msix_table = cbdma_intel_msix_ptr(cd, pd->msix_table, 16);
		fn->msix_pba = cbdma_intel_msix_ptr(cd, pd->msix_pba, 8);
	}
	cbdma_intel_fn_init(cd, fn);
	if ((cd->quirks & CBDMA_INTEL_MSIX_RESTORE) && !fn->msix_table)
		dev_warn(cd->dev, "MSI-X table outside BAR 0: it cannot be restored after a channel reset\n");
	return 0;
}

static int cbdma_platform_probe(struct platform_device *pdev)
{
	const struct cbdma_platform_data *pd = dev_get_platdata(&pdev->dev);
	const struct cbdma_intel_id *intel = NULL;
	struct device *dev = &pdev->dev;
	struct cbdma_dev *cd;
	struct resource *res;
	unsigned int bits;
	u32 dma_channels;
	int nirq, i, ret;

	/* Before the device is touched: real silicon is opt-in. */
	if (pd && pd->vendor) {
		if (!pd->cfg_read || !pd->cfg_write)
			return dev_err_probe(dev, -EINVAL, "platform data without config space\n");
		ret = cbdma_intel_admit(dev, pd->vendor, pd->device,
					cbdma_intel_silicon, &intel);
		if (ret)
			return ret;
	}

	cd = devm_kzalloc(dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->dev = dev;
	cd->name = dev_name(dev);
	cd->vendor_id = pd && pd->vendor ? pd->vendor : CBDMA_PCI_VENDOR_ID;
	cd->intel = intel;
	cd->regs = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(cd->regs))
		return PTR_ERR(cd->regs);
	cd->mmio_len = resource_size(res);

	bits = intel ? intel->addr_bits : 64;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits));
	if (ret)
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no usable DMA mask\n");

	ret = cbdma_identify(cd);
	if (ret)
		return ret;
	ret = cbdma_intel_apply(cd);
	if (ret)
		return ret;
	if (pd && pd->vendor) {
		ret = cbdma_platform_intel_fn(cd, pd);
		if (ret)
			return ret;
	}
	if (!device_property_read_u32(dev, "dma-channels", &dma_channels)) {
		if (!dma_channels || dma_channels > cd->hw_chancnt)
			return dev_err_probe(dev, -EINVAL,
					     "dma-channels %u, the device has %u\n",
					     dma_channels, cd->hw_chancnt);
		cd->hw_chancnt = dma_channels;
	}

	nirq = platform_irq_count(pdev);
	if (nirq < 0)
		return nirq;
	if (!nirq)
		return dev_err_probe(dev, -ENXIO, "no interrupt\n");
	cd->nr_irqs = min_t(unsigned int, nirq, CBDMA_MAX_CHANNELS);
	for (i = 0; i < cd->nr_irqs; i++) {
		ret = platform_get_irq(pdev, i);
		if (ret < 0)
			return ret;
		cd->irqs[i] = ret;
	}

	platform_set_drvdata(pdev, cd);
	return cbdma_probe_common(cd);
}

static void cbdma_platform_remove(struct platform_device *pdev)
{
	cbdma_remove_common(platform_get_drvdata(pdev));
}

static const struct of_device_id cbdma_of_match[] = {
	{ .compatible = "netdma-linux,cbdma" },
	{ }
};
MODULE_DEVICE_TABLE(of, cbdma_of_match);

static const struct platform_device_id cbdma_platform_ids[] = {
	{ .name = "cbdma" },
	{ }
};
MODULE_DEVICE_TABLE(platform, cbdma_platform_ids);

struct platform_driver cbdma_platform_driver = {
	.driver = {
		.name = "cbdma",
		.of_match_table = cbdma_of_match,
		.pm = pm_sleep_ptr(&cbdma_pm_ops),
	},
	.id_table = cbdma_platform_ids,
	.probe = cbdma_platform_probe,
	CBDMA_PLATFORM_REMOVE(cbdma_platform_remove),
};
