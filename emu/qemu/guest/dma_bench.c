// SPDX-License-Identifier: GPL-2.0
/*
 * A benchmark for any dmaengine memcpy channel, for the guest benchmark
 * (scripts/bench-guest.sh, make bench-guest). It knows nothing of netdma or
 * cbdma: the same module runs on our channels and on ioatdma's, so that the
 * two drivers are timed by the same code on the same device model.
 *
 * The channels are taken by name (chans=dma0chan0,dma0chan1,...), or the
 * first four memcpy channels. Each figure is the mean over a loop of copies
 * that lasts about ms milliseconds; the host script takes medians over
 * boots. Per size (sizes=):
 *
 *   sub1 sub16 sub64   CPU time of prep + submit per copy, batches of 1, 16
 *                      and 64 per issue_pending (issue_pending included;
 *                      completion is waited for outside the timed part)
 *   poll_loc poll_rem  polled latency: prep, submit, issue_pending, then
 *                      tx_status until DMA_COMPLETE; submitter on the
 *                      channel's completion CPU, or on another CPU
 *   poll_term          poll_loc followed by dmaengine_terminate_sync()
 *                      per copy, as dmatest's polled mode does (a driver
 *                      without terminate_all returns from it at once)
 *   irq_loc irq_rem    interrupt latency: as above with DMA_PREP_INTERRUPT,
 *                      until the callback has run (the submitter spins on a
 *                      flag the callback sets)
 *   rate1 rate4x1 rate4x4   copies per second: 1 thread; 4 threads (one per
 *                      CPU) on one channel; 4 threads each on its own
 *                      channel. Each thread submits 16 copies, the last
 *                      with an interrupt, and sleeps until its callback
 *
 * The completion CPU of a channel is where its callback runs, found by one
 * copy with an interrupt. Then the page-migration pattern: 512 copies of 4
 * KiB pages, DMA_CTRL_ACK, an interrupt on the last one only, on 1 and on 4
 * channels, against memcpy() of the same pages on the CPU (time per page,
 * the pages mapped once beforehand). A prep that fails (ring full) is
 * retried after issue_pending and tx_status of the newest cookie; the
 * retries are counted and printed.
 *
 * Spin loops check their timeouts with jiffies, never with a clock read:
 * the guests boot with tsc=unstable, so ktime_get_ns() reads the HPET, an
 * emulated register that QEMU serves under its big lock, and a CPU that
 * spins on it slows the device model and every other CPU's MMIO. The
 * figures read the clock once per copy or per batch.
 *
 * Output, one line per figure:
 *   dma_bench: fig NAME SIZE VALUE UNIT
 * and "dma_bench: done" at the end, "dma_bench: error ..." on failure.
 * With profile=1 each figure's run (its threads' loops) is a window of
 * QEMU's insn_profile plugin (emu/qemu/plugins/insn_profile.c), followed by
 *   dma_bench: window NAME SIZE copies N
 * so that the host can divide the window's instruction counts by N. No
 * figure is judged here. Data is checked once per size (a wrong copy is
 * an error: a fast wrong driver must not win).
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#define DB_MAX_CHANS	4
#define DB_MAX_SIZES	8
#define DB_BUF		BIT(20)		/* largest copy: 1 MiB */
#define DB_PAGES_ORDER	9
#define DB_PAGES	BIT(DB_PAGES_ORDER)	/* page-migration batch */
#define DB_PAGE_ROUNDS	50		/* of each pattern; the best is the figure */
#define DB_RATE_BATCH	16
#define DB_WAIT_MS	2000		/* any single wait, before it is an error */

static char *chans = "";
module_param(chans, charp, 0444);
MODULE_PARM_DESC(chans, "comma-separated channel names (default: the first 4 memcpy channels)");

static unsigned int sizes[DB_MAX_SIZES] = { 64, 512, 4096, 65536, 1048576 };
static unsigned int nr_sizes = 5;
module_param_array(sizes, uint, &nr_sizes, 0444);
MODULE_PARM_DESC(sizes, "copy sizes in bytes, at most 1 MiB");

