/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netdma shim internals shared by its files. Nothing here is visible to
 * providers or clients.
 */
#ifndef _NETDMA_PRIV_H
#define _NETDMA_PRIV_H

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/dma-direction.h>
#include <linux/dmaengine.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/netdma.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "bh.h"
#include "compat.h"

/*
 * Descriptors per channel ring: 1024, 64 KiB of coherent memory and 1024
 * struct netdma_slot (vmalloc'ed when no contiguous pages are free). One
 * slot always stays free, so that the completion word pointing at the slot
 * before the oldest outstanding one unambiguously means "nothing new": a
 * channel holds up to 1023 descriptors.
 */
#define NETDMA_RING_ORDER	10
#define NETDMA_RING_SIZE	BIT(NETDMA_RING_ORDER)
#define NETDMA_RING_MASK	(NETDMA_RING_SIZE - 1)

/*
 * Cookies whose failure tx_status remembers: the newest NETDMA_RING_SIZE
 * (a bit per cookie, indexed by the cookie's low bits), more than the ring
 * can hold transactions.
 */
#define NETDMA_FAILED_WINDOW	NETDMA_RING_SIZE

/* How long stop and power down wait for the engines before stopping them. */
#define NETDMA_QUIESCE_TIMEOUT_MS	1000

/**
 * enum netdma_slot_state - who owns a prepared transaction
 * @NETDMA_SLOT_FREE: not prepared in this lap of the ring: a slot the
 *	completion work gave back after its callback, or (as TERMINATED and
 *	DEAD left from the last lap) one that prep has reserved and not yet
 *	published. Never handed over.
 * @NETDMA_SLOT_PREPARED: prep reserved it; the client owns the descriptor
 *	and may still fill it in.
 * @NETDMA_SLOT_SUBMITTED: tx_submit took it; the shim owns it and ends it
 *	exactly once, with its callback.
 * @NETDMA_SLOT_TERMINATED: terminate took it before any submit; the
 *	client keeps the descriptor, its submit fails with -ECANCELED and no
 *	callback runs.
 * @NETDMA_SLOT_DEAD: teardown took it before any submit; as above, with
 *	-ENODEV.
 *
 * A prepared slot leaves PREPARED once, by cmpxchg: tx_submit (lockless)
 * and terminate or teardown (channel lock held) race for it, and whoever
 * wins decides who hears about the transaction.
 *
 * A slot that a prep has reserved without the lock and not yet published
 * still holds what its last lap left (FREE, TERMINATED or DEAD). A revoker
 * does not wait for it: it sets TERMINATED or DEAD with
 * NETDMA_SLOT_UNPUBLISHED, and the prep, whose publication then fails,
 * clears the flag when it is done writing (ring.c).
 */
enum netdma_slot_state {
	NETDMA_SLOT_FREE,
	NETDMA_SLOT_PREPARED,
	NETDMA_SLOT_SUBMITTED,
	NETDMA_SLOT_TERMINATED,
	NETDMA_SLOT_DEAD,
};

/*
 * With TERMINATED or DEAD: revoked while its prep was still writing it.
 * Such a slot is one descriptor long (only single-descriptor preps reserve
 * without the lock), has no cookie yet, and is not given back until its
 * prep clears the flag.
 */
#define NETDMA_SLOT_UNPUBLISHED	0x10u

/**
 * struct netdma_slot - software state of one ring slot
 * @txd: the dmaengine descriptor; valid in the first slot of a transaction.
 * @cookie: cookie reserved at prep, published by tx_submit.
 * @nr: descriptors of the transaction starting here, 0 in the others.
 * @state: an enum netdma_slot_state, with NETDMA_SLOT_UNPUBLISHED;
 *	published PREPARED by prep once the slot and its descriptors are
 *	written (by cmpxchg without the lock, with release under it), then
 *	changed only by cmpxchg (see there), and set FREE again when its
 *	slots are given back after a submitted transaction ended.
 * @result: outcome reported to callback_result.
 * @residue: bytes not transferred, for callback_result (saturated: the
 *	dmaengine result has 32 bits, a transaction up to
 *	(NETDMA_RING_SIZE - 1) * (4 GiB - 1)).
 */
