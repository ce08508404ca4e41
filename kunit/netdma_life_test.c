// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: channel lifecycle, descriptor ownership and completion scheduling
 * of the netdma shim on several CPUs (issue 13). The interleavings that
 * timing alone would rarely produce are forced: the fake provider blocks
 * in alloc_channel or free_channel on a completion, a CPU's bottom halves
 * are held off by a thread spinning on it, and CPU hotplug, which UML does
 * not have, is driven through the shim's own hotplug callbacks.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/netdma.h>
#include <linux/poison.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "../drivers/dma/netdma/netdma_priv.h"
#include "netdma_fake_provider.h"

struct life_tx {
	struct completion done;
	struct dmaengine_result res;
	unsigned int calls;
	int cpu;
};

static void life_cb(void *param, const struct dmaengine_result *res)
{
	struct life_tx *tx = param;

	tx->res = *res;
	tx->cpu = raw_smp_processor_id();
	WRITE_ONCE(tx->calls, tx->calls + 1);
	complete(&tx->done);
}

static void life_tx_init(struct life_tx *tx)
{
	init_completion(&tx->done);
	tx->calls = 0;
	tx->cpu = -1;
	memset(&tx->res, 0, sizeof(tx->res));
}

/* Prepare a copy with life_cb as its callback, not submitted. */
static struct dma_async_tx_descriptor *
life_prep(struct kunit *test, struct dma_chan *chan, dma_addr_t dst,
	  dma_addr_t src, size_t len, struct life_tx *tx)
{
	struct dma_async_tx_descriptor *txd;

	txd = dmaengine_prep_dma_memcpy(chan, dst, src, len,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	life_tx_init(tx);
	txd->callback_result = life_cb;
	txd->callback_param = tx;
	return txd;
}

static dma_cookie_t life_copy(struct kunit *test, struct dma_chan *chan,
			      dma_addr_t dst, dma_addr_t src, size_t len,
			      struct life_tx *tx)
{
	dma_cookie_t cookie = dmaengine_submit(life_prep(test, chan, dst, src,
							 len, tx));

	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	dma_async_issue_pending(chan);
	return cookie;
}

static void life_wait(struct kunit *test, struct life_tx *tx)
{
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&tx->done, HZ * 5), 0);
}

static bool life_dev_filter(struct dma_chan *chan, void *param)
{
	return chan->device->dev == param;
}

static struct dma_chan *life_request(struct netdma_fake *fake)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	return dma_request_channel(mask, life_dev_filter, fake->dev);
}

/*
 * A client holding a channel across the provider's stop may still ask for
 * the channel's DMA device: dmatest and the soak map each copy with
 * dmaengine_get_dma_device(), which reads chan->dev. The core frees that
 * at unregister unless it is held; it must live until the client
 * releases the channel. make soak found it (KASAN slab-use-after-free in
 * its client at cbdma unbind).
 */
static void netdma_life_chan_dev_outlives_stop(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_chan *chan;
	char name[32];

	chan = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_PTR_EQ(test, dmaengine_get_dma_device(chan), fake->dev);
	strscpy(name, dma_chan_name(chan), sizeof(name));
	netdma_provider_stop(fake->prov);
	/* KASAN fails the case here if chan->dev was freed. */
	KUNIT_EXPECT_PTR_EQ(test, dmaengine_get_dma_device(chan), fake->dev);
	KUNIT_EXPECT_STREQ(test, dma_chan_name(chan), name);
}

/*
 * Defect 1: a channel of a stopped provider, or one the provider cannot
 * allocate because its device is gone, must not fail with -ENODEV: the
 * dmaengine core reads that as "module removed" and takes the device off
 * dma_device_list, and dma_device_release() unlinks it again later (an
 * oops on LIST_POISON). The device stays listed until its release.
 */
