// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: what one offloaded copy costs the CPU, against memcpy().
 *
 * Booted by scripts/bench.sh with netdma_demo.channels=N netdma_bench.run=1:
 * netdma_demo.c creates the controller model (synchronous execution: the
 * "hardware" completes a descriptor inside the doorbell write) and a
 * platform device that cbdma probes. At late_initcall_sync this file
 * switches the model to no_copy (every check and the completion writeback,
 * no data moved; only after the probe, whose self-test checks data) and
 * times, for copy sizes 64 B..64 KiB, the full dmaengine path of a client
 * (prep, submit, issue_pending, completion reap, callback) and memcpy() of
 * the same size, and prints lines prefixed "netdma-bench: " (a table, "csv," lines, a per-phase
 * profile and submission rates). What is measured is the CPU cost of the
 * driver and the shim, not of a copy engine. Without netdma_bench.run=1 it
 * does nothing, so it can live in the KUnit kernel.
 *
 * scripts/bench.sh boots it in kunit/bench.kunitconfig, the rig's kernel
 * without KASAN, lockdep and DMA-API debugging (or, with BENCH_KERNEL=debug,
 * in the test kernel, whose checks inflate every figure). The model's own
 * execution time is measured and taken out of the drv_* figures.
 * Interrupt-driven waits run the model's pending irq_work at once (UML
 * would deliver it at the next tick). The submission-rate runs put one
 * thread on each online CPU (UML 7.3 boots with ncpus=4), so that four
 * submitters contend for one channel, or each has a channel of its own.
 * With netdma_bench.loop_ms=N (scripts/bench-perf.sh) it runs nothing but
 * poll64 for N ms, for a profiler that samples the UML process.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdma.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string_choices.h>

#include "../emu/model/cbdma_model.h"
#include "netdma_demo.h"

static bool bench_run;
module_param_named(run, bench_run, bool, 0444);
MODULE_PARM_DESC(run, "Run the benchmark after boot (needs netdma_demo.channels)");

static unsigned int bench_ms = 50;
module_param_named(ms, bench_ms, uint, 0444);
MODULE_PARM_DESC(ms, "Milliseconds per measured point (default 50)");

static unsigned int bench_threads = 4;
module_param_named(threads, bench_threads, uint, 0444);
MODULE_PARM_DESC(threads, "Kernel threads for the submission-rate runs (default 4)");

static unsigned int bench_loop_ms;
module_param_named(loop_ms, bench_loop_ms, uint, 0444);
MODULE_PARM_DESC(loop_ms, "Instead of the tables, only poll64 at profile_size for this long, for a profiler (make bench-perf)");

static unsigned int bench_profile_size = 4096;
module_param_named(profile_size, bench_profile_size, uint, 0444);
MODULE_PARM_DESC(profile_size, "Copy size of the per-phase profile (default 4096)");

#define BENCH_MIN_SIZE		64
#define BENCH_MAX_SIZE		65536
#define BENCH_SIZES		11		/* 64 B .. 64 KiB, powers of 2 */
#define BENCH_COLD_CHUNK_ORDER	10		/* 4 MiB with 4 KiB pages */
#define BENCH_COLD_CHUNKS	16		/* 64 MiB: far beyond any LLC */
#define BENCH_RATE_SIZE		64
#define BENCH_RATE_BATCH	16
#define BENCH_ROUNDS		5		/* a point is the best of these */

/*
 * drv_p1 and drv_p64 are poll1 and poll64 without the model's execution of
 * the descriptors: the driver's own cost.
 */
enum bench_mode {
	BENCH_POLL1, BENCH_IRQ1, BENCH_POLL16, BENCH_IRQ16, BENCH_POLL64,
	BENCH_IRQ64, BENCH_DRV_P1, BENCH_DRV_P64, BENCH_MEM_HOT,
	BENCH_MEM_COLD, BENCH_MODES
};

static const char * const bench_mode_name[BENCH_MODES] = {
	"poll1", "irq1", "poll16", "irq16", "poll64", "irq64",
	"drv_p1", "drv_p64", "memcpy_hot", "memcpy_cold",
};

/* One client of a channel: what its callbacks count and signal. */
struct bench_ctx {
	struct dma_chan *chan;
	dma_addr_t src, dst;
	unsigned long callbacks;	/* written by the completion work only */
	atomic_long_t ring_full;	/* by every submitter of the channel */
	struct completion done;
};

/* What the model counted, summed over its channels and registers. */
struct bench_counts {
	u64 doorbells, irqs, descs, exec_ns, mmio_reads, mmio_writes;
};

static struct cbdma_model *bench_model;
static unsigned int bench_nchan;

