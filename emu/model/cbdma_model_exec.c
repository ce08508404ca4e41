// SPDX-License-Identifier: GPL-2.0
/*
 * The cbdma model's engine: fetches and executes descriptors, writes the
 * completion word, signals interrupts, runs channel commands and applies
 * injected faults, as Documentation/cbdma-hw.rst specifies.
 *
 * Everything here runs with model->lock held except cbdma_model_fire() and
 * the work function, which take it themselves.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "cbdma_model_priv.h"

/* Control bits the device accepts; any other bit is a CONTROL error. */
#define CBDMA_MODEL_CTL_KNOWN	(NETDMA_CTL_INT_ON_COMPLETION | \
				 NETDMA_CTL_SRC_NO_SNOOP | \
				 NETDMA_CTL_DST_NO_SNOOP | \
				 NETDMA_CTL_STATUS_UPDATE | \
				 NETDMA_CTL_FENCE | \
				 NETDMA_CTL_NULL | \
				 NETDMA_CTL_DST_DCA_ENABLE)

/* What one step of the engine did */
enum cbdma_model_step {
	CBDMA_STEP_DONE,	/* a descriptor completed */
	CBDMA_STEP_STOP,	/* error, hang or nothing to do */
};

static bool cbdma_model_ram_ok(const struct cbdma_model *model, u64 addr,
			       u64 len)
{
	return len && addr >= model->ram_start && addr < model->ram_end &&
	       len <= model->ram_end - addr;
}

u64 cbdma_model_chansts(const struct cbdma_model_chan *ch)
{
	return ch->last | ch->status;
}

/*
 * Strict: an address beyond the personality's width faults, as silicon
 * that drives fewer address bits would (its upper bits never reach the
 * bus). Counted and logged; without strict the width is not checked.
 */
bool cbdma_model_addr_ok(struct cbdma_model_chan *ch, u64 addr, u64 len)
{
	struct cbdma_model *model = ch->model;
	u64 last = addr + (len ? len - 1 : 0);

	if (!model->cfg.strict || model->addr_bits >= 64 ||
	    (addr < BIT_ULL(model->addr_bits) && last < BIT_ULL(model->addr_bits) &&
	     last >= addr))
		return true;
	ch->cnt.addr_faults++;
	pr_warn_ratelimited("cbdma-model: strict: chan %u: address %#llx (+%llu) beyond the %u-bit address width\n",
			    ch->index, addr, len, model->addr_bits);
	return false;
}

static bool cbdma_model_completion_ok(struct cbdma_model_chan *ch)
{
	return IS_ALIGNED(ch->chancmp, sizeof(u64)) &&
	       cbdma_model_addr_ok(ch, ch->chancmp, sizeof(u64)) &&
	       cbdma_model_ram_ok(ch->model, ch->chancmp, sizeof(u64));
}

/* The caller has checked the address. */
static void cbdma_model_write_completion(struct cbdma_model_chan *ch, u64 val)
{
	__le64 *word = phys_to_virt(ch->chancmp);

	/* Data before status: the completion word is the last write. */
	wmb();
	WRITE_ONCE(*word, cpu_to_le64(val));
	ch->cnt.completion_writes++;
}

/* Without per-channel vectors (INTx, MSI), all channels share vector 0. */
static unsigned int cbdma_model_vector(const struct cbdma_model_chan *ch)
{
	return ch->model->intrctrl & CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL ?
	       ch->index : 0;
}

/*
 * Send a vector's message: held back in the Pending Bit Array while its
 * MSI-X entry is masked (on BWD a RESET leaves entry 0 masked), sent when
 * the entry is unmasked.
 */
void cbdma_model_raise(struct cbdma_model *model, unsigned int vector)
{
	if (model->msix[vector][CBDMA_MODEL_MSIX_CTRL / 4] &
	    CBDMA_MODEL_MSIX_MASKBIT)
		model->msix_pending |= BIT(vector);
	else
		model->raise |= BIT(vector);
}

/* Signal the channel's vector if the channel is armed (or note it pending). */
static void cbdma_model_deliver(struct cbdma_model_chan *ch)
{
	struct cbdma_model *model = ch->model;

	if (!ch->int_pending || ch->coalescing || !ch->armed || model->gone ||
	    !(model->intrctrl & CBDMA_INTRCTRL_MASTER_INT_EN))
		return;

	ch->int_pending = false;
	ch->armed = false;
	model->attnstatus |= BIT(ch->index);
	if (ch->drop_irq) {
		ch->drop_irq = false;
		ch->cnt.irqs_dropped++;
		return;
	}
	cbdma_model_raise(model, cbdma_model_vector(ch));
	ch->cnt.irqs++;
}

