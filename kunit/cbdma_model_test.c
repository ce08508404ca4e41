// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the cbdma model against Documentation/cbdma-hw.rst.
 *
 * Each case programs the model through MMIO exactly as a minimal driver
 * would: ioremap the window, request the channel interrupt, write CHANCTRL,
 * CHANCMP and CHAINADDR, ring DMACOUNT, then check memory, registers, the
 * completion word, interrupts and the model's counters.
 */
#include <kunit/device.h>
#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/netdma.h>
#include <linux/platform_device.h>

#include "../drivers/dma/cbdma/cbdma_hw.h"
#include "../emu/model/cbdma_model.h"

#define RING_SIZE	64		/* descriptors, power of two */
#define BUF_SIZE	SZ_64K		/* source and destination each */
#define IRQ_WAIT	msecs_to_jiffies(1000)
#define IRQ_ABSENT	msecs_to_jiffies(50)

/**
 * struct cbdma_test - what a minimal driver holds for one model
 * @test: the running test.
 * @model: the device.
 * @regs: its mapped MMIO window.
 * @dev: the device DMA buffers are allocated for.
 * @ring: RING_SIZE descriptors, each linked to the next, circularly.
 * @ring_dma: bus address of @ring.
 * @completion: the completion word.
 * @completion_dma: its bus address.
 * @src: source buffer, filled with a pattern.
 * @src_dma: its bus address.
 * @dst: destination buffer, zeroed.
 * @dst_dma: its bus address.
 * @dmacount: last value written to DMACOUNT of each channel.
 * @irqs: interrupts handled per vector.
 * @irq_done: completed by every interrupt.
 */
struct cbdma_test {
	struct kunit *test;
	struct cbdma_model *model;
	void __iomem *regs;
	struct device *dev;
	struct netdma_desc *ring;
	dma_addr_t ring_dma;
	__le64 *completion;
	dma_addr_t completion_dma;
	u8 *src;
	dma_addr_t src_dma;
	u8 *dst;
	dma_addr_t dst_dma;
	u16 dmacount[CBDMA_MAX_CHANNELS];
	atomic_t irqs[CBDMA_MAX_CHANNELS];
	struct completion irq_done;
};

struct cbdma_test_coherent {
	struct device *dev;
	size_t size;
	void *cpu;
	dma_addr_t dma;
};

static void cbdma_test_free_coherent(void *data)
{
	struct cbdma_test_coherent *c = data;

	dma_free_coherent(c->dev, c->size, c->cpu, c->dma);
}

static void *cbdma_test_alloc(struct cbdma_test *t, size_t size,
			      dma_addr_t *dma)
{
	struct kunit *test = t->test;
	struct cbdma_test_coherent *c;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->dev = t->dev;
	c->size = size;
	c->cpu = dma_alloc_coherent(t->dev, size, &c->dma, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->cpu);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, cbdma_test_free_coherent,
						  c));
	*dma = c->dma;
	return c->cpu;
}

static void cbdma_test_iounmap(void *regs)
{
	iounmap((void __iomem *)regs);
}

struct cbdma_test_irq {
	int irq;
	struct cbdma_test *t;
};

static void cbdma_test_free_irq(void *data)
{
	struct cbdma_test_irq *i = data;

	free_irq(i->irq, i->t);
}

static irqreturn_t cbdma_test_isr(int irq, void *data)
{
	struct cbdma_test *t = data;
	unsigned int vector;

	for (vector = 0; vector < CBDMA_MAX_CHANNELS; vector++)
		if (cbdma_model_irq(t->model, vector) == irq)
			atomic_inc(&t->irqs[vector]);
	complete(&t->irq_done);
	return IRQ_HANDLED;
}

static void __iomem *chan_regs(struct cbdma_test *t, unsigned int chan)
{
	return t->regs + CBDMA_CHAN_BASE(chan);
}

static u64 chansts(struct cbdma_test *t, unsigned int chan)
{
	return readq(chan_regs(t, chan) + CBDMA_CHANSTS);
}

static u32 chanerr(struct cbdma_test *t, unsigned int chan)
{
	return readl(chan_regs(t, chan) + CBDMA_CHANERR);
}

static u64 completion_word(struct cbdma_test *t)
{
	return le64_to_cpu(READ_ONCE(*t->completion));
}

static dma_addr_t desc_dma(struct cbdma_test *t, unsigned int i)
{
	return t->ring_dma + (i % RING_SIZE) * NETDMA_DESC_SIZE;
}

/* Fill ring slot @i with a copy of @len bytes at @off in src to dst. */
static void prep_copy(struct cbdma_test *t, unsigned int i, size_t off,
		      u32 len, u32 ctl)
{
	struct netdma_desc *d = &t->ring[i % RING_SIZE];

	d->transfer_size = cpu_to_le32(len);
	d->control = cpu_to_le32(ctl);
	d->src = cpu_to_le64(t->src_dma + off);
	d->dst = cpu_to_le64(t->dst_dma + off);
}

static void prep_null(struct cbdma_test *t, unsigned int i, u32 ctl)
{
	struct netdma_desc *d = &t->ring[i % RING_SIZE];

	d->transfer_size = 0;
	d->control = cpu_to_le32(ctl | NETDMA_CTL_NULL);
	d->src = 0;
	d->dst = 0;
}

/* The channel's initialisation as a driver does it after RESET. */
static void chan_setup(struct cbdma_test *t, unsigned int chan)
{
	void __iomem *cr = chan_regs(t, chan);

	writew(CBDMA_CHANCTRL_RUN, cr + CBDMA_CHANCTRL);
	writel(lower_32_bits(t->completion_dma), cr + CBDMA_CHANCMP_LOW);
	writel(upper_32_bits(t->completion_dma), cr + CBDMA_CHANCMP_HIGH);
}

/* Load a new chain starting at ring slot @i (low half, then high half). */
static void chan_start(struct cbdma_test *t, unsigned int chan, unsigned int i)
{
	void __iomem *cr = chan_regs(t, chan);

	writel(lower_32_bits(desc_dma(t, i)), cr + CBDMA_CHAINADDR_LOW);
	writel(upper_32_bits(desc_dma(t, i)), cr + CBDMA_CHAINADDR_HIGH);
	t->dmacount[chan] = 0;
}

static void chan_issue(struct cbdma_test *t, unsigned int chan,
		       unsigned int n)
{
	t->dmacount[chan] += n;
	writew(t->dmacount[chan], chan_regs(t, chan) + CBDMA_DMACOUNT);
}

static void chan_cmd(struct cbdma_test *t, unsigned int chan, u8 cmd)
{
	writeb(cmd, chan_regs(t, chan) + CBDMA_CHANCMD);
}

static struct cbdma_test *cbdma_test_create(struct kunit *test,
					    const struct cbdma_model_config *cfg)
{
	const struct resource *res;
	struct cbdma_test_irq *irq;
	struct cbdma_test *t;
	unsigned int i;
	char *name;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	init_completion(&t->irq_done);

	t->model = kunit_cbdma_model_create(test, cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->model);
	res = cbdma_model_resource(t->model);
	KUNIT_ASSERT_EQ(test, resource_size(res), CBDMA_MMIO_SIZE);
	t->regs = ioremap(res->start, resource_size(res));
	KUNIT_ASSERT_NOT_NULL(test, t->regs);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, cbdma_test_iounmap,
						  (void __force *)t->regs));

	for (i = 0; i < readb(t->regs + CBDMA_CHANCNT); i++) {
		irq = kunit_kzalloc(test, sizeof(*irq), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, irq);
		irq->t = t;
		irq->irq = cbdma_model_irq(t->model, i);
		KUNIT_ASSERT_GT(test, irq->irq, 0);
		KUNIT_ASSERT_EQ(test, 0, request_irq(irq->irq, cbdma_test_isr,
						     0, "cbdma-test", t));
		KUNIT_ASSERT_EQ(test, 0,
				kunit_add_action_or_reset(test,
							  cbdma_test_free_irq,
							  irq));
	}

	/* The name is also a driver's: one per instance. */
	name = kunit_kzalloc(test, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	snprintf(name, 32, "cbdma-model-test-%llx",
		 (unsigned long long)res->start);
	t->dev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->dev->dma_mask = &t->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, 0,
			dma_set_mask_and_coherent(t->dev, DMA_BIT_MASK(64)));

	t->ring = cbdma_test_alloc(t, RING_SIZE * NETDMA_DESC_SIZE,
				   &t->ring_dma);
	for (i = 0; i < RING_SIZE; i++)
		t->ring[i].next = cpu_to_le64(desc_dma(t, i + 1));
	t->completion = cbdma_test_alloc(t, sizeof(*t->completion),
					 &t->completion_dma);
	t->src = cbdma_test_alloc(t, BUF_SIZE, &t->src_dma);
	t->dst = cbdma_test_alloc(t, BUF_SIZE, &t->dst_dma);
	for (i = 0; i < BUF_SIZE; i++)
		t->src[i] = i * 7 + i / 256;

	writeb(CBDMA_INTRCTRL_MASTER_INT_EN |
	       CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL, t->regs + CBDMA_INTRCTRL);
	return t;
}

