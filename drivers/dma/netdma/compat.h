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

struct netdma_bh {
	struct tasklet_struct tasklet;
	call_single_data_t csd;
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
}

static inline void netdma_bh_init(struct netdma_bh *bh, netdma_bh_fn fn)
{
	bh->fn = fn;
	tasklet_setup(&bh->tasklet, netdma_bh_run);
	INIT_CSD(&bh->csd, netdma_bh_schedule_here, bh);
}

static inline void netdma_bh_queue_on(struct netdma_bh *bh, unsigned int cpu)
{
	if (cpu == get_cpu())
		tasklet_hi_schedule(&bh->tasklet);
	else	/* -EBUSY: an IPI already on its way will schedule it */
		smp_call_function_single_async(cpu, &bh->csd);
	put_cpu();
}

static inline void netdma_bh_nop(void *data)
{
}

static inline void netdma_bh_flush(struct netdma_bh *bh)
{
	unsigned int cpu;

	/* Per-CPU IPI queues run in order: this drains any pending csd. */
	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, netdma_bh_nop, NULL, 1);
	tasklet_kill(&bh->tasklet);
}

#endif

#endif /* _NETDMA_COMPAT_H */
