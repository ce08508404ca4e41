// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptor ring: prep, tx_submit and issue_pending.
 *
 * Each channel owns a power-of-two ring of NetDMA descriptors whose next
 * pointers form a circle (NetDMA 2.0 counted chains: never NULL). A
 * transaction takes one or more consecutive slots. tx_submit only marks
 * the transaction ready, without the lock, and issue_pending hands the
 * provider the run of ready transactions, so no lock is held from prep to
 * submit and an unsubmitted transaction simply holds back the ones behind
 * it (until a terminate or a teardown revokes it: see enum
 * netdma_slot_state).
 *
 * Prep takes no lock either. It reserves its slots and its cookie in one
 * compare-and-swap of nc->reserve (head and the newest cookie, so cookies
 * follow ring order, the order the hardware completes them in), then
 * writes the slot and the descriptors and publishes the slot PREPARED. A
 * channel lock shared by every submitter cost a lock round trip per copy
 * and, on a host that runs more vCPUs than it has CPUs, made every
 * submitter spin while a preempted one held it (rate4x1 in
 * Documentation/performance.rst).
 *
 * Three things keep that safe, and none of them waits for a prep:
 *
 * - issue_pending hands over only slots published and then submitted; a
 *   reserved slot still being written holds what its last lap left (FREE,
 *   TERMINATED or DEAD: the completion work sets every slot it gives back
 *   after a submitted transaction to FREE before tail passes it, with
 *   release, and prep reads tail before its fully ordered reservation).
 * - Whoever needs head to stand still (terminate, teardown, a dying
 *   engine, the cookie wrap) takes the channel lock and freezes the word
 *   (netdma_freeze_locked()): preps then reserve only under the lock. A
 *   prep that got its reservation in before may still be writing its
 *   slot; only single-descriptor preps reserve without the lock, so a
 *   walk of [issued, head) steps over such a slot by one. A revoker marks
 *   it revoked and unpublished; the prep's publication, a cmpxchg, then
 *   fails, and the prep clears the mark when it has written its last
 *   byte. The completion work gives no such slot back before that.
 * - The window from the compare-and-swap to the publication runs with
 *   preemption off, so it is short, and teardown waits for every window
 *   with synchronize_rcu() before the ring goes.
 *
 * Nothing waits for a window while holding a lock or with interrupts off:
 * a freezer may interrupt a prep on its own CPU (a hard interrupt that
 * terminates a channel) and may run while another CPU's prep is
 * interrupted by a handler spinning on a lock the freezer holds. When
 * freezers waited for windows, the windows had to mask interrupts: two
 * host system calls per copy on UML SMP (Documentation/performance.rst).
 * tx_status needs no freeze: the failure window changes only under the
 * channel lock, as transactions complete.
 */
#include <kunit/visibility.h>
#include <linux/minmax.h>
#include <linux/preempt.h>

#include "netdma_priv.h"

#if IS_ENABLED(CONFIG_KUNIT)
/* Called inside prep's window, to force an interleaving (KUnit only). */
netdma_test_hook_t netdma_prep_window_hook;
EXPORT_SYMBOL_IF_KUNIT(netdma_prep_window_hook);
#endif

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
		slot->state = NETDMA_SLOT_FREE;
	}
	/* Frozen until the channel is allocated (netdma_hp_add()). */
	atomic64_set(&nc->reserve, netdma_rsv(0, DMA_MIN_COOKIE) |
		     NETDMA_RESERVE_FROZEN);
	nc->issued = 0;
	nc->done = 0;
	nc->tail = 0;
	nc->need_start = true;
	nc->paused = false;
	nc->hw_error = false;
	nc->err_pending = 0;
	WRITE_ONCE(*nc->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
	nc->chan.completed_cookie = DMA_MIN_COOKIE;
	bitmap_zero(nc->failed, NETDMA_FAILED_WINDOW);
	nc->newest_failure = 0;
	nc->failed_forgotten = 0;
}

