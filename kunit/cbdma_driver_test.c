// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the cbdma driver against the in-kernel model: a model
 * instance becomes a platform device named "cbdma", the built-in driver
 * probes it, and the tests use it as a client would, through the dmaengine
 * API, asserting on data, results, the model's counters and the driver's.
 */
#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/dcache.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/kmsg_dump.h>
#include <linux/ktime.h>
#include <linux/netdma.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "../emu/model/cbdma_model.h"
#include "../drivers/dma/cbdma/cbdma.h"
#include "../drivers/dma/netdma/netdma_priv.h"	/* netdma_copybreak */

#define CBDMA_TEST_TIMEOUT_MS	5000
/* Short enough for the tests, long enough never to fire on healthy work. */
#define CBDMA_TEST_WATCHDOG_MS	50

struct cbdma_test_dev {
	struct cbdma_model *model;
	struct platform_device *pdev;
	struct cbdma_dev *cd;
	struct device *dev;
};

struct cbdma_test_xfer {
	struct completion done;
	struct dmaengine_result res;
	dma_cookie_t cookie;
	int calls;
};

/* Module parameters are read at probe; a test sets them for its device. */
struct cbdma_test_params {
	unsigned int intr_delay_us;
	unsigned int watchdog_ms;
	unsigned int cmd_atomic_us;
};

static void cbdma_test_restore_params(void *data)
{
	struct cbdma_test_params *saved = data;

	cbdma_intr_delay_us = saved->intr_delay_us;
	cbdma_watchdog_ms = saved->watchdog_ms;
	cbdma_cmd_atomic_us = saved->cmd_atomic_us;
}

static void cbdma_test_set_params(struct kunit *test, unsigned int intr_delay_us,
				  unsigned int watchdog_ms)
{
	struct cbdma_test_params *saved;
	int ret;

	saved = kunit_kzalloc(test, sizeof(*saved), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, saved);
	saved->intr_delay_us = cbdma_intr_delay_us;
	saved->watchdog_ms = cbdma_watchdog_ms;
	saved->cmd_atomic_us = cbdma_cmd_atomic_us;
	ret = kunit_add_action_or_reset(test, cbdma_test_restore_params, saved);
	KUNIT_ASSERT_EQ(test, ret, 0);
	cbdma_intr_delay_us = intr_delay_us;
	cbdma_watchdog_ms = watchdog_ms;
}

/*
 * A model and a platform device on it, probed by the driver. With
 * @shared_irq only the first interrupt is given, so the driver runs the
 * shared (MSI/INTx-like) mode. @fault_chan >= 0 injects @fault there before
 * the probe, so that the self-test meets it.
 */
static void cbdma_test_add_pdev(struct kunit *test, struct cbdma_test_dev *t,
				bool shared_irq);
static void cbdma_test_add_pdev_data(struct kunit *test,
				     struct cbdma_test_dev *t, bool shared_irq,
				     const struct cbdma_platform_data *pd);

static void cbdma_test_probe(struct kunit *test, struct cbdma_test_dev *t,
			     const struct cbdma_model_config *cfg,
			     bool shared_irq, int fault_chan,
			     enum cbdma_model_fault fault)
{
	t->model = kunit_cbdma_model_create(test, cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->model);
	if (fault_chan >= 0)
		KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, fault_chan,
							    fault, 0));
	cbdma_test_add_pdev(test, t, shared_irq);
}

/* The platform device on @t->model, probed by the driver. */
static void cbdma_test_add_pdev(struct kunit *test, struct cbdma_test_dev *t,
				bool shared_irq)
{
	cbdma_test_add_pdev_data(test, t, shared_irq, NULL);
	t->cd = platform_get_drvdata(t->pdev);
	KUNIT_ASSERT_NOT_NULL(test, t->cd);
}

/*
 * The same with platform data (@pd: a PCI function's identity), leaving
 * @t->cd as the probe left it (NULL when the driver refused the device).
 */
static void cbdma_test_add_pdev_data(struct kunit *test,
				     struct cbdma_test_dev *t, bool shared_irq,
				     const struct cbdma_platform_data *pd)
{
	struct resource res[CBDMA_MODEL_MAX_RESOURCES];
	int n;

	n = cbdma_model_resources(t->model, res, ARRAY_SIZE(res));
	KUNIT_ASSERT_GT(test, n, 1);
	if (shared_irq)
		n = 2;

	t->pdev = kunit_platform_device_alloc(test, "cbdma", PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->pdev);
	KUNIT_ASSERT_EQ(test, 0, platform_device_add_resources(t->pdev, res, n));
	if (pd)
		KUNIT_ASSERT_EQ(test, 0, platform_device_add_data(t->pdev, pd,
								  sizeof(*pd)));
	KUNIT_ASSERT_EQ(test, 0, kunit_platform_device_add(test, t->pdev));
	t->dev = &t->pdev->dev;
	t->cd = platform_get_drvdata(t->pdev);
}

static bool cbdma_test_filter(struct dma_chan *chan, void *param)
{
	return chan->device->dev == param;
}

static void cbdma_test_release_chan(void *chan)
{
	dma_release_channel(chan);
}

static int cbdma_test_hold_chan(struct kunit *test, struct dma_chan *chan)
{
	return kunit_add_action_or_reset(test, cbdma_test_release_chan, chan);
}

static struct dma_chan *cbdma_test_get_chan(struct kunit *test,
					    struct cbdma_test_dev *t)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, cbdma_test_filter, t->dev);
	if (chan)
		KUNIT_ASSERT_EQ(test, 0, cbdma_test_hold_chan(test, chan));
	return chan;
}

struct cbdma_test_buf {
	struct device *dev;
	size_t size;
	void *cpu;
	dma_addr_t dma;
};

static void cbdma_test_free_buf(void *data)
{
	struct cbdma_test_buf *b = data;

	dma_free_coherent(b->dev, b->size, b->cpu, b->dma);
}

static void *cbdma_test_buf(struct kunit *test, struct cbdma_test_dev *t,
			    size_t size, dma_addr_t *dma)
{
	struct cbdma_test_buf *b;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->dev = t->dev;
	b->size = size;
	b->cpu = dma_alloc_coherent(t->dev, size, &b->dma, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->cpu);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, cbdma_test_free_buf, b));
	*dma = b->dma;
	return b->cpu;
}

static void cbdma_test_fill(u8 *buf, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(i * 13 + seed + (i >> 9));
}

/* A source of @len patterned bytes (@seed) and a zeroed destination. */
static void cbdma_test_bufs(struct kunit *test, struct cbdma_test_dev *t,
			    size_t len, u8 seed, u8 **src, dma_addr_t *src_dma,
			    u8 **dst, dma_addr_t *dst_dma)
{
	*src = cbdma_test_buf(test, t, len, src_dma);
	*dst = cbdma_test_buf(test, t, len, dst_dma);
	cbdma_test_fill(*src, len, seed);
	memset(*dst, 0, len);
}

static void cbdma_test_done(void *param, const struct dmaengine_result *res)
{
	struct cbdma_test_xfer *x = param;

	x->res = *res;
	x->calls++;
	complete(&x->done);
}

/* Prepare and submit one copy with an interrupt; the caller issues. */
static void cbdma_test_submit(struct kunit *test, struct dma_chan *chan,
			      dma_addr_t dst, dma_addr_t src, size_t len,
			      struct cbdma_test_xfer *x)
{
	struct dma_async_tx_descriptor *tx;

	init_completion(&x->done);
	x->calls = 0;
	x->res.result = DMA_TRANS_NOERROR;
	x->res.residue = U32_MAX;
	tx = dmaengine_prep_dma_memcpy(chan, dst, src, len, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback_result = cbdma_test_done;
	tx->callback_param = x;
	x->cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GT(test, x->cookie, 0);
}

static void cbdma_test_wait(struct kunit *test, struct cbdma_test_xfer *x)
{
	unsigned long left;

	left = wait_for_completion_timeout(&x->done,
					   msecs_to_jiffies(CBDMA_TEST_TIMEOUT_MS));
	KUNIT_ASSERT_GT_MSG(test, left, 0, "cookie %d never completed", x->cookie);
	KUNIT_EXPECT_EQ(test, x->calls, 1);
}

/* One verified copy of @len bytes; returns the result. */
static enum dmaengine_tx_result cbdma_test_copy(struct kunit *test,
						struct cbdma_test_dev *t,
						struct dma_chan *chan, size_t len)
{
	struct cbdma_test_xfer x;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;

	cbdma_test_bufs(test, t, len, len, &src, &src_dma,
			&dst, &dst_dma);
	cbdma_test_submit(test, chan, dst_dma, src_dma, len, &x);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, &x);
	if (x.res.result == DMA_TRANS_NOERROR) {
		KUNIT_EXPECT_EQ(test, x.res.residue, 0);
		KUNIT_EXPECT_EQ(test, memcmp(src, dst, len), 0);
	}
	return x.res.result;
}

/* The driver's debugfs view, printed into the test log. */
static void cbdma_test_dump(struct kunit *test, struct cbdma_test_dev *t)
{
	struct seq_file s = { };
	char *line, *end;
	unsigned int i;

	s.size = PAGE_SIZE;
	s.buf = kunit_kzalloc(test, s.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s.buf);
	cbdma_debugfs_show_dev(&s, t->cd);
	for (i = 0; i < t->cd->nr_chans; i++)
		cbdma_debugfs_show_chan(&s, t->cd->by_index[i]);
	KUNIT_EXPECT_FALSE(test, seq_has_overflowed(&s));
	/* Line by line: one printk record holds about 1 KiB. */
	kunit_info(test, "debugfs:\n");
	for (line = s.buf; line < s.buf + s.count; line = end + 1) {
		end = strnchrnul(line, s.buf + s.count - line, '\n');
		kunit_info(test, "  %.*s\n", (int)(end - line), line);
	}
}

static struct cbdma_model_counters cbdma_test_counters(struct kunit *test,
						       struct cbdma_test_dev *t,
						       unsigned int hw_chan)
{
	struct cbdma_model_counters c;

	KUNIT_EXPECT_EQ(test, 0, cbdma_model_counters(t->model, hw_chan, &c));
	return c;
}

static const enum cbdma_model_exec cbdma_test_modes[] = {
	CBDMA_MODEL_EXEC_SYNC,
	CBDMA_MODEL_EXEC_WORK,
};

static void cbdma_test_mode_desc(const enum cbdma_model_exec *m, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",
		 *m == CBDMA_MODEL_EXEC_SYNC ? "sync" : "work");
}

KUNIT_ARRAY_PARAM(cbdma_test_mode, cbdma_test_modes, cbdma_test_mode_desc);

/* Probe: every channel self-tested, offered, allocated with its CPU. */
static void cbdma_driver_probe_channels(struct kunit *test)
{
	const struct cbdma_model_config cfg = { };
	struct cbdma_test_dev t;
	struct dma_chan *chans[CBDMA_MAX_CHANNELS];
	struct cpumask seen;
	unsigned int i, cpu;

	cpumask_clear(&seen);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	KUNIT_EXPECT_EQ(test, t.cd->hw_chancnt, 4);
	KUNIT_EXPECT_EQ(test, t.cd->nr_chans, 4);
	KUNIT_EXPECT_TRUE(test, t.cd->per_chan_irq);
	for (i = 0; i < 4; i++) {
		struct cbdma_model_counters c = cbdma_test_counters(test, &t, i);

		/* The self-test: one descriptor of 64 bytes, no interrupt. */
		KUNIT_EXPECT_EQ(test, c.descs, 1);
		KUNIT_EXPECT_EQ(test, c.bytes, 64);
		KUNIT_EXPECT_EQ(test, c.irqs, 0);
		KUNIT_EXPECT_EQ(test, t.cd->chans[i].irq, cbdma_model_irq(t.model, i));
	}

	for (i = 0; i < 4; i++) {
		cpu = UINT_MAX;
		chans[i] = netdma_request_channel(cpu_online_mask, &cpu);
		KUNIT_ASSERT_NOT_NULL(test, chans[i]);
		KUNIT_ASSERT_EQ(test, 0, cbdma_test_hold_chan(test, chans[i]));
		KUNIT_EXPECT_PTR_EQ(test, chans[i]->device->dev, t.dev);
		/* Spread over the CPUs; a free channel completes on its own. */
		KUNIT_EXPECT_EQ(test, t.cd->by_index[i]->irq_cpu,
				cpumask_local_spread(i, NUMA_NO_NODE));
		KUNIT_EXPECT_EQ(test, cpu, to_netdma_chan(chans[i])->irq_cpu);
		cpumask_set_cpu(cpu, &seen);
	}
	/* The rig's 4 CPUs: one channel interrupt on each. */
	KUNIT_EXPECT_EQ(test, cpumask_weight(&seen), min(4U, num_online_cpus()));
	KUNIT_EXPECT_NULL(test, cbdma_test_get_chan(test, &t));
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(t.cd->debugfs));
	for (i = 0; i < 4; i++) {
		char name[8];
		struct dentry *d;

		snprintf(name, sizeof(name), "chan%u", i);
		d = debugfs_lookup(name, t.cd->debugfs);
		KUNIT_EXPECT_NOT_NULL(test, d);
		dput(d);
		KUNIT_EXPECT_NOT_NULL(test, READ_ONCE(t.cd->by_index[i]->handle));
		KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chans[i], 4096 + i),
				DMA_TRANS_NOERROR);
	}
	cbdma_test_dump(test, &t);
}

