// SPDX-License-Identifier: GPL-2.0
/*
 * Client copy helpers: the adapter-channel lifecycle of a memcpy offload
 * client in one call. Map source and destination against the engine's own
 * device, split where the mapping or the engine requires, submit as one
 * batch with one issue_pending, and when the last piece completes unmap
 * everything before the client hears of it (the seed's flush before
 * notify). Short copies, and copies without a channel, are done by the CPU
 * and completed the same way, so a client can call the helpers
 * unconditionally.
 *
 * The helpers work on any dmaengine channel with DMA_MEMCPY; on a netdma
 * channel they split at the provider's max transfer size, on others at the
 * engine device's max segment size.
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "netdma_priv.h"

/*
 * Below this many bytes the helpers copy with the CPU. Provisional: the
 * break-even figure is for the benchmark issue to measure (map, descriptor,
 * doorbell, interrupt and unmap against a cached memcpy); until then a
 * conservative page.
 */
VISIBLE_IF_KUNIT unsigned int netdma_copybreak = 4096;
EXPORT_SYMBOL_IF_KUNIT(netdma_copybreak);
module_param_named(copybreak, netdma_copybreak, uint, 0644);
MODULE_PARM_DESC(copybreak,
		 "copy helpers: copies shorter than this (bytes) use the CPU (default 4096, provisional)");

/* How long a wait variant waits before it terminates the channel. */
VISIBLE_IF_KUNIT unsigned int netdma_copy_timeout_ms = 5000;
EXPORT_SYMBOL_IF_KUNIT(netdma_copy_timeout_ms);
/* How long a polled wait spins before it sleeps between polls. */
#define NETDMA_COPY_SPIN_US	50

struct netdma_copy_seg {
	dma_addr_t addr;
	size_t len;
};

/**
 * struct netdma_copy_req - one helper call in flight
 * @chan: the channel.
 * @dev: the engine's device, which the segments are mapped for.
 * @callback: the client's callback.
 * @param: its argument.
 * @pending: submitted pieces not completed, plus one held by the submitter.
 * @result: first failure of a piece, or DMA_TRANS_NOERROR.
 * @residue: bytes not copied (failed pieces and pieces never submitted);
 *	64 bits, saturated to the u32 of dmaengine_result at the end.
 * @nr_src: source segments mapped.
 * @nr_dst: destination segments mapped.
 * @last: cookie of the last piece submitted.
 * @poll: polls @last when the engine refused a piece, so that no piece
 *	submitted asked for an interrupt.
 * @dst: destination segments (after the room for the source ones).
 * @segs: source segments, then destination segments.
 */
struct netdma_copy_req {
	struct dma_chan *chan;
	struct device *dev;
	dma_async_tx_callback_result callback;
	void *param;
	atomic_t pending;
	enum dmaengine_tx_result result;
	u64 residue;
	unsigned int nr_src;
	unsigned int nr_dst;
	dma_cookie_t last;
	struct delayed_work poll;
	struct netdma_copy_seg *dst;
	struct netdma_copy_seg segs[];
};

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * KUnit stand-ins for the DMA API on one device: a failing mapping, a
 * bounce buffer, a small mapping limit. UML has no swiotlb and no DMA
 * fault injection, and KUnit static stubs follow the test task, while our
 * unmaps run in the channel's completion context.
 */
const struct netdma_copy_hooks *netdma_copy_hooks;
EXPORT_SYMBOL_IF_KUNIT(netdma_copy_hooks);

static const struct netdma_copy_hooks *netdma_copy_hooks_for(struct device *dev)
{
	const struct netdma_copy_hooks *h = READ_ONCE(netdma_copy_hooks);

	return h && h->dev == dev ? h : NULL;
}
#else
static inline const struct netdma_copy_hooks *netdma_copy_hooks_for(struct device *dev)
{
	return NULL;
}
#endif

static dma_addr_t netdma_copy_map(struct device *dev, struct page *page,
				  size_t offset, size_t len,
				  enum dma_data_direction dir)
{
	const struct netdma_copy_hooks *h = netdma_copy_hooks_for(dev);