/**
 * netdma_freeze_locked() - make head stand still
 * @nc: channel, lock held
 *
 * From here until netdma_thaw_locked() or the lock is dropped, no prep
 * reserves (one that finds the word frozen takes the lock). Preps that
 * reserved before may still be writing their slots, which are then one
 * descriptor long and not published: the walks of [issued, head) and of
 * the completed slots step over them by one (netdma_revoke_slot_locked()).
 * Waits for nothing.
 *
 * Return: head.
 */
u32 netdma_freeze_locked(struct netdma_channel *nc)
{
	lockdep_assert_held(&nc->lock);
	/* Fully ordered: every reservation that got in is below the head read. */
	return netdma_rsv_head(atomic64_fetch_or(NETDMA_RESERVE_FROZEN, &nc->reserve));
}
EXPORT_SYMBOL_IF_KUNIT(netdma_freeze_locked);

/**
 * netdma_thaw_locked() - let prep reserve without the lock again
 * @nc: channel, lock held
 *
 * A channel that is not allocated, or dead, stays frozen.
 */
void netdma_thaw_locked(struct netdma_channel *nc)
{
	lockdep_assert_held(&nc->lock);
	/*
	 * Only a freezer under this lock sets the bit of a live channel.
	 * Release: a prep whose compare-and-swap reads the thawed word sees
	 * the ring, the slots and the indices as they were left here.
	 */
	if (nc->allocated && !nc->dead &&
	    (atomic64_read(&nc->reserve) & NETDMA_RESERVE_FROZEN))
		atomic64_fetch_andnot_release(NETDMA_RESERVE_FROZEN, &nc->reserve);
}
EXPORT_SYMBOL_IF_KUNIT(netdma_thaw_locked);

/*
 * The slot of a reservation that moved head from @head past @nr slots and
 * handed out @cookie. Not published yet: the caller fills the descriptors
 * and publishes it.
 */
static __always_inline struct netdma_slot *
netdma_reserved(struct netdma_channel *nc, u32 head, u32 nr, dma_cookie_t cookie)
{
	struct netdma_slot *slot = &nc->slots[head & NETDMA_RING_MASK];

	slot->cookie = cookie;
	slot->nr = nr;
	slot->result = DMA_TRANS_NOERROR;
	slot->residue = 0;
	return slot;
}

/*
 * Room for @nr more descriptors before tail? One slot always stays free.
 * Pairs with the release of tail, after its slots were set FREE and their
 * callbacks read: every caller reserves, or freezes, by a fully ordered
 * atomic after this read and before it writes a slot, which orders the
 * read as an acquire would, without a barrier of its own per copy (UML's
 * acquire is a full fence).
 */
static __always_inline bool netdma_room(struct netdma_channel *nc, u32 head, u32 nr)
{
	return head - READ_ONCE(nc->tail) + nr <= NETDMA_RING_SIZE - 1;
}

/*
 * Reserve one slot and the next cookie without the lock, preemption off
 * (a prep's window, until netdma_publish_fast()). NULL: the word is
 * frozen, the ring is full or the cookie is about to wrap, and
 * netdma_reserve_locked() decides.
 */
static __always_inline struct netdma_slot *
netdma_reserve_fast(struct netdma_channel *nc, u32 *first)
{
	dma_cookie_t cookie;
	s64 rsv;
	u32 head;

	rsv = atomic64_read(&nc->reserve);
	do {
		head = netdma_rsv_head(rsv);
		cookie = netdma_rsv_cookie(rsv);
		if (unlikely((rsv & NETDMA_RESERVE_FROZEN) ||
			     cookie == S32_MAX || !netdma_room(nc, head, 1)))
			return NULL;
	} while (!atomic64_try_cmpxchg(&nc->reserve, &rsv,
				       netdma_rsv(head + 1, cookie + 1)));
	*first = head;
	return netdma_reserved(nc, head, 1, cookie + 1);
}

/*
 * The same under the lock, for what the fast path leaves: a frozen word
 * (a dead or unallocated channel fails; a freezer is done by now), a full
 * ring (*@kick: the completion work can free slots) and the cookie wrap.
 * Never sleeps.
 */