struct cbdma_test_shape {
	size_t len;
	unsigned int src_off;
	unsigned int dst_off;
	enum cbdma_model_exec exec;
};

static const struct cbdma_test_shape cbdma_test_shapes[] = {
	{ 1, 0, 0, CBDMA_MODEL_EXEC_SYNC },
	{ 1, 3, 5, CBDMA_MODEL_EXEC_WORK },
	{ 7, 1, 2, CBDMA_MODEL_EXEC_SYNC },
	{ 63, 63, 1, CBDMA_MODEL_EXEC_WORK },
	{ 4095, 1, 4093, CBDMA_MODEL_EXEC_SYNC },
	{ 4097, 4095, 3, CBDMA_MODEL_EXEC_WORK },
	{ 65539, 7, 11, CBDMA_MODEL_EXEC_SYNC },
	{ SZ_1M, 0, 0, CBDMA_MODEL_EXEC_WORK },
	{ SZ_1M + 1, 5, 9, CBDMA_MODEL_EXEC_SYNC },
	{ 3 * SZ_1M + 5, 17, 3, CBDMA_MODEL_EXEC_WORK },
};

static void cbdma_test_shape_desc(const struct cbdma_test_shape *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu bytes src+%u dst+%u %s",
		 s->len, s->src_off, s->dst_off,
		 s->exec == CBDMA_MODEL_EXEC_SYNC ? "sync" : "work");
}

KUNIT_ARRAY_PARAM(cbdma_test_shape, cbdma_test_shapes, cbdma_test_shape_desc);

/* Sizes across XFERCAP (1 MiB: split by the shim), odd alignments. */
static void cbdma_driver_copy_shapes(struct kunit *test)
{
	const struct cbdma_test_shape *shape = test->param_value;
	const struct cbdma_model_config cfg = { .channels = 1, .exec = shape->exec };
	size_t size = shape->len + 8192, guard = 4096;
	struct cbdma_model_counters before, after;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst, *want;
	size_t descs;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	src = cbdma_test_buf(test, &t, size, &src_dma);
	dst = cbdma_test_buf(test, &t, size, &dst_dma);
	want = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	cbdma_test_fill(src, size, 0x31);
	memset(dst, 0xcc, size);
	memset(want, 0xcc, size);
	memcpy(want + guard + shape->dst_off, src + guard + shape->src_off,
	       shape->len);

	before = cbdma_test_counters(test, &t, 0);
	cbdma_test_submit(test, chan, dst_dma + guard + shape->dst_off,
			  src_dma + guard + shape->src_off, shape->len, &x);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, x.res.residue, 0);
	KUNIT_EXPECT_EQ(test, memcmp(dst, want, size), 0);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, x.cookie, NULL, NULL),
			DMA_COMPLETE);

	after = cbdma_test_counters(test, &t, 0);
	descs = DIV_ROUND_UP(shape->len, SZ_1M);
	KUNIT_EXPECT_EQ(test, after.bytes - before.bytes, shape->len);
	KUNIT_EXPECT_EQ(test, after.descs - before.descs, descs);
	/* Only the last descriptor interrupts and writes the word. */
	KUNIT_EXPECT_EQ(test, after.irqs - before.irqs, 1);
	KUNIT_EXPECT_EQ(test, after.completion_writes - before.completion_writes, 1);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->stats.descs, descs);
}

#define CBDMA_TEST_MANY		96
#define CBDMA_TEST_MANY_LEN	333

/* Many copies in flight on every channel at once. */
static void cbdma_driver_many_in_flight(struct kunit *test)
{
	const enum cbdma_model_exec *mode = test->param_value;
	const struct cbdma_model_config cfg = { .exec = *mode };
	struct dma_chan *chans[CBDMA_MAX_CHANNELS];
	struct cbdma_test_xfer *x;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	size_t size = CBDMA_TEST_MANY * CBDMA_TEST_MANY_LEN;
	u64 bytes = 0, descs = 0;
	u8 *src, *dst;
	unsigned int i;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	for (i = 0; i < 4; i++) {
		chans[i] = cbdma_test_get_chan(test, &t);
		KUNIT_ASSERT_NOT_NULL(test, chans[i]);
	}
	x = kunit_kcalloc(test, CBDMA_TEST_MANY, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_bufs(test, &t, size, 7, &src, &src_dma,
			&dst, &dst_dma);

	for (i = 0; i < CBDMA_TEST_MANY; i++) {
		size_t off = i * CBDMA_TEST_MANY_LEN;

		cbdma_test_submit(test, chans[i % 4], dst_dma + off, src_dma + off,
				  CBDMA_TEST_MANY_LEN, &x[i]);
		/* Some issued early, so later ones append to running chains. */
		if (i % 7 == 6)
			dma_async_issue_pending(chans[i % 4]);
	}
	for (i = 0; i < 4; i++)
		dma_async_issue_pending(chans[i]);
	for (i = 0; i < CBDMA_TEST_MANY; i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, size), 0);
	for (i = 0; i < 4; i++) {
		struct cbdma_model_counters c = cbdma_test_counters(test, &t, i);

		bytes += c.bytes - 64;	/* less the self-test */
		descs += c.descs - 1;
		KUNIT_EXPECT_EQ(test, c.errors, 0);
		KUNIT_EXPECT_GT(test, t.cd->by_index[i]->stats.appends, 0);
	}
	KUNIT_EXPECT_EQ(test, bytes, size);
	KUNIT_EXPECT_EQ(test, descs, CBDMA_TEST_MANY);
}

struct cbdma_test_fault {
	const char *name;
	enum cbdma_model_fault fault;
	enum dmaengine_tx_result result;	/* for the faulted copy */
	enum cbdma_model_exec exec;
};

/*
 * A completion word outside the ring: the shim trusts nothing from it and
 * aborts what was outstanding.
 */
static const struct cbdma_test_fault cbdma_test_faults[] = {
	{ "src read", CBDMA_FAULT_SRC_READ, DMA_TRANS_READ_FAILED, CBDMA_MODEL_EXEC_SYNC },
	{ "dst write", CBDMA_FAULT_DST_WRITE, DMA_TRANS_WRITE_FAILED, CBDMA_MODEL_EXEC_SYNC },
	{ "next addr", CBDMA_FAULT_NEXT_ADDR, DMA_TRANS_ABORTED, CBDMA_MODEL_EXEC_SYNC },
	{ "hang", CBDMA_FAULT_HANG, DMA_TRANS_ABORTED, CBDMA_MODEL_EXEC_SYNC },
	{ "dropped irq", CBDMA_FAULT_DROP_IRQ, DMA_TRANS_NOERROR, CBDMA_MODEL_EXEC_SYNC },
	{ "spurious irq", CBDMA_FAULT_SPURIOUS_IRQ, DMA_TRANS_NOERROR, CBDMA_MODEL_EXEC_SYNC },
	{ "bad completion", CBDMA_FAULT_BAD_COMPLETION, DMA_TRANS_ABORTED, CBDMA_MODEL_EXEC_SYNC },
	{ "src read", CBDMA_FAULT_SRC_READ, DMA_TRANS_READ_FAILED, CBDMA_MODEL_EXEC_WORK },
	{ "dst write", CBDMA_FAULT_DST_WRITE, DMA_TRANS_WRITE_FAILED, CBDMA_MODEL_EXEC_WORK },
	{ "next addr", CBDMA_FAULT_NEXT_ADDR, DMA_TRANS_ABORTED, CBDMA_MODEL_EXEC_WORK },
	{ "hang", CBDMA_FAULT_HANG, DMA_TRANS_ABORTED, CBDMA_MODEL_EXEC_WORK },
	{ "dropped irq", CBDMA_FAULT_DROP_IRQ, DMA_TRANS_NOERROR, CBDMA_MODEL_EXEC_WORK },
	{ "spurious irq", CBDMA_FAULT_SPURIOUS_IRQ, DMA_TRANS_NOERROR, CBDMA_MODEL_EXEC_WORK },
	{ "bad completion", CBDMA_FAULT_BAD_COMPLETION, DMA_TRANS_ABORTED, CBDMA_MODEL_EXEC_WORK },
};

static void cbdma_test_fault_desc(const struct cbdma_test_fault *f, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s", f->name,
		 f->exec == CBDMA_MODEL_EXEC_SYNC ? "sync" : "work");
}

KUNIT_ARRAY_PARAM(cbdma_test_fault, cbdma_test_faults, cbdma_test_fault_desc);

/*
 * Copy A completes; B (faulted) and C are issued together: B gets the
 * fault's result, C completes after the recovery, and D afterwards shows
 * the channel still works.
 */
static void cbdma_driver_fault_recovery(struct kunit *test)
{
	const struct cbdma_test_fault *f = test->param_value;
	const struct cbdma_model_config cfg = { .channels = 1, .exec = f->exec };
	/* Alone, so that a later good word cannot overwrite the bad one. */
	bool alone = f->fault == CBDMA_FAULT_BAD_COMPLETION;
	const size_t len = 1000;
	struct cbdma_model_counters before, after;
	struct cbdma_test_xfer xb, xc;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct cbdma_chan_stats *st;
	struct dma_chan *chan;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, CBDMA_TEST_WATCHDOG_MS);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	st = &t.cd->by_index[0]->stats;
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, len), DMA_TRANS_NOERROR);

	cbdma_test_bufs(test, &t, 2 * len, 0x77, &src, &src_dma,
			&dst, &dst_dma);
	before = cbdma_test_counters(test, &t, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, f->fault, 0));
	cbdma_test_submit(test, chan, dst_dma, src_dma, len, &xb);
	if (alone) {
		dma_async_issue_pending(chan);
		cbdma_test_wait(test, &xb);
	}
	cbdma_test_submit(test, chan, dst_dma + len, src_dma + len, len, &xc);
	dma_async_issue_pending(chan);
	if (!alone)
		cbdma_test_wait(test, &xb);
	cbdma_test_wait(test, &xc);

	KUNIT_EXPECT_EQ(test, xb.res.result, f->result);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, xb.cookie, NULL),
			f->result == DMA_TRANS_NOERROR ? DMA_COMPLETE : DMA_ERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, xc.cookie, NULL),
			DMA_COMPLETE);
	if (f->result == DMA_TRANS_NOERROR) {
		KUNIT_EXPECT_EQ(test, xb.res.residue, 0);
		KUNIT_EXPECT_EQ(test, memcmp(src, dst, len), 0);
	} else if (f->fault != CBDMA_FAULT_BAD_COMPLETION) {
		/* Nothing of B was copied: all of it is residue. */
		KUNIT_EXPECT_EQ(test, xb.res.residue, len);
	}
	KUNIT_EXPECT_EQ(test, xc.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src + len, dst + len, len), 0);
	/* Ordering holds: C's cookie follows B's. */
	KUNIT_EXPECT_GT(test, xc.cookie, xb.cookie);

	after = cbdma_test_counters(test, &t, 0);
	switch (f->fault) {
	case CBDMA_FAULT_SRC_READ:
	case CBDMA_FAULT_DST_WRITE:
	case CBDMA_FAULT_NEXT_ADDR:
		KUNIT_EXPECT_EQ(test, after.errors - before.errors, 1);
		KUNIT_EXPECT_EQ(test, st->errors, 1);
		KUNIT_EXPECT_GE(test, after.resets - before.resets, 1);
		KUNIT_EXPECT_EQ(test, after.descs - before.descs, 1);
		break;
	case CBDMA_FAULT_HANG:
		KUNIT_EXPECT_EQ(test, after.errors - before.errors, 0);
		KUNIT_EXPECT_EQ(test, st->hangs, 1);
		KUNIT_EXPECT_GE(test, after.resets - before.resets, 1);
		KUNIT_EXPECT_EQ(test, after.descs - before.descs, 1);
		break;
	case CBDMA_FAULT_DROP_IRQ:
		KUNIT_EXPECT_EQ(test, after.irqs_dropped - before.irqs_dropped, 1);
		KUNIT_EXPECT_EQ(test, after.descs - before.descs, 2);
		break;
	case CBDMA_FAULT_SPURIOUS_IRQ:
		KUNIT_EXPECT_EQ(test, after.irqs_spurious - before.irqs_spurious, 1);
		KUNIT_EXPECT_EQ(test, after.descs - before.descs, 2);
		break;
	case CBDMA_FAULT_BAD_COMPLETION:
		KUNIT_EXPECT_GE(test, after.resets - before.resets, 1);
		KUNIT_EXPECT_EQ(test, after.descs - before.descs, 2);
		break;
	}
	/* Only the dropped interrupt is lost; late ones are not counted. */
	KUNIT_EXPECT_EQ(test, st->lost_irqs,
			f->fault == CBDMA_FAULT_DROP_IRQ ? 1 : 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 5000), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 1), DMA_TRANS_NOERROR);
	cbdma_test_dump(test, &t);
}

static const enum cbdma_model_fault cbdma_test_selftest_faults[] = {
	CBDMA_FAULT_SRC_READ,
	CBDMA_FAULT_DST_WRITE,
	CBDMA_FAULT_NEXT_ADDR,
	CBDMA_FAULT_HANG,
	CBDMA_FAULT_BAD_COMPLETION,
};

