// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the dmaengine side of the netdma shim, driven through the stock
 * dmaengine client API against the fake provider. Copies of many sizes and
 * alignments checked byte for byte, splitting, completion order, polling,
 * interrupts, callbacks with results, terminate, pause/resume, errors on
 * the right cookie, hardware errors and a full ring.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/bottom_half.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/netdma.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../drivers/dma/netdma/netdma_priv.h"	/* netdma_wq, ring size */
#include "netdma_fake_provider.h"

/* dmaengine has no client wrapper for DMA_INTERRUPT descriptors. */
static struct dma_async_tx_descriptor *
netdma_test_prep_interrupt(struct dma_chan *chan, unsigned long flags)
{
	return chan->device->device_prep_dma_interrupt(chan, flags);
}

#define NETDMA_RING_USABLE	(NETDMA_RING_SIZE - 1)	/* one slot kept free */

struct netdma_dtest_tx {
	struct completion done;
	struct dmaengine_result res;
	unsigned int calls;
	unsigned int order;
	unsigned int *seq;
};

static void netdma_dtest_cb(void *param, const struct dmaengine_result *res)
{
	struct netdma_dtest_tx *tx = param;

	tx->res = *res;
	tx->calls++;
	if (tx->seq)
		tx->order = (*tx->seq)++;
	complete(&tx->done);
}

static dma_cookie_t netdma_dtest_submit(struct kunit *test,
					struct dma_async_tx_descriptor *txd,
					struct netdma_dtest_tx *tx,
					unsigned int *seq)
{
	dma_cookie_t cookie;

	KUNIT_ASSERT_NOT_NULL(test, txd);
	init_completion(&tx->done);
	tx->calls = 0;
	tx->seq = seq;
	txd->callback_result = netdma_dtest_cb;
	txd->callback_param = tx;
	cookie = dmaengine_submit(txd);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	return cookie;
}

static dma_cookie_t netdma_dtest_copy(struct kunit *test, struct dma_chan *chan,
				      dma_addr_t dst, dma_addr_t src, size_t len,
				      struct netdma_dtest_tx *tx, unsigned int *seq)
{
	struct dma_async_tx_descriptor *txd;
	dma_cookie_t cookie;

	txd = dmaengine_prep_dma_memcpy(chan, dst, src, len,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	cookie = netdma_dtest_submit(test, txd, tx, seq);
	dma_async_issue_pending(chan);
	return cookie;
}

static void netdma_dtest_wait(struct kunit *test, struct netdma_dtest_tx *tx)
{
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&tx->done, 2 * HZ));
}

static void netdma_dtest_fill(u8 *buf, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(i * 7 + seed + (i >> 8));
}

/* One copy per case: the bytes in range copied, the ones around untouched. */
struct netdma_copy_case {
	size_t len;
	unsigned int src_off;
	unsigned int dst_off;
};

static const struct netdma_copy_case netdma_copy_cases[] = {
	{ 1, 0, 0 }, { 1, 63, 1 }, { 2, 1, 0 }, { 3, 5, 7 },
	{ 8, 0, 0 }, { 15, 1, 3 }, { 63, 0, 1 }, { 64, 0, 0 },
	{ 64, 7, 13 }, { 65, 3, 0 }, { 127, 0, 0 }, { 511, 9, 2 },
	{ 1000, 1, 1 }, { 4095, 0, 0 }, { 4096, 0, 0 }, { 4096, 1, 2 },
	{ 4097, 0, 0 }, { 8191, 63, 62 }, { 16384, 0, 0 }, { 65536, 0, 0 },
	{ 65537, 5, 3 }, { 200000, 17, 31 },
};

static void netdma_copy_desc(const struct netdma_copy_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "len %zu src+%u dst+%u",
		 c->len, c->src_off, c->dst_off);
}

KUNIT_ARRAY_PARAM(netdma_copy, netdma_copy_cases, netdma_copy_desc);

static void netdma_copy_bytes(struct kunit *test)
{
	const struct netdma_copy_case *c = test->param_value;
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	size_t size = c->len + 128;
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	u8 *src, *dst, *want;

	fake->attr.max_transfer_size = 64 * 1024;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	src = netdma_fake_buf(fake, size, &src_dma);
	dst = netdma_fake_buf(fake, size, &dst_dma);
	want = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	netdma_dtest_fill(src, size, (u8)c->len);
	memset(dst, 0xa5, size);
	memset(want, 0xa5, size);
	memcpy(want + c->dst_off, src + c->src_off, c->len);

	chan = netdma_fake_get_chan(fake);
	netdma_dtest_copy(test, chan, dst_dma + c->dst_off, src_dma + c->src_off,
			  c->len, &tx, NULL);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, tx.res.residue, 0);
	KUNIT_EXPECT_EQ(test, tx.calls, 1);
	KUNIT_EXPECT_EQ(test, memcmp(dst, want, size), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.descs, DIV_ROUND_UP(c->len, 64 * 1024));
	KUNIT_EXPECT_EQ(test, fake->stats.isr, 1);
}

/* Above max_transfer_size: split into descriptors, one interrupt. */
static void netdma_copy_split(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	size_t len = 3 * 4096 + 100;
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	u8 *src, *dst;

	fake->attr.max_transfer_size = 4096;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	src = netdma_fake_buf(fake, len, &src_dma);
	dst = netdma_fake_buf(fake, len, &dst_dma);
	netdma_dtest_fill(src, len, 3);
	chan = netdma_fake_get_chan(fake);
	fake->manual = true;
	netdma_dtest_copy(test, chan, dst_dma, src_dma, len, &tx, NULL);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.last_count, 4);
	/* Three of four done: the transaction is not complete yet. */
	KUNIT_EXPECT_EQ(test, netdma_fake_run(netdma_fake_chan_of(fake, chan), 3), 3);
	KUNIT_EXPECT_EQ(test, fake->stats.isr, 0);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(netdma_fake_chan_of(fake, chan), 10), 1);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, fake->stats.isr, 1);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, len), 0);
}

/* prep refuses what the engine cannot do, without side effects. */
static void netdma_prep_limits(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct dma_chan *chan;

	fake->attr.max_transfer_size = 4096;
	fake->attr.max_address = DMA_BIT_MASK(32);
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	chan = netdma_fake_get_chan(fake);
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, 0x1000, 0x2000, 0, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, 0xfffff000, 0x1000, 0x2000, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, 0x1000, 0xffffffff, 2, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, 0x1000, 0x2000,
							  4096 * NETDMA_RING_USABLE + 1, 0));
	KUNIT_EXPECT_EQ(test, fake->stats.start + fake->stats.append, 0);
}

