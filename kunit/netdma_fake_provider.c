// SPDX-License-Identifier: GPL-2.0
/*
 * A software NetDMA provider for the shim's KUnit suites, after the fake
 * low-level driver of drivers/fpga/tests/fpga-mgr-test.c: registered on a
 * kunit device, every callback counted in struct netdma_fake_stats, and all
 * cleanup done through kunit actions so that a failed assertion leaks
 * nothing.
 *
 * The engine follows the NetDMA 2.0 model: start loads a head and a count,
 * append adds to the count, each descriptor's next is followed, status
 * update and interrupt bits are honoured, and a failure halts the engine
 * and is reported with netdma_channel_error().
 */
#include <kunit/device.h>
#include <kunit/resource.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "netdma_fake_provider.h"

static void netdma_fake_write_status(struct netdma_fake_chan *fc, u64 status)
{
	struct netdma_fake *fake = fc->fake;
	u64 word = fc->last_done | status;

	if (fake->corrupt_completion) {
		word = fake->corrupt_completion;
		fake->corrupt_completion = 0;
	}
	WRITE_ONCE(*fc->completion, cpu_to_le64(word));
}

/* Execute one descriptor; false when the engine halted on it. */
static bool netdma_fake_exec_one(struct netdma_fake_chan *fc)
{
	struct netdma_fake *fake = fc->fake;
	struct netdma_desc *desc = phys_to_virt(fc->next);
	u32 control = le32_to_cpu(desc->control);
	u32 size = le32_to_cpu(desc->transfer_size);
	dma_addr_t this = fc->next;

	if (fake->fail_at >= 0 && fc->executed == fake->fail_at) {
		fake->fail_at = -1;
		fc->executed++;
		fc->running = false;
		fc->pending = 0;
		if (fc->last_done)
			netdma_fake_write_status(fc, NETDMA_STATUS_HALTED);
		fake->stats.errors++;
		netdma_channel_error(fc->handle, this, fake->fail_result);
		return false;
	}

	if (!(control & NETDMA_CTL_NULL))
		memcpy(phys_to_virt(le64_to_cpu(desc->dst)),
		       phys_to_virt(le64_to_cpu(desc->src)), size);
	fc->executed++;
	fake->stats.descs++;
	fc->pending--;
	fc->last_done = this;
	fc->next = le64_to_cpu(desc->next);
	if (control & NETDMA_CTL_STATUS_UPDATE)
		netdma_fake_write_status(fc, fc->pending ? NETDMA_STATUS_ACTIVE :
					 NETDMA_STATUS_IDLE);
	if (control & NETDMA_CTL_INT_ON_COMPLETION) {
		unsigned int cpu;

		fake->stats.isr++;
		netdma_isr(fc->handle, this, &cpu);
	}
	return true;
}

/**
 * netdma_fake_run() - let a channel's engine execute descriptors
 * @fc: the channel
 * @max: at most this many
 *
 * Return: descriptors executed.
 */
unsigned int netdma_fake_run(struct netdma_fake_chan *fc, unsigned int max)
{
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&fc->lock, flags);
	while (n < max && fc->running && !fc->suspended && fc->pending) {
		if (!netdma_fake_exec_one(fc))
			break;
		n++;
	}
	spin_unlock_irqrestore(&fc->lock, flags);
	return n;
}

static void netdma_fake_work(struct work_struct *work)
{
	struct netdma_fake_chan *fc = container_of(to_delayed_work(work),
						   struct netdma_fake_chan, work);

	netdma_fake_run(fc, UINT_MAX);
}

static void netdma_fake_kick(struct netdma_fake_chan *fc)
{
	struct netdma_fake *fake = fc->fake;

	if (fake->manual)
		return;
	if (fake->delay_ms)
		schedule_delayed_work(&fc->work, msecs_to_jiffies(fake->delay_ms));
	else
		netdma_fake_run(fc, UINT_MAX);
}

