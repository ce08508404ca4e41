// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the client copy helpers (drivers/dma/netdma/copy.c) through the
 * fake provider. Every helper byte for byte over odd sizes and alignments,
 * splitting at the engine's limit and at a mapping limit, a bounce buffer
 * that proves the unmap comes before the callback, a failing mapping, a
 * device error and a full ring that each leave nothing mapped, the
 * copy-break, and the wait variants with and without interrupts.
 *
 * Mappings are counted through struct netdma_copy_hooks; in addition the
 * kunit bus is put under DMA-API debugging's unbind check, so a mapping
 * left behind on the fake's device is reported ("device driver has pending
 * DMA allocations") when the case's device goes away, which fails the rig.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/bottom_half.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/netdma.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "netdma_fake_provider.h"
#include "../drivers/dma/netdma/netdma_priv.h"

#define COPY_GUARD	64		/* checked bytes either side of dst */
#define COPY_BOUNCES	1024

struct copy_bounce {
	dma_addr_t dma;
	void *bounce;
	void *orig;
	size_t len;
	enum dma_data_direction dir;
};

struct copy_ctx {
	struct kunit *test;
	struct netdma_fake *fake;
	struct dma_chan *chan;
	struct netdma_copy_hooks hooks;
	unsigned int saved_copybreak;
	spinlock_t lock;	/* counters and bounce table */
	int live;		/* mappings outstanding */
	unsigned int maps;
	unsigned int unmaps;
	int fail_map_at;	/* fail the n-th mapping, -1: never */
	bool bounce;
	struct copy_bounce bounces[COPY_BOUNCES];
	/* what the client callback saw */
	struct completion done;
	struct dmaengine_result res;
	int live_at_callback;
	bool dst_ok_at_callback;
	const u8 *expect;
	const u8 *check;
	size_t check_len;
};

static struct copy_ctx *ctx_of(struct kunit *test)
{
	return test->priv;
}

/* The one copy_ctx whose hooks are installed (the running case's). */
static struct copy_ctx *hooked;

static dma_addr_t copy_test_map(struct device *dev, struct page *page,
				size_t offset, size_t len,
				enum dma_data_direction dir)
{
	struct copy_ctx *c = hooked;
	unsigned long flags;
	dma_addr_t dma;
	unsigned int i;
	void *bounce;

	spin_lock_irqsave(&c->lock, flags);
	if (c->fail_map_at >= 0 && c->maps == c->fail_map_at) {
		c->maps++;
		spin_unlock_irqrestore(&c->lock, flags);
		return DMA_MAPPING_ERROR;
	}
	c->maps++;
	spin_unlock_irqrestore(&c->lock, flags);

	if (!c->bounce) {
		dma = dma_map_page(dev, page, offset, len, dir);
	} else {
		/*
		 * swiotlb's job: copy in at map, out at unmap. A power of
		 * two is naturally aligned, so no two bounce buffers share
		 * a cache line (as swiotlb's 2 KiB slots don't).
		 */
		bounce = kmalloc(roundup_pow_of_two(max_t(size_t, len, L1_CACHE_BYTES)),
				 GFP_ATOMIC);
		if (!bounce)
			return DMA_MAPPING_ERROR;
		memset(bounce, 0xbb, len);
		if (dir == DMA_TO_DEVICE)
			memcpy(bounce, page_address(page) + offset, len);
		dma = dma_map_single(dev, bounce, len, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, dma)) {
			kfree(bounce);
			return dma;
		}
		spin_lock_irqsave(&c->lock, flags);
		for (i = 0; i < COPY_BOUNCES && c->bounces[i].bounce; i++)
			;
		if (i < COPY_BOUNCES)
			c->bounces[i] = (struct copy_bounce) {
				.dma = dma, .bounce = bounce, .len = len, .dir = dir,
				.orig = page_address(page) + offset,
			};
		spin_unlock_irqrestore(&c->lock, flags);
		if (i == COPY_BOUNCES) {
			dma_unmap_single(dev, dma, len, DMA_BIDIRECTIONAL);
			kfree(bounce);
			return DMA_MAPPING_ERROR;
		}
	}
	if (dma_mapping_error(dev, dma))
		return dma;
	spin_lock_irqsave(&c->lock, flags);
	c->live++;
	spin_unlock_irqrestore(&c->lock, flags);
	return dma;
}

static void copy_test_unmap(struct device *dev, dma_addr_t addr, size_t len,
			    enum dma_data_direction dir)
{
	struct copy_ctx *c = hooked;
	struct copy_bounce b = {};
	unsigned long flags;
	unsigned int i;