static void netdma_life_alloc_fail_keeps_device_listed(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	struct dma_device *dma;
	struct dma_chan *a, *b;
	bool unlinked;

	/* Client A holds channel 0 across the stop; B asks afterwards. */
	a = netdma_fake_get_chan(fake);
	dma = a->device;
	netdma_provider_stop(fake->prov);
	b = life_request(fake);
	KUNIT_EXPECT_NULL(test, b);
	if (b)
		dma_release_channel(b);
	unlinked = dma->global_node.prev == LIST_POISON2;
	KUNIT_EXPECT_FALSE_MSG(test, unlinked,
			       "stopped provider: the core unlinked the dma_device at a channel request");
	if (unlinked)	/* let A's release unlink it once more without an oops */
		INIT_LIST_HEAD(&dma->global_node);

	/* The device-gone path, with no channel held. */
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	fake->alloc_ret = -ENODEV;
	b = life_request(fake);
	KUNIT_EXPECT_NULL(test, b);
	if (b)
		dma_release_channel(b);
	dma = &fake->prov->dmadev->dma;
	unlinked = dma->global_node.prev == LIST_POISON2;
	KUNIT_EXPECT_FALSE_MSG(test, unlinked,
			       "provider alloc_channel -ENODEV: the core unlinked the dma_device");
	if (unlinked)
		INIT_LIST_HEAD(&dma->global_node);
	fake->alloc_ret = 0;
}

struct life_thread {
	struct netdma_fake *fake;
	struct dma_chan *chan;
	struct completion done;
};

static int life_request_fn(void *data)
{
	struct life_thread *t = data;

	t->chan = life_request(t->fake);
	complete_all(&t->done);
	return 0;
}

static int life_stop_fn(void *data)
{
	struct life_thread *t = data;

	netdma_provider_stop(t->fake->prov);
	complete_all(&t->done);	/* waited for twice */
	return 0;
}

static void life_open_gates(void *data)
{
	struct netdma_fake *fake = data;

	if (fake->alloc_gate)
		complete_all(fake->alloc_gate);
	if (fake->free_gate)
		complete_all(fake->free_gate);
}

/*
 * Defect 2: stop drains channel 0 (blocked in its free_channel) while
 * client B allocates channel 1 (blocked in alloc_channel). Stop must not
 * finish, and the provider must not go away, before B's allocation is
 * over; and the channel B gets must not be live on the stopped device.
 */
static void netdma_life_alloc_races_stop(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	struct completion *alloc_gate, *free_gate;
	struct life_thread *stop, *req;
	struct task_struct *task;
	unsigned long stopped;

	stop = kunit_kzalloc(test, sizeof(*stop), GFP_KERNEL);
	req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stop);
	KUNIT_ASSERT_NOT_NULL(test, req);
	stop->fake = fake;
	req->fake = fake;
	init_completion(&stop->done);
	init_completion(&req->done);
	/* The gates outlive the case: its cleanup opens them. */
	alloc_gate = kunit_kzalloc(test, sizeof(*alloc_gate), GFP_KERNEL);
	free_gate = kunit_kzalloc(test, sizeof(*free_gate), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, alloc_gate);
	KUNIT_ASSERT_NOT_NULL(test, free_gate);
	init_completion(alloc_gate);
	init_completion(free_gate);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, life_open_gates, fake));

	netdma_fake_get_chan(fake);		/* client A: channel 0 */
	fake->free_gate = free_gate;
	task = kthread_run(life_stop_fn, stop, "netdma-life-stop");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* Stop has unregistered and is in channel 0's free_channel. */
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&fake->free_entered, HZ * 5), 0);

	fake->alloc_gate = alloc_gate;
	task = kthread_run(life_request_fn, req, "netdma-life-req");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* B is in alloc_channel of channel 1, unless the shim refused early. */
	wait_for_completion_timeout(&fake->alloc_entered, HZ);

	complete_all(free_gate);
	stopped = wait_for_completion_timeout(&stop->done, HZ / 2);
	if (stopped) {
		/* cbdma's remove: deregister follows stop and frees the provider. */
		netdma_deregister_provider(fake->prov);
		fake->prov = NULL;
	}
	complete_all(alloc_gate);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&req->done, HZ * 5), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&stop->done, HZ * 5), 0);
	if (req->chan) {
		struct dma_async_tx_descriptor *txd;
		dma_addr_t src_dma, dst_dma;

		netdma_fake_buf(fake, 64, &src_dma);
		netdma_fake_buf(fake, 64, &dst_dma);
		txd = dmaengine_prep_dma_memcpy(req->chan, dst_dma, src_dma, 64, 0);
		KUNIT_EXPECT_NULL_MSG(test, txd,
				      "a channel allocated during stop is live on the stopped device");
		dma_release_channel(req->chan);
	}
	KUNIT_EXPECT_EQ_MSG(test, fake->stats.alloc, fake->stats.free,
			    "provider channels allocated and never freed");
}