static struct cbdma_test *cbdma_test_sync(struct kunit *test)
{
	const struct cbdma_model_config cfg = {
		.exec = CBDMA_MODEL_EXEC_SYNC,
	};

	return cbdma_test_create(test, &cfg);
}

static struct cbdma_test *cbdma_test_work(struct kunit *test)
{
	const struct cbdma_model_config cfg = {
		.exec = CBDMA_MODEL_EXEC_WORK,
	};

	return cbdma_test_create(test, &cfg);
}

static bool wait_irq(struct cbdma_test *t)
{
	return wait_for_completion_timeout(&t->irq_done, IRQ_WAIT);
}

static bool no_irq(struct cbdma_test *t)
{
	return !wait_for_completion_timeout(&t->irq_done, IRQ_ABSENT);
}

static void expect_copied(struct kunit *test, struct cbdma_test *t,
			  size_t off, size_t len)
{
	KUNIT_EXPECT_EQ(test, 0, memcmp(t->dst + off, t->src + off, len));
}

static void expect_untouched(struct kunit *test, struct cbdma_test *t,
			     size_t off, size_t len)
{
	KUNIT_EXPECT_NULL(test, memchr_inv(t->dst + off, 0, len));
}

static struct cbdma_model_counters counters(struct cbdma_test *t,
					    unsigned int chan)
{
	struct cbdma_model_counters c;

	KUNIT_ASSERT_EQ(t->test, 0, cbdma_model_counters(t->model, chan, &c));
	return c;
}

/* Device and channel registers after power-on (the reset state). */
static void cbdma_reset_values(struct kunit *test)
{
	const struct cbdma_model_config cfg = {
		.channels = 2,
		.xfercap_log = 16,
	};
	struct cbdma_test *t = cbdma_test_create(test, &cfg);
	unsigned int chan;

	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_CHANCNT), 2);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_XFERCAP), 16);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_VER), CBDMA_VER_3_3);
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_DMACAP), 0);
	KUNIT_EXPECT_EQ(test, readw(t->regs + CBDMA_INTRDELAY),
			CBDMA_INTRDELAY_COALESCE_SUPPORT);
	KUNIT_EXPECT_EQ(test, readw(t->regs + CBDMA_DCAOFFSET), 0);
	KUNIT_EXPECT_EQ(test, readw(t->regs + CBDMA_PERPORTOFFSET),
			CBDMA_CHAN_BASE(0));
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_ATTNSTATUS), 0);
	for (chan = 0; chan < 2; chan++) {
		void __iomem *cr = chan_regs(t, chan);

		KUNIT_EXPECT_EQ(test, chansts(t, chan), NETDMA_STATUS_HALTED);
		KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), 0);
		KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_DMACOUNT), 0);
		KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), 0);
		KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CHAINADDR), 0);
		KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CHANCMP), 0);
		KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CDAR), 0);
		KUNIT_EXPECT_EQ(test, chanerr(t, chan), 0);
		KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_DMA_COMP),
				CBDMA_DMA_COMP_V2);
	}
	/* A channel that is not there reads as zero. */
	KUNIT_EXPECT_EQ(test, readq(chan_regs(t, 2) + CBDMA_CHANSTS), 0);
	KUNIT_EXPECT_EQ(test, cbdma_model_irq(t->model, 2), -EINVAL);
}

static const enum cbdma_model_exec exec_modes[] = {
	CBDMA_MODEL_EXEC_SYNC,
	CBDMA_MODEL_EXEC_WORK,
};

static void exec_mode_desc(const enum cbdma_model_exec *mode, char *desc)
{
	strscpy(desc, *mode == CBDMA_MODEL_EXEC_SYNC ? "sync" : "work",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(exec_mode, exec_modes, exec_mode_desc);

static struct cbdma_test *cbdma_test_param(struct kunit *test)
{
	struct cbdma_model_config cfg = {
		.exec = *(const enum cbdma_model_exec *)test->param_value,
	};

	return cbdma_test_create(test, &cfg);
}

/* One copy: data, completion word, CHANSTS, interrupt, counters. */
static void cbdma_single_copy(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_param(test);
	struct cbdma_model_counters c;

	chan_setup(t, 0);
	prep_copy(t, 0, 100, 3000, NETDMA_CTL_INT_ON_COMPLETION |
				  NETDMA_CTL_STATUS_UPDATE);
	chan_start(t, 0, 0);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_ARMED);
	chan_issue(t, 0, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	cbdma_model_flush(t->model);

	expect_copied(test, t, 100, 3000);
	expect_untouched(test, t, 0, 100);
	expect_untouched(test, t, 3100, BUF_SIZE - 3100);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, readq(chan_regs(t, 0) + CBDMA_CDAR),
			desc_dma(t, 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 1);
	c = counters(t, 0);
	KUNIT_EXPECT_EQ(test, c.descs, 1);
	KUNIT_EXPECT_EQ(test, c.bytes, 3000);
	KUNIT_EXPECT_EQ(test, c.completion_writes, 1);
	KUNIT_EXPECT_EQ(test, c.irqs, 1);
	KUNIT_EXPECT_EQ(test, c.doorbells, 1);
	KUNIT_EXPECT_EQ(test, c.errors, 0);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t->model, CBDMA_CHAN_BASE(0) +
						     CBDMA_DMACOUNT, true), 1);
}

/* 300 descriptors through a 64-entry ring, appended in batches of 1..37. */
static void cbdma_chain_appends(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_param(test);
	const unsigned int total = 300, len = 200;
	unsigned int done = 0, batch, i;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	for (batch = 1; done < total; batch = batch % 37 + 1) {
		batch = min(batch, total - done);
		for (i = done; i < done + batch; i++)
			prep_copy(t, i, i * len, len, i == done + batch - 1 ?
				  NETDMA_CTL_STATUS_UPDATE |
				  NETDMA_CTL_INT_ON_COMPLETION : 0);
		chan_issue(t, 0, batch);
		KUNIT_ASSERT_TRUE(test, wait_irq(t));
		cbdma_model_flush(t->model);
		done += batch;
		KUNIT_ASSERT_EQ(test, completion_word(t),
				desc_dma(t, done - 1) | NETDMA_STATUS_IDLE);
		/* The interrupt handler's write: re-arm. */
		writew(CBDMA_CHANCTRL_RUN, chan_regs(t, 0) + CBDMA_CHANCTRL);
	}
	expect_copied(test, t, 0, total * len);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, total);
	KUNIT_EXPECT_EQ(test, counters(t, 0).bytes, total * len);
	KUNIT_EXPECT_EQ(test, readw(chan_regs(t, 0) + CBDMA_DMACOUNT), total);
}

/*
 * Only INT_ON_COMPLETION descriptors interrupt; one interrupt disarms the
 * channel until CHANCTRL.INT_REARM, and an event meanwhile waits for it.
 */
static void cbdma_interrupt_rules(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_param(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 64, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 64, 64, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 2);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 1) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 0);

	prep_copy(t, 2, 128, 64, NETDMA_CTL_INT_ON_COMPLETION);
	chan_issue(t, 0, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	/* No STATUS_UPDATE: the word in memory stays, CHANSTS moves. */
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 1) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 2) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, readw(chan_regs(t, 0) + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_INT_REARM, 0);

	/* Disarmed: the next event is held... */
	prep_copy(t, 3, 192, 64, NETDMA_CTL_INT_ON_COMPLETION |
				 NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 3) | NETDMA_STATUS_IDLE);
	/* ...and signalled by the re-arm. */
	writew(CBDMA_CHANCTRL_RUN, chan_regs(t, 0) + CBDMA_CHANCTRL);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 2);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 2);
	expect_copied(test, t, 0, 256);
}

/* INTRDELAY merges the events of one window into one interrupt. */
static void cbdma_interrupt_coalescing(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	unsigned int i;

	writew(CBDMA_INTRDELAY_MASK, t->regs + CBDMA_INTRDELAY);
	KUNIT_EXPECT_EQ(test, readw(t->regs + CBDMA_INTRDELAY),
			CBDMA_INTRDELAY_MASK |
			CBDMA_INTRDELAY_COALESCE_SUPPORT);
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	for (i = 0; i < 3; i++) {
		prep_copy(t, i, i * 512, 512, NETDMA_CTL_STATUS_UPDATE |
			  NETDMA_CTL_INT_ON_COMPLETION);
		chan_issue(t, 0, 1);
	}
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 1);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 2) | NETDMA_STATUS_IDLE);

	/* Without a delay, each re-armed event interrupts at once. */
	writew(0, t->regs + CBDMA_INTRDELAY);
	writew(CBDMA_CHANCTRL_RUN, chan_regs(t, 0) + CBDMA_CHANCTRL);
	prep_copy(t, 3, 1536, 512, NETDMA_CTL_INT_ON_COMPLETION);
	chan_issue(t, 0, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 2);
	expect_copied(test, t, 0, 2048);
}