static unsigned int ms = 100;
module_param(ms, uint, 0444);
MODULE_PARM_DESC(ms, "milliseconds per figure (default 100)");

static char *figs = "";
module_param(figs, charp, 0444);
MODULE_PARM_DESC(figs, "comma-separated figure names to run (default: all), e.g. irq_rem,poll_rem");

static bool profile;
module_param(profile, bool, 0444);
MODULE_PARM_DESC(profile, "mark each figure's run for QEMU's insn_profile plugin (x86)");

/*
 * The markers of emu/qemu/plugins/insn_profile.c: NOPs that no compiler
 * emits, which open and close a window of instruction counts. Elsewhere
 * than x86 and without the plugin they are not used.
 */
static void db_mark(bool open)
{
#ifdef CONFIG_X86
	if (!profile)
		return;
	if (open)
		asm volatile(".byte 0x0f, 0x1f, 0x80; .long 0x4e440001" ::: "memory");
	else
		asm volatile(".byte 0x0f, 0x1f, 0x80; .long 0x4e440002" ::: "memory");
#endif
}

/* With profile=1: the copies of the window just closed, for the host. */
static void db_window(const char *name, size_t len, u64 copies)
{
	if (profile)
		pr_info("dma_bench: window %s %zu copies %llu\n", name, len, copies);
}

/* One channel and its buffers (mapped for its device). */
struct db_chan {
	struct dma_chan *chan;
	struct device *dev;
	unsigned int cpu;		/* where its callbacks run */
	void *src, *dst;		/* DB_BUF each */
	dma_addr_t src_dma, dst_dma;
};

static struct db_chan db_chans[DB_MAX_CHANS];
static unsigned int db_nchans;
static unsigned long db_full_waits;	/* prep retries after a full ring */

struct db_flag {
	int done;
	unsigned int cpu;
	struct completion comp;
};

static void db_set_flag(void *arg)
{
	struct db_flag *f = arg;

	f->cpu = raw_smp_processor_id();
	/* Pairs with the spinning submitter's acquire: cpu is set first. */
	smp_store_release(&f->done, 1);
}

static void db_complete(void *arg)
{
	struct db_flag *f = arg;

	f->cpu = raw_smp_processor_id();
	complete(&f->comp);
}

/* Wait for @cookie by polling tx_status; 0, or -EIO / -ETIMEDOUT. */
static int db_poll(struct dma_chan *chan, dma_cookie_t cookie)
{
	unsigned long end = jiffies + msecs_to_jiffies(DB_WAIT_MS);
	enum dma_status st;

	while ((st = dma_async_is_tx_complete(chan, cookie, NULL, NULL)) ==
	       DMA_IN_PROGRESS) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		cpu_relax();
	}
	return st == DMA_COMPLETE ? 0 : -EIO;
}

/*
 * Prep one copy; a full ring is retried after handing over what is there
 * and polling the newest cookie (@last) until the driver freed room.
 */
static struct dma_async_tx_descriptor *
db_prep(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src, size_t len,
	unsigned long flags, dma_cookie_t last)
{
	struct dma_async_tx_descriptor *tx;
	unsigned long end = jiffies + msecs_to_jiffies(DB_WAIT_MS);

	for (;;) {
		tx = dmaengine_prep_dma_memcpy(chan, dst, src, len, flags);
		if (tx)
			return tx;
		if (time_after(jiffies, end))
			return NULL;
		db_full_waits++;
		dma_async_issue_pending(chan);
		if (last > 0)
			dma_async_is_tx_complete(chan, last, NULL, NULL);
		cpu_relax();
	}
}

/* Submit; a negative cookie is an error. */
static dma_cookie_t db_copy(struct dma_chan *chan, dma_addr_t dst,
			    dma_addr_t src, size_t len, unsigned long flags,
			    dma_async_tx_callback cb, void *arg, dma_cookie_t last)
{
	struct dma_async_tx_descriptor *tx;

	tx = db_prep(chan, dst, src, len, flags, last);
	if (!tx)
		return -ENOMEM;
	tx->callback = cb;
	tx->callback_param = arg;
	return dmaengine_submit(tx);
}

