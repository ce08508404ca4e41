// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma platform glue: a device tree node compatible with
 * "netdma-linux,cbdma" (Documentation/devicetree/bindings/dma/) or a
 * platform device named "cbdma" with a MEM resource and one IRQ resource
 * per channel, or one shared by all (as the in-kernel model provides).
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

static int cbdma_platform_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct cbdma_dev *cd;
	u32 dma_channels;
	int nirq, i, ret;

	cd = devm_kzalloc(dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->dev = dev;
	cd->name = dev_name(dev);
	cd->vendor_id = CBDMA_PCI_VENDOR_ID;
	cd->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(cd->regs))
		return PTR_ERR(cd->regs);

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret)
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no usable DMA mask\n");

	ret = cbdma_identify(cd);
	if (ret)
		return ret;
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