	if (!c->bounce) {
		dma_unmap_page(dev, addr, len, dir);
	} else {
		spin_lock_irqsave(&c->lock, flags);
		for (i = 0; i < COPY_BOUNCES; i++) {
			if (c->bounces[i].bounce && c->bounces[i].dma == addr) {
				b = c->bounces[i];
				c->bounces[i].bounce = NULL;
				break;
			}
		}
		spin_unlock_irqrestore(&c->lock, flags);
		if (b.bounce) {
			dma_unmap_single(dev, b.dma, b.len, DMA_BIDIRECTIONAL);
			if (b.dir == DMA_FROM_DEVICE)
				memcpy(b.orig, b.bounce, b.len);
			kfree(b.bounce);
		}
	}
	spin_lock_irqsave(&c->lock, flags);
	c->live--;
	c->unmaps++;
	spin_unlock_irqrestore(&c->lock, flags);
}

static void copy_test_unhook(void *data)
{
	struct copy_ctx *c = data;

	WRITE_ONCE(netdma_copy_hooks, NULL);
	hooked = NULL;
	WRITE_ONCE(netdma_copybreak, c->saved_copybreak);
}

/* Once: make DMA-API debugging check kunit devices for leaks at unbind. */
static void copy_test_debug_bus(struct device *dev)
{
#if IS_BUILTIN(CONFIG_NETDMA_SHIM_KUNIT_TEST) && IS_ENABLED(CONFIG_DMA_API_DEBUG)
	static bool added;

	if (!added) {
		dma_debug_add_bus(dev->bus);
		added = true;
	}
#endif
}

static int copy_test_init(struct kunit *test)
{
	struct copy_ctx *c;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	test->priv = c;
	c->test = test;
	spin_lock_init(&c->lock);
	init_completion(&c->done);
	c->fail_map_at = -1;
	c->fake = netdma_fake_alloc(test, 1);
	copy_test_debug_bus(c->fake->dev);
	c->hooks.dev = c->fake->dev;
	c->hooks.map = copy_test_map;
	c->hooks.unmap = copy_test_unmap;
	c->saved_copybreak = READ_ONCE(netdma_copybreak);
	hooked = c;
	WRITE_ONCE(netdma_copy_hooks, &c->hooks);
	/* Every size goes to the engine unless a case says otherwise. */
	WRITE_ONCE(netdma_copybreak, 1);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, copy_test_unhook, c));
	return 0;
}

/* Register and start the fake (after the case changed its attributes). */
static void copy_start(struct copy_ctx *c)
{
	KUNIT_ASSERT_EQ(c->test, 0, netdma_fake_register(c->fake));
	KUNIT_ASSERT_EQ(c->test, 0, netdma_fake_start(c->fake));
	c->chan = netdma_fake_get_chan(c->fake);
}

static void copy_done(void *param, const struct dmaengine_result *res)
{
	struct copy_ctx *c = param;
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->live_at_callback = c->live;
	spin_unlock_irqrestore(&c->lock, flags);
	c->res = *res;
	c->dst_ok_at_callback = !c->check ||
		!memcmp(c->check, c->expect, c->check_len);
	complete(&c->done);
}

static void copy_wait_done(struct copy_ctx *c)
{
	KUNIT_ASSERT_GT(c->test, wait_for_completion_timeout(&c->done, HZ * 5), 0);
}

static void *copy_kbuf(struct kunit *test, size_t len, u8 seed)
{
	u8 *p = kunit_kmalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < len; i++)
		p[i] = seed + i * 7 + (i >> 8);
	return p;
}

struct copy_param {
	size_t len;
	unsigned int src_off;
	unsigned int dst_off;
};

static const struct copy_param copy_params[] = {
	{ 1, 0, 0 }, { 3, 1, 2 }, { 63, 7, 0 }, { 64, 0, 63 }, { 511, 3, 5 },
	{ 4095, 1, 4094 }, { 4096, 0, 0 }, { 4097, 4095, 1 }, { 12289, 13, 2049 },
	{ 65537, 4093, 17 }, { 200003, 511, 4001 },
};

static void copy_param_desc(const struct copy_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "len %zu src+%u dst+%u",
		 p->len, p->src_off, p->dst_off);
}

KUNIT_ARRAY_PARAM(copy, copy_params, copy_param_desc);

/* Check dst against src and its guards against the fill; common asserts. */
static void copy_check(struct copy_ctx *c, const u8 *dst, const u8 *src,
		       size_t len)
{
	struct kunit *test = c->test;
	size_t i;

	KUNIT_EXPECT_EQ(test, c->res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, c->live_at_callback, 0);
	KUNIT_EXPECT_TRUE(test, c->dst_ok_at_callback);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src, len));
	for (i = 0; i < COPY_GUARD; i++) {
		KUNIT_EXPECT_EQ(test, dst[-(long)i - 1], 0x5a);
		KUNIT_EXPECT_EQ(test, dst[len + i], 0x5a);
	}
}

