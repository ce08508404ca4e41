// SPDX-License-Identifier: GPL-2.0
/*
 * Completion: reaping the writeback word, the completion work (the NetDMA
 * DPC), errors, and the dmaengine calls that act on outstanding work
 * (tx_status, terminate, synchronize, pause, resume).
 *
 * Slots move through four free-running indices, tail <= done <= issued <=
 * head: [tail, done) completed, callback not run yet; [done, issued) owned
 * by the hardware; [issued, head) prepared, not handed over. Reaping only
 * advances done and the completed cookie, so tx_status can reap from any
 * context; only the completion work runs callbacks, outside the lock, and
 * advances tail to free slots.
 */
#include <kunit/visibility.h>
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/smp.h>

#include "netdma_priv.h"

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Called by a reap after its read of tail, before it writes anything, and
 * again when it has written all, the lock still held (KUnit only).
 */
netdma_test_hook_t netdma_reap_hook;
EXPORT_SYMBOL_IF_KUNIT(netdma_reap_hook);
/* Called as each run of the completion work starts (KUnit only). */
netdma_test_hook_t netdma_work_hook;
EXPORT_SYMBOL_IF_KUNIT(netdma_work_hook);
/* Called before a kick sends its IPI (KUnit only). */
netdma_test_hook_t netdma_ipi_hook;
EXPORT_SYMBOL_IF_KUNIT(netdma_ipi_hook);
#endif

/*
 * Passes of the completion work before it lets other bottom halves run: a
 * client that submits from its callback keeps completions coming.
 */
#define NETDMA_WORK_PASSES	8

/*
 * Schedule the completion tasklet on @cpu, online (preemption is off): here,
 * or by an IPI unless one is on its way (NETDMA_BH_IPI, bh.h).
 */
static void netdma_bh_queue_on(struct netdma_channel *nc, unsigned int cpu)
{
	struct netdma_bh *bh = &nc->bh;

	if (cpu == smp_processor_id()) {
		tasklet_hi_schedule(&bh->tasklet);
		return;
	}
	/* Fully ordered: what this kick is for is written before. */
	if (test_and_set_bit(NETDMA_BH_IPI, &bh->ipi))
		return;
	netdma_test_hook(&netdma_ipi_hook, nc);
	if (smp_call_function_single_async(cpu, &bh->csd)) {
		/* -ENXIO: @cpu went offline; never lose a completion. */
		clear_bit(NETDMA_BH_IPI, &bh->ipi);
		tasklet_hi_schedule(&bh->tasklet);
	}
}

/**
 * netdma_kick_completion() - queue the completion work on the channel's CPU
 * @nc: the channel
 *
 * Preemption stays off from the online check to the queueing: a CPU cannot
 * finish going offline meanwhile (take_cpu_down() runs under stop_machine,
 * which needs this CPU too), so the tasklet is scheduled there, or its IPI
 * queued, before the CPU dies: the dying CPU runs its queued IPIs, and
 * takeover_tasklets() moves its scheduled tasklets to a live CPU. The
 * hotplug callbacks move nc->cpu away first; until they have, or for a CPU
 * gone since, this CPU runs the work.
 *
 * Context: any.
 * Return: the CPU the work was queued on.
 */
unsigned int netdma_kick_completion(struct netdma_channel *nc)
{
	unsigned int cpu;

	preempt_disable();
	cpu = READ_ONCE(nc->cpu);
	if (!cpu_online(cpu))
		cpu = smp_processor_id();
	netdma_bh_queue_on(nc, cpu);
	preempt_enable();
	return cpu;
}

/*
 * A client polling tx_status. On the channel's completion CPU, from task
 * context with bottom halves on, the work runs here and now, with bottom
 * halves held off, as the tasklet would have run it at netdma_bh_release()
 * (netdma_bh_run_here()). Anywhere else it is queued as usual: on another
 * CPU, while the tasklet runs on another CPU (the completion CPU just
 * moved), and for a caller that holds bottom halves off itself, whose
 * callbacks wait until it turns them on (it may hold a _bh lock they take).
 */
static void netdma_kick_completion_polled(struct netdma_channel *nc)
{
	bool bh_on = !in_softirq();
	bool held = netdma_bh_hold();

	if (!held || !bh_on || READ_ONCE(nc->cpu) != smp_processor_id() ||
	    !netdma_bh_run_here(&nc->bh))
		netdma_kick_completion(nc);
	netdma_bh_release(held);
}

/*
 * Submitted transaction @cookie completed, @failed or not: from now on its
 * bit in the failure window speaks for it. A bit still set spoke for an
 * older cookie of the same residue, at most @cookie - NETDMA_FAILED_WINDOW,
 * which failed_forgotten covers from now on. Cookies complete in order, all
 * of them under the lock, so the window needs no atomics.
 */