static void __init bench_counts(struct bench_counts *c)
{
	struct cbdma_model_counters mc;
	unsigned int i, off;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < bench_nchan; i++) {
		if (cbdma_model_counters(bench_model, i, &mc))
			continue;
		c->doorbells += mc.doorbells;
		c->irqs += mc.irqs;
		c->descs += mc.descs;
		c->exec_ns += mc.exec_ns;
	}
	for (off = 0; off < CBDMA_CHAN_BASE(CBDMA_MAX_CHANNELS); off++) {
		c->mmio_reads += cbdma_model_mmio_count(bench_model, off, false);
		c->mmio_writes += cbdma_model_mmio_count(bench_model, off, true);
	}
}

/* @n/@d with three decimals, into @buf. */
static char *bench_fix3(char *buf, size_t len, u64 n, u64 d)
{
	u64 v = d ? div64_u64(n * 1000, d) : 0;

	snprintf(buf, len, "%llu.%03llu", div_u64(v, 1000), v % 1000);
	return buf;
}

static void bench_callback(void *param)
{
	struct bench_ctx *b = param;

	WRITE_ONCE(b->callbacks, b->callbacks + 1);
}

static void bench_callback_last(void *param)
{
	struct bench_ctx *b = param;

	WRITE_ONCE(b->callbacks, b->callbacks + 1);
	complete(&b->done);
}

/* Run the completion work (and so the callbacks) here, if it is pending. */
static inline void bench_run_bh(void)
{
	local_bh_disable();
	local_bh_enable();
}

/* Poll tx_status (which reaps the completion word) until @cookie is done. */
static int bench_poll(struct dma_chan *chan, dma_cookie_t cookie)
{
	unsigned long timeout = jiffies + 5 * HZ;
	enum dma_status st;

	while ((st = dmaengine_tx_status(chan, cookie, NULL)) == DMA_IN_PROGRESS) {
		if (time_after(jiffies, timeout))
			return -ETIMEDOUT;
		/* Another thread may hold back the ring with an unsubmitted slot. */
		cond_resched();
	}
	return st == DMA_COMPLETE ? 0 : -EIO;
}

/*
 * One batch: @n copies of @len bytes, one issue_pending, then wait for the
 * last, polled or by its interrupt; every copy has a callback. Polled,
 * the completion work (queued by tx_status) runs here at the end.
 */
static int bench_batch(struct bench_ctx *b, size_t len, unsigned int n, bool irq)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie = 0;
	unsigned long give_up;
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned long flags = DMA_CTRL_ACK;
		bool last = i == n - 1;

		if (irq && last)
			flags |= DMA_PREP_INTERRUPT;
		/*
		 * The slots come back when the completion work has run, on
		 * the channel's CPU, which may be another: wait for it, a
		 * while, never forever.
		 */
		give_up = jiffies + 2 * HZ;
		for (;;) {
			tx = dmaengine_prep_dma_memcpy(b->chan, b->dst, b->src,
						       len, flags);
			if (tx || time_after(jiffies, give_up))
				break;
			/* Ring full of completed slots: let their work run. */
			atomic_long_inc(&b->ring_full);
			dma_async_issue_pending(b->chan);
			bench_run_bh();
			cond_resched();
		}
		if (!tx)
			return -ENOSPC;
		tx->callback = irq && last ? bench_callback_last : bench_callback;
		tx->callback_param = b;
		cookie = dmaengine_submit(tx);
		if (dma_submit_error(cookie))
			return -EIO;
	}
	dma_async_issue_pending(b->chan);
	if (irq) {
		/*
		 * UML runs irq_sim's irq_work, and so the model's interrupt,
		 * only at the next tick (10 ms): deliver it now, as hardware
		 * would, then run the completion work it queued.
		 */
		local_irq_disable();
		irq_work_run();
		local_irq_enable();
		bench_run_bh();
		if (!wait_for_completion_timeout(&b->done, 5 * HZ))
			return -ETIMEDOUT;
		return 0;
	}
	if (bench_poll(b->chan, cookie))
		return -EIO;
	bench_run_bh();
	return 0;
}

/*
 * copies and ns: the best (cheapest per copy) of BENCH_ROUNDS rounds, as a
 * shared host makes some rounds slower; c: model counters over all @total.
 */
struct bench_point {
	u64 copies, ns, total;
	struct bench_counts c;
};

/* Keep the round of @copies in @ns if it is the cheapest so far. */
static void bench_round(struct bench_point *p, u64 copies, u64 ns)
{
	p->total += copies;
	if (!p->copies || ns * p->copies < p->ns * copies) {
		p->copies = copies;
		p->ns = ns;
	}
}

static int __init bench_driver(struct bench_ctx *b, size_t len,
			       enum bench_mode mode, struct bench_point *p)
{
	static const unsigned int batch[] = { 1, 1, 16, 16, 64, 64 };
	bool irq = mode == BENCH_IRQ1 || mode == BENCH_IRQ16 || mode == BENCH_IRQ64;
	u64 budget = (u64)bench_ms * NSEC_PER_MSEC / BENCH_ROUNDS, start, now;
	struct bench_counts c0;
	unsigned int round;
	u64 copies;
	int ret;

