// SPDX-License-Identifier: GPL-2.0
/*
 * Register-level checks of the QEMU cbdma model against
 * Documentation/cbdma-hw.rst, run in the guest by scripts/e2e-ioat.sh on a
 * second cbdma function with our own ID (1234:cbd0), next to the one
 * ioatdma drives. It covers what ioatdma never does: SUSPEND, RESUME and
 * relinking, ABORT, CHANCMD errors, every descriptor error with its
 * CHANSTS/CDAR/completion word, the interrupt latch and re-arm, RESET
 * values and a doorbell larger than the model's per-write budget.
 *
 * Interrupts stay unrequested: the checks poll, and look at ATTNSTATUS.
 * Results: "cbdma_regtest: ok N - name" / "not ok N - name: why", then
 * "cbdma_regtest: done, P passed, F failed".
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/string.h>

/* Offsets and bits: drivers/dma/ioat/registers.h, as cbdma-hw.rst names */
#define CHANCNT		0x00
#define XFERCAP		0x01
#define INTRCTRL	0x03
#define ATTNSTATUS	0x04
#define VER		0x08
#define PERPORTOFFSET	0x0a
#define INTRDELAY	0x0c
#define DMACAP		0x10
#define CH(n)		(0x80 * ((n) + 1))
#define CHANCTRL	0x00
#define DMA_COMP	0x02
#define CHANCMD		0x04
#define DMACOUNT	0x06
#define CHANSTS		0x08
#define CHAINADDR	0x10
#define CHANCMP		0x18
#define CDAR		0x20
#define CHANERR		0x28

#define CMD_START	0x01
#define CMD_SUSPEND	0x04
#define CMD_ABORT	0x08
#define CMD_RESUME	0x10
#define CMD_RESET	0x20

#define CTRL_REARM	0x01
#define CTRL_ERR_COMPL	0x04
#define CTRL_ERR_INT	0x10
#define CTRL_RUN	0x1d

#define ST_ACTIVE	0
#define ST_IDLE		1
#define ST_SUSPENDED	2
#define ST_HALTED	3
#define ST_ARMED	4

#define E_SRC_ADDR	0x0001
#define E_DEST_ADDR	0x0002
#define E_NEXT_ALIGN	0x0008
#define E_CHAIN_ADDR	0x0010
#define E_CHANCMD	0x0020
#define E_CONTROL	0x0400
#define E_LENGTH	0x0800
#define E_COMPL_ADDR	0x1000

#define D_INT		0x001
#define D_STATUS	0x008
#define D_NULL		0x020
#define D_SRC_BRK	0x040

struct desc {
	__le32 size;
	__le32 ctl;
	__le64 src;
	__le64 dst;
	__le64 next;
	__le64 rsvd[4];
};

#define NDESC		256
#define RING_OFF	0
#define COMPL_OFF	(NDESC * 64)
#define SRC_OFF		(COMPL_OFF + 0x1000)
#define DST_OFF		(SRC_OFF + 0x1000)
#define BUF_SIZE	(DST_OFF + NDESC * 64)
#define CHUNK		64	/* bytes copied per descriptor, dst[i] at i * 64 */

struct rt {
	struct pci_dev *pdev;
	void __iomem *bar;
	void __iomem *ch;
	u8 *buf;
	dma_addr_t dma;
	struct desc *ring;
	u64 *compl;
	int idx;	/* channel under test */
	int pass, fail;
	bool ok;
};

static void check(struct rt *t, bool cond, const char *what, u64 got, u64 exp)
{
	if (cond)
		return;
	if (t->ok)
		pr_err("cbdma_regtest: %s: got %#llx, expected %#llx\n",
		       what, got, exp);
	t->ok = false;
}

#define EQ(t, what, got, exp) do {				\
	u64 __g = (got), __e = (exp);				\
	check(t, __g == __e, what, __g, __e);			\
} while (0)

static dma_addr_t daddr(struct rt *t, unsigned int i)
{
	return t->dma + RING_OFF + i * 64;
}

static dma_addr_t dst_of(struct rt *t, unsigned int i)
{
	return t->dma + DST_OFF + i * CHUNK;
}

