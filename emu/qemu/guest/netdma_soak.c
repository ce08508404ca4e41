// SPDX-License-Identifier: GPL-2.0
/*
 * The soak (scripts/soak.sh, Documentation/testing-qemu.rst "Soak"): a
 * seeded random mix of memory-to-memory copies on every netdma channel,
 * every byte of each checked, from several submitters per channel while
 * the host and /init inject faults. Each copy ends as one of:
 *
 *   verified  the engine reported success and the data is right
 *   cpu       below the helpers' copybreak: the CPU copied (checked too)
 *   failed    the client was told it failed (an error result, an errno)
 *   refused   prep or submit refused it (dead or revoked channel)
 *   lost      neither completion nor error within lost_ms
 *   corrupt   reported success and the data or the guard bytes are wrong,
 *             or a failed copy wrote outside its destination
 *   held      a helper said -EINPROGRESS: the engine may still own the
 *             buffers, which are abandoned (never reused, never freed)
 *
 * Submitter kinds, taken in turn on each channel: the dmaengine API with
 * an interrupt and callback_result, the dmaengine API polled with
 * tx_status, netdma_copy_buf() with a callback, netdma_copy_buf_wait()
 * (interrupt or NETDMA_COPY_POLL, at random).
 *
 * Control and results in debugfs, netdma_soak/:
 *   phase   write a name: the following results count under it, and its
 *           "injected" count goes up by one (the fault class of the run)
 *   ctl     "terminate N", "pause N" (a channel index), "release" (every
 *           channel given back, submitters idle), "acquire" (channels
 *           requested again), "stop" (submitters end; the report is
 *           printed)
 *   status  "verified V target T done D"
 *   report  the table per phase and the totals
 *
 * Reproducible from the seed: each submitter draws sizes, offsets, batch
 * lengths and data from its own generator seeded from (seed, index), and
 * /init draws the order of the faults from the same seed; the
 * interleaving of submitters and faults is the machine's.
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdma.h>
#include <linux/pci.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

static unsigned long seed;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "random seed (0: drawn, then printed)");

static unsigned long target = 100000;
module_param(target, ulong, 0444);
MODULE_PARM_DESC(target, "engine copies verified after which status says done");

static unsigned int channels = 4;
module_param(channels, uint, 0444);
MODULE_PARM_DESC(channels, "channels to request (one per online CPU, at most)");

static unsigned int submitters = 4;
module_param(submitters, uint, 0444);
MODULE_PARM_DESC(submitters, "submitters per channel (kinds taken in turn)");

static unsigned int max_size = 65536;
module_param(max_size, uint, 0444);
MODULE_PARM_DESC(max_size, "largest copy in bytes");

static unsigned int lost_ms = 30000;
module_param(lost_ms, uint, 0444);
MODULE_PARM_DESC(lost_ms, "a copy with no completion and no error after this is lost");

static unsigned int copybreak = 4096;
module_param(copybreak, uint, 0444);
MODULE_PARM_DESC(copybreak, "netdma's copybreak: helper copies shorter are the CPU's");

#define SOAK_BATCH	4	/* copies a submitter has in flight at most */
#define SOAK_ALIGN	64	/* offsets 0 .. SOAK_ALIGN - 1 in the buffers */
#define SOAK_GUARD	64	/* poisoned bytes checked after a destination */
#define SOAK_POISON	0x5a
#define SOAK_PHASES	32
#define SOAK_NAME	24

enum soak_kind { SOAK_API_IRQ, SOAK_API_POLL, SOAK_HELPER_CB, SOAK_HELPER_WAIT,
		 SOAK_KINDS };
static const char *const soak_kind_name[SOAK_KINDS] = {
	"api-irq", "api-poll", "helper-cb", "helper-wait",
};

enum soak_outcome { SOAK_VERIFIED, SOAK_CPU, SOAK_FAILED, SOAK_REFUSED,
		    SOAK_LOST, SOAK_CORRUPT, SOAK_HELD, SOAK_OUTCOMES };
