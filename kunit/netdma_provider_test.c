// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the provider side of the netdma shim. Registration validation,
 * the affinity table, start/stop with attribute validation, stop with
 * work outstanding and with channels still held, power down/up, and the
 * CPU-mask channel helper.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/jiffies.h>
#include <linux/netdma.h>

#include "netdma_fake_provider.h"
#include "../drivers/dma/netdma/netdma_priv.h"	/* the affinity table */

/* dmaengine has no client wrapper for DMA_INTERRUPT descriptors. */
static struct dma_async_tx_descriptor *
netdma_test_prep_interrupt(struct dma_chan *chan, unsigned long flags)
{
	return chan->device->device_prep_dma_interrupt(chan, flags);
}

struct netdma_ptest_tx {
	struct completion done;
	struct dmaengine_result res;
	unsigned int calls;
};

static void netdma_ptest_cb(void *param, const struct dmaengine_result *res)
{
	struct netdma_ptest_tx *tx = param;

	tx->res = *res;
	tx->calls++;
	complete(&tx->done);
}

static dma_cookie_t netdma_ptest_copy(struct kunit *test, struct dma_chan *chan,
				      dma_addr_t dst, dma_addr_t src, size_t len,
				      struct netdma_ptest_tx *tx)
{
	struct dma_async_tx_descriptor *txd;
	dma_cookie_t cookie;

	txd = dmaengine_prep_dma_memcpy(chan, dst, src, len,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	init_completion(&tx->done);
	tx->calls = 0;
	txd->callback_result = netdma_ptest_cb;
	txd->callback_param = tx;
	cookie = dmaengine_submit(txd);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	dma_async_issue_pending(chan);
	return cookie;
}

static void netdma_ptest_wait(struct kunit *test, struct netdma_ptest_tx *tx)
{
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&tx->done, 2 * HZ));
}

static void netdma_get_version_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, netdma_get_version(), 0x00020000U);
}

static void netdma_register_valid(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 3);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_EXPECT_NOT_NULL(test, fake->prov);
	/* Per-channel interrupts: the table arrives during registration. */
	KUNIT_EXPECT_EQ(test, fake->stats.set_affinity, 1);
	KUNIT_EXPECT_EQ(test, fake->affinity_count, 3);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, fake->affinity_table[i].channel, i);
		KUNIT_EXPECT_TRUE(test, cpu_online(fake->affinity_table[i].cpu));
	}
	/* Nothing else before start. */
	KUNIT_EXPECT_EQ(test, fake->stats.alloc + fake->stats.start, 0);
}

static void netdma_register_no_table_without_flag(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 2);

	fake->chars.flags = 0;
	fake->ops.set_channel_cpu_affinity = NULL;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_EXPECT_EQ(test, fake->stats.set_affinity, 0);
}

static void netdma_register_v1_without_name(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);

	fake->chars.major_version = 1;
	fake->chars.minor_version = 1;
	fake->chars.friendly_name = NULL;
	KUNIT_EXPECT_EQ(test, 0, netdma_fake_register(fake));
}

static void netdma_register_affinity_error(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 2);

	fake->affinity_ret = -EIO;
	KUNIT_EXPECT_EQ(test, -EIO, netdma_fake_register(fake));
	KUNIT_EXPECT_NULL(test, fake->prov);
}

/* One rejected characteristic per case. */
struct netdma_bad_chars {
	const char *name;
	void (*spoil)(struct netdma_fake *fake);
};

static void spoil_size(struct netdma_fake *f)
{
	f->chars.size--;
}

static void spoil_major(struct netdma_fake *f)
{
	f->chars.major_version = 3;
}

static void spoil_minor(struct netdma_fake *f)
{
	f->chars.minor_version = 1;
}

static void spoil_zero(struct netdma_fake *f)
{
	f->chars.major_version = 0;
}

static void spoil_name(struct netdma_fake *f)
{
	f->chars.friendly_name = NULL;
}

static void spoil_empty_name(struct netdma_fake *f)
{
	f->chars.friendly_name = "";
}

