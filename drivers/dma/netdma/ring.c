// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptor ring: prep, tx_submit and issue_pending.
 *
 * Each channel owns a power-of-two ring of NetDMA descriptors whose next
 * pointers form a circle (NetDMA 2.0 counted chains: never NULL). A
 * transaction takes one or more consecutive slots. Prep reserves the slots
 * and the cookie and fills the descriptors in one round trip of the channel
 * lock; cookies therefore follow ring order, which is the order the
 * hardware completes them in. tx_submit only marks the transaction ready,
 * without the lock, and issue_pending hands the provider the run of ready
 * transactions, so no lock is held from prep to submit and an unsubmitted
 * transaction simply holds back the ones behind it (until a terminate or a
 * teardown revokes it: see enum netdma_slot_state).
 */
#include <linux/minmax.h>

#include "netdma_priv.h"

static inline struct netdma_slot *to_netdma_slot(struct dma_async_tx_descriptor *txd)
{
	return container_of(txd, struct netdma_slot, txd);
}

/*
 * Lockless: the cookie was reserved at prep, so submit only hands the
 * transaction to the shim, by moving its slot from PREPARED to SUBMITTED.
 * Terminate and teardown take unsubmitted slots by the same cmpxchg, so
 * exactly one side owns the transaction: after a successful submit the
 * shim ends it with its callback; after a failed one the client keeps the
 * descriptor and no callback runs. The cmpxchg is a full barrier: the
 * hand-over reads the state with acquire and so sees the descriptors and
 * callback fields written before it.
 */
static dma_cookie_t netdma_tx_submit(struct dma_async_tx_descriptor *txd)
{
	struct netdma_slot *slot = to_netdma_slot(txd);
	unsigned int old = NETDMA_SLOT_PREPARED;

	/*
	 * A dead channel takes nothing more, even before its slots are
	 * revoked; the slot then simply stays the client's.
	 */
	if (unlikely(READ_ONCE(to_netdma_chan(txd->chan)->dead)))
		return -ENODEV;
	txd->cookie = slot->cookie;
	if (likely(try_cmpxchg(&slot->state, &old, NETDMA_SLOT_SUBMITTED)))
		return slot->cookie;
	txd->cookie = -EBUSY;
	switch (old) {
	case NETDMA_SLOT_TERMINATED:
		return -ECANCELED;
	case NETDMA_SLOT_DEAD:
		return -ENODEV;
	default:		/* submitted twice */
		return -EINVAL;
	}
}

/**
 * netdma_ring_init() - link the ring into a circle and bind the slots
 * @nc: channel whose ring was just allocated
 *
 * The next pointers never change afterwards: the last descriptor handed to
 * the provider always points at the one that will head the next append.
 * Neither do next_src, next_dst and user_context2, which stay 0, so prep
 * writes only the fields that differ between copies.
 */