void cbdma_model_deliver_all(struct cbdma_model *model)
{
	unsigned int i;

	for (i = 0; i < model->cfg.channels; i++)
		cbdma_model_deliver(&model->chan[i]);
}

/*
 * An interrupt event. With INTRDELAY set, the first event opens a window
 * of that many microseconds; events in it merge into one interrupt at its
 * end.
 */
static void cbdma_model_interrupt(struct cbdma_model_chan *ch)
{
	u16 delay_us = ch->model->intrdelay;

	/* Strict: silicon is not trusted to latch an event while disarmed. */
	if (ch->model->cfg.strict && !ch->armed) {
		ch->cnt.events_dropped++;
		return;
	}

	ch->int_pending = true;
	if (delay_us && !ch->coalescing) {
		ch->coalescing = true;
		hrtimer_start(&ch->coalesce, ns_to_ktime(delay_us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL);
	}
	cbdma_model_deliver(ch);
}

enum hrtimer_restart cbdma_model_coalesce_end(struct hrtimer *timer)
{
	struct cbdma_model_chan *ch =
		container_of(timer, struct cbdma_model_chan, coalesce);
	struct cbdma_model *model = ch->model;
	unsigned long flags;

	spin_lock_irqsave(model->lock, flags);
	ch->coalescing = false;
	cbdma_model_deliver(ch);
	spin_unlock_irqrestore(model->lock, flags);
	cbdma_model_fire(model);
	return HRTIMER_NORESTART;
}

/*
 * Strict: no completion word on a halt or a suspend. FreeBSD's ioat(4)
 * found that silicon does not reliably push those statuses to memory; a
 * driver must read CHANSTS to see them.
 */
static bool cbdma_model_status_writes(struct cbdma_model_chan *ch)
{
	return !ch->model->cfg.strict;
}

/* Halt on error: CHANERR, CHANSTS, CDAR, then completion word, interrupt. */
static void cbdma_model_halt_error(struct cbdma_model_chan *ch, u32 err,
				   u64 desc_addr)
{
	ch->chanerr |= err;
	/* Strict, silicon below 3.3 (and SKX): config space latches it too. */
	if (ch->model->cfg.strict && ch->model->pers->chanerr_int)
		ch->model->chanerr_int |= err;
	ch->status = NETDMA_STATUS_HALTED;
	ch->cdar = desc_addr;
	ch->cnt.errors++;
	if (cbdma_model_status_writes(ch) &&
	    (ch->chanctrl & CBDMA_CHANCTRL_ERR_COMPLETION_EN) &&
	    !(err & CBDMA_CHANERR_COMPLETION_ADDR) &&
	    cbdma_model_completion_ok(ch))
		cbdma_model_write_completion(ch, cbdma_model_chansts(ch));
	if (ch->chanctrl & CBDMA_CHANCTRL_ERR_INT_EN)
		cbdma_model_interrupt(ch);
}

static bool cbdma_model_runnable(const struct cbdma_model_chan *ch)
{
	return !ch->hung && !ch->late && !ch->stalled &&
	       ch->count != ch->dmacount &&
	       (ch->status == NETDMA_STATUS_ARMED ||
		ch->status == NETDMA_STATUS_ACTIVE ||
		ch->status == NETDMA_STATUS_IDLE);
}

/* Which fault applies to the descriptor about to be fetched, if any. */
static bool cbdma_model_take_fault(struct cbdma_model_chan *ch,
				   enum cbdma_model_fault *fault)
{
	if (!ch->fault_armed)
		return false;
	if (ch->fault_after) {
		ch->fault_after--;
		return false;
	}
	ch->fault_armed = false;
	*fault = ch->fault;
	return true;
}

static u32 cbdma_model_fetch_error(struct cbdma_model_chan *ch, u64 addr)
{
	if (!IS_ALIGNED(addr, NETDMA_DESC_SIZE))
		return ch->chain_head ? CBDMA_CHANERR_CHAIN_ADDR_VALUE :
					CBDMA_CHANERR_NEXT_DESC_ALIGN;
	if (!cbdma_model_addr_ok(ch, addr, NETDMA_DESC_SIZE) ||
	    !cbdma_model_ram_ok(ch->model, addr, NETDMA_DESC_SIZE))
		return ch->chain_head ? CBDMA_CHANERR_CHAIN_ADDR_VALUE :
					CBDMA_CHANERR_NEXT_ADDR;
	return 0;
}

/* Check and perform the data transfer of one fetched descriptor. */
static u32 cbdma_model_transfer(struct cbdma_model_chan *ch,
				const struct netdma_desc *desc,
				bool fail_read, bool fail_write)
{
	struct cbdma_model *model = ch->model;
	u32 ctl = le32_to_cpu(desc->control);
	u64 len = le32_to_cpu(desc->transfer_size);
	u64 src = le64_to_cpu(desc->src);
	u64 dst = le64_to_cpu(desc->dst);

	if (ctl & ~CBDMA_MODEL_CTL_KNOWN)
		return CBDMA_CHANERR_CONTROL;
	/* 3.0 silicon checks a NULL descriptor's size too (ioatdma uses 1). */
	if (ctl & NETDMA_CTL_NULL)
		return model->cfg.strict && !len ? CBDMA_CHANERR_LENGTH : 0;
	if (!len || len > BIT_ULL(model->cfg.xfercap_log))
		return CBDMA_CHANERR_LENGTH;
	if (!cbdma_model_addr_ok(ch, src, len) ||
	    !cbdma_model_ram_ok(model, src, len))
		return CBDMA_CHANERR_SRC_ADDR;
	if (!cbdma_model_addr_ok(ch, dst, len) ||
	    !cbdma_model_ram_ok(model, dst, len))
		return CBDMA_CHANERR_DEST_ADDR;
	if (fail_read)
		return CBDMA_CHANERR_READ_DATA;
	if (fail_write)
		return CBDMA_CHANERR_WRITE_DATA;
	if (!model->cfg.no_copy) {
		memmove(phys_to_virt(dst), phys_to_virt(src), len);
		ch->cnt.bytes += len;
	}
	return 0;
}

/* Fetch, execute and complete the descriptor at ch->next. */
static enum cbdma_model_step cbdma_model_step(struct cbdma_model_chan *ch)
{
	bool fail_read = false, fail_write = false;
	enum cbdma_model_fault fault;
	u64 addr = ch->next;
	struct netdma_desc desc;
	u32 ctl, err;
	u64 word;

	ch->cdar = addr;
	if (cbdma_model_take_fault(ch, &fault)) {
		switch (fault) {
		case CBDMA_FAULT_SRC_READ:
			fail_read = true;
			break;
		case CBDMA_FAULT_DST_WRITE:
			fail_write = true;
			break;
		case CBDMA_FAULT_NEXT_ADDR:
			cbdma_model_halt_error(ch, CBDMA_CHANERR_NEXT_ADDR, addr);
			return CBDMA_STEP_STOP;
		case CBDMA_FAULT_HANG:
			ch->hung = true;
			return CBDMA_STEP_STOP;
		case CBDMA_FAULT_DROP_IRQ:
			ch->drop_irq = true;
			break;
		case CBDMA_FAULT_SPURIOUS_IRQ:
			cbdma_model_raise(ch->model, cbdma_model_vector(ch));
			ch->cnt.irqs++;
			ch->cnt.irqs_spurious++;
			break;
		case CBDMA_FAULT_BAD_COMPLETION:
			ch->bad_completion = true;
			break;
		case CBDMA_FAULT_LATE_COMPLETION:
			ch->late = true;
			return CBDMA_STEP_STOP;
		}
	}

	err = cbdma_model_fetch_error(ch, addr);
	if (err) {
		cbdma_model_halt_error(ch, err, addr);
		return CBDMA_STEP_STOP;
	}
	memcpy(&desc, phys_to_virt(addr), sizeof(desc));
	ch->chain_head = false;

	err = cbdma_model_transfer(ch, &desc, fail_read, fail_write);
	if (err) {
		cbdma_model_halt_error(ch, err, addr);
		return CBDMA_STEP_STOP;
	}

	/* Complete: count, CHANSTS, completion word, then interrupt. */
	ch->count++;
	ch->last = addr;
	ch->next = le64_to_cpu(desc.next);
	ch->cdar = ch->next;
	ch->status = ch->count == ch->dmacount ? NETDMA_STATUS_IDLE :
						  NETDMA_STATUS_ACTIVE;
	ch->cnt.descs++;

	ctl = le32_to_cpu(desc.control);
	if (ctl & NETDMA_CTL_STATUS_UPDATE) {
		if (!cbdma_model_completion_ok(ch)) {
			cbdma_model_halt_error(ch, CBDMA_CHANERR_COMPLETION_ADDR,
					       addr);
			return CBDMA_STEP_STOP;
		}
		word = cbdma_model_chansts(ch);
		if (ch->bad_completion) {
			ch->bad_completion = false;
			word = CBDMA_MODEL_BAD_COMPLETION_ADDR | ch->status;
		}
		cbdma_model_write_completion(ch, word);
	}
	if (ctl & NETDMA_CTL_INT_ON_COMPLETION)
		cbdma_model_interrupt(ch);
	return CBDMA_STEP_DONE;
}

/* Run every pending descriptor now (synchronous mode). */
static void cbdma_model_run(struct cbdma_model_chan *ch)
{
	while (cbdma_model_runnable(ch)) {
		if (cbdma_model_step(ch) != CBDMA_STEP_DONE)
			break;
		if (ch->delay_us)
			udelay(ch->delay_us);
	}
}

void cbdma_model_kick(struct cbdma_model_chan *ch)
{
	u64 start;

	if (!cbdma_model_runnable(ch))
		return;
	if (ch->model->cfg.exec != CBDMA_MODEL_EXEC_SYNC) {
		queue_work(system_unbound_wq, &ch->work);
		return;
	}
	if (!ch->model->timed) {
		cbdma_model_run(ch);
		return;
	}
	start = ktime_get_ns();
	cbdma_model_run(ch);
	ch->cnt.exec_ns += ktime_get_ns() - start;
}

void cbdma_model_chan_work(struct work_struct *work)
{
	struct cbdma_model_chan *ch =
		container_of(work, struct cbdma_model_chan, work);
	struct cbdma_model *model = ch->model;
	enum cbdma_model_step step;
	unsigned int delay_us;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(model->lock, flags);
		if (model->dying || model->gone || !cbdma_model_runnable(ch)) {
			spin_unlock_irqrestore(model->lock, flags);
			return;
		}
		step = cbdma_model_step(ch);
		delay_us = ch->delay_us;
		spin_unlock_irqrestore(model->lock, flags);

		cbdma_model_fire(model);
		if (step != CBDMA_STEP_DONE)
			return;
		if (delay_us)
			fsleep(delay_us);
		else
			cond_resched();
	}
}