struct netdma_slot {
	struct dma_async_tx_descriptor txd;
	dma_cookie_t cookie;
	u32 nr;
	unsigned int state;
	enum dmaengine_tx_result result;
	u32 residue;
};

/**
 * struct netdma_channel - one dmaengine channel on one hardware channel
 * @chan: the dmaengine channel.
 * @lock: protects everything below it but @bell_lock and the fields it
 *	protects, @reserve (prep's own protocol, ring.c); never held
 *	across a client callback.
 * @bell_lock: serialises the provider's calls for this channel. Taken only
 *	inside @lock. issue_pending rings an append's doorbell holding it and
 *	not @lock, so that the completion work, tx_status and prep never wait
 *	for the provider's MMIO write; everything else that calls the provider,
 *	or moves @issued or @need_start, first syncs with it under @lock
 *	(netdma_bell_sync_locked()).
 * @bell_again: an issuer found @bell_lock taken by a ringer and left it
 *	this note instead of waiting: the ringer claims and rings again.
 *	Written under @lock (set by the issuer, cleared by each claim); read
 *	by the ringer without it (netdma_ring_bell()).
 * @bell_failed: an append rung outside @lock failed (@bell_lock).
 * @bell_failed_at: the first descriptor it handed over (@bell_lock).
 * @index: hardware channel index.
 * @irq_cpu: CPU of the channel's interrupt, from the affinity table.
 * @cpu: CPU the completion work runs on; written under @lock (and, once
 *	allocated, netdma_hp_lock), read by the kick without a lock.
 * @home_cpu: the completion CPU agreed at allocation; the work returns
 *	there when the CPU comes back (netdma_hp_lock).
 * @mask: the CPUs the client asked for, copied at allocation
 *	(netdma_hp_lock); allocated with the dmadev.
 * @hp_node: on the hotplug list while allocated (netdma_hp_lock).
 * @irq_per_chan: the provider moves a channel's own interrupt
 *	(NETDMA_PROVIDER_PER_CHANNEL_IRQ); set once.
 * @prov_ctx: provider context for set_channel_cpu_affinity; set once,
 *	valid while the channel is allocated.
 * @life_lock: serialises allocation, teardown (client release and
 *	provider stop) and power events of this channel; taken after
 *	dma_list_mutex and after the provider's lock, never before either.
 * @client_dev: the dmaengine core's struct device of this channel
 *	(chan->dev->device), referenced from the first client's allocation
 *	to its release (device_alloc/free_chan_resources, @life_lock): a
 *	provider stop unregisters it, and a client that still holds the
 *	channel may read it (dmaengine_get_dma_device()) until it releases.
 * @unlisted: the provider's stop is unregistering this channel from the
 *	core; allocations fail from then on (@life_lock).
 * @req_mask: affinity requested by netdma_request_channel(), valid only
 *	during the allocation that its filter leads to (dma_list_mutex).
 * @ops: provider callbacks (copied so a stopped provider can go away).
 * @chan_ctx: provider's channel context, from alloc_channel.
 * @ring: descriptor ring, NETDMA_RING_SIZE entries.
 * @ring_dma: bus address of @ring.
 * @completion: completion writeback word (a coherent allocation of its own).
 * @completion_dma: its bus address.
 * @slots: software state of each ring slot.
 * @reserve: what prep reserves, changed only by compare-and-swap: bits
 *	0-31 the next slot (head, free running), 32-62 the newest cookie
 *	handed out (tx_status's "used"; chan.cookie is not kept), bit 63
 *	NETDMA_RESERVE_FROZEN. See ring.c.
 * @issued: first slot not yet handed to the provider.
 * @done: first slot not yet completed by the hardware.
 * @tail: first slot whose callback has not run yet. Always written with
 *	release (the slots behind it are FREE). While [tail, done) is not
 *	empty only the completion work moves it, without @lock, after the
 *	callbacks; at done, only the reap does, under @lock. Prep reads it
 *	without the lock; a stale read under @lock only kicks the work again.
 * @allocated: channel resources are allocated.
 * @dead: the provider stopped; prep fails, nothing calls the provider.
 * @need_start: next hand-over must be start (after alloc, abort, reset).
 * @paused: suspended by device_pause.
 * @powered_down: provider in low power; hand-overs wait for power up.
 * @hw_error: the writeback word pointed outside the outstanding window.
 * @lost: the provider could not stop the engine (abort or reset failed):
 *	it may still read the ring and write the buffers of [done, issued).
 *	The channel is dead; those transactions never complete, and teardown
 *	keeps the ring until the provider's device is unbound.
 * @err_pending: netdma_channel_error() was called; handled by the work.
 * @err_desc: its failed descriptor.
 * @err_result: its result.
 * @failed: bit (cookie % NETDMA_FAILED_WINDOW) says whether the newest
 *	submitted cookie of that residue to have completed failed (or was
 *	aborted). Written only under @lock, as transactions complete.
 * @newest_failure: the newest cookie recorded failed since the last wrap
 *	or ring init, 0 for none; written under @lock before completed_cookie
 *	is published (release). tx_status answers a complete cookie newer
 *	than it without the lock; any other goes through the bitmap, locked.
 * @failed_forgotten: a cookie at least as new as every failed cookie whose
 *	bit a newer completion took over (0: none since the last wrap or ring
 *	init); tx_status reports cookies up to it, outside the window, as
 *	DMA_ERROR. Under @lock.
 * @bh: completion work (the NetDMA DPC).
 * @max_xfer: bytes per descriptor.
 * @max_address: highest bus address the engine reaches.
 */
