// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated interrupts the cbdma model signals through.
 *
 * The model raises its vectors with irq_set_irqchip_state() on an irq_sim
 * domain, from whatever CPU wrote the register that caused the event,
 * including from inside a handler: cbdma's handler re-arms its channel,
 * and a re-arm with an event pending raises the vector at once. irq_sim
 * runs the handlers from an irq_work that walks its pending bitmap upwards
 * from the last bit it handled. In Linux 7.3 (and since irq_sim took a
 * pending bitmap) a bit set below that position while the walk runs is never
 * reached: the walk passes the end of the bitmap, "handles" the interrupt
 * one past the last, for which irq_find_mapping() returns 0, and calls
 * handle_simple_irq() on interrupt 0, which on UML is the timer. Each such
 * call is a spurious tick (jiffies run ahead of the wall clock, RCU reports
 * stalls, jiffies-based timeouts fire early), and the walk repeats it until
 * another run of the work clears the bit: on UML SMP, where irq_work waits
 * for a tick, for seconds, or for ever. The rig's kernel carries
 * scripts/patches/uml-7.3-irq-sim-wrap-around.patch; this case fails
 * without it.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/kernel_stat.h>
#include <linux/ktime.h>
#include <linux/sched.h>

#define CHAIN_LINKS	8	/* round trips high -> low -> high */

/**
 * struct irq_sim_chain - two simulated interrupts that raise each other
 * @virq: the Linux interrupt numbers of hwirq 0 and hwirq 1.
 * @runs: handler runs per hwirq.
 * @left: round trips still to go; only hwirq 0's handler touches it, and
 *	one interrupt's handler never runs on two CPUs at once.
 * @done: completed by hwirq 0's handler on the last round trip.
 */
struct irq_sim_chain {
	unsigned int virq[2];
	atomic_t runs[2];
	unsigned int left;
	struct completion done;
};

/*
 * hwirq 1 raises hwirq 0, the one below it, from inside its handler: the
 * pattern that sends an unpatched irq_sim past the end of its bitmap.
 * hwirq 0 raises hwirq 1 again until the chain is done.
 */
static irqreturn_t irq_sim_chain_handler(int irq, void *data)
{
	struct irq_sim_chain *c = data;

	if (irq == c->virq[1]) {
		atomic_inc(&c->runs[1]);
		irq_set_irqchip_state(c->virq[0], IRQCHIP_STATE_PENDING, true);
		return IRQ_HANDLED;
	}
	atomic_inc(&c->runs[0]);
	if (--c->left)
		irq_set_irqchip_state(c->virq[1], IRQCHIP_STATE_PENDING, true);
	else
		complete(&c->done);
	return IRQ_HANDLED;
}

/* Interrupt 0 on @cpu: the UML timer, the only handler of that number. */
static unsigned int timer_irqs_on(unsigned int cpu)
{
	return kstat_irqs_cpu(0, cpu);
}

static void cbdma_model_irq_sim_lower_raised_in_handler(struct kunit *test)
{
	struct irq_sim_chain *c;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	unsigned int cpu, before, after, i;
	u64 t0, ticks;
	bool done;
	int ret;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->done);
	c->left = CHAIN_LINKS;

	fwnode = irq_domain_alloc_named_fwnode("kunit-irq-sim-chain");
	KUNIT_ASSERT_NOT_NULL(test, fwnode);
	domain = irq_domain_create_sim(fwnode, 2);
	if (IS_ERR(domain)) {
		irq_domain_free_fwnode(fwnode);
		KUNIT_FAIL(test, "irq_domain_create_sim: %ld", PTR_ERR(domain));
		return;
	}
	for (i = 0; i < 2; i++) {
		c->virq[i] = irq_create_mapping(domain, i);
		KUNIT_EXPECT_NE(test, c->virq[i], 0U);
	}
	ret = -EINVAL;
	if (c->virq[0] && c->virq[1]) {
		ret = request_irq(c->virq[0], irq_sim_chain_handler, 0,
				  "kunit-irq-sim-0", c);
		if (!ret) {
			ret = request_irq(c->virq[1], irq_sim_chain_handler, 0,
					  "kunit-irq-sim-1", c);
			if (ret)
				free_irq(c->virq[0], c);
		}
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (ret)
		goto out;

	/*
	 * irq_work runs on the CPU that queued it, and every later raise
	 * comes from a handler on that CPU: stay on it to count its timer
	 * interrupts.
	 */
	migrate_disable();
	cpu = smp_processor_id();
	before = timer_irqs_on(cpu);
	t0 = ktime_get_ns();
	irq_set_irqchip_state(c->virq[1], IRQCHIP_STATE_PENDING, true);
	done = wait_for_completion_timeout(&c->done, 10 * HZ);
	ticks = div_u64(ktime_get_ns() - t0, TICK_NSEC);
	after = timer_irqs_on(cpu);
	migrate_enable();

	KUNIT_EXPECT_TRUE_MSG(test, done, "the chain stopped after %d+%d runs",
			      atomic_read(&c->runs[0]),
			      atomic_read(&c->runs[1]));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs[0]), CHAIN_LINKS);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs[1]), CHAIN_LINKS);
	/*
	 * The real tick of the elapsed time, and two for the edges; every
	 * round trip of an unpatched irq_sim adds one more.
	 */
	KUNIT_EXPECT_LE_MSG(test, after - before, ticks + 2,
			    "%u timer interrupts on CPU %u in %llu ticks' time: irq_sim dispatched past its last interrupt",
			    after - before, cpu, ticks);

	free_irq(c->virq[1], c);
	free_irq(c->virq[0], c);
out:
	for (i = 0; i < 2; i++)
		if (c->virq[i])
			irq_dispose_mapping(c->virq[i]);
	irq_domain_remove_sim(domain);
	irq_domain_free_fwnode(fwnode);
}

static struct kunit_case cbdma_model_irq_sim_cases[] = {
	KUNIT_CASE(cbdma_model_irq_sim_lower_raised_in_handler),
	{}
};

static struct kunit_suite cbdma_model_irq_sim_suite = {
	.name = "cbdma_model_irq_sim",
	.test_cases = cbdma_model_irq_sim_cases,
};

kunit_test_suite(cbdma_model_irq_sim_suite);

MODULE_DESCRIPTION("KUnit test for the simulated interrupts of the cbdma model");
MODULE_LICENSE("GPL");