static void spoil_flags(struct netdma_fake *f)
{
	f->chars.flags |= BIT(5);
}

static void spoil_max(struct netdma_fake *f)
{
	f->chars.max_channels = 0;
}

static void spoil_ops(struct netdma_fake *f)
{
	f->chars.ops = NULL;
}

static void spoil_alloc(struct netdma_fake *f)
{
	f->ops.alloc_channel = NULL;
}

static void spoil_free(struct netdma_fake *f)
{
	f->ops.free_channel = NULL;
}

static void spoil_start(struct netdma_fake *f)
{
	f->ops.start = NULL;
}

static void spoil_append(struct netdma_fake *f)
{
	f->ops.append = NULL;
}

static void spoil_resume(struct netdma_fake *f)
{
	f->ops.resume = NULL;
}

static void spoil_suspend(struct netdma_fake *f)
{
	f->ops.suspend = NULL;
}

static void spoil_affinity(struct netdma_fake *f)
{
	f->ops.set_channel_cpu_affinity = NULL;
}

static void spoil_dev(struct netdma_fake *f)
{
	f->chars.dev = NULL;
}

static const struct netdma_bad_chars netdma_bad_chars_cases[] = {
	{ "size mismatch", spoil_size },
	{ "major version above interface", spoil_major },
	{ "minor version above interface", spoil_minor },
	{ "version 0", spoil_zero },
	{ "2.0 without friendly name", spoil_name },
	{ "2.0 with empty friendly name", spoil_empty_name },
	{ "unknown flag", spoil_flags },
	{ "max_channels 0", spoil_max },
	{ "no ops", spoil_ops },
	{ "no alloc_channel", spoil_alloc },
	{ "no free_channel", spoil_free },
	{ "no start", spoil_start },
	{ "no append", spoil_append },
	{ "suspend without resume", spoil_resume },
	{ "resume without suspend", spoil_suspend },
	{ "per-channel irq without set_channel_cpu_affinity", spoil_affinity },
	{ "no device", spoil_dev },
};

static void netdma_bad_chars_desc(const struct netdma_bad_chars *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(netdma_bad_chars, netdma_bad_chars_cases, netdma_bad_chars_desc);

static void netdma_register_rejects(struct kunit *test)
{
	const struct netdma_bad_chars *c = test->param_value;
	struct netdma_fake *fake = netdma_fake_alloc(test, 2);

	c->spoil(fake);
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_fake_register(fake));
	KUNIT_EXPECT_NULL(test, fake->prov);
	KUNIT_EXPECT_EQ(test, fake->stats.set_affinity, 0);
}

static void netdma_register_null_args(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct netdma_provider *prov = NULL;

	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_register_provider(NULL, fake, &prov));
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_register_provider(&fake->chars, fake, NULL));
	KUNIT_EXPECT_NULL(test, prov);
}

struct netdma_bad_attr {
	const char *name;
	void (*spoil)(struct netdma_provider_attributes *a);
};

static void spoil_attr_size(struct netdma_provider_attributes *a)
{
	a->size++;
}

static void spoil_attr_flags(struct netdma_provider_attributes *a)
{
	a->flags = 1;
}

static void spoil_attr_zero_chans(struct netdma_provider_attributes *a)
{
	a->channel_count = 0;
}

static void spoil_attr_many_chans(struct netdma_provider_attributes *a)
{
	a->channel_count = 3;
}

static void spoil_attr_xfer(struct netdma_provider_attributes *a)
{
	a->max_transfer_size = 4095;
}

static void spoil_attr_addr(struct netdma_provider_attributes *a)
{
	a->max_address = 0;
}

static const struct netdma_bad_attr netdma_bad_attr_cases[] = {
	{ "size mismatch", spoil_attr_size },
	{ "nonzero flags", spoil_attr_flags },
	{ "channel_count 0", spoil_attr_zero_chans },
	{ "channel_count above max_channels", spoil_attr_many_chans },
	{ "max_transfer_size below 4 KiB", spoil_attr_xfer },
	{ "max_address 0", spoil_attr_addr },
};

