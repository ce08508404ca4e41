// SPDX-License-Identifier: GPL-2.0
/*
 * The struct dma_device of a started provider and its channels: channel
 * resources (ring, completion word, provider channel), quiescing, and the
 * teardown that lets clients keep a stopped provider's channels.
 *
 * A dmadev lives from netdma_provider_start() until both the dmaengine core
 * (device_release, after the last client reference) and the stop that
 * unregistered it have let go of it.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "netdma_priv.h"

/* A power of two: its coherent allocation is exactly the ring. */
#define NETDMA_RING_BYTES	(NETDMA_RING_SIZE * NETDMA_DESC_SIZE)
/*
 * The completion word, in a 64-byte line of its own, has a coherent
 * allocation of its own (a page): after the ring it would double the
 * ring's, which dma-direct allocates as a power-of-two number of pages.
 */
#define NETDMA_COMPLETION_BYTES	NETDMA_DESC_SIZE

/* A channel's coherent memory: the ring and the completion word. */
struct netdma_ring_mem {
	struct netdma_desc *ring;
	dma_addr_t ring_dma;
	__le64 *completion;
	dma_addr_t completion_dma;
};

static int netdma_ring_mem_alloc(struct device *dev, struct netdma_ring_mem *m)
{
	m->ring = dma_alloc_coherent(dev, NETDMA_RING_BYTES, &m->ring_dma,
				     GFP_KERNEL);
	if (!m->ring)
		return -ENOMEM;
	m->completion = dma_alloc_coherent(dev, NETDMA_COMPLETION_BYTES,
					   &m->completion_dma, GFP_KERNEL);
	if (!m->completion) {
		dma_free_coherent(dev, NETDMA_RING_BYTES, m->ring, m->ring_dma);
		return -ENOMEM;
	}
	return 0;
}

static void netdma_ring_mem_free(struct device *dev,
				 const struct netdma_ring_mem *m)
{
	dma_free_coherent(dev, NETDMA_COMPLETION_BYTES, m->completion,
			  m->completion_dma);
	dma_free_coherent(dev, NETDMA_RING_BYTES, m->ring, m->ring_dma);
}

static inline struct netdma_dmadev *to_netdma_dmadev(struct dma_device *dma)
{
	return container_of(dma, struct netdma_dmadev, dma);
}

static bool netdma_match_nothing(struct dma_chan *chan, void *param)
{
	return false;
}

/*
 * The last reference often goes in dma_release_channel(), which still
 * touches the channel (our memory) after device_release until it drops
 * dma_list_mutex. A channel request that matches nothing takes and drops
 * that mutex; after it the core is done with the channels.
 */
/*
 * Slots of channels that died with clients (netdma_chan_teardown()).
 * Process context: kvfree() may vfree().
 */
static void netdma_dmadev_kfree(struct netdma_dmadev *dd)
{
	unsigned int i;

	for (i = 0; i < dd->nr_chans; i++) {
		kvfree(dd->chans[i].slots);
		free_cpumask_var(dd->chans[i].mask);
		mutex_destroy(&dd->chans[i].life_lock);
	}
	kfree(dd);
}

static void netdma_dmadev_free_work(struct work_struct *work)
{
	struct netdma_dmadev *dd = container_of(work, struct netdma_dmadev, free_work);
	dma_cap_mask_t none;

	dma_cap_zero(none);
	__dma_request_channel(&none, netdma_match_nothing, NULL, NULL);
	put_device(dd->dma.dev);
	netdma_dmadev_kfree(dd);
}

static void netdma_dmadev_free(struct kref *ref)
{
	struct netdma_dmadev *dd = container_of(ref, struct netdma_dmadev, ref);

	INIT_WORK(&dd->free_work, netdma_dmadev_free_work);
	queue_work(netdma_wq, &dd->free_work);
}

static void netdma_device_release(struct dma_device *dma)
{
	kref_put(&to_netdma_dmadev(dma)->ref, netdma_dmadev_free);
}