static void netdma_track_outcome_locked(struct netdma_channel *nc,
					dma_cookie_t cookie, bool failed)
{
	unsigned int bit = cookie % NETDMA_FAILED_WINDOW;

	/* A success whose bit is clear changes nothing: the common case. */
	if (likely(!failed && !test_bit(bit, nc->failed)))
		return;
	/*
	 * From before a wrap: the window started again without it. Read
	 * only here: preps on other CPUs write the word all the time.
	 */
	if (unlikely(cookie > netdma_used(nc)))
		return;
	if (unlikely(test_bit(bit, nc->failed))) {
		if (cookie > NETDMA_FAILED_WINDOW &&
		    cookie - NETDMA_FAILED_WINDOW > nc->failed_forgotten)
			WRITE_ONCE(nc->failed_forgotten, cookie - NETDMA_FAILED_WINDOW);
		if (!failed)
			__clear_bit(bit, nc->failed);
	}
	if (failed) {
		__set_bit(bit, nc->failed);
		/* Before completed_cookie moves past it: see netdma_tx_status(). */
		if (cookie > nc->newest_failure)
			WRITE_ONCE(nc->newest_failure, cookie);
	}
}

/*
 * Did transaction @cookie, which has completed, fail? Known while fewer
 * than NETDMA_FAILED_WINDOW cookies have completed after it, so that no
 * newer cookie has taken its bit over. Cookies wrap to DMA_MIN_COOKIE with
 * the bitmap cleared, so the window never spans a wrap.
 */
static bool netdma_cookie_failed(struct netdma_channel *nc, dma_cookie_t cookie,
				 dma_cookie_t used)
{
	lockdep_assert_held(&nc->lock);
	if (cookie > used)
		return false;
	/*
	 * Beyond the window: failed if not newer than the newest failure
	 * that left it (a false error, never a false success; make soak
	 * found a polled client told DMA_COMPLETE for its aborted copy).
	 */
	if (nc->chan.completed_cookie - cookie >= NETDMA_FAILED_WINDOW)
		return cookie <= nc->failed_forgotten;
	return test_bit(cookie % NETDMA_FAILED_WINDOW, nc->failed);
}

/*
 * Free-running index of ring slot @slot within [done, issued), or false when
 * it is outside that window.
 */
static bool netdma_slot_in_flight(struct netdma_channel *nc, u32 slot, u32 *index)
{
	u32 i = nc->done + ((slot - nc->done) & NETDMA_RING_MASK);

	if (i - nc->done >= nc->issued - nc->done)
		return false;
	*index = i;
	return true;
}

static bool netdma_desc_to_slot(struct netdma_channel *nc, u64 addr, u32 *slot)
{
	if (addr < nc->ring_dma ||
	    addr >= nc->ring_dma + (u64)NETDMA_RING_SIZE * NETDMA_DESC_SIZE ||
	    (addr - nc->ring_dma) % NETDMA_DESC_SIZE)
		return false;
	*slot = (addr - nc->ring_dma) / NETDMA_DESC_SIZE;
	return true;
}

/*
 * A completed transaction the completion work has nothing to do for: no
 * callback, no unmap data (a polled client's copy, or one whose client
 * waits on a later one). The hardware's slots are all submitted ones.
 */
static bool netdma_slot_quiet(struct netdma_slot *slot)
{
	return !slot->txd.callback && !slot->txd.callback_result &&
	       !slot->txd.unmap;
}

/*
 * Complete whole transactions from done up to and including index @last.
 *
 * While no callback is pending (tail == done), a quiet transaction's slots
 * are given back here, at once: the completion work is not needed for it,
 * so a polling client never waits for that work, on this CPU or another.
 * The work owns [tail, done) without the lock while it runs callbacks, and
 * tail == done means it holds nothing, so tail may move here under the
 * lock. The first transaction that has a callback stops this, and the ones
 * after it wait for the work, in cookie order.
 *
 * completed_cookie and tail are published once, with release, after the
 * walk: tx_status reads the cookie without the lock, and a failure recorded
 * before it is then visible too; prep reads tail without the lock, and the
 * slots behind it are FREE by then.
 */
