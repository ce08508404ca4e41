// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the netdma shim on several CPUs at once (UML 7.3, ncpus=4),
 * against the fake provider. Cases that could not exist on a uniprocessor
 * kernel: four submitters on one channel, slots given back by pollers
 * and by the completion work at once, completions on the CPU each client
 * asked for, the fallback to another channel retargeted at a busy CPU,
 * dmaengine_terminate_sync() racing completions on another CPU, and
 * terminate while a prep on another CPU is inside its window.
 *
 * Each case runs its submitters in kernel threads bound to chosen CPUs and
 * released together by one completion, so that they really overlap.
 * Threads never call KUNIT_ASSERT (it would end the thread, not the case):
 * they count what went wrong and the case asserts on the counts.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/netdma.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "../drivers/dma/netdma/netdma_priv.h"	/* the prep window hook */
#include "netdma_fake_provider.h"

#define SMP_CPUS	4	/* the rig boots UML with ncpus=4 */
#define SMP_COPIES	512	/* per submitter */
#define SMP_STRIDE	512	/* bytes of buffer per copy */
#define SMP_MAX_LEN	(SMP_STRIDE - 8)

/* The case needs SMP_CPUS online CPUs: on fewer it fails, it never skips. */
static void netdma_smp_need_cpus(struct kunit *test)
{
	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), SMP_CPUS,
			    "boot UML with ncpus=%d (scripts/kunit.sh does)", SMP_CPUS);
}

/* The n-th online CPU (n < num_online_cpus()). */
static unsigned int netdma_smp_cpu(unsigned int n)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (!n--)
			return cpu;
	return cpumask_first(cpu_online_mask);
}

/*
 * A thread of a case, stopped when the case ends however it ends: a failed
 * KUNIT_ASSERT returns from the case while its threads still run, and
 * what they use (the case's heap, the fake provider) is freed by the
 * cleanup after this one. @release lets a thread waiting on the case
 * finish (it ends its wait or loop); the thread then returns on its own.
 */
struct netdma_smp_reaper {
	struct task_struct *task;
	void (*release)(void *data);
	void *data;
};

static void netdma_smp_reap(void *arg)
{
	struct netdma_smp_reaper *r = arg;

	if (r->release)
		r->release(r->data);
	/* Waits for the thread's function to return (or never runs it). */
	kthread_stop(r->task);
	put_task_struct(r->task);
}

/*
 * Start @fn(@data) in a kernel thread bound to @cpu; it runs at once and is
 * reaped at the end of the case (see struct netdma_smp_reaper), before
 * everything allocated or registered before this call is undone.
 */
static struct task_struct *netdma_smp_thread(struct kunit *test,
					     int (*fn)(void *), void *data,
					     unsigned int cpu, const char *name,
					     void (*release)(void *data))
{
	struct netdma_smp_reaper *r;
	struct task_struct *task;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	task = kthread_create(fn, data, "%s/%u", name, cpu);
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	kthread_bind(task, cpu);
	r->task = get_task_struct(task);
	r->release = release;
	r->data = data;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_reap, r));
	wake_up_process(task);
	return task;
}

/* Callbacks of a case's channel end before the case's buffers are freed. */
static void netdma_smp_quiesce(void *chan)
{
	dmaengine_terminate_sync(chan);
}

/* --- four CPUs submitting on one channel --------------------------------- */

struct netdma_smp_copy {
	dma_cookie_t cookie;
	u32 len;
	u8 off;			/* start within the copy's stride */
	u8 calls;		/* written by the channel's completion work */
	u8 result;
	bool quiet;		/* no callback: polled with tx_status */
};

struct netdma_smp_submitter {
	struct dma_chan *chan;
	struct completion *go;
	struct completion finished;
	u8 *src, *dst;
	dma_addr_t src_dma, dst_dma;
	struct netdma_smp_copy *copies;	/* SMP_COPIES of this thread's */
	unsigned int seed;
	unsigned int cpu;		/* where the thread ran */
	unsigned int submit_errors;
	unsigned int ring_full;
	unsigned int poll_errors;	/* quiet copies tx_status never completed */
	bool mixed;			/* every other copy quiet */
};

static void netdma_smp_copy_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_copy *c = param;

	/* The channel's completion work runs one callback at a time. */
	WRITE_ONCE(c->result, res->result);
	WRITE_ONCE(c->calls, c->calls + 1);
}

/* Poll a quiet copy as dma_sync_wait() does, for at most 5 s. */
static bool netdma_smp_poll(struct dma_chan *chan, dma_cookie_t cookie)
{
	unsigned long timeout = jiffies + 5 * HZ;
	enum dma_status st;

	while ((st = dmaengine_tx_status(chan, cookie, NULL)) == DMA_IN_PROGRESS) {
		if (time_after(jiffies, timeout))
			return false;
		cpu_relax();
	}
	return st == DMA_COMPLETE;
}

/*
 * A submitter: SMP_COPIES copies of random length and alignment, issued
 * every 8. With @s->mixed every other copy is quiet (no callback, no
 * interrupt), issued at once and polled here, so that this thread's
 * tx_status reaps and gives quiet slots back (tail moves under the lock)
 * while the channel's completion work, on its own CPU, runs the other
 * copies' callbacks and moves tail without the lock.
 */
static int netdma_smp_submit_fn(void *data)
{
	struct netdma_smp_submitter *s = data;
	struct rnd_state rnd;
	unsigned int i, tries;

	prandom_seed_state(&rnd, s->seed);
	wait_for_completion(s->go);
	s->cpu = raw_smp_processor_id();
	for (i = 0; i < SMP_COPIES; i++) {
		struct netdma_smp_copy *c = &s->copies[i];
		struct dma_async_tx_descriptor *txd;
		unsigned long flags = DMA_CTRL_ACK;
		u32 off;

		c->off = prandom_u32_state(&rnd) % 8;
		c->len = 1 + prandom_u32_state(&rnd) % SMP_MAX_LEN;
		c->quiet = s->mixed && (i + s->seed) % 2;
		if (!c->quiet)
			flags |= DMA_PREP_INTERRUPT;
		off = i * SMP_STRIDE + c->off;
		for (tries = 0; ; tries++) {
			txd = dmaengine_prep_dma_memcpy(s->chan, s->dst_dma + off,
							s->src_dma + off, c->len, flags);
			if (txd || tries == 10000)
				break;
			/* Ring full: hand over what is ready, let it drain. */
			s->ring_full++;
			dma_async_issue_pending(s->chan);
			cond_resched();
		}
		if (!txd) {
			s->submit_errors++;
			break;
		}
		if (!c->quiet) {
			txd->callback_result = netdma_smp_copy_done;
			txd->callback_param = c;
		}
		c->cookie = dmaengine_submit(txd);
		if (dma_submit_error(c->cookie)) {
			s->submit_errors++;
			break;
		}
		if (c->quiet) {
			dma_async_issue_pending(s->chan);
			if (!netdma_smp_poll(s->chan, c->cookie))
				s->poll_errors++;
		} else if (i % 8 == 7) {
			dma_async_issue_pending(s->chan);
		}
	}
	dma_async_issue_pending(s->chan);
	complete(&s->finished);
	return 0;
}

/* Reaper release of a submitter: the start signal, if the case never gave it. */
static void netdma_smp_release_go(void *data)
{
	struct netdma_smp_submitter *s = data;

	complete_all(s->go);
}

static int netdma_smp_cmp_cookie(const void *a, const void *b)
{
	return *(const dma_cookie_t *)a - *(const dma_cookie_t *)b;
}

/*
 * One channel, SMP_CPUS submitters (netdma_smp_submit_fn(), @mixed or
 * not), one per CPU, released together; returns once every one has issued
 * its last copy and every callback has run. *@chanp: the channel.
 */
static struct netdma_smp_submitter *
netdma_smp_run_submitters(struct kunit *test, bool mixed, unsigned int seed,
			  const char *name, struct dma_chan **chanp)
{
	size_t region = SMP_COPIES * SMP_STRIDE;
	struct netdma_smp_submitter *sub;
	struct netdma_fake *fake;
	struct completion *go;
	dma_addr_t src_dma, dst_dma;
	struct dma_chan *chan;
	unsigned int t, i;
	u8 *src, *dst;

	netdma_smp_need_cpus(test);
	fake = netdma_fake_create(test, 1);
	chan = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	src = netdma_fake_buf(fake, region * SMP_CPUS, &src_dma);
	dst = netdma_fake_buf(fake, region * SMP_CPUS, &dst_dma);
	for (i = 0; i < region * SMP_CPUS; i++)
		src[i] = (u8)(i * 13 + (i >> 10) + 1);
	/* Shared with the threads: on the heap, freed after they are reaped. */
	sub = kunit_kcalloc(test, SMP_CPUS, sizeof(*sub), GFP_KERNEL);
	go = kunit_kzalloc(test, sizeof(*go), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sub);
	KUNIT_ASSERT_NOT_NULL(test, go);
	init_completion(go);

	for (t = 0; t < SMP_CPUS; t++) {
		struct netdma_smp_submitter *s = &sub[t];

		s->chan = chan;
		s->go = go;
		init_completion(&s->finished);
		s->src = src + t * region;
		s->dst = dst + t * region;
		s->src_dma = src_dma + t * region;
		s->dst_dma = dst_dma + t * region;
		s->copies = kunit_kcalloc(test, SMP_COPIES, sizeof(*s->copies), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, s->copies);
		s->seed = seed + t;
		s->mixed = mixed;
	}
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_quiesce, chan));
	for (t = 0; t < SMP_CPUS; t++)
		netdma_smp_thread(test, netdma_smp_submit_fn, &sub[t], netdma_smp_cpu(t),
				  name, netdma_smp_release_go);
	complete_all(go);
	for (t = 0; t < SMP_CPUS; t++)
		KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&sub[t].finished, 10 * HZ));
	/* The completion work finishes the last callbacks; it may lag a little. */
	for (t = 0; t < SMP_CPUS; t++) {
		unsigned long timeout = jiffies + 10 * HZ;

		for (i = 0; i < SMP_COPIES; i++)
			while (!sub[t].copies[i].quiet && !READ_ONCE(sub[t].copies[i].calls) &&
			       time_before(jiffies, timeout))
				usleep_range(1000, 2000);
	}
	dmaengine_synchronize(chan);
	*chanp = chan;
	return sub;
}

