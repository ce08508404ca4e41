// SPDX-License-Identifier: GPL-2.0
/*
 * A NetDMA client for the end-to-end run (scripts/e2e.sh): for each online
 * CPU it asks the shim for a channel with netdma_request_channel() and that
 * CPU's mask, runs copies with DMA_PREP_INTERRUPT whose callbacks record
 * the CPU they run on, checks the data, and prints one line per request:
 *
 *   netdma_client: mask N chan NAME cpu R callbacks CPU:COUNT... ok O err E bad B
 *
 * N is the requested CPU, R the CPU the shim reports, then the CPUs the
 * callbacks ran on, counted. With every channel held, it then gives back
 * one channel and asks again for the first CPU, whose channel is still
 * taken: the shim falls back to the free channel, and the line starts with
 * "fallback". Errors (a descriptor fault injected in the model) are counted
 * in E; B counts copies reported good whose data is wrong, or timeouts.
 * Ends with "netdma_client: done, R requests, E errors, B bad". The run
 * is all in init; unload the module afterwards.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/module.h>
#include <linux/netdma.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

static unsigned int copies = 16;
module_param(copies, uint, 0444);
MODULE_PARM_DESC(copies, "copies per request (default 16)");

static unsigned int size = 4096;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes per copy (default 4096)");

struct nc_copy {
	struct completion done;
	enum dmaengine_tx_result result;
	int cpu;
};

struct nc_req {
	struct dma_chan *chan;
	unsigned int mask_cpu;
	unsigned int cpu;
};

static unsigned int nc_requests, nc_errors, nc_bad;

static void nc_callback(void *arg, const struct dmaengine_result *res)
{
	struct nc_copy *c = arg;

	c->cpu = smp_processor_id();
	c->result = res ? res->result : DMA_TRANS_NOERROR;
	complete(&c->done);
}

/* One copy: 0 when done and checked, -EIO on an error result, else bad. */
static int nc_one(struct dma_chan *chan, u8 *src, u8 *dst, int *cpu)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t s, d;
	struct nc_copy c;
	int ret = -ETIMEDOUT;

	get_random_bytes(src, size);
	memset(dst, 0, size);
	init_completion(&c.done);
	c.cpu = -1;
	s = dma_map_single(dev, src, size, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, s))
		return -ENOMEM;
	d = dma_map_single(dev, dst, size, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d)) {
		dma_unmap_single(dev, s, size, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	tx = dmaengine_prep_dma_memcpy(chan, d, s, size,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!tx) {
		ret = -EBUSY;
		goto unmap;
	}
	tx->callback_result = nc_callback;
	tx->callback_param = &c;
	if (dma_submit_error(dmaengine_submit(tx))) {
		ret = -EIO;
		goto unmap;
	}
	dma_async_issue_pending(chan);
	if (!wait_for_completion_timeout(&c.done, msecs_to_jiffies(10000))) {
		/* The callback may still come: stop the channel first. */
		dmaengine_terminate_sync(chan);
		goto unmap;
	}
	*cpu = c.cpu;
	if (c.result != DMA_TRANS_NOERROR)
		ret = -EIO;
	else
		ret = 0;
unmap:
	dma_unmap_single(dev, d, size, DMA_FROM_DEVICE);
	dma_unmap_single(dev, s, size, DMA_TO_DEVICE);
	if (!ret && memcmp(src, dst, size))
		ret = -EILSEQ;
	return ret;
}

static void nc_run(struct nc_req *r, const char *what, u8 *src, u8 *dst)
{
	unsigned int counts[NR_CPUS > 64 ? 64 : NR_CPUS] = { };
	unsigned int i, ok = 0, err = 0, bad = 0, other = 0;
	char line[256];
	int len, cpu;

	for (i = 0; i < copies; i++) {
		cpu = -1;
		switch (nc_one(r->chan, src, dst, &cpu)) {
		case 0:
			ok++;
			break;
		case -EIO:
			err++;
			break;
		default:
			bad++;
		}
		if (cpu >= 0 && cpu < ARRAY_SIZE(counts))
			counts[cpu]++;
		else if (cpu >= 0)
			other++;
	}
	len = scnprintf(line, sizeof(line), "%smask %u chan %s cpu %u callbacks",
			what, r->mask_cpu, dma_chan_name(r->chan), r->cpu);
	for (i = 0; i < ARRAY_SIZE(counts); i++)
		if (counts[i])
			len += scnprintf(line + len, sizeof(line) - len,
					 " %u:%u", i, counts[i]);
	if (other)
		len += scnprintf(line + len, sizeof(line) - len, " ?:%u", other);
	pr_info("netdma_client: %s ok %u err %u bad %u\n", line, ok, err, bad);
	nc_requests++;
	nc_errors += err;
	nc_bad += bad;
}

static int __init nc_init(void)
{
	struct nc_req *reqs, fb;
	unsigned int cpu, n = 0, i;
	u8 *src, *dst;

	if (!size || !copies)
		return -EINVAL;
	reqs = kcalloc(nr_cpu_ids, sizeof(*reqs), GFP_KERNEL);
	src = kmalloc(size, GFP_KERNEL);
	dst = kmalloc(size, GFP_KERNEL);
	if (!reqs || !src || !dst)
		goto out;

	for_each_online_cpu(cpu) {
		struct nc_req *r = &reqs[n];

		r->mask_cpu = cpu;
		r->chan = netdma_request_channel(cpumask_of(cpu), &r->cpu);
		if (!r->chan) {
			pr_info("netdma_client: mask %u no channel\n", cpu);
			continue;
		}
		nc_run(r, "", src, dst);
		n++;
	}

	/* Fallback: the first CPU's channel is held; free another one. */
	if (n >= 2) {
		fb.mask_cpu = reqs[0].mask_cpu;
		netdma_release_channel(reqs[n - 1].chan);
		n--;
		fb.chan = netdma_request_channel(cpumask_of(fb.mask_cpu), &fb.cpu);
		if (fb.chan) {
			nc_run(&fb, "fallback ", src, dst);
			netdma_release_channel(fb.chan);
		} else {
			pr_info("netdma_client: fallback mask %u no channel\n",
				fb.mask_cpu);
			nc_bad++;
		}
	}
	for (i = 0; i < n; i++)
		netdma_release_channel(reqs[i].chan);
	pr_info("netdma_client: done, %u requests, %u errors, %u bad\n",
		nc_requests, nc_errors, nc_bad);
out:
	kfree(dst);
	kfree(src);
	kfree(reqs);
	return 0;
}
module_init(nc_init);

static void __exit nc_exit(void)
{
}
module_exit(nc_exit);

MODULE_DESCRIPTION("NetDMA client test for the end-to-end run");
MODULE_LICENSE("GPL");