static const char *const soak_outcome_name[SOAK_OUTCOMES] = {
	"verified", "cpu", "failed", "refused", "lost", "corrupt", "held",
};

/* What a failed copy was told. */
enum soak_fail { SOAK_F_READ, SOAK_F_WRITE, SOAK_F_ABORTED, SOAK_F_TIMEDOUT,
		 SOAK_F_OTHER, SOAK_FAILS };
static const char *const soak_fail_name[SOAK_FAILS] = {
	"read", "write", "aborted", "timedout", "other",
};

/*
 * Counters: written by every submitter with atomic adds, read by the
 * report; a phase's slot is never reused (SOAK_PHASES names at most).
 */
struct soak_phase {
	char name[SOAK_NAME];
	atomic_long_t injected;
	atomic_long_t n[SOAK_KINDS][SOAK_OUTCOMES];
	atomic_long_t fail[SOAK_FAILS];
};

/*
 * One channel slot. @chan and @leaving are written under @lock held for
 * writing (release, acquire, the unbind notifier); submitters and the ctl
 * operations use them under @lock held for reading, for as long as a copy
 * of theirs may be on it. @leaving: the channel's device is losing its
 * driver; the slot keeps the channel (it sees the provider stop) but maps
 * and submits nothing more on it until "release".
 */
struct soak_chan {
	struct rw_semaphore lock;
	struct dma_chan *chan;
	unsigned int cpu;
	bool leaving;
};

struct soak_sub;

/* One copy in flight; owned by its submitter, reused batch after batch. */
struct soak_copy {
	struct soak_sub *sub;
	u8 *src;		/* SOAK_ALIGN + max_size bytes */
	u8 *dst;		/* SOAK_ALIGN + max_size + SOAK_GUARD bytes */
	size_t len;
	unsigned int soff, doff;
	dma_addr_t s, d;
	struct device *dev;
	dma_cookie_t cookie;
	bool mapped;
	bool live;		/* submitted: an outcome is still due */
	struct completion done;
	enum dmaengine_tx_result result;
};

struct soak_sub {
	unsigned int id;
	enum soak_kind kind;
	struct soak_chan *sc;
	struct rnd_state rnd;
	struct task_struct *task;
	bool broken;		/* out of memory for buffers: idles */
	struct soak_copy copy[SOAK_BATCH];
};

static struct soak_chan *soak_chans;
static unsigned int soak_nr_chans;
static struct soak_sub *soak_subs;
static unsigned int soak_nr_subs;
static struct soak_phase soak_phases[SOAK_PHASES];
/* Phases named so far; the current one. Written under soak_ctl_lock. */
static unsigned int soak_nr_phases;
static unsigned int soak_cur_phase;
static DEFINE_MUTEX(soak_ctl_lock);
static atomic_long_t soak_verified;
static atomic_long_t soak_abandoned;	/* buffers left to the engine */
static struct dentry *soak_dir;
static bool soak_stopped;

static struct soak_phase *soak_phase(void)
{
	return &soak_phases[READ_ONCE(soak_cur_phase)];
}

static void soak_count(struct soak_sub *sub, enum soak_outcome o)
{
	atomic_long_inc(&soak_phase()->n[sub->kind][o]);
	if (o == SOAK_VERIFIED)
		atomic_long_inc(&soak_verified);
	if (o == SOAK_LOST || o == SOAK_CORRUPT)
		pr_err("netdma_soak: %s: submitter %u (%s) slot %u phase %s\n",
		       soak_outcome_name[o], sub->id, soak_kind_name[sub->kind],
		       (unsigned int)(sub->sc - soak_chans), soak_phase()->name);
}

static void soak_fail(struct soak_sub *sub, enum soak_fail f)
{
	atomic_long_inc(&soak_phase()->fail[f]);
	soak_count(sub, SOAK_FAILED);
}

static void soak_fail_result(struct soak_sub *sub, enum dmaengine_tx_result r)
{
	switch (r) {
	case DMA_TRANS_READ_FAILED:
		soak_fail(sub, SOAK_F_READ);
		break;
	case DMA_TRANS_WRITE_FAILED:
		soak_fail(sub, SOAK_F_WRITE);
		break;
	case DMA_TRANS_ABORTED:
		soak_fail(sub, SOAK_F_ABORTED);
		break;
	default:
		soak_fail(sub, SOAK_F_OTHER);
	}
}