/* Copy @i of @s landed: every byte of it, none around it in its stride. */
static bool netdma_smp_copy_landed(const struct netdma_smp_submitter *s, unsigned int i)
{
	const struct netdma_smp_copy *c = &s->copies[i];
	const u8 *d = s->dst + i * SMP_STRIDE;
	const u8 *sr = s->src + i * SMP_STRIDE;
	unsigned int k;

	for (k = 0; k < SMP_STRIDE; k++) {
		bool in = k >= c->off && k < c->off + c->len;

		if (in ? d[k] != sr[k] : d[k] != 0)
			return false;
	}
	return true;
}

/*
 * Four threads, one per CPU, prep/submit/issue_pending 512 copies each of
 * random length and alignment on one channel at once. Every copy has a
 * cookie of its own, calls back exactly once with success, and every byte
 * lands where it should, no byte beyond. The guard under test is prep's
 * reservation of its slot and cookie in one compare-and-swap (ring.c);
 * without it submitters share cookies and slots.
 */
static void netdma_smp_submit_four_cpus(struct kunit *test)
{
	unsigned int t, i, bad = 0, calls_wrong = 0, cpus = 0, dup_cookies = 0;
	struct netdma_smp_submitter *sub;
	dma_cookie_t *cookies;
	struct dma_chan *chan;

	sub = netdma_smp_run_submitters(test, false, 0x5eed0000,
					"netdma-smp-sub", &chan);
	for (t = 0; t < SMP_CPUS; t++) {
		struct netdma_smp_submitter *s = &sub[t];

		KUNIT_EXPECT_EQ_MSG(test, s->submit_errors, 0, "submitter %u", t);
		if (t == 0 || s->cpu != sub[t - 1].cpu)
			cpus++;
		for (i = 0; i < SMP_COPIES; i++) {
			struct netdma_smp_copy *c = &s->copies[i];

			if (c->calls != 1 || c->result != DMA_TRANS_NOERROR)
				calls_wrong++;
			else if (!netdma_smp_copy_landed(s, i))
				bad++;
		}
	}
	cookies = kunit_kcalloc(test, SMP_CPUS * SMP_COPIES, sizeof(*cookies), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cookies);
	for (t = 0; t < SMP_CPUS; t++)
		for (i = 0; i < SMP_COPIES; i++)
			cookies[t * SMP_COPIES + i] = sub[t].copies[i].cookie;
	sort(cookies, SMP_CPUS * SMP_COPIES, sizeof(*cookies), netdma_smp_cmp_cookie, NULL);
	for (i = 1; i < SMP_CPUS * SMP_COPIES; i++)
		if (cookies[i] == cookies[i - 1])
			dup_cookies++;
	KUNIT_EXPECT_EQ_MSG(test, dup_cookies, 0, "cookies handed out twice");
	KUNIT_EXPECT_EQ_MSG(test, calls_wrong, 0,
			    "copies without exactly one successful callback");
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "copies with a wrong byte");
	KUNIT_EXPECT_EQ(test, cpus, SMP_CPUS);
	kunit_info(test, "%u copies from %u CPUs, ring-full retries %u/%u/%u/%u\n",
		   SMP_CPUS * SMP_COPIES, cpus, sub[0].ring_full, sub[1].ring_full,
		   sub[2].ring_full, sub[3].ring_full);
}

/* --- slots given back by the work and by pollers at once ------------------ */

/*
 * Four threads, one per CPU, on one channel, half of their copies quiet
 * and polled, half with callbacks, 2048 in all through a ring of 1024, so
 * that every slot is given back several times, by both the reap under the
 * lock and the completion work without it. Every callback copy calls back
 * once, no quiet one ever does, every polled one completes, every byte
 * lands, and in the end every slot is back: tail == done == head.
 */
static void netdma_smp_give_back_races_reap(struct kunit *test)
{
	unsigned int t, i, bad = 0, calls_wrong = 0, quiet = 0;
	struct netdma_smp_submitter *sub;
	struct netdma_channel *nc;
	struct dma_chan *chan;

	sub = netdma_smp_run_submitters(test, true, 0x91ce0000,
					"netdma-smp-mix", &chan);
	nc = to_netdma_chan(chan);
	for (t = 0; t < SMP_CPUS; t++) {
		struct netdma_smp_submitter *s = &sub[t];

		KUNIT_EXPECT_EQ_MSG(test, s->submit_errors, 0, "submitter %u", t);
		KUNIT_EXPECT_EQ_MSG(test, s->poll_errors, 0,
				    "submitter %u: quiet copies tx_status did not complete", t);
		for (i = 0; i < SMP_COPIES; i++) {
			struct netdma_smp_copy *c = &s->copies[i];

			quiet += c->quiet;
			if (c->calls != !c->quiet ||
			    (!c->quiet && c->result != DMA_TRANS_NOERROR))
				calls_wrong++;
			else if (!netdma_smp_copy_landed(s, i))
				bad++;
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, calls_wrong, 0,
			    "copies called back other than once (quiet: never)");
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "copies with a wrong byte");
	KUNIT_EXPECT_EQ(test, quiet, SMP_CPUS * SMP_COPIES / 2);
	/* Every slot given back: nothing left to the work or the reap. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(nc->tail), READ_ONCE(nc->done));
	KUNIT_EXPECT_EQ(test, READ_ONCE(nc->done), netdma_head(nc));
	kunit_info(test, "%u copies (%u quiet) from %u CPUs, ring-full retries %u/%u/%u/%u\n",
		   SMP_CPUS * SMP_COPIES, quiet, SMP_CPUS, sub[0].ring_full, sub[1].ring_full,
		   sub[2].ring_full, sub[3].ring_full);
}

/* --- the work moves tail while a reap on another CPU is inside its walk -- */

#define SMP_HOLD_MS	1000	/* longest any side of the case spins */

/*
 * Copy A has a callback, held in the completion work (on CPU W) until a
 * reap of quiet copy B on CPU P, inside its walk under the channel lock,
 * has read tail (A's slot, the work's) and lets it go: the work then moves
 * tail past A without the lock, while the reap still runs. The reap's
 * second hook reads tail once the reap has written everything, before it
 * drops the lock, so the work cannot mend what the reap did meanwhile.
 */
struct netdma_smp_hold {
	struct netdma_channel *nc;
	u32 a_slot;		/* tail while A's callback runs */
	u32 tail_after;		/* tail when the reap has written all */
	unsigned int a_calls;	/* A's callback, on W */
	unsigned int hook_calls;
	bool a_running;
	bool release_a;		/* set by the reap hook */
	bool tail_moved;	/* the hook saw the work move tail */
};

static struct netdma_smp_hold *netdma_smp_hold;

/* Spin until *@flag, for at most SMP_HOLD_MS. Return: *@flag. */
static bool netdma_smp_spin_until(bool *flag)
{
	u64 deadline = ktime_get_ns() + SMP_HOLD_MS * NSEC_PER_MSEC;

	while (!READ_ONCE(*flag) && ktime_get_ns() < deadline)
		cpu_relax();
	return READ_ONCE(*flag);
}

/* A's callback, in the completion work on W: held until the reap is inside. */
static void netdma_smp_hold_cb(void *param)
{
	struct netdma_smp_hold *h = param;

	WRITE_ONCE(h->a_calls, h->a_calls + 1);
	WRITE_ONCE(h->a_running, true);
	netdma_smp_spin_until(&h->release_a);
}

/*
 * B's reap on P, channel lock held: first between its read of tail and its
 * writes, then after them. The work on W cannot reap meanwhile.
 */
static void netdma_smp_reap_hook(struct netdma_channel *nc)
{
	struct netdma_smp_hold *h = READ_ONCE(netdma_smp_hold);
	u64 deadline;

	if (!h || nc != h->nc)
		return;
	if (h->hook_calls++) {
		h->tail_after = READ_ONCE(nc->tail);
		WRITE_ONCE(netdma_smp_hold, NULL);
		return;
	}
	WRITE_ONCE(h->release_a, true);
	deadline = ktime_get_ns() + SMP_HOLD_MS * NSEC_PER_MSEC;
	/* The work gives A back without the lock this reap holds. */
	while (READ_ONCE(nc->tail) == h->a_slot && ktime_get_ns() < deadline)
		cpu_relax();
	h->tail_moved = READ_ONCE(nc->tail) != h->a_slot;
}

/* Case cleanup: nothing spins any more. */
static void netdma_smp_hold_release(void *data)
{
	struct netdma_smp_hold *h = data;

	WRITE_ONCE(netdma_reap_hook, NULL);
	WRITE_ONCE(netdma_smp_hold, NULL);
	WRITE_ONCE(h->release_a, true);
}

/*
 * A reap that found the work holding slots (tail != done) must leave tail
 * to the work: if it wrote back the tail it read, tail would go back over
 * slots the work has given back and prep may have reused.
 */
static void netdma_smp_tail_moves_during_reap(struct kunit *test)
{
	struct dma_async_tx_descriptor *txd;
	dma_cookie_t cookie_a, cookie_b;
	struct netdma_smp_hold *h;
	struct netdma_fake *fake;
	dma_addr_t src_dma, dst_dma;
	unsigned int w_cpu, p_cpu;
	unsigned long timeout;
	struct dma_chan *chan;
	enum dma_status st;
	u8 *src, *dst;

	netdma_smp_need_cpus(test);
	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	fake = netdma_fake_create(test, 1);
	chan = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	h->nc = to_netdma_chan(chan);
	src = netdma_fake_buf(fake, 128, &src_dma);
	dst = netdma_fake_buf(fake, 128, &dst_dma);
	memset(src, 0xa5, 128);
	w_cpu = READ_ONCE(h->nc->cpu);
	p_cpu = netdma_smp_cpu(0) == w_cpu ? netdma_smp_cpu(1) : netdma_smp_cpu(0);
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current, cpumask_of(p_cpu)));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_quiesce, chan));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_hold_release, h));

	/* A: executed at issue_pending; its interrupt queues the work on W. */
	h->a_slot = READ_ONCE(h->nc->tail);
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	txd->callback = netdma_smp_hold_cb;
	txd->callback_param = h;
	cookie_a = dmaengine_submit(txd);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie_a));
	dma_async_issue_pending(chan);
	timeout = jiffies + 5 * HZ;
	while (!READ_ONCE(h->a_running) && time_before(jiffies, timeout))
		usleep_range(100, 200);
	KUNIT_ASSERT_TRUE_MSG(test, READ_ONCE(h->a_running), "A's callback never ran");

	/* B: quiet, executed at issue_pending, reaped by tx_status here on P. */
	txd = dmaengine_prep_dma_memcpy(chan, dst_dma + 64, src_dma + 64, 64, DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, txd);
	cookie_b = dmaengine_submit(txd);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie_b));
	dma_async_issue_pending(chan);
	WRITE_ONCE(netdma_smp_hold, h);
	WRITE_ONCE(netdma_reap_hook, netdma_smp_reap_hook);
	st = dmaengine_tx_status(chan, cookie_b, NULL);
	netdma_smp_hold_release(h);
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	KUNIT_EXPECT_EQ(test, st, DMA_COMPLETE);
	KUNIT_ASSERT_TRUE_MSG(test, h->tail_moved,
			      "the work did not give A back while the reap held the lock");
	KUNIT_ASSERT_EQ(test, h->hook_calls, 2);
	KUNIT_EXPECT_EQ_MSG(test, h->tail_after, h->a_slot + 1,
			    "the reap moved tail back over a slot the work gave back");
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ(test, READ_ONCE(h->a_calls), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(h->nc->tail), netdma_head(h->nc));
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, 128), 0);
}