static void netdma_bad_attr_desc(const struct netdma_bad_attr *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(netdma_bad_attr, netdma_bad_attr_cases, netdma_bad_attr_desc);

static void netdma_start_rejects(struct kunit *test)
{
	const struct netdma_bad_attr *c = test->param_value;
	struct netdma_fake *fake = netdma_fake_alloc(test, 2);

	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	c->spoil(&fake->attr);
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_fake_start(fake));
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_provider_start(fake->prov, NULL));
	/* Still startable with good attributes. */
	fake->attr.size = sizeof(fake->attr);
	fake->attr.flags = 0;
	fake->attr.channel_count = 2;
	fake->attr.max_transfer_size = 4096;
	fake->attr.max_address = DMA_BIT_MASK(32);
	KUNIT_EXPECT_EQ(test, 0, netdma_fake_start(fake));
}

static void netdma_start_twice_busy(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);

	KUNIT_EXPECT_EQ(test, -EBUSY, netdma_fake_start(fake));
}

static void netdma_start_stop_repeat(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 4);
	struct netdma_ptest_tx tx;
	struct dma_chan *chan;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;
	unsigned int round;

	src = netdma_fake_buf(fake, 256, &src_dma);
	dst = netdma_fake_buf(fake, 256, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	for (round = 1; round <= 3; round++) {
		struct dma_device *dma;

		fake->attr.channel_count = round;
		KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
		chan = netdma_request_channel(cpu_online_mask, NULL);
		KUNIT_ASSERT_NOT_NULL(test, chan);
		dma = chan->device;
		KUNIT_EXPECT_EQ(test, dma->chancnt, round);
		KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_MEMCPY, dma->cap_mask));
		KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_INTERRUPT, dma->cap_mask));
		KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_PRIVATE, dma->cap_mask));
		memset(src, round, 256);
		netdma_ptest_copy(test, chan, dst_dma, src_dma, 256, &tx);
		netdma_ptest_wait(test, &tx);
		KUNIT_EXPECT_EQ(test, dst[255], round);
		netdma_release_channel(chan);
		netdma_provider_stop(fake->prov);
		KUNIT_EXPECT_EQ(test, fake->stats.alloc, round);
		KUNIT_EXPECT_EQ(test, fake->stats.free, round);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* Stop waits for work the engine owns (delayed engine) and frees. */
static void netdma_stop_waits_for_dma(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_ptest_tx tx;
	struct dma_chan *chan;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 4096, &src_dma);
	dst = netdma_fake_buf(fake, 4096, &dst_dma);
	memset(src, 0x5a, 4096);
	fake->delay_ms = 50;
	chan = netdma_fake_get_chan(fake);
	netdma_ptest_copy(test, chan, dst_dma, src_dma, 4096, &tx);
	KUNIT_EXPECT_EQ(test, tx.calls, 0);
	netdma_provider_stop(fake->prov);
	/* Completed by the engine, not aborted. */
	KUNIT_EXPECT_EQ(test, tx.calls, 1);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, dst[4095], 0x5a);
	KUNIT_EXPECT_EQ(test, fake->stats.abort, 0);
	KUNIT_EXPECT_EQ(test, fake->stats.free, 1);
	/* The client still holds the channel: prep fails, nothing crashes. */
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, 0));
}

/* A hung engine: stop aborts after its timeout and reports ABORTED. */
static void netdma_stop_aborts_hung_dma(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_ptest_tx tx;
	struct dma_chan *chan;
	dma_addr_t src_dma, dst_dma;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	netdma_ptest_copy(test, chan, dst_dma, src_dma, 64, &tx);
	netdma_provider_stop(fake->prov);
	KUNIT_EXPECT_EQ(test, tx.calls, 1);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, tx.res.residue, 64);
	KUNIT_EXPECT_EQ(test, fake->stats.abort, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.free, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
	KUNIT_EXPECT_NULL(test, netdma_test_prep_interrupt(chan, 0));
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
}