/* Many transactions in flight complete in cookie order, batched. */
static void netdma_completion_order(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	const unsigned int n = 64;
	struct netdma_dtest_tx *tx;
	dma_cookie_t *cookies;
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	unsigned int i, seq = 0;
	u8 *src, *dst;

	tx = kunit_kcalloc(test, n, sizeof(*tx), GFP_KERNEL);
	cookies = kunit_kcalloc(test, n, sizeof(*cookies), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_NOT_NULL(test, cookies);
	src = netdma_fake_buf(fake, n * 32, &src_dma);
	dst = netdma_fake_buf(fake, n * 32, &dst_dma);
	netdma_dtest_fill(src, n * 32, 9);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < n; i++) {
		cookies[i] = netdma_dtest_copy(test, chan, dst_dma + i * 32,
					       src_dma + i * 32, 32, &tx[i], &seq);
		if (i)
			KUNIT_EXPECT_GT(test, cookies[i], cookies[i - 1]);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.start, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.append, n - 1);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, cookies[0], NULL, NULL),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, n / 2), n / 2);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, cookies[n / 2 - 1], NULL, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, cookies[n / 2], NULL, NULL),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, n), n / 2);
	for (i = 0; i < n; i++) {
		netdma_dtest_wait(test, &tx[i]);
		KUNIT_EXPECT_EQ(test, tx[i].order, i);
		KUNIT_EXPECT_EQ(test, tx[i].calls, 1);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, n * 32), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/*
 * No DMA_PREP_INTERRUPT: no interrupt, yet dma_sync_wait() completes, both
 * when the engine finishes at once and when it finishes later. (UML is
 * uniprocessor and dma_sync_wait() spins, so "later" is a manual run.)
 */
static void netdma_polled_completion(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	unsigned int i;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 8192, &src_dma);
	dst = netdma_fake_buf(fake, 8192, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < 4; i++) {
		fake->manual = i & 1;
		netdma_dtest_fill(src, 8192, i);
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 8192, DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, txd);
		cookie = dmaengine_submit(txd);
		KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
		if (fake->manual) {
			dma_async_issue_pending(chan);
			KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
					DMA_IN_PROGRESS);
			KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
		}
		KUNIT_EXPECT_EQ(test, dma_sync_wait(chan, cookie), DMA_COMPLETE);
		KUNIT_EXPECT_EQ(test, memcmp(src, dst, 8192), 0);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.isr, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
}

/* A polled client that never waits on interrupts does not fill the ring. */
static void netdma_polled_ring_recycles(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	unsigned int i;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	for (i = 0; i < 3 * NETDMA_RING_USABLE; i++) {
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, 0);
		if (!txd) {
			/* Ring full: the completion work frees it. */
			dmaengine_synchronize(chan);
			txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, 0);
		}
		KUNIT_ASSERT_NOT_NULL(test, txd);
		cookie = dmaengine_submit(txd);
		KUNIT_ASSERT_EQ(test, dma_sync_wait(chan, cookie), DMA_COMPLETE);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.descs, 3 * NETDMA_RING_USABLE);
}

/*
 * dmatest's polled loop: dma_sync_wait(), then dmaengine_terminate_sync()
 * after every copy. Nothing is outstanding at the terminate, so it aborts
 * nothing and the engine keeps its place: one start, then appends. (It
 * used to restart the channel and queue the completion work every time,
 * which synchronize then waited for on the channel's CPU.)
 */
static void netdma_polled_terminate_appends(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	unsigned int i, n = 2 * NETDMA_RING_USABLE;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	for (i = 0; i < n; i++) {
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64,
						DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, txd);
		cookie = dmaengine_submit(txd);
		KUNIT_ASSERT_EQ(test, dma_sync_wait(chan, cookie), DMA_COMPLETE);
		KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(chan), 0);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.start, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.append, n - 1);
	KUNIT_EXPECT_EQ(test, fake->stats.abort + fake->stats.reset, 0);
	KUNIT_EXPECT_EQ(test, fake->stats.descs, n);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/*
 * A copy without callback or unmap data is given back by the tx_status
 * that reaps it: with bottom halves off on this CPU, the channel's
 * completion CPU (so the completion work cannot run), the ring still
 * recycles, and each slot is free as soon as tx_status said DMA_COMPLETE.
 * Once one copy has a callback, the ones after it wait for the work, in
 * cookie order. The case stays on the CPU it asks the channel to complete
 * on: elsewhere the work would run there, bottom halves off here or not.
 */
static void netdma_polled_frees_without_work(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct netdma_dtest_tx tx;
	struct netdma_fake_chan *fc;
	struct netdma_channel *nc;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	unsigned int i, freed = 0, n = 2 * NETDMA_RING_USABLE;
	bool cb_tail_held;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	migrate_disable();
	fake->alloc_cpu = raw_smp_processor_id();
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	nc = to_netdma_chan(chan);
	KUNIT_EXPECT_EQ(test, READ_ONCE(nc->cpu), raw_smp_processor_id());
	local_bh_disable();
	for (i = 0; i < n; i++) {
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64,
						DMA_CTRL_ACK);
		if (!txd)
			break;
		cookie = dmaengine_submit(txd);
		dma_async_issue_pending(chan);
		if (netdma_fake_run(fc, 1) != 1 ||
		    dmaengine_tx_status(chan, cookie, NULL) != DMA_COMPLETE)
			break;
		spin_lock_irq(&nc->lock);
		freed += nc->tail == nc->done;
		spin_unlock_irq(&nc->lock);
	}
	/* A callback: its slot and the quiet one after it wait for the work. */
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx, NULL);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_CTRL_ACK);
	cookie = txd ? dmaengine_submit(txd) : -ENOMEM;
	dma_async_issue_pending(chan);
	netdma_fake_run(fc, 2);
	dmaengine_tx_status(chan, cookie, NULL);
	spin_lock_irq(&nc->lock);
	cb_tail_held = nc->done - nc->tail == 2;
	spin_unlock_irq(&nc->lock);
	local_bh_enable();
	migrate_enable();

	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, freed, n);
	KUNIT_EXPECT_GT(test, cookie, 0);
	KUNIT_EXPECT_TRUE(test, cb_tail_held);
	netdma_dtest_wait(test, &tx);
	dmaengine_synchronize(chan);
	spin_lock_irq(&nc->lock);
	KUNIT_EXPECT_EQ(test, nc->tail, nc->done);
	spin_unlock_irq(&nc->lock);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* DMA_INTERRUPT: a NULL transfer that interrupts and calls back. */