	if (h && h->map)
		return h->map(dev, page, offset, len, dir);
	return dma_map_page(dev, page, offset, len, dir);
}

static void netdma_copy_unmap(struct device *dev, dma_addr_t addr, size_t len,
			      enum dma_data_direction dir)
{
	const struct netdma_copy_hooks *h = netdma_copy_hooks_for(dev);

	if (h && h->unmap)
		h->unmap(dev, addr, len, dir);
	else
		dma_unmap_page(dev, addr, len, dir);
}

/* dma_max_mapping_size(): the swiotlb slot limit when bouncing, else SIZE_MAX. */
static size_t netdma_copy_max_mapping(struct device *dev)
{
	const struct netdma_copy_hooks *h = netdma_copy_hooks_for(dev);

	if (h && h->max_mapping)
		return h->max_mapping;
	return dma_max_mapping_size(dev);
}

/* Longest piece one descriptor may carry on @chan. */
static size_t netdma_copy_max_piece(struct dma_chan *chan)
{
	if (netdma_is_netdma_chan(chan))
		return to_netdma_chan(chan)->max_xfer;
	return dma_get_max_seg_size(chan->device->dev);
}

/* Map (or with @segs NULL only count) one physically contiguous run. */
static int netdma_copy_map_run(struct netdma_copy_req *req, phys_addr_t run,
			       size_t run_len, size_t max_map,
			       enum dma_data_direction dir,
			       struct netdma_copy_seg *segs, unsigned int *nr)
{
	while (run_len) {
		size_t n = min(run_len, max_map);
		dma_addr_t addr;

		if (segs) {
			addr = netdma_copy_map(req->dev, pfn_to_page(PHYS_PFN(run)),
					       offset_in_page(run), n, dir);
			if (dma_mapping_error(req->dev, addr))
				return -ENOMEM;
			segs[*nr].addr = addr;
			segs[*nr].len = n;
		}
		(*nr)++;
		run += n;
		run_len -= n;
	}
	return 0;
}

/*
 * Map the first @len bytes of @sg into @segs (or with @segs NULL count the
 * segments): entries that are physically contiguous are merged, as an
 * IOMMU would, and segments are at most @max_map bytes. Return: 0, -EINVAL
 * when the list is shorter than @len, -ENOMEM when a mapping failed.
 */
static int netdma_copy_walk(struct netdma_copy_req *req, struct scatterlist *sg,
			    unsigned int nents, size_t len, size_t max_map,
			    enum dma_data_direction dir,
			    struct netdma_copy_seg *segs, unsigned int *nr)
{
	phys_addr_t run = 0;
	size_t run_len = 0;
	int ret;

	*nr = 0;
	for (; sg && nents && len; sg = sg_next(sg), nents--) {
		size_t part = min_t(size_t, sg->length, len);
		phys_addr_t p = sg_phys(sg);

		if (!run_len || run + run_len != p) {
			ret = netdma_copy_map_run(req, run, run_len, max_map, dir,
						  segs, nr);
			if (ret)
				return ret;
			run = p;
			run_len = 0;
		}
		run_len += part;
		len -= part;
	}
	if (len)
		return -EINVAL;
	return netdma_copy_map_run(req, run, run_len, max_map, dir, segs, nr);
}

/* Undo every mapping of @req; the engine no longer touches any of them. */
static void netdma_copy_unmap_all(struct netdma_copy_req *req)
{
	unsigned int i;

	for (i = 0; i < req->nr_dst; i++)
		netdma_copy_unmap(req->dev, req->dst[i].addr, req->dst[i].len,
				  DMA_FROM_DEVICE);
	for (i = 0; i < req->nr_src; i++)
		netdma_copy_unmap(req->dev, req->segs[i].addr, req->segs[i].len,
				  DMA_TO_DEVICE);
}

/* The last piece is done: flush (unmap) before notify, then free. */
static void netdma_copy_finish(struct netdma_copy_req *req)
{
	struct dmaengine_result res = {
		.result = req->result,
		.residue = min_t(u64, req->residue, U32_MAX),
	};

	netdma_copy_unmap_all(req);
	req->callback(req->param, &res);
	kfree(req);
}

