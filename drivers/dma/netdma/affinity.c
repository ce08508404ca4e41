// SPDX-License-Identifier: GPL-2.0
/*
 * CPU affinity: the channel -> interrupt CPU table handed to the provider
 * at registration (ProviderSetDmaChannelCpuAffinity), the completion CPU of
 * an allocation, and the client helper that picks a channel by CPU mask.
 *
 * NetDMA's rule (ProviderAllocateDmaChannel): prefer a channel whose
 * interrupt CPU is in the requested mask; otherwise take any channel and
 * target its completion work (the DPC) at a CPU of the mask, and report
 * that CPU. Here the shim runs the completion work, so the shim makes the
 * choice and proposes it to the provider in netdma_channel_params.cpu.
 */
#include <linux/slab.h>
#include <linux/topology.h>

#include "netdma_priv.h"

/**
 * netdma_affinity_init() - spread the channels over the online CPUs
 * @prov: provider being registered
 *
 * Channel i gets cpumask_local_spread(i, node of the provider's device):
 * CPUs of the device's NUMA node first, then the others. Providers with a
 * per-channel interrupt get the table to apply it (and may correct it).
 *
 * Return: 0 or the provider's error.
 */
int netdma_affinity_init(struct netdma_provider *prov)
{
	const struct netdma_provider_characteristics *chars = &prov->chars;
	int node = dev_to_node(chars->dev);
	unsigned int i;
	int ret;

	prov->affinity = kcalloc(chars->max_channels, sizeof(*prov->affinity),
				 GFP_KERNEL);
	if (!prov->affinity)
		return -ENOMEM;
	for (i = 0; i < chars->max_channels; i++) {
		prov->affinity[i].channel = i;
		prov->affinity[i].cpu = cpumask_local_spread(i, node);
	}
	if (!(chars->flags & NETDMA_PROVIDER_PER_CHANNEL_IRQ))
		return 0;

	ret = chars->ops->set_channel_cpu_affinity(prov->ctx, prov->affinity,
						   chars->max_channels);
	if (ret) {
		dev_err(chars->dev, "netdma: %s: set_channel_cpu_affinity failed: %d\n",
			prov->name, ret);
		kfree(prov->affinity);
		prov->affinity = NULL;
		return ret;
	}
	for (i = 0; i < chars->max_channels; i++) {
		if (prov->affinity[i].cpu < nr_cpu_ids &&
		    cpu_online(prov->affinity[i].cpu))
			continue;
		dev_warn(chars->dev, "netdma: %s: chan %u: provider set CPU %u, ignored\n",
			 prov->name, i, prov->affinity[i].cpu);
		prov->affinity[i].cpu = cpumask_local_spread(i, node);
	}
	return 0;
}

/**
 * netdma_completion_cpu() - CPU for a channel's completion work
 * @nc: the channel
 * @mask: CPUs the client asked for
 *
 * Return: the channel's interrupt CPU when it is online and in @mask, else
 * the first online CPU of @mask, else the interrupt CPU if online, else the
 * first online CPU.
 */
unsigned int netdma_completion_cpu(struct netdma_channel *nc,
				   const struct cpumask *mask)
{
	unsigned int cpu;

	if (cpumask_test_cpu(nc->irq_cpu, mask) && cpu_online(nc->irq_cpu))
		return nc->irq_cpu;
	cpu = cpumask_first_and(mask, cpu_online_mask);
	if (cpu < nr_cpu_ids)
		return cpu;
	if (cpu_online(nc->irq_cpu))
		return nc->irq_cpu;
	return cpumask_first(cpu_online_mask);
}

struct netdma_request {
	const struct cpumask *mask;
	bool irq_cpu_in_mask;
	struct netdma_channel *matched;
};

/*
 * dma_request_channel() holds dma_list_mutex across this filter and the
 * channel's alloc_chan_resources, so the mask can be passed in the channel.
 */
static bool netdma_filter(struct dma_chan *chan, void *param)
{
	struct netdma_request *req = param;
	struct netdma_channel *nc;

	if (!netdma_is_netdma_chan(chan))
		return false;
	nc = to_netdma_chan(chan);
	if (req->irq_cpu_in_mask && !cpumask_test_cpu(nc->irq_cpu, req->mask))
		return false;
	nc->req_mask = req->mask;
	req->matched = nc;
	return true;
}

static struct dma_chan *netdma_request_pass(dma_cap_mask_t *caps,
					    struct netdma_request *req)
{
	struct dma_chan *chan;

	req->matched = NULL;
	chan = __dma_request_channel(caps, netdma_filter, req, NULL);
	/* The mask dies with the caller: allocation has used it or failed. */
	if (req->matched)
		WRITE_ONCE(req->matched->req_mask, NULL);
	return chan;
}

/**
 * netdma_request_channel() - get a free netdma channel for some CPUs
 * @mask: CPUs the completion work may run on (ProcessorAffinityMask)
 * @cpu: if not NULL, set to the CPU the channel completes on (CpuNumber)
 *
 * Takes a channel whose interrupt CPU is in @mask; if none is free, any
 * free netdma channel, with its completion work on an online CPU of @mask.
 * Release it with netdma_release_channel().
 *
 * Context: process.
 * Return: the channel, or NULL when @mask has no online CPU or no netdma
 * channel is free.
 */
struct dma_chan *netdma_request_channel(const struct cpumask *mask,
					unsigned int *cpu)
{
	struct netdma_request req = { .mask = mask, .irq_cpu_in_mask = true };
	struct dma_chan *chan;
	dma_cap_mask_t caps;

	if (!mask || !cpumask_intersects(mask, cpu_online_mask)) {
		pr_warn("netdma: channel requested for a CPU mask with no online CPU\n");
		return NULL;
	}

	dma_cap_zero(caps);
	dma_cap_set(DMA_MEMCPY, caps);
	chan = netdma_request_pass(&caps, &req);
	if (!chan) {
		req.irq_cpu_in_mask = false;
		chan = netdma_request_pass(&caps, &req);
	}
	if (chan && cpu)
		*cpu = READ_ONCE(to_netdma_chan(chan)->cpu);
	return chan;
}
EXPORT_SYMBOL_GPL(netdma_request_channel);

/**
 * netdma_release_channel() - give back a channel from netdma_request_channel()
 * @chan: the channel
 *
 * Context: process.
 */
void netdma_release_channel(struct dma_chan *chan)
{
	dma_release_channel(chan);
}
EXPORT_SYMBOL_GPL(netdma_release_channel);