/*
 * A copy did not end in time: stop the channel, so that no callback runs
 * later on a flag that lives on the waiter's stack. A driver without
 * terminate (ioatdma) cannot be stopped; its channel is then left alone
 * and the module fails to load, which ends the benchmark's boot.
 */
static int db_abort(struct dma_chan *chan)
{
	pr_err("dma_bench: error %s: a copy did not complete in %u ms\n",
	       dma_chan_name(chan), DB_WAIT_MS);
	dmaengine_terminate_sync(chan);
	return -ETIMEDOUT;
}

enum db_kind { DB_SUB, DB_POLL, DB_POLL_TERM, DB_IRQ, DB_RATE };

/* One measurement, run by a thread bound to @cpu. */
struct db_job {
	enum db_kind kind;
	struct db_chan *c;
	size_t len;
	unsigned int batch;
	unsigned int cpu;
	u64 ns;			/* timed part */
	u64 copies;
	int err;
	struct completion started, done;
	bool go;
};

static void db_sub(struct db_job *j)
{
	struct dma_chan *chan = j->c->chan;
	u64 deadline = ktime_get_ns() + (u64)ms * NSEC_PER_MSEC;
	dma_cookie_t cookie = 0;
	unsigned int i;

	while (ktime_get_ns() < deadline) {
		u64 t0 = ktime_get_ns();

		for (i = 0; i < j->batch; i++) {
			cookie = db_copy(chan, j->c->dst_dma, j->c->src_dma,
					 j->len, DMA_CTRL_ACK, NULL, NULL, cookie);
			if (cookie < 0) {
				j->err = cookie;
				return;
			}
		}
		dma_async_issue_pending(chan);
		j->ns += ktime_get_ns() - t0;
		j->copies += j->batch;
		j->err = db_poll(chan, cookie);
		if (j->err)
			return;
	}
}

static void db_lat(struct db_job *j, bool irq, bool term)
{
	struct dma_chan *chan = j->c->chan;
	u64 t0 = ktime_get_ns(), deadline = t0 + (u64)ms * NSEC_PER_MSEC;
	struct db_flag f;
	dma_cookie_t cookie = 0;

	while (ktime_get_ns() < deadline) {
		WRITE_ONCE(f.done, 0);
		cookie = db_copy(chan, j->c->dst_dma, j->c->src_dma, j->len,
				 DMA_CTRL_ACK | (irq ? DMA_PREP_INTERRUPT : 0),
				 irq ? db_set_flag : NULL, &f, cookie);
		if (cookie < 0) {
			j->err = cookie;
			return;
		}
		dma_async_issue_pending(chan);
		if (irq) {
			unsigned long end = jiffies + msecs_to_jiffies(DB_WAIT_MS);

			/* Pairs with db_set_flag()'s release. */
			while (!smp_load_acquire(&f.done)) {
				if (time_after(jiffies, end)) {
					j->err = db_abort(chan);
					return;
				}
				cpu_relax();
			}
		} else {
			j->err = db_poll(chan, cookie);
			if (j->err)
				return;
			if (term)
				dmaengine_terminate_sync(chan);
		}
		j->copies++;
	}
	j->ns = ktime_get_ns() - t0;
}

static void db_rate(struct db_job *j)
{
	struct dma_chan *chan = j->c->chan;
	u64 t0 = ktime_get_ns(), deadline = t0 + (u64)ms * NSEC_PER_MSEC;
	dma_cookie_t cookie = 0;
	struct db_flag f;
	unsigned int i;

	init_completion(&f.comp);
	while (ktime_get_ns() < deadline) {
		reinit_completion(&f.comp);
		for (i = 0; i < DB_RATE_BATCH; i++) {
			bool last = i == DB_RATE_BATCH - 1;

			cookie = db_copy(chan, j->c->dst_dma, j->c->src_dma,
					 j->len, DMA_CTRL_ACK |
					 (last ? DMA_PREP_INTERRUPT : 0),
					 last ? db_complete : NULL, &f, cookie);
			if (cookie < 0) {
				j->err = cookie;
				return;
			}
		}
		dma_async_issue_pending(chan);
		if (!wait_for_completion_timeout(&f.comp,
						 msecs_to_jiffies(DB_WAIT_MS))) {
			j->err = db_abort(chan);
			return;
		}
		j->copies += DB_RATE_BATCH;
	}
	j->ns = ktime_get_ns() - t0;
}