void cbdma_model_fire(struct cbdma_model *model)
{
	unsigned long flags, raise;
	unsigned int vector;

	spin_lock_irqsave(model->lock, flags);
	raise = model->raise & ~model->held;
	model->in_transit |= model->raise & model->held;
	model->raise = 0;
	spin_unlock_irqrestore(model->lock, flags);

	for_each_set_bit(vector, &raise, CBDMA_MAX_CHANNELS)
		irq_set_irqchip_state(model->virq[vector],
				      IRQCHIP_STATE_PENDING, true);
}

void cbdma_model_chan_reset(struct cbdma_model_chan *ch)
{
	/* IN_USE is the owner's claim, not channel state: RESET keeps it. */
	ch->chanctrl &= CBDMA_CHANCTRL_CHANNEL_IN_USE;
	ch->dmacount = 0;
	ch->count = 0;
	ch->chainaddr = 0;
	ch->chancmp = 0;
	ch->cdar = 0;
	/* Strict: pessimistic silicon keeps CHANERR until written back. */
	if (!ch->model->cfg.strict)
		ch->chanerr = 0;
	ch->chanerr_mask = 0;
	ch->dcactrl = 0;
	ch->status = NETDMA_STATUS_HALTED;
	ch->last = 0;
	ch->next = 0;
	ch->chain_head = false;
	ch->armed = false;
	ch->int_pending = false;
	/* A stale window timer finds nothing pending; a new one restarts it. */
	ch->coalescing = false;
	ch->hung = false;
	ch->late = false;
	ch->arm_posted = false;
	ch->drsctl = 0;
	ch->ltr_swsel = 0;
	ch->ltr_active = 0;
	ch->ltr_idle = 0;
	ch->model->attnstatus &= ~BIT(ch->index);
}