/*
 * Defect 3, teardown: a descriptor prepared but not submitted when the
 * provider stops stays the client's. Its callback never runs; its submit
 * fails; the client hears of it once.
 */
static void netdma_life_stop_leaves_unsubmitted(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *late;
	struct life_tx tx, tx_late;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	life_copy(test, chan, dst_dma, src_dma, 64, &tx);
	late = life_prep(test, chan, dst_dma, src_dma, 64, &tx_late);
	netdma_provider_stop(fake->prov);
	KUNIT_EXPECT_EQ(test, tx.calls, 1);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ_MSG(test, tx_late.calls, 0,
			    "the callback of a descriptor never submitted ran");
	KUNIT_EXPECT_EQ(test, dmaengine_submit(late), -ENODEV);
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ(test, tx_late.calls, 0);
}

/*
 * Defect 3, terminate: A is prepared and dropped, B and C are submitted
 * behind it. Terminate ends B and C (callbacks, DMA_ERROR) and nothing of
 * them runs afterwards; A is revoked, so its late submit fails; new work
 * is not held back behind A.
 */
static void netdma_life_terminate_ends_submitted(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *a;
	struct life_tx tx_a, tx_b, tx_c, tx_d;
	dma_cookie_t b, c, late;
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 256, &src_dma);
	dst = netdma_fake_buf(fake, 256, &dst_dma);
	memset(src, 0x5a, 256);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	a = life_prep(test, chan, dst_dma, src_dma, 64, &tx_a);
	b = life_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx_b);
	c = life_copy(test, chan, dst_dma + 128, src_dma + 128, 64, &tx_c);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ_MSG(test, tx_b.calls, 1, "terminate left B queued");
	KUNIT_EXPECT_EQ_MSG(test, tx_c.calls, 1, "terminate left C queued");
	KUNIT_EXPECT_EQ(test, tx_b.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, tx_c.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, b, NULL), DMA_ERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, c, NULL), DMA_ERROR);
	KUNIT_EXPECT_EQ(test, tx_a.calls, 0);

	/* The client submits the dropped A after all: it was revoked. */
	late = dmaengine_submit(a);
	KUNIT_EXPECT_TRUE_MSG(test, dma_submit_error(late),
			      "a descriptor prepared before terminate was accepted after it");
	life_copy(test, chan, dst_dma + 192, src_dma + 192, 64, &tx_d);
	netdma_fake_run(fc, UINT_MAX);
	life_wait(test, &tx_d);
	KUNIT_EXPECT_EQ(test, tx_d.res.result, DMA_TRANS_NOERROR);
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ_MSG(test, fake->stats.descs, 1,
			    "descriptors ran after terminate told the client the channel was quiet");
	KUNIT_EXPECT_EQ(test, dst[64], 0);
	KUNIT_EXPECT_EQ(test, dst[128], 0);
	KUNIT_EXPECT_EQ(test, dst[192], 0x5a);
	KUNIT_EXPECT_EQ(test, tx_a.calls, 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/*
 * "Also": a legacy ->callback client learns of a failure only from
 * tx_status, so every failed cookie still in the window reads DMA_ERROR,
 * however many separate runs of failures came after it.
 */
static void netdma_life_every_failed_cookie(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct life_tx ok[8], bad[8];
	dma_cookie_t cok[8], cbad[8];
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	unsigned int i;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		cok[i] = life_copy(test, chan, dst_dma, src_dma, 64, &ok[i]);
		KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
		life_wait(test, &ok[i]);
		cbad[i] = life_copy(test, chan, dst_dma, src_dma, 64, &bad[i]);
		KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	}
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cok[i], NULL), DMA_COMPLETE);
		KUNIT_EXPECT_EQ_MSG(test, dmaengine_tx_status(chan, cbad[i], NULL), DMA_ERROR,
				    "failed cookie %d (run %u of %zu) reads as complete",
				    cbad[i], i + 1, ARRAY_SIZE(bad));
	}
}