static void netdma_complete_through(struct netdma_channel *nc, u32 last)
{
	u32 finished = last + 1 - nc->done;	/* descriptors, from done on */
	u32 done = nc->done, tail = done;
	/*
	 * The work may move tail meanwhile, without the lock, but never past
	 * done; at done it holds nothing and moves it no more.
	 */
	bool free = READ_ONCE(nc->tail) == done;
	dma_cookie_t cookie = 0;

	while (done != nc->issued) {
		struct netdma_slot *slot = &nc->slots[done & NETDMA_RING_MASK];

		if (slot->nr > finished)
			break;
		finished -= slot->nr;
		cookie = slot->cookie;
		netdma_track_outcome_locked(nc, cookie, false);
		done += slot->nr;
		free = free && netdma_slot_quiet(slot);
		if (free) {
			/* Before tail passes it: prep may reserve it then. */
			WRITE_ONCE(slot->state, NETDMA_SLOT_FREE);
			tail = done;
		}
	}
	netdma_test_hook(&netdma_reap_hook, nc);	/* nothing written yet */
	if (done == nc->done)
		return;
	if (tail != nc->done) {
		/* Pairs with prep's read: FREE is seen before the room. */
		smp_store_release(&nc->tail, tail);
	}
	/* The work reads it without the lock, to see whether to go on. */
	WRITE_ONCE(nc->done, done);
	/* Pairs with tx_status's unlocked acquire of the cookie. */
	smp_store_release(&nc->chan.completed_cookie, cookie);
	netdma_test_hook(&netdma_reap_hook, nc);	/* all written, lock held */
}

/* Never follow it: the completion work resets the channel. */
static bool netdma_bad_word_locked(struct netdma_channel *nc, u64 word)
{
	dev_err_ratelimited(netdma_chan_dev(nc),
			    "netdma: chan %u: completion word %#llx is outside the %u outstanding descriptors\n",
			    nc->index, word, nc->issued - nc->done);
	nc->hw_error = true;
	return true;
}

/**
 * netdma_reap_locked() - advance done from the completion writeback word
 * @nc: channel, lock held
 *
 * The word holds the bus address of the last completed descriptor OR'd
 * with a status. Armed means nothing completed since the last (re)start;
 * the slot just before done means nothing new; so does a halted or
 * suspended word without a descriptor address. An address outside the
 * descriptors the hardware owns is a hardware error: nothing is completed
 * from it and the completion work resets the channel.
 *
 * Return: true when the completion work has something to do: callbacks
 * to run or slots to give back, or an error.
 */
bool netdma_reap_locked(struct netdma_channel *nc)
{
	u64 word, addr, status;
	u32 slot, last;

	lockdep_assert_held(&nc->lock);
	if (nc->dead || !nc->allocated)
		return false;
	if (nc->hw_error)
		return true;
	if (nc->issued == nc->done)
		return false;

	word = le64_to_cpu(READ_ONCE(*nc->completion));
	status = word & NETDMA_STATUS_MASK;
	if (status == NETDMA_STATUS_ARMED)
		return false;
	addr = word & NETDMA_COMPLETION_ADDR_MASK;
	if (!netdma_desc_to_slot(nc, addr, &slot)) {
		/* Halted or suspended before completing anything: no address. */
		if (status == NETDMA_STATUS_HALTED ||
		    status == NETDMA_STATUS_SUSPENDED)
			return false;
		return netdma_bad_word_locked(nc, word);
	}
	if (slot == ((nc->done - 1) & NETDMA_RING_MASK))
		return false;
	if (!netdma_slot_in_flight(nc, slot, &last))
		return netdma_bad_word_locked(nc, word);
	/* Descriptor and data writes are visible before the word says so. */
	dma_rmb();
	netdma_complete_through(nc, last);
	return READ_ONCE(nc->tail) != nc->done;
}

/**
 * netdma_work_pending_locked() - reap, and say whether the work is needed
 * @nc: channel, lock held
 *
 * Return: true when the completion work has callbacks to run or slots to
 * give back (including after an error the reap found).
 */
bool netdma_work_pending_locked(struct netdma_channel *nc)
{
	return netdma_reap_locked(nc) || READ_ONCE(nc->tail) != nc->done;
}

/* Up to NETDMA_RING_SIZE - 1 descriptors of up to 4 GiB - 1: 64 bits. */
static u64 netdma_bytes(struct netdma_channel *nc, u32 from, u32 to)
{
	u64 bytes = 0;

	for (; from != to; from++)
		bytes += le32_to_cpu(nc->ring[from & NETDMA_RING_MASK].transfer_size);
	return bytes;
}

/*
 * Complete the transaction at done with @result; the bytes of its
 * descriptors from index @from on count as not transferred.
 */
static void netdma_fail_next_locked(struct netdma_channel *nc, u32 from,
				    enum dmaengine_tx_result result)
{
	struct netdma_slot *slot = &nc->slots[nc->done & NETDMA_RING_MASK];
	/* Pairs with the release of a publication, a submit or an unmark. */
	unsigned int state = smp_load_acquire(&slot->state);
	u64 residue;