static struct netdma_slot *
netdma_reserve_locked(struct netdma_channel *nc, u32 nr, u32 *first, bool *kick)
{
	dma_cookie_t cookie;
	s64 rsv;
	u32 head;

	lockdep_assert_held(&nc->lock);
	rsv = atomic64_read(&nc->reserve);
	do {
		head = netdma_rsv_head(rsv);
		cookie = netdma_rsv_cookie(rsv);
		/* Every freezer thaws before it unlocks: this one is for good. */
		if (rsv & NETDMA_RESERVE_FROZEN)
			return NULL;
		if (!netdma_room(nc, head, nr)) {
			/* Completed slots nobody was interrupted for can be freed. */
			*kick = netdma_work_pending_locked(nc);
			return NULL;
		}
		if (unlikely(cookie == S32_MAX)) {
			/*
			 * Cookies repeat: the failures recorded name old ones.
			 * Only the lock's holders touch them.
			 */
			head = netdma_freeze_locked(nc);
			bitmap_zero(nc->failed, NETDMA_FAILED_WINDOW);
			WRITE_ONCE(nc->newest_failure, 0);
			WRITE_ONCE(nc->failed_forgotten, 0);
			atomic64_set(&nc->reserve, netdma_rsv(head + nr, DMA_MIN_COOKIE) |
				     NETDMA_RESERVE_FROZEN);
			netdma_thaw_locked(nc);
			*first = head;
			return netdma_reserved(nc, head, nr, DMA_MIN_COOKIE);
		}
	} while (!atomic64_try_cmpxchg(&nc->reserve, &rsv,
				       netdma_rsv(head + nr, cookie + 1)));
	*first = head;
	return netdma_reserved(nc, head, nr, cookie + 1);
}

/*
 * Publish a slot written under the lock: issue_pending may hand it over
 * once submitted, and a walk may step over it by its length. No revoker
 * can have come meanwhile: they hold the lock.
 */
static void netdma_publish_locked(struct netdma_channel *nc, struct netdma_slot *slot)
{
	lockdep_assert_held(&nc->lock);
	/* Pairs with the acquire of issue_pending's claim and of tx_submit. */
	smp_store_release(&slot->state, NETDMA_SLOT_PREPARED);
}

/*
 * Publish a slot reserved without the lock. A revoker that came meanwhile
 * found it unpublished and marked it (NETDMA_SLOT_UNPUBLISHED): then the
 * slot is the revoker's, the mark comes off now that nothing more is
 * written, and the client's submit fails with the reason. Return: false
 * when it was revoked (the caller kicks the completion work, which gives
 * no marked slot back).
 */
static __always_inline bool netdma_publish_fast(struct netdma_slot *slot)
{
	unsigned int old = READ_ONCE(slot->state);

	do {
		if (unlikely(old & NETDMA_SLOT_UNPUBLISHED)) {
			/* Pairs with the acquire of the walks over the ring. */
			smp_store_release(&slot->state, old & ~NETDMA_SLOT_UNPUBLISHED);
			return false;
		}
		/* Full barrier: the slot and its descriptors are seen first. */
	} while (!try_cmpxchg(&slot->state, &old, NETDMA_SLOT_PREPARED));
	return true;
}

/* A fresh dmaengine descriptor: no callback until the client sets one. */
static __always_inline void netdma_prep_txd(struct netdma_slot *slot, unsigned long flags)
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

/* What a prep asks for: a copy, or a NULL descriptor (@null). */
struct netdma_prep_req {
	dma_addr_t dst;
	dma_addr_t src;
	size_t len;
	unsigned long flags;
	bool null;
};

/* Write the descriptors of a reserved transaction, and its dmaengine part. */
static __always_inline void netdma_fill(struct netdma_channel *nc,
					struct netdma_slot *slot, u32 first,
					const struct netdma_prep_req *req)
{
	dma_addr_t src = req->src, dst = req->dst;
	size_t len = req->len;
	u32 i;

	if (req->null) {
		/* Size 1, as ioatdma's: 3.0 silicon halts on a size-0 NULL. */
		netdma_fill_desc(&nc->ring[first & NETDMA_RING_MASK], 1,
				 NETDMA_CTL_NULL | netdma_last_control(req->flags),
				 0, 0, slot->cookie);
	} else {
		for (i = 0; i < slot->nr; i++) {
			u32 chunk = min_t(size_t, len, nc->max_xfer);

			netdma_fill_desc(&nc->ring[(first + i) & NETDMA_RING_MASK], chunk,
					 i == slot->nr - 1 ? netdma_last_control(req->flags) : 0,
					 src, dst, slot->cookie);
			src += chunk;
			dst += chunk;
			len -= chunk;
		}
	}
	netdma_prep_txd(slot, req->flags);
}