/* NULL descriptors complete without touching memory. */
static void cbdma_null_transfer(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	struct cbdma_model_counters c;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_null(t, 0, 0);
	prep_null(t, 1, NETDMA_CTL_STATUS_UPDATE |
		  NETDMA_CTL_INT_ON_COMPLETION);
	chan_issue(t, 0, 2);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 1) | NETDMA_STATUS_IDLE);
	expect_untouched(test, t, 0, BUF_SIZE);
	c = counters(t, 0);
	KUNIT_EXPECT_EQ(test, c.descs, 2);
	KUNIT_EXPECT_EQ(test, c.bytes, 0);
	KUNIT_EXPECT_EQ(test, c.completion_writes, 1);
}

/* no_copy: every check and writeback, no data. */
static void cbdma_no_copy_mode(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .no_copy = true };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, BUF_SIZE, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 0, 64, NETDMA_CTL_STATUS_UPDATE);
	t->ring[1].src = cpu_to_le64(BIT_ULL(50));	/* still checked */
	chan_issue(t, 0, 2);
	expect_untouched(test, t, 0, BUF_SIZE);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).bytes, 0);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_SRC_ADDR);
}

/*
 * Timed: the CPU time of synchronous execution is counted only while it is
 * switched on, for the benchmark to tell the model's time from the driver's.
 */
static void cbdma_timed_exec(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	u64 timed;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).exec_ns, 0);

	cbdma_model_set_timed(t->model, true);
	prep_copy(t, 1, 512, BUF_SIZE - 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	timed = counters(t, 0).exec_ns;
	KUNIT_EXPECT_GT(test, timed, 0);

	cbdma_model_set_timed(t->model, false);
	prep_copy(t, 2, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 3);
	KUNIT_EXPECT_EQ(test, counters(t, 0).exec_ns, timed);
	expect_copied(test, t, 0, BUF_SIZE);
}

/* After a halt, RESET and a restart at @first run @n descriptors. */
static void recover_and_finish(struct kunit *test, struct cbdma_test *t,
			       unsigned int first, unsigned int n)
{
	void __iomem *cr = chan_regs(t, 0);
	unsigned int i;

	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), 0);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), 0);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CHANCMP), 0);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), 0);

	chan_setup(t, 0);
	for (i = first; i < first + n; i++)
		prep_copy(t, i, i * 512, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_start(t, 0, first);
	chan_issue(t, 0, n);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, first + n - 1) | NETDMA_STATUS_IDLE);
	expect_copied(test, t, first * 512, n * 512);
	KUNIT_EXPECT_EQ(test, counters(t, 0).resets, 1);
}

struct cbdma_fault_case {
	const char *name;
	enum cbdma_model_fault fault;
	u32 chanerr;
};

static const struct cbdma_fault_case halting_faults[] = {
	{ "src_read", CBDMA_FAULT_SRC_READ, CBDMA_CHANERR_READ_DATA },
	{ "dst_write", CBDMA_FAULT_DST_WRITE, CBDMA_CHANERR_WRITE_DATA },
	{ "next_addr", CBDMA_FAULT_NEXT_ADDR, CBDMA_CHANERR_NEXT_ADDR },
};

static void fault_case_desc(const struct cbdma_fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(halting_fault, halting_faults, fault_case_desc);

/*
 * An injected error at the second of three descriptors: the first completes,
 * the channel halts with CHANERR set, CHANSTS and the completion word point
 * at the first, CDAR at the failing one, the error interrupt fires, the
 * third never runs. RESET then makes the channel usable again.
 */
static void cbdma_injected_error(struct kunit *test)
{
	const struct cbdma_fault_case *fc = test->param_value;
	struct cbdma_test *t = cbdma_test_sync(test);
	u64 halted = desc_dma(t, 0) | NETDMA_STATUS_HALTED;
	unsigned int i;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	for (i = 0; i < 3; i++)
		prep_copy(t, i, i * 512, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0, fc->fault, 1));
	chan_issue(t, 0, 3);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));

	KUNIT_EXPECT_EQ(test, chanerr(t, 0), fc->chanerr);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), halted);
	KUNIT_EXPECT_EQ(test, completion_word(t), halted);
	KUNIT_EXPECT_EQ(test, readq(chan_regs(t, 0) + CBDMA_CDAR),
			desc_dma(t, 1));
	expect_copied(test, t, 0, 512);
	expect_untouched(test, t, 512, 1024);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).errors, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 1);

	/* A halted channel ignores the doorbell. */
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	/* CHAINADDR does not leave HALTED while CHANERR is set. */
	chan_start(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), halted);

	recover_and_finish(test, t, 1, 2);
}

struct cbdma_desc_error {
	const char *name;
	u32 chanerr;
	u32 ctl;	/* extra control bits for descriptor 1 */
	u32 len;	/* descriptor 1's length, 0: 512 */
	u64 src;	/* descriptor 1's source, 0: the buffer */
	u64 dst;	/* descriptor 1's destination, 0: the buffer */
	u64 next_off;	/* added to descriptor 0's next pointer */
};

static const struct cbdma_desc_error desc_errors[] = {
	{ "src_outside_ram", CBDMA_CHANERR_SRC_ADDR, .src = BIT_ULL(50) },
	{ "dst_outside_ram", CBDMA_CHANERR_DEST_ADDR, .dst = BIT_ULL(50) },
	{ "src_past_ram_end", CBDMA_CHANERR_SRC_ADDR, .src = ~0ULL - 100 },
	{ "length_zero", CBDMA_CHANERR_LENGTH, .len = ~0U },
	{ "length_over_xfercap", CBDMA_CHANERR_LENGTH, .len = SZ_1M + 1 },
	{ "context_change_op", CBDMA_CHANERR_CONTROL,
	  .ctl = NETDMA_CTL_OP_MASK },
	{ "page_break", CBDMA_CHANERR_CONTROL,
	  .ctl = NETDMA_CTL_SRC_PAGE_BREAK },
	{ "next_misaligned", CBDMA_CHANERR_NEXT_DESC_ALIGN, .next_off = 8 },
	{ "next_outside_ram", CBDMA_CHANERR_NEXT_ADDR,
	  .next_off = BIT_ULL(52) },
};

static void desc_error_desc(const struct cbdma_desc_error *e, char *desc)
{
	strscpy(desc, e->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(desc_error, desc_errors, desc_error_desc);

/* Errors the device detects itself in a bad second descriptor. */
static void cbdma_descriptor_error(struct kunit *test)
{
	const struct cbdma_desc_error *e = test->param_value;
	struct cbdma_test *t = cbdma_test_sync(test);
	u64 halted = desc_dma(t, 0) | NETDMA_STATUS_HALTED;
	u64 bad_next = desc_dma(t, 1) + e->next_off;
	struct netdma_desc *d = &t->ring[1];

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 512, e->len == ~0U ? 0 : e->len ?: 512,
		  NETDMA_CTL_STATUS_UPDATE | e->ctl);
	if (e->src)
		d->src = cpu_to_le64(e->src);
	if (e->dst)
		d->dst = cpu_to_le64(e->dst);
	t->ring[0].next = cpu_to_le64(bad_next);
	chan_issue(t, 0, 2);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));

	KUNIT_EXPECT_EQ(test, chanerr(t, 0), e->chanerr);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), halted);
	KUNIT_EXPECT_EQ(test, completion_word(t), halted);
	KUNIT_EXPECT_EQ(test, readq(chan_regs(t, 0) + CBDMA_CDAR), bad_next);
	expect_copied(test, t, 0, 512);
	expect_untouched(test, t, 512, 512);

	t->ring[0].next = cpu_to_le64(desc_dma(t, 1));
	recover_and_finish(test, t, 1, 2);
}

/* A bad CHAINADDR fails the first fetch; nothing has completed. */
static void cbdma_chain_addr_error(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	void __iomem *cr = chan_regs(t, 0);

	chan_setup(t, 0);
	*t->completion = cpu_to_le64(~0ULL);
	writeq(desc_dma(t, 0) + 32, cr + CBDMA_CHAINADDR);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_ARMED);
	chan_issue(t, 0, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_CHAIN_ADDR_VALUE);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, completion_word(t), NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CDAR), desc_dma(t, 0) + 32);
	recover_and_finish(test, t, 0, 1);
}

/* A bad CHANCMP: the descriptor completes, its writeback fails. */
static void cbdma_completion_addr_error(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	void __iomem *cr = chan_regs(t, 0);

	writew(CBDMA_CHANCTRL_RUN, cr + CBDMA_CHANCTRL);
	writeq(BIT_ULL(50), cr + CBDMA_CHANCMP);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 2);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_COMPLETION_ADDR);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).completion_writes, 0);
	expect_copied(test, t, 0, 512);
	expect_untouched(test, t, 512, 512);
	recover_and_finish(test, t, 1, 1);
}