/* Descriptor i copies CHUNK bytes of src to dst slot i; next = i + 1 */
static void mkdesc(struct rt *t, unsigned int i, u32 ctl)
{
	struct desc *d = &t->ring[i];

	memset(d, 0, sizeof(*d));
	d->size = cpu_to_le32(CHUNK);
	d->ctl = cpu_to_le32(ctl);
	d->src = cpu_to_le64(t->dma + SRC_OFF);
	d->dst = cpu_to_le64(dst_of(t, i));
	d->next = cpu_to_le64(daddr(t, (i + 1) % NDESC));
}

static bool copied(struct rt *t, unsigned int i)
{
	return !memcmp(t->buf + DST_OFF + i * CHUNK, t->buf + SRC_OFF, CHUNK);
}

static u64 sts(struct rt *t)
{
	return readq(t->ch + CHANSTS);
}

/* Wait until CHANSTS leaves ARMED/ACTIVE (or 100 ms pass). */
static u64 settle(struct rt *t)
{
	u64 s = sts(t);
	int i;

	for (i = 0; i < 10000 && ((s & 7) == ST_ARMED || (s & 7) == ST_ACTIVE);
	     i++) {
		usleep_range(10, 20);
		s = sts(t);
	}
	return s;
}

/* RESET the channel and start a chain at descriptor first */
static void start(struct rt *t, u16 ctrl, unsigned int first)
{
	writeb(CMD_RESET, t->ch + CHANCMD);
	EQ(t, "CHANCMD after RESET", readb(t->ch + CHANCMD), 0);
	writeb(0x01, t->bar + INTRCTRL);	/* MASTER_INT_EN, shared mode */
	readl(t->bar + ATTNSTATUS);
	memset(t->buf + DST_OFF, 0, NDESC * CHUNK);
	*t->compl = 0;
	writew(ctrl, t->ch + CHANCTRL);
	writel(lower_32_bits(t->dma + COMPL_OFF), t->ch + CHANCMP);
	writel(upper_32_bits(t->dma + COMPL_OFF), t->ch + CHANCMP + 4);
	writel(lower_32_bits(daddr(t, first)), t->ch + CHAINADDR);
	writel(upper_32_bits(daddr(t, first)), t->ch + CHAINADDR + 4);
}

static void t_identity(struct rt *t)
{
	EQ(t, "VER", readb(t->bar + VER), 0x33);
	EQ(t, "CHANCNT", readb(t->bar + CHANCNT) & 0x1f, 4);
	EQ(t, "XFERCAP", readb(t->bar + XFERCAP) & 0x1f, 20);
	EQ(t, "PERPORTOFFSET", readw(t->bar + PERPORTOFFSET), 0x80);
	EQ(t, "INTRDELAY", readw(t->bar + INTRDELAY), 0x8000);
	EQ(t, "DMACAP", readl(t->bar + DMACAP), 0);
	EQ(t, "DMA_COMP", readw(t->ch + DMA_COMP), 2);
	writeb(CMD_RESET, t->ch + CHANCMD);
	EQ(t, "CHANSTS after RESET", sts(t), ST_HALTED);
	EQ(t, "CHANERR after RESET", readl(t->ch + CHANERR), 0);
	EQ(t, "absent channel 4", readl(t->bar + CH(4) + CHANERR), 0);
	writew(CTRL_RUN, t->ch + CHANCTRL);
	EQ(t, "CHANCTRL", readw(t->ch + CHANCTRL), CTRL_RUN);
	EQ(t, "CHANCTRL read with the wrong width", readl(t->ch + CHANCTRL), 0);
}

static void t_copy_append(struct rt *t)
{
	int i;

	for (i = 0; i < 6; i++)
		mkdesc(t, i, i == 2 || i == 4 ? D_STATUS : 0);
	start(t, CTRL_RUN, 0);
	EQ(t, "CHANSTS after load", sts(t), ST_ARMED);
	EQ(t, "CDAR after load", readq(t->ch + CDAR), daddr(t, 0));
	writew(3, t->ch + DMACOUNT);
	EQ(t, "CHANSTS after 3", settle(t), daddr(t, 2) | ST_IDLE);
	EQ(t, "completion after 3", *t->compl, daddr(t, 2) | ST_IDLE);
	EQ(t, "CDAR after 3", readq(t->ch + CDAR), daddr(t, 3));
	check(t, copied(t, 0) && copied(t, 2) && !copied(t, 3), "data", 0, 0);
	writew(5, t->ch + DMACOUNT);
	EQ(t, "CHANSTS after append", settle(t), daddr(t, 4) | ST_IDLE);
	EQ(t, "completion after append", *t->compl, daddr(t, 4) | ST_IDLE);
	check(t, copied(t, 4) && !copied(t, 5), "appended data", 0, 0);
}