	if (state & NETDMA_SLOT_UNPUBLISHED) {
		/* Revoked while its prep writes it: one descriptor, no cookie yet. */
		WRITE_ONCE(nc->done, nc->done + 1);
		return;
	}
	residue = netdma_bytes(nc, from, nc->done + slot->nr);
	slot->result = result;
	/* dmaengine_result.residue is a u32: saturate, never wrap. */
	slot->residue = min_t(u64, residue, U32_MAX);
	/* A revoked transaction's cookie was never the client's. */
	if (state == NETDMA_SLOT_SUBMITTED)
		netdma_track_outcome_locked(nc, slot->cookie, true);
	/* After the failure: tx_status reads the cookie without the lock. */
	smp_store_release(&nc->chan.completed_cookie, slot->cookie);
	WRITE_ONCE(nc->done, nc->done + slot->nr);
}

/* Complete every transaction in [done, @end) with @result. */
static void netdma_fail_range_locked(struct netdma_channel *nc, u32 end,
				     enum dmaengine_tx_result result)
{
	while (nc->done != end)
		netdma_fail_next_locked(nc, nc->done, result);
}

/*
 * Revoke the slot at @slot of [issued, head), frozen, as @revoked unless it
 * is submitted. Return: the slots it spans.
 */
static u32 netdma_revoke_slot_locked(struct netdma_slot *slot, unsigned int revoked)
{
	/* Pairs with the release of a publication, a submit or an unmark. */
	unsigned int old = smp_load_acquire(&slot->state);

	for (;;) {
		switch (old) {
		case NETDMA_SLOT_SUBMITTED:	/* ours: the caller ends it */
			return slot->nr;
		case NETDMA_SLOT_PREPARED:
			/* Fully ordered when it succeeds: nr is read after. */
			if (try_cmpxchg(&slot->state, &old, revoked))
				return slot->nr;
			break;
		default:
			/*
			 * Reserved and being written without the lock: one
			 * descriptor, holding what its last lap left. Its prep's
			 * publication fails now, and the prep unmarks it.
			 */
			if (old & NETDMA_SLOT_UNPUBLISHED)
				return 1;
			if (try_cmpxchg(&slot->state, &old,
					revoked | NETDMA_SLOT_UNPUBLISHED))
				return 1;
			break;
		}
		/* Lost a race with the prep or a submit: read it again. */
		old = smp_load_acquire(&slot->state);
	}
}

/**
 * netdma_revoke_unsubmitted_locked() - take every unsubmitted slot back
 * @nc: channel, lock held
 * @revoked: NETDMA_SLOT_TERMINATED or NETDMA_SLOT_DEAD
 *
 * Decides every transaction not handed over, [issued, head): a submitted
 * one stays the shim's (the caller ends it, with its callback); an
 * unsubmitted one becomes the client's for good (its submit fails, no
 * callback), also one whose prep is still writing it. The indices do not
 * move. Leaves @reserve frozen: the caller thaws it, or the channel dies.
 * Every slot of [issued, head) holds this lap's transaction: revoked ones
 * leave the range (the callers move issued past them, or the channel
 * dies), so what is neither prepared nor submitted is unpublished.
 */
void netdma_revoke_unsubmitted_locked(struct netdma_channel *nc,
				      unsigned int revoked)
{
	u32 i, head = netdma_freeze_locked(nc);

	for (i = nc->issued; i != head;)
		i += netdma_revoke_slot_locked(&nc->slots[i & NETDMA_RING_MASK], revoked);
}

/*
 * Revoke the unsubmitted transactions and take all of [issued, head) off
 * the hand-over: every slot up to head is then ended by the caller's
 * netdma_fail_range_locked().
 */
static void netdma_revoke_unissued_locked(struct netdma_channel *nc,
					  unsigned int revoked)
{
	netdma_revoke_unsubmitted_locked(nc, revoked);
	nc->issued = netdma_head(nc);
}

/**
 * netdma_fail_issued_locked() - complete the hardware's descriptors
 * @nc: channel, lock held, hardware stopped
 * @result: result for the transactions
 */