/* START and APPEND are version 1 commands: CHANCMD error. */
static void cbdma_chancmd_error(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	chan_cmd(t, 0, CBDMA_CHANCMD_START);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_CHANCMD);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, completion_word(t), NETDMA_STATUS_HALTED);
	recover_and_finish(test, t, 0, 1);
}

/* A hung channel makes no progress until ABORT; then it restarts. */
static void cbdma_hang_then_abort(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_param(test);
	unsigned int i;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	for (i = 0; i < 3; i++)
		prep_copy(t, i, i * 512, 512, NETDMA_CTL_STATUS_UPDATE |
			  NETDMA_CTL_INT_ON_COMPLETION);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_HANG, 1));
	chan_issue(t, 0, 3);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	writew(CBDMA_CHANCTRL_RUN, chan_regs(t, 0) + CBDMA_CHANCTRL);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_ACTIVE);
	KUNIT_EXPECT_EQ(test, readq(chan_regs(t, 0) + CBDMA_CDAR),
			desc_dma(t, 1));
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	/* Another doorbell does not unstick it. */
	chan_issue(t, 0, 0);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);

	chan_cmd(t, 0, CBDMA_CHANCMD_ABORT);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), 0);
	KUNIT_EXPECT_TRUE(test, no_irq(t));

	/* No reset needed after ABORT: load the rest and go. */
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_start(t, 0, 1);
	chan_issue(t, 0, 2);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 2) | NETDMA_STATUS_IDLE);
	expect_copied(test, t, 0, 3 * 512);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 3);
	KUNIT_EXPECT_EQ(test, counters(t, 0).errors, 0);
}

/* RESET also stops a hung channel and drops its latched event. */
static void cbdma_hang_then_reset(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_param(test);

	writeb(0, t->regs + CBDMA_INTRCTRL);
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE |
		  NETDMA_CTL_INT_ON_COMPLETION);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_HANG, 1));
	chan_issue(t, 0, 2);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_ACTIVE);
	recover_and_finish(test, t, 1, 1);
	/* The event of descriptor 0 was latched (MASTER_INT_EN off). */
	writeb(CBDMA_INTRCTRL_MASTER_INT_EN |
	       CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL, t->regs + CBDMA_INTRCTRL);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 0);
	expect_copied(test, t, 0, 512);
}

/*
 * A held interrupt: signalled (channel disarmed, counted), delivered only
 * when released, once.
 */
static void cbdma_held_irq(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE |
		  NETDMA_CTL_INT_ON_COMPLETION);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t->model, 0, true));
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs_dropped, 0);
	KUNIT_EXPECT_EQ(test, readw(chan_regs(t, 0) + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_INT_REARM, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_hold_irq(t->model, 0, false));
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 1);
	KUNIT_EXPECT_EQ(test, cbdma_model_hold_irq(t->model, 4, true), -EINVAL);
	expect_copied(test, t, 0, 512);
}

/* A dropped interrupt: memory and ATTNSTATUS say done, no vector. */
static void cbdma_dropped_irq(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE |
		  NETDMA_CTL_INT_ON_COMPLETION);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE |
		  NETDMA_CTL_INT_ON_COMPLETION);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_DROP_IRQ, 0));
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs_dropped, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs, 0);
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_ATTNSTATUS), BIT(0));
	/* The lost message disarmed the channel, like a delivered one. */
	KUNIT_EXPECT_EQ(test, readw(chan_regs(t, 0) + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_INT_REARM, 0);
	writew(CBDMA_CHANCTRL_RUN, chan_regs(t, 0) + CBDMA_CHANCTRL);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	chan_issue(t, 0, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 1);
	expect_copied(test, t, 0, 1024);
}

/* A spurious interrupt: the vector fires, nothing new has completed. */
static void cbdma_spurious_irq(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_SPURIOUS_IRQ,
						    1));
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	chan_issue(t, 0, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).irqs_spurious, 1);
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_ATTNSTATUS), 0);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 1) | NETDMA_STATUS_IDLE);
}

/* A completion word outside the ring; the next one is right again. */
static void cbdma_bad_completion(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_BAD_COMPLETION,
						    0));
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			CBDMA_MODEL_BAD_COMPLETION_ADDR | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), 0);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 1) | NETDMA_STATUS_IDLE);
	expect_copied(test, t, 0, 1024);
}

/* A slow channel is still busy after the doorbell returns. */
static void cbdma_slow_device(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_work(test);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_delay(t->model, 0, 20000));
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	for (i = 0; i < 4; i++)
		prep_copy(t, i, i * 512, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 4);
	KUNIT_EXPECT_NE(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_LT(test, counters(t, 0).descs, 4);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 3) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 4);
	expect_copied(test, t, 0, 4 * 512);
}

/* Suspend on an idle channel; appends wait for RESUME. */
static void cbdma_suspend_resume_idle(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	chan_cmd(t, 0, CBDMA_CHANCMD_SUSPEND);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_SUSPENDED);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_SUSPENDED);

	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 2, 1024, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 2);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, 1);
	/* While suspended the driver may relink: skip slot 1. */
	t->ring[0].next = cpu_to_le64(desc_dma(t, 2));
	prep_copy(t, 3, 1536, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESUME);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 3) | NETDMA_STATUS_IDLE);
	expect_copied(test, t, 0, 512);
	expect_untouched(test, t, 512, 512);
	expect_copied(test, t, 1024, 1024);
}

/* Suspend and abort of a busy channel: they act between descriptors. */
static void cbdma_suspend_abort_busy(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_work(test);
	struct cbdma_model_counters c;
	u64 word;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_delay(t->model, 0, 30000));
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	for (i = 0; i < 8; i++)
		prep_copy(t, i, i * 512, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 8);
	chan_cmd(t, 0, CBDMA_CHANCMD_SUSPEND);
	cbdma_model_flush(t->model);
	c = counters(t, 0);
	KUNIT_ASSERT_LT(test, c.descs, 8);
	word = completion_word(t);
	KUNIT_EXPECT_EQ(test, word & NETDMA_STATUS_MASK,
			NETDMA_STATUS_SUSPENDED);
	KUNIT_EXPECT_EQ(test, word, chansts(t, 0));
	if (c.descs)
		KUNIT_EXPECT_EQ(test, word & NETDMA_COMPLETION_ADDR_MASK,
				desc_dma(t, c.descs - 1));
	expect_copied(test, t, 0, c.descs * 512);
	expect_untouched(test, t, c.descs * 512, (8 - c.descs) * 512);

	chan_cmd(t, 0, CBDMA_CHANCMD_RESUME);
	chan_cmd(t, 0, CBDMA_CHANCMD_ABORT);
	cbdma_model_flush(t->model);
	c = counters(t, 0);
	KUNIT_ASSERT_LT(test, c.descs, 8);
	word = completion_word(t);
	KUNIT_EXPECT_EQ(test, word & NETDMA_STATUS_MASK, NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), 0);
	expect_untouched(test, t, c.descs * 512, (8 - c.descs) * 512);
	/* RESUME only leaves SUSPENDED. */
	chan_cmd(t, 0, CBDMA_CHANCMD_RESUME);
	cbdma_model_flush(t->model);
	KUNIT_EXPECT_EQ(test, counters(t, 0).descs, c.descs);
}

/* INTx/MSI: every channel on vector 0, ATTNSTATUS tells which. */
static void cbdma_shared_vector(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2 };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);

	writeb(CBDMA_INTRCTRL_MASTER_INT_EN, t->regs + CBDMA_INTRCTRL);
	chan_setup(t, 1);
	chan_start(t, 1, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE |
		  NETDMA_CTL_INT_ON_COMPLETION);
	chan_issue(t, 1, 1);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[1]), 0);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_INTRCTRL),
			CBDMA_INTRCTRL_MASTER_INT_EN |
			CBDMA_INTRCTRL_INT_STATUS | CBDMA_INTRCTRL_INT);
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_ATTNSTATUS), BIT(1));
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_ATTNSTATUS), 0);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_INTRCTRL),
			CBDMA_INTRCTRL_MASTER_INT_EN);

	/* MASTER_INT_EN off: the event waits for it. */
	writeb(0, t->regs + CBDMA_INTRCTRL);
	writew(CBDMA_CHANCTRL_RUN, chan_regs(t, 1) + CBDMA_CHANCTRL);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_INT_ON_COMPLETION);
	chan_issue(t, 1, 1);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	writeb(CBDMA_INTRCTRL_MASTER_INT_EN, t->regs + CBDMA_INTRCTRL);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[0]), 2);
	expect_copied(test, t, 0, 1024);
}