/* --- a client that submits from its callback ------------------------------ */

#define SMP_CHAIN	64

struct netdma_smp_chain {
	struct dma_chan *chan;
	struct netdma_channel *nc;
	dma_addr_t src_dma, dst_dma;
	unsigned int next;		/* copies submitted */
	unsigned int calls;		/* callbacks run, in order */
	unsigned int wrong_cpu;
	unsigned int errors;
	atomic_t work_runs;
	struct completion done;
};

static struct netdma_smp_chain *netdma_smp_chain;

static void netdma_smp_chain_run(struct netdma_channel *nc)
{
	struct netdma_smp_chain *ch = READ_ONCE(netdma_smp_chain);

	if (ch && nc == ch->nc)
		atomic_inc(&ch->work_runs);
}

static void netdma_smp_chain_unhook(void *unused)
{
	WRITE_ONCE(netdma_work_hook, NULL);
	WRITE_ONCE(netdma_smp_chain, NULL);
}

/* Submit and issue copy ch->next; the fake engine completes it at once. */
static bool netdma_smp_chain_submit(struct netdma_smp_chain *ch);

static void netdma_smp_chain_cb(void *param)
{
	struct netdma_smp_chain *ch = param;

	ch->calls++;
	if (raw_smp_processor_id() != READ_ONCE(ch->nc->cpu))
		ch->wrong_cpu++;
	if (ch->next == SMP_CHAIN || !netdma_smp_chain_submit(ch))
		complete(&ch->done);
}

static bool netdma_smp_chain_submit(struct netdma_smp_chain *ch)
{
	struct dma_async_tx_descriptor *txd;
	u32 off = ch->next * 64;

	txd = dmaengine_prep_dma_memcpy(ch->chan, ch->dst_dma + off, ch->src_dma + off,
					64, DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txd) {
		ch->errors++;
		return false;
	}
	txd->callback = netdma_smp_chain_cb;
	txd->callback_param = ch;
	if (dma_submit_error(dmaengine_submit(txd))) {
		ch->errors++;
		return false;
	}
	ch->next++;
	dma_async_issue_pending(ch->chan);
	return true;
}

/*
 * Each callback submits the next copy, on an engine that completes it
 * inside issue_pending (as a device model may): the completion work's next
 * pass reaps it, so the work is not queued again for every copy. It once
 * was, after the work stopped taking the lock a second time per run only
 * to give slots back: 64 runs for 64 copies, three times the time per copy.
 */
static void netdma_smp_callback_chain(struct kunit *test)
{
	struct netdma_smp_chain *ch;
	struct netdma_fake *fake;
	unsigned int runs;
	u8 *src, *dst;

	ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ch);
	fake = netdma_fake_create(test, 1);
	ch->chan = netdma_fake_get_chan(fake);
	KUNIT_ASSERT_NOT_NULL(test, ch->chan);
	ch->nc = to_netdma_chan(ch->chan);
	src = netdma_fake_buf(fake, SMP_CHAIN * 64, &ch->src_dma);
	dst = netdma_fake_buf(fake, SMP_CHAIN * 64, &ch->dst_dma);
	memset(src, 0x3c, SMP_CHAIN * 64);
	init_completion(&ch->done);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_quiesce, ch->chan));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_chain_unhook, NULL));
	WRITE_ONCE(netdma_smp_chain, ch);
	WRITE_ONCE(netdma_work_hook, netdma_smp_chain_run);

	KUNIT_ASSERT_TRUE(test, netdma_smp_chain_submit(ch));
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&ch->done, 10 * HZ));
	dmaengine_synchronize(ch->chan);
	runs = atomic_read(&ch->work_runs);
	netdma_smp_chain_unhook(NULL);

	KUNIT_EXPECT_EQ(test, ch->errors, 0);
	KUNIT_EXPECT_EQ(test, ch->calls, SMP_CHAIN);
	KUNIT_EXPECT_EQ(test, ch->wrong_cpu, 0);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, SMP_CHAIN * 64), 0);
	KUNIT_EXPECT_LE_MSG(test, runs, SMP_CHAIN / 2,
			    "the completion work was queued again for each chained copy");
	kunit_info(test, "%u chained copies in %u runs of the completion work\n",
		   ch->calls, runs);
}

/* --- completions on the CPU each client asked for ------------------------ */

struct netdma_smp_one {
	struct dma_chan *chan;
	void *dst, *src;
	dma_addr_t dst_dma, src_dma;
	struct completion done;
	struct completion submitted;
	enum dmaengine_tx_result result;
	unsigned int cb_cpu;
	unsigned int submit_cpu;
	int err;
};

static void netdma_smp_one_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_one *o = param;

	o->result = res->result;
	o->cb_cpu = raw_smp_processor_id();
	complete(&o->done);
}

static int netdma_smp_one_fn(void *data)
{
	struct netdma_smp_one *o = data;
	struct dma_async_tx_descriptor *txd;

	o->submit_cpu = raw_smp_processor_id();
	txd = dmaengine_prep_dma_memcpy(o->chan, o->dst_dma, o->src_dma, 256,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txd) {
		o->err = -ENOSPC;
	} else {
		txd->callback_result = netdma_smp_one_done;
		txd->callback_param = o;
		o->err = dma_submit_error(dmaengine_submit(txd)) ? -EIO : 0;
		dma_async_issue_pending(o->chan);
	}
	complete(&o->submitted);
	return 0;
}

/*
 * One copy on @chan, submitted from a thread on @submit_cpu (the fake
 * engine completes it there, inside issue_pending, and raises netdma_isr()
 * there): returns the CPU its callback ran on, UINT_MAX if it never did.
 */
static unsigned int netdma_smp_callback_cpu(struct kunit *test,
					    struct netdma_fake *fake,
					    struct dma_chan *chan,
					    unsigned int submit_cpu)
{
	struct netdma_smp_one *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	o->chan = chan;
	o->src = netdma_fake_buf(fake, 256, &o->src_dma);
	o->dst = netdma_fake_buf(fake, 256, &o->dst_dma);
	memset(o->src, 0x3c, 256);
	o->cb_cpu = UINT_MAX;
	init_completion(&o->done);
	init_completion(&o->submitted);
	netdma_smp_thread(test, netdma_smp_one_fn, o, submit_cpu, "netdma-smp-one",
			  NULL);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&o->submitted, 5 * HZ));
	KUNIT_ASSERT_EQ(test, o->err, 0);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&o->done, 5 * HZ));
	KUNIT_EXPECT_EQ(test, o->submit_cpu, submit_cpu);
	KUNIT_EXPECT_EQ(test, o->result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_MEMEQ(test, o->dst, o->src, 256);
	return o->cb_cpu;
}