struct netdma_channel {
	struct dma_chan chan;

	/*
	 * What prep, submit, issue_pending and reaping touch, together after
	 * the dmaengine channel (whose cookie fields open it), so that a copy
	 * touches as few cache lines of the channel as it can.
	 */
	spinlock_t lock ____cacheline_aligned;	/* ring indices, flags */
	spinlock_t bell_lock;			/* provider calls */
	bool bell_again;
	bool bell_failed;
	u32 bell_failed_at;
	atomic64_t reserve;
	u32 issued;
	u32 done;
	u32 tail;
	bool allocated;
	bool dead;
	bool need_start;
	bool paused;
	bool powered_down;
	bool hw_error;
	bool lost;
	unsigned long err_pending;
	u32 max_xfer;
	u64 max_address;
	struct netdma_desc *ring;
	dma_addr_t ring_dma;
	struct netdma_slot *slots;
	__le64 *completion;
	const struct netdma_provider_ops *ops;
	void *chan_ctx;
	unsigned int cpu;

	/* Set up once, or used only on errors and by the completion work. */
	unsigned int index ____cacheline_aligned;
	struct mutex life_lock;	/* alloc, teardown, power events */
	struct device *client_dev;
	bool unlisted;
	unsigned int irq_cpu;
	unsigned int home_cpu;
	cpumask_var_t mask;
	struct list_head hp_node;
	bool irq_per_chan;
	void *prov_ctx;
	const struct cpumask *req_mask;
	dma_addr_t completion_dma;
	dma_addr_t err_desc;
	enum dmaengine_tx_result err_result;
	DECLARE_BITMAP(failed, NETDMA_FAILED_WINDOW);
	dma_cookie_t newest_failure;
	dma_cookie_t failed_forgotten;
	struct netdma_bh bh;
};

/**
 * struct netdma_dmadev - the dma_device of one provider start
 * @dma: the dmaengine device.
 * @prov: the provider, NULL once stopped (the dmadev may outlive it).
 * @ref: one reference for the dmaengine core (dropped by device_release),
 *	one taken by stop while it tears the channels down.
 * @free_work: frees the dmadev once the dmaengine core is done with it.
 * @nr_chans: channels in @chans.
 * @chans: the channels.
 *
 * Allocated by netdma_provider_start(), freed by device_release once the
 * last client reference is gone.
 */