/* Runs for every piece, in completion order, in the channel's callback context. */
static void netdma_copy_piece_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_copy_req *req = param;
	enum dmaengine_tx_result result = res ? res->result : DMA_TRANS_NOERROR;

	if (result != DMA_TRANS_NOERROR) {
		if (req->result == DMA_TRANS_NOERROR)
			req->result = result;
		req->residue += res->residue;
	}
	if (atomic_dec_and_test(&req->pending))
		netdma_copy_finish(req);
}

/* The engine refused a piece: poll for the last one submitted. */
static void netdma_copy_poll_work(struct work_struct *work)
{
	struct netdma_copy_req *req = container_of(to_delayed_work(work),
						   struct netdma_copy_req, poll);

	if (dma_async_is_tx_complete(req->chan, req->last, NULL, NULL) ==
	    DMA_IN_PROGRESS) {
		schedule_delayed_work(&req->poll, 1);
		return;
	}
	if (atomic_dec_and_test(&req->pending))
		netdma_copy_finish(req);
}

/* The CPU path: copy page by page through temporary mappings. */
static void netdma_copy_cpu(struct scatterlist *dst, struct scatterlist *src,
			    size_t len)
{
	size_t soff = 0, doff = 0;

	while (len) {
		size_t sp = src->offset + soff, dp = dst->offset + doff;
		size_t n = min3(src->length - soff, dst->length - doff, len);
		void *s, *d;

		n = min3(n, PAGE_SIZE - offset_in_page(sp), PAGE_SIZE - offset_in_page(dp));
		if (n) {
			s = kmap_local_page(nth_page(sg_page(src), sp >> PAGE_SHIFT));
			d = kmap_local_page(nth_page(sg_page(dst), dp >> PAGE_SHIFT));
			memcpy(d + offset_in_page(dp), s + offset_in_page(sp), n);
			kunmap_local(d);
			kunmap_local(s);
		}
		soff += n;
		doff += n;
		len -= n;
		if (soff == src->length) {
			src = sg_next(src);
			soff = 0;
		}
		if (doff == dst->length) {
			dst = sg_next(dst);
			doff = 0;
		}
	}
}

static bool netdma_copy_use_cpu(struct dma_chan *chan, size_t len)
{
	return !chan || !len || len < READ_ONCE(netdma_copybreak);
}

static void netdma_copy_cpu_done(dma_async_tx_callback_result callback, void *param)
{
	static const struct dmaengine_result ok = { .result = DMA_TRANS_NOERROR };

	callback(param, &ok);
}

/*
 * Map, split, submit and issue. Return: the cookie of the last piece (the
 * callback follows; *@reqp is the request until then), or a negative errno
 * with nothing mapped and no callback.
 */
static dma_cookie_t netdma_copy_submit(struct dma_chan *chan,
				       struct scatterlist *dst, unsigned int dst_nents,
				       struct scatterlist *src, unsigned int src_nents,
				       size_t len, dma_async_tx_callback_result callback,
				       void *param, unsigned long prep_flags, gfp_t gfp,
				       struct netdma_copy_req **reqp)
{
	struct device *dev = chan->device->dev;
	size_t max_map = max_t(size_t, netdma_copy_max_mapping(dev), 1);
	size_t max_piece = max_t(size_t, netdma_copy_max_piece(chan), 1);
	unsigned int nr_src, nr_dst, si = 0, di = 0, submitted = 0;
	struct netdma_copy_req *req;
	dma_cookie_t cookie = -EBUSY;
	size_t soff = 0, doff = 0, left = len;

	if (!dma_has_cap(DMA_MEMCPY, chan->device->cap_mask))
		return -EINVAL;
	if (netdma_copy_walk(NULL, src, src_nents, len, max_map, DMA_TO_DEVICE,
			     NULL, &nr_src) ||
	    netdma_copy_walk(NULL, dst, dst_nents, len, max_map, DMA_FROM_DEVICE,
			     NULL, &nr_dst))
		return -EINVAL;