/*
 * netdma_request_channel(cpumask_of(cpu)) for each of 4 CPUs: the CPU it
 * reports is the one asked for, and the callback of a copy submitted from
 * another CPU runs there. The guard under test is the completion work's
 * kick on the channel's CPU (netdma_bh_queue_on()); run it locally and the
 * callbacks follow the submitter instead.
 */
static void netdma_smp_callback_on_requested_cpu(struct kunit *test)
{
	struct dma_chan *chans[SMP_CPUS] = { };
	struct netdma_fake *fake;
	unsigned int n, seen = 0;

	netdma_smp_need_cpus(test);
	fake = netdma_fake_create(test, SMP_CPUS);
	for (n = 0; n < SMP_CPUS; n++) {
		unsigned int cpu = netdma_smp_cpu(n), reported = UINT_MAX, cb;

		chans[n] = netdma_request_channel(cpumask_of(cpu), &reported);
		KUNIT_ASSERT_NOT_NULL(test, chans[n]);
		netdma_fake_release_on_exit(test, chans[n]);
		KUNIT_EXPECT_EQ(test, reported, cpu);
		cb = netdma_smp_callback_cpu(test, fake, chans[n],
					     netdma_smp_cpu((n + 1) % SMP_CPUS));
		KUNIT_EXPECT_EQ_MSG(test, cb, cpu, "client of cpu %u", cpu);
		if (cb == cpu)
			seen |= BIT(n);
	}
	KUNIT_EXPECT_EQ(test, seen, BIT(SMP_CPUS) - 1);
}

/* --- the doorbell's own interrupt ---------------------------------------- */

#define SMP_INLINE_COPIES	32

/* A channel that completes on one CPU, and two 64-byte buffers. */
struct netdma_smp_chan64 {
	struct dma_chan *chan;
	void *dst, *src;
	dma_addr_t dst_dma, src_dma;
};

static void netdma_smp_chan64_setup(struct kunit *test, unsigned int cpu,
				    struct netdma_smp_chan64 *c)
{
	unsigned int reported = UINT_MAX;
	struct netdma_fake *fake;

	netdma_smp_need_cpus(test);
	fake = netdma_fake_create(test, SMP_CPUS);
	c->chan = netdma_request_channel(cpumask_of(cpu), &reported);
	KUNIT_ASSERT_NOT_NULL(test, c->chan);
	netdma_fake_release_on_exit(test, c->chan);
	KUNIT_ASSERT_EQ(test, reported, cpu);
	c->src = netdma_fake_buf(fake, 64, &c->src_dma);
	c->dst = netdma_fake_buf(fake, 64, &c->dst_dma);
}

struct netdma_smp_inline {
	struct netdma_smp_chan64 c;
	struct task_struct *cb_task;	/* written by the callback */
	unsigned int ran;		/* callbacks run, written by the callback */
	unsigned int late;		/* not run when issue_pending returned */
	unsigned int elsewhere;		/* run by another task (ksoftirqd) */
	int err;
	struct completion finished;
};

static void netdma_smp_inline_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_inline *in = param;

	WRITE_ONCE(in->cb_task, current);
	WRITE_ONCE(in->ran, in->ran + 1);
}

static int netdma_smp_inline_fn(void *data)
{
	struct netdma_smp_inline *in = data;
	struct dma_async_tx_descriptor *txd;
	unsigned long end;
	unsigned int i;

	for (i = 0; i < SMP_INLINE_COPIES && !in->err; i++) {
		txd = dmaengine_prep_dma_memcpy(in->c.chan, in->c.dst_dma, in->c.src_dma,
						64, DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		if (!txd) {
			in->err = -ENOSPC;
			break;
		}
		txd->callback_result = netdma_smp_inline_done;
		txd->callback_param = in;
		if (dma_submit_error(dmaengine_submit(txd))) {
			in->err = -EIO;
			break;
		}
		dma_async_issue_pending(in->c.chan);
		if (READ_ONCE(in->ran) != i + 1)
			in->late++;
		else if (READ_ONCE(in->cb_task) != current)
			in->elsewhere++;
		/* A late callback runs when this thread sleeps. */
		end = jiffies + 5 * HZ;
		while (READ_ONCE(in->ran) != i + 1 && time_before(jiffies, end))
			usleep_range(100, 200);
		if (READ_ONCE(in->ran) != i + 1)
			in->err = -ETIMEDOUT;
	}
	complete(&in->finished);
	return 0;
}

/*
 * An engine that completes inside issue_pending (the fake here, the QEMU
 * model in the guest) raises netdma_isr() there, with interrupts off: on
 * the channel's completion CPU the callback must have run, in the
 * submitter's own context, when dma_async_issue_pending() returns. With
 * bottom halves on across the doorbell, the tasklet raised there woke
 * ksoftirqd instead, and the callback waited for the submitter to sleep
 * (in the guest, a spinning client waited for the next tick).
 */
static void netdma_smp_doorbell_irq_runs_at_once(struct kunit *test)
{
	struct netdma_smp_inline *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	unsigned int cpu = netdma_smp_cpu(1);

	KUNIT_ASSERT_NOT_NULL(test, in);
	netdma_smp_chan64_setup(test, cpu, &in->c);
	init_completion(&in->finished);
	netdma_smp_thread(test, netdma_smp_inline_fn, in, cpu, "netdma-smp-inline",
			  NULL);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&in->finished, 30 * HZ));
	KUNIT_EXPECT_EQ(test, in->err, 0);
	KUNIT_EXPECT_EQ(test, in->ran, SMP_INLINE_COPIES);
	KUNIT_EXPECT_EQ_MSG(test, in->late, 0,
			    "callbacks not yet run when issue_pending returned");
	KUNIT_EXPECT_EQ_MSG(test, in->elsewhere, 0,
			    "callbacks run by another task than the submitter");
}

/* --- a polling client's callbacks ---------------------------------------- */

#define SMP_POLLED_COPIES	32

struct netdma_smp_polled {
	struct netdma_smp_chan64 c;
	struct tasklet_struct *tasklet;	/* the channel's completion tasklet */
	unsigned int copies;		/* to submit */
	unsigned int ran;		/* written by the callback */
	unsigned int cb_cpu;		/* written by the callback */
	bool cb_served;			/* in_serving_softirq(), by the callback */
	struct task_struct *cb_task;	/* written by the callback */
	unsigned int late;		/* not run when tx_status returned */
	unsigned int not_inline;	/* run, but not by tx_status itself */
	unsigned int early;		/* run although the tasklet was held */
	struct completion polled;	/* the last copy read DMA_COMPLETE */
	int err;
	struct completion finished;
};

static void netdma_smp_polled_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_polled *p = param;

	WRITE_ONCE(p->cb_cpu, raw_smp_processor_id());
	WRITE_ONCE(p->cb_served, in_serving_softirq());
	WRITE_ONCE(p->cb_task, current);
	WRITE_ONCE(p->ran, p->ran + 1);
}

/*
 * On the channel's completion CPU: copies with a callback and no
 * interrupt, each waited for by polling tx_status as dma_sync_wait() does.
 * With the tasklet held elsewhere (p->tasklet's RUN bit taken by the case),
 * the one copy is only reaped: its callback must wait for the tasklet.
 */
static int netdma_smp_polled_fn(void *data)
{
	struct netdma_smp_polled *p = data;
	bool held = test_bit(TASKLET_STATE_RUN, &p->tasklet->state);
	struct dma_async_tx_descriptor *txd;
	dma_cookie_t cookie;
	unsigned long end;
	unsigned int i;

	for (i = 0; i < p->copies && !p->err; i++) {
		txd = dmaengine_prep_dma_memcpy(p->c.chan, p->c.dst_dma, p->c.src_dma,
						64, DMA_CTRL_ACK);
		if (!txd) {
			p->err = -ENOSPC;
			break;
		}
		txd->callback_result = netdma_smp_polled_done;
		txd->callback_param = p;
		cookie = dmaengine_submit(txd);
		if (dma_submit_error(cookie)) {
			p->err = -EIO;
			break;
		}
		dma_async_issue_pending(p->c.chan);
		end = jiffies + 5 * HZ;
		while (dma_async_is_tx_complete(p->c.chan, cookie, NULL, NULL) !=
		       DMA_COMPLETE && time_before(jiffies, end))
			cpu_relax();
		if (time_after_eq(jiffies, end)) {
			p->err = -ETIMEDOUT;
			break;
		}
		if (held) {
			if (READ_ONCE(p->ran))
				p->early++;
			continue;
		}
		if (READ_ONCE(p->ran) != i + 1)
			p->late++;
		else if (READ_ONCE(p->cb_served) || READ_ONCE(p->cb_task) != current)
			p->not_inline++;
	}
	complete(&p->polled);
	complete(&p->finished);
	return 0;
}

static struct netdma_smp_polled *netdma_smp_polled_setup(struct kunit *test,
							 unsigned int copies,
							 unsigned int *cpu)
{
	struct netdma_smp_polled *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	*cpu = netdma_smp_cpu(1);
	netdma_smp_chan64_setup(test, *cpu, &p->c);
	p->tasklet = &to_netdma_chan(p->c.chan)->bh.tasklet;
	p->copies = copies;
	p->cb_cpu = UINT_MAX;
	init_completion(&p->polled);
	init_completion(&p->finished);
	return p;
}