/* Hung engines on several channels cost one timeout, not one each. */
static void netdma_stop_hung_channels_one_timeout(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 3);
	struct netdma_ptest_tx tx[3];
	dma_addr_t src_dma, dst_dma;
	unsigned long start;
	unsigned int i;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 3 * 64, &dst_dma);
	fake->manual = true;
	for (i = 0; i < 3; i++)
		netdma_ptest_copy(test, netdma_fake_get_chan(fake), dst_dma + i * 64,
				  src_dma, 64, &tx[i]);
	start = jiffies;
	netdma_provider_stop(fake->prov);
	KUNIT_EXPECT_LT(test, jiffies - start, msecs_to_jiffies(1800));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, tx[i].res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, fake->stats.abort, 3);
	KUNIT_EXPECT_EQ(test, fake->stats.free, 3);
}

/* Deregistration with a channel held: the client releases it afterwards. */
static void netdma_deregister_with_channel_held(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	struct dma_chan *chan;

	chan = netdma_request_channel(cpu_online_mask, NULL);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_provider_stop(fake->prov);
	netdma_deregister_provider(fake->prov);
	fake->prov = NULL;
	KUNIT_EXPECT_EQ(test, fake->stats.free, 1);
	KUNIT_EXPECT_NULL(test, netdma_test_prep_interrupt(chan, DMA_PREP_INTERRUPT));
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, DMA_MIN_COOKIE, NULL, NULL),
			DMA_COMPLETE);
	netdma_release_channel(chan);
	KUNIT_EXPECT_EQ(test, fake->stats.free, 1);
}

static void netdma_alloc_failure(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);

	fake->alloc_ret = -ENOMEM;
	KUNIT_EXPECT_NULL(test, netdma_request_channel(cpu_online_mask, NULL));
	fake->alloc_ret = 0;
	netdma_fake_get_chan(fake);
	KUNIT_EXPECT_EQ(test, fake->stats.alloc, 1);
}

/* Channel helper: interrupt CPU in the mask, reported CPU, params passed. */
static void netdma_request_by_mask(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	const struct cpumask *mask = cpumask_of(0);
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	unsigned int cpu = UINT_MAX;

	chan = netdma_request_channel(mask, &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_EXPECT_TRUE(test, netdma_is_netdma_chan(chan));
	KUNIT_EXPECT_EQ(test, cpu, 0);
	fc = netdma_fake_chan_of(fake, chan);
	KUNIT_EXPECT_PTR_EQ(test, fc->alloc_params.affinity, mask);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.cpu, 0);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.revision, NETDMA_CHANNEL_PARAMS_REVISION);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.size, sizeof(fc->alloc_params));
	KUNIT_EXPECT_EQ(test, fc->alloc_params.channel, chan->chan_id);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.completion_dma % 64, 0);
	KUNIT_EXPECT_EQ(test, (uintptr_t)fc->alloc_params.completion_virt % 64, 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(*fc->alloc_params.completion_virt),
			(u64)NETDMA_STATUS_ARMED);
}

/* Every channel taken: the helper fails cleanly; freed ones come back. */
static void netdma_request_exhausted(struct kunit *test)
{
	struct dma_chan *a, *b;

	netdma_fake_create(test, 2);
	a = netdma_request_channel(cpu_online_mask, NULL);
	b = netdma_request_channel(cpu_online_mask, NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_PTR_NE(test, a, b);
	KUNIT_EXPECT_NULL(test, netdma_request_channel(cpu_online_mask, NULL));
	netdma_release_channel(b);
	b = netdma_request_channel(cpu_online_mask, NULL);
	KUNIT_EXPECT_NOT_NULL(test, b);
	if (b)
		netdma_release_channel(b);
	netdma_release_channel(a);
}

static void netdma_request_empty_mask(struct kunit *test)
{
	cpumask_var_t mask;

	netdma_fake_create(test, 1);
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&mask, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, netdma_request_channel(mask, NULL));
	KUNIT_EXPECT_NULL(test, netdma_request_channel(NULL, NULL));
	free_cpumask_var(mask);
}