/* Prep under the lock: what the fast path leaves. */
static noinline struct dma_async_tx_descriptor *
netdma_prep_locked(struct netdma_channel *nc, u32 nr, const struct netdma_prep_req *req)
{
	struct netdma_slot *slot;
	unsigned long flags;
	bool kick = false;
	u32 first;

	spin_lock_irqsave(&nc->lock, flags);
	slot = netdma_reserve_locked(nc, nr, &first, &kick);
	if (slot) {
		netdma_fill(nc, slot, first, req);
		netdma_publish_locked(nc, slot);
	}
	spin_unlock_irqrestore(&nc->lock, flags);
	if (unlikely(kick))
		netdma_kick_completion(nc);
	return slot ? &slot->txd : NULL;
}

/*
 * Reserve @nr slots, fill and publish them. A single descriptor goes
 * without the lock when the word lets it, in a window with preemption off
 * (see the top of this file); anything else under the lock. Inlined, with
 * its fast path only: it is the per-copy cost of a batch.
 */
static __always_inline struct dma_async_tx_descriptor *
netdma_prep(struct netdma_channel *nc, u32 nr, const struct netdma_prep_req *req)
{
	struct netdma_slot *slot;
	u32 first;

	if (likely(nr == 1)) {
		preempt_disable();
		slot = netdma_reserve_fast(nc, &first);
		if (likely(slot)) {
			netdma_test_hook(&netdma_prep_window_hook, nc);
			netdma_fill(nc, slot, first, req);
			/*
			 * Revoked meanwhile: the work may give the slot back
			 * now. Kicked inside the window, which teardown waits
			 * for, so that the work is queued before the channel's
			 * memory goes.
			 */
			if (unlikely(!netdma_publish_fast(slot)))
				netdma_kick_completion(nc);
			preempt_enable();
			return &slot->txd;
		}
		preempt_enable();
	}
	return netdma_prep_locked(nc, nr, req);
}

/**
 * netdma_prep_memcpy() - device_prep_dma_memcpy
 * @chan: the channel
 * @dst: destination bus address
 * @src: source bus address
 * @len: bytes to copy, split into descriptors of at most max_transfer_size
 * @flags: DMA_PREP_* flags
 *
 * Takes no lock: one compare-and-swap reserves the slots and the cookie,
 * and the descriptors are written in prep's window, which teardown waits
 * for before the ring goes (see the top of this file).
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
	struct netdma_prep_req req = {
		.dst = dst, .src = src, .len = len, .flags = flags,
	};

	if (unlikely(!len || len > (size_t)nc->max_xfer * (NETDMA_RING_SIZE - 1)))
		return NULL;
	if (unlikely((u64)src + len - 1 > nc->max_address ||
		     (u64)dst + len - 1 > nc->max_address))
		return NULL;
	return netdma_prep(nc, len <= nc->max_xfer ? 1 : DIV_ROUND_UP(len, nc->max_xfer),
			   &req);
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
	struct netdma_prep_req req = { .flags = flags, .null = true };

	return netdma_prep(to_netdma_chan(chan), 1, &req);
}

/*
 * Both locks are held: an append rung outside the channel lock has
 * returned. One that failed gives its descriptors back: they are handed
 * over again from the first, with a start.
 */