static void soak_fail_errno(struct soak_sub *sub, int err)
{
	switch (err) {
	case -EIO:
		soak_fail(sub, SOAK_F_READ);
		break;
	case -ECANCELED:
		soak_fail(sub, SOAK_F_ABORTED);
		break;
	case -ETIMEDOUT:
		soak_fail(sub, SOAK_F_TIMEDOUT);
		break;
	default:
		soak_fail(sub, SOAK_F_OTHER);
	}
}

static bool soak_done(void)
{
	return atomic_long_read(&soak_verified) >= target;
}

/* Draw a copy: length log-uniform in 1 .. max_size, offsets 0 .. 63. */
static void soak_draw(struct soak_sub *sub, struct soak_copy *c)
{
	unsigned int bits = prandom_u32_state(&sub->rnd) % (ilog2(max_size) + 1);

	c->len = 1 + prandom_u32_state(&sub->rnd) % min(max_size, 2U << bits);
	c->soff = prandom_u32_state(&sub->rnd) % SOAK_ALIGN;
	c->doff = prandom_u32_state(&sub->rnd) % SOAK_ALIGN;
	prandom_bytes_state(&sub->rnd, c->src + c->soff, c->len);
	memset(c->dst, SOAK_POISON, c->doff + c->len + SOAK_GUARD);
}

/* Guards intact: nothing written before or after the destination. */
static bool soak_guards_ok(struct soak_copy *c)
{
	return !memchr_inv(c->dst, SOAK_POISON, c->doff) &&
	       !memchr_inv(c->dst + c->doff + c->len, SOAK_POISON, SOAK_GUARD);
}

static void soak_check(struct soak_sub *sub, struct soak_copy *c,
		       enum soak_outcome good)
{
	if (memcmp(c->dst + c->doff, c->src + c->soff, c->len) ||
	    !soak_guards_ok(c))
		soak_count(sub, SOAK_CORRUPT);
	else
		soak_count(sub, good);
}

/* A failed copy may have written part of its destination, never beyond. */
static void soak_check_failed(struct soak_sub *sub, struct soak_copy *c)
{
	if (!soak_guards_ok(c))
		soak_count(sub, SOAK_CORRUPT);
}

/*
 * The engine may still own a copy's buffers (a helper's -EINPROGRESS, a
 * channel that could not be terminated): leave them to it, never to be
 * freed or reused, and give the slot fresh ones.
 */
static void soak_abandon(struct soak_copy *c)
{
	atomic_long_inc(&soak_abandoned);
	c->mapped = false;
	c->src = kmalloc(SOAK_ALIGN + max_size, GFP_KERNEL);
	c->dst = kmalloc(SOAK_ALIGN + max_size + SOAK_GUARD, GFP_KERNEL);
	if (!c->src || !c->dst) {
		pr_err("netdma_soak: submitter %u: no memory for new buffers\n",
		       c->sub->id);
		c->sub->broken = true;
	}
}

static void soak_unmap(struct soak_copy *c)
{
	if (!c->mapped)
		return;
	dma_unmap_single(c->dev, c->d, c->len, DMA_FROM_DEVICE);
	dma_unmap_single(c->dev, c->s, c->len, DMA_TO_DEVICE);
	c->mapped = false;
}

static void soak_api_callback(void *arg, const struct dmaengine_result *res)
{
	struct soak_copy *c = arg;

	c->result = res ? res->result : DMA_TRANS_NOERROR;
	complete(&c->done);
}

/* Map and submit one copy on the dmaengine API; false when refused. */
static bool soak_api_submit(struct soak_sub *sub, struct dma_chan *chan,
			    struct soak_copy *c, bool poll)
{
	struct dma_async_tx_descriptor *tx;