void netdma_ring_init(struct netdma_channel *nc)
{
	unsigned int i;

	for (i = 0; i < NETDMA_RING_SIZE; i++) {
		struct netdma_slot *slot = &nc->slots[i];
		dma_addr_t next = nc->ring_dma +
			((i + 1) & NETDMA_RING_MASK) * NETDMA_DESC_SIZE;

		memset(&nc->ring[i], 0, sizeof(nc->ring[i]));
		nc->ring[i].next = cpu_to_le64(next);
		dma_async_tx_descriptor_init(&slot->txd, &nc->chan);
		slot->txd.tx_submit = netdma_tx_submit;
	}
	nc->head = 0;
	nc->issued = 0;
	nc->done = 0;
	nc->tail = 0;
	nc->need_start = true;
	nc->paused = false;
	nc->hw_error = false;
	nc->err_pending = 0;
	WRITE_ONCE(*nc->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
	nc->chan.cookie = DMA_MIN_COOKIE;
	nc->chan.completed_cookie = DMA_MIN_COOKIE;
	bitmap_zero(nc->failed, NETDMA_FAILED_WINDOW);
	nc->newest_failure = 0;
	nc->failed_forgotten = 0;
}

/*
 * Reserve @nr consecutive slots and the next cookie, lock held. Never
 * sleeps; a full ring fails at once (*@kick: the completion work can free
 * slots). Cookies follow ring order, the order the hardware completes in.
 * Inlined: it is most of a prep, which is the per-copy cost of a batch.
 */
static __always_inline struct netdma_slot *
netdma_reserve_locked(struct netdma_channel *nc, u32 nr, u32 *first, bool *kick)
{
	struct netdma_slot *slot;
	dma_cookie_t cookie;

	if (unlikely(nc->dead || !nc->allocated))
		return NULL;
	if (unlikely(nc->head - nc->tail + nr > NETDMA_RING_SIZE - 1)) {
		/* Completed slots nobody was interrupted for can be freed. */
		*kick = netdma_work_pending_locked(nc);
		return NULL;
	}
	cookie = nc->chan.cookie + 1;
	if (unlikely(cookie < DMA_MIN_COOKIE)) {
		cookie = DMA_MIN_COOKIE;
		/* Cookies repeat: the failures recorded name old ones. */
		bitmap_zero(nc->failed, NETDMA_FAILED_WINDOW);
		WRITE_ONCE(nc->newest_failure, 0);
		nc->failed_forgotten = 0;
	}
	WRITE_ONCE(nc->chan.cookie, cookie);	/* tx_status reads it unlocked */
	/*
	 * The bit was cookie - NETDMA_FAILED_WINDOW's: if that one failed,
	 * tx_status must not call it complete once it is out of the window.
	 */
	if (unlikely(__test_and_clear_bit(cookie % NETDMA_FAILED_WINDOW, nc->failed)))
		nc->failed_forgotten = cookie - NETDMA_FAILED_WINDOW;

	*first = nc->head;
	nc->head += nr;
	slot = &nc->slots[*first & NETDMA_RING_MASK];
	slot->cookie = cookie;
	slot->nr = nr;
	/* No submit races with this: the slot was free (behind tail). */
	WRITE_ONCE(slot->state, NETDMA_SLOT_PREPARED);
	slot->result = DMA_TRANS_NOERROR;
	slot->residue = 0;
	return slot;
}

/* A fresh dmaengine descriptor: no callback until the client sets one. */
static void netdma_prep_txd(struct netdma_slot *slot, unsigned long flags)
{
	struct dma_async_tx_descriptor *txd = &slot->txd;

	txd->flags = flags;
	txd->cookie = -EBUSY;
	txd->callback = NULL;
	txd->callback_result = NULL;
	txd->callback_param = NULL;
	txd->unmap = NULL;
}

/*
 * Only the last descriptor of a transaction writes the completion word
 * (the shim reaps from it, also when polled) and only it may interrupt, and
 * only when the client asked for a callback.
 */
static u32 netdma_last_control(unsigned long flags)
{
	u32 control = NETDMA_CTL_STATUS_UPDATE;

	if (flags & DMA_PREP_INTERRUPT)
		control |= NETDMA_CTL_INT_ON_COMPLETION;
	if (flags & DMA_PREP_FENCE)
		control |= NETDMA_CTL_FENCE;
	return control;
}

/* Write one descriptor's variable fields; the others are constant. */
static void netdma_fill_desc(struct netdma_desc *desc, u32 size, u32 control,
			     dma_addr_t src, dma_addr_t dst, dma_cookie_t cookie)
{
	desc->transfer_size = cpu_to_le32(size);
	desc->control = cpu_to_le32(control);
	desc->src = cpu_to_le64(src);
	desc->dst = cpu_to_le64(dst);
	desc->user_context1 = cpu_to_le64(cookie);
}

/**
 * netdma_prep_memcpy() - device_prep_dma_memcpy
 * @chan: the channel
 * @dst: destination bus address
 * @src: source bus address
 * @len: bytes to copy, split into descriptors of at most max_transfer_size
 * @flags: DMA_PREP_* flags
 *
 * The descriptors are written under the channel lock: the ring cannot go
 * away under them, and one lock round trip is all a copy costs at prep.
 *
 * Context: any; never sleeps.
 * Return: the descriptor, or NULL when the ring is full, the provider has
 * stopped, @len is 0 or the buffers lie beyond the engine's max address.
 */
struct dma_async_tx_descriptor *
netdma_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		   size_t len, unsigned long flags)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	struct netdma_slot *slot;
	unsigned long irqflags;
	bool kick = false;
	u32 first, nr, i;

	if (unlikely(!len || len > (size_t)nc->max_xfer * (NETDMA_RING_SIZE - 1)))
		return NULL;
	if (unlikely((u64)src + len - 1 > nc->max_address ||
		     (u64)dst + len - 1 > nc->max_address))
		return NULL;
	nr = len <= nc->max_xfer ? 1 : DIV_ROUND_UP(len, nc->max_xfer);

	irqflags = netdma_hot_lock(&nc->lock);
	slot = netdma_reserve_locked(nc, nr, &first, &kick);
	if (likely(slot)) {
		for (i = 0; i < nr; i++) {
			u32 chunk = min_t(size_t, len, nc->max_xfer);

			netdma_fill_desc(&nc->ring[(first + i) & NETDMA_RING_MASK],
					 chunk, i == nr - 1 ? netdma_last_control(flags) : 0,
					 src, dst, slot->cookie);
			src += chunk;
			dst += chunk;
			len -= chunk;
		}
		netdma_prep_txd(slot, flags);
	}
	netdma_hot_unlock(&nc->lock, irqflags);
	if (unlikely(kick))
		netdma_kick_completion(nc);
	return slot ? &slot->txd : NULL;
}