/*
 * A client that polls on the channel's completion CPU, from task context,
 * gets its callbacks before tx_status returns DMA_COMPLETE, run by
 * tx_status itself (netdma_bh_run_here()) rather than by the tasklet that
 * local_bh_enable() would run: on UML SMP the tasklet's way (scheduling it,
 * then the softirq pass) masked interrupts four more times, two host
 * system calls each (make bench: 2,337 ns a batch-1 reap before, 1,106
 * after). Before, every callback here ran in a softirq being served.
 */
static void netdma_smp_polled_callback_runs_inline(struct kunit *test)
{
	struct netdma_smp_polled *p;
	unsigned int cpu;

	p = netdma_smp_polled_setup(test, SMP_POLLED_COPIES, &cpu);
	memset(p->c.src, 0x5a, 64);
	netdma_smp_thread(test, netdma_smp_polled_fn, p, cpu, "netdma-smp-polled",
			  NULL);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&p->finished, 30 * HZ));
	KUNIT_EXPECT_EQ(test, p->err, 0);
	KUNIT_EXPECT_EQ(test, p->ran, SMP_POLLED_COPIES);
	KUNIT_EXPECT_EQ(test, p->cb_cpu, cpu);
	KUNIT_EXPECT_EQ_MSG(test, p->late, 0,
			    "callbacks not yet run when tx_status said DMA_COMPLETE");
	KUNIT_EXPECT_EQ_MSG(test, p->not_inline, 0,
			    "callbacks run by the tasklet, not by tx_status");
	KUNIT_EXPECT_MEMEQ(test, p->c.dst, p->c.src, 64);
}

/*
 * The completion CPU's poller, while the tasklet runs on another CPU (its
 * RUN bit taken by this case, as a CPU still running it after the
 * channel's completion CPU moved would hold it): tx_status must not run
 * the work beside it. The copy reads DMA_COMPLETE; its callback waits for
 * the tasklet, then runs once, from it, on the channel's CPU.
 */
static void netdma_smp_polled_tasklet_busy_elsewhere(struct kunit *test)
{
	struct netdma_smp_polled *p;
	unsigned int cpu, ran;
	unsigned long end;

	p = netdma_smp_polled_setup(test, 1, &cpu);
	KUNIT_ASSERT_TRUE(test, tasklet_trylock(p->tasklet));
	netdma_smp_thread(test, netdma_smp_polled_fn, p, cpu, "netdma-smp-polled",
			  NULL);
	if (!wait_for_completion_timeout(&p->polled, 30 * HZ)) {
		tasklet_unlock(p->tasklet);
		KUNIT_FAIL(test, "the poll never ended");
		return;
	}
	/* Time for a wrong run, had tx_status started one beside the hold. */
	msleep(20);
	ran = READ_ONCE(p->ran);
	KUNIT_EXPECT_EQ_MSG(test, ran, 0,
			    "a callback ran while the tasklet was running elsewhere");
	tasklet_unlock(p->tasklet);
	end = jiffies + 5 * HZ;
	while (!READ_ONCE(p->ran) && time_before(jiffies, end))
		usleep_range(1000, 2000);
	msleep(20);
	ran = READ_ONCE(p->ran);
	KUNIT_EXPECT_EQ(test, p->err, 0);
	KUNIT_EXPECT_EQ(test, p->early, 0);
	KUNIT_EXPECT_EQ(test, ran, 1);
	KUNIT_EXPECT_EQ(test, p->cb_cpu, cpu);
	KUNIT_EXPECT_TRUE_MSG(test, p->cb_served,
			      "the held copy's callback did not come from the tasklet");
}

/* --- kicks from several CPUs at once ------------------------------------ */

#define SMP_KICKS		20000	/* per kicking thread */
#define SMP_IPI_HOLDS		20	/* sends held at the hook, at most */
#define SMP_IPI_HOLD_MS		20

struct netdma_smp_kicker {
	struct netdma_channel *nc;
	struct completion *go;
	struct completion finished;
};

/* Senders at netdma_ipi_hook now, the most seen at once, sends held. */
static atomic_t netdma_smp_ipi_inside, netdma_smp_ipi_most, netdma_smp_ipi_held;

/*
 * Hold each of the first sends at the hook, just before it calls
 * smp_call_function_single_async(), until another sender arrives there
 * too (two calls at once on one csd) or SMP_IPI_HOLD_MS pass.
 */
static void netdma_smp_ipi_rendezvous(struct netdma_channel *nc)
{
	int n = atomic_inc_return(&netdma_smp_ipi_inside);
	unsigned long end = jiffies + msecs_to_jiffies(SMP_IPI_HOLD_MS);

	if (n > atomic_read(&netdma_smp_ipi_most))
		atomic_set(&netdma_smp_ipi_most, n);
	if (atomic_inc_return(&netdma_smp_ipi_held) <= SMP_IPI_HOLDS)
		while (atomic_read(&netdma_smp_ipi_inside) < 2 &&
		       time_before(jiffies, end))
			cpu_relax();
	atomic_dec(&netdma_smp_ipi_inside);
}

static void netdma_smp_ipi_unhook(void *unused)
{
	WRITE_ONCE(netdma_ipi_hook, NULL);
}

static int netdma_smp_kick_fn(void *data)
{
	struct netdma_smp_kicker *k = data;
	unsigned int i;

	wait_for_completion(k->go);
	for (i = 0; i < SMP_KICKS; i++)
		netdma_isr(k->nc, 0, NULL);
	complete(&k->finished);
	return 0;
}

static void netdma_smp_kicker_release(void *data)
{
	struct netdma_smp_kicker *k = data;

	complete_all(k->go);
}

/*
 * Two CPUs kick the completion work of a channel that completes on a
 * third, as an interrupt and polling clients do: each kick is an IPI to
 * that CPU, unless one is on its way. smp_call_function_single_async()
 * needs its callers serialized: two that both find its csd unlocked queue
 * it twice, and the third CPU's IPI list loops for ever (one 6.12 guest of
 * make e2e-intel). The hook holds each of the first sends just before
 * that call until another sender arrives too, which must never happen.
 * Then one copy: its callback runs on the channel's CPU.
 */
static void netdma_smp_kicks_from_two_cpus(struct kunit *test)
{
	unsigned int cpu = netdma_smp_cpu(2), reported = UINT_MAX, n;
	struct netdma_smp_kicker *k = kunit_kcalloc(test, 2, sizeof(*k), GFP_KERNEL);
	struct completion *go = kunit_kzalloc(test, sizeof(*go), GFP_KERNEL);
	struct netdma_fake *fake;
	struct dma_chan *chan;

	netdma_smp_need_cpus(test);
	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, go);
	init_completion(go);
	fake = netdma_fake_create(test, SMP_CPUS);
	chan = netdma_request_channel(cpumask_of(cpu), &reported);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_ASSERT_EQ(test, reported, cpu);
	atomic_set(&netdma_smp_ipi_inside, 0);
	atomic_set(&netdma_smp_ipi_most, 0);
	atomic_set(&netdma_smp_ipi_held, 0);
	WRITE_ONCE(netdma_ipi_hook, netdma_smp_ipi_rendezvous);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, netdma_smp_ipi_unhook, NULL));
	for (n = 0; n < 2; n++) {
		k[n].nc = to_netdma_chan(chan);
		k[n].go = go;
		init_completion(&k[n].finished);
		netdma_smp_thread(test, netdma_smp_kick_fn, &k[n], netdma_smp_cpu(n),
				  "netdma-smp-kick", netdma_smp_kicker_release);
	}
	complete_all(go);
	for (n = 0; n < 2; n++)
		KUNIT_ASSERT_NE(test, 0,
				wait_for_completion_timeout(&k[n].finished, 30 * HZ));
	netdma_smp_ipi_unhook(NULL);
	KUNIT_EXPECT_GT(test, atomic_read(&netdma_smp_ipi_held), 0);
	KUNIT_ASSERT_EQ_MSG(test, atomic_read(&netdma_smp_ipi_most), 1,
			    "two kicks called smp_call_function_single_async() at once");
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ_MSG(test, netdma_smp_callback_cpu(test, fake, chan,
							  netdma_smp_cpu(0)), cpu,
			    "no callback on cpu %u after the kicks", cpu);
}

/*
 * The fallback: the channel whose interrupt CPU is @cpu is busy, so a
 * second client of @cpu gets another channel, whose interrupt CPU is not
 * @cpu, with its completion work retargeted at @cpu: reported, and where
 * its callback runs.
 */
static void netdma_smp_fallback_busy_cpu(struct kunit *test)
{
	unsigned int cpu, reported = UINT_MAX, reported2 = UINT_MAX;
	struct netdma_fake *fake;
	struct dma_chan *own, *other;

	netdma_smp_need_cpus(test);
	fake = netdma_fake_create(test, SMP_CPUS);
	cpu = netdma_smp_cpu(2);
	own = netdma_request_channel(cpumask_of(cpu), &reported);
	KUNIT_ASSERT_NOT_NULL(test, own);
	netdma_fake_release_on_exit(test, own);
	KUNIT_EXPECT_EQ(test, reported, cpu);
	KUNIT_EXPECT_EQ(test, fake->affinity_table[own->chan_id].cpu, cpu);

	other = netdma_request_channel(cpumask_of(cpu), &reported2);
	KUNIT_ASSERT_NOT_NULL(test, other);
	netdma_fake_release_on_exit(test, other);
	KUNIT_EXPECT_PTR_NE(test, own, other);
	KUNIT_EXPECT_NE(test, fake->affinity_table[other->chan_id].cpu, cpu);
	KUNIT_EXPECT_EQ(test, reported2, cpu);
	KUNIT_EXPECT_EQ(test, netdma_fake_chan_of(fake, other)->alloc_params.cpu, cpu);
	KUNIT_EXPECT_EQ(test, netdma_smp_callback_cpu(test, fake, other,
						      netdma_smp_cpu(0)), cpu);
	KUNIT_EXPECT_EQ(test, netdma_smp_callback_cpu(test, fake, own,
						      netdma_smp_cpu(1)), cpu);
}