static void netdma_interrupt_descriptor(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct netdma_dtest_tx tx;
	struct dma_chan *chan;

	chan = netdma_fake_get_chan(fake);
	txd = netdma_test_prep_interrupt(chan, DMA_PREP_INTERRUPT);
	netdma_dtest_submit(test, txd, &tx, NULL);
	dma_async_issue_pending(chan);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, fake->stats.isr, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.descs, 1);
}

/* The descriptors in memory: counted circular chain, flags only at the end. */
static void netdma_descriptor_format(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct netdma_desc *ring;
	dma_addr_t src_dma, dst_dma, ring_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	struct dma_async_tx_descriptor *txd;
	u32 ctl;

	fake->attr.max_transfer_size = 4096;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	netdma_fake_buf(fake, 8192, &src_dma);
	netdma_fake_buf(fake, 8192, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 8192, DMA_PREP_FENCE);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	dmaengine_submit(txd);
	dma_async_issue_pending(chan);
	ring_dma = fc->next;
	ring = phys_to_virt(ring_dma);
	KUNIT_EXPECT_EQ(test, fc->pending, 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring[0].transfer_size), 4096);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring[0].control), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ring[0].src), src_dma);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ring[0].dst), dst_dma);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ring[0].next), ring_dma + 64);
	ctl = le32_to_cpu(ring[1].control);
	KUNIT_EXPECT_EQ(test, ctl, NETDMA_CTL_STATUS_UPDATE | NETDMA_CTL_FENCE);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ring[1].src), src_dma + 4096);
	/* Never NULL: the last one points at the head of the next append. */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ring[1].next), ring_dma + 128);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ring[NETDMA_RING_SIZE - 1].next), ring_dma);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 2), 2);
	KUNIT_EXPECT_EQ(test, dma_sync_wait(chan, txd->cookie), DMA_COMPLETE);
}

/* Terminate while busy: abort, what ran is OK, the rest ABORTED; reusable. */
static void netdma_terminate_busy(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[4];
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	u8 *src, *dst;
	unsigned int i;

	src = netdma_fake_buf(fake, 4 * 128, &src_dma);
	dst = netdma_fake_buf(fake, 4 * 128, &dst_dma);
	netdma_dtest_fill(src, 4 * 128, 1);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < 3; i++)
		netdma_dtest_copy(test, chan, dst_dma + i * 128, src_dma + i * 128,
				  128, &tx[i], NULL);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.abort, 1);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, tx[i].calls, 1);
	KUNIT_EXPECT_EQ(test, tx[0].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, tx[1].res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, tx[1].res.residue, 128);
	KUNIT_EXPECT_EQ(test, tx[2].res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 128), 0);

	/* Start again, not append, after an abort. */
	fake->manual = false;
	netdma_dtest_copy(test, chan, dst_dma + 384, src_dma + 384, 128, &tx[3], NULL);
	netdma_dtest_wait(test, &tx[3]);
	KUNIT_EXPECT_EQ(test, tx[3].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
	KUNIT_EXPECT_EQ(test, memcmp(src + 384, dst + 384, 128), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* Runs of failed cookies the case makes. */
#define NETDMA_TEST_FAILED_RUNS	4

/*
 * tx_status says DMA_ERROR for every aborted transaction of a terminate,
 * not only the last, and for every failed cookie of the window, however
 * many runs of failures followed; a successful one in between reads
 * DMA_COMPLETE.
 */
static void netdma_failed_cookies_remembered(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[3 + 2 * NETDMA_TEST_FAILED_RUNS];
	dma_cookie_t cookie[ARRAY_SIZE(tx)];
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	unsigned int i, r;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < 3; i++)
		cookie[i] = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64,
					      &tx[i], NULL);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie[0], NULL), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie[1], NULL), DMA_ERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie[2], NULL), DMA_ERROR);

	/* Runs of one: a copy that completes, then one that is aborted. */
	for (r = 0; r < NETDMA_TEST_FAILED_RUNS; r++) {
		i = 3 + 2 * r;
		cookie[i] = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64,
					      &tx[i], NULL);
		KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
		netdma_dtest_wait(test, &tx[i]);
		cookie[i + 1] = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64,
						  &tx[i + 1], NULL);
		KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
		KUNIT_EXPECT_EQ(test, tx[i + 1].res.result, DMA_TRANS_ABORTED);
	}
	for (r = 0; r < NETDMA_TEST_FAILED_RUNS; r++) {
		i = 3 + 2 * r;
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie[i], NULL),
				DMA_COMPLETE);
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie[i + 1], NULL),
				DMA_ERROR);
	}
	/* The oldest run is still in the window. */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie[1], NULL), DMA_ERROR);
	for (i = 0; i < ARRAY_SIZE(tx); i++)
		KUNIT_EXPECT_EQ(test, tx[i].calls, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/*
 * Found by the soak (make soak, seed 777, a polled client on a channel
 * that another client terminated): a polled client that looks at its
 * aborted cookie only after NETDMA_FAILED_WINDOW newer cookies were handed
 * out must not be told DMA_COMPLETE. Beyond the window the shim no longer
 * knows which cookie failed; it answers DMA_ERROR for every cookie up to
 * the newest failed one it forgot (a false error, never a false success),
 * and DMA_COMPLETE for older cookies only when no failure was forgotten.
 */
static void netdma_failed_cookie_beyond_window(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx, old;
	dma_cookie_t aborted, first, newest = 0;
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	unsigned int i;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);

	/* A completed cookie that leaves the window with no failure before. */
	first = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &old, NULL);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
	netdma_dtest_wait(test, &old);

	aborted = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx, NULL);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, aborted, NULL), DMA_ERROR);

	for (i = 0; i < NETDMA_FAILED_WINDOW + 8; i++) {
		newest = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx, NULL);
		KUNIT_ASSERT_EQ(test, netdma_fake_run(fc, 1), 1);
		netdma_dtest_wait(test, &tx);
		KUNIT_ASSERT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_GE(test, newest - aborted, NETDMA_FAILED_WINDOW);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, aborted, NULL), DMA_ERROR);
	/* Older than a forgotten failure: not known, so not "complete". */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, first, NULL), DMA_ERROR);
	/* Newer than every failure: complete, in the window or not. */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, newest, NULL), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, aborted + 1, NULL), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* Without abort and reset, terminate can only say "busy". */
static void netdma_terminate_without_abort(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;

	fake->ops.abort = NULL;
	fake->ops.reset = NULL;
	fake->manual = true;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx, NULL);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(chan), -EBUSY);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(netdma_fake_chan_of(fake, chan), 1), 1);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
}