void cbdma_model_write_chanctrl(struct cbdma_model_chan *ch, u16 val)
{
	ch->chanctrl = val & (CBDMA_CHANCTRL_ERR_COMPLETION_EN |
			      CBDMA_CHANCTRL_ANY_ERR_ABORT_EN |
			      CBDMA_CHANCTRL_ERR_INT_EN |
			      CBDMA_CHANCTRL_DESC_ADDR_SNOOP |
			      CBDMA_CHANCTRL_CHANNEL_IN_USE |
			      CBDMA_CHANCTRL_COMPL_DCA_EN |
			      CBDMA_CHANCTRL_PRIORITY_MASK);
	if (val & CBDMA_CHANCTRL_INT_REARM) {
		/* Late completion: the re-arm stays posted (see the fault). */
		if (ch->late) {
			ch->arm_posted = true;
			hrtimer_start(&ch->posted, ns_to_ktime(CBDMA_MODEL_POSTED_NS),
				      HRTIMER_MODE_REL);
			return;
		}
		ch->armed = true;
		cbdma_model_deliver(ch);
	}
}

/* A posted re-arm takes effect; the late descriptor completes first. */
static void cbdma_model_take_posted(struct cbdma_model_chan *ch)
{
	if (!ch->arm_posted)
		return;
	ch->arm_posted = false;
	ch->late = false;
	cbdma_model_kick(ch);
	ch->armed = true;
	cbdma_model_deliver(ch);
}