/*
 * Never -ENODEV from here: the dmaengine core's find_candidate() reads it
 * as "driver module removed" and unlinks the dma_device from
 * dma_device_list, which dma_device_release() does again later (an oops on
 * LIST_POISON). A stopped provider or a device that is gone is -ENXIO.
 */
static int netdma_alloc_errno(int ret)
{
	return ret == -ENODEV ? -ENXIO : ret;
}

static int netdma_alloc_chan_locked(struct netdma_channel *nc,
				    const struct cpumask *mask)
{
	struct dma_chan *chan = &nc->chan;
	struct netdma_dmadev *dd = to_netdma_dmadev(chan->device);
	struct device *dev = chan->device->dev;
	struct netdma_channel_params params = {};
	struct netdma_provider *prov;
	struct netdma_ring_mem mem;
	struct netdma_slot *slots;
	unsigned long flags;
	void *chan_ctx;
	int ret;

	lockdep_assert_held(&nc->life_lock);
	/*
	 * Stop tears every channel down under its life_lock and clears
	 * dd->prov only after the last one: a channel not dead here has a
	 * provider until life_lock is dropped. An unlisted channel's
	 * chan->dev may already be freed by the core: never allocated again.
	 */
	if (nc->dead || nc->unlisted)
		return -ENXIO;
	prov = dd->prov;
	if (!prov)
		return -ENXIO;
	if (nc->allocated)
		return NETDMA_RING_SIZE - 1;

	ret = netdma_ring_mem_alloc(dev, &mem);
	if (ret)
		return ret;
	/*
	 * A slot per descriptor (112 bytes on x86-64): vmalloc'ed when no
	 * contiguous pages are free.
	 */
	slots = kvcalloc_node(NETDMA_RING_SIZE, sizeof(*slots), GFP_KERNEL,
			      dev_to_node(dev));
	if (!slots) {
		ret = -ENOMEM;
		goto err_free_ring;
	}

	spin_lock_irqsave(&nc->lock, flags);
	nc->ring = mem.ring;
	nc->ring_dma = mem.ring_dma;
	nc->completion = mem.completion;
	nc->completion_dma = mem.completion_dma;
	nc->slots = slots;
	netdma_ring_init(nc);
	spin_unlock_irqrestore(&nc->lock, flags);

	params.revision = NETDMA_CHANNEL_PARAMS_REVISION;
	params.size = sizeof(params);
	params.completion_virt = nc->completion;
	params.completion_dma = nc->completion_dma;
	params.affinity = mask;
	params.channel = nc->index;
	params.cpu = netdma_completion_cpu(nc, mask);
	ret = prov->chars.ops->alloc_channel(prov->ctx, &params, nc, &chan_ctx);
	if (ret) {
		dev_err(dev, "netdma: %s: chan %u: alloc_channel failed: %d\n",
			prov->name, nc->index, ret);
		ret = netdma_alloc_errno(ret);
		goto err_free_slots;
	}
	if (params.cpu >= nr_cpu_ids || !cpu_online(params.cpu)) {
		dev_warn(dev, "netdma: %s: chan %u: provider returned CPU %u, using %u\n",
			 prov->name, nc->index, params.cpu,
			 netdma_completion_cpu(nc, mask));
		params.cpu = netdma_completion_cpu(nc, mask);
	}

	spin_lock_irqsave(&nc->lock, flags);
	/* Power events change it under life_lock too, after prov->powered_down. */
	nc->powered_down = READ_ONCE(prov->powered_down);
	spin_unlock_irqrestore(&nc->lock, flags);
	/* Allocated from here on, and followed by CPU hotplug. */
	netdma_hp_add(nc, mask, params.cpu, chan_ctx);
	return NETDMA_RING_SIZE - 1;

err_free_slots:
	spin_lock_irqsave(&nc->lock, flags);
	nc->slots = NULL;
	nc->ring = NULL;
	nc->completion = NULL;
	spin_unlock_irqrestore(&nc->lock, flags);
	kvfree(slots);
err_free_ring:
	netdma_ring_mem_free(dev, &mem);
	return ret;
}

