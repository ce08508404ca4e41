/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the 6.1, 6.12 and 7.3 kernel APIs differ for netdma.
 *
 * Completion work (the NetDMA DPC) must run in bottom-half context on a
 * chosen CPU. 6.9+ has BH workqueues, so queue_work_on() does exactly that.
 * 6.1 has none: a tasklet runs where it is scheduled, so an asynchronous
 * IPI schedules it on the target CPU.
 */
#ifndef _NETDMA_COMPAT_H
#define _NETDMA_COMPAT_H

#include <linux/interrupt.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

/*
 * nth_page() is gone by 7.3: the pages of a range handed around as
 * one, such as a scatterlist entry, are now contiguous in the memmap, and
 * plain pointer arithmetic is right. Older kernels keep their nth_page(),
 * which differs where the memmap is not virtually contiguous.
 */
#ifndef nth_page
#define nth_page(page, n)	((page) + (n))
#endif

/*
 * kvcalloc_node() is a macro where it exists (6.12, 7.3); 6.1 has only
 * kvzalloc_node() and kvcalloc().
 */
#ifndef kvcalloc_node
static inline void *kvcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvzalloc_node(bytes, flags, node);
}
#endif

struct netdma_bh;
typedef void (*netdma_bh_fn)(struct netdma_bh *bh);

/* WORK_OFFQ_BH came with BH workqueues (6.9): test the feature itself. */
#ifdef WORK_OFFQ_BH

struct netdma_bh {
	struct work_struct work;
	netdma_bh_fn fn;
};

static inline void netdma_bh_run(struct work_struct *work)
{
	struct netdma_bh *bh = container_of(work, struct netdma_bh, work);

	bh->fn(bh);
}

static inline void netdma_bh_init(struct netdma_bh *bh, netdma_bh_fn fn)
{
	bh->fn = fn;
	INIT_WORK(&bh->work, netdma_bh_run);
}

/* Any context; @cpu must be online. */
static inline void netdma_bh_queue_on(struct netdma_bh *bh, unsigned int cpu)
{
	queue_work_on(cpu, system_bh_highpri_wq, &bh->work);
}

/* Process context: wait until queued and running work has finished. */
static inline void netdma_bh_flush(struct netdma_bh *bh)
{
	flush_work(&bh->work);
}

#else /* no BH workqueues */

#include <linux/atomic.h>
#include <linux/delay.h>

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

#endif

#endif /* _NETDMA_COMPAT_H */