/* An MMIO read: posted writes reach the device before it completes. */
void cbdma_model_flush_posted(struct cbdma_model *model)
{
	unsigned int i;

	for (i = 0; i < model->cfg.channels; i++)
		cbdma_model_take_posted(&model->chan[i]);
}

enum hrtimer_restart cbdma_model_posted_end(struct hrtimer *timer)
{
	struct cbdma_model_chan *ch =
		container_of(timer, struct cbdma_model_chan, posted);
	struct cbdma_model *model = ch->model;
	unsigned long flags;

	spin_lock_irqsave(model->lock, flags);
	cbdma_model_take_posted(ch);
	spin_unlock_irqrestore(model->lock, flags);
	cbdma_model_fire(model);
	return HRTIMER_NORESTART;
}

void cbdma_model_write_dmacount(struct cbdma_model_chan *ch, u16 val)
{
	ch->dmacount = val;
	ch->cnt.doorbells++;
	if (ch->status == NETDMA_STATUS_IDLE && ch->count != ch->dmacount)
		ch->status = NETDMA_STATUS_ACTIVE;
	cbdma_model_kick(ch);
}

/* Commit of a CHAINADDR write (its high half, or a 64-bit write). */
void cbdma_model_write_chainaddr(struct cbdma_model_chan *ch)
{
	if (ch->status == NETDMA_STATUS_HALTED && ch->chanerr)
		return;
	/* Strict CHANERR_INT: stored only, the channel stays HALTED. */
	if (ch->model->chanerr_int) {
		ch->cnt.loads_refused++;
		return;
	}
	if (cbdma_model_runnable(ch) || ch->hung) {
		/* Loading a new chain under a running one: programming error. */
		cbdma_model_halt_error(ch, CBDMA_CHANERR_CHAIN_ADDR_VALUE,
				       ch->cdar);
		return;
	}
	ch->next = ch->chainaddr;
	ch->cdar = ch->chainaddr;
	ch->chain_head = true;
	ch->count = 0;
	ch->dmacount = 0;
	ch->last = 0;
	ch->status = NETDMA_STATUS_ARMED;
}

static void cbdma_model_suspend(struct cbdma_model_chan *ch)
{
	if (ch->status == NETDMA_STATUS_HALTED ||
	    ch->status == NETDMA_STATUS_SUSPENDED)
		return;
	ch->status = NETDMA_STATUS_SUSPENDED;
	if (cbdma_model_status_writes(ch) && cbdma_model_completion_ok(ch))
		cbdma_model_write_completion(ch, cbdma_model_chansts(ch));
}

static void cbdma_model_resume(struct cbdma_model_chan *ch)
{
	struct netdma_desc *desc;

	if (ch->status != NETDMA_STATUS_SUSPENDED)
		return;
	if (ch->last) {
		/* Re-read the last descriptor: the driver may have relinked. */
		desc = phys_to_virt(ch->last);
		ch->next = le64_to_cpu(READ_ONCE(desc->next));
		ch->cdar = ch->next;
		ch->status = ch->count == ch->dmacount ? NETDMA_STATUS_IDLE :
							  NETDMA_STATUS_ACTIVE;
	} else {
		ch->status = NETDMA_STATUS_ARMED;
	}
	cbdma_model_kick(ch);
}

static void cbdma_model_abort(struct cbdma_model_chan *ch)
{
	if (ch->status == NETDMA_STATUS_HALTED)
		return;
	ch->hung = false;
	ch->status = NETDMA_STATUS_HALTED;
	if (cbdma_model_status_writes(ch) && cbdma_model_completion_ok(ch))
		cbdma_model_write_completion(ch, cbdma_model_chansts(ch));
}