void netdma_fail_issued_locked(struct netdma_channel *nc,
			       enum dmaengine_tx_result result)
{
	netdma_fail_range_locked(nc, nc->issued, result);
	WRITE_ONCE(*nc->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
	nc->need_start = true;
}

/**
 * netdma_fail_outstanding_locked() - abort everything not completed
 * @nc: channel, lock held, hardware stopped
 * @result: result for the transactions
 *
 * Covers the hardware's descriptors and every submitted one; used when the
 * channel goes away. Prepared ones not submitted are revoked: they stay
 * the client's, whose submit then fails with -ENODEV. Leaves @reserve
 * frozen.
 */
void netdma_fail_outstanding_locked(struct netdma_channel *nc,
				    enum dmaengine_tx_result result)
{
	netdma_revoke_unissued_locked(nc, NETDMA_SLOT_DEAD);
	netdma_fail_range_locked(nc, nc->issued, result);
}

/**
 * netdma_engine_lost_locked() - give a channel up if its engine may still run
 * @nc: channel, lock held
 * @ret: what the provider's abort or reset returned
 *
 * 0 is a stopped engine, -ENODEV a device gone from the bus (it does no
 * more DMA) and -EOPNOTSUPP a provider without abort or reset (the engine
 * halted by itself). Any other error leaves an engine that may still fetch
 * from the ring and write the destinations of [done, issued): the channel
 * dies, and nothing it holds is completed, since a client told its copy is
 * over would free what the engine may still write.
 *
 * Return: true when the channel was given up.
 */
bool netdma_engine_lost_locked(struct netdma_channel *nc, int ret)
{
	lockdep_assert_held(&nc->lock);
	if (!ret || ret == -ENODEV || ret == -EOPNOTSUPP)
		return false;
	if (!nc->lost) {
		dev_err(netdma_chan_dev(nc),
			"netdma: chan %u: engine did not stop (%d): channel dead, %u descriptors left with it\n",
			nc->index, ret, nc->issued - nc->done);
		/*
		 * Prepared, never submitted: the client's again (submit:
		 * -ENODEV). Once: what it revoked stays in [issued, head).
		 */
		netdma_revoke_unsubmitted_locked(nc, NETDMA_SLOT_DEAD);
	}
	nc->lost = true;
	WRITE_ONCE(nc->dead, true);
	nc->hw_error = false;
	clear_bit(0, &nc->err_pending);
	return true;
}

/* Stop the engine: reset if there is one (clean state), else abort. */
static int netdma_stop_engine_locked(struct netdma_channel *nc)
{
	netdma_bell_sync_locked(nc);
	if (nc->ops->reset)
		return nc->ops->reset(nc->chan_ctx);
	if (nc->ops->abort)
		return nc->ops->abort(nc->chan_ctx);
	return -EOPNOTSUPP;
}

/* After a halt: forget the old word, start at done with what is left. */
static void netdma_restart_locked(struct netdma_channel *nc)
{
	WRITE_ONCE(*nc->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
	nc->need_start = true;
	nc->issued = nc->done;
	netdma_hand_over_locked(nc);
}

static void netdma_handle_hw_error_locked(struct netdma_channel *nc)
{
	if (netdma_engine_lost_locked(nc, netdma_stop_engine_locked(nc)))
		return;
	nc->hw_error = false;
	netdma_fail_range_locked(nc, nc->issued, DMA_TRANS_ABORTED);
	netdma_restart_locked(nc);
}

/*
 * The provider reported @err_desc failed: everything before it completed,
 * its transaction failed with err_result, the rest is restarted.
 */
static void netdma_handle_error_locked(struct netdma_channel *nc)
{
	dma_addr_t failed = READ_ONCE(nc->err_desc);
	u32 slot, index;

	if (!netdma_desc_to_slot(nc, failed, &slot) ||
	    !netdma_slot_in_flight(nc, slot, &index)) {
		dev_err_ratelimited(netdma_chan_dev(nc),
				    "netdma: chan %u: error reported on %pad, not an outstanding descriptor\n",
				    nc->index, &failed);
		nc->hw_error = true;
		return;
	}
	if (index != nc->done)
		netdma_complete_through(nc, index - 1);
	/* The failed transaction is the engine's until it is stopped. */
	if (netdma_engine_lost_locked(nc, netdma_stop_engine_locked(nc)))
		return;
	if (nc->done != nc->issued)
		netdma_fail_next_locked(nc, index, READ_ONCE(nc->err_result));
	netdma_restart_locked(nc);
}

/*
 * Run the callbacks of the completed transactions [@from, @end). The
 * completion work owns these slots without the lock: prep reuses none of
 * them before tail passes them, and errors and aborts only touch slots from
 * done on. A callback may prepare and submit more work on the channel.
 * A revoked transaction belongs to its client, who was told by its submit.
 *
 * Return: how far tail may move: @end, or the first slot revoked while its
 * prep was still writing it (that prep kicks the work when it is done).
 */
static u32 netdma_run_callbacks(struct netdma_slot *slots, u32 from, u32 end)
{
	u32 give_back = end;

	while (from != end) {
		struct netdma_slot *slot = &slots[from & NETDMA_RING_MASK];
		struct dma_async_tx_descriptor *txd = &slot->txd;
		/*
		 * No acquire per slot: a submitted slot was read SUBMITTED,
		 * with acquire, by the claim or revoke under the lock before
		 * done passed it, and this pass took the lock after that.
		 */
		unsigned int state = READ_ONCE(slot->state);

		if (unlikely(state & NETDMA_SLOT_UNPUBLISHED)) {
			if (give_back == end)
				give_back = from;
			from++;
			continue;
		}
		if (unlikely(state != NETDMA_SLOT_SUBMITTED)) {
			/* Pairs with a prep's unmark: then nr is its own. */
			smp_rmb();
			from += slot->nr;
			continue;
		}
		if (txd->unmap) {
			dmaengine_unmap_put(txd->unmap);
			txd->unmap = NULL;
		}
		if (txd->callback_result) {
			struct dmaengine_result res = {
				.result = slot->result,
				.residue = slot->residue,
			};

			txd->callback_result(txd->callback_param, &res);
		} else if (txd->callback) {
			txd->callback(txd->callback_param);
		}
		/*
		 * Ended: given back when the next pass moves tail (with
		 * release) past it. A revoked slot keeps its state, so that a
		 * late submit still fails with the reason, until it is reused.
		 */
		WRITE_ONCE(slot->state, NETDMA_SLOT_FREE);
		from += slot->nr;
	}
	return give_back;
}

/**
 * netdma_complete_work() - the completion work (NetDMA's DPC)
 * @bh: the channel's work
 *
 * Runs in bottom-half context on the channel's completion CPU: handles a
 * reported error, reaps the writeback word and runs the callbacks, in
 * cookie order, without holding the channel lock. One lock round trip per
 * pass, however many transactions completed: the slots whose callbacks ran
 * are given back by moving tail without the lock, as only the work moves
 * it while [tail, done) is not empty. Whoever reaps meanwhile kicks the
 * work again; a pass goes on at once when done or the completion word
 * moved during the callbacks.
 */
void netdma_complete_work(struct netdma_bh *bh)
{
	struct netdma_channel *nc = container_of(bh, struct netdma_channel, bh);
	struct netdma_slot *slots;
	__le64 *completion;
	unsigned int pass;
	unsigned long flags;
	u32 from, end, ran;
	u64 word = 0;

	netdma_test_hook(&netdma_work_hook, nc);
	for (pass = 0; pass < NETDMA_WORK_PASSES; pass++) {
		flags = netdma_hot_lock(&nc->lock);
		if (test_and_clear_bit(0, &nc->err_pending) && nc->allocated &&
		    !nc->dead)
			netdma_handle_error_locked(nc);
		netdma_reap_locked(nc);
		if (nc->hw_error && nc->allocated && !nc->dead)
			netdma_handle_hw_error_locked(nc);
		from = nc->tail;	/* only the work moves it from here */
		end = nc->done;
		slots = nc->slots;
		/* Freed after this work has run (teardown flushes it first). */
		completion = nc->completion;
		if (completion)
			word = le64_to_cpu(READ_ONCE(*completion));
		netdma_hot_unlock(&nc->lock, flags);

		/* No slots: torn down (a prep revoked by teardown kicked it). */
		if (from == end || !slots)
			return;
		ran = netdma_run_callbacks(slots, from, end);
		if (ran != from) {
			/* Set FREE by run_callbacks: prep sees so before the room. */
			smp_store_release(&nc->tail, ran);
		}
		/* Tail waits for a prep, which kicks this work when done. */
		if (unlikely(ran != end))
			return;
		/*
		 * Nothing completed meanwhile (a callback that submits more,
		 * on an engine that completes it at once): nothing more to
		 * do until a kick. Else the next pass reaps it, sooner than
		 * the kick that queued this work again would.
		 */
		if (READ_ONCE(nc->done) == end &&
		    (!completion || le64_to_cpu(READ_ONCE(*completion)) == word))
			return;
	}
	/* Completions keep coming: let other bottom halves run first. */
	netdma_kick_completion(nc);
}

/**
 * netdma_isr() - a provider interrupt reported completion (NetDmaIsr)
 * @chan: the channel handle passed to alloc_channel
 * @last_desc: bus address of the last completed descriptor; advisory, the
 *	shim reads the completion writeback word itself
 * @cpu: if not NULL, set to the CPU the completion work was queued on
 *
 * Queues the completion work (NetDmaInterruptDpc) in bottom-half context on
 * the channel's completion CPU. Takes no lock.
 *
 * Context: any, normally the provider's hard interrupt handler; also from
 * within the start and append callbacks.
 */
void netdma_isr(struct netdma_channel *chan, dma_addr_t last_desc,
		unsigned int *cpu)
{
	unsigned int target = netdma_kick_completion(chan);

	if (cpu)
		*cpu = target;
}
EXPORT_SYMBOL_GPL(netdma_isr);

/**
 * netdma_channel_error() - a provider reports a failed descriptor
 * @chan: the channel handle passed to alloc_channel
 * @failed_desc: bus address of the descriptor that failed; the engine has
 *	halted on it, and its completion word, if written, still names the
 *	last descriptor that completed
 * @result: DMA_TRANS_READ_FAILED, DMA_TRANS_WRITE_FAILED or
 *	DMA_TRANS_ABORTED
 *
 * NetDMA's NetDmaInterruptDpc(handle, NULL) says only "error"; a Linux
 * client wants to know which transaction failed and how. The completion
 * work completes every transaction before @failed_desc normally, the one
 * holding it with @result and the bytes not copied as residue, then resets
 * (or aborts) the channel and starts it again at the next transaction. An
 * address that is not an outstanding descriptor aborts all of them.
 *
 * Context: any, normally the provider's hard interrupt handler. Takes no
 * lock.
 */
void netdma_channel_error(struct netdma_channel *chan, dma_addr_t failed_desc,
			  enum dmaengine_tx_result result)
{
	WRITE_ONCE(chan->err_desc, failed_desc);
	WRITE_ONCE(chan->err_result, result);
	/* The work reads them after test_and_clear_bit() sees the flag. */
	smp_mb__before_atomic();
	set_bit(0, &chan->err_pending);
	netdma_kick_completion(chan);
}
EXPORT_SYMBOL_GPL(netdma_channel_error);

/**
 * netdma_tx_status() - device_tx_status
 * @chan: the channel
 * @cookie: the transaction
 * @state: if not NULL, filled with the cookie state (residue 0)
 *
 * Reaps the writeback word itself, so clients that poll (dma_sync_wait())
 * see completion with interrupts off. Callbacks are left to the completion
 * work; called from task context with interrupts on, on the channel's
 * completion CPU, this runs that work itself before it returns.
 *
 * Return: DMA_COMPLETE, DMA_IN_PROGRESS, DMA_PAUSED, or DMA_ERROR for a
 * transaction that failed or was aborted, for every cookie of the newest
 * NETDMA_FAILED_WINDOW completed (more than the ring holds); older ones
 * read as DMA_ERROR up to the newest failure that left the window and as
 * DMA_COMPLETE after it, and all as DMA_COMPLETE once cookies wrap.
 * callback_result has every result.
 *
 * Context: any.
 */
enum dma_status netdma_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
				 struct dma_tx_state *state)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	dma_cookie_t last, used;
	enum dma_status status;
	unsigned long irqflags;
	bool kick;

