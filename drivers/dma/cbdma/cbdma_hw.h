/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbdma register interface: the I/OAT version 3.x register model, memcpy
 * subset. Offsets and bit values are those of Linux
 * drivers/dma/ioat/registers.h (named in the comments); the behaviour
 * behind them is specified in Documentation/cbdma-hw.rst, which is the
 * contract for the driver, the in-kernel model and the QEMU model.
 */
#ifndef _CBDMA_HW_H
#define _CBDMA_HW_H

#include <linux/bits.h>

/* PCI identity of our device (a test ID, not an assigned production ID) */
#define CBDMA_PCI_VENDOR_ID		0x1234
#define CBDMA_PCI_DEVICE_ID		0xcbd0
/* Intel ID the QEMU model may present instead, so that ioatdma binds */
#define CBDMA_PCI_INTEL_VENDOR_ID	0x8086
#define CBDMA_PCI_INTEL_DEVICE_ID	0x6f20	/* PCI_DEVICE_ID_INTEL_IOAT_BDX0 */

#define CBDMA_MMIO_BAR			0	/* IOAT_MMIO_BAR */
#define CBDMA_MMIO_SIZE			0x4000

/* Device registers */
#define CBDMA_CHANCNT			0x00	/* 8-bit, IOAT_CHANCNT_OFFSET */
#define CBDMA_CHANCNT_MASK		GENMASK(4, 0)
#define CBDMA_XFERCAP			0x01	/* 8-bit, IOAT_XFERCAP_OFFSET */
#define CBDMA_XFERCAP_MASK		GENMASK(4, 0)	/* log2(max bytes) */
#define CBDMA_GENCTRL			0x02	/* 8-bit, IOAT_GENCTRL_OFFSET */
#define CBDMA_GENCTRL_DEBUG_EN		BIT(0)
#define CBDMA_INTRCTRL			0x03	/* 8-bit, IOAT_INTRCTRL_OFFSET */
#define CBDMA_INTRCTRL_MASTER_INT_EN	BIT(0)
#define CBDMA_INTRCTRL_INT_STATUS	BIT(1)	/* RO: ATTNSTATUS != 0 */
#define CBDMA_INTRCTRL_INT		BIT(2)	/* RO: INT_STATUS && MASTER */
#define CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL	BIT(3)
#define CBDMA_ATTNSTATUS		0x04	/* 32-bit, IOAT_ATTNSTATUS_OFFSET */
#define CBDMA_VER			0x08	/* 8-bit, IOAT_VER_OFFSET */
#define CBDMA_VER_MAJOR_MASK		GENMASK(7, 4)
#define CBDMA_VER_MINOR_MASK		GENMASK(3, 0)
#define CBDMA_VER_3_3			0x33	/* IOAT_VER_3_3 */
#define CBDMA_PERPORTOFFSET		0x0a	/* 16-bit, IOAT_PERPORTOFFSET_OFFSET */
#define CBDMA_INTRDELAY			0x0c	/* 16-bit, IOAT_INTRDELAY_OFFSET */
#define CBDMA_INTRDELAY_MASK		GENMASK(13, 0)	/* microseconds */
#define CBDMA_INTRDELAY_COALESCE_SUPPORT	BIT(15)
#define CBDMA_DEVICE_STATUS		0x0e	/* 16-bit, IOAT_DEVICE_STATUS_OFFSET */
#define CBDMA_DMACAP			0x10	/* 32-bit, IOAT_DMA_CAP_OFFSET */
#define CBDMA_CAP_PAGE_BREAK		BIT(0)	/* IOAT_CAP_PAGE_BREAK */
#define CBDMA_CAP_DCA			BIT(4)	/* IOAT_CAP_DCA */
#define CBDMA_CAP_XOR			BIT(8)	/* IOAT_CAP_XOR */
#define CBDMA_CAP_PQ			BIT(9)	/* IOAT_CAP_PQ */
#define CBDMA_CAP_DPS			BIT(23)	/* IOAT_CAP_DPS: prefetch */
#define CBDMA_DCAOFFSET			0x14	/* 16-bit, IOAT_DCAOFFSET_OFFSET */
#define CBDMA_PREFETCH_LIMIT		0x4c	/* 8-bit, IOAT_PREFETCH_LIMIT_OFFSET */