/*
 * A command written while commands are held waits, as on a device still
 * busy with its current descriptor; with cmd_us it waits that long. CHANCMD
 * reads it back meanwhile, and a later one replaces it.
 */
void cbdma_model_write_chancmd(struct cbdma_model_chan *ch, u8 cmd)
{
	const u8 timed = CBDMA_CHANCMD_SUSPEND | CBDMA_CHANCMD_RESUME |
			 CBDMA_CHANCMD_ABORT | CBDMA_CHANCMD_RESET;
	unsigned int us = ch->model->cfg.cmd_us;

	if (cmd && ch->held_cmd)
		ch->cnt.cmds_replaced++;
	if (ch->cmds_held && cmd) {
		ch->held_cmd = cmd;
		return;
	}
	if (us && (cmd & timed)) {
		ch->held_cmd = cmd;
		ch->cmd_due = ktime_add_us(ktime_get(), us);
		ch->cnt.cmds_delayed++;
		hrtimer_start(&ch->cmd_timer, ch->cmd_due, HRTIMER_MODE_ABS);
		return;
	}
	cbdma_model_run_chancmd(ch, cmd);
}

/*
 * Carry out a command whose cmd_us has passed. Called before every access
 * to the channel's registers and by @cmd_timer, so a driver polling CHANSTS
 * or CHANCMD sees the command done as soon as its time has come, however
 * late the timer runs. Commands held by cbdma_model_hold_cmds() wait for
 * it alone.
 */
void cbdma_model_settle_cmd(struct cbdma_model_chan *ch)
{
	u8 cmd = ch->held_cmd;

	if (!cmd || ch->cmds_held || ktime_before(ktime_get(), ch->cmd_due))
		return;
	ch->held_cmd = 0;
	cbdma_model_run_chancmd(ch, cmd);
}

enum hrtimer_restart cbdma_model_cmd_end(struct hrtimer *timer)
{
	struct cbdma_model_chan *ch =
		container_of(timer, struct cbdma_model_chan, cmd_timer);
	struct cbdma_model *model = ch->model;
	unsigned long flags;

	spin_lock_irqsave(model->lock, flags);
	if (!model->gone)
		cbdma_model_settle_cmd(ch);
	spin_unlock_irqrestore(model->lock, flags);
	cbdma_model_fire(model);
	return HRTIMER_NORESTART;
}

void cbdma_model_run_chancmd(struct cbdma_model_chan *ch, u8 cmd)
{
	/*
	 * Strict: ABORT and RESUME are ignored, not CHANCMD errors. An error
	 * halt would stop the channel, which is all an ABORT asks for, and so
	 * hide a driver that relies on them; ignored, they leave the channel
	 * running (ABORT) or SUSPENDED (RESUME), as on silicon that does not
	 * act on them.
	 */
	if (ch->model->cfg.strict &&
	    (cmd == CBDMA_CHANCMD_ABORT || cmd == CBDMA_CHANCMD_RESUME)) {
		ch->cnt.cmds_ignored++;
		return;
	}
	switch (cmd) {
	case 0:
		break;
	case CBDMA_CHANCMD_SUSPEND:
		cbdma_model_suspend(ch);
		break;
	case CBDMA_CHANCMD_RESUME:
		cbdma_model_resume(ch);
		break;
	case CBDMA_CHANCMD_ABORT:
		cbdma_model_abort(ch);
		break;
	case CBDMA_CHANCMD_RESET:
		if (ch->model->cfg.strict &&
		    (ch->status == NETDMA_STATUS_ACTIVE ||
		     ch->status == NETDMA_STATUS_IDLE))
			ch->cnt.resets_running++;
		cbdma_model_chan_reset(ch);
		/* cbdma_model_reset_fault(): an error RESET does not clear. */
		ch->chanerr |= ch->reset_chanerr;
		ch->cnt.resets++;
		/* BWD/BDX-DE: MSI-X entry 0 comes out zeroed and masked. */
		if (ch->model->pers->msix_clobber) {
			memset(ch->model->msix[0], 0, sizeof(ch->model->msix[0]));
			ch->model->msix[0][CBDMA_MODEL_MSIX_CTRL / 4] =
				CBDMA_MODEL_MSIX_MASKBIT;
		}
		break;
	default:
		/* START, APPEND (version 1) or several commands at once */
		cbdma_model_halt_error(ch, CBDMA_CHANERR_CHANCMD, ch->cdar);
		break;
	}
}