static u8 *copy_dst(struct kunit *test, size_t len, unsigned int off)
{
	u8 *p = kunit_kmalloc(test, len + off + 2 * COPY_GUARD, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0x5a, len + off + 2 * COPY_GUARD);
	return p + COPY_GUARD + off;
}

static void copy_buf_bytes(struct kunit *test)
{
	const struct copy_param *p = test->param_value;
	struct copy_ctx *c = ctx_of(test);
	u8 *src, *dst;
	dma_cookie_t cookie;

	copy_start(c);
	src = (u8 *)copy_kbuf(test, p->len + p->src_off, 1) + p->src_off;
	dst = copy_dst(test, p->len, p->dst_off);
	c->expect = src;
	c->check = dst;
	c->check_len = p->len;
	cookie = netdma_copy_buf(c->chan, dst, src, p->len, copy_done, c, GFP_KERNEL);
	KUNIT_ASSERT_GT(test, cookie, 0);
	copy_wait_done(c);
	copy_check(c, dst, src, p->len);
	/* One mapping per side, one batch, one doorbell. */
	KUNIT_EXPECT_EQ(test, c->maps, 2);
	KUNIT_EXPECT_EQ(test, c->fake->stats.start + c->fake->stats.append, 1);
}

static void copy_page_bytes(struct kunit *test)
{
	const struct copy_param *p = test->param_value;
	struct copy_ctx *c = ctx_of(test);
	unsigned int order = get_order(p->len + 4096 + 2 * COPY_GUARD);
	struct page *sp, *dp;
	u8 *src, *dst, *dbase;
	dma_cookie_t cookie;
	unsigned int doff = COPY_GUARD + p->dst_off;

	copy_start(c);
	sp = alloc_pages(GFP_KERNEL, order);
	dp = alloc_pages(GFP_KERNEL, order);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, dp);
	src = page_address(sp);
	dbase = page_address(dp);
	memcpy(src, copy_kbuf(test, p->len + p->src_off, 2), p->len + p->src_off);
	memset(dbase, 0x5a, PAGE_SIZE << order);
	dst = dbase + doff;
	c->expect = src + p->src_off;
	c->check = dst;
	c->check_len = p->len;
	/* Offsets beyond the first page: the next pages of the allocation. */
	cookie = netdma_copy_page(c->chan, dp, doff, sp, p->src_off, p->len,
				  copy_done, c, GFP_KERNEL);
	KUNIT_EXPECT_GT(test, cookie, 0);
	if (cookie > 0) {
		copy_wait_done(c);
		copy_check(c, dst, src + p->src_off, p->len);
	}
	__free_pages(sp, order);
	__free_pages(dp, order);
}

/*
 * A list over a fresh buffer: entries of the lengths in @cuts (cycling),
 * @gap bytes apart. With a gap the entries are not contiguous (so not
 * merged) and no two share a cache line (DMA-API debugging rejects
 * overlapping device-writable mappings, as it would for dma_map_sg()).
 */
struct copy_sgbuf {
	u8 *buf;
	size_t size;
	struct scatterlist *sg;
	unsigned int nents;
};