/* --- terminate racing completions ---------------------------------------- */

#define SMP_TERM_ROUNDS	40
#define SMP_TERM_COPIES	48

struct netdma_smp_term {
	struct netdma_fake_chan *fc;
	atomic_t stop;			/* the engine thread exits when set */
	atomic_t terminated;		/* set once terminate_sync returned */
	atomic_t late;			/* callbacks after that */
	atomic_t callbacks;
	struct completion finished;
};

static void netdma_smp_term_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_term *r = param;

	atomic_inc(&r->callbacks);
	if (atomic_read(&r->terminated))
		atomic_inc(&r->late);
}

/* The engine, on its own CPU: executes a descriptor at a time, always. */
/* Reaper release of the engine thread: its loop ends. */
static void netdma_smp_stop_engine(void *data)
{
	struct netdma_smp_term *r = data;

	atomic_set(&r->stop, 1);
}

static int netdma_smp_engine_fn(void *data)
{
	struct netdma_smp_term *r = data;

	while (!atomic_read(&r->stop)) {
		if (!netdma_fake_run(r->fc, 1))
			cpu_relax();
		cond_resched();
	}
	complete(&r->finished);
	return 0;
}

/*
 * dmaengine_terminate_sync() on one CPU while the engine completes the
 * same channel's copies on another and its completion work runs on a
 * third: once terminate_sync has returned, no callback runs, not even
 * for a copy the engine finished just before the abort (provider.rst:
 * device_synchronize waits for callbacks in flight). 40 rounds of 48
 * copies; afterwards the channel still copies.
 */
static void netdma_smp_terminate_races_completion(struct kunit *test)
{
	struct netdma_smp_term *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct netdma_fake *fake;
	struct dma_chan *chan;
	unsigned int round, i, completion_cpu = UINT_MAX, total = 0;
	dma_addr_t src_dma, dst_dma;
	u8 *src, *dst;

	KUNIT_ASSERT_NOT_NULL(test, r);
	netdma_smp_need_cpus(test);
	fake = netdma_fake_alloc(test, 1);
	fake->manual = true;
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_register(fake));
	KUNIT_ASSERT_EQ(test, 0, netdma_fake_start(fake));
	chan = netdma_request_channel(cpumask_of(netdma_smp_cpu(2)), &completion_cpu);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	netdma_fake_release_on_exit(test, chan);
	KUNIT_ASSERT_EQ(test, completion_cpu, netdma_smp_cpu(2));
	/* This thread submits and terminates from CPU 1, the engine runs on 3. */
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current,
						      cpumask_of(netdma_smp_cpu(1))));
	src = netdma_fake_buf(fake, 4096, &src_dma);
	dst = netdma_fake_buf(fake, 4096, &dst_dma);

	r->fc = netdma_fake_chan_of(fake, chan);
	for (round = 0; round < SMP_TERM_ROUNDS; round++) {
		atomic_set(&r->stop, 0);
		atomic_set(&r->terminated, 0);
		init_completion(&r->finished);
		netdma_smp_thread(test, netdma_smp_engine_fn, r, netdma_smp_cpu(3),
				  "netdma-smp-engine", netdma_smp_stop_engine);
		for (i = 0; i < SMP_TERM_COPIES; i++) {
			struct dma_async_tx_descriptor *txd;

			txd = dmaengine_prep_dma_memcpy(chan, dst_dma, src_dma, 64,
							DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
			KUNIT_ASSERT_NOT_NULL(test, txd);
			txd->callback_result = netdma_smp_term_done;
			txd->callback_param = r;
			KUNIT_ASSERT_FALSE(test, dma_submit_error(dmaengine_submit(txd)));
			dma_async_issue_pending(chan);
		}
		/* Vary where in the stream the abort lands. */
		udelay(round * 7 % 50);
		KUNIT_ASSERT_EQ(test, 0, dmaengine_terminate_sync(chan));
		atomic_set(&r->terminated, 1);
		/* Give a late callback every chance to show itself. */
		usleep_range(2000, 3000);
		atomic_set(&r->stop, 1);
		KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&r->finished, 5 * HZ));
		usleep_range(1000, 2000);
		total += SMP_TERM_COPIES;
	}
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->late), 0,
			    "callbacks ran after dmaengine_terminate_sync() returned");
	KUNIT_EXPECT_LE(test, atomic_read(&r->callbacks), total);
	kunit_info(test, "%u copies, %d callbacks (done or aborted), %d late\n",
		   total, atomic_read(&r->callbacks), atomic_read(&r->late));

	/* The channel still works after all those aborts. */
	fake->manual = false;
	memset(src, 0x77, 4096);
	KUNIT_EXPECT_EQ(test, netdma_smp_callback_cpu(test, fake, chan,
						      netdma_smp_cpu(0)),
			completion_cpu);
}

/* --- the completion work while a doorbell is rung on another CPU ---------- */

/* How long the append hook waits for the callback, at most. */
#define SMP_BELL_WAIT_MS	1000

struct netdma_smp_bell {
	struct netdma_fake *fake;
	struct dma_chan *chan;
	dma_addr_t src_dma, dst_dma;
	struct completion first_done, second_done, submitted;
	bool second_ran;	/* the second copy's callback has run */
	bool seen_in_append;	/* ... and the append hook saw it */
	unsigned int hook_calls;
	unsigned int cb_cpu;
	int err;
};

static void netdma_smp_bell_first(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_bell *b = param;

	complete(&b->first_done);
}

static void netdma_smp_bell_second(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_bell *b = param;

	b->cb_cpu = raw_smp_processor_id();
	/* Pairs with the hook's acquire. */
	smp_store_release(&b->second_ran, true);
	complete(&b->second_done);
}

/*
 * Called by the fake's append after its engine ran the copy and raised the
 * interrupt, that is while the doorbell is still being rung (as the QEMU
 * model runs a copy inside the DMACOUNT write). Waits, bounded, for the
 * callback that interrupt leads to on the channel's completion CPU.
 */
static void netdma_smp_bell_hook(struct netdma_fake_chan *fc, void *data)
{
	struct netdma_smp_bell *b = data;
	unsigned int ms;

	b->hook_calls++;
	for (ms = 0; ms < SMP_BELL_WAIT_MS; ms++) {
		/* Pairs with the callback's release. */
		if (smp_load_acquire(&b->second_ran)) {
			b->seen_in_append = true;
			return;
		}
		mdelay(1);
	}
}

/* One 64-byte copy at @off of the buffers, with an interrupt, issued. */
static int netdma_smp_copy64(struct dma_chan *chan, dma_addr_t dst_dma,
			     dma_addr_t src_dma, unsigned int off,
			     dma_async_tx_callback_result cb, void *param)
{
	struct dma_async_tx_descriptor *txd;

	txd = dmaengine_prep_dma_memcpy(chan, dst_dma + off, src_dma + off, 64,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txd)
		return -ENOSPC;
	txd->callback_result = cb;
	txd->callback_param = param;
	if (dma_submit_error(dmaengine_submit(txd)))
		return -EIO;
	dma_async_issue_pending(chan);
	return 0;
}

static int netdma_smp_bell_copy(struct netdma_smp_bell *b, unsigned int off,
				dma_async_tx_callback_result cb)
{
	return netdma_smp_copy64(b->chan, b->dst_dma, b->src_dma, off, cb, b);
}

static int netdma_smp_bell_fn(void *data)
{
	struct netdma_smp_bell *b = data;

	/* The first hand-over after allocation is a start, the second an append. */
	b->err = netdma_smp_bell_copy(b, 0, netdma_smp_bell_first);
	if (!b->err && !wait_for_completion_timeout(&b->first_done, 5 * HZ))
		b->err = -ETIMEDOUT;
	if (!b->err) {
		b->fake->append_hook_data = b;
		WRITE_ONCE(b->fake->append_hook, netdma_smp_bell_hook);
		b->err = netdma_smp_bell_copy(b, 64, netdma_smp_bell_second);
		WRITE_ONCE(b->fake->append_hook, NULL);
	}
	complete(&b->submitted);
	return 0;
}

/*
 * The doorbell must not hold up the completion work. A copy submitted on
 * one CPU completes, on a fast engine or a device model that runs it inside
 * the doorbell write, before that write returns; the channel's completion
 * work on another CPU then has to reap it while the submitter is still in
 * issue_pending. With issue_pending holding the channel lock across the
 * provider's append, the work spins on that lock until the append returns:
 * the callback cannot run while the doorbell is being rung, and under a
 * hypervisor that deschedules the ringing vCPU it waits milliseconds (the
 * irq_rem figure of make bench-guest). The append hook waits for the
 * callback; it is seen there only when issue_pending rings outside the
 * channel lock.
 */