/* Pause suspends; work issued while paused goes out on resume. */
static void netdma_pause_resume(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[3];
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	u8 *src, *dst;
	unsigned int i;

	src = netdma_fake_buf(fake, 3 * 64, &src_dma);
	dst = netdma_fake_buf(fake, 3 * 64, &dst_dma);
	netdma_dtest_fill(src, 3 * 64, 4);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx[0], NULL);
	cookie = netdma_dtest_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx[1], NULL);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
	KUNIT_EXPECT_EQ(test, dmaengine_pause(chan), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.suspend, 1);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL), DMA_PAUSED);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 5), 0);
	netdma_dtest_copy(test, chan, dst_dma + 128, src_dma + 128, 64, &tx[2], NULL);
	KUNIT_EXPECT_EQ(test, fake->stats.append, 1);
	KUNIT_EXPECT_EQ(test, dmaengine_resume(chan), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.resume, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.append, 2);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 5), 2);
	for (i = 0; i < 3; i++) {
		netdma_dtest_wait(test, &tx[i]);
		KUNIT_EXPECT_EQ(test, tx[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 3 * 64), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* A provider without suspend has no pause. */
static void netdma_pause_unsupported(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct dma_chan *chan;

	fake->ops.suspend = NULL;
	fake->ops.resume = NULL;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	chan = netdma_fake_get_chan(fake);
	KUNIT_EXPECT_NULL(test, chan->device->device_pause);
	KUNIT_EXPECT_LT(test, dmaengine_pause(chan), 0);
	KUNIT_EXPECT_LT(test, dmaengine_resume(chan), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.suspend + fake->stats.resume, 0);
}

/* An engine error lands on its transaction only; the channel goes on. */
static void netdma_error_on_right_cookie(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[4];
	dma_cookie_t cookies[3];
	dma_addr_t src_dma, dst_dma;
	unsigned int i, seq = 0;
	struct dma_chan *chan;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 4 * 256, &src_dma);
	dst = netdma_fake_buf(fake, 4 * 256, &dst_dma);
	netdma_dtest_fill(src, 4 * 256, 5);
	fake->manual = true;
	fake->fail_at = 1;
	fake->fail_result = DMA_TRANS_READ_FAILED;
	chan = netdma_fake_get_chan(fake);
	for (i = 0; i < 3; i++)
		cookies[i] = netdma_dtest_copy(test, chan, dst_dma + i * 256,
					       src_dma + i * 256, 256, &tx[i], &seq);
	fake->manual = false;
	/* Runs tx0, fails on tx1; the shim resets and restarts with tx2. */
	netdma_fake_run(netdma_fake_chan_of(fake, chan), 10);
	for (i = 0; i < 3; i++) {
		netdma_dtest_wait(test, &tx[i]);
		KUNIT_EXPECT_EQ(test, tx[i].order, i);
	}
	KUNIT_EXPECT_EQ(test, tx[0].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, tx[1].res.result, DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, tx[1].res.residue, 256);
	KUNIT_EXPECT_EQ(test, tx[2].res.result, DMA_TRANS_NOERROR);
	/* Polled clients see the failure too. */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookies[0], NULL), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookies[1], NULL), DMA_ERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookies[2], NULL), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, fake->stats.errors, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.reset, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 256), 0);
	KUNIT_EXPECT_EQ(test, memcmp(src + 512, dst + 512, 256), 0);

	netdma_dtest_copy(test, chan, dst_dma + 768, src_dma + 768, 256, &tx[3], NULL);
	netdma_dtest_wait(test, &tx[3]);
	KUNIT_EXPECT_EQ(test, tx[3].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src + 768, dst + 768, 256), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* A write error inside a split transaction: residue counts the rest. */
static void netdma_error_mid_split(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;

	fake->attr.max_transfer_size = 4096;
	fake->ops.reset = NULL;	/* recovery through abort */
	fake->fail_at = 1;
	fake->fail_result = DMA_TRANS_WRITE_FAILED;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	netdma_fake_buf(fake, 3 * 4096, &src_dma);
	netdma_fake_buf(fake, 3 * 4096, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 3 * 4096 - 10, &tx, NULL);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, tx.res.residue, 2 * 4096 - 10);
	KUNIT_EXPECT_EQ(test, fake->stats.abort, 1);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
}

/*
 * A provider watchdog finds the engine stuck on a descriptor and reports
 * it ABORTED: that transaction ends, the next one is started again.
 */
static void netdma_watchdog_report(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[2];
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 128, &src_dma);
	dst = netdma_fake_buf(fake, 128, &dst_dma);
	netdma_dtest_fill(src, 128, 14);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx[0], NULL);
	netdma_dtest_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx[1], NULL);
	/* Hung: the watchdog halts the engine and reports where. */
	fc->running = false;
	netdma_channel_error(fc->handle, fc->next, DMA_TRANS_ABORTED);
	netdma_dtest_wait(test, &tx[0]);
	KUNIT_EXPECT_EQ(test, tx[0].res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, tx[0].res.residue, 64);
	KUNIT_EXPECT_EQ(test, fake->stats.reset, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
	KUNIT_EXPECT_EQ(test, fake->stats.last_count, 1);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 5), 1);
	netdma_dtest_wait(test, &tx[1]);
	KUNIT_EXPECT_EQ(test, tx[1].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src + 64, dst + 64, 64), 0);
}

/* A completion word outside the ring is never followed. */
static void netdma_bad_completion_word(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[2];
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 128, &src_dma);
	dst = netdma_fake_buf(fake, 128, &dst_dma);
	netdma_dtest_fill(src, 128, 6);
	chan = netdma_fake_get_chan(fake);
	fake->corrupt_completion = 0x40 | NETDMA_STATUS_IDLE;
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx[0], NULL);
	netdma_dtest_wait(test, &tx[0]);
	KUNIT_EXPECT_EQ(test, tx[0].res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, fake->stats.reset, 1);
	netdma_dtest_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx[1], NULL);
	netdma_dtest_wait(test, &tx[1]);
	KUNIT_EXPECT_EQ(test, tx[1].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src + 64, dst + 64, 64), 0);
}

/* An error report naming no outstanding descriptor aborts the lot. */
static void netdma_bad_error_report(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx, NULL);
	netdma_channel_error(fc->handle, 0x1000, DMA_TRANS_READ_FAILED);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, fake->stats.reset, 1);
}