	c->dev = dmaengine_get_dma_device(chan);
	c->s = dma_map_single(c->dev, c->src + c->soff, c->len, DMA_TO_DEVICE);
	if (dma_mapping_error(c->dev, c->s))
		return false;
	c->d = dma_map_single(c->dev, c->dst + c->doff, c->len, DMA_FROM_DEVICE);
	if (dma_mapping_error(c->dev, c->d)) {
		dma_unmap_single(c->dev, c->s, c->len, DMA_TO_DEVICE);
		return false;
	}
	c->mapped = true;
	tx = dmaengine_prep_dma_memcpy(chan, c->d, c->s, c->len,
				       (poll ? 0 : DMA_PREP_INTERRUPT) | DMA_CTRL_ACK);
	if (!tx)
		goto refused;
	if (!poll) {
		tx->callback_result = soak_api_callback;
		tx->callback_param = c;
	}
	c->cookie = dmaengine_submit(tx);
	if (dma_submit_error(c->cookie))
		goto refused;
	c->live = true;
	return true;
refused:
	soak_unmap(c);
	return false;
}

/* Wait for an interrupt-driven copy; its outcome. */
static void soak_api_wait_irq(struct soak_sub *sub, struct dma_chan *chan,
			      struct soak_copy *c)
{
	if (!wait_for_completion_timeout(&c->done, msecs_to_jiffies(lost_ms))) {
		/* After terminate_sync no callback runs any more. */
		if (dmaengine_terminate_sync(chan) && !completion_done(&c->done)) {
			soak_count(sub, SOAK_LOST);
			soak_abandon(c);
			return;
		}
		if (!completion_done(&c->done)) {
			soak_count(sub, SOAK_LOST);
			soak_unmap(c);
			return;
		}
	}
	soak_unmap(c);
	if (c->result == DMA_TRANS_NOERROR) {
		soak_check(sub, c, SOAK_VERIFIED);
	} else {
		soak_fail_result(sub, c->result);
		soak_check_failed(sub, c);
	}
}

/* Poll a copy submitted without an interrupt; its outcome. */
static void soak_api_wait_poll(struct soak_sub *sub, struct dma_chan *chan,
			       struct soak_copy *c)
{
	unsigned long end = jiffies + msecs_to_jiffies(lost_ms);
	enum dma_status st;

	for (;;) {
		st = dmaengine_tx_status(chan, c->cookie, NULL);
		if (st == DMA_COMPLETE || st == DMA_ERROR)
			break;
		if (time_after(jiffies, end)) {
			if (dmaengine_terminate_sync(chan)) {
				soak_count(sub, SOAK_LOST);
				soak_abandon(c);
				return;
			}
			st = dmaengine_tx_status(chan, c->cookie, NULL);
			break;
		}
		usleep_range(20, 100);
	}
	soak_unmap(c);
	switch (st) {
	case DMA_COMPLETE:
		soak_check(sub, c, SOAK_VERIFIED);
		break;
	case DMA_ERROR:
		soak_fail(sub, SOAK_F_OTHER);
		soak_check_failed(sub, c);
		break;
	default:
		soak_count(sub, SOAK_LOST);
	}
}

static void soak_api_batch(struct soak_sub *sub, struct dma_chan *chan,
			   unsigned int n, bool poll)
{
	unsigned int i, live = 0;

	for (i = 0; i < n; i++) {
		struct soak_copy *c = &sub->copy[i];

		soak_draw(sub, c);
		reinit_completion(&c->done);
		c->live = false;
		if (soak_api_submit(sub, chan, c, poll))
			live++;
		else
			soak_count(sub, SOAK_REFUSED);
	}
	if (!live)
		return;
	dma_async_issue_pending(chan);
	for (i = 0; i < n; i++) {
		struct soak_copy *c = &sub->copy[i];

		if (!c->live)
			continue;
		if (poll)
			soak_api_wait_poll(sub, chan, c);
		else
			soak_api_wait_irq(sub, chan, c);
	}
}

static void soak_helper_callback(void *arg, const struct dmaengine_result *res)
{
	struct soak_copy *c = arg;

	c->result = res->result;
	complete(&c->done);
}