static int db_thread(void *arg)
{
	struct db_job *j = arg;

	complete(&j->started);
	/* All threads of a figure start together. */
	while (!smp_load_acquire(&j->go))
		usleep_range(50, 100);
	switch (j->kind) {
	case DB_SUB:
		db_sub(j);
		break;
	case DB_POLL:
	case DB_POLL_TERM:
		db_lat(j, false, j->kind == DB_POLL_TERM);
		break;
	case DB_IRQ:
		db_lat(j, true, false);
		break;
	case DB_RATE:
		db_rate(j);
		break;
	}
	complete(&j->done);
	return 0;
}

/* Run @n jobs, each in a thread bound to its CPU, started together. */
static int db_run(struct db_job *jobs, unsigned int n)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n; i++) {
		struct task_struct *t;

		init_completion(&jobs[i].started);
		init_completion(&jobs[i].done);
		jobs[i].go = false;
		t = kthread_create(db_thread, &jobs[i], "dma_bench/%u", i);
		if (IS_ERR(t))
			return PTR_ERR(t);	/* none started yet past i */
		kthread_bind(t, jobs[i].cpu);
		wake_up_process(t);
		wait_for_completion(&jobs[i].started);
	}
	db_mark(true);
	for (i = 0; i < n; i++) {
		/* Pairs with db_thread()'s acquire: the job is set up before. */
		smp_store_release(&jobs[i].go, true);
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&jobs[i].done);
		if (jobs[i].err && !err)
			err = jobs[i].err;
	}
	db_mark(false);
	return err;
}

/* Is figure @name in the comma-separated @list (empty: every figure)? */
static bool db_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	if (!*list)
		return true;
	while (*list) {
		if (!strncmp(list, name, n) && (list[n] == ',' || !list[n]))
			return true;
		list = strchrnul(list, ',');
		if (*list)
			list++;
	}
	return false;
}

static void db_fig(const char *name, unsigned int size, u64 val, const char *unit)
{
	pr_info("dma_bench: fig %s %u %llu %s\n", name, size, val, unit);
}

/* Another online CPU than @cpu (the next one), or @cpu alone. */
static unsigned int db_other_cpu(unsigned int cpu)
{
	unsigned int o = cpumask_next(cpu, cpu_online_mask);

	if (o >= nr_cpu_ids)
		o = cpumask_first(cpu_online_mask);
	return o;
}

/* ns per copy of one job on channel @c from @cpu. */
static int db_one(const char *name, enum db_kind kind, struct db_chan *c,
		  size_t len, unsigned int batch, unsigned int cpu)
{
	struct db_job j = { .kind = kind, .c = c, .len = len, .batch = batch,
			    .cpu = cpu };
	int err;

	if (!db_listed(figs, name))
		return 0;
	err = db_run(&j, 1);
	db_window(name, len, j.copies);
	if (err) {
		pr_err("dma_bench: error %s size %zu: %d\n", name, len, err);
		return err;
	}
	if (!j.copies)
		return -EIO;
	db_fig(name, len, div64_u64(j.ns, j.copies), "ns");
	return 0;
}

/* copies/s of @n threads, thread i on CPU i, on channel 0 or channel i. */
static int db_rates(const char *name, size_t len, unsigned int n, bool spread)
{
	struct db_job *jobs;
	u64 copies = 0, ns = 0;
	unsigned int i, cpu = cpumask_first(cpu_online_mask);
	int err;

	if (!db_listed(figs, name))
		return 0;
	jobs = kcalloc(n, sizeof(*jobs), GFP_KERNEL);
	if (!jobs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		jobs[i].kind = DB_RATE;
		jobs[i].c = &db_chans[spread ? i % db_nchans : 0];
		jobs[i].len = len;
		/* one thread per CPU; on one channel, thread 0 on its CPU */
		jobs[i].cpu = n == 1 ? jobs[i].c->cpu : cpu;
		cpu = db_other_cpu(cpu);
	}
	err = db_run(jobs, n);
	for (i = 0; i < n; i++) {
		copies += jobs[i].copies;
		ns = max(ns, jobs[i].ns);
	}
	kfree(jobs);
	db_window(name, len, copies);
	if (err) {
		pr_err("dma_bench: error %s size %zu: %d\n", name, len, err);
		return err;
	}
	if (!ns)
		return -EIO;
	db_fig(name, len, div64_u64(copies * NSEC_PER_SEC, ns), "copies/s");
	return 0;
}