static void copy_make_sgbuf(struct kunit *test, struct copy_sgbuf *b, size_t len,
			    const unsigned int *cuts, unsigned int ncuts,
			    unsigned int lead, unsigned int gap, int fill)
{
	unsigned int n = 0, i;
	size_t off;

	for (off = 0; off < len; n++)
		off += min_t(size_t, cuts[n % ncuts], len - off);
	b->size = lead + len + (size_t)n * gap + COPY_GUARD;
	if (fill < 0) {
		b->buf = kunit_kmalloc(test, b->size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, b->buf);
		memset(b->buf, 0x5a, b->size);
	} else {
		b->buf = copy_kbuf(test, b->size, fill);
	}
	b->sg = kunit_kcalloc(test, n, sizeof(*b->sg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->sg);
	sg_init_table(b->sg, n);
	for (i = 0, off = 0; i < n; i++) {
		size_t part = min_t(size_t, cuts[i % ncuts], len - off);

		sg_set_buf(&b->sg[i], b->buf + lead + off + (size_t)i * gap, part);
		off += part;
	}
	b->nents = n;
}

/* The image @dst's buffer must have after the copy from @src. */
static u8 *copy_sg_expect(struct kunit *test, struct copy_sgbuf *dst,
			  struct copy_sgbuf *src, size_t len)
{
	u8 *flat = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *img = kunit_kmalloc(test, dst->size, GFP_KERNEL);
	unsigned int i;
	size_t off = 0;

	KUNIT_ASSERT_NOT_NULL(test, flat);
	KUNIT_ASSERT_NOT_NULL(test, img);
	KUNIT_ASSERT_EQ(test, sg_copy_to_buffer(src->sg, src->nents, flat, len), len);
	memcpy(img, dst->buf, dst->size);
	for (i = 0; i < dst->nents; i++) {
		memcpy(sg_virt(&dst->sg[i]) - (void *)dst->buf + img, flat + off,
		       dst->sg[i].length);
		off += dst->sg[i].length;
	}
	return img;
}

static const unsigned int copy_src_cuts[] = { 1000, 3, 4096, 777, 9000 };
static const unsigned int copy_dst_cuts[] = { 5, 2048, 1, 5000, 333 };

static void copy_sg_run(struct kunit *test, size_t len, unsigned int src_off,
			unsigned int dst_off, unsigned int gap)
{
	struct copy_ctx *c = ctx_of(test);
	struct copy_sgbuf s, d;
	u8 *img;

	copy_make_sgbuf(test, &s, len, copy_src_cuts, ARRAY_SIZE(copy_src_cuts),
			src_off, gap, 3);
	copy_make_sgbuf(test, &d, len, copy_dst_cuts, ARRAY_SIZE(copy_dst_cuts),
			dst_off, gap, -1);
	img = copy_sg_expect(test, &d, &s, len);
	c->expect = img;
	c->check = d.buf;
	c->check_len = d.size;
	KUNIT_ASSERT_GT(test, netdma_copy_sg(c->chan, d.sg, d.nents, s.sg, s.nents,
					     len, copy_done, c, GFP_KERNEL), 0);
	copy_wait_done(c);
	KUNIT_EXPECT_EQ(test, c->res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, c->live_at_callback, 0);
	KUNIT_EXPECT_TRUE(test, c->dst_ok_at_callback);
	KUNIT_EXPECT_EQ(test, 0, memcmp(d.buf, img, d.size));
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
	/* Separate entries are mapped one by one, contiguous ones merged. */
	KUNIT_EXPECT_EQ(test, c->maps, gap ? s.nents + d.nents : 2);
	KUNIT_EXPECT_EQ(test, c->fake->stats.start + c->fake->stats.append, 1);
}

static void copy_sg_bytes(struct kunit *test)
{
	const struct copy_param *p = test->param_value;

	copy_start(ctx_of(test));
	copy_sg_run(test, p->len, p->src_off, p->dst_off, 2 * L1_CACHE_BYTES + 1);
}

static void copy_sg_merges(struct kunit *test)
{
	copy_start(ctx_of(test));
	copy_sg_run(test, 30011, 5, 9, 0);
}

/* Pieces at the provider's max transfer size, still one doorbell. */
static void copy_split_max_transfer(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = 5 * NETDMA_MIN_TRANSFER_SIZE + 123;
	u8 *src, *dst;

	c->fake->attr.max_transfer_size = NETDMA_MIN_TRANSFER_SIZE;
	copy_start(c);
	src = (u8 *)copy_kbuf(test, len + 1, 4) + 1;
	dst = copy_dst(test, len, 3);
	c->expect = src;
	c->check = dst;
	c->check_len = len;
	KUNIT_ASSERT_GT(test, netdma_copy_buf(c->chan, dst, src, len, copy_done, c,
					      GFP_KERNEL), 0);
	copy_wait_done(c);
	copy_check(c, dst, src, len);
	KUNIT_EXPECT_EQ(test, c->fake->stats.descs, 6);
	KUNIT_EXPECT_EQ(test, c->fake->stats.start + c->fake->stats.append, 1);
	/* Only the last piece interrupts. */
	KUNIT_EXPECT_EQ(test, c->fake->stats.isr, 1);
}

/*
 * The bounce path, as swiotlb=force would take it: every segment at most
 * 1500 bytes (dma_max_mapping_size()), each one copied through a bounce
 * buffer at map and unmap. The destination is right when the callback
 * runs only if every unmap (the copy back) came before it.
 */
static void copy_bounce_bytes(struct kunit *test)
{
	const struct copy_param *p = test->param_value;
	struct copy_ctx *c = ctx_of(test);
	size_t segs = DIV_ROUND_UP(p->len, 1500);
	u8 *src, *dst;

	c->bounce = true;
	c->hooks.max_mapping = 1500;
	copy_start(c);
	src = (u8 *)copy_kbuf(test, p->len + p->src_off, 5) + p->src_off;
	dst = copy_dst(test, p->len, p->dst_off);
	c->expect = src;
	c->check = dst;
	c->check_len = p->len;
	KUNIT_ASSERT_GT(test, netdma_copy_buf(c->chan, dst, src, p->len, copy_done,
					      c, GFP_KERNEL), 0);
	copy_wait_done(c);
	copy_check(c, dst, src, p->len);
	KUNIT_EXPECT_EQ(test, c->maps, 2 * segs);
}

/* A mapping fails part way: everything mapped before it is undone. */
static void copy_map_failure(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = 10000;
	u8 *src, *dst;
	int at;

	c->hooks.max_mapping = 1000;	/* 10 segments a side */
	copy_start(c);
	src = copy_kbuf(test, len, 6);
	dst = copy_dst(test, len, 0);
	for (at = 0; at < 20; at += 3) {
		c->maps = 0;
		c->unmaps = 0;
		c->fail_map_at = at;
		KUNIT_EXPECT_EQ(test, netdma_copy_buf(c->chan, dst, src, len, copy_done,
						      c, GFP_KERNEL), -ENOMEM);
		KUNIT_EXPECT_EQ(test, c->live, 0);
		KUNIT_EXPECT_EQ(test, c->unmaps, at);
		KUNIT_EXPECT_FALSE(test, completion_done(&c->done));
		c->fail_map_at = -1;
		KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, dst, src, len, 0), 0);
	}
	KUNIT_EXPECT_EQ(test, c->fake->stats.descs, 7 * 10);
	KUNIT_EXPECT_EQ(test, c->fake->stats.violations, 0);
}