/* Ring full: prep returns NULL at once; space returns after completion. */
static void netdma_ring_full(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct netdma_dtest_tx *tx;
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;
	unsigned int i;

	tx = kunit_kcalloc(test, NETDMA_RING_USABLE + 1, sizeof(*tx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < NETDMA_RING_USABLE; i++) {
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64,
						DMA_PREP_INTERRUPT);
		netdma_dtest_submit(test, txd, &tx[i], NULL);
	}
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, 0));
	KUNIT_EXPECT_NULL(test, netdma_test_prep_interrupt(chan, 0));
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, fake->stats.last_count, NETDMA_RING_USABLE);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 1), 1);
	netdma_dtest_wait(test, &tx[0]);
	/*
	 * The slot is free once the completion work that ran the callback
	 * has finished, which may be on another CPU: wait for it.
	 */
	dmaengine_synchronize(chan);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_PREP_INTERRUPT);
	netdma_dtest_submit(test, txd, &tx[NETDMA_RING_USABLE], NULL);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, UINT_MAX), NETDMA_RING_USABLE);
	for (i = 1; i <= NETDMA_RING_USABLE; i++)
		netdma_dtest_wait(test, &tx[i]);
	for (i = 0; i <= NETDMA_RING_USABLE; i++) {
		KUNIT_EXPECT_EQ(test, tx[i].calls, 1);
		KUNIT_EXPECT_EQ(test, tx[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* An unsubmitted transaction holds back the ones behind it, in order. */
static void netdma_submit_out_of_order(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *a, *b;
	struct netdma_dtest_tx tx[2];
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	unsigned int seq = 0;
	dma_cookie_t ca, cb;

	netdma_fake_buf(fake, 128, &src_dma);
	netdma_fake_buf(fake, 128, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	a = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_PREP_INTERRUPT);
	b = dmaengine_prep_dma_memcpy(chan, dst_dma + 64, src_dma + 64, 64,
				      DMA_PREP_INTERRUPT);
	cb = netdma_dtest_submit(test, b, &tx[1], &seq);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 0);
	ca = netdma_dtest_submit(test, a, &tx[0], &seq);
	KUNIT_EXPECT_LT(test, ca, cb);
	dma_async_issue_pending(chan);
	netdma_dtest_wait(test, &tx[0]);
	netdma_dtest_wait(test, &tx[1]);
	KUNIT_EXPECT_EQ(test, tx[0].order, 0);
	KUNIT_EXPECT_EQ(test, tx[1].order, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.last_count, 2);
}

/* A failed start keeps the work; the next issue_pending starts again. */
static void netdma_start_failure_retried(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	fake->start_ret = -EIO;
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx, NULL);
	KUNIT_EXPECT_EQ(test, tx.calls, 0);
	dma_async_issue_pending(chan);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
}

/*
 * A failed append keeps the work too: issue_pending hands it over outside
 * the channel lock, and the next hand-over starts again from it.
 */
static void netdma_append_failure_retried(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[2];
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 128, &src_dma);
	dst = netdma_fake_buf(fake, 128, &dst_dma);
	netdma_dtest_fill(src, 128, 3);
	chan = netdma_fake_get_chan(fake);
	netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx[0], NULL);
	netdma_dtest_wait(test, &tx[0]);
	fake->append_ret = -EIO;
	netdma_dtest_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx[1], NULL);
	KUNIT_EXPECT_EQ(test, fake->stats.append, 1);
	KUNIT_EXPECT_EQ(test, tx[1].calls, 0);
	dma_async_issue_pending(chan);
	netdma_dtest_wait(test, &tx[1]);
	KUNIT_EXPECT_EQ(test, tx[1].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
	KUNIT_EXPECT_EQ(test, fake->stats.append, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
	KUNIT_EXPECT_MEMEQ(test, dst, src, 128);
}

/* Channels run independently. */
static void netdma_two_channels(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	struct netdma_dtest_tx tx[2];
	struct dma_chan *c0, *c1;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 8192, &src_dma);
	dst = netdma_fake_buf(fake, 8192, &dst_dma);
	netdma_dtest_fill(src, 8192, 8);
	c0 = netdma_fake_get_chan(fake);
	c1 = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_PTR_NE(test, c0, c1);
	netdma_dtest_copy(test, c0, dst_dma, src_dma, 4096, &tx[0], NULL);
	netdma_dtest_copy(test, c1, dst_dma + 4096, src_dma + 4096, 4096, &tx[1], NULL);
	netdma_dtest_wait(test, &tx[0]);
	netdma_dtest_wait(test, &tx[1]);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 8192), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 2);
	KUNIT_EXPECT_EQ(test, fake->stats.alloc, 2);
}

/* One interrupt at the end of a batch completes the whole batch, in order. */
static void netdma_batch_one_interrupt(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct netdma_dtest_tx tx[3];
	dma_addr_t src_dma, dst_dma;
	struct netdma_fake_chan *fc;
	unsigned int i, seq = 0;
	struct dma_chan *chan;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 3 * 64, &src_dma);
	dst = netdma_fake_buf(fake, 3 * 64, &dst_dma);
	netdma_dtest_fill(src, 3 * 64, 2);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);
	for (i = 0; i < 3; i++) {
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma + i * 64, src_dma + i * 64, 64,
						i == 2 ? DMA_PREP_INTERRUPT : 0);
		netdma_dtest_submit(test, txd, &tx[i], &seq);
	}
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 1);
	KUNIT_EXPECT_EQ(test, fake->stats.last_count, 3);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, 3), 3);
	for (i = 0; i < 3; i++) {
		netdma_dtest_wait(test, &tx[i]);
		KUNIT_EXPECT_EQ(test, tx[i].order, i);
	}
	KUNIT_EXPECT_EQ(test, fake->stats.isr, 1);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 3 * 64), 0);
}

static void netdma_dtest_plain_cb(void *param)
{
	complete(param);
}

/* Clients with the old callback (no result) are called too. */
static void netdma_plain_callback(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct completion done;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	init_completion(&done);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	txd->callback = netdma_dtest_plain_cb;
	txd->callback_param = &done;
	KUNIT_ASSERT_FALSE(test, dma_submit_error(dmaengine_submit(txd)));
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_NE(test, 0, wait_for_completion_timeout(&done, 2 * HZ));
}

/*
 * dmaengine_unmap_data set by the client is released on completion; a
 * missed unmap would show as a DMA-API debug leak when the device goes.
 */