	/* Warm up, then start from an idle channel. */
	ret = bench_batch(b, len, batch[mode], irq);
	if (ret)
		return ret;
	dmaengine_synchronize(b->chan);
	bench_counts(&c0);
	memset(p, 0, sizeof(*p));
	for (round = 0; round < BENCH_ROUNDS; round++) {
		copies = 0;
		start = ktime_get_ns();
		do {
			ret = bench_batch(b, len, batch[mode], irq);
			if (ret)
				return ret;
			copies += batch[mode];
			now = ktime_get_ns();
		} while (now - start < budget);
		dmaengine_synchronize(b->chan);
		bench_round(p, copies, ktime_get_ns() - start);
	}
	bench_counts(&p->c);
	p->c.doorbells -= c0.doorbells;
	p->c.irqs -= c0.irqs;
	p->c.descs -= c0.descs;
	p->c.mmio_reads -= c0.mmio_reads;
	p->c.mmio_writes -= c0.mmio_writes;
	return 0;
}

static struct page *bench_cold[BENCH_COLD_CHUNKS];

static void *bench_cold_addr(u64 pos)
{
	unsigned int shift = PAGE_SHIFT + BENCH_COLD_CHUNK_ORDER;

	return page_address(bench_cold[pos >> shift]) + (pos & (BIT(shift) - 1));
}

/*
 * One round of memcpy() of @len bytes for @budget ns: hot, the same two
 * buffers each time; cold, walking 32 MiB of source into 32 MiB of
 * destination from *@pos on.
 */
static void __init bench_memcpy_round(u8 *hsrc, u8 *hdst, size_t len,
				      bool cold, u64 budget, u64 *pos,
				      struct bench_point *p)
{
	u64 half = (u64)BENCH_COLD_CHUNKS / 2 << (PAGE_SHIFT + BENCH_COLD_CHUNK_ORDER);
	unsigned int reps = max_t(unsigned int, 1, 16384 / len), i;
	u64 copies = 0, start, now;

	start = ktime_get_ns();
	do {
		for (i = 0; i < reps; i++) {
			void *d = hdst, *s = hsrc;

			if (cold) {
				s = bench_cold_addr(*pos);
				d = bench_cold_addr(half + *pos);
				*pos += len;
				if (*pos >= half)
					*pos = 0;
			}
			OPTIMIZER_HIDE_VAR(d);
			memcpy(d, s, len);
			barrier();
		}
		copies += reps;
		now = ktime_get_ns();
	} while (now - start < budget);
	bench_round(p, copies, now - start);
}

static void __init bench_memcpy(u8 *hsrc, u8 *hdst, size_t len, bool cold,
				struct bench_point *p)
{
	u64 budget = (u64)bench_ms * NSEC_PER_MSEC / BENCH_ROUNDS, pos = 0;
	unsigned int round;

	memset(p, 0, sizeof(*p));
	for (round = 0; round < BENCH_ROUNDS; round++)
		bench_memcpy_round(hsrc, hdst, len, cold, budget, &pos, p);
}

/* ns per copy times 10 */
static u64 bench_ns10(const struct bench_point *p)
{
	return p->copies ? div64_u64(p->ns * 10, p->copies) : 0;
}

static void __init bench_print_point(size_t len, enum bench_mode mode,
				     const struct bench_point *p)
{
	char db[24], irq[24], rd[24], wr[24];
	u64 ns10 = bench_ns10(p);

	pr_info("netdma-bench: csv,%zu,%s,%llu,%llu.%llu,%s,%s,%s,%s\n",
		len, bench_mode_name[mode], p->copies, div_u64(ns10, 10), ns10 % 10,
		bench_fix3(db, sizeof(db), p->c.doorbells, p->total),
		bench_fix3(irq, sizeof(irq), p->c.irqs, p->total),
		bench_fix3(rd, sizeof(rd), p->c.mmio_reads, p->total),
		bench_fix3(wr, sizeof(wr), p->c.mmio_writes, p->total));
}

static struct bench_point bench_res[BENCH_SIZES][BENCH_MODES] __initdata;

/*
 * Break-even of one driver mode against memcpy() (@ref: hot or cold): the
 * first size where the driver costs no more per copy, and the size
 * interpolated linearly between it and the size before.
 */