static int netdma_alloc_chan_resources(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	const struct cpumask *mask = nc->req_mask ?: cpu_online_mask;
	int ret;

	/* dma_list_mutex is held: the filter's mask is ours until we return. */
	nc->req_mask = NULL;
	mutex_lock(&nc->life_lock);
	ret = netdma_alloc_chan_locked(nc, mask);
	/*
	 * The core frees chan->dev at unregister (a provider stop) unless
	 * someone holds it; the client holding this channel may still read
	 * it. Held until the client's release (netdma_free_chan_resources).
	 */
	if (ret >= 0 && !nc->client_dev)
		nc->client_dev = get_device(&chan->dev->device);
	mutex_unlock(&nc->life_lock);
	return ret;
}

static bool netdma_chan_busy(struct netdma_channel *nc)
{
	unsigned long flags;
	bool busy, kick;

	spin_lock_irqsave(&nc->lock, flags);
	kick = netdma_work_pending_locked(nc);
	busy = nc->allocated && !nc->dead && nc->issued != nc->done;
	spin_unlock_irqrestore(&nc->lock, flags);
	if (kick)
		netdma_kick_completion(nc);
	return busy;
}

/**
 * netdma_chan_quiesce() - wait for the hardware's descriptors, then stop it
 * @nc: the channel
 * @suspend_ok: on timeout, suspend (keeping the work for a restart) when
 *	the provider can, instead of aborting it
 * @deadline: jiffies by which the engine must be done; shared by all the
 *	channels of a stop or power down, so hung channels cost one timeout
 *
 * Waits until @deadline for everything handed over to complete; what is
 * still outstanding then is suspended, or aborted and completed with
 * DMA_TRANS_ABORTED.
 *
 * Context: process; the caller has stopped new hand-overs
 * (netdma_chan_hold()).
 */
void netdma_chan_quiesce(struct netdma_channel *nc, bool suspend_ok,
			 unsigned long deadline)
{
	dma_addr_t last_desc;
	unsigned long flags;
	int ret = 0;

	while (netdma_chan_busy(nc)) {
		if (time_after(jiffies, deadline))
			break;
		usleep_range(100, 1000);
	}

	spin_lock_irqsave(&nc->lock, flags);
	netdma_bell_sync_locked(nc);
	if (!nc->allocated || nc->dead || nc->issued == nc->done)
		goto out;
	dev_warn(netdma_chan_dev(nc), "netdma: chan %u: %u descriptors still outstanding, %s\n",
		 nc->index, nc->issued - nc->done,
		 suspend_ok && nc->ops->suspend ? "suspending" : "aborting");
	if (suspend_ok && nc->ops->suspend &&
	    !nc->ops->suspend(nc->chan_ctx, &last_desc)) {
		netdma_reap_locked(nc);
		goto out;
	}
	if (nc->ops->abort)
		ret = nc->ops->abort(nc->chan_ctx);
	else if (nc->ops->reset)
		ret = nc->ops->reset(nc->chan_ctx);
	if (netdma_engine_lost_locked(nc, ret))
		goto out;
	netdma_reap_locked(nc);
	nc->hw_error = false;
	netdma_fail_issued_locked(nc, DMA_TRANS_ABORTED);
out:
	spin_unlock_irqrestore(&nc->lock, flags);
	netdma_kick_completion(nc);
}

/**
 * netdma_chan_hold() - hand nothing more to the engine
 * @nc: the channel
 *
 * Clients may still prepare and submit; power up or teardown decides what
 * happens to that work.
 */
void netdma_chan_hold(struct netdma_channel *nc)
{
	unsigned long flags;

	/* Ordered against an allocation that reads prov->powered_down. */
	mutex_lock(&nc->life_lock);
	spin_lock_irqsave(&nc->lock, flags);
	nc->powered_down = true;
	/* An append rung before has returned too. */
	netdma_bell_sync_locked(nc);
	spin_unlock_irqrestore(&nc->lock, flags);
	mutex_unlock(&nc->life_lock);
}