	req = kmalloc(struct_size(req, segs, nr_src + nr_dst), gfp);
	if (!req)
		return -ENOMEM;
	req->chan = chan;
	req->dev = dev;
	req->callback = callback;
	req->param = param;
	atomic_set(&req->pending, 1);
	req->result = DMA_TRANS_NOERROR;
	req->residue = 0;
	req->nr_src = 0;
	req->nr_dst = 0;
	req->dst = &req->segs[nr_src];

	if (netdma_copy_walk(req, src, src_nents, len, max_map, DMA_TO_DEVICE,
			     req->segs, &req->nr_src) ||
	    netdma_copy_walk(req, dst, dst_nents, len, max_map, DMA_FROM_DEVICE,
			     req->dst, &req->nr_dst)) {
		cookie = -ENOMEM;
		goto err_unmap;
	}

	/* Pieces never cross a mapped segment on either side. */
	while (left) {
		struct netdma_copy_seg *s = &req->segs[si], *d = &req->dst[di];
		size_t n = min3(s->len - soff, d->len - doff, max_piece);
		unsigned long flags = DMA_CTRL_ACK;
		struct dma_async_tx_descriptor *txd;
		dma_cookie_t c;

		if (n == left)
			flags |= prep_flags;
		txd = dmaengine_prep_dma_memcpy(chan, d->addr + doff, s->addr + soff,
						n, flags);
		if (!txd)
			break;
		txd->callback_result = netdma_copy_piece_done;
		txd->callback_param = req;
		atomic_inc(&req->pending);
		c = dmaengine_submit(txd);
		if (dma_submit_error(c)) {
			/*
			 * Terminated or dead channel: a failed submit means the
			 * descriptor was never the engine's and no callback
			 * will run for it (netdma decides that once; another
			 * driver might not, so the callback goes too).
			 */
			txd->callback_result = NULL;
			atomic_dec(&req->pending);
			break;
		}
		cookie = c;
		submitted++;
		left -= n;
		soff += n;
		doff += n;
		if (soff == s->len) {
			si++;
			soff = 0;
		}
		if (doff == d->len) {
			di++;
			doff = 0;
		}
	}
	if (!submitted)
		goto err_unmap;
	if (reqp)
		*reqp = req;
	if (left) {
		/*
		 * The engine refused a piece (ring full): what was submitted
		 * must still run before anything can be unmapped, so the
		 * request ends through the callback, short by @left. None
		 * of the submitted pieces asked for an interrupt: a work
		 * item polls for the last one and holds a reference until
		 * then (and the request is no longer the waiter's to free).
		 */
		req->result = DMA_TRANS_ABORTED;
		req->residue += left;
		if (prep_flags & DMA_PREP_INTERRUPT) {
			req->last = cookie;
			atomic_inc(&req->pending);
			INIT_DELAYED_WORK(&req->poll, netdma_copy_poll_work);
			schedule_delayed_work(&req->poll, 1);
			if (reqp)
				*reqp = NULL;
		}
	}
	dma_async_issue_pending(chan);
	/* Drop the submitter's reference; every piece may be done already. */
	if (atomic_dec_and_test(&req->pending))
		netdma_copy_finish(req);
	return cookie;

err_unmap:
	netdma_copy_unmap_all(req);
	kfree(req);
	return cookie;
}

static dma_cookie_t netdma_copy_sg_common(struct dma_chan *chan,
					  struct scatterlist *dst, unsigned int dst_nents,
					  struct scatterlist *src, unsigned int src_nents,
					  size_t len, dma_async_tx_callback_result callback,
					  void *param, unsigned long prep_flags, gfp_t gfp,
					  struct netdma_copy_req **reqp)
{
	unsigned int nr;

	if (!callback)
		return -EINVAL;
	if (!netdma_copy_use_cpu(chan, len))
		return netdma_copy_submit(chan, dst, dst_nents, src, src_nents, len,
					  callback, param, prep_flags, gfp, reqp);
	if (netdma_copy_walk(NULL, src, src_nents, len, SIZE_MAX, DMA_TO_DEVICE,
			     NULL, &nr) ||
	    netdma_copy_walk(NULL, dst, dst_nents, len, SIZE_MAX, DMA_FROM_DEVICE,
			     NULL, &nr))
		return -EINVAL;
	netdma_copy_cpu(dst, src, len);
	netdma_copy_cpu_done(callback, param);
	return 0;
}