/* The engine fails a piece: error result, nothing mapped at the callback. */
static void copy_device_error(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = 4 * NETDMA_MIN_TRANSFER_SIZE;
	u8 *src, *dst;

	c->fake->attr.max_transfer_size = NETDMA_MIN_TRANSFER_SIZE;
	copy_start(c);
	src = copy_kbuf(test, len, 7);
	dst = copy_dst(test, len, 0);
	c->fake->fail_at = 2;
	c->fake->fail_result = DMA_TRANS_WRITE_FAILED;
	KUNIT_ASSERT_GT(test, netdma_copy_buf(c->chan, dst, src, len, copy_done, c,
					      GFP_KERNEL), 0);
	copy_wait_done(c);
	KUNIT_EXPECT_EQ(test, c->res.result, DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, c->res.residue, NETDMA_MIN_TRANSFER_SIZE);
	KUNIT_EXPECT_EQ(test, c->live_at_callback, 0);
	KUNIT_EXPECT_EQ(test, c->live, 0);

	/* The wait variant turns it into -EIO, also unmapped. */
	c->fake->fail_at = c->fake->chans[0].executed;
	c->fake->fail_result = DMA_TRANS_READ_FAILED;
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, dst, src, len, 0), -EIO);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
	/* The channel still copies. */
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, dst, src, len, 0), 0);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src, len));
}

/*
 * More pieces than the ring holds: at the engine's 4 KiB they could need
 * more than kmalloc() gives (4 MiB), so a mapping limit of 1 KiB cuts the
 * copy into 1 KiB pieces, one per segment. COPY_RING_LEFT of them do not
 * fit.
 */
#define COPY_RING_PIECE		1024
#define COPY_RING_LEFT		45
#define COPY_RING_PIECES	(NETDMA_RING_SIZE - 1 + COPY_RING_LEFT)

/*
 * A full ring: with the engine stalled, a copy of more pieces than the ring
 * holds submits what fits and ends short and aborted once the engine runs;
 * a copy into the full ring is refused at once with nothing mapped.
 */
static void copy_ring_full(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = COPY_RING_PIECES * COPY_RING_PIECE;
	struct netdma_fake_chan *fc;
	u8 *src, *dst, *src2, *dst2;

	c->fake->attr.max_transfer_size = NETDMA_MIN_TRANSFER_SIZE;
	c->hooks.max_mapping = COPY_RING_PIECE;
	c->fake->manual = true;
	copy_start(c);
	fc = netdma_fake_chan_of(c->fake, c->chan);
	src = copy_kbuf(test, len, 8);
	dst = copy_dst(test, len, 0);
	src2 = copy_kbuf(test, 8192, 9);
	dst2 = copy_dst(test, 8192, 0);

	KUNIT_ASSERT_GT(test, netdma_copy_buf(c->chan, dst, src, len, copy_done, c,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, c->live, 2 * COPY_RING_PIECES);
	KUNIT_EXPECT_EQ(test, netdma_copy_buf(c->chan, dst2, src2, 8192, copy_done,
					      c, GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, c->live, 2 * COPY_RING_PIECES);
	KUNIT_EXPECT_FALSE(test, completion_done(&c->done));

	KUNIT_EXPECT_EQ(test, netdma_fake_run(fc, UINT_MAX), NETDMA_RING_SIZE - 1);
	copy_wait_done(c);
	KUNIT_EXPECT_EQ(test, c->res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, c->res.residue, COPY_RING_LEFT * COPY_RING_PIECE);
	KUNIT_EXPECT_EQ(test, c->live_at_callback, 0);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src, (NETDMA_RING_SIZE - 1) * COPY_RING_PIECE));
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
}