/*
 * No channel's interrupt CPU in the mask: any channel, completion on a CPU
 * of the mask. Needs two online CPUs (the QEMU -smp 4 run); UML is UP.
 */
static void netdma_request_fallback_cpu(struct kunit *test)
{
	struct netdma_fake *fake;
	struct dma_chan *chan;
	unsigned int cpu = UINT_MAX, other;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	fake = netdma_fake_alloc(test, 2);
	fake->affinity_cpu = 0;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	other = cpumask_next(0, cpu_online_mask);
	chan = netdma_request_channel(cpumask_of(other), &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_EXPECT_EQ(test, cpu, other);
	KUNIT_EXPECT_EQ(test, netdma_fake_chan_of(fake, chan)->alloc_params.cpu, other);
}

/* A CPU the provider could not target is ignored, not trusted. */
static void netdma_affinity_writeback_checked(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 2);
	struct dma_chan *chan;
	unsigned int cpu = UINT_MAX;

	fake->affinity_cpu = nr_cpu_ids + 3;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	chan = netdma_request_channel(cpu_online_mask, &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
}

/*
 * A CPU the provider wrote back that exists but is offline is not trusted
 * either: every entry of the table is an online CPU. Needs a possible CPU
 * that is not online (ncpus below NR_CPUS under UML).
 */
static void netdma_affinity_writeback_offline(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 2);
	unsigned int i, offline;

	for (offline = 0; offline < nr_cpu_ids; offline++)
		if (!cpu_online(offline))
			break;
	if (offline >= nr_cpu_ids)
		kunit_skip(test, "every CPU below nr_cpu_ids (%u) is online", nr_cpu_ids);
	fake->affinity_cpu = offline;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_TRUE_MSG(test, cpu_online(fake->prov->affinity[i].cpu),
				      "chan %u: offline CPU %u kept in the affinity table",
				      i, fake->prov->affinity[i].cpu);
}

/*
 * The provider reports a completion CPU that is not online (on UML, one
 * beyond nr_cpu_ids): the shim keeps its own choice, an online CPU of the
 * mask, and completions still arrive.
 */
static void netdma_alloc_offline_cpu(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_ptest_tx tx;
	dma_addr_t src_dma, dst_dma;
	unsigned int cpu = UINT_MAX;
	struct dma_chan *chan;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->alloc_cpu = nr_cpu_ids + 1;
	chan = netdma_request_channel(cpu_online_mask, &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
	netdma_ptest_copy(test, chan, dst_dma, src_dma, 64, &tx);
	netdma_ptest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
}

static void netdma_pnp_rejects(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_pnp_notification ev = {
		.revision = NETDMA_PNP_NOTIFICATION_REVISION,
		.size = sizeof(ev),
		.code = NETDMA_PNP_PROVIDER_ARRIVAL,
	};

	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_pnp_event_notify(fake->prov, &ev));
	ev.code = NETDMA_PNP_POWER_DOWN;
	ev.size--;
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_pnp_event_notify(fake->prov, &ev));
	ev.size++;
	ev.revision = 2;
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_pnp_event_notify(fake->prov, &ev));
	KUNIT_EXPECT_EQ(test, -EINVAL, netdma_pnp_event_notify(fake->prov, NULL));
}

/*
 * Power down with the engine busy: it is suspended; work submitted while
 * down waits; power up restarts at the first descriptor not completed.
 */
