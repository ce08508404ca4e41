// SPDX-License-Identifier: GPL-2.0
/*
 * The demo's boot-time harness for UML (scripts/demo.sh, "make demo").
 *
 * UML cannot start user space on the machines this project runs on, so the
 * demo is driven by boot parameters. With netdma_demo.channels=N this file
 * creates an in-kernel model of the controller with N channels and a
 * platform device on it at device_initcall time, so that cbdma probes it
 * before dmatest's late_initcall looks for channels. With
 * netdma_demo.client=1 it then runs a NetDMA-style client: one
 * netdma_request_channel() per online CPU and one for any CPU, each doing
 * verified copies with the netdma copy helpers; with
 * netdma_demo.async_memcpy=1, async_memcpy() from async_tx on the engine.
 * With
 * netdma_demo.wait_dmatest=1 it holds the boot until the built-in dmatest
 * has finished. Without the parameters it does nothing, so it can live in
 * the KUnit kernel.
 */
#include <linux/async_tx.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/gfp.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdma.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "../emu/model/cbdma_model.h"
#include "netdma_demo.h"
#include "../drivers/dma/netdma/netdma_priv.h"	/* irq_cpu, for the report */

static unsigned int demo_channels;
module_param_named(channels, demo_channels, uint, 0444);
MODULE_PARM_DESC(channels, "Create a cbdma model with this many channels at boot (0: none)");

static bool demo_client;
module_param_named(client, demo_client, bool, 0444);
MODULE_PARM_DESC(client, "Run the NetDMA client after boot");

static bool demo_async;
module_param_named(async_memcpy, demo_async, bool, 0444);
MODULE_PARM_DESC(async_memcpy, "Run async_memcpy() on the engine after boot");

static bool demo_wait_dmatest;
module_param_named(wait_dmatest, demo_wait_dmatest, bool, 0444);
MODULE_PARM_DESC(wait_dmatest, "Hold the boot until the built-in dmatest is done");

static struct cbdma_model *demo_model;

/**
 * netdma_demo_model() - the model created at boot, for netdma_bench.c
 * @channels: set to its number of channels
 *
 * Return: the model, or NULL when netdma_demo.channels was not given or
 * its creation failed.
 */
struct cbdma_model *netdma_demo_model(unsigned int *channels)
{
	*channels = demo_channels;
	return IS_ERR_OR_NULL(demo_model) ? NULL : demo_model;
}

static int __init netdma_demo_device(void)
{
	struct resource res[CBDMA_MODEL_MAX_RESOURCES];
	struct cbdma_model_config cfg = { .channels = demo_channels };
	struct platform_device *pdev;
	unsigned int i;
	int n;

	if (!demo_channels)
		return 0;
	demo_model = cbdma_model_create(&cfg);
	if (IS_ERR(demo_model)) {
		pr_err("netdma-demo: cannot create a model with %u channels: %ld\n",
		       demo_channels, PTR_ERR(demo_model));
		return PTR_ERR(demo_model);
	}
	n = cbdma_model_resources(demo_model, res, ARRAY_SIZE(res));
	if (n < 0)
		return n;
	pdev = platform_device_register_simple("cbdma", PLATFORM_DEVID_NONE, res, n);
	if (IS_ERR(pdev)) {
		pr_err("netdma-demo: cannot register the platform device: %ld\n",
		       PTR_ERR(pdev));
		return PTR_ERR(pdev);
	}
	pr_info("netdma-demo: device %s, model with %u channels\n",
		dev_name(&pdev->dev), demo_channels);
	for (i = 0; i < demo_channels; i++) {
		int irq = cbdma_model_irq(demo_model, i);
		const struct cpumask *eff = irq_get_effective_affinity_mask(irq);

		pr_info("netdma-demo: channel %u irq %d cpu %u\n", i, irq,
			eff && !cpumask_empty(eff) ? cpumask_first(eff) : 0);
	}
	return 0;
}
device_initcall(netdma_demo_device);

/*
 * dmatest.wait=1 does not hold a built-in dmatest on a uniprocessor boot: its
 * late_initcall checks for running threads before they were ever scheduled,
 * and a thread only leaves its "pending" state once it runs. So let them
 * start, then ask dmatest's own "wait" parameter, whose getter blocks until
 * every thread is done.
 */
static int __init netdma_demo_wait_for_dmatest(void)
{
	const struct kernel_param *kp;
	char buf[8];

	if (!demo_wait_dmatest)
		return 0;
	for (kp = __start___param; kp < __stop___param; kp++) {
		if (strcmp(kp->name, "dmatest.wait") || !kp->ops->get)
			continue;
		msleep(100);
		kp->ops->get(buf, kp);
		pr_info("netdma-demo: dmatest finished\n");
		return 0;
	}
	pr_err("netdma-demo: dmatest is not built in\n");
	return -ENOENT;
}
late_initcall_sync(netdma_demo_wait_for_dmatest);