	/*
	 * A cookie reaped already, newer than any failure, needs no lock:
	 * completed_cookie is published with release after newest_failure,
	 * and whoever reaped it queued the completion work if needed. This is
	 * the common answer of a poll loop's last call and of every later one.
	 * The failure bitmap is read only under the lock, where completions
	 * change it: an unlocked reader could pair a stale completed_cookie
	 * with a bit a newer cookie took over and call a failed copy complete.
	 */
	last = smp_load_acquire(&chan->completed_cookie);
	used = netdma_used(nc);
	if (dma_async_is_complete(cookie, last, used) == DMA_COMPLETE &&
	    cookie > READ_ONCE(nc->newest_failure)) {
		status = DMA_COMPLETE;
		goto out;
	}

	irqflags = netdma_hot_lock(&nc->lock);
	kick = netdma_work_pending_locked(nc);
	last = chan->completed_cookie;
	used = netdma_used(nc);
	status = dma_async_is_complete(cookie, last, used);
	if (status != DMA_COMPLETE && nc->paused) {
		status = DMA_PAUSED;
	} else if (status == DMA_COMPLETE && cookie <= nc->newest_failure) {
		/*
		 * A complete cookie newer than every failure did not fail (the
		 * unlocked answer above). Older ones go by the failure window.
		 */
		if (netdma_cookie_failed(nc, cookie, used))
			status = DMA_ERROR;
	}
	netdma_hot_unlock(&nc->lock, irqflags);

