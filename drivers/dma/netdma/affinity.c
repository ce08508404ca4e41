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
#include <linux/cpuhotplug.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <kunit/visibility.h>

#include "netdma_priv.h"

/*
 * CPU hotplug. netdma_hp_lock, a mutex taken inside the hotplug core's
 * cpu_hotplug_lock and inside a channel's life_lock (never the other way
 * round), protects:
 * - netdma_hp_chans: every allocated channel, through its hp_node: added
 *   at the end of an allocation, removed by teardown before free_channel;
 *   a channel on the list has a live provider context;
 * - netdma_cpus_up: the CPUs completion work may be targeted at: set by
 *   the online callback, cleared by the offline callback before the CPU
 *   leaves cpu_online_mask;
 * - each listed channel's home_cpu and mask, and the writes of its cpu
 *   (also under its channel lock; the kick reads cpu without a lock).
 */
static DEFINE_MUTEX(netdma_hp_lock);
static LIST_HEAD(netdma_hp_chans);
static struct cpumask netdma_cpus_up;
static enum cpuhp_state netdma_hp_state;

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

/* netdma_completion_cpu() among the CPUs of @up. */
static unsigned int netdma_pick_cpu(struct netdma_channel *nc,
				    const struct cpumask *mask,
				    const struct cpumask *up)
{
	unsigned int cpu;

	if (cpumask_test_cpu(nc->irq_cpu, mask) && cpumask_test_cpu(nc->irq_cpu, up))
		return nc->irq_cpu;
	cpu = cpumask_first_and(mask, up);
	if (cpu < nr_cpu_ids)
		return cpu;
	if (cpumask_test_cpu(nc->irq_cpu, up))
		return nc->irq_cpu;
	cpu = cpumask_first(up);
	return cpu < nr_cpu_ids ? cpu : cpumask_first(cpu_online_mask);
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
	return netdma_pick_cpu(nc, mask, cpu_online_mask);
}

/*
 * Move @nc's completion work, and its interrupt if the provider has one
 * per channel, to @cpu. netdma_hp_lock held: the provider context is live.
 */
static void netdma_retarget_locked(struct netdma_channel *nc, unsigned int cpu)
{
	struct netdma_channel_cpu_affinity entry = {
		.channel = nc->index,
		.cpu = cpu,
	};
	unsigned long flags;

	lockdep_assert_held(&netdma_hp_lock);
	spin_lock_irqsave(&nc->lock, flags);
	WRITE_ONCE(nc->cpu, cpu);
	spin_unlock_irqrestore(&nc->lock, flags);
	if (nc->irq_per_chan &&
	    nc->ops->set_channel_cpu_affinity(nc->prov_ctx, &entry, 1))
		dev_dbg(netdma_chan_dev(nc), "netdma: chan %u: interrupt stays off CPU %u\n",
			nc->index, cpu);
}

/**
 * netdma_hp_add() - an allocation is done: publish it, hotplug-safe
 * @nc: the channel, life_lock held, ring and provider channel set up
 * @mask: CPUs the client asked for
 * @cpu: completion CPU agreed with the provider
 * @chan_ctx: the provider's channel context
 *
 * @cpu becomes the channel's home; if it is on its way down, the work
 * starts elsewhere in @mask and comes home when the CPU does.
 */
void netdma_hp_add(struct netdma_channel *nc, const struct cpumask *mask,
		   unsigned int cpu, void *chan_ctx)
{
	unsigned int target = cpu;
	unsigned long flags;

	lockdep_assert_held(&nc->life_lock);
	mutex_lock(&netdma_hp_lock);
	cpumask_copy(nc->mask, mask);
	nc->home_cpu = cpu;
	if (!cpumask_test_cpu(cpu, &netdma_cpus_up))
		target = netdma_pick_cpu(nc, mask, &netdma_cpus_up);
	spin_lock_irqsave(&nc->lock, flags);
	nc->chan_ctx = chan_ctx;
	WRITE_ONCE(nc->cpu, cpu);
	nc->allocated = true;
	netdma_thaw_locked(nc);
	spin_unlock_irqrestore(&nc->lock, flags);
	list_add(&nc->hp_node, &netdma_hp_chans);
	if (target != cpu)
		netdma_retarget_locked(nc, target);
	mutex_unlock(&netdma_hp_lock);
}

/**
 * netdma_hp_del() - the channel is going: hotplug leaves it alone
 * @nc: the channel, life_lock held, before free_channel
 */
void netdma_hp_del(struct netdma_channel *nc)
{
	lockdep_assert_held(&nc->life_lock);
	mutex_lock(&netdma_hp_lock);
	list_del_init(&nc->hp_node);
	mutex_unlock(&netdma_hp_lock);
}

/*
 * CPUHP_AP_ONLINE_DYN teardown, on @cpu while it is still online: nothing
 * is targeted at it any more. Work already scheduled there runs on a live
 * CPU after it dies (takeover_tasklets() moves its tasklets), and a kick
 * racing with this sees the CPU offline or queues while it still is.
 */
VISIBLE_IF_KUNIT int netdma_cpu_down(unsigned int cpu)
{
	struct netdma_channel *nc;

	mutex_lock(&netdma_hp_lock);
	cpumask_clear_cpu(cpu, &netdma_cpus_up);
	list_for_each_entry(nc, &netdma_hp_chans, hp_node)
		if (READ_ONCE(nc->cpu) == cpu)
			netdma_retarget_locked(nc, netdma_pick_cpu(nc, nc->mask,
								   &netdma_cpus_up));
	mutex_unlock(&netdma_hp_lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netdma_cpu_down);

/* CPUHP_AP_ONLINE_DYN startup: channels whose home is @cpu go back to it. */
VISIBLE_IF_KUNIT int netdma_cpu_up(unsigned int cpu)
{
	struct netdma_channel *nc;

	mutex_lock(&netdma_hp_lock);
	cpumask_set_cpu(cpu, &netdma_cpus_up);
	list_for_each_entry(nc, &netdma_hp_chans, hp_node)
		if (nc->home_cpu == cpu && READ_ONCE(nc->cpu) != cpu)
			netdma_retarget_locked(nc, cpu);
	mutex_unlock(&netdma_hp_lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netdma_cpu_up);

/**
 * netdma_hotplug_init() - follow CPUs coming and going
 *
 * Calls netdma_cpu_up() for every online CPU before it returns.
 *
 * Return: 0 or a negative errno.
 */
int netdma_hotplug_init(void)
{
	int ret;

	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "dma/netdma:online",
				netdma_cpu_up, netdma_cpu_down);
	if (ret < 0)
		return ret;
	netdma_hp_state = ret;
	return 0;
}

/** netdma_hotplug_exit() - undo netdma_hotplug_init() */
void netdma_hotplug_exit(void)
{
	cpuhp_remove_state_nocalls(netdma_hp_state);
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
