/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NetDMA-compatible provider interface on top of the Linux dmaengine core.
 *
 * The names follow Windows' netdma.h (NET_DMA_DESCRIPTOR,
 * NetDmaRegisterProvider, ...) closely enough to be recognised, in kernel
 * style. Documentation/netdma.rst maps every NetDMA item to its Linux home.
 */
#ifndef _LINUX_NETDMA_H
#define _LINUX_NETDMA_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/*
 * Interface version, reported by netdma_get_version() as (major << 16) |
 * minor, as NetDmaGetVersion() does. A provider may register any version up
 * to this one.
 */
#define NETDMA_VERSION_MAJOR	2
#define NETDMA_VERSION_MINOR	0
#define NETDMA_VERSION		((NETDMA_VERSION_MAJOR << 16) | NETDMA_VERSION_MINOR)

/* NET_DMA_DESCRIPTOR ControlFlags */
#define NETDMA_CTL_INT_ON_COMPLETION	BIT(0)	/* NET_DMA_INTERRUPT_ON_COMPLETION */
#define NETDMA_CTL_SRC_NO_SNOOP		BIT(1)	/* NET_DMA_SOURCE_NO_SNOOP */
#define NETDMA_CTL_DST_NO_SNOOP		BIT(2)	/* NET_DMA_DESTINATION_NO_SNOOP */
#define NETDMA_CTL_STATUS_UPDATE	BIT(3)	/* NET_DMA_STATUS_UPDATE_ON_COMPLETION */
#define NETDMA_CTL_FENCE		BIT(4)	/* NET_DMA_SERIALIZE_TRANSFER */
#define NETDMA_CTL_NULL			BIT(5)	/* NET_DMA_NULL_TRANSFER */
#define NETDMA_CTL_SRC_PAGE_BREAK	BIT(6)	/* NET_DMA_SOURCE_PAGE_BREAK */
#define NETDMA_CTL_DST_PAGE_BREAK	BIT(7)	/* NET_DMA_DESTINATION_PAGE_BREAK */
#define NETDMA_CTL_DST_DCA_ENABLE	BIT(9)	/* NET_DMA_DESTINATION_DCA_ENABLE */
#define NETDMA_CTL_OP_MASK		GENMASK(31, 24)	/* NET_DMA_OP_TYPE_MASK */
#define NETDMA_OP_STANDARD_DMA		0x00	/* NET_DMA_OP_TYPE_STANDARD_DMA */
#define NETDMA_OP_CONTEXT_CHANGE	0xff	/* NET_DMA_OP_TYPE_CONTEXT_CHANGE */

/**
 * struct netdma_desc - one hardware descriptor (NET_DMA_DESCRIPTOR)
 * @transfer_size: bytes to copy; for a context-change descriptor, the DCA
 *	context (the APIC ID of the target CPU).
 * @control: NETDMA_CTL_* flags, operation type in bits 31:24.
 * @src: bus address of the source (SourceAddress).
 * @dst: bus address of the destination (DestinationAddress).
 * @next: bus address of the next descriptor (NextDescriptor). With the
 *	counted chains of NetDMA 2.0 it is never zero: the last descriptor
 *	always points at the one that will head the next append.
 * @next_src: source continuation after a page break (NextSourceAddress).
 * @next_dst: destination continuation after a page break
 *	(NextDestinationAddress).
 * @user_context1: owned by the shim, never read by the hardware.
 * @user_context2: owned by the shim, never read by the hardware.
 *
 * The layout is that of the Intel CB DMA (I/OAT) descriptor that NetDMA was
 * modelled on: 64 bytes, 64-byte aligned, little endian.
 */
struct netdma_desc {
	__le32 transfer_size;
	__le32 control;
	__le64 src;
	__le64 dst;
	__le64 next;
	__le64 next_src;
	__le64 next_dst;
	__le64 user_context1;
	__le64 user_context2;
} __aligned(64);

#define NETDMA_DESC_SIZE	64
static_assert(sizeof(struct netdma_desc) == NETDMA_DESC_SIZE);

/*
 * Completion writeback (NET_DMA_TRANSFER_STATUS): one 64-bit word holding
 * the bus address of the last processed descriptor OR'd with a 3-bit status.
 * Descriptors are 64-byte aligned, so the address keeps bits 63:6.
 */
#define NETDMA_STATUS_MASK		GENMASK_ULL(2, 0)
#define NETDMA_COMPLETION_ADDR_MASK	(~GENMASK_ULL(5, 0))

/**
 * enum netdma_xfer_status - status in the completion writeback word
 * @NETDMA_STATUS_ACTIVE: descriptor done, more pending (Active).
 * @NETDMA_STATUS_IDLE: descriptor done, it was the last pending one (Idle).
 * @NETDMA_STATUS_SUSPENDED: suspend completed, channel halted (Suspend).
 * @NETDMA_STATUS_HALTED: aborted by error, abort or reset (Halted).
 * @NETDMA_STATUS_ARMED: first descriptor not complete yet; the address is
 *	not valid (Armed).
 */
enum netdma_xfer_status {
	NETDMA_STATUS_ACTIVE = 0,
	NETDMA_STATUS_IDLE = 1,
	NETDMA_STATUS_SUSPENDED = 2,
	NETDMA_STATUS_HALTED = 3,
	NETDMA_STATUS_ARMED = 4,
};

#endif /* _LINUX_NETDMA_H */