/*
 * "Also": a transaction may be NETDMA_RING_SIZE - 1 descriptors of up to
 * 4 GiB - 1 each; its residue must not wrap at 32 bits.
 * dmaengine_result.residue is a u32, so the shim saturates: U32_MAX means
 * "at least 4 GiB - 1 not copied".
 * The engine fails on the first descriptor, so nothing is touched.
 */
static void netdma_life_residue_beyond_u32(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct life_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	size_t len = 3ULL * SZ_2G;

	if (sizeof(size_t) < 8)
		kunit_skip(test, "needs 64-bit size_t");
	fake->attr.max_transfer_size = SZ_2G;
	fake->fail_at = 0;
	fake->fail_result = DMA_TRANS_READ_FAILED;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	/* Far apart, never dereferenced: the first descriptor fails. */
	dst_dma += 4 * (u64)SZ_2G;
	txd = life_prep(test, chan, dst_dma, src_dma, len, &tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(dmaengine_submit(txd)));
	dma_async_issue_pending(chan);
	life_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ_MSG(test, tx.res.residue, U32_MAX,
			    "residue of %zu bytes not copied wrapped", len);
}

struct life_bh_hold {
	struct completion held;
	bool release;
};

/* Keep this CPU's bottom halves off until told, spinning. */
static int life_bh_hold_fn(void *data)
{
	struct life_bh_hold *h = data;

	local_bh_disable();
	complete(&h->held);
	while (!READ_ONCE(h->release))
		cpu_relax();
	local_bh_enable();
	return 0;
}

struct life_sync {
	struct dma_chan *chan;
	struct life_tx *tx;
	unsigned int calls_at_return;
	struct completion done;
};

static int life_sync_fn(void *data)
{
	struct life_sync *s = data;

	dmaengine_terminate_sync(s->chan);
	s->calls_at_return = READ_ONCE(s->tx->calls);
	complete(&s->done);
	return 0;
}

/*
 * Defect 4's ordering rule on the path UML runs: once the completion work
 * is kicked towards the channel's CPU, terminate_sync does not return
 * before it ran, even while that CPU holds its bottom halves off.
 */
static void netdma_life_sync_waits_for_remote_work(struct kunit *test)
{
	struct netdma_fake *fake;
	struct task_struct *holder, *syncer;
	struct life_bh_hold *hold;
	struct life_sync *sync;
	struct life_tx *tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	unsigned int cpu;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs 3 CPUs");
	fake = netdma_fake_create(test, 4);
	hold = kunit_kzalloc(test, sizeof(*hold), GFP_KERNEL);
	sync = kunit_kzalloc(test, sizeof(*sync), GFP_KERNEL);
	tx = kunit_kzalloc(test, sizeof(*tx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hold);
	KUNIT_ASSERT_NOT_NULL(test, sync);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_request_channel(cpumask_of(2), &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_ASSERT_EQ(test, cpu, 2);

	init_completion(&hold->held);
	holder = kthread_create(life_bh_hold_fn, hold, "netdma-life-bh");
	KUNIT_ASSERT_FALSE(test, IS_ERR(holder));
	kthread_bind(holder, cpu);
	wake_up_process(holder);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&hold->held, HZ * 5), 0);

	/* The engine completes at once: the work is queued on the held CPU. */
	life_copy(test, chan, dst_dma, src_dma, 64, tx);
	sync->chan = chan;
	sync->tx = tx;
	init_completion(&sync->done);
	syncer = kthread_run(life_sync_fn, sync, "netdma-life-sync");
	if (IS_ERR(syncer)) {
		WRITE_ONCE(hold->release, true);
		KUNIT_FAIL(test, "no sync thread");
		return;
	}
	msleep(50);
	KUNIT_EXPECT_FALSE_MSG(test, completion_done(&sync->done),
			       "terminate_sync returned while the completion work was still queued");
	WRITE_ONCE(hold->release, true);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&sync->done, HZ * 5), 0);
	KUNIT_EXPECT_EQ(test, sync->calls_at_return, 1);
	KUNIT_EXPECT_EQ(test, tx->cpu, (int)cpu);
}