static void t_null(struct rt *t)
{
	mkdesc(t, 0, D_NULL | D_STATUS);
	t->ring[0].size = cpu_to_le32(1);
	t->ring[0].src = 0;
	t->ring[0].dst = 0;
	start(t, CTRL_RUN, 0);
	writew(1, t->ch + DMACOUNT);
	EQ(t, "NULL", settle(t), daddr(t, 0) | ST_IDLE);
	EQ(t, "NULL completion", *t->compl, daddr(t, 0) | ST_IDLE);
}

static void t_suspend_relink(struct rt *t)
{
	int i;

	for (i = 0; i < 8; i++)
		mkdesc(t, i, D_STATUS);
	start(t, CTRL_RUN, 0);
	writew(2, t->ch + DMACOUNT);
	settle(t);
	writeb(CMD_SUSPEND, t->ch + CHANCMD);
	EQ(t, "SUSPENDED", sts(t), daddr(t, 1) | ST_SUSPENDED);
	EQ(t, "SUSPENDED completion", *t->compl, daddr(t, 1) | ST_SUSPENDED);
	/* skip descriptor 2: 1 -> 3 */
	t->ring[1].next = cpu_to_le64(daddr(t, 3));
	writew(3, t->ch + DMACOUNT);
	EQ(t, "still SUSPENDED", sts(t), daddr(t, 1) | ST_SUSPENDED);
	writeb(CMD_RESUME, t->ch + CHANCMD);
	EQ(t, "after RESUME", settle(t), daddr(t, 3) | ST_IDLE);
	check(t, !copied(t, 2) && copied(t, 3), "relinked data", 0, 0);
	/* SUSPEND before anything completed, RESUME goes back to ARMED */
	start(t, CTRL_RUN, 0);
	writeb(CMD_SUSPEND, t->ch + CHANCMD);
	EQ(t, "SUSPENDED from ARMED", sts(t), ST_SUSPENDED);
	writeb(CMD_RESUME, t->ch + CHANCMD);
	EQ(t, "ARMED after RESUME", sts(t), ST_ARMED);
	writew(1, t->ch + DMACOUNT);
	EQ(t, "runs after RESUME", settle(t), daddr(t, 0) | ST_IDLE);
}

static void t_abort(struct rt *t)
{
	int i;

	for (i = 0; i < 4; i++)
		mkdesc(t, i, 0);
	start(t, CTRL_RUN, 0);
	writew(2, t->ch + DMACOUNT);
	settle(t);
	writeb(CMD_ABORT, t->ch + CHANCMD);
	EQ(t, "ABORT", sts(t), daddr(t, 1) | ST_HALTED);
	EQ(t, "ABORT completion", *t->compl, daddr(t, 1) | ST_HALTED);
	EQ(t, "ABORT CHANERR", readl(t->ch + CHANERR), 0);
	EQ(t, "ABORT no event", readl(t->bar + ATTNSTATUS), 0);
	writew(4, t->ch + DMACOUNT);
	EQ(t, "DMACOUNT in HALTED", sts(t), daddr(t, 1) | ST_HALTED);
	/* a new chain without RESET */
	writel(lower_32_bits(daddr(t, 2)), t->ch + CHAINADDR);
	writel(upper_32_bits(daddr(t, 2)), t->ch + CHAINADDR + 4);
	EQ(t, "load after ABORT", sts(t), ST_ARMED);
	writew(2, t->ch + DMACOUNT);
	EQ(t, "run after ABORT", settle(t), daddr(t, 3) | ST_IDLE);
}

static void t_chancmd_error(struct rt *t)
{
	mkdesc(t, 0, 0);
	start(t, CTRL_RUN, 0);
	writeb(CMD_START, t->ch + CHANCMD);
	EQ(t, "CHANCMD error", sts(t), ST_HALTED);
	EQ(t, "CHANCMD CHANERR", readl(t->ch + CHANERR), E_CHANCMD);
	EQ(t, "CHANCMD completion", *t->compl, ST_HALTED);
	writel(lower_32_bits(daddr(t, 0)), t->ch + CHAINADDR);
	writel(upper_32_bits(daddr(t, 0)), t->ch + CHAINADDR + 4);
	EQ(t, "load refused", sts(t), ST_HALTED);
	writel(E_CHANCMD, t->ch + CHANERR);
	EQ(t, "CHANERR RW1C", readl(t->ch + CHANERR), 0);
	writel(upper_32_bits(daddr(t, 0)), t->ch + CHAINADDR + 4);
	EQ(t, "load after clear", sts(t), ST_ARMED);
}