/* Kernel linear-map memory only: no vmalloc, no user, no module addresses. */
static bool netdma_copy_buf_ok(const void *buf, size_t len)
{
	if (!len)
		return true;
	if (is_vmalloc_addr(buf) || object_is_on_stack(buf) ||
	    !virt_addr_valid(buf) || !virt_addr_valid(buf + len - 1)) {
		pr_warn_ratelimited("netdma: copy helper: buffer not in the kernel's linear map (vmalloc, stack, user or module address?); pass its pages instead\n");
		return false;
	}
	return true;
}

/**
 * netdma_copy_buf() - copy between kernel buffers on a DMA engine
 * @chan: a DMA_MEMCPY channel (netdma_request_channel(),
 *	dma_request_channel()), or NULL to copy with the CPU
 * @dst: destination, kernel linear-map memory (kmalloc, page allocator)
 * @src: source, kernel linear-map memory
 * @len: bytes; @dst and @src must not overlap
 * @callback: called once when the copy is over, with its result; never NULL
 * @param: its argument
 * @gfp: for the request tracking (GFP_ATOMIC / GFP_NOWAIT in atomic context)
 *
 * Maps both buffers for @chan's device, splits, submits every piece and
 * issues them with one issue_pending. When the last piece completes, every
 * mapping is undone before @callback runs, so the destination is the CPU's
 * again (bounce buffers copied back) when it is called. Copies shorter than
 * the ``copybreak`` module parameter, and all copies when @chan is NULL, are
 * done by the CPU before this returns, and @callback runs from here.
 *
 * vmalloc, stack, module and user addresses are refused: DMA needs the
 * pages, and a user buffer must be pinned (see netdma_copy_page()).
 *
 * Context: any context @gfp allows. @callback
 * runs in the channel's completion context (bottom half for netdma), or in
 * the caller's for the CPU path and when the engine finished before this
 * returns.
 *
 * Return: the cookie of the last descriptor (> 0) when the engine copies,
 * 0 when the CPU has copied, or a negative errno and no callback:
 * -EINVAL (bad buffer, no DMA_MEMCPY), -ENOMEM (allocation or mapping
 * failed), -EBUSY (the engine refused the first descriptor: ring full).
 * Nothing stays mapped on any error path. If the engine refuses a later
 * piece, the pieces already submitted run and @callback gets
 * DMA_TRANS_ABORTED with the bytes not copied as residue.
 */
dma_cookie_t netdma_copy_buf(struct dma_chan *chan, void *dst, const void *src,
			     size_t len, dma_async_tx_callback_result callback,
			     void *param, gfp_t gfp)
{
	struct scatterlist dsg, ssg;

	if (!netdma_copy_buf_ok(dst, len) || !netdma_copy_buf_ok(src, len))
		return -EINVAL;
	if (!callback)
		return -EINVAL;
	if (netdma_copy_use_cpu(chan, len)) {
		memcpy(dst, src, len);
		netdma_copy_cpu_done(callback, param);
		return 0;
	}
	sg_init_one(&dsg, dst, len);
	sg_init_one(&ssg, src, len);
	return netdma_copy_submit(chan, &dsg, 1, &ssg, 1, len, callback, param,
				  DMA_PREP_INTERRUPT, gfp, NULL);
}
EXPORT_SYMBOL_GPL(netdma_copy_buf);