struct netdma_kept_ring {
	struct device *dev;
	struct netdma_ring_mem mem;
};

static void netdma_free_kept_ring(void *data)
{
	struct netdma_kept_ring *k = data;

	netdma_ring_mem_free(k->dev, &k->mem);
	kfree(k);
}

/*
 * The engine of a lost channel may still use its ring and write its
 * completion word: they go back with the provider's binding (devres, after
 * the provider's remove has stopped the device's DMA), never before.
 */
static void netdma_keep_ring(struct device *dev, const struct netdma_ring_mem *m)
{
	struct netdma_kept_ring *k = kmalloc(sizeof(*k), GFP_KERNEL);

	if (k) {
		k->dev = dev;
		k->mem = *m;
		if (!devm_add_action(dev, netdma_free_kept_ring, k))
			return;
		kfree(k);
	}
	dev_err(dev, "netdma: the ring of a lost channel is leaked\n");
}

/*
 * Release everything of an allocated channel. With @dead (provider stop)
 * the channel stays unusable for the clients that still hold it. Under
 * life_lock: a client's release and the provider's stop may tear the same
 * channel down at once, and an allocation may be sleeping in the provider.
 */
static void netdma_chan_teardown_locked(struct netdma_channel *nc, bool dead,
					unsigned long deadline)
{
	struct device *dev = netdma_chan_dev(nc);
	struct netdma_ring_mem mem;
	struct netdma_slot *slots;
	unsigned long flags;
	void *chan_ctx;
	bool lost;

	lockdep_assert_held(&nc->life_lock);
	spin_lock_irqsave(&nc->lock, flags);
	if (!nc->allocated) {
		nc->dead |= dead;
		spin_unlock_irqrestore(&nc->lock, flags);
		return;
	}
	/* No new hand-over while the engine drains. */
	nc->powered_down = true;
	spin_unlock_irqrestore(&nc->lock, flags);

	netdma_chan_quiesce(nc, false, deadline);

	spin_lock_irqsave(&nc->lock, flags);
	/* What a lost engine holds never completes (netdma_engine_lost_locked()). */
	if (!nc->lost)
		netdma_fail_outstanding_locked(nc, DMA_TRANS_ABORTED);
	nc->dead |= dead;
	spin_unlock_irqrestore(&nc->lock, flags);
	netdma_kick_completion(nc);
	/* Every callback, ABORTED ones included, has run after this. */
	netdma_bh_flush(&nc->bh);

	spin_lock_irqsave(&nc->lock, flags);
	/* No prep reserves from here on: unallocated, the word stays frozen. */
	netdma_freeze_locked(nc);
	nc->allocated = false;
	spin_unlock_irqrestore(&nc->lock, flags);
	/*
	 * A prep that reserved before may still be writing its slot and its
	 * descriptor, with preemption off (ring.c): wait for all of them.
	 */
	synchronize_rcu();

	spin_lock_irqsave(&nc->lock, flags);
	chan_ctx = nc->chan_ctx;
	mem.ring = nc->ring;
	mem.ring_dma = nc->ring_dma;
	mem.completion = nc->completion;
	mem.completion_dma = nc->completion_dma;
	nc->ring = NULL;
	nc->completion = NULL;
	nc->chan_ctx = NULL;
	lost = nc->lost;
	/*
	 * A client of a dead channel may still hold a descriptor it prepared
	 * and has yet to submit (which then fails): the slots stay until the
	 * dmadev goes, after the last client.
	 */
	slots = NULL;
	if (!nc->dead) {
		slots = nc->slots;
		nc->slots = NULL;
	}
	spin_unlock_irqrestore(&nc->lock, flags);

	netdma_hp_del(nc);
	nc->ops->free_channel(chan_ctx);
	/* A late interrupt from before free_channel must not see the ring. */
	netdma_bh_flush(&nc->bh);
	kvfree(slots);
	if (lost)
		netdma_keep_ring(dev, &mem);
	else
		netdma_ring_mem_free(dev, &mem);
}