/**
 * netdma_prep_interrupt() - device_prep_dma_interrupt: a NULL transfer
 * @chan: the channel
 * @flags: DMA_PREP_* flags
 *
 * Context: any; never sleeps.
 * Return: the descriptor, or NULL as for netdma_prep_memcpy().
 */
struct dma_async_tx_descriptor *
netdma_prep_interrupt(struct dma_chan *chan, unsigned long flags)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	struct netdma_slot *slot;
	unsigned long irqflags;
	bool kick = false;
	u32 first;

	irqflags = netdma_hot_lock(&nc->lock);
	slot = netdma_reserve_locked(nc, 1, &first, &kick);
	if (slot) {
		/* Size 1, as ioatdma's: 3.0 silicon halts on a size-0 NULL. */
		netdma_fill_desc(&nc->ring[first & NETDMA_RING_MASK], 1,
				 NETDMA_CTL_NULL | netdma_last_control(flags),
				 0, 0, slot->cookie);
		netdma_prep_txd(slot, flags);
	}
	netdma_hot_unlock(&nc->lock, irqflags);
	if (kick)
		netdma_kick_completion(nc);
	return slot ? &slot->txd : NULL;
}

/*
 * Take the doorbell lock under the channel lock: an append rung outside the
 * channel lock has returned. One that failed gives its descriptors back:
 * they are handed over again from the first, with a start.
 */
static void netdma_bell_lock_locked(struct netdma_channel *nc)
	__acquires(&nc->bell_lock)
{
	lockdep_assert_held(&nc->lock);
	spin_lock(&nc->bell_lock);
	if (unlikely(nc->bell_failed)) {
		u32 at = nc->bell_failed_at;

		nc->bell_failed = false;
		/* Within what was handed over, unless an abort ended it since. */
		if (at - nc->done <= nc->issued - nc->done) {
			nc->issued = at;
			nc->need_start = true;
		}
	}
}

/**
 * netdma_bell_sync_locked() - wait for a doorbell rung outside the lock
 * @nc: channel, lock held
 *
 * issue_pending rings an append holding only @nc->bell_lock. After this,
 * and until @nc->lock is dropped, no provider call for the channel is in
 * flight and none starts: the caller may call the provider, or move issued
 * and need_start.
 */
void netdma_bell_sync_locked(struct netdma_channel *nc)
{
	netdma_bell_lock_locked(nc);
	spin_unlock(&nc->bell_lock);
}

/*
 * Claim the submitted transactions from issued on, both locks held: issued
 * moves past them. Return: how many descriptors (0: none, or a channel
 * that keeps them for now); *@first is the free-running index of the first.
 */