static void netdma_unmap_released(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dmaengine_unmap_data *unmap;
	struct dma_async_tx_descriptor *txd;
	struct page *src, *dst;
	struct netdma_dtest_tx tx;
	struct dma_chan *chan;
	struct device *dev;

	chan = netdma_fake_get_chan(fake);
	dev = chan->device->dev;
	src = alloc_page(GFP_KERNEL);
	dst = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	memset(page_address(src), 0x3c, PAGE_SIZE);
	memset(page_address(dst), 0, PAGE_SIZE);
	unmap = dmaengine_get_unmap_data(dev, 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, unmap);
	unmap->len = PAGE_SIZE;
	unmap->addr[0] = dma_map_page(dev, src, 0, PAGE_SIZE, DMA_TO_DEVICE);
	unmap->to_cnt = 1;
	unmap->addr[1] = dma_map_page(dev, dst, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	unmap->from_cnt = 1;
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, unmap->addr[0]));
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, unmap->addr[1]));
	txd = dmaengine_prep_dma_memcpy(chan, unmap->addr[1], unmap->addr[0], PAGE_SIZE,
					DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	dma_set_unmap(txd, unmap);	/* the descriptor's reference */
	netdma_dtest_submit(test, txd, &tx, NULL);
	dma_async_issue_pending(chan);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, ((u8 *)page_address(dst))[PAGE_SIZE - 1], 0x3c);
	/* Only the case's own reference is left; dropping it unmaps. */
	KUNIT_EXPECT_EQ(test, kref_read(&unmap->kref), 1);
	dmaengine_unmap_put(unmap);
	__free_page(src);
	__free_page(dst);
}

/*
 * Submitted but never issued: stop completes it ABORTED, never starts it.
 * Prepared but not yet submitted: the descriptor is still the client's to
 * submit, which fails (it is not freed memory: KASAN would say so).
 */
static void netdma_stop_aborts_unissued(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd, *late;
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;

	netdma_fake_buf(fake, 64, &src_dma);
	netdma_fake_buf(fake, 64, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_PREP_INTERRUPT);
	netdma_dtest_submit(test, txd, &tx, NULL);
	late = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, late);
	netdma_provider_stop(fake->prov);
	KUNIT_EXPECT_EQ(test, dmaengine_submit(late), -ENODEV);
	KUNIT_EXPECT_EQ(test, tx.calls, 1);
	KUNIT_EXPECT_EQ(test, tx.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, fake->stats.start + fake->stats.append, 0);
	KUNIT_EXPECT_EQ(test, fake->stats.free, 1);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, fake->stats.start, 0);
}

/*
 * A client keeps a channel across stop and a new start: it stays dead,
 * new clients get channels of the new dma_device.
 */
static void netdma_restart_with_old_client(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *old, *new;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 64, &src_dma);
	dst = netdma_fake_buf(fake, 64, &dst_dma);
	old = netdma_fake_get_chan(fake);
	netdma_provider_stop(fake->prov);
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	new = netdma_fake_get_chan(fake);
	KUNIT_EXPECT_PTR_NE(test, old->device, new->device);
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(old, dst_dma, src_dma, 64, 0));
	memset(src, 0x11, 64);
	netdma_dtest_copy(test, new, dst_dma, src_dma, 64, &tx, NULL);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, dst[63], 0x11);
	KUNIT_EXPECT_EQ(test, fake->stats.alloc, 2);
	KUNIT_EXPECT_EQ(test, fake->stats.free, 1);
}

/*
 * A client that keeps a channel after the stop still maps buffers for the
 * dma_device's struct device: the dmadev holds a reference on it until the
 * last client lets go (PCI hot removal would free it otherwise).
 */
static void netdma_stop_keeps_device(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	struct dma_chan *chan;
	unsigned int before, cpu;

	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	before = kref_read(&fake->dev->kobj.kref);
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	chan = netdma_request_channel(cpu_online_mask, &cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_provider_stop(fake->prov);
	KUNIT_EXPECT_GT(test, kref_read(&fake->dev->kobj.kref), before);
	netdma_release_channel(chan);
	flush_workqueue(netdma_wq);	/* the dmadev's deferred free */
	KUNIT_EXPECT_EQ(test, kref_read(&fake->dev->kobj.kref), before);
}

/* Plain dma_request_channel(): any online CPU, the interrupt CPU proposed. */
static void netdma_plain_request_params(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 2);
	struct netdma_fake_chan *fc;
	struct dma_chan *chan;

	chan = netdma_fake_get_chan(fake);
	KUNIT_EXPECT_TRUE(test, netdma_is_netdma_chan(chan));
	fc = netdma_fake_chan_of(fake, chan);
	KUNIT_EXPECT_PTR_EQ(test, fc->alloc_params.affinity, cpu_online_mask);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.cpu, fake->affinity_table[chan->chan_id].cpu);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.priority, 0);
	KUNIT_EXPECT_EQ(test, fc->alloc_params.flags, 0);
}

struct netdma_chain {
	struct dma_chan *chan;
	dma_addr_t src, dst;
	unsigned int left;
	unsigned int runs;
	int terminate_ret;
	struct completion done;
};

/*
 * From the callback (bottom half, no netdma lock held): prep, submit and
 * issue the next copy, and finally terminate the channel.
 */
static void netdma_chain_cb(void *param, const struct dmaengine_result *res)
{
	struct netdma_chain *c = param;
	struct dma_async_tx_descriptor *txd;

	c->runs++;
	if (res->result != DMA_TRANS_NOERROR || !c->left) {
		c->terminate_ret = dmaengine_terminate_async(c->chan);
		complete(&c->done);
		return;
	}
	c->left--;
	txd = dmaengine_prep_dma_memcpy(c->chan, c->dst + c->runs * 64,
					c->src + c->runs * 64, 64, DMA_PREP_INTERRUPT);
	if (!txd) {
		complete(&c->done);
		return;
	}
	txd->callback_result = netdma_chain_cb;
	txd->callback_param = c;
	dmaengine_submit(txd);
	dma_async_issue_pending(c->chan);
}

static void netdma_callback_resubmits(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct netdma_chain c = {};
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 16 * 64, &c.src);
	dst = netdma_fake_buf(fake, 16 * 64, &c.dst);
	netdma_dtest_fill(src, 16 * 64, 12);
	c.chan = netdma_fake_get_chan(fake);
	c.left = 15;
	c.terminate_ret = -1;
	init_completion(&c.done);
	txd = dmaengine_prep_dma_memcpy(c.chan, c.dst, c.src, 64, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	txd->callback_result = netdma_chain_cb;
	txd->callback_param = &c;
	dmaengine_submit(txd);
	dma_async_issue_pending(c.chan);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&c.done, 2 * HZ));
	dmaengine_synchronize(c.chan);
	KUNIT_EXPECT_EQ(test, c.runs, 16);
	KUNIT_EXPECT_EQ(test, c.terminate_ret, 0);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 16 * 64), 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
}