static void netdma_smp_callback_during_append(struct kunit *test)
{
	unsigned int cpu, other, reported = UINT_MAX;
	struct netdma_smp_bell *b;

	netdma_smp_need_cpus(test);
	cpu = netdma_smp_cpu(1);
	other = netdma_smp_cpu(2);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->fake = netdma_fake_create(test, 1);
	b->chan = netdma_request_channel(cpumask_of(cpu), &reported);
	KUNIT_ASSERT_NOT_NULL(test, b->chan);
	netdma_fake_release_on_exit(test, b->chan);
	KUNIT_ASSERT_EQ(test, reported, cpu);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_quiesce,
							   b->chan));
	netdma_fake_buf(b->fake, 128, &b->src_dma);
	netdma_fake_buf(b->fake, 128, &b->dst_dma);
	init_completion(&b->first_done);
	init_completion(&b->second_done);
	init_completion(&b->submitted);
	b->cb_cpu = UINT_MAX;

	netdma_smp_thread(test, netdma_smp_bell_fn, b, other, "netdma-smp-bell", NULL);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&b->submitted, 10 * HZ));
	KUNIT_ASSERT_EQ(test, b->err, 0);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&b->second_done, 5 * HZ));
	KUNIT_EXPECT_EQ(test, b->hook_calls, 1);
	KUNIT_EXPECT_EQ(test, b->cb_cpu, cpu);
	KUNIT_EXPECT_TRUE_MSG(test, b->seen_in_append,
			      "the completion work on cpu %u waited for the append on cpu %u to return",
			      cpu, other);
}

/* --- an issuer that finds the doorbell being rung ----------------------- */

struct netdma_smp_note {
	struct netdma_fake *fake;
	struct dma_chan *chan;
	u8 *src, *dst;
	dma_addr_t src_dma, dst_dma;
	struct completion first_done, in_append, ringer_done, noted_done;
	bool issuer_returned;	/* the second issuer's issue_pending returned */
	bool returned_in_append; /* ... and the held append saw it */
	unsigned int hook_calls;
	unsigned int append_cpu[2];	/* where the appends after the start ran */
	unsigned int noted_cb_cpu;
	int err;
};

static void netdma_smp_note_done(void *param, const struct dmaengine_result *res)
{
	complete(param);
}

static void netdma_smp_note_noted(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_note *n = param;

	n->noted_cb_cpu = raw_smp_processor_id();
	complete(&n->noted_done);
}

/*
 * Every append after the start: the first is held, bounded, until the
 * issuer on another CPU has returned from issue_pending.
 */
static void netdma_smp_note_hook(struct netdma_fake_chan *fc, void *data)
{
	struct netdma_smp_note *n = data;
	unsigned int ms;

	if (n->hook_calls < ARRAY_SIZE(n->append_cpu))
		n->append_cpu[n->hook_calls] = raw_smp_processor_id();
	if (n->hook_calls++)
		return;
	complete(&n->in_append);
	for (ms = 0; ms < SMP_BELL_WAIT_MS; ms++) {
		/* Pairs with the issuer's release. */
		if (smp_load_acquire(&n->issuer_returned)) {
			n->returned_in_append = true;
			return;
		}
		mdelay(1);
	}
}

static int netdma_smp_note_copy(struct netdma_smp_note *n, unsigned int off,
				dma_async_tx_callback_result cb, void *param)
{
	return netdma_smp_copy64(n->chan, n->dst_dma, n->src_dma, off, cb, param);
}

/* The ringer: a start, then an append that the hook holds. */
static int netdma_smp_note_ringer(void *data)
{
	struct netdma_smp_note *n = data;

	n->err = netdma_smp_note_copy(n, 0, netdma_smp_note_done, &n->first_done);
	if (!n->err && !wait_for_completion_timeout(&n->first_done, 5 * HZ))
		n->err = -ETIMEDOUT;
	if (!n->err) {
		n->fake->append_hook_data = n;
		WRITE_ONCE(n->fake->append_hook, netdma_smp_note_hook);
		n->err = netdma_smp_note_copy(n, 64, NULL, NULL);
	}
	complete(&n->ringer_done);
	return 0;
}

/* Reaper release: a ringer still waiting for its first copy stops waiting. */
static void netdma_smp_note_release(void *data)
{
	struct netdma_smp_note *n = data;

	complete_all(&n->first_done);
	complete_all(&n->in_append);
}

/*
 * issue_pending must not wait for another CPU's doorbell. While one issuer
 * rings an append (an MMIO write the host may deschedule), a second issuer
 * that waited for it would do so holding the channel lock, and so hold up
 * every other issuer and the completion work too (rate4x1 of make
 * bench-guest). It leaves the ringer a note instead and returns; the
 * ringer, once its append has returned, rings the second issuer's copy.
 * The held append sees the second issue_pending return only when it does
 * not wait; the append that carries the second copy runs on the ringer's
 * CPU; the copy completes, on the completion CPU, with its data.
 */
static void netdma_smp_issue_leaves_note(struct kunit *test)
{
	unsigned int cpu, ringer_cpu, issuer_cpu, reported = UINT_MAX;
	struct netdma_smp_note *n;
	int err;

	netdma_smp_need_cpus(test);
	cpu = netdma_smp_cpu(1);
	ringer_cpu = netdma_smp_cpu(2);
	issuer_cpu = netdma_smp_cpu(3);
	n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n);
	n->fake = netdma_fake_create(test, 1);
	n->chan = netdma_request_channel(cpumask_of(cpu), &reported);
	KUNIT_ASSERT_NOT_NULL(test, n->chan);
	netdma_fake_release_on_exit(test, n->chan);
	KUNIT_ASSERT_EQ(test, reported, cpu);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_quiesce,
							   n->chan));
	n->src = netdma_fake_buf(n->fake, 192, &n->src_dma);
	n->dst = netdma_fake_buf(n->fake, 192, &n->dst_dma);
	get_random_bytes(n->src, 192);
	init_completion(&n->first_done);
	init_completion(&n->in_append);
	init_completion(&n->ringer_done);
	init_completion(&n->noted_done);
	n->noted_cb_cpu = UINT_MAX;
	n->append_cpu[0] = UINT_MAX;
	n->append_cpu[1] = UINT_MAX;
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current, cpumask_of(issuer_cpu)));

	netdma_smp_thread(test, netdma_smp_note_ringer, n, ringer_cpu,
			  "netdma-smp-ringer", netdma_smp_note_release);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&n->in_append, 10 * HZ));
	err = netdma_smp_note_copy(n, 128, netdma_smp_note_noted, n);
	/* Pairs with the hook's acquire. */
	smp_store_release(&n->issuer_returned, true);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&n->ringer_done, 10 * HZ));
	WRITE_ONCE(n->fake->append_hook, NULL);
	KUNIT_ASSERT_EQ(test, n->err, 0);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&n->noted_done, 5 * HZ));

	KUNIT_EXPECT_TRUE_MSG(test, n->returned_in_append,
			      "issue_pending on cpu %u waited for the append on cpu %u",
			      issuer_cpu, ringer_cpu);
	KUNIT_EXPECT_EQ(test, n->hook_calls, 2);
	KUNIT_EXPECT_EQ(test, n->append_cpu[0], ringer_cpu);
	KUNIT_EXPECT_EQ_MSG(test, n->append_cpu[1], ringer_cpu,
			    "the noted copy was not rung by the ringer");
	KUNIT_EXPECT_EQ(test, n->noted_cb_cpu, cpu);
	KUNIT_EXPECT_EQ(test, 0, memcmp(n->dst, n->src, 192));
}

/* --- terminate while a prep is between its reservation and publication -- */

/* How long the hook holds a prep inside its window at most. */
#define SMP_WINDOW_MS	1000

/* What the hook does inside the window it holds. */
enum netdma_smp_window_mode {
	SMP_WINDOW_UNTIL_TERMINATED,	/* spin until terminate has returned */
	SMP_WINDOW_TERMINATE_INSIDE,	/* terminate, on the prep's own CPU */
	SMP_WINDOW_FIXED,		/* spin for SMP_RELEASE_WINDOW_MS */
};

#define SMP_RELEASE_WINDOW_MS	50

struct netdma_smp_window {
	struct dma_chan *chan;
	struct netdma_channel *nc;
	enum netdma_smp_window_mode mode;
	dma_addr_t src_dma, dst_dma;
	struct completion in_window;	/* the prep is held in its window */
	struct completion terminated;	/* terminate has returned */
	struct completion finished;
	u64 window_end;			/* ns, when the hook let the prep go */
	bool held_to_the_end;		/* terminate returned inside the window */
	int terminate_ret;		/* the hook's own terminate */
	dma_cookie_t cookie;		/* what the late submit returned */
	bool prepared;
	bool called;			/* the callback ran (it must not) */
};

static struct netdma_smp_window *netdma_smp_window;

/*
 * Inside prep's window, preemption off, once per case. Spinning, bounded:
 * a terminate that waited for the window would wait here.
 */