static u32 netdma_claim_locked(struct netdma_channel *nc, u32 *first)
{
	u32 end = nc->issued;

	if (nc->dead || !nc->allocated || nc->paused || nc->powered_down ||
	    nc->hw_error || nc->err_pending)
		return 0;

	while (end != nc->head) {
		struct netdma_slot *slot = &nc->slots[end & NETDMA_RING_MASK];

		/* Pairs with tx_submit: its descriptors are visible too. */
		if (smp_load_acquire(&slot->state) != NETDMA_SLOT_SUBMITTED)
			break;
		end += slot->nr;
	}
	*first = nc->issued;
	nc->issued = end;
	return end - *first;
}

static void netdma_bell_failed(struct netdma_channel *nc, bool start,
			       u32 count, int ret)
{
	dev_err_ratelimited(netdma_chan_dev(nc),
			    "netdma: chan %u: %s of %u descriptors failed: %d\n",
			    nc->index, start ? "start" : "append", count, ret);
}

/**
 * netdma_hand_over_locked() - give the provider the submitted transactions
 * @nc: channel, lock held
 *
 * Start after allocation, abort, reset or power up; append otherwise. A
 * paused, powered-down or stopped channel keeps them until it can run.
 * The provider is called under both locks.
 */
void netdma_hand_over_locked(struct netdma_channel *nc)
{
	u32 first, count, i;
	dma_addr_t desc_dma;
	int ret;

	netdma_bell_lock_locked(nc);
	count = netdma_claim_locked(nc, &first);
	if (!count)
		goto out;

	i = first & NETDMA_RING_MASK;
	desc_dma = nc->ring_dma + i * NETDMA_DESC_SIZE;
	/* Descriptors are complete in memory before the engine is told. */
	dma_wmb();
	if (nc->need_start)
		ret = nc->ops->start(nc->chan_ctx, &nc->ring[i], desc_dma, count);
	else
		ret = nc->ops->append(nc->chan_ctx, &nc->ring[i], desc_dma, count);
	if (ret) {
		netdma_bell_failed(nc, nc->need_start, count, ret);
		/* Keep them; the next issue_pending retries with a start. */
		nc->issued = first;
		nc->need_start = true;
		goto out;
	}
	nc->need_start = false;
out:
	spin_unlock(&nc->bell_lock);
}

/**
 * netdma_issue_pending() - device_issue_pending
 * @chan: the channel
 *
 * An append, the common case, is claimed under the channel lock and rung
 * holding only the doorbell lock. The provider's doorbell is an MMIO write;
 * a device model may run the copy and raise its interrupt inside it, and a
 * hypervisor may deschedule the vCPU there. The channel's completion work,
 * on another CPU, then reaps and runs the callback meanwhile instead of
 * spinning on the channel lock until the write returns (irq_rem in
 * Documentation/performance.rst). A start stays under both locks.
 *
 * Context: any.
 */
void netdma_issue_pending(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	const struct netdma_provider_ops *ops;
	struct netdma_desc *desc;
	unsigned long irqflags;
	dma_addr_t desc_dma;
	u32 first, count, i;
	void *ctx;
	int ret;

	irqflags = netdma_hot_lock(&nc->lock);
	netdma_bell_lock_locked(nc);
	if (unlikely(nc->need_start)) {
		/* After allocation, abort, reset or a failed append. */
		spin_unlock(&nc->bell_lock);
		netdma_hand_over_locked(nc);
		netdma_hot_unlock(&nc->lock, irqflags);
		return;
	}
	count = netdma_claim_locked(nc, &first);
	if (!count) {
		spin_unlock(&nc->bell_lock);
		netdma_hot_unlock(&nc->lock, irqflags);
		return;
	}
	i = first & NETDMA_RING_MASK;
	desc = &nc->ring[i];
	desc_dma = nc->ring_dma + i * NETDMA_DESC_SIZE;
	ops = nc->ops;
	ctx = nc->chan_ctx;
	/* Interrupts stay off until the doorbell lock is dropped. */
	spin_unlock(&nc->lock);

	/* Descriptors are complete in memory before the engine is told. */
	dma_wmb();
	ret = ops->append(ctx, desc, desc_dma, count);
	if (unlikely(ret)) {
		/* The next holder of both locks takes them back. */
		nc->bell_failed = true;
		nc->bell_failed_at = first;
	}
	spin_unlock_irqrestore(&nc->bell_lock, irqflags);
	if (unlikely(ret))
		netdma_bell_failed(nc, false, count, ret);
}