/* tx_status fills the cookie state: last completed and last used. */
static void netdma_tx_state(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[2];
	dma_addr_t src_dma, dst_dma;
	struct dma_tx_state state;
	struct dma_chan *chan;
	dma_cookie_t c0, c1;

	netdma_fake_buf(fake, 128, &src_dma);
	netdma_fake_buf(fake, 128, &dst_dma);
	fake->manual = true;
	chan = netdma_fake_get_chan(fake);
	c0 = netdma_dtest_copy(test, chan, dst_dma, src_dma, 64, &tx[0], NULL);
	c1 = netdma_dtest_copy(test, chan, dst_dma + 64, src_dma + 64, 64, &tx[1], NULL);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(netdma_fake_chan_of(fake, chan), 1), 1);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, c1, &state), DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, state.last, c0);
	KUNIT_EXPECT_EQ(test, state.used, c1);
	KUNIT_EXPECT_EQ(test, state.residue, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, c0, NULL), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, netdma_fake_run(netdma_fake_chan_of(fake, chan), 1), 1);
	netdma_dtest_wait(test, &tx[0]);
	netdma_dtest_wait(test, &tx[1]);
}

/*
 * prep, submit, issue and polling from atomic context: nothing sleeps
 * (DEBUG_ATOMIC_SLEEP would say so), and completion is seen with bottom
 * halves off, so it does not depend on the completion work.
 */
static void netdma_atomic_context(struct kunit *test)
{
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct dma_async_tx_descriptor *txd;
	struct netdma_dtest_tx tx;
	dma_addr_t src_dma, dst_dma;
	enum dma_status status;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	unsigned long flags;
	u8 *src, *dst;

	src = netdma_fake_buf(fake, 4096, &src_dma);
	dst = netdma_fake_buf(fake, 4096, &dst_dma);
	netdma_dtest_fill(src, 4096, 13);
	chan = netdma_fake_get_chan(fake);

	local_irq_save(flags);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 4096, DMA_PREP_INTERRUPT);
	if (txd) {
		init_completion(&tx.done);
		tx.calls = 0;
		tx.seq = NULL;
		txd->callback_result = netdma_dtest_cb;
		txd->callback_param = &tx;
		cookie = dmaengine_submit(txd);
		dma_async_issue_pending(chan);
	}
	local_irq_restore(flags);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	netdma_dtest_wait(test, &tx);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 4096), 0);

	local_bh_disable();
	txd = dmaengine_prep_dma_memcpy(chan, src_dma, dst_dma, 4096, 0);
	status = DMA_ERROR;
	if (txd) {
		cookie = dmaengine_submit(txd);
		status = dma_sync_wait(chan, cookie);
	}
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, status, DMA_COMPLETE);
}

#define NETDMA_STRESS_TXS	1500
#define NETDMA_STRESS_REGION	(3 * 4096 + 64)
#define NETDMA_STRESS_REGIONS	64

struct netdma_stress {
	u8 *src, *dst;
	unsigned int next_order;
	unsigned int completed;
	unsigned int mismatches;
	unsigned int out_of_order;
	unsigned int errors;
};

struct netdma_stress_tx {
	struct netdma_stress *st;
	unsigned int order;
	unsigned int region;
	unsigned int src_off;
	unsigned int len;
};

static void netdma_stress_cb(void *param, const struct dmaengine_result *res)
{
	struct netdma_stress_tx *t = param;
	struct netdma_stress *st = t->st;

	if (t->order != st->next_order)
		st->out_of_order++;
	st->next_order = t->order + 1;
	st->completed++;
	if (res->result != DMA_TRANS_NOERROR) {
		st->errors++;
		if (res->result != DMA_TRANS_READ_FAILED || !res->residue ||
		    res->residue > t->len)
			st->mismatches++;
		return;
	}
	if (res->residue || memcmp(st->dst + t->region * NETDMA_STRESS_REGION,
				   st->src + t->src_off, t->len))
		st->mismatches++;
}

static u32 netdma_stress_rand(u32 *state)
{
	*state = *state * 1664525 + 1013904223;
	return *state >> 8;
}

/* Hand everything over, run it, and let every callback run. */
static void netdma_stress_drain(struct dma_chan *chan, struct netdma_fake_chan *fc,
				dma_cookie_t last)
{
	dma_async_issue_pending(chan);
	netdma_fake_run(fc, UINT_MAX);
	if (last)
		dmaengine_tx_status(chan, last, NULL);
	dmaengine_synchronize(chan);
}

/*
 * Seeded random mix of split and single copies, with and without
 * interrupts, partial engine runs, polls and full rings, around the ring
 * at least twice: every byte lands, every callback runs once, in order.
 */
static const bool netdma_stress_errors[] = { false, true };