static int netdma_fake_set_affinity(void *ctx, struct netdma_channel_cpu_affinity *table,
				    unsigned int count)
{
	struct netdma_fake *fake = ctx;
	unsigned int i;

	fake->stats.set_affinity++;
	fake->affinity_count = count;
	for (i = 0; i < count; i++) {
		if (table[i].channel >= NETDMA_FAKE_MAX_CHANS)
			continue;
		if (fake->affinity_cpu >= 0)
			table[i].cpu = fake->affinity_cpu;
		fake->affinity_table[table[i].channel] = table[i];
	}
	return fake->affinity_ret;
}

static int netdma_fake_alloc_channel(void *ctx, struct netdma_channel_params *params,
				     struct netdma_channel *handle, void **chan_ctx)
{
	struct netdma_fake *fake = ctx;
	struct netdma_fake_chan *fc;

	if (fake->alloc_gate) {
		complete(&fake->alloc_entered);
		wait_for_completion(fake->alloc_gate);
	}
	if (fake->alloc_ret)
		return fake->alloc_ret;
	if (params->channel >= NETDMA_FAKE_MAX_CHANS)
		return -EINVAL;
	fc = &fake->chans[params->channel];
	if (fc->allocated)
		fake->stats.violations++;
	fc->alloc_params = *params;
	fc->handle = handle;
	fc->completion = params->completion_virt;
	fc->allocated = true;
	fc->running = false;
	fc->suspended = false;
	fc->pending = 0;
	fc->last_done = 0;
	fc->executed = 0;
	if (fake->alloc_cpu >= 0)
		params->cpu = fake->alloc_cpu;
	fake->stats.alloc++;
	*chan_ctx = fc;
	return 0;
}

static void netdma_fake_free_channel(void *chan_ctx)
{
	struct netdma_fake_chan *fc = chan_ctx;
	struct netdma_fake *fake = fc->fake;

	if (fake->free_gate) {
		complete(&fake->free_entered);
		wait_for_completion(fake->free_gate);
	}
	cancel_delayed_work_sync(&fc->work);
	if (fc->running && fc->pending)
		fc->fake->stats.violations++;
	fc->allocated = false;
	fc->fake->stats.free++;
}

static int netdma_fake_op_start(void *chan_ctx, struct netdma_desc *desc,
				dma_addr_t desc_dma, unsigned int count)
{
	struct netdma_fake_chan *fc = chan_ctx;
	struct netdma_fake *fake = fc->fake;
	unsigned long flags;
	int ret;

	fake->stats.start++;
	fake->stats.last_count = count;
	if (fake->start_ret) {
		ret = fake->start_ret;
		fake->start_ret = 0;
		return ret;
	}
	spin_lock_irqsave(&fc->lock, flags);
	if (phys_to_virt(desc_dma) != desc || fc->suspended)
		fake->stats.violations++;
	fc->next = desc_dma;
	fc->pending = count;
	fc->running = true;
	spin_unlock_irqrestore(&fc->lock, flags);
	netdma_fake_kick(fc);
	return 0;
}

static int netdma_fake_append(void *chan_ctx, struct netdma_desc *desc,
			      dma_addr_t desc_dma, unsigned int count)
{
	struct netdma_fake_chan *fc = chan_ctx;
	struct netdma_fake *fake = fc->fake;
	unsigned long flags;

	fake->stats.append++;
	fake->stats.last_count = count;
	if (fake->append_ret) {
		int ret = fake->append_ret;

		fake->append_ret = 0;
		return ret;
	}
	spin_lock_irqsave(&fc->lock, flags);
	/* Counted chains: the new head is where the engine would go next. */
	if (!fc->running || fc->suspended ||
	    (fc->pending ? false : fc->next != desc_dma))
		fake->stats.violations++;
	fc->pending += count;
	spin_unlock_irqrestore(&fc->lock, flags);
	netdma_fake_kick(fc);
	if (fake->append_hook)
		fake->append_hook(fc, fake->append_hook_data);
	return 0;
}

static int netdma_fake_suspend(void *chan_ctx, dma_addr_t *last_desc)
{
	struct netdma_fake_chan *fc = chan_ctx;
	unsigned long flags;

	fc->fake->stats.suspend++;
	spin_lock_irqsave(&fc->lock, flags);
	fc->suspended = true;
	*last_desc = fc->last_done;
	if (fc->last_done)
		netdma_fake_write_status(fc, NETDMA_STATUS_SUSPENDED);
	spin_unlock_irqrestore(&fc->lock, flags);
	return 0;
}