static void __init bench_break_even(enum bench_mode mode, enum bench_mode ref)
{
	s64 prev = 0;
	unsigned int i;

	for (i = 0; i < BENCH_SIZES; i++) {
		s64 d = (s64)bench_ns10(&bench_res[i][mode]) -
			(s64)bench_ns10(&bench_res[i][ref]);
		size_t len = BENCH_MIN_SIZE << i;

		if (d <= 0) {
			u64 est = len;

			if (i)
				est = len / 2 + div64_u64((u64)(len / 2) * prev, prev - d);
			pr_info("netdma-bench: break-even %s vs %s: first size %zu, interpolated %llu bytes\n",
				bench_mode_name[mode], bench_mode_name[ref], len, est);
			return;
		}
		prev = d;
	}
	pr_info("netdma-bench: break-even %s vs %s: none up to %u bytes\n",
		bench_mode_name[mode], bench_mode_name[ref], BENCH_MAX_SIZE);
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * In no_copy mode the driver's cost does not depend on the copy size, so
 * its median over the sizes is steadier than any one point on a shared
 * host. Print it and the size at which memcpy() (@ref) costs as much,
 * interpolated linearly between the two sizes around it.
 */
static void __init bench_crossing(enum bench_mode mode, enum bench_mode ref)
{
	u64 v[BENCH_SIZES], med, prev = 0;
	unsigned int i;

	for (i = 0; i < BENCH_SIZES; i++)
		v[i] = bench_ns10(&bench_res[i][mode]);
	sort(v, BENCH_SIZES, sizeof(v[0]), bench_cmp_u64, NULL);
	med = v[BENCH_SIZES / 2];
	for (i = 0; i < BENCH_SIZES; i++) {
		u64 r = bench_ns10(&bench_res[i][ref]);
		size_t len = BENCH_MIN_SIZE << i;

		if (r >= med) {
			u64 est = len;

			if (i && r > prev)
				est = len / 2 + div64_u64((u64)(len / 2) * (med - prev), r - prev);
			pr_info("netdma-bench: crossing %s (median over sizes %llu.%llu ns/copy) vs %s: %llu bytes\n",
				bench_mode_name[mode], div_u64(med, 10), med % 10,
				bench_mode_name[ref], est);
			return;
		}
		prev = r;
	}
	pr_info("netdma-bench: crossing %s (median over sizes %llu.%llu ns/copy) vs %s: none up to %u bytes\n",
		bench_mode_name[mode], div_u64(med, 10), med % 10,
		bench_mode_name[ref], BENCH_MAX_SIZE);
}

/* @p without the model's execution of its descriptors (@model10: ns x 10). */
static void bench_without_model(struct bench_point *out,
				const struct bench_point *p, s64 model10)
{
	u64 model;

	*out = *p;
	if (!p->total)
		return;
	/* descriptors per copy x copies of the round x ns per descriptor */
	model = div64_u64(p->c.descs * p->copies * (u64)model10, p->total * 10);
	out->ns = p->ns > model ? p->ns - model : 0;
}

/* "a/b" with two decimals, into @buf. */
static char *bench_ratio(char *buf, size_t len, const struct bench_point *a,
			 const struct bench_point *b)
{
	u64 d = max_t(u64, bench_ns10(b), 1), v = div64_u64(bench_ns10(a) * 100, d);

	snprintf(buf, len, "%llu.%02llu", div_u64(v, 100), v % 100);
	return buf;
}

static int __init bench_sizes(struct bench_ctx *b, u8 *hsrc, u8 *hdst,
			      s64 model10)
{
	char r1[24], r2[24];
	unsigned int i, m;
	int ret;

	pr_info("netdma-bench: ns per copy (mean of the best of %u rounds); driver: prep+submit+issue_pending+reap+callback, batch of 1/16/64 per issue_pending, polled or interrupt; drv_*: poll* without the model's execution\n",
		BENCH_ROUNDS);
	pr_info("netdma-bench: %6s %6s %6s %6s %6s %6s %6s %6s %7s %7s %8s %7s %7s\n",
		"size", "poll1", "irq1", "poll16", "irq16", "poll64", "irq64",
		"drv_p1", "drv_p64", "mem_hot", "mem_cold", "r_p64", "r_d64");
	for (i = 0; i < BENCH_SIZES; i++) {
		size_t len = BENCH_MIN_SIZE << i;
		struct bench_point *r = bench_res[i];

		for (m = BENCH_POLL1; m <= BENCH_IRQ64; m++) {
			ret = bench_driver(b, len, m, &r[m]);
			if (ret) {
				pr_err("netdma-bench: %s at %zu bytes failed: %d\n",
				       bench_mode_name[m], len, ret);
				return ret;
			}
		}
		bench_without_model(&r[BENCH_DRV_P1], &r[BENCH_POLL1], model10);
		bench_without_model(&r[BENCH_DRV_P64], &r[BENCH_POLL64], model10);
		bench_memcpy(hsrc, hdst, len, false, &r[BENCH_MEM_HOT]);
		bench_memcpy(hsrc, hdst, len, true, &r[BENCH_MEM_COLD]);
		for (m = 0; m < BENCH_MODES; m++)
			bench_print_point(len, m, &r[m]);
		pr_info("netdma-bench: %6zu %6llu %6llu %6llu %6llu %6llu %6llu %6llu %7llu %7llu %8llu %7s %7s\n",
			len, bench_ns10(&r[BENCH_POLL1]) / 10,
			bench_ns10(&r[BENCH_IRQ1]) / 10,
			bench_ns10(&r[BENCH_POLL16]) / 10,
			bench_ns10(&r[BENCH_IRQ16]) / 10,
			bench_ns10(&r[BENCH_POLL64]) / 10,
			bench_ns10(&r[BENCH_IRQ64]) / 10,
			bench_ns10(&r[BENCH_DRV_P1]) / 10,
			bench_ns10(&r[BENCH_DRV_P64]) / 10,
			bench_ns10(&r[BENCH_MEM_HOT]) / 10,
			bench_ns10(&r[BENCH_MEM_COLD]) / 10,
			bench_ratio(r1, sizeof(r1), &r[BENCH_POLL64], &r[BENCH_MEM_HOT]),
			bench_ratio(r2, sizeof(r2), &r[BENCH_DRV_P64], &r[BENCH_MEM_HOT]));
	}
	for (m = BENCH_POLL1; m <= BENCH_DRV_P64; m++)
		bench_break_even(m, BENCH_MEM_HOT);
	/* What a copy-break against data not in the cache would use. */
	bench_break_even(BENCH_DRV_P1, BENCH_MEM_COLD);
	bench_break_even(BENCH_DRV_P64, BENCH_MEM_COLD);
	for (m = BENCH_DRV_P1; m <= BENCH_DRV_P64; m++) {
		bench_crossing(m, BENCH_MEM_HOT);
		bench_crossing(m, BENCH_MEM_COLD);
	}
	return 0;
}

/*
 * The model executes descriptors inside the doorbell write, on the CPU:
 * every driver figure includes that "hardware" time. Measure it: batches of
 * 64 polled copies with the model timing its own execution. Returns the
 * model's ns per descriptor times 10, or a negative error.
 */
static s64 __init bench_model_cost(struct bench_ctx *b, size_t len)
{
	struct bench_counts c0, c1;
	struct bench_point p;
	s64 per10;
	int ret;

	dmaengine_synchronize(b->chan);
	bench_counts(&c0);
	cbdma_model_set_timed(bench_model, true);
	ret = bench_driver(b, len, BENCH_POLL64, &p);
	cbdma_model_set_timed(bench_model, false);
	if (ret)
		return ret;
	bench_counts(&c1);
	if (c1.descs == c0.descs)
		return -EIO;
	per10 = div64_u64((c1.exec_ns - c0.exec_ns) * 10, c1.descs - c0.descs);
	pr_info("netdma-bench: model: %llu descriptors of %zu bytes executed in %llu ns: %lld.%lld ns per descriptor, CPU time hardware would not take; the drv_* columns are the driver's figures without it\n",
		c1.descs - c0.descs, len, c1.exec_ns - c0.exec_ns,
		div_s64(per10, 10), per10 % 10);
	return per10;
}

/*
 * Per-phase profile: batches of @batch polled copies of @len bytes, with
 * ktime_get_ns() between the phases: all preps, all submits, one
 * issue_pending, the polling tx_status, the completion work.
 */
static int __init bench_profile(struct bench_ctx *b, size_t len,
				unsigned int batch)
{
	static const char * const phase[] = {
		"prep", "submit", "issue_pending", "reap(tx_status)", "callback(work)",
	};
	u64 sum[ARRAY_SIZE(phase)] = { 0 }, t[ARRAY_SIZE(phase) + 1];
	u64 budget = (u64)bench_ms * NSEC_PER_MSEC, start, n = 0, kt;
	struct dma_async_tx_descriptor *tx[64];
	struct bench_counts c0, c1;
	char buf[4][24];
	dma_cookie_t cookie = 0;
	unsigned int i;

	if (batch > ARRAY_SIZE(tx))
		return -EINVAL;
	/* What one ktime_get_ns() costs, to read the phases against. */
	start = ktime_get_ns();
	for (i = 0; i < 1000; i++)
		kt = ktime_get_ns();
	kt = div_u64(kt - start, 1000);

	dmaengine_synchronize(b->chan);
	bench_counts(&c0);
	start = ktime_get_ns();
	do {
		t[0] = ktime_get_ns();
		for (i = 0; i < batch; i++) {
			tx[i] = dmaengine_prep_dma_memcpy(b->chan, b->dst, b->src,
							  len, DMA_CTRL_ACK);
			if (!tx[i])
				return -ENOSPC;
		}
		t[1] = ktime_get_ns();
		for (i = 0; i < batch; i++) {
			tx[i]->callback = bench_callback;
			tx[i]->callback_param = b;
			cookie = dmaengine_submit(tx[i]);
		}
		t[2] = ktime_get_ns();
		dma_async_issue_pending(b->chan);
		t[3] = ktime_get_ns();
		if (bench_poll(b->chan, cookie))
			return -EIO;
		t[4] = ktime_get_ns();
		bench_run_bh();
		t[5] = ktime_get_ns();
		for (i = 0; i < ARRAY_SIZE(phase); i++)
			sum[i] += t[i + 1] - t[i];
		n += batch;
	} while (t[5] - start < budget);
	bench_counts(&c1);

	pr_info("netdma-bench: profile, %zu-byte polled copies in batches of %u, %llu copies, ktime_get_ns() itself %llu ns (one per phase and batch)\n",
		len, batch, n, kt);
	for (i = 0; i < ARRAY_SIZE(phase); i++)
		pr_info("netdma-bench: profile batch %-2u %-16s %6llu.%llu ns/copy\n",
			batch, phase[i], div64_u64(sum[i], n),
			div64_u64(sum[i] * 10, n) % 10);
	pr_info("netdma-bench: profile batch %-2u model: doorbells %s, interrupts %s, MMIO reads %s, MMIO writes %s per copy\n",
		batch,
		bench_fix3(buf[0], sizeof(buf[0]), c1.doorbells - c0.doorbells, n),
		bench_fix3(buf[1], sizeof(buf[1]), c1.irqs - c0.irqs, n),
		bench_fix3(buf[2], sizeof(buf[2]), c1.mmio_reads - c0.mmio_reads, n),
		bench_fix3(buf[3], sizeof(buf[3]), c1.mmio_writes - c0.mmio_writes, n));
	return 0;
}

struct bench_thread {
	struct bench_ctx *b;
	struct completion *go;
	struct completion finished;
	u64 copies, ns;
	int ret;
};

/* Batches of 16 64-byte polled copies until the time is up. */
static int bench_thread_fn(void *data)
{
	struct bench_thread *t = data;
	u64 budget = (u64)bench_ms * 4 * NSEC_PER_MSEC, start, now;

	wait_for_completion(t->go);
	start = ktime_get_ns();
	do {
		t->ret = bench_batch(t->b, BENCH_RATE_SIZE, BENCH_RATE_BATCH, false);
		if (t->ret)
			break;
		t->copies += BENCH_RATE_BATCH;
		cond_resched();
		now = ktime_get_ns();
	} while (now - start < budget);
	t->ns = ktime_get_ns() - start;
	complete(&t->finished);
	return 0;
}

/*
 * @nthreads threads, thread i on ctx[i % nctx] and bound to the (i mod
 * online CPUs)-th online CPU; prints copies per second.
 */
static int __init bench_rate(struct bench_ctx *ctx, unsigned int nctx,
			     unsigned int nthreads, const char *what)
{
	DECLARE_COMPLETION_ONSTACK(go);
	struct bench_thread *t;
	u64 copies = 0, ns = 0;
	unsigned int i, started = 0, cpu = nr_cpu_ids;
	int ret = 0;

	t = kcalloc(nthreads, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < nthreads; i++) {
		struct task_struct *task;

		t[i].b = &ctx[i % nctx];
		t[i].go = &go;
		init_completion(&t[i].finished);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
		task = kthread_create(bench_thread_fn, &t[i], "netdma-bench/%u", i);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
			break;
		}
		kthread_bind(task, cpu);
		wake_up_process(task);
		started++;
	}
	complete_all(&go);
	for (i = 0; i < started; i++) {
		wait_for_completion(&t[i].finished);
		copies += t[i].copies;
		ns = max(ns, t[i].ns);
		if (t[i].ret)
			ret = t[i].ret;
	}
	for (i = 0; i < nctx; i++)
		dmaengine_synchronize(ctx[i].chan);
	if (!ret && ns)
		pr_info("netdma-bench: rate %-28s %u threads %u channels: %llu copies/s (%llu copies in %llu ms)\n",
			what, nthreads, nctx, div64_u64(copies * NSEC_PER_SEC, ns),
			copies, div_u64(ns, NSEC_PER_MSEC));
	pr_info("netdma-bench: csv,%u,rate_%s_t%u_c%u,%llu,%llu,,,,\n",
		BENCH_RATE_SIZE, what, nthreads, nctx, copies,
		ns ? div64_u64(copies * NSEC_PER_SEC, ns) : 0);
	kfree(t);
	return ret;
}

