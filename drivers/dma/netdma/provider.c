// SPDX-License-Identifier: GPL-2.0
/*
 * Provider lifecycle: NetDmaRegisterProvider, NetDmaDeregisterProvider,
 * NetDmaProviderStart, NetDmaProviderStop, NetDmaPnPEventNotify and
 * NetDmaGetVersion.
 */
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "netdma_priv.h"

/**
 * netdma_get_version() - interface version (NetDmaGetVersion)
 *
 * Return: (NETDMA_VERSION_MAJOR << 16) | NETDMA_VERSION_MINOR.
 */
unsigned int netdma_get_version(void)
{
	return NETDMA_VERSION;
}
EXPORT_SYMBOL_GPL(netdma_get_version);

static int netdma_check_chars(const struct netdma_provider_characteristics *c)
{
	const struct netdma_provider_ops *ops = c->ops;
	const char *problem = NULL;

	if (c->size != sizeof(*c))
		problem = "characteristics size mismatch";
	else if (!c->major_version ||
		 (c->major_version << 16 | c->minor_version) > NETDMA_VERSION)
		problem = "unsupported interface version";
	else if (c->major_version >= 2 && (!c->friendly_name || !*c->friendly_name))
		problem = "version 2.0 provider without friendly name";
	else if (c->flags & ~NETDMA_PROVIDER_FLAGS)
		problem = "unknown flags";
	else if (!c->max_channels)
		problem = "max_channels is 0";
	else if (!ops)
		problem = "no callbacks";
	else if (!ops->alloc_channel || !ops->free_channel || !ops->start ||
		 !ops->append)
		problem = "missing mandatory callback (alloc_channel, free_channel, start, append)";
	else if (!ops->suspend != !ops->resume)
		problem = "suspend and resume must come as a pair";
	else if ((c->flags & NETDMA_PROVIDER_PER_CHANNEL_IRQ) &&
		 !ops->set_channel_cpu_affinity)
		problem = "per-channel interrupts without set_channel_cpu_affinity";
	if (!problem)
		return 0;

	dev_err(c->dev, "netdma: %s: %s (version %u.%u)\n",
		c->friendly_name ?: "provider", problem, c->major_version,
		c->minor_version);
	return -EINVAL;
}

/**
 * netdma_register_provider() - register a DMA engine (NetDmaRegisterProvider)
 * @chars: what the provider is and its callbacks; copied
 * @provider_ctx: passed back to set_channel_cpu_affinity and alloc_channel
 * @handle: set to the provider handle on success
 *
 * Validates @chars; for a provider with per-channel interrupts, calls its
 * set_channel_cpu_affinity with the channel -> CPU table before returning.
 * Nothing else is called before netdma_provider_start().
 *
 * Context: process.
 * Return: 0, -EINVAL for invalid characteristics (logged with the reason),
 * -ENOMEM, or the error of set_channel_cpu_affinity.
 */
int netdma_register_provider(const struct netdma_provider_characteristics *chars,
			     void *provider_ctx, struct netdma_provider **handle)
{
	struct netdma_provider *prov;
	int ret;

	if (!chars || !handle || !chars->dev) {
		pr_err("netdma: register: NULL characteristics, handle or device\n");
		return -EINVAL;
	}
	ret = netdma_check_chars(chars);
	if (ret)
		return ret;

	prov = kzalloc(sizeof(*prov), GFP_KERNEL);
	if (!prov)
		return -ENOMEM;
	prov->chars = *chars;
	prov->ctx = provider_ctx;
	prov->name = chars->friendly_name ?: dev_name(chars->dev);
	mutex_init(&prov->lock);

	ret = netdma_affinity_init(prov);
	if (ret) {
		mutex_destroy(&prov->lock);
		kfree(prov);
		return ret;
	}
	*handle = prov;
	return 0;
}
EXPORT_SYMBOL_GPL(netdma_register_provider);

/**
 * netdma_deregister_provider() - NetDmaDeregisterProvider
 * @prov: the handle; NULL is ignored
 *
 * Only after netdma_provider_stop(); a started provider is stopped first,
 * with a warning.
 *
 * Context: process.
 */
void netdma_deregister_provider(struct netdma_provider *prov)
{
	if (!prov)
		return;
	if (WARN(prov->dmadev, "netdma: %s deregistered while started\n", prov->name))
		netdma_provider_stop(prov);
	kfree(prov->affinity);
	mutex_destroy(&prov->lock);
	kfree(prov);
}
EXPORT_SYMBOL_GPL(netdma_deregister_provider);

static int netdma_check_attr(struct netdma_provider *prov,
			     const struct netdma_provider_attributes *a)
{
	const char *problem = NULL;

	if (!a)
		problem = "no attributes";
	else if (a->size != sizeof(*a))
		problem = "attributes size mismatch";
	else if (a->flags)
		problem = "attribute flags must be 0";
	else if (!a->channel_count || a->channel_count > prov->chars.max_channels)
		problem = "channel_count must be 1..max_channels";
	else if (a->max_transfer_size < NETDMA_MIN_TRANSFER_SIZE)
		problem = "max_transfer_size below 4096";
	else if (!a->max_address)
		problem = "max_address is 0";
	else if (!prov->chars.dev->driver)
		problem = "device not bound to a driver";
	if (!problem)
		return 0;

	dev_err(prov->chars.dev, "netdma: %s: start: %s\n", prov->name, problem);
	return -EINVAL;
}