/* A wait for more pieces than the ring holds ends short: -ECANCELED. */
static void copy_ring_overflow_wait(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = COPY_RING_PIECES * COPY_RING_PIECE;
	u8 *src, *dst;

	c->fake->attr.max_transfer_size = NETDMA_MIN_TRANSFER_SIZE;
	c->hooks.max_mapping = COPY_RING_PIECE;
	copy_start(c);
	src = copy_kbuf(test, len, 16);
	dst = copy_dst(test, len, 0);
	/* Interrupt mode: the poll work finishes the request. */
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, dst, src, len, 0),
			-ECANCELED);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->fake->stats.isr, 0);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src, (NETDMA_RING_SIZE - 1) * COPY_RING_PIECE));
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, dst, src, len,
						   NETDMA_COPY_POLL), -ECANCELED);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	/* Two copies, each segment of either side mapped once. */
	KUNIT_EXPECT_EQ(test, c->maps, 2 * 2 * COPY_RING_PIECES);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
	KUNIT_EXPECT_EQ(test, c->fake->stats.descs, 2 * (NETDMA_RING_SIZE - 1));
}

static void copy_note_done(void *param, const struct dmaengine_result *res)
{
	struct dmaengine_result *r = param;

	*r = *res;
}

/* Below the copybreak, and without a channel, the CPU copies at once. */
static void copy_break_cpu(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	struct dmaengine_result r = { .result = DMA_TRANS_ABORTED };
	struct page *sp, *dp;
	struct scatterlist ssg[2], dsg[3];
	u8 *src, *dst;

	copy_start(c);
	WRITE_ONCE(netdma_copybreak, 4096);
	src = copy_kbuf(test, 20000, 10);
	dst = copy_dst(test, 20000, 1);

	KUNIT_EXPECT_EQ(test, netdma_copy_buf(c->chan, dst, src, 4095, copy_note_done,
					      &r, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, r.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src, 4095));
	KUNIT_EXPECT_EQ(test, dst[4095], 0x5a);

	r.result = DMA_TRANS_ABORTED;
	memset(dst, 0x5a, 20000);
	KUNIT_EXPECT_EQ(test, netdma_copy_buf(NULL, dst, src, 20000, copy_note_done,
					      &r, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, r.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src, 20000));
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(NULL, dst, src + 1, 19999, 0), 0);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst, src + 1, 19999));
	KUNIT_EXPECT_EQ(test, netdma_copy_buf(c->chan, dst, src, 0, copy_note_done,
					      &r, GFP_ATOMIC), 0);

	/* Pages and lists, across page boundaries, by the CPU. */
	sp = alloc_pages(GFP_KERNEL, 1);
	dp = alloc_pages(GFP_KERNEL, 1);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, dp);
	memcpy(page_address(sp), src, 2 * PAGE_SIZE);
	memset(page_address(dp), 0, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netdma_copy_page_wait(NULL, dp, 4000, sp, 100, 4000, 0), 0);
	KUNIT_EXPECT_EQ(test, 0, memcmp(page_address(dp) + 4000,
					page_address(sp) + 100, 4000));
	sg_init_table(ssg, 2);
	sg_set_page(&ssg[0], sp, 10, 4090);
	sg_set_page(&ssg[1], sp, 2000, 7);
	sg_init_table(dsg, 3);
	sg_set_page(&dsg[0], dp, 1, 0);
	sg_set_page(&dsg[1], dp, 0, 5);
	sg_set_page(&dsg[2], dp, 3000, 4000);
	KUNIT_EXPECT_EQ(test, netdma_copy_sg_wait(NULL, dsg, 3, ssg, 2, 2010, 0), 0);
	KUNIT_EXPECT_EQ(test, *(u8 *)page_address(dp), *((u8 *)page_address(sp) + 4090));
	KUNIT_EXPECT_EQ(test, 0, memcmp(page_address(dp) + 4000,
					page_address(sp) + 4091, 9));
	KUNIT_EXPECT_EQ(test, 0, memcmp(page_address(dp) + 4009,
					page_address(sp) + 7, 2000));
	/* A list shorter than the length is refused. */
	KUNIT_EXPECT_EQ(test, netdma_copy_sg_wait(NULL, dsg, 3, ssg, 2, 2011, 0), -EINVAL);
	__free_pages(sp, 1);
	__free_pages(dp, 1);

	KUNIT_EXPECT_EQ(test, c->fake->stats.descs, 0);
	KUNIT_EXPECT_EQ(test, c->maps, 0);
}