static void soak_helper_cb_batch(struct soak_sub *sub, struct dma_chan *chan,
				 unsigned int n)
{
	dma_cookie_t ret;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct soak_copy *c = &sub->copy[i];

		soak_draw(sub, c);
		reinit_completion(&c->done);
		c->live = false;
		ret = netdma_copy_buf(chan, c->dst + c->doff, c->src + c->soff,
				      c->len, soak_helper_callback, c, GFP_KERNEL);
		if (ret < 0)
			soak_count(sub, SOAK_REFUSED);
		else if (ret == 0)
			soak_check(sub, c, c->len < copybreak ? SOAK_CPU : SOAK_VERIFIED);
		else
			c->live = true;
	}
	for (i = 0; i < n; i++) {
		struct soak_copy *c = &sub->copy[i];

		if (!c->live)
			continue;
		if (!wait_for_completion_timeout(&c->done, msecs_to_jiffies(lost_ms))) {
			/* The helper unmaps before its callback: none, none. */
			if (dmaengine_terminate_sync(chan) || !completion_done(&c->done)) {
				soak_count(sub, SOAK_LOST);
				soak_abandon(c);
				continue;
			}
		}
		if (c->result == DMA_TRANS_NOERROR) {
			soak_check(sub, c, SOAK_VERIFIED);
		} else {
			soak_fail_result(sub, c->result);
			soak_check_failed(sub, c);
		}
	}
}

static void soak_helper_wait_one(struct soak_sub *sub, struct dma_chan *chan)
{
	struct soak_copy *c = &sub->copy[0];
	bool poll = prandom_u32_state(&sub->rnd) & 1;
	int ret;

	soak_draw(sub, c);
	ret = netdma_copy_buf_wait(chan, c->dst + c->doff, c->src + c->soff,
				   c->len, poll ? NETDMA_COPY_POLL : 0);
	switch (ret) {
	case 0:
		soak_check(sub, c, c->len < copybreak ? SOAK_CPU : SOAK_VERIFIED);
		break;
	case -EINPROGRESS:
		soak_count(sub, SOAK_HELD);
		soak_abandon(c);
		break;
	case -EIO:
	case -ECANCELED:
	case -ETIMEDOUT:
		soak_fail_errno(sub, ret);
		soak_check_failed(sub, c);
		break;
	default:
		soak_count(sub, SOAK_REFUSED);
	}
}

static int soak_thread(void *arg)
{
	struct soak_sub *sub = arg;
	struct soak_chan *sc = sub->sc;
	unsigned long refused;
	struct dma_chan *chan;
	unsigned int n;

	while (!kthread_should_stop()) {
		if (sub->broken) {
			msleep(50);
			continue;
		}
		down_read(&sc->lock);
		chan = sc->leaving ? NULL : sc->chan;
		if (!chan) {
			up_read(&sc->lock);
			msleep(20);
			continue;
		}
		refused = atomic_long_read(&soak_phase()->n[sub->kind][SOAK_REFUSED]);
		n = 1 + prandom_u32_state(&sub->rnd) % SOAK_BATCH;
		switch (sub->kind) {
		case SOAK_API_IRQ:
			soak_api_batch(sub, chan, n, false);
			break;
		case SOAK_API_POLL:
			soak_api_batch(sub, chan, n, true);
			break;
		case SOAK_HELPER_CB:
			soak_helper_cb_batch(sub, chan, n);
			break;
		default:
			soak_helper_wait_one(sub, chan);
		}
		up_read(&sc->lock);
		/* A dead channel refuses at once: do not spin on it. */
		if (atomic_long_read(&soak_phase()->n[sub->kind][SOAK_REFUSED]) != refused)
			msleep(20);
		cond_resched();
	}
	return 0;
}

