/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software NetDMA provider for KUnit: it "executes" the shim's descriptor
 * chains on the CPU (the bus addresses are dma-direct, so phys_to_virt()
 * gives the buffers), writes the completion word, raises netdma_isr() and
 * records every callback so that cases can assert on them.
 */
#ifndef _NETDMA_FAKE_PROVIDER_H
#define _NETDMA_FAKE_PROVIDER_H

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/netdma.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#define NETDMA_FAKE_MAX_CHANS	4

/**
 * struct netdma_fake_stats - how often each callback ran, and what it saw
 * @set_affinity: set_channel_cpu_affinity calls.
 * @alloc: successful alloc_channel calls.
 * @free: free_channel calls.
 * @start: start calls.
 * @append: append calls.
 * @suspend: suspend calls.
 * @resume: resume calls.
 * @abort: abort calls.
 * @reset: reset calls.
 * @isr: netdma_isr() calls made by the engine.
 * @errors: netdma_channel_error() calls made by the engine.
 * @descs: descriptors executed.
 * @last_count: count of the last start or append.
 * @violations: calls the interface forbids (append before start, free
 *	with descriptors pending, start/append on a suspended channel,
 *	a start whose desc does not match its bus address).
 */
struct netdma_fake_stats {
	unsigned int set_affinity;
	unsigned int alloc;
	unsigned int free;
	unsigned int start;
	unsigned int append;
	unsigned int suspend;
	unsigned int resume;
	unsigned int abort;
	unsigned int reset;
	unsigned int isr;
	unsigned int errors;
	unsigned int descs;
	unsigned int last_count;
	unsigned int violations;
};

struct netdma_fake;

/**
 * struct netdma_fake_chan - one fake hardware channel
 * @fake: the provider.
 * @index: hardware channel index.
 * @lock: engine state.
 * @handle: shim handle for netdma_isr().
 * @completion: the completion word.
 * @allocated: between alloc_channel and free_channel.
 * @running: started and not halted.
 * @suspended: suspended.
 * @next: bus address of the next descriptor to execute.
 * @pending: descriptors counted but not executed.
 * @last_done: bus address of the last executed descriptor (0: none).
 * @executed: descriptors executed on this channel since allocation.
 * @alloc_params: copy of the last alloc_channel parameters.
 * @work: runs the engine after @fake->delay_ms in delayed mode.
 */
struct netdma_fake_chan {
	struct netdma_fake *fake;
	unsigned int index;
	spinlock_t lock;	/* engine state below */
	struct netdma_channel *handle;
	__le64 *completion;
	bool allocated;
	bool running;
	bool suspended;
	dma_addr_t next;
	unsigned int pending;
	dma_addr_t last_done;
	unsigned int executed;
	struct netdma_channel_params alloc_params;
	struct delayed_work work;
};

/**
 * struct netdma_fake - the fake provider and its switches
 * @test: the running test.
 * @dev: kunit device the provider (and the test buffers) use.
 * @prov: shim handle, NULL until registered.
 * @chars: characteristics used to register.
 * @ops: callbacks (a case may clear optional ones before registering).
 * @attr: attributes used to start.
 * @stats: callback counters.
 * @chans: the channels.
 * @manual: do not execute on start/append; the case calls
 *	netdma_fake_run() (a hung engine is one that is never run).
 * @delay_ms: execute from delayed work this long after start/append.
 * @fail_at: executed-descriptor number on a channel that fails, -1: none.
 * @fail_result: result reported for it.
 * @corrupt_completion: write this (nonzero) as the next completion word.
 * @alloc_ret: alloc_channel returns it when nonzero.
 * @start_ret: start returns it once when nonzero.
 * @append_ret: append returns it once when nonzero.
 * @append_hook: if set, append calls it last, with @append_hook_data (the
 *	engine has run what it was given and raised its interrupts).
 * @append_hook_data: see @append_hook.
 * @affinity_ret: set_channel_cpu_affinity returns it.
 * @affinity_cpu: if >= 0, set_channel_cpu_affinity writes it back.
 * @alloc_cpu: if >= 0, alloc_channel returns it as the completion CPU.
 * @affinity_table: the newest CPU set for each channel, by channel.
 * @affinity_count: count of the last set_channel_cpu_affinity call.
 * @alloc_gate: if set, alloc_channel completes @alloc_entered and waits
 *	for it (a provider that sleeps in allocation).
 * @alloc_entered: see @alloc_gate.
 * @free_gate: if set, free_channel completes @free_entered and waits for it.
 * @free_entered: see @free_gate.
 */
struct netdma_fake {
	struct kunit *test;
	struct device *dev;
	struct netdma_provider *prov;
	struct netdma_provider_characteristics chars;
	struct netdma_provider_ops ops;
	struct netdma_provider_attributes attr;
	struct netdma_fake_stats stats;
	struct netdma_fake_chan chans[NETDMA_FAKE_MAX_CHANS];
	bool manual;
	unsigned int delay_ms;
	int fail_at;
	enum dmaengine_tx_result fail_result;
	u64 corrupt_completion;
	int alloc_ret;
	int start_ret;
	int append_ret;
	void (*append_hook)(struct netdma_fake_chan *fc, void *data);
	void *append_hook_data;
	int affinity_ret;
	int affinity_cpu;
	int alloc_cpu;
	struct netdma_channel_cpu_affinity affinity_table[NETDMA_FAKE_MAX_CHANS];
	unsigned int affinity_count;
	struct completion *alloc_gate;
	struct completion alloc_entered;
	struct completion *free_gate;
	struct completion free_entered;
};

struct netdma_fake *netdma_fake_alloc(struct kunit *test, unsigned int chans);
int netdma_fake_register(struct netdma_fake *fake);
int netdma_fake_start(struct netdma_fake *fake);
struct netdma_fake *netdma_fake_create(struct kunit *test, unsigned int chans);
unsigned int netdma_fake_run(struct netdma_fake_chan *fc, unsigned int max);
struct dma_chan *netdma_fake_get_chan(struct netdma_fake *fake);
void netdma_fake_release_on_exit(struct kunit *test, struct dma_chan *chan);
void netdma_fake_release_now(struct kunit *test, struct dma_chan *chan);
void *netdma_fake_buf(struct netdma_fake *fake, size_t size, dma_addr_t *dma);
struct netdma_fake_chan *netdma_fake_chan_of(struct netdma_fake *fake,
					     struct dma_chan *chan);

#endif /* _NETDMA_FAKE_PROVIDER_H */
