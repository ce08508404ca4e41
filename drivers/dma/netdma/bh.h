/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The completion work's bottom half: a tasklet on the channel's completion
 * CPU, scheduled there by an asynchronous IPI when the kick comes from
 * another CPU.
 *
 * A tasklet, not a BH work item (queue_work_on() on system_bh_highpri_wq,
 * which 6.9+ has and netdma used there before): QEMU's insn_profile
 * plugin (make bench-guest PROFILE=1) counted what one copy with an
 * interrupt costs the guest on the stock 6.12 kernel, submitter on the
 * completion CPU: 2,607 instructions with the BH work item, 1,701 with
 * the tasklet, 2,044 for ioatdma (which schedules a tasklet too). Queueing
 * and running a work item (the pool's lock, the pwq's accounting, the
 * worker's description copied by strscpy(), list debugging) is ~900
 * instructions a copy; a tasklet is ~100. Most dmaengine drivers, and
 * virt-dma, still complete in a tasklet on 7.3, and client.rst promises
 * callbacks from one. A tasklet never runs on two CPUs at once (its RUN
 * bit), which the completion work relies on as it did on a work item's
 * non-reentrancy.
 */
#ifndef _NETDMA_BH_H
#define _NETDMA_BH_H

#include <linux/bitops.h>
#include <linux/bottom_half.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/smp.h>

struct netdma_bh;
typedef void (*netdma_bh_fn)(struct netdma_bh *bh);

#define NETDMA_BH_IPI	0	/* in netdma_bh.ipi: an IPI is on its way */

/*
 * An IPI that schedules the tasklet on the target CPU is on its way from
 * the kick that set NETDMA_BH_IPI in @ipi until that IPI has scheduled the
 * tasklet and cleared it. smp_call_function_single_async() wants its
 * callers serialized: two kicks that both find the csd unlocked queue it
 * twice, and the target CPU's IPI list then loops on it for ever (one
 * 6.12 guest of make e2e-intel, session 14). The bit is that
 * serialization. A kick that finds it set sends nothing: the IPI on its
 * way schedules the tasklet after the kick's own state is written. Flush
 * waits for it to clear instead of relying on the order of the per-CPU
 * IPI queue (6.1's __flush_smp_call_function_queue() runs synchronous
 * calls before asynchronous ones, so a flushing no-op IPI would overtake
 * a queued kick).
 */
struct netdma_bh {
	struct tasklet_struct tasklet;
	call_single_data_t csd;
	unsigned long ipi;
	netdma_bh_fn fn;
};

static inline void netdma_bh_run(struct tasklet_struct *t)
{
	struct netdma_bh *bh = from_tasklet(bh, t, tasklet);

	bh->fn(bh);
}

/* The IPI: the csd is already unlocked (async), so a new kick may send. */
static inline void netdma_bh_schedule_here(void *data)
{
	struct netdma_bh *bh = data;

	tasklet_hi_schedule(&bh->tasklet);
	/* Flush and kicks see the tasklet scheduled once the bit is clear. */
	smp_mb__before_atomic();
	clear_bit(NETDMA_BH_IPI, &bh->ipi);
}

static inline void netdma_bh_init(struct netdma_bh *bh, netdma_bh_fn fn)
{
	bh->fn = fn;
	bh->ipi = 0;
	tasklet_setup(&bh->tasklet, netdma_bh_run);
	INIT_CSD(&bh->csd, netdma_bh_schedule_here, bh);
}

/*
 * From task context with interrupts on, turn bottom halves off: a
 * completion tasklet scheduled on this CPU meanwhile (by a kick here, or by
 * an interrupt taken here) then runs at netdma_bh_release(), on this
 * thread and at once, instead of from ksoftirqd after a context switch,
 * or after the next tick (ring.c, netdma_issue_pending()). Elsewhere (an
 * interrupt, interrupts off) nothing changes.
 *
 * Return: whether bottom halves were turned off, for netdma_bh_release().
 */
static inline bool netdma_bh_hold(void)
{
	if (!in_task() || irqs_disabled())
		return false;
	local_bh_disable();
	return true;
}

static inline void netdma_bh_release(bool held)
{
	if (held)
		local_bh_enable();
}

/*
 * Run the work here, now, as the tasklet: bottom halves held off in task
 * context (netdma_bh_hold()), on the CPU the tasklet is scheduled on. The
 * tasklet's RUN bit keeps it from running anywhere else meanwhile, as it
 * does for the tasklet itself (on a uniprocessor kernel holding bottom
 * halves off is enough, and tasklet_trylock() sets nothing). A tasklet
 * scheduled meanwhile still runs later and finds nothing left to do.
 *
 * Return: false when the tasklet is running elsewhere: schedule it.
 */
static inline bool netdma_bh_run_here(struct netdma_bh *bh)
{
	if (!tasklet_trylock(&bh->tasklet))
		return false;
	bh->fn(bh);
	tasklet_unlock(&bh->tasklet);
	return true;
}

/*
 * Process context: wait until every kick queued before has run the work.
 * First every IPI in flight has scheduled the tasklet, then the tasklet is
 * neither scheduled nor running. tasklet_kill() is not used: it holds the
 * SCHED bit while it waits, so a kick racing with it would be dropped.
 */
static inline void netdma_bh_flush(struct netdma_bh *bh)
{
	struct tasklet_struct *t = &bh->tasklet;

	while (test_bit(NETDMA_BH_IPI, &bh->ipi))
		usleep_range(10, 50);
	smp_mb();	/* pairs with netdma_bh_schedule_here() */
	for (;;) {
		bool sched = test_bit(TASKLET_STATE_SCHED, &t->state);

		/* A running tasklet sets RUN before it clears SCHED. */
		smp_rmb();
		if (!sched && !test_bit(TASKLET_STATE_RUN, &t->state))
			break;
		usleep_range(10, 50);
	}
}

#endif /* _NETDMA_BH_H */