/* Channel register blocks: channel n at CBDMA_CHAN_BASE(n) */
#define CBDMA_CHAN_STRIDE		0x80	/* IOAT_CHANNEL_MMIO_SIZE */
#define CBDMA_CHAN_BASE(n)		(CBDMA_CHAN_STRIDE * ((n) + 1))
#define CBDMA_MAX_CHANNELS		4

#define CBDMA_CHANCTRL			0x00	/* 16-bit, IOAT_CHANCTRL_OFFSET */
#define CBDMA_CHANCTRL_INT_REARM	BIT(0)
#define CBDMA_CHANCTRL_ERR_COMPLETION_EN	BIT(2)
#define CBDMA_CHANCTRL_ANY_ERR_ABORT_EN	BIT(3)
#define CBDMA_CHANCTRL_ERR_INT_EN	BIT(4)
#define CBDMA_CHANCTRL_DESC_ADDR_SNOOP	BIT(5)
#define CBDMA_CHANCTRL_CHANNEL_IN_USE	BIT(8)
#define CBDMA_CHANCTRL_COMPL_DCA_EN	BIT(9)
#define CBDMA_CHANCTRL_PRIORITY_MASK	GENMASK(15, 12)
#define CBDMA_CHANCTRL_RUN		(CBDMA_CHANCTRL_INT_REARM | \
					 CBDMA_CHANCTRL_ERR_INT_EN | \
					 CBDMA_CHANCTRL_ERR_COMPLETION_EN | \
					 CBDMA_CHANCTRL_ANY_ERR_ABORT_EN)
#define CBDMA_DMA_COMP			0x02	/* 16-bit, IOAT_DMA_COMP_OFFSET */
#define CBDMA_DMA_COMP_V2		BIT(1)
#define CBDMA_CHANCMD			0x04	/* 8-bit, IOAT2_CHANCMD_OFFSET */
#define CBDMA_CHANCMD_START		BIT(0)	/* v1 only: CHANCMD error */
#define CBDMA_CHANCMD_APPEND		BIT(1)	/* v1 only: CHANCMD error */
#define CBDMA_CHANCMD_SUSPEND		BIT(2)
#define CBDMA_CHANCMD_ABORT		BIT(3)
#define CBDMA_CHANCMD_RESUME		BIT(4)
#define CBDMA_CHANCMD_RESET		BIT(5)
#define CBDMA_DMACOUNT			0x06	/* 16-bit, IOAT_CHAN_DMACOUNT_OFFSET */
#define CBDMA_CHANSTS			0x08	/* 64-bit, IOAT_CHANSTS_OFFSET */
#define CBDMA_CHANSTS_LOW		0x08
#define CBDMA_CHANSTS_HIGH		0x0c
#define CBDMA_CHANSTS_ADDR_MASK		(~GENMASK_ULL(5, 0))
#define CBDMA_CHANSTS_STATUS_MASK	GENMASK_ULL(2, 0)
/* status values: enum netdma_xfer_status (IOAT_CHANSTS_ACTIVE ... HALTED) */
#define CBDMA_CHAINADDR			0x10	/* 64-bit, IOAT2_CHAINADDR_OFFSET */
#define CBDMA_CHAINADDR_LOW		0x10
#define CBDMA_CHAINADDR_HIGH		0x14
#define CBDMA_CHANCMP			0x18	/* 64-bit, IOAT_CHANCMP_OFFSET */
#define CBDMA_CHANCMP_LOW		0x18
#define CBDMA_CHANCMP_HIGH		0x1c
#define CBDMA_CDAR			0x20	/* 64-bit, IOAT_CDAR_OFFSET */
#define CBDMA_CDAR_LOW			0x20
#define CBDMA_CDAR_HIGH			0x24
#define CBDMA_CHANERR			0x28	/* 32-bit, IOAT_CHANERR_OFFSET, RW1C */
#define CBDMA_CHANERR_SRC_ADDR		BIT(0)
#define CBDMA_CHANERR_DEST_ADDR		BIT(1)
#define CBDMA_CHANERR_NEXT_ADDR		BIT(2)
#define CBDMA_CHANERR_NEXT_DESC_ALIGN	BIT(3)
#define CBDMA_CHANERR_CHAIN_ADDR_VALUE	BIT(4)
#define CBDMA_CHANERR_CHANCMD		BIT(5)
#define CBDMA_CHANERR_READ_DATA		BIT(8)
#define CBDMA_CHANERR_WRITE_DATA	BIT(9)
#define CBDMA_CHANERR_CONTROL		BIT(10)
#define CBDMA_CHANERR_LENGTH		BIT(11)
#define CBDMA_CHANERR_COMPLETION_ADDR	BIT(12)
#define CBDMA_CHANERR_MASK		0x2c	/* 32-bit, IOAT_CHANERR_MASK_OFFSET */
#define CBDMA_DCACTRL			0x30	/* 32-bit, IOAT_DCACTRL_OFFSET */