/* Instances do not share windows, interrupts or state. */
static void cbdma_two_instances(struct kunit *test)
{
	struct cbdma_test *a = cbdma_test_sync(test);
	struct cbdma_test *b = cbdma_test_sync(test);
	const struct resource *ra = cbdma_model_resource(a->model);
	const struct resource *rb = cbdma_model_resource(b->model);

	KUNIT_EXPECT_FALSE(test, resource_overlaps(ra, rb));
	KUNIT_EXPECT_NE(test, cbdma_model_irq(a->model, 0),
			cbdma_model_irq(b->model, 0));
	chan_setup(a, 0);
	chan_start(a, 0, 0);
	KUNIT_EXPECT_EQ(test, chansts(a, 0), NETDMA_STATUS_ARMED);
	KUNIT_EXPECT_EQ(test, chansts(b, 0), NETDMA_STATUS_HALTED);
}

/* Copy sizes and alignments, source and destination offsets differ. */
struct cbdma_copy_shape {
	u32 len;
	u32 src_off;
	u32 dst_off;
};

static const struct cbdma_copy_shape copy_shapes[] = {
	{ 1, 0, 0 }, { 1, 1, 3 }, { 3, 5, 2 }, { 63, 1, 0 }, { 64, 0, 64 },
	{ 65, 63, 1 }, { 4095, 7, 4097 }, { 4096, 0, 4096 },
	{ 4097, 4095, 1 }, { BUF_SIZE / 2, 3, BUF_SIZE / 2 - 3 },
	{ BUF_SIZE, 0, 0 },
};

static void copy_shape_desc(const struct cbdma_copy_shape *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "len %u src+%u dst+%u", c->len,
		 c->src_off, c->dst_off);
}

KUNIT_ARRAY_PARAM(copy_shape, copy_shapes, copy_shape_desc);

static void cbdma_copy_shapes(struct kunit *test)
{
	const struct cbdma_copy_shape *c = test->param_value;
	struct cbdma_test *t = cbdma_test_sync(test);
	struct netdma_desc *d = &t->ring[0];

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, c->len, NETDMA_CTL_STATUS_UPDATE);
	d->src = cpu_to_le64(t->src_dma + c->src_off);
	d->dst = cpu_to_le64(t->dst_dma + c->dst_off);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, 0, memcmp(t->dst + c->dst_off,
					t->src + c->src_off, c->len));
	expect_untouched(test, t, 0, c->dst_off);
	expect_untouched(test, t, c->dst_off + c->len,
			 BUF_SIZE - c->dst_off - c->len);
	KUNIT_EXPECT_EQ(test, counters(t, 0).bytes, c->len);
}

/* 2^XFERCAP bytes is the largest transfer; one more is a LENGTH error. */
static void cbdma_xfercap_limit(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .xfercap_log = 12 };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);

	KUNIT_ASSERT_EQ(test, readb(t->regs + CBDMA_XFERCAP), 12);
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, SZ_4K, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, SZ_4K, SZ_4K + 1, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 2);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_LENGTH);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_HALTED);
	expect_copied(test, t, 0, SZ_4K);
	expect_untouched(test, t, SZ_4K, SZ_4K + 1);
}

/* Every channel runs on its own and signals its own MSI-X vector. */
static void cbdma_all_channels(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	unsigned int chan;

	for (chan = 0; chan < CBDMA_MAX_CHANNELS; chan++) {
		/* Slots 8 * chan.. of the shared ring: one chain each. */
		prep_copy(t, 8 * chan, chan * 1024, 1024,
			  NETDMA_CTL_INT_ON_COMPLETION);
		writew(CBDMA_CHANCTRL_RUN, chan_regs(t, chan) + CBDMA_CHANCTRL);
		chan_start(t, chan, 8 * chan);
	}
	for (chan = 0; chan < CBDMA_MAX_CHANNELS; chan++) {
		chan_issue(t, chan, 1);
		KUNIT_ASSERT_TRUE(test, wait_irq(t));
	}
	for (chan = 0; chan < CBDMA_MAX_CHANNELS; chan++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&t->irqs[chan]), 1);
		KUNIT_EXPECT_EQ(test, chansts(t, chan),
				desc_dma(t, 8 * chan) | NETDMA_STATUS_IDLE);
		KUNIT_EXPECT_EQ(test, counters(t, chan).descs, 1);
	}
	expect_copied(test, t, 0, CBDMA_MAX_CHANNELS * 1024);
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_ATTNSTATUS),
			GENMASK(CBDMA_MAX_CHANNELS - 1, 0));
}

/* Register kinds: RW, RO, RW1C, 64-bit halves, bad widths. */
static void cbdma_register_access(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	void __iomem *cr = chan_regs(t, 0);

	writeb(0xff, t->regs + CBDMA_GENCTRL);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_GENCTRL),
			CBDMA_GENCTRL_DEBUG_EN);
	writeb(0x3, t->regs + CBDMA_CHANCNT);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_CHANCNT),
			CBDMA_MAX_CHANNELS);
	writew(0xffff, cr + CBDMA_CHANCTRL);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), 0xf33d);
	writel(0xffffffff, cr + CBDMA_CHANERR_MASK);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHANERR_MASK),
			CBDMA_CHANERR_ALL);
	writel(0x12345678, cr + CBDMA_DCACTRL);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_DCACTRL), 0x12345678);

	writeq(0x1122334455667788ULL, cr + CBDMA_CHANCMP);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHANCMP_LOW), 0x55667788);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHANCMP_HIGH), 0x11223344);
	writel(0xaabbccdd, cr + CBDMA_CHANCMP_HIGH);
	KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CHANCMP),
			0xaabbccdd55667788ULL);
	/* A 16-bit access to a 64-bit register is not decoded. */
	writew(0, cr + CBDMA_CHANCMP);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCMP), 0);
	KUNIT_EXPECT_EQ(test, readq(cr + CBDMA_CHANCMP),
			0xaabbccdd55667788ULL);
	/* CHAINADDR's low half alone loads nothing. */
	writel(lower_32_bits(desc_dma(t, 0)), cr + CBDMA_CHAINADDR_LOW);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHANSTS_LOW),
			NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHANSTS_HIGH), 0);

	/* CHANERR is write-1-to-clear, bit by bit. */
	writeq(BIT_ULL(50), cr + CBDMA_CHANCMP);
	chan_cmd(t, 0, CBDMA_CHANCMD_START | CBDMA_CHANCMD_APPEND);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_CHANCMD);
	writel(CBDMA_CHANERR_SRC_ADDR, cr + CBDMA_CHANERR);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_CHANCMD);
	writel(CBDMA_CHANERR_CHANCMD, cr + CBDMA_CHANERR);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), 0);
	KUNIT_EXPECT_EQ(test, cbdma_model_mmio_count(t->model,
						     CBDMA_CHAN_BASE(0) +
						     CBDMA_CHANERR, false), 3);
}

/* Clearing CHANERR (no RESET) lets a halted channel load a new chain. */
static void cbdma_clear_chanerr_restart(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_SRC_READ, 0));
	chan_issue(t, 0, 2);
	KUNIT_ASSERT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_READ_DATA);
	KUNIT_EXPECT_EQ(test, completion_word(t), NETDMA_STATUS_HALTED);
	writel(chanerr(t, 0), chan_regs(t, 0) + CBDMA_CHANERR);
	chan_start(t, 0, 0);
	KUNIT_EXPECT_EQ(test, chansts(t, 0), NETDMA_STATUS_ARMED);
	chan_issue(t, 0, 2);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 1) | NETDMA_STATUS_IDLE);
	expect_copied(test, t, 0, 1024);
	KUNIT_EXPECT_EQ(test, counters(t, 0).resets, 0);
}

/* Loading a chain under a running one is a CHAIN_ADDR_VALUE error. */
static void cbdma_chain_addr_while_running(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_work(test);

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_HANG, 1));
	chan_issue(t, 0, 2);
	cbdma_model_flush(t->model);
	chan_start(t, 0, 5);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_CHAIN_ADDR_VALUE);
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, readq(chan_regs(t, 0) + CBDMA_CDAR),
			desc_dma(t, 1));
	recover_and_finish(test, t, 1, 1);
}