static void cbdma_test_selftest_fault_desc(const enum cbdma_model_fault *f,
					   char *desc)
{
	static const char * const names[] = {
		[CBDMA_FAULT_SRC_READ] = "src read",
		[CBDMA_FAULT_DST_WRITE] = "dst write",
		[CBDMA_FAULT_NEXT_ADDR] = "next addr",
		[CBDMA_FAULT_HANG] = "hang",
		[CBDMA_FAULT_BAD_COMPLETION] = "bad completion",
	};

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", names[*f]);
}

KUNIT_ARRAY_PARAM(cbdma_test_selftest_fault, cbdma_test_selftest_faults,
		  cbdma_test_selftest_fault_desc);

/*
 * A copy split into three descriptors fails on the second: the failed
 * descriptor is the one CDAR names, so the residue is exactly what was
 * not copied.
 */
static void cbdma_driver_fault_mid_transaction(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .xfercap_log = 12 };
	const size_t len = 3 * 4096 - 100;
	struct cbdma_model_counters before, after;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	cbdma_test_bufs(test, &t, len, 0x42, &src, &src_dma,
			&dst, &dst_dma);

	before = cbdma_test_counters(test, &t, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_SRC_READ, 1));
	cbdma_test_submit(test, chan, dst_dma, src_dma, len, &x);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, x.res.residue, len - 4096);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 4096), 0);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.descs - before.descs, 1);
	KUNIT_EXPECT_EQ(test, after.errors - before.errors, 1);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->last_chanerr, CBDMA_CHANERR_READ_DATA);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, len), DMA_TRANS_NOERROR);
}

/*
 * An error halt that neither writes the completion word nor interrupts
 * (error completion and error interrupt disabled behind the driver's back):
 * only the watchdog sees it, in CHANSTS and CHANERR, and recovers the same
 * way.
 */
static void cbdma_driver_silent_error(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct cbdma_test_xfer xb, xc;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, CBDMA_TEST_WATCHDOG_MS);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	/* A started chain, so that B and C are appended, not started. */
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 256, 0x11, &src, &src_dma,
			&dst, &dst_dma);

	writew(CBDMA_CHANCTRL_INT_REARM, hw->regs + CBDMA_CHANCTRL);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_DST_WRITE, 0));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 128, &xb);
	cbdma_test_submit(test, chan, dst_dma + 128, src_dma + 128, 128, &xc);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, &xb);
	cbdma_test_wait(test, &xc);
	KUNIT_EXPECT_EQ(test, xb.res.result, DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, xc.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src + 128, dst + 128, 128), 0);
	KUNIT_EXPECT_EQ(test, hw->stats.errors, 1);
	KUNIT_EXPECT_EQ(test, hw->last_chanerr, CBDMA_CHANERR_WRITE_DATA);
	/*
	 * The recovery restored the error bits and the claim (INT_REARM may
	 * read 0 while C's interrupt is still on its way to the handler).
	 */
	KUNIT_EXPECT_EQ(test, readw(hw->regs + CBDMA_CHANCTRL) & ~CBDMA_CHANCTRL_INT_REARM,
			(CBDMA_CHANCTRL_RUN | CBDMA_CHANCTRL_CHANNEL_IN_USE) &
			~CBDMA_CHANCTRL_INT_REARM);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4000), DMA_TRANS_NOERROR);
}

/* One watchdog pass, run by the test (the device has no periodic one). */
static void cbdma_test_watchdog_pass(struct cbdma_test_dev *t)
{
	cbdma_watchdog_work(&t->cd->watchdog.work);
}

/* Signalled and not yet handled: the channel reads disarmed. */
static void cbdma_test_expect_disarmed(struct kunit *test, struct cbdma_chan *hw)
{
	KUNIT_ASSERT_EQ(test, readw(hw->regs + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_INT_REARM, 0);
}

/*
 * An interrupt still on its way when the watchdog looks is not lost, nor
 * is one on its way at each of two passes with the handler run in between
 * (a busy channel). One that is really lost is recovered at the second
 * pass that finds the channel disarmed. The model holds the interrupts in
 * transit; the watchdog passes are run by hand.
 */
static void cbdma_driver_irq_in_flight(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct cbdma_test_xfer x1, x2, x3;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	unsigned long irqs;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, 0);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 3 * 128, 0x5a, &src, &src_dma,
			&dst, &dst_dma);
	irqs = hw->stats.irqs;

	/* On its way at a pass: not lost, not reaped by the watchdog. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t.model, 0, true));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 128, &x1);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	cbdma_test_expect_disarmed(test, hw);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ(test, hw->stats.lost_irqs, 0);
	KUNIT_EXPECT_EQ(test, x1.calls, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t.model, 0, false));
	cbdma_test_wait(test, &x1);

	/* Another one on its way at the next pass: the handler ran between. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t.model, 0, true));
	cbdma_test_submit(test, chan, dst_dma + 128, src_dma + 128, 128, &x2);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	cbdma_test_expect_disarmed(test, hw);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ(test, hw->stats.lost_irqs, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t.model, 0, false));
	cbdma_test_wait(test, &x2);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ(test, hw->stats.lost_irqs, 0);
	KUNIT_EXPECT_EQ(test, hw->stats.irqs - irqs, 2);

	/* Lost: disarmed at two passes, nothing handled; the second recovers. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_DROP_IRQ, 0));
	cbdma_test_submit(test, chan, dst_dma + 256, src_dma + 256, 128, &x3);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	cbdma_test_expect_disarmed(test, hw);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ(test, hw->stats.lost_irqs, 0);
	KUNIT_EXPECT_EQ(test, x3.calls, 0);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ(test, hw->stats.lost_irqs, 1);
	cbdma_test_wait(test, &x3);
	KUNIT_EXPECT_EQ(test, readw(hw->regs + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_INT_REARM, CBDMA_CHANCTRL_INT_REARM);

	KUNIT_EXPECT_EQ(test, x1.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, x2.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, x3.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 3 * 128), 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4000), DMA_TRANS_NOERROR);
}

/* A channel failing its self-test is left out; the others serve. */
static void cbdma_driver_selftest_failure(struct kunit *test)
{
	const enum cbdma_model_fault *fault = test->param_value;
	const struct cbdma_model_config cfg = { };
	struct cbdma_model_counters c;
	struct dma_chan *chans[3];
	struct cbdma_test_dev t;
	unsigned int i;

	cbdma_test_probe(test, &t, &cfg, false, 1, *fault);
	KUNIT_EXPECT_EQ(test, t.cd->nr_chans, 3);
	KUNIT_EXPECT_FALSE(test, t.cd->chans[1].usable);
	KUNIT_EXPECT_PTR_EQ(test, t.cd->by_index[1], &t.cd->chans[2]);
	/* Its interrupt is not even requested. */
	KUNIT_EXPECT_EQ(test, t.cd->chans[1].irq, 0);
	c = cbdma_test_counters(test, &t, 1);
	switch (*fault) {
	case CBDMA_FAULT_SRC_READ:
	case CBDMA_FAULT_DST_WRITE:
	case CBDMA_FAULT_NEXT_ADDR:
		KUNIT_EXPECT_EQ(test, c.errors, 1);
		KUNIT_EXPECT_EQ(test, c.descs, 0);
		break;
	case CBDMA_FAULT_HANG:
		KUNIT_EXPECT_EQ(test, c.errors, 0);
		KUNIT_EXPECT_EQ(test, c.descs, 0);
		break;
	default:
		/*
		 * Copied, but the word it wrote names no descriptor of ours.
		 * The channel is IDLE then, so the reset after the self-test
		 * suspends it first, and SUSPEND writes the word once more.
		 */
		KUNIT_EXPECT_EQ(test, c.descs, 1);
		KUNIT_EXPECT_EQ(test, c.completion_writes, 2);
		break;
	}
	/* Reset before and after the self-test, whatever happened. */
	KUNIT_EXPECT_EQ(test, c.resets, 2);

	for (i = 0; i < 3; i++) {
		chans[i] = cbdma_test_get_chan(test, &t);
		KUNIT_ASSERT_NOT_NULL(test, chans[i]);
		KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chans[i], 777),
				DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_NULL(test, cbdma_test_get_chan(test, &t));
	/* The left-out channel never ran anything after the self-test. */
	c = cbdma_test_counters(test, &t, 1);
	KUNIT_EXPECT_EQ(test, c.doorbells, 1);
}

/* No channel passes: the probe fails and nothing is registered. */
static void cbdma_driver_selftest_no_channel(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct resource res[CBDMA_MODEL_MAX_RESOURCES];
	struct platform_device *pdev;
	struct cbdma_model *model;
	dma_cap_mask_t mask;
	int n;

	model = kunit_cbdma_model_create(test, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, model);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(model, 0, CBDMA_FAULT_DST_WRITE, 0));
	n = cbdma_model_resources(model, res, ARRAY_SIZE(res));
	pdev = kunit_platform_device_alloc(test, "cbdma", PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	KUNIT_ASSERT_EQ(test, 0, platform_device_add_resources(pdev, res, n));
	KUNIT_ASSERT_EQ(test, 0, kunit_platform_device_add(test, pdev));
	KUNIT_EXPECT_NULL(test, pdev->dev.driver);
	KUNIT_EXPECT_NULL(test, platform_get_drvdata(pdev));
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	KUNIT_EXPECT_NULL(test, dma_request_channel(mask, cbdma_test_filter,
						    &pdev->dev));
	/* Interrupts stay off after the failed probe. */
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(model, CBDMA_INTRCTRL, true), 1);
}

/*
 * The "dma-channels" property limits the channels used (here from a
 * software node, as the DT binding gives it); more than CHANCNT is refused.
 */
static void cbdma_driver_dma_channels_property(struct kunit *test)
{
	static const u32 values[] = { 2, 5 };
	const struct cbdma_model_config cfg = { };
	struct resource res[CBDMA_MODEL_MAX_RESOURCES];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		const struct property_entry props[] = {
			PROPERTY_ENTRY_U32("dma-channels", values[i]),
			{ }
		};
		struct cbdma_model_counters c;
		struct platform_device *pdev;
		struct cbdma_model *model;
		struct cbdma_dev *cd;
		int n;

		model = kunit_cbdma_model_create(test, &cfg);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, model);
		n = cbdma_model_resources(model, res, ARRAY_SIZE(res));
		pdev = kunit_platform_device_alloc(test, "cbdma", PLATFORM_DEVID_AUTO);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
		KUNIT_ASSERT_EQ(test, 0, platform_device_add_resources(pdev, res, n));
		n = device_create_managed_software_node(&pdev->dev, props, NULL);
		KUNIT_ASSERT_EQ(test, n, 0);
		KUNIT_ASSERT_EQ(test, 0, kunit_platform_device_add(test, pdev));
		cd = platform_get_drvdata(pdev);
		if (values[i] > 4) {
			KUNIT_EXPECT_NULL(test, cd);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL(test, cd);
		KUNIT_EXPECT_EQ(test, cd->hw_chancnt, values[i]);
		KUNIT_EXPECT_EQ(test, cd->nr_chans, values[i]);
		/* Two vectors for two channels: still one vector per channel. */
		KUNIT_EXPECT_TRUE(test, cd->per_chan_irq);
		/* Channel 3 is not used at all, not even self-tested. */
		KUNIT_EXPECT_EQ(test, 0, cbdma_model_counters(model, 3, &c));
		KUNIT_EXPECT_EQ(test, c.doorbells, 0);
	}
}

/* One interrupt for all channels: INTRCTRL and ATTNSTATUS say which. */
static void cbdma_driver_shared_irq(struct kunit *test)
{
	const enum cbdma_model_exec *mode = test->param_value;
	const struct cbdma_model_config cfg = { .channels = 2, .exec = *mode };
	struct cbdma_test_dev t;
	struct dma_chan *a, *b;

	cbdma_test_probe(test, &t, &cfg, true, -1, 0);
	KUNIT_EXPECT_FALSE(test, t.cd->per_chan_irq);
	a = cbdma_test_get_chan(test, &t);
	b = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, a, 12345), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, b, 54321), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, a, 1), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_GE(test, t.cd->shared_irqs, 3);
	KUNIT_EXPECT_EQ(test, t.cd->chans[0].stats.irqs, 2);
	KUNIT_EXPECT_EQ(test, t.cd->chans[1].stats.irqs, 1);
}

/* terminate_all aborts a stuck copy; the channel then works. */
static void cbdma_driver_terminate(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	cbdma_test_buf(test, &t, 4096, &src_dma);
	cbdma_test_buf(test, &t, 4096, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_HANG, 0));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 4096, &x);
	dma_async_issue_pending(chan);
	msleep(20);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, x.cookie, NULL, NULL),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->stats.aborts, 1);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
}

/* pause (SUSPEND) holds issued work back; resume runs it. */
static void cbdma_driver_pause_resume(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct cbdma_model_counters before, after;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 100), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 8192, 3, &src, &src_dma,
			&dst, &dst_dma);

	KUNIT_ASSERT_EQ(test, dmaengine_pause(chan), 0);
	before = cbdma_test_counters(test, &t, 0);
	cbdma_test_submit(test, chan, dst_dma, src_dma, 8192, &x);
	dma_async_issue_pending(chan);
	msleep(20);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.descs, before.descs);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, x.cookie, NULL), DMA_PAUSED);
	KUNIT_ASSERT_EQ(test, dmaengine_resume(chan), 0);
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 8192), 0);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->stats.suspends, 1);
}