/* The asynchronous helpers with interrupts off and GFP_ATOMIC. */
static void copy_atomic_context(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = 3 * NETDMA_MIN_TRANSFER_SIZE + 5;
	struct page *sp, *dp;
	unsigned long flags;
	dma_cookie_t cookie;
	u8 *src, *dst;

	c->fake->attr.max_transfer_size = NETDMA_MIN_TRANSFER_SIZE;
	copy_start(c);
	src = copy_kbuf(test, len, 14);
	dst = copy_dst(test, len, 0);
	c->expect = src;
	c->check = dst;
	c->check_len = len;
	local_irq_save(flags);
	cookie = netdma_copy_buf(c->chan, dst, src, len, copy_done, c, GFP_ATOMIC);
	local_irq_restore(flags);
	KUNIT_ASSERT_GT(test, cookie, 0);
	copy_wait_done(c);
	copy_check(c, dst, src, len);

	sp = alloc_pages(GFP_KERNEL, 2);
	dp = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, dp);
	memcpy(page_address(sp), copy_kbuf(test, 4 * PAGE_SIZE, 15), 4 * PAGE_SIZE);
	reinit_completion(&c->done);
	c->expect = page_address(sp) + 9;
	c->check = page_address(dp) + 4;
	c->check_len = len;
	local_bh_disable();
	cookie = netdma_copy_page(c->chan, dp, 4, sp, 9, len, copy_done, c, GFP_NOWAIT);
	local_bh_enable();
	KUNIT_EXPECT_GT(test, cookie, 0);
	if (cookie > 0) {
		copy_wait_done(c);
		KUNIT_EXPECT_EQ(test, c->res.result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_TRUE(test, c->dst_ok_at_callback);
		KUNIT_EXPECT_EQ(test, c->live, 0);
	}
	__free_pages(sp, 2);
	__free_pages(dp, 2);
}

/* Kernel linear-map memory only. */
static void copy_rejects_vmalloc(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	u8 stack[16] = {};
	u8 *v, *k;

	copy_start(c);
	v = vmalloc(8192);
	KUNIT_ASSERT_NOT_NULL(test, v);
	k = copy_kbuf(test, 8192, 11);
	KUNIT_EXPECT_EQ(test, netdma_copy_buf(c->chan, v, k, 8192, copy_done, c,
					      GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, k, v, 8192, 0), -EINVAL);
	/* Even below the copybreak, so behaviour does not depend on size. */
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(NULL, k, v, 16, 0), -EINVAL);
	/* The stack neither (with or without VMAP_STACK). */
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, k, &stack, sizeof(stack), 0),
			-EINVAL);
	vfree(v);
	KUNIT_EXPECT_EQ(test, c->maps, 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&c->done));
}

struct copy_wait_param {
	const char *name;
	unsigned int flags;
	unsigned int delay_ms;
	int kind;	/* 0 buf, 1 page, 2 sg */
};

static const struct copy_wait_param copy_wait_params[] = {
	{ "buf interrupt", 0, 0, 0 },
	{ "buf polled", NETDMA_COPY_POLL, 0, 0 },
	{ "buf interrupt delayed", 0, 20, 0 },
	{ "buf polled delayed", NETDMA_COPY_POLL, 20, 0 },
	{ "page interrupt", 0, 0, 1 },
	{ "page polled delayed", NETDMA_COPY_POLL, 20, 1 },
	{ "sg interrupt delayed", 0, 20, 2 },
	{ "sg polled", NETDMA_COPY_POLL, 0, 2 },
};