/* Request a channel for each slot, one per online CPU in turn. */
static void soak_acquire(void)
{
	unsigned int i, cpu = cpumask_first(cpu_online_mask), got;

	for (i = 0; i < soak_nr_chans; i++) {
		struct soak_chan *sc = &soak_chans[i];

		down_write(&sc->lock);
		if (!sc->chan) {
			sc->chan = netdma_request_channel(cpumask_of(cpu), &got);
			sc->cpu = got;
			if (sc->chan)
				pr_info("netdma_soak: slot %u: %s, cpu %u\n", i,
					dma_chan_name(sc->chan), got);
			else
				pr_info("netdma_soak: slot %u: no channel\n", i);
		}
		up_write(&sc->lock);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
}

static void soak_release(void)
{
	unsigned int i;

	for (i = 0; i < soak_nr_chans; i++) {
		struct soak_chan *sc = &soak_chans[i];

		down_write(&sc->lock);
		if (sc->chan)
			netdma_release_channel(sc->chan);
		sc->chan = NULL;
		sc->leaving = false;
		up_write(&sc->lock);
	}
}

/*
 * A client must not keep DMA mappings of a device across its unbind: the
 * mappings belong to the device's DMA setup (IOMMU domain), which the next
 * driver may change, and DMA-API debugging reports them ("device driver
 * has pending DMA allocations while released from device"). dmaengine
 * tells its clients nothing before a provider goes, so this client
 * watches the bus: before the driver's remove runs, each slot on that
 * device waits for its submitters' copies in flight (the write lock) and
 * then maps nothing more on it. The slot keeps the channel through the
 * provider's stop, as a client that does not watch would.
 */
static int soak_bus_notify(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	struct device *dev = data;
	unsigned int i, n = 0;

	if (action != BUS_NOTIFY_UNBIND_DRIVER)
		return NOTIFY_DONE;
	for (i = 0; i < soak_nr_chans; i++) {
		struct soak_chan *sc = &soak_chans[i];

		down_write(&sc->lock);
		if (sc->chan && !sc->leaving &&
		    dmaengine_get_dma_device(sc->chan) == dev) {
			sc->leaving = true;
			n++;
		}
		up_write(&sc->lock);
	}
	if (n)
		pr_info("netdma_soak: %s: unbinding, %u slots idle until release\n",
			dev_name(dev), n);
	return NOTIFY_OK;
}

static struct notifier_block soak_bus_nb = {
	.notifier_call = soak_bus_notify,
};

/* terminate or pause+resume a slot's channel, under its lock for reading */
static int soak_chan_op(unsigned int i, bool terminate)
{
	struct soak_chan *sc;
	int ret = -ENODEV;

	if (i >= soak_nr_chans)
		return -EINVAL;
	sc = &soak_chans[i];
	down_read(&sc->lock);
	if (sc->chan && terminate) {
		ret = dmaengine_terminate_sync(sc->chan);
	} else if (sc->chan) {
		ret = dmaengine_pause(sc->chan);
		if (!ret) {
			msleep(50);
			ret = dmaengine_resume(sc->chan);
		}
	}
	up_read(&sc->lock);
	return ret;
}

static void soak_report(struct seq_file *s)
{
	long tot[SOAK_OUTCOMES] = { }, ftot[SOAK_FAILS] = { };
	unsigned int p, k, o, f;

	seq_printf(s, "seed %lu target %lu channels %u submitters %u max_size %u lost_ms %u abandoned %ld\n",
		   seed, target, soak_nr_chans, submitters, max_size, lost_ms,
		   atomic_long_read(&soak_abandoned));
	seq_printf(s, "%-14s %8s", "phase", "injected");
	for (o = 0; o < SOAK_OUTCOMES; o++)
		seq_printf(s, " %9s", soak_outcome_name[o]);
	seq_puts(s, "   failed:");
	for (f = 0; f < SOAK_FAILS; f++)
		seq_printf(s, " %s", soak_fail_name[f]);
	seq_putc(s, '\n');
	for (p = 0; p < READ_ONCE(soak_nr_phases); p++) {
		struct soak_phase *ph = &soak_phases[p];

		seq_printf(s, "%-14s %8ld", ph->name, atomic_long_read(&ph->injected));
		for (o = 0; o < SOAK_OUTCOMES; o++) {
			long n = 0;

			for (k = 0; k < SOAK_KINDS; k++)
				n += atomic_long_read(&ph->n[k][o]);
			tot[o] += n;
			seq_printf(s, " %9ld", n);
		}
		seq_puts(s, "  ");
		for (f = 0; f < SOAK_FAILS; f++) {
			ftot[f] += atomic_long_read(&ph->fail[f]);
			seq_printf(s, " %ld", atomic_long_read(&ph->fail[f]));
		}
		seq_putc(s, '\n');
	}
	seq_printf(s, "%-14s %8s", "total", "-");
	for (o = 0; o < SOAK_OUTCOMES; o++)
		seq_printf(s, " %9ld", tot[o]);
	seq_puts(s, "  ");
	for (f = 0; f < SOAK_FAILS; f++)
		seq_printf(s, " %ld", ftot[f]);
	seq_putc(s, '\n');
	for (k = 0; k < SOAK_KINDS; k++) {
		seq_printf(s, "kind %-9s %5s", soak_kind_name[k], "");
		for (o = 0; o < SOAK_OUTCOMES; o++) {
			long n = 0;

			for (p = 0; p < READ_ONCE(soak_nr_phases); p++)
				n += atomic_long_read(&soak_phases[p].n[k][o]);
			seq_printf(s, " %9ld", n);
		}
		seq_putc(s, '\n');
	}
}

static int soak_report_show(struct seq_file *s, void *unused)
{
	soak_report(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(soak_report);

static int soak_status_show(struct seq_file *s, void *unused)
{
	seq_printf(s, "verified %ld target %lu done %d\n",
		   atomic_long_read(&soak_verified), target, soak_done());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(soak_status);

/* Switch to phase @name (new or seen before) and count it injected. */
static void soak_set_phase(const char *name)
{
	unsigned int p;

	mutex_lock(&soak_ctl_lock);
	for (p = 0; p < soak_nr_phases; p++)
		if (!strcmp(soak_phases[p].name, name))
			break;
	if (p == soak_nr_phases && p < SOAK_PHASES) {
		strscpy(soak_phases[p].name, name, SOAK_NAME);
		WRITE_ONCE(soak_nr_phases, p + 1);
	}
	if (p < SOAK_PHASES) {
		atomic_long_inc(&soak_phases[p].injected);
		WRITE_ONCE(soak_cur_phase, p);
	}
	mutex_unlock(&soak_ctl_lock);
}

static void soak_stop(void)
{
	unsigned int i;

	mutex_lock(&soak_ctl_lock);
	if (!soak_stopped) {
		for (i = 0; i < soak_nr_subs; i++)
			if (soak_subs[i].task)
				kthread_stop(soak_subs[i].task);
		soak_stopped = true;
	}
	mutex_unlock(&soak_ctl_lock);
}

static ssize_t soak_write(struct file *file, const char __user *ubuf,
			  size_t len, loff_t *ppos, bool phase)
{
	char buf[SOAK_NAME + 16], *cmd;
	unsigned int i;
	int ret = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	cmd = strim(buf);
	if (phase) {
		if (!*cmd || strlen(cmd) >= SOAK_NAME)
			return -EINVAL;
		soak_set_phase(cmd);
	} else if (sscanf(cmd, "terminate %u", &i) == 1) {
		ret = soak_chan_op(i, true);
	} else if (sscanf(cmd, "pause %u", &i) == 1) {
		ret = soak_chan_op(i, false);
	} else if (!strcmp(cmd, "release")) {
		soak_release();
	} else if (!strcmp(cmd, "acquire")) {
		soak_acquire();
	} else if (!strcmp(cmd, "stop")) {
		soak_stop();
	} else {
		ret = -EINVAL;
	}
	if (ret)
		pr_info("netdma_soak: '%s': %d\n", cmd, ret);
	return ret ? ret : len;
}

static ssize_t soak_ctl_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	return soak_write(file, ubuf, len, ppos, false);
}

static ssize_t soak_phase_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	return soak_write(file, ubuf, len, ppos, true);
}

static const struct file_operations soak_ctl_fops = {
	.owner = THIS_MODULE,
	.write = soak_ctl_write,
};

static const struct file_operations soak_phase_fops = {
	.owner = THIS_MODULE,
	.write = soak_phase_write,
};

static void soak_free(void)
{
	unsigned int i, j;

	for (i = 0; soak_subs && i < soak_nr_subs; i++)
		for (j = 0; j < SOAK_BATCH; j++) {
			kfree(soak_subs[i].copy[j].src);
			kfree(soak_subs[i].copy[j].dst);
		}
	kfree(soak_subs);
	kfree(soak_chans);
}

static int __init soak_init(void)
{
	unsigned int i, j;
	int ret = -ENOMEM;

	if (!channels || !submitters || !max_size || max_size > SZ_1M ||
	    !lost_ms)
		return -EINVAL;
	if (!seed)
		seed = get_random_u64() >> 1;
	pr_info("netdma_soak: seed %lu target %lu channels %u submitters %u max_size %u\n",
		seed, target, channels, submitters, max_size);
	soak_nr_chans = min(channels, num_online_cpus());
	soak_nr_subs = soak_nr_chans * submitters;
	soak_chans = kcalloc(soak_nr_chans, sizeof(*soak_chans), GFP_KERNEL);
	soak_subs = kcalloc(soak_nr_subs, sizeof(*soak_subs), GFP_KERNEL);
	if (!soak_chans || !soak_subs)
		goto nomem;
	for (i = 0; i < soak_nr_chans; i++)
		init_rwsem(&soak_chans[i].lock);
	for (i = 0; i < soak_nr_subs; i++) {
		struct soak_sub *sub = &soak_subs[i];

		sub->id = i;
		sub->kind = (i / soak_nr_chans) % SOAK_KINDS;
		sub->sc = &soak_chans[i % soak_nr_chans];
		prandom_seed_state(&sub->rnd, seed + i * 0x9e3779b97f4a7c15ULL);
		for (j = 0; j < SOAK_BATCH; j++) {
			struct soak_copy *c = &sub->copy[j];

			c->sub = sub;
			init_completion(&c->done);
			c->src = kmalloc(SOAK_ALIGN + max_size, GFP_KERNEL);
			c->dst = kmalloc(SOAK_ALIGN + max_size + SOAK_GUARD, GFP_KERNEL);
			if (!c->src || !c->dst)
				goto nomem;
		}
	}
	soak_set_phase("clean");
	ret = bus_register_notifier(&pci_bus_type, &soak_bus_nb);
	if (ret)
		goto nomem;
	soak_acquire();
	soak_dir = debugfs_create_dir("netdma_soak", NULL);
	debugfs_create_file("report", 0444, soak_dir, NULL, &soak_report_fops);
	debugfs_create_file("status", 0444, soak_dir, NULL, &soak_status_fops);
	debugfs_create_file("ctl", 0200, soak_dir, NULL, &soak_ctl_fops);
	debugfs_create_file("phase", 0200, soak_dir, NULL, &soak_phase_fops);
	for (i = 0; i < soak_nr_subs; i++) {
		struct task_struct *t;

		t = kthread_run(soak_thread, &soak_subs[i], "soak/%u", i);
		if (IS_ERR(t)) {
			pr_err("netdma_soak: submitter %u: %ld\n", i, PTR_ERR(t));
			soak_stop();
			debugfs_remove_recursive(soak_dir);
			soak_release();
			bus_unregister_notifier(&pci_bus_type, &soak_bus_nb);
			soak_free();
			return PTR_ERR(t);
		}
		soak_subs[i].task = t;
	}
	return 0;
nomem:
	soak_free();
	return ret;
}
module_init(soak_init);

/* /init reads the report from debugfs before it unloads the module. */
static void __exit soak_exit(void)
{
	soak_stop();
	debugfs_remove_recursive(soak_dir);
	soak_release();
	bus_unregister_notifier(&pci_bus_type, &soak_bus_nb);
	soak_free();
}
module_exit(soak_exit);

MODULE_DESCRIPTION("NetDMA soak: seeded random copies, every byte checked, under faults");
MODULE_LICENSE("GPL");