static void netdma_bell_taken_locked(struct netdma_channel *nc)
{
	lockdep_assert_held(&nc->lock);
	lockdep_assert_held(&nc->bell_lock);
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

/* Take the doorbell lock under the channel lock, waiting for a ringer. */
static void netdma_bell_lock_locked(struct netdma_channel *nc)
	__acquires(&nc->bell_lock)
{
	spin_lock(&nc->bell_lock);
	netdma_bell_taken_locked(nc);
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
	u32 end = nc->issued, head;

	/* Whoever left a note is served: its slots are claimed now or later. */
	WRITE_ONCE(nc->bell_again, false);
	if (nc->dead || !nc->allocated || nc->paused || nc->powered_down ||
	    nc->hw_error || nc->err_pending)
		return 0;

	/* A reserved slot not published yet is not SUBMITTED: the walk stops. */
	head = netdma_head(nc);
	while (end != head) {
		struct netdma_slot *slot = &nc->slots[end & NETDMA_RING_MASK];

		if (READ_ONCE(slot->state) != NETDMA_SLOT_SUBMITTED)
			break;
		/*
		 * With the branch, an acquire: pairs with tx_submit, so nr and
		 * the descriptors are seen as submitted. A load fence on UML,
		 * where smp_load_acquire() is a full one.
		 */
		smp_acquire__after_ctrl_dep();
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

/*
 * One claim and one doorbell. Return: true if another issuer left a note
 * while this one rang outside the channel lock, so the caller rings again.
 *
 * An issuer that finds the doorbell lock taken leaves its holder a note
 * (@bell_again) and returns. The ringer drops the doorbell lock and then
 * reads the note; the issuer writes the note and then tries the lock
 * again. With a full barrier in each, one of the two sees the other's
 * write: either the ringer sees the note, or the second try finds the lock
 * free. No other holder can come between the two tries, since every other
 * taker of the doorbell lock holds the channel lock.
 */
static bool netdma_ring_bell(struct netdma_channel *nc)
{
	const struct netdma_provider_ops *ops;
	struct netdma_desc *desc;
	unsigned long irqflags;
	dma_addr_t desc_dma;
	u32 first, count, i;
	void *ctx;
	int ret;

	irqflags = netdma_hot_lock(&nc->lock);
	if (unlikely(!spin_trylock(&nc->bell_lock))) {
		WRITE_ONCE(nc->bell_again, true);
		/* Note before retry; pairs with the barrier after the append. */
		smp_mb();
		if (!spin_trylock(&nc->bell_lock)) {
			netdma_hot_unlock(&nc->lock, irqflags);
			return false;
		}
	}
	netdma_bell_taken_locked(nc);
	if (unlikely(nc->need_start)) {
		/* After allocation, abort, reset or a failed append. */
		spin_unlock(&nc->bell_lock);
		netdma_hand_over_locked(nc);
		netdma_hot_unlock(&nc->lock, irqflags);
		return false;
	}
	count = netdma_claim_locked(nc, &first);
	if (!count) {
		spin_unlock(&nc->bell_lock);
		netdma_hot_unlock(&nc->lock, irqflags);
		return false;
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
	/* Unlock before note; pairs with the barrier after the note. */
	smp_mb();
	return READ_ONCE(nc->bell_again);
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
 * An issuer that finds another ringing does not wait for it, with the
 * channel lock held, as every other user of the channel would then wait
 * too (rate4x1 in Documentation/performance.rst): it leaves a note, and
 * the ringer, once its write has returned, claims and rings what was
 * submitted meanwhile. Doorbells of several issuers so become one.
 *
 * From task context the doorbell rings with bottom halves off
 * (netdma_bh_hold()), as ioatdma's does (its prep lock is a _bh lock). An
 * engine that completes at once (a device model, a short copy) interrupts
 * inside the write, and the completion tasklet that interrupt schedules
 * should run as soon as interrupts are on again, or a client spinning on
 * its callback waits for the next tick (~4 ms at HZ=250; three to five
 * times per 100 ms of irq_loc in make bench-guest,
 * Documentation/performance.rst). With bottom halves on it
 * may not: raised from task context (a provider calling netdma_isr()
 * inside append) it wakes ksoftirqd, which waits for this thread to
 * sleep; raised by an interrupt that nests in a timer interrupt's softirq
 * pass (both pending when interrupts come back on), that pass leaves it to
 * ksoftirqd when need_resched() is set. With bottom halves off the
 * interrupt only marks it pending, and local_bh_enable() runs it here.
 *
 * Context: any.
 */
void netdma_issue_pending(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	bool held = netdma_bh_hold();

	while (netdma_ring_bell(nc))
		;
	netdma_bh_release(held);
}