/* System sleep with work queued: held back while down, done after wake. */
static void cbdma_driver_suspend_resume(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2,
						.exec = CBDMA_MODEL_EXEC_WORK };
	struct cbdma_model_counters before, after;
	struct cbdma_test_xfer *x;	/* 16: too big for the stack with KASAN */
	const unsigned int n = 16;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	const size_t len = 2048;
	u8 *src, *dst;
	unsigned int i;

	x = kunit_kcalloc(test, n, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	cbdma_test_bufs(test, &t, n * len, 9, &src, &src_dma,
			&dst, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_delay(t.model, 0, 100));

	/* Half issued before the power down: the shim lets them finish. */
	for (i = 0; i < 8; i++)
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_EQ(test, cbdma_pm_suspend(t.dev), 0);
	before = cbdma_test_counters(test, &t, 0);

	/* The other half queued while down: nothing reaches the device. */
	for (i = 8; i < 16; i++)
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	dma_async_issue_pending(chan);
	msleep(20);
	cbdma_model_flush(t.model);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.descs, before.descs);
	KUNIT_EXPECT_EQ(test, after.doorbells, before.doorbells);

	KUNIT_ASSERT_EQ(test, cbdma_pm_resume(t.dev), 0);
	for (i = 0; i < 16; i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, n * len), 0);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.descs - 1, 16);	/* less the self-test */
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 999), DMA_TRANS_NOERROR);
}

/* INTRDELAY merges the interrupts of copies issued within its window. */
static void cbdma_driver_coalescing(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct cbdma_model_counters before, after;
	struct cbdma_test_xfer x[8];
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	unsigned int i;
	u8 *src, *dst;

	cbdma_test_set_params(test, 16000, 0);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	KUNIT_EXPECT_EQ(test, readw(t.cd->regs + CBDMA_INTRDELAY) &
			CBDMA_INTRDELAY_MASK, 16000);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	cbdma_test_bufs(test, &t, 8 * 256, 1, &src, &src_dma,
			&dst, &dst_dma);

	before = cbdma_test_counters(test, &t, 0);
	for (i = 0; i < ARRAY_SIZE(x); i++) {
		cbdma_test_submit(test, chan, dst_dma + i * 256, src_dma + i * 256,
				  256, &x[i]);
		dma_async_issue_pending(chan);	/* one interrupt event each */
	}
	for (i = 0; i < ARRAY_SIZE(x); i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 8 * 256), 0);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.descs - before.descs, 8);
	/* Eight events; one window of 16 ms normally takes them all. */
	kunit_info(test, "8 interrupt events, %llu interrupts\n",
		   after.irqs - before.irqs);
	KUNIT_EXPECT_LE(test, after.irqs - before.irqs, 4);
	KUNIT_EXPECT_GE(test, after.irqs - before.irqs, 1);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->stats.irqs, after.irqs);
}

/*
 * The PCI error recovery sequence (error_detected, slot_reset, resume) on
 * the model: quiesce, the registers lost as after a link reset, reinit,
 * unquiesce; work queued during the outage completes afterwards.
 */
static void cbdma_driver_bus_reset_recovery(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2 };
	struct cbdma_model_counters before, after;
	struct cbdma_test_xfer x[4];
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	unsigned int i;
	u8 *src, *dst;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 1024), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 4 * 512, 0x5e, &src, &src_dma,
			&dst, &dst_dma);

	KUNIT_ASSERT_EQ(test, cbdma_quiesce(t.cd), 0);
	/* What a link reset leaves: channels reset, interrupts off. */
	for (i = 0; i < 2; i++)
		writeb(CBDMA_CHANCMD_RESET, t.cd->chans[i].regs + CBDMA_CHANCMD);
	writeb(0, t.cd->regs + CBDMA_INTRCTRL);
	before = cbdma_test_counters(test, &t, 0);
	for (i = 0; i < ARRAY_SIZE(x); i++)
		cbdma_test_submit(test, chan, dst_dma + i * 512, src_dma + i * 512,
				  512, &x[i]);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_EQ(test, cbdma_reinit(t.cd), 0);
	cbdma_unquiesce(t.cd);
	for (i = 0; i < ARRAY_SIZE(x); i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 4 * 512), 0);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.descs - before.descs, 4);
	/* One start of the held-back work, no append. */
	KUNIT_EXPECT_EQ(test, after.doorbells - before.doorbells, 1);
	KUNIT_EXPECT_EQ(test, readb(t.cd->regs + CBDMA_INTRCTRL) &
			(CBDMA_INTRCTRL_MASTER_INT_EN | CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL),
			CBDMA_INTRCTRL_MASTER_INT_EN | CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL);
}

/* Bytes the model copied on all channels of @t. */
static u64 cbdma_test_model_bytes(struct kunit *test, struct cbdma_test_dev *t)
{
	u64 bytes = 0;
	unsigned int i;

	for (i = 0; i < t->cd->hw_chancnt; i++)
		bytes += cbdma_test_counters(test, t, i).bytes;
	return bytes;
}

/*
 * The device leaves the bus (registers read all ones, nothing runs): the
 * watchdog's next pass finds it, and the provider stops without waiting
 * for the bus to remove the device. Copies in flight end ABORTED and read
 * DMA_ERROR, new preps fail, and the unbind afterwards is clean.
 */
static void cbdma_driver_device_gone(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2 };
	struct cbdma_test_xfer x[2];
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	unsigned int i;
	u8 *src, *dst;
	u64 bytes;

	cbdma_test_set_params(test, 0, 0);	/* passes run by hand */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 2 * 256, 0x3c, &src, &src_dma, &dst, &dst_dma);

	bytes = cbdma_test_model_bytes(test, &t);
	cbdma_model_set_gone(t.model, true);
	KUNIT_EXPECT_EQ(test, readb(t.cd->regs + CBDMA_CHANCNT), 0xff);
	for (i = 0; i < ARRAY_SIZE(x); i++)
		cbdma_test_submit(test, chan, dst_dma + i * 256, src_dma + i * 256,
				  256, &x[i]);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	KUNIT_EXPECT_EQ(test, x[0].calls + x[1].calls, 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(t.cd->gone));

	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(t.cd->gone));
	flush_work(&t.cd->gone_work);
	for (i = 0; i < ARRAY_SIZE(x); i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_ABORTED);
		KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, x[i].cookie,
							       NULL, NULL),
				DMA_ERROR);
	}
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma,
							  64, DMA_PREP_INTERRUPT));
	KUNIT_EXPECT_EQ(test, cbdma_test_model_bytes(test, &t), bytes);
	/* The unbind (the cleanup action) stops again, which does nothing. */
}

/*
 * Unbind while a client holds a channel with a copy stuck in the engine:
 * the copy ends ABORTED, later preps fail, and releasing the channel after
 * the device is gone is safe (KASAN watches).
 */
static void cbdma_driver_remove_with_client(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2 };
	struct dma_async_tx_descriptor *tx;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_set_params(test, 0, 0);	/* the stop, not the watchdog */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 300), DMA_TRANS_NOERROR);
	cbdma_test_buf(test, &t, 4096, &src_dma);
	cbdma_test_buf(test, &t, 4096, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_HANG, 0));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 4096, &x);
	dma_async_issue_pending(chan);

	device_release_driver(t.dev);
	t.cd = NULL;
	KUNIT_EXPECT_NULL(test, platform_get_drvdata(t.pdev));
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_ABORTED);
	tx = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64, DMA_PREP_INTERRUPT);
	KUNIT_EXPECT_NULL(test, tx);
	/* The shim reports the latest failed transaction as DMA_ERROR. */
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, x.cookie, NULL, NULL),
			DMA_ERROR);
	/* The channel is released by the cleanup action, after the unbind. */
}

struct cbdma_test_helper_shape {
	size_t len;
	unsigned int src_off;
	unsigned int dst_off;
	unsigned int flags;
};

static const struct cbdma_test_helper_shape cbdma_test_helper_shapes[] = {
	{ 1, 0, 0, 0 },
	{ 63, 1, 3, NETDMA_COPY_POLL },
	{ 4096, 0, 0, 0 },
	{ 4097, 5, 3, NETDMA_COPY_POLL },
	{ 65539, 7, 1, 0 },
	{ SZ_1M + 1, 3, 5, NETDMA_COPY_POLL },
};

static void cbdma_test_helper_desc(const struct cbdma_test_helper_shape *s,
				   char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu bytes src+%u dst+%u %s",
		 s->len, s->src_off, s->dst_off,
		 s->flags & NETDMA_COPY_POLL ? "polled" : "interrupt");
}

KUNIT_ARRAY_PARAM(cbdma_test_helper, cbdma_test_helper_shapes,
		  cbdma_test_helper_desc);

#define CBDMA_TEST_GUARD	16

/*
 * Check a copy of @len bytes at @dst + CBDMA_TEST_GUARD and that the guard
 * bytes around it are untouched (0xa5), then re-poison the destination.
 */
static void cbdma_test_check_dst(struct kunit *test, u8 *dst, const u8 *src,
				 size_t len, const char *what)
{
	size_t i;

	KUNIT_EXPECT_EQ_MSG(test, memcmp(dst + CBDMA_TEST_GUARD, src, len), 0,
			    "%s: data differs", what);
	for (i = 0; i < CBDMA_TEST_GUARD; i++) {
		KUNIT_EXPECT_EQ_MSG(test, dst[i], 0xa5, "%s: guard before", what);
		KUNIT_EXPECT_EQ_MSG(test, dst[CBDMA_TEST_GUARD + len + i], 0xa5,
				    "%s: guard after", what);
	}
	memset(dst, 0xa5, len + 2 * CBDMA_TEST_GUARD);
}

/*
 * The client copy helpers through cbdma on the model: buffer, scatterlist
 * and page copies, waited with an interrupt or polled, verified byte for
 * byte. Copies from the copy-break up go through the engine (the model
 * counts exactly their bytes); smaller ones are copied by the CPU.
 */
static void cbdma_driver_copy_helpers(struct kunit *test)
{
	const struct cbdma_test_helper_shape *s = test->param_value;
	const struct cbdma_model_config cfg = { };
	struct scatterlist ssg[3], dsg[2];
	size_t len = s->len, engine_bytes;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst, *sbase;
	struct page *spage, *dpage;
	u64 before;
	size_t plen;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	engine_bytes = len >= READ_ONCE(netdma_copybreak) ? len : 0;

	sbase = kunit_kmalloc(test, len + s->src_off, GFP_KERNEL);
	dst = kunit_kmalloc(test, len + 2 * CBDMA_TEST_GUARD, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sbase);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	src = sbase + s->src_off;
	cbdma_test_fill(src, len, 7);
	memset(dst, 0xa5, len + 2 * CBDMA_TEST_GUARD);

	before = cbdma_test_model_bytes(test, &t);
	KUNIT_ASSERT_EQ(test, netdma_copy_buf_wait(chan, dst + CBDMA_TEST_GUARD,
						   src, len, s->flags), 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_model_bytes(test, &t) - before,
			engine_bytes);
	cbdma_test_check_dst(test, dst, src, len, "buf");

	/* Three source pieces and two destination pieces of odd sizes. */
	if (len >= 3) {
		size_t a = len / 3, b = len / 3 + 1;

		sg_init_table(ssg, 3);
		sg_set_buf(&ssg[0], src, a);
		sg_set_buf(&ssg[1], src + a, b);
		sg_set_buf(&ssg[2], src + a + b, len - a - b);
		sg_init_table(dsg, 2);
		sg_set_buf(&dsg[0], dst + CBDMA_TEST_GUARD, len / 2);
		sg_set_buf(&dsg[1], dst + CBDMA_TEST_GUARD + len / 2,
			   len - len / 2);
		before = cbdma_test_model_bytes(test, &t);
		KUNIT_ASSERT_EQ(test, netdma_copy_sg_wait(chan, dsg, 2, ssg, 3, len,
							  s->flags), 0);
		KUNIT_EXPECT_EQ(test, cbdma_test_model_bytes(test, &t) - before,
				engine_bytes);
		cbdma_test_check_dst(test, dst, src, len, "sg");
	}

	/* Page to page, as much of the shape as fits in one page. */
	plen = min_t(size_t, len, PAGE_SIZE - max(s->src_off, s->dst_off));
	spage = alloc_page(GFP_KERNEL);
	dpage = alloc_page(GFP_KERNEL);
	if (spage && dpage) {
		cbdma_test_fill(page_address(spage) + s->src_off, plen, 3);
		memset(page_address(dpage), 0, PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, netdma_copy_page_wait(chan, dpage, s->dst_off,
							    spage, s->src_off,
							    plen, s->flags), 0);
		KUNIT_EXPECT_EQ(test, memcmp(page_address(dpage) + s->dst_off,
					     page_address(spage) + s->src_off,
					     plen), 0);
	}
	if (spage)
		__free_page(spage);
	if (dpage)
		__free_page(dpage);
	KUNIT_EXPECT_NOT_NULL(test, spage);
	KUNIT_EXPECT_NOT_NULL(test, dpage);
}