/**
 * netdma_copy_page() - copy between pages on a DMA engine
 * @chan: a DMA_MEMCPY channel, or NULL to copy with the CPU
 * @dst: destination page
 * @dst_off: offset in @dst; @dst_off + @len may run into the following
 *	pages only if they are physically contiguous with @dst (one
 *	allocation of higher order)
 * @src: source page
 * @src_off: offset in @src, same rule
 * @len: bytes
 * @callback: as for netdma_copy_buf()
 * @param: its argument
 * @gfp: as for netdma_copy_buf()
 *
 * As netdma_copy_buf(), for pages that may be in highmem. The pages must
 * stay put until @callback: kernel pages, or user pages pinned with
 * pin_user_pages(..., FOLL_LONGTERM | FOLL_WRITE for @dst, ...). A pin, not
 * a get_user_pages() reference: only a pin stops the page from being
 * migrated, and only FOLL_LONGTERM keeps it out of movable zones and CMA
 * for the time the engine may hold it. Never hand in a page that is or may
 * become copy-on-write shared (a private anonymous page after fork()
 * without the pin's COW break): the engine writes to the physical page,
 * the process may by then see a copy, and the data is lost silently. That
 * is how NET_DMA lost data before it was removed from Linux (3.19).
 *
 * Context: as netdma_copy_buf().
 * Return: as netdma_copy_buf().
 */
dma_cookie_t netdma_copy_page(struct dma_chan *chan, struct page *dst,
			      unsigned int dst_off, struct page *src,
			      unsigned int src_off, size_t len,
			      dma_async_tx_callback_result callback, void *param,
			      gfp_t gfp)
{
	struct scatterlist dsg, ssg;

	if (!dst || !src || len > UINT_MAX)
		return -EINVAL;
	sg_init_table(&dsg, 1);
	sg_init_table(&ssg, 1);
	sg_set_page(&dsg, dst, len, dst_off);
	sg_set_page(&ssg, src, len, src_off);
	return netdma_copy_sg_common(chan, &dsg, 1, &ssg, 1, len, callback, param,
				     DMA_PREP_INTERRUPT, gfp, NULL);
}
EXPORT_SYMBOL_GPL(netdma_copy_page);

/**
 * netdma_copy_sg() - copy between scatterlists on a DMA engine
 * @chan: a DMA_MEMCPY channel, or NULL to copy with the CPU
 * @dst: destination list; its pages as for netdma_copy_page()
 * @dst_nents: entries in @dst (the CPU-side count, as for dma_map_sg())
 * @src: source list
 * @src_nents: entries in @src
 * @len: bytes to copy, at most the length of either list
 * @callback: as for netdma_copy_buf()
 * @param: its argument
 * @gfp: as for netdma_copy_buf(); the request has one entry per mapped
 *	segment
 *
 * The lists are not modified (they are not handed to dma_map_sg(); each
 * entry is mapped with dma_map_page(), in pieces of at most
 * dma_max_mapping_size()), so a list may be mapped by others meanwhile.
 * Descriptors never cross an entry of either list.
 *
 * Context: as netdma_copy_buf().
 * Return: as netdma_copy_buf(); -EINVAL also when a list is shorter than
 * @len.
 */
dma_cookie_t netdma_copy_sg(struct dma_chan *chan, struct scatterlist *dst,
			    unsigned int dst_nents, struct scatterlist *src,
			    unsigned int src_nents, size_t len,
			    dma_async_tx_callback_result callback, void *param,
			    gfp_t gfp)
{
	return netdma_copy_sg_common(chan, dst, dst_nents, src, src_nents, len,
				     callback, param, DMA_PREP_INTERRUPT, gfp, NULL);
}
EXPORT_SYMBOL_GPL(netdma_copy_sg);

/*
 * A wait variant's meeting point with its callback. Two references, the
 * waiter's and the callback's; the last one frees it, so that a waiter
 * that gives up (the engine cannot be stopped) returns while the callback
 * may still come.
 */
struct netdma_copy_waiter {
	struct completion done;
	struct dmaengine_result res;
	refcount_t ref;
};

static struct netdma_copy_waiter *netdma_copy_waiter_alloc(void)
{
	struct netdma_copy_waiter *w = kmalloc(sizeof(*w), GFP_KERNEL);

	if (w) {
		init_completion(&w->done);
		refcount_set(&w->ref, 2);
	}
	return w;
}

static void netdma_copy_waiter_put(struct netdma_copy_waiter *w)
{
	if (refcount_dec_and_test(&w->ref))
		kfree(w);
}

static void netdma_copy_wake(void *param, const struct dmaengine_result *res)
{
	struct netdma_copy_waiter *w = param;

	w->res = *res;
	complete(&w->done);
	netdma_copy_waiter_put(w);
}