struct netdma_dmadev {
	struct dma_device dma;
	struct netdma_provider *prov;
	struct kref ref;
	struct work_struct free_work;
	unsigned int nr_chans;
	struct netdma_channel chans[] __counted_by(nr_chans);
};

/**
 * struct netdma_provider - a registered provider
 * @chars: characteristics copied at registration.
 * @ctx: provider context for provider-level callbacks.
 * @lock: serialises start, stop and power events.
 * @affinity: channel -> interrupt CPU table, max_channels entries.
 * @attr: attributes of the current start.
 * @dmadev: the dma_device while started.
 * @name: friendly name for logs.
 * @powered_down: between PnP power down and power up.
 */
struct netdma_provider {
	struct netdma_provider_characteristics chars;
	void *ctx;
	struct mutex lock;	/* start, stop, power events */
	struct netdma_channel_cpu_affinity *affinity;
	struct netdma_provider_attributes attr;
	struct netdma_dmadev *dmadev;
	const char *name;
	bool powered_down;
};

/*
 * The channel lock on the client's hot path (issue_pending, tx_status;
 * prep only when it cannot reserve without it) and in the completion work,
 * with interrupts masked.
 *
 * A variant that masked only bottom halves (cheaper on UML SMP, where an
 * interrupt-flag round trip is two host system calls) was tried; with it
 * one make demo boot in three hung on UML 7.3 with a vCPU spinning in
 * interrupt context, and none in about eleven without it. Until that is
 * explained the lock masks interrupts; the token is the saved flags.
 */
static __always_inline unsigned long netdma_hot_lock(spinlock_t *lock)
{
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	return flags;
}

static __always_inline void netdma_hot_unlock(spinlock_t *lock,
					      unsigned long flags)
{
	spin_unlock_irqrestore(lock, flags);
}

/*
 * @reserve's frozen bit: no prep reserves without the channel lock. Set
 * while the channel is not allocated or dead, and, for the length of one
 * holding of the lock, by whoever needs head and the slots before it to
 * stand still (netdma_freeze_locked()).
 */
#define NETDMA_RESERVE_FROZEN	BIT_ULL(63)

static inline u32 netdma_rsv_head(s64 rsv)
{
	return (u32)rsv;
}

static inline dma_cookie_t netdma_rsv_cookie(s64 rsv)
{
	return (dma_cookie_t)((rsv >> 32) & S32_MAX);
}

static inline s64 netdma_rsv(u32 head, dma_cookie_t cookie)
{
	return (s64)((u64)head | (u64)(u32)cookie << 32);
}

/*
 * The next slot prep reserves. Moves under a reader that does not hold the
 * channel lock with the word frozen; with acquire: a slot below it was
 * given back (set FREE) before it was reserved.
 */
static inline u32 netdma_head(struct netdma_channel *nc)
{
	return netdma_rsv_head(atomic64_read_acquire(&nc->reserve));
}

/* The newest cookie handed out, or being handed out by a prep. */
static inline dma_cookie_t netdma_used(struct netdma_channel *nc)
{
	return netdma_rsv_cookie(atomic64_read(&nc->reserve));
}

static inline struct netdma_channel *to_netdma_chan(struct dma_chan *chan)
{
	return container_of(chan, struct netdma_channel, chan);
}

static inline struct device *netdma_chan_dev(struct netdma_channel *nc)
{
	return nc->chan.device->dev;
}

/* provider.c */
extern struct workqueue_struct *netdma_wq;

/* affinity.c */
int netdma_affinity_init(struct netdma_provider *prov);
unsigned int netdma_completion_cpu(struct netdma_channel *nc,
				   const struct cpumask *mask);
void netdma_hp_add(struct netdma_channel *nc, const struct cpumask *mask,
		   unsigned int cpu, void *chan_ctx);
void netdma_hp_del(struct netdma_channel *nc);
int netdma_hotplug_init(void);
void netdma_hotplug_exit(void);