static void netdma_power_down_up(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_pnp_notification ev = {
		.revision = NETDMA_PNP_NOTIFICATION_REVISION,
		.size = sizeof(ev),
		.code = NETDMA_PNP_POWER_DOWN,
	};
	struct netdma_ptest_tx tx[3];
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;
	unsigned int i, starts;

	src = netdma_fake_buf(fake, 3 * 64, &src_dma);
	dst = netdma_fake_buf(fake, 3 * 64, &dst_dma);
	for (i = 0; i < 3 * 64; i++)
		src[i] = i;
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	netdma_ptest_copy(test, chan, dst_dma, src_dma, 64, &tx[0]);
	netdma_ptest_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx[1]);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
	netdma_ptest_wait(test, &tx[0]);

	KUNIT_ASSERT_EQ(test, 0, netdma_pnp_event_notify(fake->prov, &ev));
	KUNIT_EXPECT_EQ(test, fake->stats.suspend, 1);
	starts = fake->stats.start + fake->stats.append;
	netdma_ptest_copy(test, chan, dst_dma + 128, src_dma + 128, 64, &tx[2]);
	KUNIT_EXPECT_EQ(test, fake->stats.start + fake->stats.append, starts);

	/* Power lost: the engine forgot everything. */
	fc->running = false;
	fc->suspended = false;
	fc->pending = 0;
	ev.code = NETDMA_PNP_POWER_UP;
	KUNIT_ASSERT_EQ(test, 0, netdma_pnp_event_notify(fake->prov, &ev));
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
	KUNIT_EXPECT_EQ(test, fake->stats.last_count, 2);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 10), 2);
	netdma_ptest_wait(test, &tx[1]);
	netdma_ptest_wait(test, &tx[2]);
	KUNIT_EXPECT_EQ(test, tx[1].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, tx[2].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 3 * 64), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* Power down with nothing outstanding neither waits nor suspends. */
static void netdma_power_down_idle(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	struct netdma_pnp_notification ev = {
		.revision = NETDMA_PNP_NOTIFICATION_REVISION,
		.size = sizeof(ev),
		.code = NETDMA_PNP_POWER_DOWN,
	};
	struct netdma_ptest_tx tx;
	struct dma_chan *chan;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 64, &src_dma);
	dst = netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_EQ(test, 0, netdma_pnp_event_notify(fake->prov, &ev));
	KUNIT_EXPECT_EQ(test, fake->stats.suspend + fake->stats.abort, 0);
	memset(src, 7, 64);
	netdma_ptest_copy(test, chan, dst_dma, src_dma, 64, &tx);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 0);
	ev.code = NETDMA_PNP_POWER_UP;
	KUNIT_ASSERT_EQ(test, 0, netdma_pnp_event_notify(fake->prov, &ev));
	netdma_ptest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, dst[63], 7);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 1);
}

static struct kunit_case netdma_provider_cases[] = {
	KUNIT_CASE(netdma_get_version_test),
	KUNIT_CASE(netdma_register_valid),
	KUNIT_CASE(netdma_register_no_table_without_flag),
	KUNIT_CASE(netdma_register_v1_without_name),
	KUNIT_CASE(netdma_register_affinity_error),
	KUNIT_CASE_PARAM(netdma_register_rejects, netdma_bad_chars_gen_params),
	KUNIT_CASE(netdma_register_null_args),
	KUNIT_CASE_PARAM(netdma_start_rejects, netdma_bad_attr_gen_params),
	KUNIT_CASE(netdma_start_twice_busy),
	KUNIT_CASE(netdma_start_stop_repeat),
	KUNIT_CASE(netdma_stop_waits_for_dma),
	KUNIT_CASE_SLOW(netdma_stop_aborts_hung_dma),
	KUNIT_CASE_SLOW(netdma_stop_hung_channels_one_timeout),
	KUNIT_CASE(netdma_deregister_with_channel_held),
	KUNIT_CASE(netdma_alloc_failure),
	KUNIT_CASE(netdma_request_by_mask),
	KUNIT_CASE(netdma_request_exhausted),
	KUNIT_CASE(netdma_request_empty_mask),
	KUNIT_CASE(netdma_request_fallback_cpu),
	KUNIT_CASE(netdma_affinity_writeback_checked),
	KUNIT_CASE(netdma_affinity_writeback_offline),
	KUNIT_CASE(netdma_alloc_offline_cpu),
	KUNIT_CASE(netdma_pnp_rejects),
	KUNIT_CASE_SLOW(netdma_power_down_up),
	KUNIT_CASE(netdma_power_down_idle),
	{}
};

static struct kunit_suite netdma_provider_suite = {
	.name = "netdma_provider",
	.test_cases = netdma_provider_cases,
};

kunit_test_suite(netdma_provider_suite);