static int __init bench_rates(struct bench_ctx *ctx, unsigned int nctx)
{
	unsigned int n = max(bench_threads, 1U);
	int ret;

	pr_info("netdma-bench: submissions per second, batches of %u %u-byte polled copies, %u online CPU(s), one thread per CPU\n",
		BENCH_RATE_BATCH, BENCH_RATE_SIZE, num_online_cpus());
	ret = bench_rate(ctx, 1, 1, "one-thread");
	if (!ret)
		ret = bench_rate(ctx, 1, n, "threads-one-channel");
	if (!ret && nctx > 1)
		ret = bench_rate(ctx, min(nctx, n), min(nctx, n),
				 "threads-own-channels");
	return ret;
}

/*
 * What the platform charges for the primitives every copy uses: UML 7.3
 * with SMP masks its IPI signal with a sigprocmask() host call on every
 * local_irq_save() and restore, where real hardware flips one flag.
 */
static void __init bench_platform(void)
{
	static DEFINE_SPINLOCK(lock);
	const unsigned int n = 20000;
	unsigned long flags;
	u64 t[6];
	atomic_t word = ATOMIC_INIT(0);
	unsigned int i;

	t[0] = ktime_get_ns();
	for (i = 0; i < n; i++) {
		local_irq_save(flags);
		local_irq_restore(flags);
	}
	t[1] = ktime_get_ns();
	for (i = 0; i < n; i++) {
		spin_lock_irqsave(&lock, flags);
		spin_unlock_irqrestore(&lock, flags);
	}
	t[2] = ktime_get_ns();
	for (i = 0; i < n; i++) {
		int old = atomic_read(&word);

		atomic_try_cmpxchg(&word, &old, old + 1);
	}
	t[3] = ktime_get_ns();
	for (i = 0; i < n; i++) {
		/* Timed, orders nothing: what a full barrier costs here. */
		smp_mb();
	}
	t[4] = ktime_get_ns();
	for (i = 0; i < n; i++)
		(void)smp_load_acquire(&word.counter);	/* a full fence on UML */
	t[5] = ktime_get_ns();
	pr_info("netdma-bench: platform: local_irq_save+restore %llu ns, spin_lock_irqsave+unlock %llu ns, cmpxchg %llu ns, smp_mb() %llu ns, smp_load_acquire() %llu ns (a copy pays three compare-and-swaps; issue_pending, tx_status and each pass of the completion work take the channel lock with interrupts masked)\n",
		div_u64(t[1] - t[0], n), div_u64(t[2] - t[1], n), div_u64(t[3] - t[2], n),
		div_u64(t[4] - t[3], n), div_u64(t[5] - t[4], n));
}

