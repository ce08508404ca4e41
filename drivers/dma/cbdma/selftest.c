// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma probe self-test: one small copy per channel, driven through the
 * registers directly (the shim is not registered yet) and verified before
 * the channel is offered. A channel that fails is left out with a log line;
 * the others still serve.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iopoll.h>
#include <linux/string.h>

#include "cbdma.h"

#define CBDMA_SELFTEST_LEN		64
#define CBDMA_SELFTEST_TIMEOUT_US	100000

/* One coherent block: descriptor, completion word, source, destination. */
struct cbdma_selftest_buf {
	struct netdma_desc desc;
	__aligned(64) __le64 completion;
	__aligned(64) u8 src[CBDMA_SELFTEST_LEN];
	__aligned(64) u8 dst[CBDMA_SELFTEST_LEN];
};

static u64 cbdma_selftest_word(struct cbdma_selftest_buf *buf)
{
	return le64_to_cpu(READ_ONCE(buf->completion));
}

/**
 * cbdma_selftest_chan() - copy CBDMA_SELFTEST_LEN bytes on one channel
 * @chan: the channel, interrupts disabled at INTRCTRL
 *
 * The descriptor asks for a completion word and no interrupt; the channel
 * is reset afterwards, whatever happened.
 *
 * Context: process (polls with sleeps).
 * Return: 0 when the copy completed, the word named the descriptor as IDLE
 * and the data matches; -ENOMEM, -ETIMEDOUT or -EIO otherwise.
 */
int cbdma_selftest_chan(struct cbdma_chan *chan)
{
	struct device *dev = chan->cd->dev;
	struct cbdma_selftest_buf *buf;
	const char *problem = NULL;
	u32 chanerr = 0;
	dma_addr_t dma;
	u64 word = 0;
	int ret, i;

	buf = dma_alloc_coherent(dev, sizeof(*buf), &dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < CBDMA_SELFTEST_LEN; i++)
		buf->src[i] = 0xa5 ^ (i * 7) ^ chan->hw_index;
	memset(buf->dst, 0, sizeof(buf->dst));
	buf->desc.transfer_size = cpu_to_le32(CBDMA_SELFTEST_LEN);
	buf->desc.control = cpu_to_le32(NETDMA_CTL_STATUS_UPDATE);
	buf->desc.src = cpu_to_le64(dma + offsetof(struct cbdma_selftest_buf, src));
	buf->desc.dst = cpu_to_le64(dma + offsetof(struct cbdma_selftest_buf, dst));
	/* Never fetched (DMACOUNT is 1), but a chain's next is always valid. */
	buf->desc.next = cpu_to_le64(dma);
	buf->completion = cpu_to_le64(NETDMA_STATUS_ARMED);

	ret = cbdma_chan_hw_reset(chan, true);
	if (ret) {
		problem = "reset timed out";
		goto out;
	}
	cbdma_chan_write_ctrl(chan, CBDMA_CHANCTRL_ERR_COMPLETION_EN |
			      CBDMA_CHANCTRL_ANY_ERR_ABORT_EN);
	lo_hi_writeq(dma + offsetof(struct cbdma_selftest_buf, completion),
		     chan->regs + CBDMA_CHANCMP);
	/* Descriptor and data are in memory before the device is told. */
	dma_wmb();
	lo_hi_writeq(dma, chan->regs + CBDMA_CHAINADDR);
	writew(1, chan->regs + CBDMA_DMACOUNT);

	ret = read_poll_timeout(cbdma_selftest_word, word,
				(word & NETDMA_STATUS_MASK) != NETDMA_STATUS_ARMED,
				10, CBDMA_SELFTEST_TIMEOUT_US, false, buf);
	chanerr = readl(chan->regs + CBDMA_CHANERR);
	if (ret) {
		problem = "no completion";
	} else if (word != (dma | NETDMA_STATUS_IDLE)) {
		problem = "wrong completion word";
		ret = -EIO;
	} else {
		dma_rmb();
		if (memcmp(buf->src, buf->dst, CBDMA_SELFTEST_LEN)) {
			problem = "data mismatch";
			ret = -EIO;
		}
	}
	cbdma_chan_hw_reset(chan, true);
out:
	if (problem)
		dev_err(dev, "chan %u: self-test failed (%s, completion %#llx, CHANERR %#x), channel left out\n",
			chan->hw_index, problem, word, chanerr);
	dma_free_coherent(dev, sizeof(*buf), buf, dma);
	return ret;
}