	if (kick)
		netdma_kick_completion_polled(nc);
out:
	if (state) {
		state->last = last;
		state->used = used;
		state->residue = 0;
	}
	return status;
}

/**
 * netdma_terminate_all() - device_terminate_all (ProviderAbortDma)
 * @chan: the channel
 *
 * Aborts the engine (abort, else reset), completes what it finished and
 * every other submitted transaction with DMA_TRANS_ABORTED, whether it was
 * issued or not. A descriptor prepared and not yet submitted is revoked:
 * it stays the client's, and its submit fails with -ECANCELED. The next
 * issue_pending starts the channel again.
 *
 * Context: any.
 * Return: 0, or -EBUSY when the engine is busy and the provider can
 * neither abort nor reset.
 */
int netdma_terminate_all(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	unsigned long flags;
	bool kick = true;
	int ret = 0;

	spin_lock_irqsave(&nc->lock, flags);
	if (nc->lost) {
		ret = -EIO;	/* its engine may still run what it holds */
		goto out;
	}
	if (nc->dead || !nc->allocated)
		goto out;
	netdma_bell_sync_locked(nc);
	/*
	 * Nothing to abort (a polled client terminates after each copy): the
	 * engine keeps its place, so the next hand-over appends, and no
	 * completion work is queued unless callbacks are still to run.
	 */
	netdma_reap_locked(nc);
	/* A prep reserving meanwhile comes after this terminate. */
	if (netdma_head(nc) == nc->done && !nc->paused && !nc->hw_error &&
	    !test_bit(0, &nc->err_pending)) {
		kick = READ_ONCE(nc->tail) != nc->done;
		goto out;
	}
	if (nc->issued != nc->done) {
		if (nc->ops->abort)
			ret = nc->ops->abort(nc->chan_ctx);
		else if (nc->ops->reset)
			ret = nc->ops->reset(nc->chan_ctx);
		else
			ret = -EBUSY;
		if (ret) {
			if (ret != -EBUSY)
				netdma_engine_lost_locked(nc, ret);
			goto out;
		}
		netdma_reap_locked(nc);
	}
	/* The abort ended a halt not handled yet too: its report is moot. */
	clear_bit(0, &nc->err_pending);
	nc->hw_error = false;
	/* Every submitted transaction ends; unsubmitted ones are revoked. */
	netdma_revoke_unissued_locked(nc, NETDMA_SLOT_TERMINATED);
	netdma_fail_range_locked(nc, nc->issued, DMA_TRANS_ABORTED);
	WRITE_ONCE(*nc->completion, cpu_to_le64(NETDMA_STATUS_ARMED));
	nc->need_start = true;
	nc->paused = false;
out:
	netdma_thaw_locked(nc);
	spin_unlock_irqrestore(&nc->lock, flags);
	if (kick)
		netdma_kick_completion(nc);
	return ret;
}