/*
 * Descriptor 1 of a 3-descriptor chain is bad: the channel halts with err,
 * CHANSTS and the completion word point at descriptor 0 and CDAR at cdar.
 */
static void bad_second(struct rt *t, u32 err, dma_addr_t cdar)
{
	u64 s;

	writew(3, t->ch + DMACOUNT);
	s = settle(t);
	EQ(t, "CHANERR", readl(t->ch + CHANERR), err);
	EQ(t, "CHANSTS", s, daddr(t, 0) | ST_HALTED);
	EQ(t, "completion", *t->compl, daddr(t, 0) | ST_HALTED);
	EQ(t, "CDAR", readq(t->ch + CDAR), cdar);
	EQ(t, "error event", readl(t->bar + ATTNSTATUS), BIT(t->idx));
	check(t, copied(t, 0) && !copied(t, 1) && !copied(t, 2), "data", 0, 0);
}

static void chain3(struct rt *t)
{
	int i;

	for (i = 0; i < 3; i++)
		mkdesc(t, i, 0);
	start(t, CTRL_RUN, 0);
	readl(t->bar + ATTNSTATUS);
}

static void t_length(struct rt *t)
{
	chain3(t);
	t->ring[1].size = 0;
	bad_second(t, E_LENGTH, daddr(t, 1));
	chain3(t);
	t->ring[1].size = cpu_to_le32((1 << 20) + 1);
	bad_second(t, E_LENGTH, daddr(t, 1));
}

static void t_control(struct rt *t)
{
	chain3(t);
	t->ring[1].ctl = cpu_to_le32(D_SRC_BRK);
	bad_second(t, E_CONTROL, daddr(t, 1));
	chain3(t);
	t->ring[1].ctl = cpu_to_le32(0xff000000);
	bad_second(t, E_CONTROL, daddr(t, 1));
}

static void t_addr(struct rt *t)
{
	/* the local APIC and the device's own BAR are not RAM */
	chain3(t);
	t->ring[1].src = cpu_to_le64(0xfee00000);
	bad_second(t, E_SRC_ADDR, daddr(t, 1));
	chain3(t);
	t->ring[1].dst = cpu_to_le64(pci_resource_start(t->pdev, 0));
	bad_second(t, E_DEST_ADDR, daddr(t, 1));
}

static void t_next_align(struct rt *t)
{
	chain3(t);
	t->ring[0].next = cpu_to_le64(daddr(t, 1) + 8);
	bad_second(t, E_NEXT_ALIGN, daddr(t, 1) + 8);
}

static void t_chain_addr(struct rt *t)
{
	mkdesc(t, 0, 0);
	start(t, CTRL_RUN, 0);
	writel(lower_32_bits(daddr(t, 0) + 32), t->ch + CHAINADDR);
	writel(upper_32_bits(daddr(t, 0)), t->ch + CHAINADDR + 4);
	writew(1, t->ch + DMACOUNT);
	settle(t);
	EQ(t, "CHAIN_ADDR_VALUE", readl(t->ch + CHANERR), E_CHAIN_ADDR);
	EQ(t, "CHANSTS", sts(t), ST_HALTED);
	EQ(t, "CDAR", readq(t->ch + CDAR), daddr(t, 0) + 32);
}

static void t_completion_addr(struct rt *t)
{
	mkdesc(t, 0, 0);
	mkdesc(t, 1, D_STATUS);
	mkdesc(t, 2, 0);
	start(t, CTRL_RUN, 0);
	writel(lower_32_bits(t->dma + COMPL_OFF + 4), t->ch + CHANCMP);
	writew(3, t->ch + DMACOUNT);
	EQ(t, "COMPLETION_ADDR", readl(t->ch + CHANERR), E_COMPL_ADDR);
	EQ(t, "CHANSTS: the descriptor completed", settle(t),
	   daddr(t, 1) | ST_HALTED);
	EQ(t, "CDAR", readq(t->ch + CDAR), daddr(t, 1));
	check(t, copied(t, 1) && !copied(t, 2), "data", 0, 0);
	/* no ERR_COMPLETION_EN: an error halt writes nothing */
	chain3(t);
	writew(CTRL_REARM | CTRL_ERR_INT, t->ch + CHANCTRL);
	t->ring[1].size = 0;
	writew(3, t->ch + DMACOUNT);
	settle(t);
	EQ(t, "no completion word", *t->compl, 0);
}