/* ioatdma's bring-up: reset, poll, NULL descriptor, poll for ACTIVE/IDLE. */
static void cbdma_ioatdma_bringup(struct kunit *test)
{
	struct cbdma_test *t = cbdma_test_sync(test);
	void __iomem *cr = chan_regs(t, 0);
	struct netdma_desc *d = &t->ring[0];
	u64 status;

	KUNIT_ASSERT_GE(test, readb(t->regs + CBDMA_VER), 0x30);
	/* ioat_reset_hw(): CHANERR back, RESET, poll CHANCMD. */
	writel(readl(cr + CBDMA_CHANERR), cr + CBDMA_CHANERR);
	writeb(CBDMA_CHANCMD_RESET, cr + CBDMA_CHANCMD);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD) &
			CBDMA_CHANCMD_RESET, 0);
	/* ioat_alloc_chan_resources() and __ioat_start_null_desc() */
	writew(CBDMA_CHANCTRL_RUN, cr + CBDMA_CHANCTRL);
	writel(lower_32_bits(t->completion_dma), cr + CBDMA_CHANCMP_LOW);
	writel(upper_32_bits(t->completion_dma), cr + CBDMA_CHANCMP_HIGH);
	d->transfer_size = cpu_to_le32(1);
	d->control = cpu_to_le32(NETDMA_CTL_NULL |
				 NETDMA_CTL_INT_ON_COMPLETION |
				 NETDMA_CTL_STATUS_UPDATE);
	d->src = 0;
	d->dst = 0;
	chan_start(t, 0, 0);
	chan_issue(t, 0, 1);
	status = readq(cr + CBDMA_CHANSTS) & CBDMA_CHANSTS_STATUS_MASK;
	KUNIT_EXPECT_TRUE(test,
			  status == NETDMA_STATUS_ACTIVE ||
			  status == NETDMA_STATUS_IDLE);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, completion_word(t),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	/* ioat_quiesce() of an idle channel: SUSPEND, poll. */
	writeb(CBDMA_CHANCMD_SUSPEND, cr + CBDMA_CHANCMD);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_SUSPENDED);
}

/*
 * All channels at once from work items, each with its own ring and
 * completion word, many small appends: the per-channel state stays apart
 * under concurrency (and lockdep sees every lock path).
 */
static void cbdma_concurrent_channels(struct kunit *test)
{
	const unsigned int per_chan = 256, len = 61;
	struct cbdma_test *t = cbdma_test_work(test);
	struct netdma_desc *ring[CBDMA_MAX_CHANNELS];
	dma_addr_t ring_dma[CBDMA_MAX_CHANNELS], cmp_dma[CBDMA_MAX_CHANNELS];
	__le64 *cmp[CBDMA_MAX_CHANNELS];
	unsigned int chan, i, issued;
	size_t off;

	for (chan = 0; chan < CBDMA_MAX_CHANNELS; chan++) {
		void __iomem *cr = chan_regs(t, chan);

		ring[chan] = cbdma_test_alloc(t, per_chan * NETDMA_DESC_SIZE,
					      &ring_dma[chan]);
		cmp[chan] = cbdma_test_alloc(t, sizeof(u64), &cmp_dma[chan]);
		for (i = 0; i < per_chan; i++) {
			struct netdma_desc *d = &ring[chan][i];

			off = (chan * per_chan + i) * len;
			d->transfer_size = cpu_to_le32(len);
			d->control = cpu_to_le32(NETDMA_CTL_STATUS_UPDATE);
			d->src = cpu_to_le64(t->src_dma + off);
			d->dst = cpu_to_le64(t->dst_dma + off);
			d->next = cpu_to_le64(ring_dma[chan] +
					      ((i + 1) % per_chan) *
					      NETDMA_DESC_SIZE);
		}
		writew(CBDMA_CHANCTRL_RUN, cr + CBDMA_CHANCTRL);
		writeq(cmp_dma[chan], cr + CBDMA_CHANCMP);
		writeq(ring_dma[chan], cr + CBDMA_CHAINADDR);
	}
	for (issued = 0; issued < per_chan; issued += 8)
		for (chan = 0; chan < CBDMA_MAX_CHANNELS; chan++)
			writew(issued + 8, chan_regs(t, chan) + CBDMA_DMACOUNT);
	cbdma_model_flush(t->model);

	for (chan = 0; chan < CBDMA_MAX_CHANNELS; chan++) {
		KUNIT_EXPECT_EQ(test, le64_to_cpu(READ_ONCE(*cmp[chan])),
				(ring_dma[chan] + (per_chan - 1) *
				 NETDMA_DESC_SIZE) | NETDMA_STATUS_IDLE);
		KUNIT_EXPECT_EQ(test, counters(t, chan).descs, per_chan);
		KUNIT_EXPECT_EQ(test, counters(t, chan).doorbells, per_chan / 8);
	}
	expect_copied(test, t, 0, CBDMA_MAX_CHANNELS * per_chan * len);
}

static struct {
	int ver;
	int chancnt;
	int irq_count;
	int irq[CBDMA_MAX_CHANNELS];
} cbdma_pd_probed;

static int cbdma_pd_probe(struct platform_device *pdev)
{
	void __iomem *regs = devm_platform_ioremap_resource(pdev, 0);
	int i;

	if (IS_ERR(regs))
		return PTR_ERR(regs);
	cbdma_pd_probed.ver = readb(regs + CBDMA_VER);
	cbdma_pd_probed.chancnt = readb(regs + CBDMA_CHANCNT);
	cbdma_pd_probed.irq_count = platform_irq_count(pdev);
	for (i = 0; i < cbdma_pd_probed.chancnt && i < CBDMA_MAX_CHANNELS; i++)
		cbdma_pd_probed.irq[i] = platform_get_irq(pdev, i);
	return 0;
}

static struct platform_driver cbdma_pd_driver = {
	.probe = cbdma_pd_probe,
	.driver = {
		.name = "cbdma-model-pd-test",
	},
};

/* A platform device made of the model's resources probes like hardware. */
static void cbdma_platform_device(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 3 };
	struct resource res[CBDMA_MODEL_MAX_RESOURCES];
	struct platform_device *pdev;
	struct cbdma_model *model;
	int n, i;

	model = kunit_cbdma_model_create(test, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, model);
	KUNIT_EXPECT_EQ(test, cbdma_model_resources(model, res, 3), -ENOSPC);
	n = cbdma_model_resources(model, res, ARRAY_SIZE(res));
	KUNIT_ASSERT_EQ(test, n, 4);

	memset(&cbdma_pd_probed, 0, sizeof(cbdma_pd_probed));
	pdev = kunit_platform_device_alloc(test, cbdma_pd_driver.driver.name,
					   PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	KUNIT_ASSERT_EQ(test, 0, platform_device_add_resources(pdev, res, n));
	KUNIT_ASSERT_EQ(test, 0, kunit_platform_device_add(test, pdev));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_platform_driver_register(test, &cbdma_pd_driver));

	KUNIT_EXPECT_EQ(test, cbdma_pd_probed.ver, CBDMA_VER_3_3);
	KUNIT_EXPECT_EQ(test, cbdma_pd_probed.chancnt, 3);
	KUNIT_EXPECT_EQ(test, cbdma_pd_probed.irq_count, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, cbdma_pd_probed.irq[i],
				cbdma_model_irq(model, i));
}

/*
 * cmd_us: a command takes effect that long after its CHANCMD write.
 * Meanwhile CHANCMD reads it back and CHANSTS keeps the state from before;
 * a command written meanwhile replaces it (counted); the timer carries it
 * out with no register access (the SUSPEND's completion word appears on
 * its own); a function reset drops one still waiting. 100 ms, so that no
 * host delay between a write and the next read reaches it.
 */
static void cbdma_cmd_time(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .cmd_us = 100000 };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);
	void __iomem *cr = chan_regs(t, 0);
	unsigned long timeout;
	ktime_t start;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chansts(t, 0),
			desc_dma(t, 0) | NETDMA_STATUS_IDLE);
	WRITE_ONCE(*t->completion, cpu_to_le64(NETDMA_STATUS_ARMED));

	/* Waiting: read back, the old state; then done, by the timer alone. */
	start = ktime_get();
	chan_cmd(t, 0, CBDMA_CHANCMD_SUSPEND);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), CBDMA_CHANCMD_SUSPEND);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_IDLE);
	timeout = jiffies + HZ;
	while (completion_word(t) == NETDMA_STATUS_ARMED &&
	       time_before(jiffies, timeout))
		msleep(20);
	KUNIT_EXPECT_EQ_MSG(test, completion_word(t),
			    desc_dma(t, 0) | NETDMA_STATUS_SUSPENDED,
			    "no completion word from the SUSPEND's timer");
	KUNIT_EXPECT_GE(test, ktime_us_delta(ktime_get(), start), 100000);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), 0);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_SUSPENDED);
	KUNIT_EXPECT_EQ(test, counters(t, 0).cmds_delayed, 1);

	/* A RESUME replaced by a RESET: the RESET lands, on a poll. */
	chan_cmd(t, 0, CBDMA_CHANCMD_RESUME);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, counters(t, 0).cmds_replaced, 1);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), CBDMA_CHANCMD_RESET);
	timeout = jiffies + HZ;
	while ((readb(cr + CBDMA_CHANCMD) & CBDMA_CHANCMD_RESET) &&
	       time_before(jiffies, timeout))
		usleep_range(1000, 2000);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), 0);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, counters(t, 0).resets, 1);

	/* A function reset loses a command still waiting. */
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	cbdma_model_function_reset(t->model);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHANCMD), 0);
	msleep(150);
	KUNIT_EXPECT_EQ(test, counters(t, 0).resets, 1);
	KUNIT_EXPECT_EQ(test, counters(t, 0).cmds_delayed, 4);
}