static int netdma_copy_errno(enum dmaengine_tx_result result)
{
	switch (result) {
	case DMA_TRANS_NOERROR:
		return 0;
	case DMA_TRANS_ABORTED:
		return -ECANCELED;
	default:
		return -EIO;
	}
}

/*
 * Poll tx_status until @cookie is no longer in progress: busy for the first
 * NETDMA_COPY_SPIN_US, then with short sleeps, so that a slow engine does
 * not starve the CPU (dma_sync_wait() spins for up to 5 s, and on a
 * non-preemptible kernel would keep the engine's own work from running).
 */
static void netdma_copy_poll(struct dma_chan *chan, dma_cookie_t cookie,
			     unsigned long deadline)
{
	ktime_t spin_end = ktime_add_us(ktime_get(), NETDMA_COPY_SPIN_US);

	while (dma_async_is_tx_complete(chan, cookie, NULL, NULL) == DMA_IN_PROGRESS &&
	       time_before(jiffies, deadline)) {
		if (ktime_before(ktime_get(), spin_end))
			cpu_relax();
		else
			usleep_range(20, 50);
	}
}

/*
 * Wait for @w, then drop the waiter's reference. Polled: no descriptor
 * asks for an interrupt and the waiter polls tx_status, which on a netdma
 * channel also runs the callbacks. On a timeout the channel is terminated
 * (dmaengine_terminate_sync(): no callback of ours runs afterwards).
 * netdma completes terminated work as aborted, so the request has ended; a
 * driver that drops descriptors without callbacks leaves it to us, and it
 * is unmapped here. A terminate that fails leaves the descriptors the
 * engine's: the request, its mappings and the callback's reference stay
 * until the engine or the channel's release ends them.
 */
static int netdma_copy_wait(struct dma_chan *chan, dma_cookie_t cookie,
			    struct netdma_copy_waiter *w,
			    struct netdma_copy_req *req, bool poll)
{
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(netdma_copy_timeout_ms));
	int ret;

	if (cookie < 0) {
		/* Nothing submitted: no callback will come. */
		kfree(w);
		return cookie;
	}
	if (!cookie) {
		/* The CPU copied; the callback has run. */
		ret = 0;
		goto out;
	}
	if (poll)
		netdma_copy_poll(chan, cookie, jiffies + timeout);
	if (wait_for_completion_timeout(&w->done, timeout)) {
		ret = netdma_copy_errno(w->res.result);
		goto out;
	}

	dev_err(chan->device->dev, "netdma: copy helper: timeout, terminating %s\n",
		dma_chan_name(chan));
	ret = dmaengine_terminate_sync(chan);
	if (ret) {
		dev_err(chan->device->dev,
			"netdma: copy helper: %s cannot be terminated (%d): the copy stays in flight\n",
			dma_chan_name(chan), ret);
		ret = -EINPROGRESS;
		goto out;
	}
	if (!try_wait_for_completion(&w->done)) {
		if (req) {
			netdma_copy_unmap_all(req);
			kfree(req);
			netdma_copy_waiter_put(w);	/* the callback's */
		} else {
			/* The poll work owns it and sees the terminated cookie. */
			wait_for_completion(&w->done);
		}
	}
	ret = -ETIMEDOUT;
out:
	netdma_copy_waiter_put(w);
	return ret;
}

/**
 * netdma_copy_buf_wait() - netdma_copy_buf() and wait for it
 * @chan: a DMA_MEMCPY channel, or NULL to copy with the CPU
 * @dst: destination, kernel linear-map memory
 * @src: source, kernel linear-map memory
 * @len: bytes
 * @flags: NETDMA_COPY_POLL: ask the engine for no interrupt and poll its
 *	status (tx_status) instead; 0: sleep until the interrupt
 *
 * Context: process context, may sleep (also with NETDMA_COPY_POLL: it
 * allocates with GFP_KERNEL and waits for the completion callback).
 * Return: 0 when copied; -EIO (the engine failed a read or write),
 * -ECANCELED (aborted, or the ring filled mid-copy), -ETIMEDOUT (no
 * completion in 5 s; the channel was terminated), -EINPROGRESS (no
 * completion in 5 s and the channel could not be terminated: the copy is
 * still the engine's, and so are both buffers until the engine finishes or
 * the channel is released; only then are they unmapped), or an errno of
 * netdma_copy_buf(). In every other case the buffers are unmapped.
 */