static void netdma_stress_desc(const bool *errors, char *desc)
{
	strscpy(desc, *errors ? "with read errors" : "no errors", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(netdma_stress, netdma_stress_errors, netdma_stress_desc);

static void netdma_stress_random(struct kunit *test)
{
	bool inject = *(const bool *)test->param_value;
	struct netdma_fake *fake = netdma_fake_alloc(test, 1);
	dma_addr_t src_dma, dst_dma;
	struct netdma_stress_tx *txs;
	struct netdma_stress st = {};
	struct netdma_fake_chan *fc;
	dma_cookie_t last = 0;
	unsigned int i = 0;
	struct dma_chan *chan;
	u32 seed = 0x6e64;

	fake->attr.max_transfer_size = 4096;
	fake->manual = true;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	txs = kunit_kcalloc(test, NETDMA_STRESS_TXS, sizeof(*txs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, txs);
	st.src = netdma_fake_buf(fake, 2 * NETDMA_STRESS_REGION, &src_dma);
	st.dst = netdma_fake_buf(fake, NETDMA_STRESS_REGIONS * NETDMA_STRESS_REGION, &dst_dma);
	netdma_dtest_fill(st.src, 2 * NETDMA_STRESS_REGION, 21);
	chan = netdma_fake_get_chan(fake);
	fc = netdma_fake_chan_of(fake, chan);

	while (i < NETDMA_STRESS_TXS) {
		u32 r = netdma_stress_rand(&seed);
		struct dma_async_tx_descriptor *txd;
		struct netdma_stress_tx *t;

		if (r % 10 < 3) {
			netdma_fake_run(fc, 1 + netdma_stress_rand(&seed) % 8);
			continue;
		}
		if (r % 10 == 3 && last) {
			dmaengine_tx_status(chan, last, NULL);
			continue;
		}
		if (inject && r % 50 == 4 && fake->fail_at < 0) {
			fake->fail_result = DMA_TRANS_READ_FAILED;
			fake->fail_at = fc->executed + netdma_stress_rand(&seed) % 16;
		}
		/* Regions are reused: the copy that used one last is checked. */
		if (st.completed + NETDMA_STRESS_REGIONS / 2 < i)
			netdma_stress_drain(chan, fc, last);
		t = &txs[i];
		t->st = &st;
		t->order = i;
		t->region = i % NETDMA_STRESS_REGIONS;
		t->len = 1 + netdma_stress_rand(&seed) % NETDMA_STRESS_REGION;
		t->src_off = netdma_stress_rand(&seed) % NETDMA_STRESS_REGION;
		txd = dmaengine_prep_dma_memcpy(chan, dst_dma + t->region * NETDMA_STRESS_REGION,
						src_dma + t->src_off, t->len,
						(r & 0x100) ? DMA_PREP_INTERRUPT : 0);
		if (!txd) {
			/* Ring full: let the engine and the completion work catch up. */
			netdma_stress_drain(chan, fc, last);
			continue;
		}
		txd->callback_result = netdma_stress_cb;
		txd->callback_param = t;
		last = dmaengine_submit(txd);
		KUNIT_ASSERT_FALSE(test, dma_submit_error(last));
		if (r & 0x200)
			dma_async_issue_pending(chan);
		i++;
	}
	netdma_stress_drain(chan, fc, last);
	KUNIT_EXPECT_EQ(test, dma_sync_wait(chan, last), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, st.completed, NETDMA_STRESS_TXS);
	KUNIT_EXPECT_EQ(test, st.out_of_order, 0);
	KUNIT_EXPECT_EQ(test, st.mismatches, 0);
	KUNIT_EXPECT_EQ(test, st.errors, fake->stats.errors);
	if (inject)
		KUNIT_EXPECT_GT(test, st.errors, 5);
	else
		KUNIT_EXPECT_EQ(test, st.errors, 0);
	KUNIT_EXPECT_EQ(test, fake->stats.violations, 0);
	KUNIT_EXPECT_GT(test, fake->stats.descs, 2 * NETDMA_RING_SIZE);
}

/*
 * Cookies wrap from S32_MAX to DMA_MIN_COOKIE. Prep hands the cookies out
 * without the channel lock but takes it, and freezes the reservation word,
 * for the wrap (ring.c): the copies on both sides of it complete in order,
 * each with the cookie that follows the one before, and tx_status calls
 * every one of them complete.
 */
static void netdma_cookie_wrap(struct kunit *test)
{
	static const dma_cookie_t expected[] = {
		S32_MAX - 1, S32_MAX, DMA_MIN_COOKIE, DMA_MIN_COOKIE + 1,
	};
	struct netdma_fake *fake = netdma_fake_create(test, 1);
	struct netdma_dtest_tx tx[ARRAY_SIZE(expected)];
	dma_cookie_t cookie[ARRAY_SIZE(expected)];
	dma_addr_t src_dma, dst_dma;
	struct netdma_channel *nc;
	struct dma_chan *chan;
	unsigned int i, seq = 0;
	u8 *src, *dst;
	u32 head;

	src = netdma_fake_buf(fake, 256, &src_dma);
	dst = netdma_fake_buf(fake, 256, &dst_dma);
	chan = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	nc = to_netdma_chan(chan);
	spin_lock_irq(&nc->lock);
	head = netdma_freeze_locked(nc);
	atomic64_set(&nc->reserve, netdma_rsv(head, S32_MAX - 2) | NETDMA_RESERVE_FROZEN);
	netdma_thaw_locked(nc);
	spin_unlock_irq(&nc->lock);

	for (i = 0; i < ARRAY_SIZE(expected); i++) {
		netdma_dtest_fill(src, 256, i);
		cookie[i] = netdma_dtest_copy(test, chan, dst_dma, src_dma, 256, &tx[i], &seq);
		netdma_dtest_wait(test, &tx[i]);
		KUNIT_EXPECT_EQ(test, cookie[i], expected[i]);
		KUNIT_EXPECT_EQ(test, tx[i].res.result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_EQ(test, tx[i].order, i);
		KUNIT_EXPECT_EQ(test, memcmp(src, dst, 256), 0);
	}
	for (i = 0; i < ARRAY_SIZE(expected); i++)
		KUNIT_EXPECT_EQ_MSG(test, dmaengine_tx_status(chan, cookie[i], NULL),
				    DMA_COMPLETE, "cookie %d", cookie[i]);
}

static struct kunit_case netdma_dma_cases[] = {
	KUNIT_CASE_PARAM(netdma_copy_bytes, netdma_copy_gen_params),
	KUNIT_CASE(netdma_copy_split),
	KUNIT_CASE(netdma_prep_limits),
	KUNIT_CASE(netdma_completion_order),
	KUNIT_CASE(netdma_polled_completion),
	KUNIT_CASE(netdma_cookie_wrap),
	KUNIT_CASE(netdma_polled_ring_recycles),
	KUNIT_CASE(netdma_polled_terminate_appends),
	KUNIT_CASE(netdma_polled_frees_without_work),
	KUNIT_CASE(netdma_interrupt_descriptor),
	KUNIT_CASE(netdma_descriptor_format),
	KUNIT_CASE(netdma_terminate_busy),
	KUNIT_CASE(netdma_failed_cookies_remembered),
	KUNIT_CASE(netdma_failed_cookie_beyond_window),
	KUNIT_CASE(netdma_terminate_without_abort),
	KUNIT_CASE(netdma_pause_resume),
	KUNIT_CASE(netdma_pause_unsupported),
	KUNIT_CASE(netdma_error_on_right_cookie),
	KUNIT_CASE(netdma_error_mid_split),
	KUNIT_CASE(netdma_watchdog_report),
	KUNIT_CASE(netdma_bad_completion_word),
	KUNIT_CASE(netdma_bad_error_report),
	KUNIT_CASE(netdma_ring_full),
	KUNIT_CASE(netdma_submit_out_of_order),
	KUNIT_CASE(netdma_start_failure_retried),
	KUNIT_CASE(netdma_append_failure_retried),
	KUNIT_CASE(netdma_two_channels),
	KUNIT_CASE(netdma_batch_one_interrupt),
	KUNIT_CASE(netdma_plain_callback),
	KUNIT_CASE(netdma_unmap_released),
	KUNIT_CASE(netdma_stop_aborts_unissued),
	KUNIT_CASE(netdma_restart_with_old_client),
	KUNIT_CASE(netdma_stop_keeps_device),
	KUNIT_CASE(netdma_plain_request_params),
	KUNIT_CASE(netdma_callback_resubmits),
	KUNIT_CASE(netdma_tx_state),
	KUNIT_CASE(netdma_atomic_context),
	KUNIT_CASE_PARAM_ATTR(netdma_stress_random, netdma_stress_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite netdma_dma_suite = {
	.name = "netdma_dma",
	.test_cases = netdma_dma_cases,
};

kunit_test_suite(netdma_dma_suite);