static void life_cpu_back_up(void *data)
{
	netdma_cpu_up((uintptr_t)data);
}

/*
 * Defect 5: the completion CPU of a busy channel goes offline and comes
 * back. UML has no CPU hotplug, so the case calls the shim's hotplug
 * callbacks as the hotplug core would (CPUHP_AP_ONLINE_DYN teardown on the
 * CPU going down, startup on the one coming up). The completion work and
 * the channel's interrupt move to another CPU of the client's mask, and
 * back home; an allocation while the CPU is down starts elsewhere and
 * comes home too; no completion is lost.
 */
static void netdma_life_hotplug_retargets(struct kunit *test)
{
	struct netdma_fake *fake;
	struct netdma_channel *nc, *nc2;
	struct dma_chan *chan, *chan2;
	dma_addr_t src_dma, dst_dma;
	struct cpumask *mask;
	struct life_tx tx;
	unsigned int cpu;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs 3 CPUs");
	fake = netdma_fake_create(test, 2);	/* interrupts on CPUs 0 and 1 */
	mask = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	cpumask_set_cpu(1, mask);
	cpumask_set_cpu(2, mask);
	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_request_channel(mask, &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_ASSERT_EQ(test, cpu, 1);
	nc = to_netdma_chan(chan);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, life_cpu_back_up,
							   (void *)1UL));

	/* CPU 1 goes down with work queued: it completes, on CPU 2. */
	fake->manual = true;
	life_copy(test, chan, dst_dma, src_dma, 64, &tx);
	netdma_cpu_down(1);
	KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(nc->cpu), 2,
			    "completion work not retargeted off the CPU going down");
	KUNIT_EXPECT_EQ_MSG(test, fake->affinity_table[chan->chan_id].cpu, 2,
			    "interrupt not moved off the CPU going down");
	netdma_fake_run(netdma_fake_chan_of(fake, chan), UINT_MAX);
	life_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.cpu, 2);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);

	/* Allocated while CPU 1 is down: its work starts on CPU 2. */
	chan2 = netdma_request_channel(mask, &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan2);
	netdma_fake_release_on_exit(test, chan2);
	nc2 = to_netdma_chan(chan2);
	KUNIT_EXPECT_EQ(test, cpu, 2);

	/* CPU 1 is back: both go home, interrupts too. */
	netdma_cpu_up(1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(nc->cpu), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(nc2->cpu), 1);
	KUNIT_EXPECT_EQ(test, fake->affinity_table[chan->chan_id].cpu, 1);
	KUNIT_EXPECT_EQ(test, fake->affinity_table[chan2->chan_id].cpu, 1);
	fake->manual = false;
	life_copy(test, chan, dst_dma, src_dma, 64, &tx);
	life_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.cpu, 1);
	life_copy(test, chan2, dst_dma, src_dma, 64, &tx);
	life_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.cpu, 1);
}

static struct kunit_case netdma_life_cases[] = {
	KUNIT_CASE(netdma_life_chan_dev_outlives_stop),
	KUNIT_CASE(netdma_life_alloc_fail_keeps_device_listed),
	KUNIT_CASE(netdma_life_alloc_races_stop),
	KUNIT_CASE(netdma_life_stop_leaves_unsubmitted),
	KUNIT_CASE(netdma_life_terminate_ends_submitted),
	KUNIT_CASE(netdma_life_every_failed_cookie),
	KUNIT_CASE(netdma_life_residue_beyond_u32),
	KUNIT_CASE(netdma_life_sync_waits_for_remote_work),
	KUNIT_CASE(netdma_life_hotplug_retargets),
	{}
};

static struct kunit_suite netdma_life_suite = {
	.name = "netdma_life",
	.test_cases = netdma_life_cases,
};

kunit_test_suite(netdma_life_suite);