/*
 * make bench-perf: nothing but batches of 64 polled copies, each with a
 * callback, on one channel, for bench_loop_ms, so that a profiler outside
 * (perf on the UML process) sees only this path. The figure includes the
 * model's execution, as poll64 does.
 */
static int __init bench_loop(struct bench_ctx *b, size_t len)
{
	u64 start = ktime_get_ns(), budget = (u64)bench_loop_ms * NSEC_PER_MSEC;
	u64 copies = 0, ns;
	int ret;

	do {
		ret = bench_batch(b, len, 64, false);
		if (ret)
			return ret;
		copies += 64;
		ns = ktime_get_ns() - start;
	} while (ns < budget);
	pr_info("netdma-bench: loop %llu copies of %zu bytes in %llu ms: %llu ns/copy (poll64, model included)\n",
		copies, len, div_u64(ns, NSEC_PER_MSEC), div64_u64(ns, copies));
	return 0;
}

static int __init bench_main(void)
{
	struct bench_ctx ctx[CBDMA_MAX_CHANNELS] = { };
	size_t profile_size = clamp_t(unsigned int, bench_profile_size, 1,
				      BENCH_MAX_SIZE);
	unsigned int nctx = 0, i, cpu, home;
	s64 model10;
	u8 *src = NULL, *dst = NULL, *hsrc = NULL, *hdst = NULL;
	struct device *dev;
	int ret = -ENOMEM;

	src = kmalloc(BENCH_MAX_SIZE, GFP_KERNEL);
	dst = kmalloc(BENCH_MAX_SIZE, GFP_KERNEL);
	hsrc = kmalloc(BENCH_MAX_SIZE, GFP_KERNEL);
	hdst = kmalloc(BENCH_MAX_SIZE, GFP_KERNEL);
	if (!src || !dst || !hsrc || !hdst)
		goto out;
	memset(hsrc, 0x5a, BENCH_MAX_SIZE);
	memset(hdst, 0, BENCH_MAX_SIZE);
	for (i = 0; i < BENCH_COLD_CHUNKS; i++) {
		bench_cold[i] = alloc_pages(GFP_KERNEL, BENCH_COLD_CHUNK_ORDER);
		if (!bench_cold[i])
			goto out;
		memset(page_address(bench_cold[i]), i, PAGE_SIZE << BENCH_COLD_CHUNK_ORDER);
	}

	/*
	 * The single-thread figures run here, on the first online CPU, on a
	 * channel that completes on it, as a client that asks NetDMA for its
	 * own CPU gets. Channel i completes on the i-th online CPU, where
	 * the i-th rate thread runs.
	 */
	home = cpumask_first(cpu_online_mask);
	set_cpus_allowed_ptr(current, cpumask_of(home));
	cpu = home;
	for (nctx = 0; nctx < min_t(unsigned int, bench_nchan, CBDMA_MAX_CHANNELS); nctx++) {
		unsigned int got;

		ctx[nctx].chan = netdma_request_channel(cpumask_of(cpu), &got);
		if (!ctx[nctx].chan)
			break;
		init_completion(&ctx[nctx].done);
		pr_info("netdma-bench: %s completes on cpu %u\n",
			dma_chan_name(ctx[nctx].chan), got);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = home;
	}
	if (!nctx) {
		pr_err("netdma-bench: no channel\n");
		ret = -ENODEV;
		goto out;
	}
	/* All channels are on one device: map once, outside the timing. */
	dev = ctx[0].chan->device->dev;
	ctx[0].src = dma_map_single(dev, src, BENCH_MAX_SIZE, DMA_TO_DEVICE);
	ctx[0].dst = dma_map_single(dev, dst, BENCH_MAX_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, ctx[0].src) || dma_mapping_error(dev, ctx[0].dst)) {
		pr_err("netdma-bench: cannot map the buffers\n");
		ret = -EIO;
		goto release;
	}
	for (i = 1; i < nctx; i++) {
		ctx[i].src = ctx[0].src;
		ctx[i].dst = ctx[0].dst;
	}
	pr_info("netdma-bench: %s, model no_copy, synchronous execution (the model completes inside the doorbell write: driver cost only), %u ms per point, %u channel(s), %u online CPU(s)\n",
		dma_chan_name(ctx[0].chan), bench_ms, nctx, num_online_cpus());
	/* Not the sanitizer's name: the log checker flags any line with it. */
	if (IS_ENABLED(CONFIG_KASAN) || IS_ENABLED(CONFIG_PROVE_LOCKING) ||
	    IS_ENABLED(CONFIG_DMA_API_DEBUG))
		pr_info("netdma-bench: kernel: debug (address sanitizer, lock prover, DMA-API checks built in): absolute figures are inflated\n");
	else
		pr_info("netdma-bench: kernel: release (the rig's kernel without its debugging options)\n");

	if (bench_loop_ms) {
		ret = bench_loop(&ctx[0], profile_size);
		goto unmap;
	}
	bench_platform();
	model10 = bench_model_cost(&ctx[0], profile_size);
	ret = model10 < 0 ? model10 : 0;
	if (!ret)
		ret = bench_sizes(&ctx[0], hsrc, hdst, model10);
	if (!ret)
		ret = bench_profile(&ctx[0], profile_size, 1);
	if (!ret)
		ret = bench_profile(&ctx[0], profile_size, 64);
	if (!ret)
		ret = bench_rates(ctx, nctx);
	for (i = 0; i < nctx; i++)
		pr_info("netdma-bench: %s ring-full retries %lu, callbacks %lu\n",
			dma_chan_name(ctx[i].chan), atomic_long_read(&ctx[i].ring_full),
			READ_ONCE(ctx[i].callbacks));