/* One polled copy of @len, then compare: the driver must copy right. */
static int db_verify(struct db_chan *c, size_t len)
{
	dma_cookie_t cookie;
	int err;

	get_random_bytes(c->src, len);
	memset(c->dst, 0, len);
	dma_sync_single_for_device(c->dev, c->src_dma, len, DMA_TO_DEVICE);
	dma_sync_single_for_device(c->dev, c->dst_dma, len, DMA_FROM_DEVICE);
	cookie = db_copy(c->chan, c->dst_dma, c->src_dma, len, DMA_CTRL_ACK,
			 NULL, NULL, 0);
	if (cookie < 0)
		return cookie;
	dma_async_issue_pending(c->chan);
	err = db_poll(c->chan, cookie);
	if (err)
		return err;
	dma_sync_single_for_cpu(c->dev, c->dst_dma, len, DMA_FROM_DEVICE);
	if (memcmp(c->src, c->dst, len)) {
		pr_err("dma_bench: error %s: copy of %zu bytes is wrong\n",
		       dma_chan_name(c->chan), len);
		return -EIO;
	}
	return 0;
}

static int db_size(size_t len)
{
	struct db_chan *c = &db_chans[0];
	unsigned int other = db_other_cpu(c->cpu);
	int err;

	err = db_verify(c, len);
	err = err ?: db_one("sub1", DB_SUB, c, len, 1, c->cpu);
	err = err ?: db_one("sub16", DB_SUB, c, len, 16, c->cpu);
	err = err ?: db_one("sub64", DB_SUB, c, len, 64, c->cpu);
	err = err ?: db_one("poll_loc", DB_POLL, c, len, 1, c->cpu);
	err = err ?: db_one("poll_rem", DB_POLL, c, len, 1, other);
	err = err ?: db_one("poll_term", DB_POLL_TERM, c, len, 1, c->cpu);
	err = err ?: db_one("irq_loc", DB_IRQ, c, len, 1, c->cpu);
	err = err ?: db_one("irq_rem", DB_IRQ, c, len, 1, other);
	err = err ?: db_rates("rate1", len, 1, false);
	err = err ?: db_rates("rate4x1", len, 4, false);
	if (!err && db_nchans >= 4)
		err = db_rates("rate4x4", len, 4, true);
	return err;
}

/*
 * The page-migration pattern on @n channels: DB_PAGES pages split among
 * them, an interrupt on each channel's last copy, all submitted from this
 * CPU, then waited for. Returns the total ns, or a negative errno.
 */
static s64 db_pages_dma(unsigned int n, dma_addr_t *src, dma_addr_t *dst)
{
	struct db_flag f[DB_MAX_CHANS];
	dma_cookie_t cookie[DB_MAX_CHANS] = { 0 };
	unsigned int i, k, per = DB_PAGES / n;
	u64 t0;

	for (k = 0; k < n; k++)
		init_completion(&f[k].comp);
	t0 = ktime_get_ns();
	for (k = 0; k < n; k++) {
		struct dma_chan *chan = db_chans[k].chan;

		for (i = k * per; i < (k + 1) * per; i++) {
			bool last = i == (k + 1) * per - 1;

			cookie[k] = db_copy(chan, dst[i], src[i], PAGE_SIZE,
					    DMA_CTRL_ACK |
					    (last ? DMA_PREP_INTERRUPT : 0),
					    last ? db_complete : NULL, &f[k],
					    cookie[k]);
			if (cookie[k] < 0)
				return cookie[k];
		}
		dma_async_issue_pending(chan);
	}
	for (k = 0; k < n; k++)
		if (!wait_for_completion_timeout(&f[k].comp,
						 msecs_to_jiffies(DB_WAIT_MS)))
			return db_abort(db_chans[k].chan);
	return ktime_get_ns() - t0;
}