static struct kunit_case cbdma_model_cases[] = {
	KUNIT_CASE(cbdma_reset_values),
	KUNIT_CASE_PARAM(cbdma_single_copy, exec_mode_gen_params),
	KUNIT_CASE_PARAM(cbdma_chain_appends, exec_mode_gen_params),
	KUNIT_CASE_PARAM(cbdma_interrupt_rules, exec_mode_gen_params),
	KUNIT_CASE(cbdma_interrupt_coalescing),
	KUNIT_CASE(cbdma_null_transfer),
	KUNIT_CASE(cbdma_no_copy_mode),
	KUNIT_CASE(cbdma_timed_exec),
	KUNIT_CASE(cbdma_suspend_resume_idle),
	KUNIT_CASE(cbdma_suspend_abort_busy),
	KUNIT_CASE(cbdma_shared_vector),
	KUNIT_CASE(cbdma_two_instances),
	KUNIT_CASE_PARAM(cbdma_copy_shapes, copy_shape_gen_params),
	KUNIT_CASE(cbdma_xfercap_limit),
	KUNIT_CASE(cbdma_all_channels),
	KUNIT_CASE(cbdma_concurrent_channels),
	KUNIT_CASE(cbdma_register_access),
	KUNIT_CASE(cbdma_ioatdma_bringup),
	KUNIT_CASE(cbdma_platform_device),
	{}
};

static struct kunit_suite cbdma_model_suite = {
	.name = "cbdma_model",
	.test_cases = cbdma_model_cases,
};

static const bool strict_modes[] = { false, true };

static void strict_mode_desc(const bool *strict, char *desc)
{
	strscpy(desc, *strict ? "strict" : "contract", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(strict_mode, strict_modes, strict_mode_desc);

/*
 * What strict mode changes (Documentation/cbdma-hw.rst, "Contract and
 * silicon"), against the contract's behaviour: a CHANCTRL read sets
 * IN_USE, which RESET keeps and a write of 0 clears; RESUME and ABORT are
 * ignored; an error halt writes no completion word; an event while the
 * channel is disarmed is dropped rather than signalled at the re-arm.
 */
static void cbdma_strict_knobs(struct kunit *test)
{
	const bool strict = *(const bool *)test->param_value;
	const struct cbdma_model_config cfg = { .strict = strict };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);
	void __iomem *cr = chan_regs(t, 0);
	const u16 in_use = strict ? CBDMA_CHANCTRL_CHANNEL_IN_USE : 0;
	const u32 irq = NETDMA_CTL_STATUS_UPDATE | NETDMA_CTL_INT_ON_COMPLETION;
	u64 word;

	/* IN_USE: set by a read (strict), kept by RESET, cleared by 0. */
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), 0);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), in_use);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), in_use);
	writew(0, cr + CBDMA_CHANCTRL);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL) &
			CBDMA_CHANCTRL_CHANNEL_IN_USE, 0);

	/* SUSPEND, then RESUME: the channel runs on only without strict. */
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t->model, 0, true));
	chan_issue(t, 0, 1);
	chan_cmd(t, 0, CBDMA_CHANCMD_SUSPEND);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_stall(t->model, 0, false));
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_SUSPENDED);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESUME);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			strict ? NETDMA_STATUS_SUSPENDED : NETDMA_STATUS_IDLE);
	chan_cmd(t, 0, CBDMA_CHANCMD_ABORT);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			strict ? NETDMA_STATUS_SUSPENDED : NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, counters(t, 0).cmds_ignored, strict ? 2 : 0);

	/* An error halt: the word says HALTED only without strict. */
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	chan_setup(t, 0);
	chan_start(t, 0, 1);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	WRITE_ONCE(*t->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_SRC_READ, 0));
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_READ_DATA);
	word = completion_word(t);
	KUNIT_EXPECT_EQ(test, word & NETDMA_STATUS_MASK,
			strict ? NETDMA_STATUS_ARMED : NETDMA_STATUS_HALTED);
	KUNIT_ASSERT_TRUE(test, wait_irq(t));	/* ERR_INT_EN; now disarmed */

	/* An event while disarmed: signalled at the re-arm only without strict. */
	writel(chanerr(t, 0), cr + CBDMA_CHANERR);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	writew(CBDMA_CHANCTRL_ERR_COMPLETION_EN, cr + CBDMA_CHANCTRL);
	writel(lower_32_bits(t->completion_dma), cr + CBDMA_CHANCMP_LOW);
	writel(upper_32_bits(t->completion_dma), cr + CBDMA_CHANCMP_HIGH);
	chan_start(t, 0, 2);
	prep_copy(t, 2, 1024, 512, irq);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, counters(t, 0).events_dropped, strict ? 1 : 0);
	writew(CBDMA_CHANCTRL_RUN, cr + CBDMA_CHANCTRL);
	if (strict)
		KUNIT_EXPECT_TRUE(test, no_irq(t));
	else
		KUNIT_EXPECT_TRUE(test, wait_irq(t));
	expect_copied(test, t, 1024, 512);

	/*
	 * An address beyond the address width (narrowed below UML's RAM):
	 * a fault, counted, only with strict; without, the copy runs.
	 */
	chan_cmd(t, 0, CBDMA_CHANCMD_SUSPEND);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	chan_setup(t, 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_set_addr_bits(t->model, 12));
	KUNIT_EXPECT_EQ(test, cbdma_model_set_addr_bits(t->model, 65), -EINVAL);
	chan_start(t, 0, 3);
	prep_copy(t, 3, 1536, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			strict ? NETDMA_STATUS_HALTED : NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0),
			strict ? CBDMA_CHANERR_CHAIN_ADDR_VALUE : 0);
	KUNIT_EXPECT_EQ(test, counters(t, 0).addr_faults, strict ? 1 : 0);
	if (strict)
		expect_untouched(test, t, 1536, 512);
	else
		expect_copied(test, t, 1536, 512);
	KUNIT_EXPECT_EQ(test, 0, cbdma_model_set_addr_bits(t->model, 64));
}

/* The Intel personalities' identity: ID in config space, VER, one channel. */
static void cbdma_model_personality_id(struct kunit *test)
{
	static const struct {
		enum cbdma_model_personality pers;
		u16 device;
		u8 ver;
		u8 addr_bits;
	} ids[] = {
		{ CBDMA_MODEL_TEST, CBDMA_PCI_DEVICE_ID, 0x33, 64 },
		{ CBDMA_MODEL_BDX, 0x6f20, 0x32, 64 },
		{ CBDMA_MODEL_SKX, 0x2021, 0x33, 64 },
		{ CBDMA_MODEL_BWD, 0x0c50, 0x33, 64 },
		{ CBDMA_MODEL_BDXDE, 0x6f50, 0x33, 64 },
		{ CBDMA_MODEL_ICX, 0x0b00, 0x34, 64 },
		{ CBDMA_MODEL_JSF, 0x3710, 0x32, 40 },
	};
	struct cbdma_model_config cfg = { };
	struct cbdma_model *model;
	void __iomem *regs;
	u16 vendor, device;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		cfg.personality = ids[i].pers;
		model = kunit_cbdma_model_create(test, &cfg);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, model);
		regs = ioremap(cbdma_model_resource(model)->start, CBDMA_MMIO_SIZE);
		KUNIT_ASSERT_NOT_NULL(test, regs);
		cbdma_model_pci_id(model, &vendor, &device);
		KUNIT_EXPECT_EQ(test, device, ids[i].device);
		KUNIT_EXPECT_EQ(test, cbdma_model_config_read(model, CBDMA_MODEL_CFG_ID),
				vendor | (u32)device << 16);
		KUNIT_EXPECT_EQ(test, readb(regs + CBDMA_VER), ids[i].ver);
		KUNIT_EXPECT_EQ(test, readb(regs + CBDMA_CHANCNT),
				ids[i].pers == CBDMA_MODEL_TEST ? CBDMA_MAX_CHANNELS : 1);
		KUNIT_EXPECT_EQ(test, cbdma_model_addr_bits(model), ids[i].addr_bits);
		iounmap(regs);
	}
	/* Silicon has one channel per function: more is refused. */
	cfg.personality = CBDMA_MODEL_BDX;
	cfg.channels = 2;
	model = cbdma_model_create(&cfg);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(model), -EINVAL);
	if (!IS_ERR(model))
		cbdma_model_destroy(model);
}

/*
 * Strict BDX: an error latches CHANERR_INT, and while it is set a chain is
 * not loaded (counted); written back, the channel runs again. Without
 * strict nothing latches.
 */