static int netdma_fake_resume(void *chan_ctx)
{
	struct netdma_fake_chan *fc = chan_ctx;
	unsigned long flags;

	fc->fake->stats.resume++;
	spin_lock_irqsave(&fc->lock, flags);
	fc->suspended = false;
	spin_unlock_irqrestore(&fc->lock, flags);
	netdma_fake_kick(fc);
	return 0;
}

static void netdma_fake_halt(struct netdma_fake_chan *fc)
{
	unsigned long flags;

	spin_lock_irqsave(&fc->lock, flags);
	fc->running = false;
	fc->suspended = false;
	fc->pending = 0;
	if (fc->last_done)
		netdma_fake_write_status(fc, NETDMA_STATUS_HALTED);
	spin_unlock_irqrestore(&fc->lock, flags);
}

static int netdma_fake_abort(void *chan_ctx)
{
	struct netdma_fake_chan *fc = chan_ctx;

	fc->fake->stats.abort++;
	netdma_fake_halt(fc);
	return 0;
}

static int netdma_fake_reset(void *chan_ctx)
{
	struct netdma_fake_chan *fc = chan_ctx;

	fc->fake->stats.reset++;
	netdma_fake_halt(fc);
	fc->last_done = 0;
	return 0;
}

static const struct netdma_provider_ops netdma_fake_ops = {
	.set_channel_cpu_affinity = netdma_fake_set_affinity,
	.alloc_channel = netdma_fake_alloc_channel,
	.free_channel = netdma_fake_free_channel,
	.start = netdma_fake_op_start,
	.append = netdma_fake_append,
	.suspend = netdma_fake_suspend,
	.resume = netdma_fake_resume,
	.abort = netdma_fake_abort,
	.reset = netdma_fake_reset,
};

static void netdma_fake_teardown(void *data)
{
	struct netdma_fake *fake = data;
	unsigned int i;

	if (fake->prov) {
		netdma_provider_stop(fake->prov);
		netdma_deregister_provider(fake->prov);
		fake->prov = NULL;
	}
	for (i = 0; i < NETDMA_FAKE_MAX_CHANS; i++)
		cancel_delayed_work_sync(&fake->chans[i].work);
}

/**
 * netdma_fake_alloc() - a fake provider, not registered yet
 * @test: the running test
 * @chans: channels (max_channels and channel_count)
 *
 * The case may change @chars, @ops, @attr and the switches before
 * netdma_fake_register() and netdma_fake_start().
 *
 * Return: the fake; the case fails on allocation errors.
 */
struct netdma_fake *netdma_fake_alloc(struct kunit *test, unsigned int chans)
{
	struct netdma_fake *fake;
	unsigned int i;

	fake = kunit_kzalloc(test, sizeof(*fake), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fake);
	fake->test = test;
	fake->dev = kunit_device_register(test, "netdma-fake");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fake->dev);
	fake->ops = netdma_fake_ops;
	fake->fail_at = -1;
	fake->affinity_cpu = -1;
	fake->alloc_cpu = -1;
	init_completion(&fake->alloc_entered);
	init_completion(&fake->free_entered);
	for (i = 0; i < NETDMA_FAKE_MAX_CHANS; i++) {
		fake->chans[i].fake = fake;
		fake->chans[i].index = i;
		spin_lock_init(&fake->chans[i].lock);
		INIT_DELAYED_WORK(&fake->chans[i].work, netdma_fake_work);
	}
	fake->chars = (struct netdma_provider_characteristics) {
		.major_version = NETDMA_VERSION_MAJOR,
		.minor_version = NETDMA_VERSION_MINOR,
		.size = sizeof(fake->chars),
		.flags = NETDMA_PROVIDER_PER_CHANNEL_IRQ,
		.dev = fake->dev,
		.max_channels = chans,
		.ops = &fake->ops,
		.friendly_name = "netdma-fake",
	};
	fake->attr = (struct netdma_provider_attributes) {
		.major_hw_version = 3,
		.minor_hw_version = 2,
		.size = sizeof(fake->attr),
		.vendor_id = 0x8086,
		.channel_count = chans,
		.max_transfer_size = SZ_1M,
		.max_address = DMA_BIT_MASK(64),
	};
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_fake_teardown, fake));
	return fake;
}