static void t_interrupt_latch(struct rt *t)
{
	mkdesc(t, 0, D_INT);
	mkdesc(t, 1, D_INT);
	start(t, 0, 0);			/* not armed */
	readl(t->bar + ATTNSTATUS);
	writeb(0x01, t->bar + INTRCTRL);	/* MASTER_INT_EN, shared */
	writew(1, t->ch + DMACOUNT);
	settle(t);
	EQ(t, "unarmed: no signal", readl(t->bar + ATTNSTATUS), 0);
	EQ(t, "INTRCTRL", readb(t->bar + INTRCTRL), 0x01);
	writew(CTRL_REARM, t->ch + CHANCTRL);
	EQ(t, "INTRCTRL INT_STATUS|INT", readb(t->bar + INTRCTRL), 0x07);
	EQ(t, "re-arm signals the latched event",
	   readl(t->bar + ATTNSTATUS), BIT(t->idx));
	EQ(t, "INT_REARM reads 0 once consumed", readw(t->ch + CHANCTRL), 0);
	EQ(t, "ATTNSTATUS read clears", readl(t->bar + ATTNSTATUS), 0);
	writew(2, t->ch + DMACOUNT);
	settle(t);
	EQ(t, "consumed arm: no signal", readl(t->bar + ATTNSTATUS), 0);
	writeb(0, t->bar + INTRCTRL);
	writew(CTRL_REARM, t->ch + CHANCTRL);
	EQ(t, "INT_REARM reads 1 while armed", readw(t->ch + CHANCTRL),
	   CTRL_REARM);
	EQ(t, "master off: no signal", readl(t->bar + ATTNSTATUS), 0);
	writeb(0x01, t->bar + INTRCTRL);
	EQ(t, "master on: signalled", readl(t->bar + ATTNSTATUS),
	   BIT(t->idx));
	writeb(0, t->bar + INTRCTRL);
}

static void t_coalescing(struct rt *t)
{
	int i;

	for (i = 0; i < 3; i++)
		mkdesc(t, i, D_INT);
	start(t, CTRL_RUN, 0);
	writew(16000, t->bar + INTRDELAY);	/* 16 ms, near the 14-bit maximum */
	EQ(t, "INTRDELAY", readw(t->bar + INTRDELAY), 0x8000 | 16000);
	writew(1, t->ch + DMACOUNT);
	settle(t);
	EQ(t, "window open: not yet", readl(t->bar + ATTNSTATUS), 0);
	writew(2, t->ch + DMACOUNT);	/* merges into the same interrupt */
	settle(t);
	msleep(60);
	EQ(t, "window closed: signalled", readl(t->bar + ATTNSTATUS),
	   BIT(t->idx));
	writew(0, t->bar + INTRDELAY);
	writew(CTRL_REARM, t->ch + CHANCTRL);
	EQ(t, "merged: nothing left", readl(t->bar + ATTNSTATUS), 0);
	writew(3, t->ch + DMACOUNT);
	settle(t);
	EQ(t, "INTRDELAY 0: at once", readl(t->bar + ATTNSTATUS), BIT(t->idx));
}

static void t_reset_values(struct rt *t)
{
	mkdesc(t, 0, D_STATUS);
	start(t, CTRL_RUN, 0);
	writew(1, t->ch + DMACOUNT);
	settle(t);
	writeb(CMD_RESET, t->ch + CHANCMD);
	EQ(t, "CHANCTRL", readw(t->ch + CHANCTRL), 0);
	EQ(t, "DMACOUNT", readw(t->ch + DMACOUNT), 0);
	EQ(t, "CHANSTS", sts(t), ST_HALTED);
	EQ(t, "CHAINADDR", readq(t->ch + CHAINADDR), 0);
	EQ(t, "CHANCMP", readq(t->ch + CHANCMP), 0);
	EQ(t, "CDAR", readq(t->ch + CDAR), 0);
	EQ(t, "CHANERR", readl(t->ch + CHANERR), 0);
	EQ(t, "no completion word on RESET", *t->compl,
	   daddr(t, 0) | ST_IDLE);
}