static const size_t demo_sizes[] = { 64, 4096, 65536 + 3 };

/* Where and how one asynchronous copy of the client completed. */
struct netdma_demo_done {
	struct completion done;
	enum dmaengine_tx_result result;
	unsigned int cpu;
};

static void netdma_demo_copy_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_demo_done *d = param;

	d->result = res->result;
	d->cpu = raw_smp_processor_id();
	complete(&d->done);
}

/*
 * One asynchronous verified copy: the callback records the CPU it ran on,
 * which must be the completion CPU netdma_request_channel() reported. Set
 * to UINT_MAX when the callback did not run on the engine's behalf.
 */
static int __init netdma_demo_async_copy(struct dma_chan *chan, u8 *dst,
					 const u8 *src, size_t len,
					 unsigned int *cb_cpu)
{
	struct netdma_demo_done d = { .cpu = UINT_MAX };
	dma_cookie_t cookie;

	*cb_cpu = UINT_MAX;
	init_completion(&d.done);
	cookie = netdma_copy_buf(chan, dst, src, len, netdma_demo_copy_done, &d,
				 GFP_KERNEL);
	if (cookie < 0)
		return cookie;
	if (!wait_for_completion_timeout(&d.done, msecs_to_jiffies(5000)))
		return -ETIMEDOUT;	/* d stays live: only a demo boot leaks it */
	if (d.result != DMA_TRANS_NOERROR)
		return -EIO;
	/* cookie 0: the CPU copied (below copybreak); no engine callback CPU. */
	if (cookie > 0)
		*cb_cpu = d.cpu;
	return memcmp(src, dst, len) ? -EIO : 0;
}

/*
 * One client: a channel for @mask, then verified copies through it, each
 * waited for, and one asynchronous copy whose callback CPU is compared
 * with the completion CPU the channel reported. @hold keeps the channel
 * (for the fallback case) instead of releasing it.
 */
static int __init netdma_demo_one_client(const struct cpumask *mask,
					 const char *what, u8 *src, u8 *dst,
					 struct dma_chan **hold)
{
	size_t async_len = demo_sizes[ARRAY_SIZE(demo_sizes) - 1];
	unsigned int cpu = UINT_MAX, cb_cpu, ok = 0, i;
	struct dma_chan *chan;
	int ret = 0;

	chan = netdma_request_channel(mask, &cpu);
	if (!chan) {
		pr_err("netdma-demo: client %s: no channel\n", what);
		return -ENODEV;
	}
	for (i = 0; i < ARRAY_SIZE(demo_sizes); i++) {
		size_t len = demo_sizes[i];

		memset(src, (u8)(0x5a + i), len);
		memset(dst, 0, len);
		ret = netdma_copy_buf_wait(chan, dst, src, len, 0);
		if (!ret && !memcmp(src, dst, len))
			ok++;
		else
			pr_err("netdma-demo: client %s: %zu-byte copy failed: %d\n",
			       what, len, ret);
	}
	memset(src, 0xa5, async_len);
	memset(dst, 0, async_len);
	ret = netdma_demo_async_copy(chan, dst, src, async_len, &cb_cpu);
	if (ret)
		pr_err("netdma-demo: client %s: asynchronous copy failed: %d\n",
		       what, ret);
	else if (cb_cpu != cpu || !cpumask_test_cpu(cb_cpu, mask))
		pr_err("netdma-demo: client %s: callback ran on cpu %u, not on cpu %u\n",
		       what, cb_cpu, cpu);
	else
		ok++;
	pr_info("netdma-demo: client %s: %s irq cpu %u, completion cpu %u, callback cpu %u, copies %u/%zu ok\n",
		what, dma_chan_name(chan), to_netdma_chan(chan)->irq_cpu, cpu,
		cb_cpu, ok, ARRAY_SIZE(demo_sizes) + 1);
	if (hold)
		*hold = chan;
	else
		netdma_release_channel(chan);
	return ok == ARRAY_SIZE(demo_sizes) + 1 ? 0 : -EIO;
}

/* Bytes the model has copied on all its channels. */
static u64 __init netdma_demo_model_bytes(void)
{
	struct cbdma_model_counters c;
	u64 bytes = 0;
	unsigned int i;

	for (i = 0; i < demo_channels; i++)
		if (!cbdma_model_counters(demo_model, i, &c))
			bytes += c.bytes;
	return bytes;
}

static void netdma_demo_async_done(void *param)
{
	complete(param);
}

/*
 * async_memcpy() from async_tx, on our engine. async_tx only finds public
 * channels by itself, and netdma's are private; but it keeps a dependency
 * chain on its parent's channel. So take a channel, submit a NULL
 * descriptor as the head of the chain, and hand it to async_memcpy() as
 * the dependency. The model's byte counter shows that the engine, not the
 * CPU fallback, copied the page.
 */