/*
 * I/OAT 3.4 (ICX) channel registers beyond the 0x80-byte block: silicon
 * with them has one channel per function, so they overlap no other
 * channel's block. The values are ioatdma's (ioat_alloc_chan_resources).
 */
#define CBDMA_CHAN_DRSCTL		0xb6	/* 16-bit, IOAT_CHAN_DRSCTL_OFFSET */
#define CBDMA_CHAN_LTR_SWSEL		0xbc	/* 8-bit, IOAT_CHAN_LTR_SWSEL_OFFSET */
#define CBDMA_CHAN_LTR_SWSEL_ACTIVE	0x0
#define CBDMA_CHAN_LTR_SWSEL_IDLE	0x1
#define CBDMA_CHAN_LTR_ACTIVE		0xc0	/* 32-bit, IOAT_CHAN_LTR_ACTIVE_OFFSET */
#define CBDMA_CHAN_LTR_IDLE		0xc4	/* 32-bit, IOAT_CHAN_LTR_IDLE_OFFSET */
#define CBDMA_CHAN_LTR_SNLATSCALE_1US	0x0800
#define CBDMA_CHAN_LTR_SNREQMNT		0x8000	/* snoop requirement valid */
#define CBDMA_CHAN_LTR_ACTIVE_VAL	(0x0000 | CBDMA_CHAN_LTR_SNLATSCALE_1US | \
					 CBDMA_CHAN_LTR_SNREQMNT)	/* 0 us */
#define CBDMA_CHAN_LTR_IDLE_VAL		(0x0258 | CBDMA_CHAN_LTR_SNLATSCALE_1US | \
					 CBDMA_CHAN_LTR_SNREQMNT)	/* 600 us */
#define CBDMA_CHAN_34_END		0xc8	/* a 3.4 channel's registers end */

/* Every CHANERR bit this device can report */
#define CBDMA_CHANERR_ALL	(CBDMA_CHANERR_SRC_ADDR | \
				 CBDMA_CHANERR_DEST_ADDR | \
				 CBDMA_CHANERR_NEXT_ADDR | \
				 CBDMA_CHANERR_NEXT_DESC_ALIGN | \
				 CBDMA_CHANERR_CHAIN_ADDR_VALUE | \
				 CBDMA_CHANERR_CHANCMD | \
				 CBDMA_CHANERR_READ_DATA | \
				 CBDMA_CHANERR_WRITE_DATA | \
				 CBDMA_CHANERR_CONTROL | \
				 CBDMA_CHANERR_LENGTH | \
				 CBDMA_CHANERR_COMPLETION_ADDR)

#endif /* _CBDMA_HW_H */