/*
 * Migration-like copies of DB_PAGES pages: DMA on 1 and 4 channels, CPU.
 *
 * The pages come as two physically contiguous blocks, sources and
 * destinations, not one by one: under TCG the same memcpy() of 512 single
 * pages ran 495-1,315 ns a page depending only on where the page allocator
 * put them, and each driver's own allocations at load leave it a different
 * free list (Documentation/performance.rst, "pages_cpu").
 */
static int db_pages(void)
{
	struct page *sblk, *dblk;
	dma_addr_t *src, *dst;
	struct device *dev = db_chans[0].dev;
	unsigned int i, n, r;
	s64 best[3] = { S64_MAX, S64_MAX, S64_MAX };
	int err = -ENOMEM;

	sblk = alloc_pages(GFP_KERNEL, DB_PAGES_ORDER);
	dblk = alloc_pages(GFP_KERNEL, DB_PAGES_ORDER);
	src = kcalloc(DB_PAGES, sizeof(*src), GFP_KERNEL);
	dst = kcalloc(DB_PAGES, sizeof(*dst), GFP_KERNEL);
	if (!sblk || !dblk || !src || !dst)
		goto out;
	for (i = 0; i < DB_PAGES; i++) {
		memset(page_address(sblk) + i * PAGE_SIZE, i, PAGE_SIZE);
		/* every channel of the bench shares one device */
		src[i] = dma_map_page(dev, nth_page(sblk, i), 0, PAGE_SIZE, DMA_TO_DEVICE);
		dst[i] = dma_map_page(dev, nth_page(dblk, i), 0, PAGE_SIZE, DMA_FROM_DEVICE);
		if (dma_mapping_error(dev, src[i]) || dma_mapping_error(dev, dst[i])) {
			err = -EIO;
			goto out;
		}
	}
	/* Rounds of about 1 ms each; the best of each is the figure. */
	for (r = 0; r < DB_PAGE_ROUNDS; r++) {
		u64 t0;

		for (n = 1; n <= 4; n *= 4) {
			s64 ns;

			if (n > db_nchans)
				continue;
			ns = db_pages_dma(n, src, dst);
			if (ns < 0) {
				err = ns;
				pr_err("dma_bench: error pages on %u channels: %d\n", n, err);
				goto out;
			}
			best[n == 1 ? 0 : 1] = min(best[n == 1 ? 0 : 1], ns);
		}
		t0 = ktime_get_ns();
		for (i = 0; i < DB_PAGES; i++)
			memcpy(page_address(dblk) + i * PAGE_SIZE,
			       page_address(sblk) + i * PAGE_SIZE, PAGE_SIZE);
		best[2] = min_t(s64, best[2], ktime_get_ns() - t0);
	}
	db_fig("pages_dma1", PAGE_SIZE, best[0] / DB_PAGES, "ns/page");
	if (best[1] != S64_MAX)
		db_fig("pages_dma4", PAGE_SIZE, best[1] / DB_PAGES, "ns/page");
	db_fig("pages_cpu", PAGE_SIZE, best[2] / DB_PAGES, "ns/page");
	err = 0;
out:
	for (i = 0; sblk && dblk && src && dst && i < DB_PAGES; i++) {
		if (src[i] && !dma_mapping_error(dev, src[i]))
			dma_unmap_page(dev, src[i], PAGE_SIZE, DMA_TO_DEVICE);
		if (dst[i] && !dma_mapping_error(dev, dst[i]))
			dma_unmap_page(dev, dst[i], PAGE_SIZE, DMA_FROM_DEVICE);
	}
	kfree(dst);
	kfree(src);
	if (dblk)
		__free_pages(dblk, DB_PAGES_ORDER);
	if (sblk)
		__free_pages(sblk, DB_PAGES_ORDER);
	return err;
}

