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

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/smp.h>

struct netdma_bh;
typedef void (*netdma_bh_fn)(struct netdma_bh *bh);

/*
 * @ipis counts kicks sent to another CPU whose tasklet_hi_schedule() has
 * not run yet: incremented before the IPI is sent, decremented by the IPI
 * after it scheduled the tasklet. Flush cannot rely on the order of the
 * per-CPU IPI queue (6.1's __flush_smp_call_function_queue() runs
 * synchronous calls before asynchronous ones, so a flushing no-op IPI
 * overtakes a queued kick), so it waits for this count instead.
 */
struct netdma_bh {
	struct tasklet_struct tasklet;
	call_single_data_t csd;
	atomic_t ipis;
	netdma_bh_fn fn;
};

static inline void netdma_bh_run(struct tasklet_struct *t)
{
	struct netdma_bh *bh = from_tasklet(bh, t, tasklet);

	bh->fn(bh);
}

static inline void netdma_bh_schedule_here(void *data)
{
	struct netdma_bh *bh = data;

	tasklet_hi_schedule(&bh->tasklet);
	/* Flush sees the tasklet scheduled once it sees the count drop. */
	smp_mb__before_atomic();
	atomic_dec(&bh->ipis);
}

static inline void netdma_bh_init(struct netdma_bh *bh, netdma_bh_fn fn)
{
	bh->fn = fn;
	atomic_set(&bh->ipis, 0);
	tasklet_setup(&bh->tasklet, netdma_bh_run);
	INIT_CSD(&bh->csd, netdma_bh_schedule_here, bh);
}

/* Any context; @cpu must be online (the caller keeps preemption off). */
static inline void netdma_bh_queue_on(struct netdma_bh *bh, unsigned int cpu)
{
	int ret;

	if (cpu == get_cpu()) {
		tasklet_hi_schedule(&bh->tasklet);
		put_cpu();
		return;
	}
	atomic_inc(&bh->ipis);
	ret = smp_call_function_single_async(cpu, &bh->csd);
	if (ret) {
		/* -EBUSY: an IPI on its way will schedule it. */
		atomic_dec(&bh->ipis);
		/* -ENXIO: @cpu went offline; never lose a completion. */
		if (ret != -EBUSY)
			tasklet_hi_schedule(&bh->tasklet);
	}
	put_cpu();
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

	while (atomic_read(&bh->ipis))
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