/**
 * netdma_fake_register() - register the fake with the shim
 * @fake: the fake
 *
 * Return: netdma_register_provider()'s result.
 */
int netdma_fake_register(struct netdma_fake *fake)
{
	return netdma_register_provider(&fake->chars, fake, &fake->prov);
}

/**
 * netdma_fake_start() - start the registered fake with @fake->attr
 * @fake: the fake
 *
 * Return: netdma_provider_start()'s result.
 */
int netdma_fake_start(struct netdma_fake *fake)
{
	return netdma_provider_start(fake->prov, &fake->attr);
}

/**
 * netdma_fake_create() - a registered and started fake provider
 * @test: the running test
 * @chans: channels
 *
 * Return: the fake; the case fails if registration or start fails.
 */
struct netdma_fake *netdma_fake_create(struct kunit *test, unsigned int chans)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, chans);

	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	return fake;
}

static void netdma_fake_release_chan(void *chan)
{
	dma_release_channel(chan);
}

/**
 * netdma_fake_release_on_exit() - release @chan when the case ends
 * @test: the running test
 * @chan: a channel the case holds
 */
void netdma_fake_release_on_exit(struct kunit *test, struct dma_chan *chan)
{
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_fake_release_chan, chan));
}

/**
 * netdma_fake_release_now() - release @chan before the case ends
 * @test: the running test
 * @chan: a channel from netdma_fake_get_chan()
 */
void netdma_fake_release_now(struct kunit *test, struct dma_chan *chan)
{
	kunit_release_action(test, netdma_fake_release_chan, chan);
}

static bool netdma_fake_filter(struct dma_chan *chan, void *param)
{
	return chan->device->dev == param;
}

/**
 * netdma_fake_get_chan() - a channel of @fake through plain dma_request_channel()
 * @fake: a started fake
 *
 * Released when the case ends.
 *
 * Return: the channel; the case fails if there is none.
 */
struct dma_chan *netdma_fake_get_chan(struct netdma_fake *fake)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, netdma_fake_filter, fake->dev);
	KUNIT_ASSERT_NOT_NULL(fake->test, chan);
	netdma_fake_release_on_exit(fake->test, chan);
	return chan;
}

/**
 * netdma_fake_chan_of() - the fake channel behind a dmaengine channel
 * @fake: the fake
 * @chan: one of its channels
 *
 * Channels are registered in hardware index order, so chan_id is the index.
 *
 * Return: the fake channel.
 */
struct netdma_fake_chan *netdma_fake_chan_of(struct netdma_fake *fake,
					     struct dma_chan *chan)
{
	KUNIT_ASSERT_LT(fake->test, chan->chan_id, NETDMA_FAKE_MAX_CHANS);
	return &fake->chans[chan->chan_id];
}

struct netdma_fake_buf {
	struct device *dev;
	size_t size;
	void *virt;
	dma_addr_t dma;
};

static void netdma_fake_free_buf(void *data)
{
	struct netdma_fake_buf *buf = data;

	dma_free_coherent(buf->dev, buf->size, buf->virt, buf->dma);
}

/**
 * netdma_fake_buf() - a coherent buffer on the fake's device
 * @fake: the fake
 * @size: bytes
 * @dma: set to its bus address
 *
 * Freed when the case ends.
 *
 * Return: its CPU address; the case fails if allocation fails.
 */
void *netdma_fake_buf(struct netdma_fake *fake, size_t size, dma_addr_t *dma)
{
	struct kunit *test = fake->test;
	struct netdma_fake_buf *buf;

	buf = kunit_kzalloc(test, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf->dev = fake->dev;
	buf->size = size;
	buf->virt = dma_alloc_coherent(fake->dev, size, &buf->dma, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf->virt);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_fake_free_buf, buf));
	*dma = buf->dma;
	return buf->virt;
}