static void t_long_chain(struct rt *t)
{
	int i, bad = 0;

	for (i = 0; i < NDESC; i++)
		mkdesc(t, i, i == NDESC - 2 ? D_STATUS : 0);
	start(t, CTRL_RUN, 0);
	writew(NDESC - 1, t->ch + DMACOUNT);	/* > 64, the per-write budget */
	EQ(t, "long chain", settle(t), daddr(t, NDESC - 2) | ST_IDLE);
	EQ(t, "long chain completion", *t->compl,
	   daddr(t, NDESC - 2) | ST_IDLE);
	for (i = 0; i < NDESC - 1; i++)
		bad += !copied(t, i);
	EQ(t, "descriptors not copied", bad, 0);
	writew(0xffff, t->ch + CHANCTRL);
	EQ(t, "CHANCTRL stored bits", readw(t->ch + CHANCTRL), 0xf33d);
}

static const struct {
	const char *name;
	void (*fn)(struct rt *t);
} tests[] = {
	{ "identity and reset state", t_identity },
	{ "copy, completion word, append", t_copy_append },
	{ "NULL descriptor", t_null },
	{ "SUSPEND, relink, RESUME", t_suspend_relink },
	{ "ABORT, new chain without RESET", t_abort },
	{ "CHANCMD error, CHANERR RW1C", t_chancmd_error },
	{ "LENGTH_ERR", t_length },
	{ "CONTROL_ERR", t_control },
	{ "SRC_ADDR_ERR, DEST_ADDR_ERR", t_addr },
	{ "NEXT_DESC_ALIGN_ERR", t_next_align },
	{ "CHAIN_ADDR_VALUE_ERR", t_chain_addr },
	{ "COMPLETION_ADDR_ERR, ERR_COMPLETION_EN", t_completion_addr },
	{ "interrupt latch, re-arm, MASTER_INT_EN", t_interrupt_latch },
	{ "INTRDELAY coalescing", t_coalescing },
	{ "RESET values", t_reset_values },
	{ "chain longer than the per-write budget", t_long_chain },
};

static int regtest_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct rt *t;
	int i, err;

	t = devm_kzalloc(&pdev->dev, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	err = pcim_iomap_regions(pdev, BIT(0), "cbdma_regtest");
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		return err;
	pci_set_master(pdev);
	t->pdev = pdev;
	t->bar = pcim_iomap_table(pdev)[0];
	t->ch = t->bar + CH(0);
	t->buf = dmam_alloc_coherent(&pdev->dev, BUF_SIZE, &t->dma,
				     GFP_KERNEL);
	if (!t->buf)
		return -ENOMEM;
	t->ring = (struct desc *)(t->buf + RING_OFF);
	t->compl = (u64 *)(t->buf + COMPL_OFF);
	memset(t->buf + SRC_OFF, 0xa5, 0x1000);
	get_random_bytes(t->buf + SRC_OFF, CHUNK);

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		t->ok = true;
		t->idx = i % 4;
		t->ch = t->bar + CH(t->idx);
		tests[i].fn(t);
		writeb(CMD_RESET, t->ch + CHANCMD);
		writeb(0, t->bar + INTRCTRL);
		writew(0, t->bar + INTRDELAY);
		readl(t->bar + ATTNSTATUS);
		pr_info("cbdma_regtest: %s %d - %s (channel %d)\n",
			t->ok ? "ok" : "not ok", i + 1, tests[i].name, i % 4);
		if (t->ok)
			t->pass++;
		else
			t->fail++;
	}
	pr_info("cbdma_regtest: done, %d passed, %d failed\n", t->pass,
		t->fail);
	return 0;
}

static const struct pci_device_id regtest_ids[] = {
	{ PCI_DEVICE(0x1234, 0xcbd0) },
	{ }
};
MODULE_DEVICE_TABLE(pci, regtest_ids);

static struct pci_driver regtest_driver = {
	.name = "cbdma_regtest",
	.id_table = regtest_ids,
	.probe = regtest_probe,
};
module_pci_driver(regtest_driver);

MODULE_DESCRIPTION("Register-level checks of the QEMU cbdma model");
MODULE_LICENSE("GPL");