/**
 * netdma_provider_start() - NetDmaProviderStart
 * @prov: the handle
 * @attr: hardware version, channel count, max transfer size, max address
 *
 * Registers one dma_device (DMA_MEMCPY, DMA_INTERRUPT, DMA_PRIVATE) with
 * @attr->channel_count channels. The provider must handle every callback
 * from now on. Start and stop may alternate; each start may bring new
 * attributes.
 *
 * Context: process.
 * Return: 0, -EINVAL for invalid attributes (logged), -EBUSY when already
 * started, or the dmaengine registration error.
 */
int netdma_provider_start(struct netdma_provider *prov,
			  const struct netdma_provider_attributes *attr)
{
	int ret;

	mutex_lock(&prov->lock);
	if (prov->dmadev) {
		ret = -EBUSY;
		goto out;
	}
	ret = netdma_check_attr(prov, attr);
	if (ret)
		goto out;
	prov->attr = *attr;
	prov->powered_down = false;
	ret = netdma_dmadev_register(prov);
	if (!ret)
		dev_info(prov->chars.dev, "netdma: %s: %s with %u channels (hw %u.%u, vendor %#x)\n",
			 prov->name, dma_chan_name(&prov->dmadev->chans[0].chan),
			 attr->channel_count, attr->major_hw_version,
			 attr->minor_hw_version, attr->vendor_id);
out:
	mutex_unlock(&prov->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(netdma_provider_start);

/**
 * netdma_provider_stop() - NetDmaProviderStop
 * @prov: the handle
 *
 * Unregisters the dma_device, waits for the descriptors each channel's
 * engine owns (aborting them after NETDMA_QUIESCE_TIMEOUT_MS), completes
 * what is left with DMA_TRANS_ABORTED and frees every channel through
 * free_channel. Clients that still hold a channel get NULL from prep until
 * they release it. No-op when not started.
 *
 * Context: process; blocks.
 */
void netdma_provider_stop(struct netdma_provider *prov)
{
	mutex_lock(&prov->lock);
	if (prov->dmadev)
		netdma_dmadev_unregister(prov);
	mutex_unlock(&prov->lock);
}
EXPORT_SYMBOL_GPL(netdma_provider_stop);

/**
 * netdma_pnp_event_notify() - NetDmaPnPEventNotify
 * @prov: the handle
 * @event: NETDMA_PNP_POWER_DOWN or NETDMA_PNP_POWER_UP
 *
 * Power down: new work is held back and every allocated channel drains
 * (suspended, or aborted, after NETDMA_QUIESCE_TIMEOUT_MS). Power up:
 * every allocated channel is started again at its first descriptor not
 * completed, with all work submitted meanwhile.
 *
 * Context: process; power down blocks.
 * Return: 0, or -EINVAL for a malformed or client-side event.
 */
int netdma_pnp_event_notify(struct netdma_provider *prov,
			    const struct netdma_pnp_notification *event)
{
	struct netdma_dmadev *dd;
	unsigned long deadline;
	unsigned int i;

	if (!event || event->revision != NETDMA_PNP_NOTIFICATION_REVISION ||
	    event->size != sizeof(*event) ||
	    (event->code != NETDMA_PNP_POWER_DOWN &&
	     event->code != NETDMA_PNP_POWER_UP)) {
		dev_err(prov->chars.dev, "netdma: %s: invalid PnP notification\n",
			prov->name);
		return -EINVAL;
	}

	mutex_lock(&prov->lock);
	prov->powered_down = event->code == NETDMA_PNP_POWER_DOWN;
	dd = prov->dmadev;
	for (i = 0; dd && i < dd->nr_chans; i++) {
		if (event->code == NETDMA_PNP_POWER_UP)
			netdma_chan_power_up(&dd->chans[i]);
		else
			netdma_chan_hold(&dd->chans[i]);
	}
	deadline = jiffies + msecs_to_jiffies(NETDMA_QUIESCE_TIMEOUT_MS);
	for (i = 0; dd && event->code == NETDMA_PNP_POWER_DOWN && i < dd->nr_chans; i++)
		netdma_chan_quiesce(&dd->chans[i], true, deadline);
	mutex_unlock(&prov->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(netdma_pnp_event_notify);

/*
 * Deferred frees of dma_devices that clients kept after their stop. They
 * need no particular CPU: unbound (7.3 warns about a workqueue that is
 * neither WQ_UNBOUND nor WQ_PERCPU, which 6.1 does not have).
 */
struct workqueue_struct *netdma_wq;

static int __init netdma_init(void)
{
	netdma_wq = alloc_workqueue("netdma", WQ_UNBOUND, 0);
	return netdma_wq ? 0 : -ENOMEM;
}
module_init(netdma_init);

static void __exit netdma_exit(void)
{
	destroy_workqueue(netdma_wq);
}
module_exit(netdma_exit);

MODULE_DESCRIPTION("NetDMA-compatible DMA provider interface on dmaengine");
MODULE_AUTHOR("NetDMA for Linux");
MODULE_LICENSE("GPL");