int netdma_copy_buf_wait(struct dma_chan *chan, void *dst, const void *src,
			 size_t len, unsigned int flags)
{
	struct netdma_copy_req *req = NULL;
	struct netdma_copy_waiter *w;
	struct scatterlist dsg, ssg;
	bool poll = flags & NETDMA_COPY_POLL;
	dma_cookie_t cookie;

	might_sleep();
	if (!netdma_copy_buf_ok(dst, len) || !netdma_copy_buf_ok(src, len))
		return -EINVAL;
	if (netdma_copy_use_cpu(chan, len)) {
		memcpy(dst, src, len);
		return 0;
	}
	w = netdma_copy_waiter_alloc();
	if (!w)
		return -ENOMEM;
	sg_init_one(&dsg, dst, len);
	sg_init_one(&ssg, src, len);
	cookie = netdma_copy_submit(chan, &dsg, 1, &ssg, 1, len, netdma_copy_wake,
				    w, poll ? 0 : DMA_PREP_INTERRUPT, GFP_KERNEL,
				    &req);
	return netdma_copy_wait(chan, cookie, w, req, poll);
}
EXPORT_SYMBOL_GPL(netdma_copy_buf_wait);

/**
 * netdma_copy_page_wait() - netdma_copy_page() and wait for it
 * @chan: a DMA_MEMCPY channel, or NULL to copy with the CPU
 * @dst: destination page
 * @dst_off: offset in @dst
 * @src: source page
 * @src_off: offset in @src
 * @len: bytes
 * @flags: as for netdma_copy_buf_wait()
 *
 * The pages as for netdma_copy_page() (pinned, never COW-shared).
 *
 * Context: process context, may sleep.
 * Return: as netdma_copy_buf_wait().
 */
int netdma_copy_page_wait(struct dma_chan *chan, struct page *dst,
			  unsigned int dst_off, struct page *src,
			  unsigned int src_off, size_t len, unsigned int flags)
{
	struct scatterlist dsg, ssg;

	if (!dst || !src || len > UINT_MAX)
		return -EINVAL;
	sg_init_table(&dsg, 1);
	sg_init_table(&ssg, 1);
	sg_set_page(&dsg, dst, len, dst_off);
	sg_set_page(&ssg, src, len, src_off);
	return netdma_copy_sg_wait(chan, &dsg, 1, &ssg, 1, len, flags);
}
EXPORT_SYMBOL_GPL(netdma_copy_page_wait);

/**
 * netdma_copy_sg_wait() - netdma_copy_sg() and wait for it
 * @chan: a DMA_MEMCPY channel, or NULL to copy with the CPU
 * @dst: destination list
 * @dst_nents: entries in @dst
 * @src: source list
 * @src_nents: entries in @src
 * @len: bytes
 * @flags: as for netdma_copy_buf_wait()
 *
 * Context: process context, may sleep.
 * Return: as netdma_copy_buf_wait().
 */
int netdma_copy_sg_wait(struct dma_chan *chan, struct scatterlist *dst,
			unsigned int dst_nents, struct scatterlist *src,
			unsigned int src_nents, size_t len, unsigned int flags)
{
	struct netdma_copy_req *req = NULL;
	struct netdma_copy_waiter *w;
	bool poll = flags & NETDMA_COPY_POLL;
	dma_cookie_t cookie;

	might_sleep();
	w = netdma_copy_waiter_alloc();
	if (!w)
		return -ENOMEM;
	cookie = netdma_copy_sg_common(chan, dst, dst_nents, src, src_nents, len,
				       netdma_copy_wake, w,
				       poll ? 0 : DMA_PREP_INTERRUPT, GFP_KERNEL,
				       &req);
	return netdma_copy_wait(chan, cookie, w, req, poll);
}
EXPORT_SYMBOL_GPL(netdma_copy_sg_wait);