/**
 * netdma_synchronize() - device_synchronize
 * @chan: the channel
 *
 * Waits until the completion work, and so every callback of the
 * transactions completed or aborted so far, has finished.
 *
 * Context: process.
 */
void netdma_synchronize(struct dma_chan *chan)
{
	netdma_bh_flush(&to_netdma_chan(chan)->bh);
}

/**
 * netdma_pause() - device_pause (ProviderSuspendDma)
 * @chan: the channel
 *
 * Context: any.
 * Return: 0 or the provider's error.
 */
int netdma_pause(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	dma_addr_t last_desc = 0;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&nc->lock, flags);
	if (nc->dead || !nc->allocated || nc->paused)
		goto out;
	netdma_bell_sync_locked(nc);
	ret = nc->ops->suspend(nc->chan_ctx, &last_desc);
	if (!ret) {
		nc->paused = true;
		netdma_reap_locked(nc);
	}
out:
	spin_unlock_irqrestore(&nc->lock, flags);
	return ret;
}

/**
 * netdma_resume() - device_resume (ProviderResumeDma)
 * @chan: the channel
 *
 * Resumes the engine and hands it what was issued while paused. A provider
 * that reset the channel instead (%NETDMA_RESUME_RESTART) gets it started
 * again at the first descriptor not completed, with everything after it.
 *
 * Context: any.
 * Return: 0 or the provider's error.
 */
int netdma_resume(struct dma_chan *chan)
{
	struct netdma_channel *nc = to_netdma_chan(chan);
	bool kick = false;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&nc->lock, flags);
	if (nc->dead || !nc->allocated || !nc->paused)
		goto out;
	netdma_bell_sync_locked(nc);
	ret = nc->ops->resume(nc->chan_ctx);
	if (ret == NETDMA_RESUME_RESTART) {
		/* Stopped for good: done is the first unfinished descriptor. */
		nc->paused = false;
		kick = netdma_reap_locked(nc);
		netdma_restart_locked(nc);
		ret = 0;
	} else if (!ret) {
		nc->paused = false;
		netdma_hand_over_locked(nc);
	}
out:
	spin_unlock_irqrestore(&nc->lock, flags);
	if (kick)
		netdma_kick_completion(nc);
	return ret;
}