static void copy_wait_desc(const struct copy_wait_param *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(copy_wait, copy_wait_params, copy_wait_desc);

/* The wait variants: interrupt (DMA_PREP_INTERRUPT) or polled. */
static void copy_wait_modes(struct kunit *test)
{
	const struct copy_wait_param *p = test->param_value;
	struct copy_ctx *c = ctx_of(test);
	size_t len = 3 * NETDMA_MIN_TRANSFER_SIZE + 77;
	struct scatterlist ssg[2], dsg[3];
	unsigned int order = get_order(len + 100);
	struct page *sp, *dp;
	u8 *src, *dst;
	int ret;

	c->fake->attr.max_transfer_size = NETDMA_MIN_TRANSFER_SIZE;
	c->fake->delay_ms = p->delay_ms;
	copy_start(c);
	sp = alloc_pages(GFP_KERNEL, order);
	dp = alloc_pages(GFP_KERNEL, order);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, dp);
	src = page_address(sp);
	dst = page_address(dp);
	memcpy(src, copy_kbuf(test, len + 100, 12), len + 100);
	memset(dst, 0, len + 100);

	switch (p->kind) {
	case 0:
		ret = netdma_copy_buf_wait(c->chan, dst + 3, src + 5, len, p->flags);
		break;
	case 1:
		ret = netdma_copy_page_wait(c->chan, dp, 3, sp, 5, len, p->flags);
		break;
	default:
		sg_init_table(ssg, 2);
		sg_set_page(&ssg[0], sp, 1000, 5);
		sg_set_page(&ssg[1], sp, len - 1000, 1005);
		sg_init_table(dsg, 3);
		sg_set_page(&dsg[0], dp, 7, 3);
		sg_set_page(&dsg[1], dp, 4096, 10);
		sg_set_page(&dsg[2], dp, len - 4103, 4106);
		ret = netdma_copy_sg_wait(c->chan, dsg, 3, ssg, 2, len, p->flags);
		break;
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, 0, memcmp(dst + 3, src + 5, len));
	KUNIT_EXPECT_EQ(test, dst[2], 0);
	KUNIT_EXPECT_EQ(test, dst[len + 3], 0);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_GT(test, c->maps, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
	if (p->flags & NETDMA_COPY_POLL)
		KUNIT_EXPECT_EQ(test, c->fake->stats.isr, 0);
	else
		KUNIT_EXPECT_EQ(test, c->fake->stats.isr, 1);
	__free_pages(sp, order);
	__free_pages(dp, order);
}

/* Any dmaengine memcpy channel: here a plain dma_request_channel() one. */
static void copy_wait_timeout_unmaps(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	size_t len = 8192;
	u8 *src, *dst;

	c->fake->manual = true;		/* a hung engine */
	copy_start(c);
	src = copy_kbuf(test, len, 13);
	dst = copy_dst(test, len, 0);
	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(c->chan, dst, src, len, 0),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
}

static void copy_restore_timeout(void *data)
{
	WRITE_ONCE(netdma_copy_timeout_ms, (uintptr_t)data);
}

/*
 * Defect 8: the engine hangs and the channel cannot be terminated (no
 * abort, no reset). The wait variant must not unmap and free a request
 * whose descriptors may still run, nor wait for ever: it says
 * -EINPROGRESS and leaves the request to its last callback, which unmaps
 * when the engine does finish.
 */
static void copy_wait_terminate_fails(struct kunit *test)
{
	struct copy_ctx *c = ctx_of(test);
	unsigned int saved = READ_ONCE(netdma_copy_timeout_ms);
	size_t len = 8192;
	u8 *src, *dst;
	int ret;

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, copy_restore_timeout,
							   (void *)(uintptr_t)saved));
	WRITE_ONCE(netdma_copy_timeout_ms, 100);
	c->fake->manual = true;		/* a hung engine ... */
	c->fake->ops.abort = NULL;	/* ... that cannot be stopped */
	c->fake->ops.reset = NULL;
	copy_start(c);
	src = copy_kbuf(test, len, 21);
	dst = copy_dst(test, len, 0);
	ret = netdma_copy_buf_wait(c->chan, dst, src, len, 0);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINPROGRESS,
			    "terminate failed, yet the helper reported the copy over");
	KUNIT_EXPECT_GT_MSG(test, c->live, 0,
			    "buffers unmapped while the engine may still use them");
	/* The engine wakes up and finishes: the request ends now. */
	netdma_fake_run(netdma_fake_chan_of(c->fake, c->chan), UINT_MAX);
	dmaengine_synchronize(c->chan);
	KUNIT_EXPECT_EQ(test, c->live, 0);
	KUNIT_EXPECT_EQ(test, c->maps, c->unmaps);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, len), 0);
}

static struct kunit_case netdma_copy_cases[] = {
	KUNIT_CASE_PARAM(copy_buf_bytes, copy_gen_params),
	KUNIT_CASE_PARAM(copy_page_bytes, copy_gen_params),
	KUNIT_CASE_PARAM(copy_sg_bytes, copy_gen_params),
	KUNIT_CASE(copy_sg_merges),
	KUNIT_CASE(copy_split_max_transfer),
	KUNIT_CASE(copy_map_failure),
	KUNIT_CASE(copy_device_error),
	KUNIT_CASE(copy_ring_full),
	KUNIT_CASE(copy_ring_overflow_wait),
	KUNIT_CASE(copy_break_cpu),
	KUNIT_CASE(copy_atomic_context),
	KUNIT_CASE(copy_rejects_vmalloc),
	KUNIT_CASE_PARAM(copy_wait_modes, copy_wait_gen_params),
	KUNIT_CASE_SLOW(copy_wait_timeout_unmaps),
	KUNIT_CASE(copy_wait_terminate_fails),
	{}
};

static struct kunit_suite netdma_copy_suite = {
	.name = "netdma_copy",
	.init = copy_test_init,
	.test_cases = netdma_copy_cases,
};

static struct kunit_case netdma_copy_bounce_cases[] = {
	KUNIT_CASE_PARAM(copy_bounce_bytes, copy_gen_params),
	{}
};

static struct kunit_suite netdma_copy_bounce_suite = {
	.name = "netdma_copy_bounce",
	.init = copy_test_init,
	.test_cases = netdma_copy_bounce_cases,
};

kunit_test_suites(&netdma_copy_suite, &netdma_copy_bounce_suite);
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