static void netdma_smp_window_hook(struct netdma_channel *nc)
{
	struct netdma_smp_window *w = READ_ONCE(netdma_smp_window);
	u64 deadline;

	if (!w || nc != w->nc || cmpxchg(&netdma_smp_window, w, NULL) != w)
		return;
	complete(&w->in_window);
	switch (w->mode) {
	case SMP_WINDOW_TERMINATE_INSIDE:
		/* As a hard interrupt on this CPU would. */
		w->terminate_ret = dmaengine_terminate_async(w->chan);
		w->held_to_the_end = true;
		complete_all(&w->terminated);
		break;
	case SMP_WINDOW_UNTIL_TERMINATED:
		deadline = ktime_get_ns() + SMP_WINDOW_MS * NSEC_PER_MSEC;
		while (!completion_done(&w->terminated) && ktime_get_ns() < deadline)
			cpu_relax();
		w->held_to_the_end = completion_done(&w->terminated);
		break;
	case SMP_WINDOW_FIXED:
		mdelay(SMP_RELEASE_WINDOW_MS);
		break;
	}
	WRITE_ONCE(w->window_end, ktime_get_ns());
}

static void netdma_smp_window_done(void *param, const struct dmaengine_result *res)
{
	struct netdma_smp_window *w = param;

	WRITE_ONCE(w->called, true);
}

/* Reaper release: a thread still waiting for terminate stops waiting. */
static void netdma_smp_window_release(void *data)
{
	struct netdma_smp_window *w = data;

	complete_all(&w->terminated);
}

static int netdma_smp_window_fn(void *data)
{
	struct netdma_smp_window *w = data;
	struct dma_async_tx_descriptor *txd;

	txd = dmaengine_prep_dma_memcpy(w->chan, w->dst_dma, w->src_dma, 64,
					DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	w->prepared = txd;
	/* After a release the channel and its descriptors are gone. */
	if (txd && w->mode != SMP_WINDOW_FIXED) {
		txd->callback_result = netdma_smp_window_done;
		txd->callback_param = w;
		/* Submitted only after the terminate that raced the prep. */
		wait_for_completion(&w->terminated);
		w->cookie = dmaengine_submit(txd);
		dma_async_issue_pending(w->chan);
	}
	complete(&w->finished);
	return 0;
}

static void netdma_smp_window_unhook(void *unused)
{
	WRITE_ONCE(netdma_prep_window_hook, NULL);
	WRITE_ONCE(netdma_smp_window, NULL);
}

/* A channel of one, a window structure, the hook armed for @mode. */
static struct netdma_smp_window *
netdma_smp_window_setup(struct kunit *test, enum netdma_smp_window_mode mode,
			struct netdma_fake **fakep)
{
	struct netdma_smp_window *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct netdma_fake *fake;

	KUNIT_ASSERT_NOT_NULL(test, w);
	netdma_smp_need_cpus(test);
	fake = netdma_fake_create(test, 1);
	w->mode = mode;
	w->chan = netdma_fake_get_chan(fake);
	w->nc = to_netdma_chan(w->chan);
	netdma_fake_buf(fake, 64, &w->src_dma);
	netdma_fake_buf(fake, 64, &w->dst_dma);
	init_completion(&w->in_window);
	init_completion(&w->terminated);
	init_completion(&w->finished);
	/* SMP_WINDOW_FIXED releases the channel itself, early. */
	if (mode != SMP_WINDOW_FIXED)
		KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_quiesce,
								   w->chan));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, netdma_smp_window_unhook,
							   NULL));
	WRITE_ONCE(netdma_smp_window, w);
	WRITE_ONCE(netdma_prep_window_hook, netdma_smp_window_hook);
	*fakep = fake;
	return w;
}

/*
 * This thread on CPU 0, the prep's on CPU 1; return once the prep is in
 * its window (the case undoes the affinity).
 */
static void netdma_smp_window_start(struct kunit *test, struct netdma_smp_window *w)
{
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current,
						      cpumask_of(netdma_smp_cpu(0))));
	netdma_smp_thread(test, netdma_smp_window_fn, w, netdma_smp_cpu(1),
			  "netdma-smp-window", netdma_smp_window_release);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&w->in_window, 5 * HZ));
}

/* After the case: the revoked copy stayed the client's; the channel copies. */
static void netdma_smp_window_check(struct kunit *test, struct netdma_fake *fake,
				    struct netdma_smp_window *w)
{
	KUNIT_ASSERT_TRUE(test, w->prepared);
	KUNIT_EXPECT_EQ_MSG(test, w->cookie, -ECANCELED,
			    "the descriptor prepared before terminate was not revoked");
	KUNIT_EXPECT_FALSE(test, READ_ONCE(w->called));
	/* The channel copies again, its callbacks on its completion CPU. */
	KUNIT_EXPECT_EQ(test, netdma_smp_callback_cpu(test, fake, w->chan, netdma_smp_cpu(0)),
			READ_ONCE(w->nc->cpu));
	dmaengine_synchronize(w->chan);
	/* Every slot was given back, the revoked one too. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(w->nc->tail), netdma_head(w->nc));
}

/*
 * Prep takes no lock: it reserves its slot with a compare-and-swap and
 * publishes it when written, preemption off in between. A terminate on
 * another CPU inside that window must not wait for it (it may hold a lock
 * the prep's interrupted CPU spins on), and must still revoke the prep's
 * descriptor: the client's submit, after terminate returned, fails with
 * -ECANCELED and no callback ever runs. The hook holds the prep in its
 * window until terminate has returned, for at most SMP_WINDOW_MS. Session
 * 10's ring.c, whose freezers waited for windows, fails it: "terminate
 * waited for a prep inside its window".
 */
static void netdma_smp_terminate_during_prep(struct kunit *test)
{
	struct netdma_smp_window *w;
	struct netdma_fake *fake;
	bool held;

	w = netdma_smp_window_setup(test, SMP_WINDOW_UNTIL_TERMINATED, &fake);
	netdma_smp_window_start(test, w);
	KUNIT_EXPECT_EQ(test, 0, dmaengine_terminate_sync(w->chan));
	complete_all(&w->terminated);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&w->finished, 5 * HZ));
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	netdma_smp_window_unhook(NULL);
	dmaengine_synchronize(w->chan);

	held = READ_ONCE(w->held_to_the_end);
	KUNIT_EXPECT_TRUE_MSG(test, held, "terminate waited for a prep inside its window");
	netdma_smp_window_check(test, fake, w);
}

/*
 * A terminate that interrupts a prep's window on the prep's own CPU (a
 * client's interrupt handler; here the hook, with preemption off, calls it
 * from inside the window): it cannot wait for the window, which resumes
 * only when it returns. It revokes the descriptor being written; the
 * prep's publication then fails, and the completion work gives the slot
 * back only after the prep is done with it. Session 10's ring.c never
 * returns from this terminate (there the window masked interrupts, so
 * this could not be an interrupt; the hook shows the same wait).
 */
static void netdma_smp_terminate_inside_prep(struct kunit *test)
{
	struct netdma_smp_window *w;
	struct netdma_fake *fake;

	w = netdma_smp_window_setup(test, SMP_WINDOW_TERMINATE_INSIDE, &fake);
	netdma_smp_window_start(test, w);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&w->finished, 5 * HZ));
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	netdma_smp_window_unhook(NULL);
	dmaengine_synchronize(w->chan);

	KUNIT_EXPECT_TRUE(test, w->held_to_the_end);
	KUNIT_EXPECT_EQ(test, w->terminate_ret, 0);
	netdma_smp_window_check(test, fake, w);
}

/*
 * Releasing a channel while a prep on another CPU is inside its window:
 * teardown must not free the ring and the slots before the prep has
 * written them (synchronize_rcu() in netdma_chan_teardown_locked()).
 * Without that wait the prep writes freed memory, which KASAN reports,
 * and release returns before the window ends.
 */
static void netdma_smp_release_during_prep(struct kunit *test)
{
	struct netdma_smp_window *w;
	struct netdma_fake *fake;
	u64 released, window_end;

	w = netdma_smp_window_setup(test, SMP_WINDOW_FIXED, &fake);
	netdma_smp_window_start(test, w);
	netdma_fake_release_now(test, w->chan);
	released = ktime_get_ns();
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&w->finished, 5 * HZ));
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	KUNIT_EXPECT_TRUE(test, w->prepared);
	window_end = READ_ONCE(w->window_end);
	KUNIT_EXPECT_GE_MSG(test, released, window_end,
			    "the channel was released while a prep was inside its window");
}

static struct kunit_case netdma_smp_cases[] = {
	KUNIT_CASE(netdma_smp_submit_four_cpus),
	KUNIT_CASE(netdma_smp_give_back_races_reap),
	KUNIT_CASE(netdma_smp_tail_moves_during_reap),
	KUNIT_CASE(netdma_smp_callback_chain),
	KUNIT_CASE(netdma_smp_callback_on_requested_cpu),
	KUNIT_CASE(netdma_smp_doorbell_irq_runs_at_once),
	KUNIT_CASE(netdma_smp_polled_callback_runs_inline),
	KUNIT_CASE(netdma_smp_polled_tasklet_busy_elsewhere),
	KUNIT_CASE(netdma_smp_kicks_from_two_cpus),
	KUNIT_CASE(netdma_smp_fallback_busy_cpu),
	KUNIT_CASE(netdma_smp_terminate_races_completion),
	KUNIT_CASE(netdma_smp_callback_during_append),
	KUNIT_CASE(netdma_smp_terminate_during_prep),
	KUNIT_CASE(netdma_smp_terminate_inside_prep),
	KUNIT_CASE(netdma_smp_release_during_prep),
	KUNIT_CASE(netdma_smp_issue_leaves_note),
	{}
};

static struct kunit_suite netdma_smp_suite = {
	.name = "netdma_smp",
	.test_cases = netdma_smp_cases,
};

kunit_test_suite(netdma_smp_suite);