unmap:
	dma_unmap_single(dev, ctx[0].src, BENCH_MAX_SIZE, DMA_TO_DEVICE);
	dma_unmap_single(dev, ctx[0].dst, BENCH_MAX_SIZE, DMA_FROM_DEVICE);
release:
	for (i = 0; i < nctx; i++)
		netdma_release_channel(ctx[i].chan);
out:
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	for (i = 0; i < BENCH_COLD_CHUNKS; i++) {
		if (bench_cold[i])
			__free_pages(bench_cold[i], BENCH_COLD_CHUNK_ORDER);
		bench_cold[i] = NULL;
	}
	kfree(src);
	kfree(dst);
	kfree(hsrc);
	kfree(hdst);
	return ret;
}

static int __init netdma_bench(void)
{
	int ret;

	if (!bench_run)
		return 0;
	bench_model = netdma_demo_model(&bench_nchan);
	if (!bench_model) {
		pr_err("netdma-bench: no model: boot with netdma_demo.channels=N\n");
		pr_info("netdma-bench: FAILED\n");
		return 0;
	}
	cbdma_model_set_no_copy(bench_model, true);
	ret = bench_main();
	cbdma_model_set_no_copy(bench_model, false);
	pr_info("netdma-bench: %s (%d)\n", ret ? "FAILED" : "done", ret);
	return 0;
}
late_initcall_sync(netdma_bench);