/*
 * A source read error on the engine reaches the helper's caller as -EIO,
 * with nothing left mapped (DMA-API debugging checks at unbind); the next
 * copy on the same channel is correct.
 */
static void cbdma_driver_copy_helper_error(struct kunit *test)
{
	const struct cbdma_model_config cfg = { };
	size_t len = 2 * READ_ONCE(netdma_copybreak) + 5;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	unsigned int i;
	u64 errors = 0;
	u8 *src, *dst;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	for (i = 0; i < t.cd->hw_chancnt; i++)
		KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, i,
							    CBDMA_FAULT_SRC_READ, 0));
	src = kunit_kmalloc(test, len, GFP_KERNEL);
	dst = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	cbdma_test_fill(src, len, 9);

	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(chan, dst, src, len, 0), -EIO);
	for (i = 0; i < t.cd->hw_chancnt; i++)
		errors += cbdma_test_counters(test, &t, i).errors;
	KUNIT_EXPECT_EQ(test, errors, 1);

	KUNIT_EXPECT_EQ(test, netdma_copy_buf_wait(chan, dst, src, len, 0), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, len), 0);
}

/*
 * terminate_all while an error halt is unhandled (its interrupt still in
 * transit): the channel must run the next batch, and the old halt's CDAR
 * must never be reported against it. The first of 200 copies fails and
 * the 200 are terminated; 100 new ones then wrap the ring, so the old
 * failing descriptor's slot lies inside the new window, where a stale
 * report would pass copies that never ran as done.
 */
#define CBDMA_TEST_OLD	200
#define CBDMA_TEST_NEW	100

static void cbdma_driver_terminate_unhandled_error(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	const unsigned int n = CBDMA_TEST_OLD + CBDMA_TEST_NEW;
	const size_t len = 64;
	struct cbdma_model_counters before, after;
	unsigned int i, never_ran = 0;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, 0);	/* passes run by hand */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	/* Before the channel: a late callback still finds it. */
	x = kunit_kcalloc(test, n, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, len), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, n * len, 0x6e, &src, &src_dma, &dst, &dst_dma);

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t.model, 0, true));
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_SRC_READ, 0));
	for (i = 0; i < CBDMA_TEST_OLD; i++)
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 0).errors, 1);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	for (i = 0; i < CBDMA_TEST_OLD; i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_ABORTED);
	}
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t.model, 0, false));

	before = cbdma_test_counters(test, &t, 0);
	for (i = CBDMA_TEST_OLD; i < n; i++)
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ_MSG(test, after.descs - before.descs, CBDMA_TEST_NEW,
			    "the channel ran nothing after the terminate");
	/* A pass finds whatever the terminate left of the old halt. */
	cbdma_test_watchdog_pass(&t);
	for (i = CBDMA_TEST_OLD; i < n; i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
		if (x[i].res.result == DMA_TRANS_NOERROR &&
		    memcmp(src + i * len, dst + i * len, len))
			never_ran++;
	}
	KUNIT_EXPECT_EQ_MSG(test, never_ran, 0,
			    "%u copies reported done were never run", never_ran);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->stats.errors, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4000), DMA_TRANS_NOERROR);
}

/*
 * The watchdog must not take a busy channel for a hung one: between two
 * passes exactly a ring's worth (NETDMA_RING_SIZE) of descriptors
 * complete, so CHANSTS names the same ring slot, ACTIVE with work pending,
 * at both. The engine is stalled at the two passes so that work is pending
 * there.
 */
static void cbdma_driver_watchdog_ring_wrap(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	const unsigned int n = NETDMA_RING_SIZE + 1;
	const size_t len = 64;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	unsigned int i;
	u64 sts;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, 0);	/* passes run by hand */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	x = kunit_kcalloc(test, n, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, len), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, n * len, 0x27, &src, &src_dma, &dst, &dst_dma);

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, true));
	cbdma_test_submit(test, chan, dst_dma, src_dma, len, &x[0]);
	dma_async_issue_pending(chan);
	sts = readq(hw->regs + CBDMA_CHANSTS);
	KUNIT_EXPECT_EQ(test, sts & CBDMA_CHANSTS_STATUS_MASK, NETDMA_STATUS_ACTIVE);
	cbdma_test_watchdog_pass(&t);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, false));
	cbdma_test_wait(test, &x[0]);

	/* n - 2 more in two batches (the ring keeps one slot free). */
	for (i = 1; i < n - 1; i++) {
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
		if (i == n / 2 || i == n - 2) {
			dma_async_issue_pending(chan);
			cbdma_test_wait(test, &x[i]);
		}
	}
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, true));
	cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len, len, &x[i]);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, readq(hw->regs + CBDMA_CHANSTS), sts);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ_MSG(test, hw->stats.hangs, 0,
			    "a channel that completed %u descriptors was taken for hung",
			    n - 1);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, false));
	cbdma_test_wait(test, &x[n - 1]);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, x[i].calls, 1);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, n * len), 0);
	/* A pass with no progress and no new work is a hang, as before. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, true));
	cbdma_test_submit(test, chan, dst_dma, src_dma, len, &x[0]);
	dma_async_issue_pending(chan);
	cbdma_test_watchdog_pass(&t);
	cbdma_test_watchdog_pass(&t);
	KUNIT_EXPECT_EQ(test, hw->stats.hangs, 1);
	cbdma_test_wait(test, &x[0]);
	KUNIT_EXPECT_EQ(test, x[0].res.result, DMA_TRANS_ABORTED);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, false));
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 100), DMA_TRANS_NOERROR);
}

/* Wait until the driver has tried to reset channel @hw past @resets. */
static void cbdma_test_wait_reset(struct kunit *test, struct cbdma_chan *hw,
				  unsigned long resets)
{
	unsigned int ms;

	for (ms = 0; ms < CBDMA_TEST_TIMEOUT_MS; ms++) {
		if (READ_ONCE(hw->stats.resets) > resets)
			return;
		usleep_range(1000, 2000);
	}
	KUNIT_FAIL(test, "no reset attempted");
}

/*
 * Error recovery whose RESET the device ignores, after @fault on the first
 * of @nr 256-byte copies: the engine may still run, so the channel is
 * dead. Nothing the engine held is reported done or failed (a client would
 * free buffers it may still write), prep fails and terminate says the
 * engine could not be stopped.
 */
static void cbdma_test_reset_ignored(struct kunit *test, enum cbdma_model_fault fault,
				     unsigned int nr, u8 seed)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct cbdma_test_xfer x[2];
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	unsigned long resets;
	unsigned int i;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, 0);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, nr * 256, seed, &src, &src_dma, &dst, &dst_dma);

	resets = READ_ONCE(hw->stats.resets);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_cmds(t.model, 0, true));
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, fault, 0));
	for (i = 0; i < nr; i++)
		cbdma_test_submit(test, chan, dst_dma + i * 256, src_dma + i * 256,
				  256, &x[i]);
	dma_async_issue_pending(chan);
	cbdma_test_wait_reset(test, hw, resets);
	dmaengine_synchronize(chan);
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_EQ_MSG(test, x[i].calls, 0,
				    "copy %u reported (result %d) after a failed reset",
				    i, x[i].res.result);
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64,
							  DMA_PREP_INTERRUPT));
	KUNIT_EXPECT_NE(test, dmaengine_terminate_sync(chan), 0);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_EQ(test, x[i].calls, 0);
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, x[i].cookie, NULL),
				DMA_IN_PROGRESS);
	}
}

/* A failed source read, a second copy behind it. */
static void cbdma_driver_reset_ignored(struct kunit *test)
{
	cbdma_test_reset_ignored(test, CBDMA_FAULT_SRC_READ, 2, 0x19);
}

/*
 * A completion word outside the ring: the shim resets the channel rather
 * than trust the word. The copy did run, but nothing the engine may still
 * hold is reported.
 */
static void cbdma_driver_reset_ignored_bad_word(struct kunit *test)
{
	cbdma_test_reset_ignored(test, CBDMA_FAULT_BAD_COMPLETION, 1, 0x3a);
}

/* Reads of channel 0's status and command registers so far. */
static u64 cbdma_test_cmd_polls(struct cbdma_test_dev *t)
{
	return cbdma_model_mmio_count(t->model, CBDMA_CHAN_BASE(0) + CBDMA_CHANSTS,
				      false) +
	       cbdma_model_mmio_count(t->model, CBDMA_CHAN_BASE(0) + CBDMA_CHANCMD,
				      false);
}

/*
 * A stalled engine that ignores ABORT and RESET: terminate fails, and the
 * release of the channel must not complete the copy the engine still holds
 * (nor give its ring back: the device unbinds with the engine stalled).
 * A command that cannot complete costs no long busy-wait: counted in
 * status and command reads, not in wall time, which a loaded host
 * stretches. The atomic budget (CBDMA_CMD_ATOMIC_US, a read per
 * microsecond) is about a hundred reads a command; 20 ms would be 20,000.
 */
static void cbdma_driver_abort_ignored(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;
	ktime_t start;
	u64 polls;
	s64 us;
	int ret;

	cbdma_test_set_params(test, 0, 0);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 512, 0x44, &src, &src_dma, &dst, &dst_dma);

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t.model, 0, true));
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_cmds(t.model, 0, true));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 512, &x);
	dma_async_issue_pending(chan);
	polls = cbdma_test_cmd_polls(&t);
	start = ktime_get();
	ret = dmaengine_terminate_all(chan);
	us = ktime_us_delta(ktime_get(), start);
	polls = cbdma_test_cmd_polls(&t) - polls;
	KUNIT_EXPECT_NE(test, ret, 0);
	KUNIT_EXPECT_LT_MSG(test, polls, 1000,
			    "terminate polled the device %llu times", polls);
	kunit_info(test, "terminate: %llu status/command reads, %lld us\n",
		   polls, us);
	kunit_release_action(test, cbdma_test_release_chan, chan);
	KUNIT_EXPECT_EQ_MSG(test, x.calls, 0,
			    "copy reported (result %d) while the engine still holds it",
			    x.res.result);
}

/*
 * A SUSPEND the device carries out only after the driver stopped waiting:
 * pause must not leave the shim believing the channel runs, or work issued
 * meanwhile would sit in a suspended channel that nothing resumes.
 */
static void cbdma_driver_pause_late_suspend(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	u8 *src, *dst;
	u64 polls;

	cbdma_test_set_params(test, 0, 0);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 1024, 0x52, &src, &src_dma, &dst, &dst_dma);

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_cmds(t.model, 0, true));
	polls = cbdma_test_cmd_polls(&t);
	KUNIT_EXPECT_EQ(test, dmaengine_pause(chan), 0);
	polls = cbdma_test_cmd_polls(&t) - polls;
	KUNIT_EXPECT_LT_MSG(test, polls, 1000, "pause polled the device %llu times",
			    polls);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_cmds(t.model, 0, false));
	KUNIT_EXPECT_EQ(test, readq(hw->regs + CBDMA_CHANSTS) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_SUSPENDED);
	cbdma_test_submit(test, chan, dst_dma, src_dma, 1024, x);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, x->cookie, NULL), DMA_PAUSED);
	KUNIT_EXPECT_EQ(test, dmaengine_resume(chan), 0);
	cbdma_test_wait(test, x);
	KUNIT_EXPECT_EQ(test, x->res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 1024), 0);
}

/*
 * A SUSPEND that takes effect after the shim resumed the channel (RESUME
 * does nothing while the channel still runs its descriptor): the channel
 * sits SUSPENDED with work appended, and nobody paused it. Here the
 * SUSPEND is written behind the driver's back; a watchdog pass resumes.
 */
static void cbdma_driver_late_suspend_resumed(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, 0);	/* passes run by hand */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 2048, 0x61, &src, &src_dma, &dst, &dst_dma);

	writeb(CBDMA_CHANCMD_SUSPEND, hw->regs + CBDMA_CHANCMD);
	cbdma_test_submit(test, chan, dst_dma, src_dma, 2048, x);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, readq(hw->regs + CBDMA_CHANSTS) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_SUSPENDED);
	cbdma_test_watchdog_pass(&t);
	cbdma_test_wait(test, x);
	KUNIT_EXPECT_EQ(test, x->res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 2048), 0);
}

/*
 * BAR 0 shorter than CHANCNT's channel blocks: only the channels whose
 * block lies inside it are used; one without even channel 0 is refused.
 */
static void cbdma_driver_short_bar(struct kunit *test)
{
	static const unsigned int lens[] = { CBDMA_CHAN_BASE(1), CBDMA_CHAN_BASE(1) - 4 };
	const struct cbdma_model_config cfg = { };
	struct resource res[CBDMA_MODEL_MAX_RESOURCES];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		struct cbdma_model_counters c;
		struct platform_device *pdev;
		struct cbdma_model *model;
		struct cbdma_dev *cd;
		int n;

		model = kunit_cbdma_model_create(test, &cfg);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, model);
		n = cbdma_model_resources(model, res, ARRAY_SIZE(res));
		res[0].end = res[0].start + lens[i] - 1;
		pdev = kunit_platform_device_alloc(test, "cbdma", PLATFORM_DEVID_AUTO);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
		KUNIT_ASSERT_EQ(test, 0, platform_device_add_resources(pdev, res, n));
		KUNIT_ASSERT_EQ(test, 0, kunit_platform_device_add(test, pdev));
		cd = platform_get_drvdata(pdev);
		if (i) {
			KUNIT_EXPECT_NULL(test, cd);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL(test, cd);
		KUNIT_EXPECT_EQ_MSG(test, cd->hw_chancnt, 1,
				    "%u channels used in a BAR of %u bytes",
				    cd->hw_chancnt, lens[i]);
		KUNIT_EXPECT_EQ(test, 0, cbdma_model_counters(model, 1, &c));
		KUNIT_EXPECT_EQ(test, c.doorbells, 0);
	}
}