static int __init netdma_demo_async_memcpy(struct page *src, struct page *dst)
{
	struct dma_async_tx_descriptor *head, *tx;
	struct async_submit_ctl submit;
	DECLARE_COMPLETION_ONSTACK(done);
	struct dma_chan *chan;
	unsigned int cpu;
	u64 before, copied;
	int ret = -EIO;

	chan = netdma_request_channel(cpu_online_mask, &cpu);
	if (!chan) {
		pr_err("netdma-demo: async_memcpy: no channel\n");
		return -ENODEV;
	}
	head = chan->device->device_prep_dma_interrupt(chan, 0);
	if (!head || dmaengine_submit(head) < 0) {
		pr_err("netdma-demo: async_memcpy: cannot submit the chain head\n");
		goto out;
	}
	memset(page_address(src), 0xc3, PAGE_SIZE);
	memset(page_address(dst), 0, PAGE_SIZE);
	before = netdma_demo_model_bytes();
	init_async_submit(&submit, ASYNC_TX_ACK, head, netdma_demo_async_done,
			  &done, NULL);
	tx = async_memcpy(dst, src, 0, 0, PAGE_SIZE, &submit);
	async_tx_issue_pending(tx);
	if (!wait_for_completion_timeout(&done, msecs_to_jiffies(5000))) {
		pr_err("netdma-demo: async_memcpy: no completion\n");
		goto out;
	}
	copied = netdma_demo_model_bytes() - before;
	if (memcmp(page_address(src), page_address(dst), PAGE_SIZE))
		pr_err("netdma-demo: async_memcpy: data differs\n");
	else if (copied != PAGE_SIZE)
		pr_err("netdma-demo: async_memcpy: the engine copied %llu bytes, not %lu\n",
		       copied, PAGE_SIZE);
	else
		ret = 0;
	pr_info("netdma-demo: async_memcpy: %lu bytes on %s, engine copied %llu, %s\n",
		PAGE_SIZE, dma_chan_name(chan), copied, ret ? "FAILED" : "data ok");
out:
	netdma_release_channel(chan);
	return ret;
}

/*
 * A boot of its own, with DMA-API debugging off: async_memcpy() maps its
 * pages without dma_mapping_error() (crypto/async_tx/async_memcpy.c), which
 * DMA-API debugging reports as a WARN at unmap.
 */
static int __init netdma_demo_async(void)
{
	struct page *spage, *dpage;
	int ret = -ENOMEM;

	if (!demo_async)
		return 0;
	spage = alloc_page(GFP_KERNEL);
	dpage = alloc_page(GFP_KERNEL);
	if (spage && dpage)
		ret = netdma_demo_async_memcpy(spage, dpage);
	if (spage)
		__free_page(spage);
	if (dpage)
		__free_page(dpage);
	pr_info("netdma-demo: async_memcpy %s\n", ret ? "FAILED" : "passed");
	return 0;
}
late_initcall_sync(netdma_demo_async);

/*
 * The fallback (NetDMA's "any channel, its DPC on a CPU of the mask"): the
 * channel whose interrupt CPU is @cpu is held, so a second request for @cpu
 * gets another channel with its completion work retargeted to @cpu.
 */
static int __init netdma_demo_fallback(unsigned int cpu, u8 *src, u8 *dst)
{
	struct dma_chan *held = NULL;
	char what[24];
	int ret;

	snprintf(what, sizeof(what), "cpu%u-held", cpu);
	ret = netdma_demo_one_client(cpumask_of(cpu), what, src, dst, &held);
	if (ret)
		goto out;
	snprintf(what, sizeof(what), "cpu%u-fallback", cpu);
	ret = netdma_demo_one_client(cpumask_of(cpu), what, src, dst, NULL);
out:
	if (held)
		netdma_release_channel(held);
	return ret;
}

static int __init netdma_demo_client(void)
{
	size_t max = demo_sizes[ARRAY_SIZE(demo_sizes) - 1];
	unsigned int cpu, failed = 0;
	u8 *src, *dst;
	char what[16];

	if (!demo_client)
		return 0;
	src = kmalloc(max, GFP_KERNEL);
	dst = kmalloc(max, GFP_KERNEL);
	if (!src || !dst) {
		failed++;
		goto out;
	}
	pr_info("netdma-demo: client on %u online cpus\n", num_online_cpus());
	for_each_online_cpu(cpu) {
		snprintf(what, sizeof(what), "cpu%u", cpu);
		if (netdma_demo_one_client(cpumask_of(cpu), what, src, dst, NULL))
			failed++;
	}
	if (netdma_demo_one_client(cpu_online_mask, "any-cpu", src, dst, NULL))
		failed++;
	if (netdma_demo_fallback(cpumask_first(cpu_online_mask), src, dst))
		failed++;
out:
	kfree(src);
	kfree(dst);
	pr_info("netdma-demo: client %s\n", failed ? "FAILED" : "passed");
	return 0;
}
late_initcall_sync(netdma_demo_client);