static void cbdma_model_chanerr_int(struct kunit *test)
{
	const bool strict = *(const bool *)test->param_value;
	const struct cbdma_model_config cfg = { .personality = CBDMA_MODEL_BDX,
						.strict = strict };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);
	void __iomem *cr = chan_regs(t, 0);
	u32 latched;

	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, NETDMA_CTL_STATUS_UPDATE);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_inject(t->model, 0,
						    CBDMA_FAULT_SRC_READ, 0));
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_READ_DATA);
	latched = cbdma_model_config_read(t->model, CBDMA_MODEL_CFG_CHANERR_INT);
	KUNIT_EXPECT_EQ(test, latched, strict ? CBDMA_CHANERR_READ_DATA : 0);

	writel(chanerr(t, 0), cr + CBDMA_CHANERR);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	chan_setup(t, 0);
	chan_start(t, 0, 1);
	prep_copy(t, 1, 512, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			strict ? NETDMA_STATUS_HALTED : NETDMA_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, counters(t, 0).loads_refused, strict ? 1 : 0);

	cbdma_model_config_write(t->model, CBDMA_MODEL_CFG_CHANERR_INT, latched);
	KUNIT_EXPECT_EQ(test, cbdma_model_config_read(t->model,
						      CBDMA_MODEL_CFG_CHANERR_INT), 0);
	chan_cmd(t, 0, CBDMA_CHANCMD_SUSPEND);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	chan_setup(t, 0);
	chan_start(t, 0, 2);
	prep_copy(t, 2, 1024, 512, NETDMA_CTL_STATUS_UPDATE);
	chan_issue(t, 0, 1);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_IDLE);
	expect_copied(test, t, 1024, 512);
}

/*
 * BWD: RESET zeroes and masks MSI-X entry 0; the vector's message waits in
 * the PBA and is sent when the entry is unmasked. BDX's RESET leaves it.
 */
static void cbdma_model_msix_clobber(struct kunit *test)
{
	const struct cbdma_model_config bwd = { .personality = CBDMA_MODEL_BWD };
	const struct cbdma_model_config bdx = { .personality = CBDMA_MODEL_BDX };
	const u32 irq = NETDMA_CTL_STATUS_UPDATE | NETDMA_CTL_INT_ON_COMPLETION;
	struct cbdma_test *t = cbdma_test_create(test, &bwd);
	struct cbdma_test *u = cbdma_test_create(test, &bdx);
	u32 table, pba, addr, data;

	cbdma_model_msix_layout(t->model, &table, &pba);
	KUNIT_EXPECT_EQ(test, table, 0x1000);
	KUNIT_EXPECT_EQ(test, pba, 0x1800);
	addr = readl(t->regs + table);
	data = readl(t->regs + table + 8);
	KUNIT_EXPECT_NE(test, addr, 0);
	KUNIT_EXPECT_FALSE(test, cbdma_model_msix_masked(t->model, 0));

	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_TRUE(test, cbdma_model_msix_masked(t->model, 0));
	KUNIT_EXPECT_EQ(test, readl(t->regs + table), 0);
	chan_setup(t, 0);
	chan_start(t, 0, 0);
	prep_copy(t, 0, 0, 512, irq);
	chan_issue(t, 0, 1);
	expect_copied(test, t, 0, 512);
	KUNIT_EXPECT_TRUE(test, no_irq(t));
	KUNIT_EXPECT_EQ(test, readl(t->regs + pba), 1);
	/* Restored as a driver does: the pending message goes out. */
	writel(addr, t->regs + table);
	writel(data, t->regs + table + 8);
	writel(0, t->regs + table + CBDMA_MODEL_MSIX_CTRL);
	KUNIT_EXPECT_TRUE(test, wait_irq(t));
	KUNIT_EXPECT_EQ(test, readl(t->regs + pba), 0);

	cbdma_model_msix_layout(u->model, &table, &pba);
	chan_cmd(u, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_FALSE(test, cbdma_model_msix_masked(u->model, 0));
	KUNIT_EXPECT_NE(test, readl(u->regs + table), 0);
}

/* ICX: the 3.4 channel registers are stored; RESET clears them. */
static void cbdma_model_v34_regs(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .personality = CBDMA_MODEL_ICX };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);
	void __iomem *cr = chan_regs(t, 0);

	writel(CBDMA_CHAN_LTR_ACTIVE_VAL, cr + CBDMA_CHAN_LTR_ACTIVE);
	writel(CBDMA_CHAN_LTR_IDLE_VAL, cr + CBDMA_CHAN_LTR_IDLE);
	writeb(CBDMA_CHAN_LTR_SWSEL_IDLE, cr + CBDMA_CHAN_LTR_SWSEL);
	writew(0x0300, cr + CBDMA_CHAN_DRSCTL);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHAN_LTR_ACTIVE), CBDMA_CHAN_LTR_ACTIVE_VAL);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHAN_LTR_IDLE), CBDMA_CHAN_LTR_IDLE_VAL);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHAN_LTR_SWSEL), CBDMA_CHAN_LTR_SWSEL_IDLE);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHAN_DRSCTL), 0x0300);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, readl(cr + CBDMA_CHAN_LTR_ACTIVE), 0);
	KUNIT_EXPECT_EQ(test, readb(cr + CBDMA_CHAN_LTR_SWSEL), 0);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHAN_DRSCTL), 0);
	KUNIT_EXPECT_EQ(test, readl(t->regs + CBDMA_DMACAP) & CBDMA_CAP_DPS, 0);
}

/*
 * A function reset clears IN_USE (unlike RESET) and config space; another
 * agent's claim sets it; a reset fault leaves CHANERR set after RESET.
 */
static void cbdma_model_function_reset_knobs(struct kunit *test)
{
	const struct cbdma_model_config cfg = { .channels = 2, .strict = true };
	struct cbdma_test *t = cbdma_test_create(test, &cfg);
	void __iomem *cr = chan_regs(t, 0);

	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), 0);	/* the claim */
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), CBDMA_CHANCTRL_CHANNEL_IN_USE);
	cbdma_model_function_reset(t->model);
	KUNIT_EXPECT_EQ(test, readw(cr + CBDMA_CHANCTRL), 0);
	KUNIT_EXPECT_EQ(test, readb(t->regs + CBDMA_INTRCTRL), 0);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_agent_claim(t->model, 1));
	KUNIT_EXPECT_EQ(test, readw(chan_regs(t, 1) + CBDMA_CHANCTRL),
			CBDMA_CHANCTRL_CHANNEL_IN_USE);
	KUNIT_EXPECT_EQ(test, cbdma_model_agent_claim(t->model, 2), -EINVAL);

	KUNIT_ASSERT_EQ(test, 0, cbdma_model_reset_fault(t->model, 0,
							 CBDMA_CHANERR_READ_DATA));
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), CBDMA_CHANERR_READ_DATA);
	KUNIT_EXPECT_EQ(test, chansts(t, 0) & CBDMA_CHANSTS_STATUS_MASK,
			NETDMA_STATUS_HALTED);
	KUNIT_ASSERT_EQ(test, 0, cbdma_model_reset_fault(t->model, 0, 0));
	writel(chanerr(t, 0), cr + CBDMA_CHANERR);
	chan_cmd(t, 0, CBDMA_CHANCMD_RESET);
	KUNIT_EXPECT_EQ(test, chanerr(t, 0), 0);
}

static struct kunit_case cbdma_model_fault_cases[] = {
	KUNIT_CASE_PARAM(cbdma_injected_error, halting_fault_gen_params),
	KUNIT_CASE_PARAM(cbdma_descriptor_error, desc_error_gen_params),
	KUNIT_CASE(cbdma_chain_addr_error),
	KUNIT_CASE(cbdma_completion_addr_error),
	KUNIT_CASE(cbdma_chancmd_error),
	KUNIT_CASE(cbdma_clear_chanerr_restart),
	KUNIT_CASE(cbdma_chain_addr_while_running),
	KUNIT_CASE_PARAM(cbdma_hang_then_abort, exec_mode_gen_params),
	KUNIT_CASE_PARAM(cbdma_hang_then_reset, exec_mode_gen_params),
	KUNIT_CASE(cbdma_dropped_irq),
	KUNIT_CASE(cbdma_held_irq),
	KUNIT_CASE(cbdma_spurious_irq),
	KUNIT_CASE(cbdma_bad_completion),
	KUNIT_CASE(cbdma_slow_device),
	KUNIT_CASE_PARAM(cbdma_strict_knobs, strict_mode_gen_params),
	KUNIT_CASE(cbdma_cmd_time),
	KUNIT_CASE(cbdma_model_personality_id),
	KUNIT_CASE_PARAM(cbdma_model_chanerr_int, strict_mode_gen_params),
	KUNIT_CASE(cbdma_model_msix_clobber),
	KUNIT_CASE(cbdma_model_v34_regs),
	KUNIT_CASE(cbdma_model_function_reset_knobs),
	{}
};

static struct kunit_suite cbdma_model_fault_suite = {
	.name = "cbdma_model_faults",
	.test_cases = cbdma_model_fault_cases,
};

kunit_test_suites(&cbdma_model_suite, &cbdma_model_fault_suite);

MODULE_DESCRIPTION("KUnit tests for the cbdma controller model");
MODULE_LICENSE("GPL");