/*
 * Strict model (pessimistic silicon): a DMA_INTERRUPT descriptor, which the
 * shim builds as a NULL descriptor, completes without error. With a
 * size-0 NULL descriptor 3.0 silicon (and the strict model) halts with
 * LENGTH; the shim gives it size 1, as ioatdma does.
 */
static void cbdma_driver_strict_null(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .strict = true };
	struct dma_async_tx_descriptor *tx;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	init_completion(&x.done);
	x.calls = 0;
	tx = chan->device->device_prep_dma_interrupt(chan, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback_result = cbdma_test_done;
	tx->callback_param = &x;
	x.cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GT(test, x.cookie, 0);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 0).errors, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
}

/*
 * Strict model: RESET keeps CHANERR, and a channel with CHANERR set takes
 * no chain. After an error halt the channel works again only if the reset
 * routine clears CHANERR before RESET, as the references do.
 */
static void cbdma_driver_strict_error_recovery(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .strict = true };
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0,
						    CBDMA_FAULT_SRC_READ, 0));
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096),
			DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 65536), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, readl(t.cd->chans[0].regs + CBDMA_CHANERR), 0);
}

/*
 * Strict model: no RESET finds a channel ACTIVE or IDLE. A channel that
 * ran copies is IDLE; freeing it resets it, and the reset routine
 * suspends it first.
 */
static void cbdma_driver_strict_reset_suspends(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .strict = true };
	struct cbdma_model_counters c;
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, readq(t.cd->chans[0].regs + CBDMA_CHANSTS) &
			CBDMA_CHANSTS_STATUS_MASK, NETDMA_STATUS_IDLE);
	kunit_release_action(test, cbdma_test_release_chan, chan);
	c = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_GE(test, c.resets, 3);	/* self-test, alloc, free */
	KUNIT_EXPECT_EQ(test, c.resets_running, 0);
}

/*
 * No COALESCE_SUPPORT in INTRDELAY: the driver never writes INTRDELAY
 * (ioatdma checks the bit too), says that intr_delay_us is ignored, and
 * interrupts come one per event.
 */
static void cbdma_driver_no_coalesce(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .no_coalesce = true };
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_set_params(test, 500, 0);
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	KUNIT_EXPECT_FALSE(test, t.cd->coalesce);
	KUNIT_EXPECT_EQ(test, t.cd->intr_delay_us, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t.model, CBDMA_INTRDELAY, true), 0);
}

/*
 * Shared interrupt: the handler writes INTRCTRL back before it returns,
 * as ioatdma does; on silicon that write re-enables the interrupt.
 */
static void cbdma_driver_shared_irq_writeback(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2 };
	unsigned long irqs_before;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u64 before, after;

	cbdma_test_probe(test, &t, &cfg, true, -1, 0);
	KUNIT_ASSERT_FALSE(test, t.cd->per_chan_irq);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	before = cbdma_model_mmio_count(t.model, CBDMA_INTRCTRL, true);
	irqs_before = t.cd->shared_irqs;
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 512), DMA_TRANS_NOERROR);
	after = cbdma_model_mmio_count(t.model, CBDMA_INTRCTRL, true);
	KUNIT_EXPECT_GE(test, t.cd->shared_irqs - irqs_before, 2);
	KUNIT_EXPECT_GE(test, after - before, t.cd->shared_irqs - irqs_before);
}

/*
 * Strict model: a read of CHANCTRL sets IN_USE, the silicon's ownership
 * semaphore. A channel another agent claimed first is left out at probe
 * and never driven (no doorbell); the driver's own claim is released at
 * unbind, so that the device binds again with its channel.
 */
static void cbdma_driver_strict_in_use(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2, .strict = true };
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	void __iomem *regs;
	u16 other;

	t.model = kunit_cbdma_model_create(test, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t.model);
	regs = ioremap(cbdma_model_resource(t.model)->start, CBDMA_MMIO_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	/* Another agent claims channel 1: the read is the claim. */
	other = readw(regs + CBDMA_CHAN_BASE(1) + CBDMA_CHANCTRL);
	KUNIT_EXPECT_EQ(test, other & CBDMA_CHANCTRL_CHANNEL_IN_USE, 0);

	cbdma_test_add_pdev(test, &t, false);
	KUNIT_EXPECT_EQ_MSG(test, t.cd->nr_chans, 1,
			    "channel 1 is another agent's, yet offered");
	KUNIT_EXPECT_TRUE(test, t.cd->chans[0].usable);
	KUNIT_EXPECT_FALSE(test, t.cd->chans[1].usable);
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 1).doorbells, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 1).resets, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	kunit_release_action(test, cbdma_test_release_chan, chan);

	/* Released at unbind: a new bind claims channel 0 again. */
	device_release_driver(t.dev);
	KUNIT_EXPECT_EQ(test, device_attach(t.dev), 1);
	t.cd = platform_get_drvdata(t.pdev);
	KUNIT_ASSERT_NOT_NULL(test, t.cd);
	KUNIT_EXPECT_EQ(test, t.cd->nr_chans, 1);
	KUNIT_EXPECT_TRUE(test, t.cd->chans[0].usable);
	device_release_driver(t.dev);
	/* The other agent's channel was never reset, its claim untouched. */
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 1).resets, 0);
	KUNIT_EXPECT_EQ(test, readw(regs + CBDMA_CHAN_BASE(0) + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_CHANNEL_IN_USE, 0);
	KUNIT_EXPECT_EQ(test, readw(regs + CBDMA_CHAN_BASE(1) + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_CHANNEL_IN_USE, CBDMA_CHANCTRL_CHANNEL_IN_USE);
	iounmap(regs);
}

/*
 * After the claim at probe, nothing reads CHANCTRL (on silicon the read
 * sets IN_USE): not the copies, not the interrupt handler, not the
 * watchdog finding a lost interrupt, not debugfs, not the free.
 */
static void cbdma_driver_strict_no_chanctrl_read(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .strict = true };
	const unsigned int reg = CBDMA_CHAN_BASE(0) + CBDMA_CHANCTRL;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer x;
	struct cbdma_test_dev t;
	struct cbdma_chan *hw;
	struct dma_chan *chan;
	u64 reads;
	u8 *src, *dst;

	cbdma_test_set_params(test, 0, 0);	/* watchdog passes by hand */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	reads = cbdma_model_mmio_count(t.model, reg, false);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	cbdma_test_watchdog_pass(&t);

	/* A lost interrupt, found and recovered by the watchdog. */
	cbdma_test_bufs(test, &t, 128, 0x3c, &src, &src_dma, &dst, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_DROP_IRQ, 0));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 128, &x);
	dma_async_issue_pending(chan);
	cbdma_model_flush(t.model);
	cbdma_test_watchdog_pass(&t);
	cbdma_test_watchdog_pass(&t);
	cbdma_test_wait(test, &x);
	KUNIT_EXPECT_EQ(test, x.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, hw->stats.lost_irqs, 1);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 512), DMA_TRANS_NOERROR);
	cbdma_test_dump(test, &t);
	kunit_release_action(test, cbdma_test_release_chan, chan);
	KUNIT_EXPECT_EQ_MSG(test, cbdma_model_mmio_count(t.model, reg, false), reads,
			    "CHANCTRL read after probe");
}

/*
 * Intel personalities of the model. The in-kernel model is no PCI
 * function: the test presents it as one to the platform glue (struct
 * cbdma_platform_data: its ID, its config space, its MSI-X placement),
 * and the driver admits and quirks it as the PCI glue would, with
 * intel_silicon=1.
 */
static void cbdma_test_restore_intel(void *data)
{
	cbdma_intel_silicon = *(bool *)data;
}

static void cbdma_test_set_intel(struct kunit *test, bool on)
{
	bool *saved = kunit_kzalloc(test, sizeof(*saved), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, saved);
	*saved = cbdma_intel_silicon;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   cbdma_test_restore_intel,
							   saved));
	cbdma_intel_silicon = on;
}

static u32 cbdma_test_cfg_read(void *ctx, unsigned int where)
{
	return cbdma_model_config_read(ctx, where);
}

static void cbdma_test_cfg_write(void *ctx, unsigned int where, u32 val)
{
	cbdma_model_config_write(ctx, where, val);
}

/* The model as the PCI function of its personality; @t->cd NULL if refused. */
static void cbdma_test_probe_pers(struct kunit *test, struct cbdma_test_dev *t,
				  const struct cbdma_model_config *cfg)
{
	struct cbdma_platform_data pd = {
		.cfg_read = cbdma_test_cfg_read,
		.cfg_write = cbdma_test_cfg_write,
	};

	t->model = kunit_cbdma_model_create(test, cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->model);
	cbdma_model_pci_id(t->model, &pd.vendor, &pd.device);
	cbdma_model_msix_layout(t->model, &pd.msix_table, &pd.msix_pba);
	pd.ctx = t->model;
	cbdma_test_add_pdev_data(test, t, false, &pd);
}

/*
 * cbdma_test_probe_opted_in() - probe a personality with
 * cbdma.intel_silicon set, and stop the case unless the driver took it.
 */
static void cbdma_test_probe_opted_in(struct kunit *test, struct cbdma_test_dev *t,
				      const struct cbdma_model_config *cfg)
{
	cbdma_test_set_intel(test, true);
	cbdma_test_probe_pers(test, t, cfg);
	KUNIT_ASSERT_NOT_NULL(test, t->cd);
}

/**
 * struct cbdma_test_pers - a personality and what the driver makes of it
 * @pers: the model's personality.
 * @name: for the case's name.
 * @ver_read: what VER reads.
 * @ver_run: the version the driver runs it as (SKX: 3.2).
 * @addr_bits: the DMA mask's width.
 */
struct cbdma_test_pers {
	enum cbdma_model_personality pers;
	const char *name;
	u8 ver_read;
	u8 ver_run;
	u8 addr_bits;
};

static const struct cbdma_test_pers cbdma_test_personalities[] = {
	{ CBDMA_MODEL_BDX, "bdx", 0x32, 0x32, 64 },
	{ CBDMA_MODEL_SKX, "skx", 0x33, 0x32, 64 },
	{ CBDMA_MODEL_BWD, "bwd", 0x33, 0x33, 64 },
	{ CBDMA_MODEL_BDXDE, "bdxde", 0x33, 0x33, 64 },
	{ CBDMA_MODEL_ICX, "icx", 0x34, 0x34, 64 },
	{ CBDMA_MODEL_JSF, "jsf", 0x32, 0x32, 40 },
};

/* Those whose errors latch CHANERR_INT (version run below 3.3) */
static const struct cbdma_test_pers cbdma_test_chanerr_int_pers[] = {
	{ CBDMA_MODEL_BDX, "bdx", 0x32, 0x32, 64 },
	{ CBDMA_MODEL_SKX, "skx", 0x33, 0x32, 64 },
	{ CBDMA_MODEL_JSF, "jsf", 0x32, 0x32, 40 },
};

/* Those whose RESET clobbers MSI-X entry 0 */
static const struct cbdma_test_pers cbdma_test_msix_pers[] = {
	{ CBDMA_MODEL_BWD, "bwd", 0x33, 0x33, 64 },
	{ CBDMA_MODEL_BDXDE, "bdxde", 0x33, 0x33, 64 },
};

static void cbdma_test_pers_desc(const struct cbdma_test_pers *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", p->name);
}

KUNIT_ARRAY_PARAM(cbdma_test_pers, cbdma_test_personalities,
		  cbdma_test_pers_desc);
KUNIT_ARRAY_PARAM(cbdma_test_chanerr_int_pers, cbdma_test_chanerr_int_pers,
		  cbdma_test_pers_desc);
KUNIT_ARRAY_PARAM(cbdma_test_msix_pers, cbdma_test_msix_pers,
		  cbdma_test_pers_desc);

/* Where the kernel log is now, for cbdma_test_logged(). */
static u64 cbdma_test_log_mark(void)
{
	struct kmsg_dump_iter iter;

	kmsg_dump_rewind(&iter);
	return iter.next_seq;
}

/* Was a line containing @what logged since @mark? */
static bool cbdma_test_logged(struct kunit *test, u64 mark, const char *what)
{
	struct kmsg_dump_iter iter = { .cur_seq = mark };
	const size_t size = 1024;
	bool found = false;
	size_t len;
	char *line;

	line = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, line);
	while (!found && kmsg_dump_get_line(&iter, false, line, size - 1, &len)) {
		line[len] = '\0';
		found = strstr(line, what);
	}
	return found;
}

/*
 * Intel silicon (CBDMA_INTEL_NO_ABORT_RESUME: the strict BDX personality,
 * which ignores ABORT and RESUME): terminate_all on a hung copy stops the
 * channel by suspend and reset, and the channel works after it.
 */