static bool db_filter(struct dma_chan *chan, void *param)
{
	return db_listed(param, dma_chan_name(chan));
}

static void db_release(void)
{
	unsigned int i;

	for (i = 0; i < db_nchans; i++) {
		struct db_chan *c = &db_chans[i];

		dma_unmap_single(c->dev, c->src_dma, DB_BUF, DMA_TO_DEVICE);
		dma_unmap_single(c->dev, c->dst_dma, DB_BUF, DMA_FROM_DEVICE);
		kfree(c->src);
		kfree(c->dst);
		dma_release_channel(c->chan);
	}
	db_nchans = 0;
}

/* Take one channel, map its buffers; -ENODEV when there is none left. */
static int db_take(struct db_chan *c, const dma_cap_mask_t *mask)
{
	c->chan = dma_request_channel(*mask, db_filter, chans);
	if (!c->chan)
		return -ENODEV;
	c->dev = c->chan->device->dev;
	c->src = kmalloc(DB_BUF, GFP_KERNEL);
	c->dst = kmalloc(DB_BUF, GFP_KERNEL);
	if (!c->src || !c->dst)
		goto err_free;
	c->src_dma = dma_map_single(c->dev, c->src, DB_BUF, DMA_TO_DEVICE);
	if (dma_mapping_error(c->dev, c->src_dma))
		goto err_free;
	c->dst_dma = dma_map_single(c->dev, c->dst, DB_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(c->dev, c->dst_dma))
		goto err_unmap;
	return 0;

err_unmap:
	dma_unmap_single(c->dev, c->src_dma, DB_BUF, DMA_TO_DEVICE);
err_free:
	kfree(c->src);
	kfree(c->dst);
	dma_release_channel(c->chan);
	return -ENOMEM;
}

/* Take the channels and find each one's completion CPU. */
static int db_setup(void)
{
	dma_cap_mask_t mask;
	int err;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	while (db_nchans < DB_MAX_CHANS) {
		struct db_chan *c = &db_chans[db_nchans];
		struct db_flag f;
		dma_cookie_t cookie;

		err = db_take(c, &mask);
		if (err == -ENODEV)
			break;
		if (err)
			return err;
		db_nchans++;
		init_completion(&f.comp);
		cookie = db_copy(c->chan, c->dst_dma, c->src_dma, 64,
				 DMA_CTRL_ACK | DMA_PREP_INTERRUPT, db_complete,
				 &f, 0);
		if (cookie < 0)
			return cookie;
		dma_async_issue_pending(c->chan);
		if (!wait_for_completion_timeout(&f.comp, msecs_to_jiffies(DB_WAIT_MS)))
			return db_abort(c->chan);
		c->cpu = f.cpu;
		pr_info("dma_bench: chan %s completion cpu %u\n",
			dma_chan_name(c->chan), c->cpu);
	}
	return db_nchans ? 0 : -ENODEV;
}

/* The whole run happens at load; unload the module afterwards. */
static int __init db_init(void)
{
	unsigned int i;
	int err;

	err = db_setup();
	if (err) {
		pr_err("dma_bench: error setup: %d (%u channels)\n", err, db_nchans);
		goto out;
	}
	pr_info("dma_bench: %u channels of %s, %u ms per figure\n", db_nchans,
		dev_name(db_chans[0].dev), ms);
	for (i = 0; i < nr_sizes && !err; i++) {
		if (!sizes[i] || sizes[i] > DB_BUF) {
			pr_err("dma_bench: error size %u out of range\n", sizes[i]);
			err = -EINVAL;
			break;
		}
		err = db_size(sizes[i]);
	}
	if (!err && db_listed(figs, "pages"))
		err = db_pages();
	pr_info("dma_bench: ring-full prep retries %lu\n", db_full_waits);
	if (!err)
		pr_info("dma_bench: done\n");
out:
	db_release();
	return err;
}

static void __exit db_exit(void)
{
}

module_init(db_init);
module_exit(db_exit);
MODULE_DESCRIPTION("dmaengine memcpy benchmark for any channel (guest benchmark)");
MODULE_LICENSE("GPL");