/* chan.c */
int netdma_dmadev_register(struct netdma_provider *prov);
void netdma_dmadev_unregister(struct netdma_provider *prov);
void netdma_chan_hold(struct netdma_channel *nc);
void netdma_chan_quiesce(struct netdma_channel *nc, bool suspend_ok,
			 unsigned long deadline);
void netdma_chan_power_up(struct netdma_channel *nc);

/* ring.c */
void netdma_ring_init(struct netdma_channel *nc);
u32 netdma_freeze_locked(struct netdma_channel *nc);
void netdma_thaw_locked(struct netdma_channel *nc);
struct dma_async_tx_descriptor *
netdma_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		   size_t len, unsigned long flags);
struct dma_async_tx_descriptor *
netdma_prep_interrupt(struct dma_chan *chan, unsigned long flags);
void netdma_issue_pending(struct dma_chan *chan);
void netdma_bell_sync_locked(struct netdma_channel *nc);
void netdma_hand_over_locked(struct netdma_channel *nc);

/* complete.c */
void netdma_complete_work(struct netdma_bh *bh);
bool netdma_reap_locked(struct netdma_channel *nc);
bool netdma_work_pending_locked(struct netdma_channel *nc);
void netdma_fail_issued_locked(struct netdma_channel *nc,
			       enum dmaengine_tx_result result);
void netdma_fail_outstanding_locked(struct netdma_channel *nc,
				    enum dmaengine_tx_result result);
void netdma_revoke_unsubmitted_locked(struct netdma_channel *nc,
				      unsigned int revoked);
unsigned int netdma_kick_completion(struct netdma_channel *nc);
bool netdma_engine_lost_locked(struct netdma_channel *nc, int ret);
enum dma_status netdma_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
				 struct dma_tx_state *state);
int netdma_terminate_all(struct dma_chan *chan);
void netdma_synchronize(struct dma_chan *chan);
int netdma_pause(struct dma_chan *chan);
int netdma_resume(struct dma_chan *chan);

/* copy.c, for KUnit only (the type always, so that copy.c compiles alike) */
/**
 * struct netdma_copy_hooks - DMA API stand-ins for the copy helpers' tests
 * @dev: the only device they apply to.
 * @map: replaces dma_map_page(), NULL: the real one.
 * @unmap: replaces dma_unmap_page(), NULL: the real one.
 * @max_mapping: replaces dma_max_mapping_size() when nonzero.
 */
struct netdma_copy_hooks {
	struct device *dev;
	dma_addr_t (*map)(struct device *dev, struct page *page, size_t offset,
			  size_t len, enum dma_data_direction dir);
	void (*unmap)(struct device *dev, dma_addr_t addr, size_t len,
		      enum dma_data_direction dir);
	size_t max_mapping;
};

/*
 * Points where a KUnit case may run code of its own to force an
 * interleaving. The hooks exist only in KUnit builds; elsewhere every call
 * compiles out.
 */
typedef void (*netdma_test_hook_t)(struct netdma_channel *nc);
extern netdma_test_hook_t netdma_prep_window_hook;
extern netdma_test_hook_t netdma_reap_hook;
extern netdma_test_hook_t netdma_work_hook;
extern netdma_test_hook_t netdma_ipi_hook;

static __always_inline void netdma_test_hook(netdma_test_hook_t *hook,
					     struct netdma_channel *nc)
{
	netdma_test_hook_t fn;

	if (!IS_ENABLED(CONFIG_KUNIT))
		return;
	fn = READ_ONCE(*hook);
	if (fn)
		fn(nc);
}

#if IS_ENABLED(CONFIG_KUNIT)
extern const struct netdma_copy_hooks *netdma_copy_hooks;
extern unsigned int netdma_copybreak;
extern unsigned int netdma_copy_timeout_ms;
int netdma_cpu_down(unsigned int cpu);
int netdma_cpu_up(unsigned int cpu);
#endif

#endif /* _NETDMA_PRIV_H */