static void netdma_chan_teardown(struct netdma_channel *nc, bool dead,
				 unsigned long deadline)
{
	mutex_lock(&nc->life_lock);
	netdma_chan_teardown_locked(nc, dead, deadline);
	mutex_unlock(&nc->life_lock);
}

static void netdma_free_chan_resources(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	struct device *client_dev;

	netdma_chan_teardown(nc, false,
			     jiffies + msecs_to_jiffies(NETDMA_QUIESCE_TIMEOUT_MS));
	mutex_lock(&nc->life_lock);
	client_dev = nc->client_dev;
	nc->client_dev = NULL;
	mutex_unlock(&nc->life_lock);
	/* The client is done with the channel: chan->dev may go now. */
	put_device(client_dev);
}

/**
 * netdma_chan_power_up() - re-Start a channel after a power up
 * @nc: the channel
 *
 * The engine lost its context: start at the first descriptor not completed
 * with everything submitted since.
 */
void netdma_chan_power_up(struct netdma_channel *nc)
{
	unsigned long flags;

	mutex_lock(&nc->life_lock);
	spin_lock_irqsave(&nc->lock, flags);
	nc->powered_down = false;
	if (nc->allocated && !nc->dead) {
		netdma_bell_sync_locked(nc);
		netdma_reap_locked(nc);
		WRITE_ONCE(*nc->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
		nc->need_start = true;
		nc->issued = nc->done;
		netdma_hand_over_locked(nc);
	}
	spin_unlock_irqrestore(&nc->lock, flags);
	mutex_unlock(&nc->life_lock);
}

/**
 * netdma_is_netdma_chan() - does a dmaengine channel belong to netdma?
 * @chan: any dmaengine channel
 *
 * Return: true for channels of a netdma provider.
 */
bool netdma_is_netdma_chan(struct dma_chan *chan)
{
	return chan->device->device_alloc_chan_resources ==
		netdma_alloc_chan_resources;
}
EXPORT_SYMBOL_GPL(netdma_is_netdma_chan);

static int netdma_chan_init(struct netdma_provider *prov,
			    struct netdma_dmadev *dd, unsigned int i)
{
	struct netdma_channel *nc = &dd->chans[i];

	spin_lock_init(&nc->lock);
	spin_lock_init(&nc->bell_lock);
	/* No prep reserves before the first allocation. */
	atomic64_set(&nc->reserve, NETDMA_RESERVE_FROZEN);
	mutex_init(&nc->life_lock);
	INIT_LIST_HEAD(&nc->hp_node);
	if (!zalloc_cpumask_var(&nc->mask, GFP_KERNEL))
		return -ENOMEM;
	nc->irq_per_chan = (prov->chars.flags & NETDMA_PROVIDER_PER_CHANNEL_IRQ) &&
			   prov->chars.ops->set_channel_cpu_affinity;
	nc->prov_ctx = prov->ctx;
	nc->index = i;
	nc->irq_cpu = prov->affinity[i].cpu;
	nc->cpu = nc->irq_cpu;
	nc->ops = prov->chars.ops;
	nc->max_xfer = prov->attr.max_transfer_size;
	nc->max_address = prov->attr.max_address;
	netdma_bh_init(&nc->bh, netdma_complete_work);
	nc->chan.device = &dd->dma;
	list_add_tail(&nc->chan.device_node, &dd->dma.channels);
	return 0;
}

/**
 * netdma_dmadev_register() - build and register the provider's dma_device
 * @prov: provider, lock held, attributes set
 *
 * Return: 0 or a negative errno.
 */
int netdma_dmadev_register(struct netdma_provider *prov)
{
	unsigned int i, n = prov->attr.channel_count;
	const struct netdma_provider_ops *ops = prov->chars.ops;
	struct netdma_dmadev *dd;
	struct dma_device *dma;
	int ret;

	dd = kzalloc_node(struct_size(dd, chans, n), GFP_KERNEL,
			  dev_to_node(prov->chars.dev));
	if (!dd)
		return -ENOMEM;
	dd->nr_chans = n;
	dd->prov = prov;
	kref_init(&dd->ref);

	dma = &dd->dma;
	/*
	 * Clients that keep a channel after the provider stops still map
	 * buffers for dma->dev (dmaengine_get_dma_device()): the device must
	 * outlive the dmadev, not just the binding (PCI hot removal frees it).
	 */
	dma->dev = get_device(prov->chars.dev);
	dma_cap_set(DMA_MEMCPY, dma->cap_mask);
	dma_cap_set(DMA_INTERRUPT, dma->cap_mask);
	dma_cap_set(DMA_PRIVATE, dma->cap_mask);
	dma->directions = BIT(DMA_MEM_TO_MEM);
	dma->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	dma->copy_align = DMAENGINE_ALIGN_1_BYTE;
	dma->device_alloc_chan_resources = netdma_alloc_chan_resources;
	dma->device_free_chan_resources = netdma_free_chan_resources;
	dma->device_prep_dma_memcpy = netdma_prep_memcpy;
	dma->device_prep_dma_interrupt = netdma_prep_interrupt;
	dma->device_issue_pending = netdma_issue_pending;
	dma->device_tx_status = netdma_tx_status;
	dma->device_terminate_all = netdma_terminate_all;
	dma->device_synchronize = netdma_synchronize;
	if (ops->suspend) {
		dma->device_pause = netdma_pause;
		dma->device_resume = netdma_resume;
	}
	dma->device_release = netdma_device_release;
	INIT_LIST_HEAD(&dma->channels);
	for (i = 0; i < n; i++) {
		ret = netdma_chan_init(prov, dd, i);
		if (ret)
			goto err_free;
	}

	ret = dma_async_device_register(dma);
	if (ret) {
		dev_err(prov->chars.dev, "netdma: %s: dma_async_device_register: %d\n",
			prov->name, ret);
		goto err_free;
	}
	prov->dmadev = dd;
	return 0;

err_free:
	put_device(dma->dev);
	netdma_dmadev_kfree(dd);
	return ret;
}

/*
 * A channel about to be unregistered takes no new client: the client's
 * reference on chan->dev (netdma_alloc_chan_resources()) is taken under
 * life_lock only while this flag is clear, so before the core drops its own.
 */
static void netdma_chan_unlist(struct netdma_channel *nc)
{
	mutex_lock(&nc->life_lock);
	nc->unlisted = true;
	mutex_unlock(&nc->life_lock);
}

/**
 * netdma_dmadev_unregister() - stop every channel and unregister
 * @prov: provider, lock held, started
 *
 * Unregistering first means no new client can allocate a channel; clients
 * that hold one see it dead (prep returns NULL) and get DMA_TRANS_ABORTED
 * for what the engine did not finish. The dmadev is freed when the last of
 * them lets go.
 */
void netdma_dmadev_unregister(struct netdma_provider *prov)
{
	struct netdma_dmadev *dd = prov->dmadev;
	unsigned long deadline;
	unsigned int i;

	kref_get(&dd->ref);
	/*
	 * The core frees each chan->dev inside dma_async_device_unregister()
	 * while the dma_device is still listed, so a request can reach our
	 * allocation after it: refuse from here on (see netdma_chan_unlist()).
	 */
	for (i = 0; i < dd->nr_chans; i++)
		netdma_chan_unlist(&dd->chans[i]);
	dma_async_device_unregister(&dd->dma);
	for (i = 0; i < dd->nr_chans; i++)
		netdma_chan_hold(&dd->chans[i]);
	deadline = jiffies + msecs_to_jiffies(NETDMA_QUIESCE_TIMEOUT_MS);
	for (i = 0; i < dd->nr_chans; i++)
		netdma_chan_teardown(&dd->chans[i], true, deadline);
	dd->prov = NULL;
	prov->dmadev = NULL;
	kref_put(&dd->ref, netdma_dmadev_free);
}