static void cbdma_driver_intel_terminate(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .personality = CBDMA_MODEL_BDX,
						.strict = true };
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	/* Freed after the channel: its abort may still call back. */
	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe_opted_in(test, &t, &cfg);
	KUNIT_EXPECT_TRUE(test, t.cd->quirks & CBDMA_INTEL_NO_ABORT_RESUME);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_buf(test, &t, 4096, &src_dma);
	cbdma_test_buf(test, &t, 4096, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_HANG, 0));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 4096, x);
	dma_async_issue_pending(chan);
	msleep(20);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, x->cookie, NULL, NULL),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	cbdma_test_wait(test, x);
	KUNIT_EXPECT_EQ(test, x->res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 0).cmds_ignored, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_counters(test, &t, 0).resets_running, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 100000), DMA_TRANS_NOERROR);
}

/*
 * Intel silicon (strict BDX): pause in the middle of a chain, more
 * work queued while paused, resume. Without RESUME the channel is reset
 * and the shim starts it again at the first unfinished descriptor: every
 * copy completes once (the model counts each descriptor it runs) with the
 * right data.
 */
static void cbdma_driver_intel_pause_resume(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .personality = CBDMA_MODEL_BDX,
						.strict = true,
						.exec = CBDMA_MODEL_EXEC_WORK };
	struct cbdma_model_counters before, after;
	const unsigned int n = 12, len = 1024;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;
	unsigned int i;

	x = kunit_kcalloc(test, n, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe_opted_in(test, &t, &cfg);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, n * len, 0x4d, &src, &src_dma, &dst, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_delay(t.model, 0, 500));
	before = cbdma_test_counters(test, &t, 0);

	for (i = 0; i < 8; i++)
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	dma_async_issue_pending(chan);
	usleep_range(1500, 2000);
	KUNIT_ASSERT_EQ(test, dmaengine_pause(chan), 0);
	for (i = 8; i < n; i++)
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	dma_async_issue_pending(chan);
	msleep(20);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, x[n - 1].cookie, NULL),
			DMA_PAUSED);
	KUNIT_ASSERT_EQ(test, dmaengine_resume(chan), 0);
	for (i = 0; i < n; i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, n * len), 0);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ_MSG(test, after.descs - before.descs, n,
			    "descriptors run: a restart ran some twice or skipped some");
	KUNIT_EXPECT_EQ(test, after.cmds_ignored, 0);
	KUNIT_EXPECT_EQ(test, after.resets_running, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
}

/*
 * Strict model: an error halt writes no completion word (silicon does not
 * reliably push it, as FreeBSD found). With no watchdog, the interrupt
 * alone must report the error: the handler reads CHANSTS when the word
 * shows nothing new.
 */
static void cbdma_driver_strict_halt_no_word(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .strict = true };
	struct cbdma_model_counters before, after;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	/* Freed after the channel: its abort may still call back. */
	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	cbdma_test_buf(test, &t, 4096, &src_dma);
	cbdma_test_buf(test, &t, 4096, &dst_dma);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0,
						    CBDMA_FAULT_DST_WRITE, 0));
	before = cbdma_test_counters(test, &t, 0);
	cbdma_test_submit(test, chan, dst_dma, src_dma, 4096, x);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, x);
	KUNIT_EXPECT_EQ(test, x->res.result, DMA_TRANS_WRITE_FAILED);
	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, after.errors - before.errors, 1);
	/* The halt wrote no word: the report came from CHANSTS. */
	KUNIT_EXPECT_EQ(test, after.completion_writes, before.completion_writes);
	KUNIT_EXPECT_EQ(test, t.cd->by_index[0]->stats.errors, 1);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
}

/*
 * Strict model: an interrupt event while the channel is disarmed is
 * dropped, not latched. Copy B completes after the handler of copy A read
 * the completion word and before its re-arm reached the device (the
 * model's late completion: the re-arm write stays posted until a read of
 * the device, or 5 ms), so B signals nothing, and the shim's completion
 * work has reaped A's word by then. With no watchdog, the handler must
 * find B itself: flush its re-arm with a read, then look at the word again.
 */
static void cbdma_driver_strict_disarmed_event(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1, .strict = true };
	struct cbdma_model_counters before, after;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;

	/* Freed after the channel: its abort may still call back. */
	x = kunit_kcalloc(test, 2, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 64), DMA_TRANS_NOERROR);
	cbdma_test_bufs(test, &t, 512, 0x77, &src, &src_dma, &dst, &dst_dma);
	before = cbdma_test_counters(test, &t, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0,
						    CBDMA_FAULT_LATE_COMPLETION, 1));
	cbdma_test_submit(test, chan, dst_dma, src_dma, 256, &x[0]);
	cbdma_test_submit(test, chan, dst_dma + 256, src_dma + 256, 256, &x[1]);
	dma_async_issue_pending(chan);
	cbdma_test_wait(test, &x[0]);
	cbdma_test_wait(test, &x[1]);
	KUNIT_EXPECT_EQ(test, x[0].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, x[1].res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, 512), 0);
	after = cbdma_test_counters(test, &t, 0);
	/* B's event was dropped: the case tested what it says. */
	KUNIT_EXPECT_GE(test, after.events_dropped - before.events_dropped, 1);
	KUNIT_EXPECT_EQ(test, after.descs - before.descs, 2);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
}

/*
 * Each personality probed as the PCI function it is (intel_silicon=1):
 * admitted with its quirk table entry, run as its version (SKX reads 3.3
 * and runs as 3.2), one channel, the DMA mask of its address width (JSF:
 * 40 bits), and copies on the strict model without an address fault.
 */
static void cbdma_driver_intel_personality(struct kunit *test)
{
	const struct cbdma_test_pers *p = test->param_value;
	const struct cbdma_model_config cfg = { .personality = p->pers,
						.strict = true };
	const struct cbdma_intel_id *id;
	struct cbdma_model_counters c;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u16 vendor, device;

	cbdma_test_set_intel(test, true);
	cbdma_test_probe_pers(test, &t, &cfg);
	KUNIT_ASSERT_NOT_NULL_MSG(test, t.cd, "%s refused", p->name);
	cbdma_model_pci_id(t.model, &vendor, &device);
	KUNIT_EXPECT_EQ(test, vendor, CBDMA_PCI_INTEL_VENDOR_ID);
	id = cbdma_intel_lookup(device);
	KUNIT_ASSERT_NOT_NULL(test, id);
	KUNIT_EXPECT_PTR_EQ(test, t.cd->intel, id);
	KUNIT_EXPECT_EQ(test, t.cd->quirks, id->flags);
	KUNIT_EXPECT_EQ(test, t.cd->vendor_id, CBDMA_PCI_INTEL_VENDOR_ID);
	KUNIT_EXPECT_EQ(test, readb(t.cd->regs + CBDMA_VER), p->ver_read);
	KUNIT_EXPECT_EQ_MSG(test, t.cd->ver, p->ver_run,
			    "%s runs as version %#x", p->name, t.cd->ver);
	KUNIT_EXPECT_EQ(test, t.cd->nr_chans, 1);
	KUNIT_EXPECT_EQ(test, cbdma_model_addr_bits(t.model), p->addr_bits);
	KUNIT_EXPECT_EQ_MSG(test, dma_get_mask(t.dev), DMA_BIT_MASK(p->addr_bits),
			    "DMA mask %#llx for %u address bits",
			    dma_get_mask(t.dev), p->addr_bits);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 100000), DMA_TRANS_NOERROR);
	c = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_EQ(test, c.addr_faults, 0);
	KUNIT_EXPECT_EQ(test, c.resets_running, 0);
	KUNIT_EXPECT_EQ(test, c.cmds_ignored, 0);
}

/*
 * Without intel_silicon=1 every personality is refused before a register
 * is read.
 */
static void cbdma_driver_intel_refused(struct kunit *test)
{
	const struct cbdma_test_pers *p = test->param_value;
	const struct cbdma_model_config cfg = { .personality = p->pers };
	struct cbdma_test_dev t;
	u64 mark = cbdma_test_log_mark();

	cbdma_test_set_intel(test, false);
	cbdma_test_probe_pers(test, &t, &cfg);
	KUNIT_EXPECT_NULL(test, t.cd);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t.model, CBDMA_VER, false), 0);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t.model, CBDMA_CHANCNT, false), 0);
	KUNIT_EXPECT_TRUE(test, cbdma_test_logged(test, mark,
						  "support is experimental and off; refusing it"));
}

/*
 * Strict personalities below 3.3 (and SKX): an error halt also latches
 * CHANERR_INT in config space, and no chain loads while it is set. The
 * reset after the error clears it (CBDMA_INTEL_CHANERR_INT), so the next
 * copy runs.
 */
static void cbdma_driver_intel_chanerr_int(struct kunit *test)
{
	const struct cbdma_test_pers *p = test->param_value;
	const struct cbdma_model_config cfg = { .personality = p->pers,
						.strict = true };
	struct cbdma_test_dev t;
	struct dma_chan *chan;

	cbdma_test_probe_opted_in(test, &t, &cfg);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0,
						    CBDMA_FAULT_SRC_READ, 0));
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096),
			DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 65536), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ_MSG(test, cbdma_test_counters(test, &t, 0).loads_refused, 0,
			    "chains refused while CHANERR_INT was latched");
	KUNIT_EXPECT_EQ(test, cbdma_model_config_read(t.model,
						      CBDMA_MODEL_CFG_CHANERR_INT), 0);
}

/*
 * BWD and BDX-DE: RESET zeroes and masks MSI-X entry 0, and a masked
 * vector's interrupts stay pending. The driver saves the entry before each
 * RESET and restores it after (CBDMA_INTEL_MSIX_RESTORE): after the probe's
 * resets, after an error's recovery and after the free, the entry is
 * unmasked, and with no watchdog the copies complete by interrupt alone.
 */
static void cbdma_driver_intel_msix_restore(struct kunit *test)
{
	const struct cbdma_test_pers *p = test->param_value;
	const struct cbdma_model_config cfg = { .personality = p->pers,
						.strict = true };
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	unsigned long irqs;

	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe_opted_in(test, &t, &cfg);
	KUNIT_EXPECT_GE(test, cbdma_test_counters(test, &t, 0).resets, 1);
	KUNIT_EXPECT_FALSE_MSG(test, cbdma_model_msix_masked(t.model, 0),
			       "MSI-X entry 0 masked after the probe's resets");
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0,
						    CBDMA_FAULT_DST_WRITE, 0));
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096),
			DMA_TRANS_WRITE_FAILED);
	irqs = t.cd->by_index[0]->stats.irqs;
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_GT(test, t.cd->by_index[0]->stats.irqs, irqs);
	KUNIT_EXPECT_FALSE(test, cbdma_model_msix_masked(t.model, 0));
	kunit_release_action(test, cbdma_test_release_chan, chan);
	KUNIT_EXPECT_FALSE_MSG(test, cbdma_model_msix_masked(t.model, 0),
			       "MSI-X entry 0 masked after the free's reset");
}

/*
 * ICX (3.4): one channel; the LTR registers as ioatdma programs them
 * while the channel is allocated (active 0 us, idle 600 us) and switched
 * to idle at the free; DMACAP without DPS, so DRSCTL and the prefetch
 * limit are never written (ioatdma writes them only with DPS).
 */
static void cbdma_driver_intel_icx(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .personality = CBDMA_MODEL_ICX,
						.strict = true };
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	void __iomem *regs;

	cbdma_test_probe_opted_in(test, &t, &cfg);
	KUNIT_EXPECT_EQ(test, t.cd->hw_chancnt, 1);
	KUNIT_EXPECT_EQ(test, t.cd->nr_chans, 1);
	regs = t.cd->chans[0].regs;
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, readl(regs + CBDMA_CHAN_LTR_ACTIVE),
			CBDMA_CHAN_LTR_ACTIVE_VAL);
	KUNIT_EXPECT_EQ(test, readl(regs + CBDMA_CHAN_LTR_IDLE),
			CBDMA_CHAN_LTR_IDLE_VAL);
	KUNIT_EXPECT_EQ(test, readb(regs + CBDMA_CHAN_LTR_SWSEL),
			CBDMA_CHAN_LTR_SWSEL_ACTIVE);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	kunit_release_action(test, cbdma_test_release_chan, chan);
	KUNIT_EXPECT_EQ(test, readb(regs + CBDMA_CHAN_LTR_SWSEL),
			CBDMA_CHAN_LTR_SWSEL_IDLE);
	KUNIT_EXPECT_EQ(test, readl(t.cd->regs + CBDMA_DMACAP) & CBDMA_CAP_DPS, 0);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t.model, CBDMA_CHAN_BASE(0) +
						     CBDMA_CHAN_DRSCTL, true), 0);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t.model, CBDMA_PREFETCH_LIMIT,
						     true), 0);
}

/**
 * struct cbdma_test_cmd_time - commands that take time on a personality
 * @name: for the case's name.
 * @pers: the model's personality.
 * @strict: strict mode (ABORT and RESUME ignored: the driver resets).
 * @cmd_us: how long each SUSPEND, RESUME, ABORT and RESET takes.
 * @budget_us: cbdma.cmd_atomic_us for the probe.
 */
struct cbdma_test_cmd_time {
	const char *name;
	enum cbdma_model_personality pers;
	bool strict;
	unsigned int cmd_us;
	unsigned int budget_us;
};

static const struct cbdma_test_cmd_time cbdma_test_cmd_times[] = {
	{ "test-50us", CBDMA_MODEL_TEST, false, 50, 100 },
	{ "bdx-strict-50us", CBDMA_MODEL_BDX, true, 50, 100 },
	{ "bwd-strict-50us", CBDMA_MODEL_BWD, true, 50, 100 },
	{ "bdx-strict-2ms-budget-5ms", CBDMA_MODEL_BDX, true, 2000, 5000 },
};

static void cbdma_test_cmd_time_desc(const struct cbdma_test_cmd_time *p,
				     char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", p->name);
}

KUNIT_ARRAY_PARAM(cbdma_test_cmd_time, cbdma_test_cmd_times,
		  cbdma_test_cmd_time_desc);

/*
 * Commands that take time, as on silicon (the model's cmd_us): CHANCMD
 * reads the command back and CHANSTS the old state until it lands. Every
 * path that issues one waits for it: the probe's and the free's resets (in
 * process context), the recovery from an error, terminate_all on a hung
 * copy, pause and resume (in atomic context, at most cmd_atomic_us each).
 * A driver that read CHANSTS or loaded a chain right after the CHANCMD
 * write would lose copies here. The last row is a RESET slower than the
 * default atomic budget (2 ms; ioatdma allows 200): with cmd_atomic_us
 * raised to 5000 the channel recovers; with the default 100 the shim gives
 * the channel up at the first error ("reset did not complete within 100
 * us in atomic context").
 */
static void cbdma_driver_timed_cmds(struct kunit *test)
{
	const struct cbdma_test_cmd_time *p = test->param_value;
	const struct cbdma_model_config cfg = { .personality = p->pers,
						.channels = 1,
						.strict = p->strict,
						.exec = CBDMA_MODEL_EXEC_WORK,
						.cmd_us = p->cmd_us };
	struct cbdma_model_counters before, after;
	const unsigned int n = 6, len = 1024;
	dma_addr_t src_dma, dst_dma;
	struct cbdma_test_xfer *x;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u8 *src, *dst;
	unsigned int i;

	/* Freed after the channel: an abort may still call back. */
	x = kunit_kcalloc(test, n, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_cmd_atomic_us = p->budget_us;
	cbdma_test_probe_opted_in(test, &t, &cfg);
	KUNIT_EXPECT_EQ(test, t.cd->cmd_atomic_us, p->budget_us);
	KUNIT_EXPECT_GE_MSG(test, cbdma_test_counters(test, &t, 0).cmds_delayed, 1,
			    "the probe issued no timed command");
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	before = cbdma_test_counters(test, &t, 0);

	/* An error: the recovery resets the channel in atomic context. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0,
						    CBDMA_FAULT_SRC_READ, 0));
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096),
			DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);

	/* A hung copy ended by terminate_all: ABORT, or SUSPEND and RESET. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t.model, 0, CBDMA_FAULT_HANG, 0));
	cbdma_test_bufs(test, &t, n * len, 0x5c, &src, &src_dma, &dst, &dst_dma);
	cbdma_test_submit(test, chan, dst_dma, src_dma, len, &x[0]);
	dma_async_issue_pending(chan);
	usleep_range(5000, 6000);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	cbdma_test_wait(test, &x[0]);
	KUNIT_EXPECT_EQ(test, x[0].res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);

	/* Pause in the middle of a chain, resume: every copy once. */
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_delay(t.model, 0, 500));
	for (i = 0; i < n; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		cbdma_test_submit(test, chan, dst_dma + i * len, src_dma + i * len,
				  len, &x[i]);
	}
	dma_async_issue_pending(chan);
	usleep_range(1000, 1500);
	KUNIT_ASSERT_EQ(test, dmaengine_pause(chan), 0);
	KUNIT_ASSERT_EQ(test, dmaengine_resume(chan), 0);
	for (i = 0; i < n; i++) {
		cbdma_test_wait(test, &x[i]);
		KUNIT_EXPECT_EQ(test, x[i].res.result, DMA_TRANS_NOERROR);
	}
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, n * len), 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_delay(t.model, 0, 0));

	after = cbdma_test_counters(test, &t, 0);
	KUNIT_EXPECT_GE_MSG(test, after.cmds_delayed - before.cmds_delayed, 2,
			    "the recovery and the terminate issued no timed command");
	KUNIT_EXPECT_EQ_MSG(test, after.cmds_replaced, 0,
			    "a command written while another still waited");
	KUNIT_EXPECT_EQ(test, after.cmds_ignored, 0);
	KUNIT_EXPECT_EQ(test, after.resets_running, 0);
	kunit_release_action(test, cbdma_test_release_chan, chan);
	KUNIT_EXPECT_GT_MSG(test, cbdma_test_counters(test, &t, 0).cmds_delayed,
			    after.cmds_delayed, "the free issued no timed command");
}

static struct kunit_case cbdma_driver_cases[] = {
	KUNIT_CASE(cbdma_driver_probe_channels),
	KUNIT_CASE_PARAM(cbdma_driver_copy_shapes, cbdma_test_shape_gen_params),
	KUNIT_CASE_PARAM(cbdma_driver_many_in_flight, cbdma_test_mode_gen_params),
	KUNIT_CASE_PARAM(cbdma_driver_shared_irq, cbdma_test_mode_gen_params),
	KUNIT_CASE_PARAM(cbdma_driver_selftest_failure,
			 cbdma_test_selftest_fault_gen_params),
	KUNIT_CASE(cbdma_driver_selftest_no_channel),
	KUNIT_CASE(cbdma_driver_dma_channels_property),
	KUNIT_CASE(cbdma_driver_pause_resume),
	KUNIT_CASE(cbdma_driver_terminate),
	KUNIT_CASE(cbdma_driver_coalescing),
	KUNIT_CASE_PARAM(cbdma_driver_copy_helpers, cbdma_test_helper_gen_params),
	KUNIT_CASE(cbdma_driver_copy_helper_error),
	KUNIT_CASE(cbdma_driver_short_bar),
	KUNIT_CASE(cbdma_driver_no_coalesce),
	KUNIT_CASE(cbdma_driver_shared_irq_writeback),
	KUNIT_CASE(cbdma_driver_strict_null),
	KUNIT_CASE(cbdma_driver_strict_error_recovery),
	KUNIT_CASE(cbdma_driver_strict_reset_suspends),
	KUNIT_CASE(cbdma_driver_strict_in_use),
	KUNIT_CASE(cbdma_driver_strict_no_chanctrl_read),
	KUNIT_CASE(cbdma_driver_intel_terminate),
	KUNIT_CASE(cbdma_driver_intel_pause_resume),
	KUNIT_CASE(cbdma_driver_strict_halt_no_word),
	KUNIT_CASE(cbdma_driver_strict_disarmed_event),
	KUNIT_CASE_PARAM(cbdma_driver_intel_personality, cbdma_test_pers_gen_params),
	KUNIT_CASE_PARAM(cbdma_driver_intel_refused, cbdma_test_pers_gen_params),
	KUNIT_CASE_PARAM(cbdma_driver_intel_chanerr_int,
			 cbdma_test_chanerr_int_pers_gen_params),
	KUNIT_CASE_PARAM(cbdma_driver_intel_msix_restore,
			 cbdma_test_msix_pers_gen_params),
	KUNIT_CASE(cbdma_driver_intel_icx),
	KUNIT_CASE_PARAM(cbdma_driver_timed_cmds, cbdma_test_cmd_time_gen_params),
	{}
};

static struct kunit_suite cbdma_driver_suite = {
	.name = "cbdma_driver",
	.test_cases = cbdma_driver_cases,
};

/*
 * A function reset while suspended (the model's FLR clears every claim),
 * and another agent claims channel 1 before the wake. The driver claims
 * again by reading CHANCTRL: channel 0 is its own again, channel 1 is
 * left out with -EBUSY and a log line, and nothing of it is touched.
 */
static void cbdma_driver_reclaim_after_reset(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2, .strict = true };
	const unsigned int ctrl1 = CBDMA_CHAN_BASE(1) + CBDMA_CHANCTRL;
	struct cbdma_model_counters before, after;
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	u64 writes, mark;

	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	KUNIT_ASSERT_EQ(test, t.cd->nr_chans, 2);
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, to_netdma_chan(chan)->index, 0);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);

	KUNIT_ASSERT_EQ(test, cbdma_pm_suspend(t.dev), 0);
	cbdma_model_function_reset(t.model);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_agent_claim(t.model, 1));
	before = cbdma_test_counters(test, &t, 1);
	writes = cbdma_model_mmio_count(t.model, ctrl1, true);
	mark = cbdma_test_log_mark();
	KUNIT_EXPECT_EQ(test, cbdma_pm_resume(t.dev), 0);

	after = cbdma_test_counters(test, &t, 1);
	KUNIT_EXPECT_EQ_MSG(test, after.resets, before.resets,
			    "channel 1, claimed by another agent in the reset window, was reset");
	KUNIT_EXPECT_EQ_MSG(test, cbdma_model_mmio_count(t.model, ctrl1, true), writes,
			    "channel 1's CHANCTRL written over the other agent's claim");
	KUNIT_EXPECT_FALSE(test, t.cd->chans[1].claimed);
	KUNIT_EXPECT_TRUE(test, t.cd->chans[0].claimed);
	KUNIT_EXPECT_TRUE(test, cbdma_test_logged(test, mark,
						  "chan 1: CHANCTRL 0x0100 reads IN_USE: another"));
	KUNIT_EXPECT_TRUE(test, cbdma_test_logged(test, mark, "leaving it out (-EBUSY)"));
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_NULL_MSG(test, cbdma_test_get_chan(test, &t),
			      "channel 1 offered though another agent owns it");
	after = cbdma_test_counters(test, &t, 1);
	KUNIT_EXPECT_EQ(test, after.resets, before.resets);
	KUNIT_EXPECT_EQ(test, after.doorbells, before.doorbells);
}

/*
 * A RESET that leaves CHANERR set (the model's reset fault): the reset
 * routine returns -EIO and says so; the allocation that met it fails and
 * keeps nothing of the shim's (no handle, no completion word), and once
 * the fault is gone the channel allocates and copies.
 */
static void cbdma_driver_reset_eio(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 1 };
	struct cbdma_test_dev t;
	struct dma_chan *chan;
	struct cbdma_chan *hw;
	u64 mark;

	cbdma_test_set_params(test, 0, 0);	/* no watchdog */
	cbdma_test_probe(test, &t, &cfg, false, -1, 0);
	hw = t.cd->by_index[0];
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_reset_fault(t.model, 0,
							 CBDMA_CHANERR_READ_DATA));
	mark = cbdma_test_log_mark();
	KUNIT_EXPECT_NULL_MSG(test, cbdma_test_get_chan(test, &t),
			      "allocated though RESET left CHANERR set");
	KUNIT_EXPECT_TRUE(test, cbdma_test_logged(test, mark,
						  "after RESET CHANSTS 0x3, CHANERR 0x100"));
	KUNIT_EXPECT_NULL(test, READ_ONCE(hw->handle));
	KUNIT_EXPECT_NULL_MSG(test, hw->completion,
			      "the failed allocation's completion word kept");
	KUNIT_EXPECT_EQ(test, hw->completion_dma, 0);
	KUNIT_EXPECT_EQ(test, cbdma_chan_hw_reset(hw, true), -EIO);

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_reset_fault(t.model, 0, 0));
	chan = cbdma_test_get_chan(test, &t);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_EQ(test, cbdma_test_copy(test, &t, chan, 4096), DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, readl(hw->regs + CBDMA_CHANERR), 0);
}

static struct kunit_case cbdma_driver_recovery_cases[] = {
	KUNIT_CASE_PARAM(cbdma_driver_fault_recovery, cbdma_test_fault_gen_params),
	KUNIT_CASE(cbdma_driver_fault_mid_transaction),
	KUNIT_CASE(cbdma_driver_silent_error),
	KUNIT_CASE(cbdma_driver_irq_in_flight),
	KUNIT_CASE(cbdma_driver_suspend_resume),
	KUNIT_CASE(cbdma_driver_bus_reset_recovery),
	KUNIT_CASE(cbdma_driver_device_gone),
	KUNIT_CASE_SLOW(cbdma_driver_remove_with_client),
	KUNIT_CASE(cbdma_driver_terminate_unhandled_error),
	KUNIT_CASE(cbdma_driver_watchdog_ring_wrap),
	KUNIT_CASE(cbdma_driver_reset_ignored),
	KUNIT_CASE(cbdma_driver_reset_ignored_bad_word),
	KUNIT_CASE_SLOW(cbdma_driver_abort_ignored),
	KUNIT_CASE(cbdma_driver_pause_late_suspend),
	KUNIT_CASE(cbdma_driver_late_suspend_resumed),
	KUNIT_CASE(cbdma_driver_reclaim_after_reset),
	KUNIT_CASE(cbdma_driver_reset_eio),
	{}
};

static struct kunit_suite cbdma_driver_recovery_suite = {
	.name = "cbdma_driver_recovery",
	.test_cases = cbdma_driver_recovery_cases,
};

kunit_test_suites(&cbdma_driver_suite, &cbdma_driver_recovery_suite);

MODULE_DESCRIPTION("KUnit tests for the cbdma driver on the in-kernel model");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
MODULE_LICENSE("GPL");
