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
#include <linux/dmaengine.h>
#include <linux/types.h>

struct cpumask;
struct device;

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

/*
 * Provider interface (NetDmaRegisterProvider and friends).
 *
 * A provider is a controller driver that knows its registers and nothing of
 * dmaengine cookies; the shim (netdma.ko) owns the struct dma_device, the
 * descriptor rings, the completion writeback words and the completion work.
 */

struct netdma_provider;		/* the shim's per-provider handle (opaque) */
struct netdma_channel;		/* the shim's per-channel handle (opaque) */

/**
 * struct netdma_channel_cpu_affinity - one channel's interrupt CPU
 *	(NET_DMA_CHANNEL_CPU_AFFINITY)
 * @channel: hardware channel index, 0 .. max_channels - 1 (DmaChannel).
 * @cpu: target CPU of the channel's interrupt (CpuNumber). The provider
 *	may overwrite it with the CPU it could really target.
 */
struct netdma_channel_cpu_affinity {
	u32 channel;
	u32 cpu;
};

#define NETDMA_CHANNEL_PARAMS_REVISION	1	/* NET_DMA_CHANNEL_REVISION_x */

/**
 * struct netdma_channel_params - input to the alloc_channel callback
 *	(NET_DMA_CHANNEL_PARAMETERS)
 * @revision: NETDMA_CHANNEL_PARAMS_REVISION (Revision).
 * @size: sizeof(struct netdma_channel_params) (Size).
 * @flags: none defined, 0 (Flags).
 * @completion_virt: CPU address of the channel's 64-bit completion
 *	writeback word (CompletionVirtualAddress). Coherent, 64-byte aligned,
 *	owned by the shim.
 * @completion_dma: bus address of the same word, to program into the
 *	hardware (CompletionPhysicalAddress).
 * @affinity: CPUs the client wants completion work on
 *	(ProcessorAffinityMask / ProcessorAffinityMaskEx); valid only during
 *	the alloc_channel call.
 * @priority: channel priority, higher is more, 0 by default (ChannelPriority).
 * @channel: Linux addition: the hardware channel index to allocate.
 * @cpu: in: the CPU the shim proposes for completion work (the channel's
 *	interrupt CPU when it is in @affinity, else a CPU of @affinity);
 *	out: the CPU the provider's interrupt targets (CpuNumber). The shim
 *	runs completion work on this CPU when it is online.
 */
struct netdma_channel_params {
	u16 revision;
	u16 size;
	u32 flags;
	__le64 *completion_virt;
	dma_addr_t completion_dma;
	const struct cpumask *affinity;
	u32 priority;
	unsigned int channel;
	unsigned int cpu;
};

/*
 * What a provider's resume callback returns when it reset the channel
 * instead of resuming it (see &struct netdma_provider_ops).
 */
#define NETDMA_RESUME_RESTART	1

/**
 * struct netdma_provider_ops - provider callbacks (the function pointers of
 *	NET_DMA_PROVIDER_CHARACTERISTICS)
 * @set_channel_cpu_affinity: ProviderSetDmaChannelCpuAffinity. For
 *	providers with NETDMA_PROVIDER_PER_CHANNEL_IRQ: from
 *	netdma_register_provider() with one entry per channel (@count
 *	entries, not bytes), and again with one entry for an allocated
 *	channel whose completion work CPU hotplug moves (the CPU going down,
 *	or the channel's CPU coming back). Apply the CPUs to the per-channel
 *	MSI-X vectors; may write back the effective CPU. Process context,
 *	possibly a CPU hotplug callback: must not take cpus_read_lock().
 * @alloc_channel: ProviderAllocateDmaChannel, mandatory. Prepare hardware
 *	channel @params->channel: program the completion address, keep
 *	@handle for netdma_isr(), return a context in @chan_ctx and set
 *	@params->cpu. Process context, may sleep. The channel must be usable
 *	when it returns 0.
 * @free_channel: ProviderFreeDmaChannel, mandatory. Nothing is outstanding
 *	and the shim makes no further call for the channel. Process context.
 * @start: ProviderStartDma, mandatory. Load @desc (bus address @desc_dma)
 *	as the new head and run @count descriptors, ignoring what the channel
 *	did before. Called with a spinlock held: must not sleep. May call
 *	netdma_isr() and netdma_channel_error() synchronously.
 * @append: ProviderAppendDma, mandatory. Add @count descriptors to the
 *	channel's count; @desc is the first of them (the one the previous
 *	last descriptor's next already points at). Same context as @start,
 *	but the spinlock is one the completion work does not take: the work
 *	may reap and run callbacks of this channel on another CPU meanwhile.
 *
 * The shim never runs two of @start, @append, @suspend, @resume, @abort and
 * @reset for one channel at once.
 * @suspend: ProviderSuspendDma, optional (needs @resume). Finish the current
 *	descriptor, halt, write NETDMA_STATUS_SUSPENDED and return the last
 *	processed descriptor in @last_desc. Must not sleep.
 * @resume: ProviderResumeDma, optional. Continue after @suspend. A
 *	provider that cannot resume (silicon whose RESUME command is not to
 *	be relied on) may instead reset the channel, ready for @start, and
 *	return %NETDMA_RESUME_RESTART: the shim reaps what completed and
 *	starts the channel again at its first unfinished descriptor. Must
 *	not sleep.
 * @abort: ProviderAbortDma, optional. Stop at once and write
 *	NETDMA_STATUS_HALTED; the channel must then accept @start. Must not
 *	sleep.
 * @reset: ProviderResetChannel, optional. As @abort, and return the channel
 *	to its state after allocation. Must not sleep.
 *
 * Every callback returning int returns 0 or a negative errno, but for
 * @resume's %NETDMA_RESUME_RESTART.
 */
struct netdma_provider_ops {
	int (*set_channel_cpu_affinity)(void *provider_ctx,
					struct netdma_channel_cpu_affinity *table,
					unsigned int count);
	int (*alloc_channel)(void *provider_ctx,
			     struct netdma_channel_params *params,
			     struct netdma_channel *handle, void **chan_ctx);
	void (*free_channel)(void *chan_ctx);
	int (*start)(void *chan_ctx, struct netdma_desc *desc,
		     dma_addr_t desc_dma, unsigned int count);
	int (*append)(void *chan_ctx, struct netdma_desc *desc,
		      dma_addr_t desc_dma, unsigned int count);
	int (*suspend)(void *chan_ctx, dma_addr_t *last_desc);
	int (*resume)(void *chan_ctx);
	int (*abort)(void *chan_ctx);
	int (*reset)(void *chan_ctx);
};

/* NET_DMA_PROVIDER_CHARACTERISTICS_DCA_SUPPORTED; DCA is not implemented. */
#define NETDMA_PROVIDER_DCA_SUPPORTED	BIT(0)
/*
 * Linux addition: one interrupt (MSI-X vector) per channel. The shim then
 * hands the provider a channel->CPU table at registration, as NetDMA does
 * on MSI-X machines.
 */
#define NETDMA_PROVIDER_PER_CHANNEL_IRQ	BIT(16)
#define NETDMA_PROVIDER_FLAGS		(NETDMA_PROVIDER_DCA_SUPPORTED | \
					 NETDMA_PROVIDER_PER_CHANNEL_IRQ)

/**
 * struct netdma_provider_characteristics - input to
 *	netdma_register_provider() (NET_DMA_PROVIDER_CHARACTERISTICS)
 * @major_version: NetDMA interface version the provider implements
 *	(MajorVersion); at most NETDMA_VERSION_MAJOR.
 * @minor_version: MinorVersion.
 * @size: sizeof(struct netdma_provider_characteristics) (Size).
 * @flags: NETDMA_PROVIDER_* (Flags).
 * @dev: the device that does the DMA (PhysicalDeviceObject): descriptor
 *	rings are allocated for it and its NUMA node places the channels.
 *	Must be bound to a driver when the provider is started.
 * @max_channels: number of hardware channels (MaxDmaChannelCount).
 * @ops: the callbacks.
 * @friendly_name: name for logs (FriendlyName); mandatory from version 2.0.
 */
struct netdma_provider_characteristics {
	u8 major_version;
	u8 minor_version;
	u16 size;
	u32 flags;
	struct device *dev;
	u32 max_channels;
	const struct netdma_provider_ops *ops;
	const char *friendly_name;
};

/**
 * struct netdma_provider_attributes - input to netdma_provider_start()
 *	(NET_DMA_PROVIDER_ATTRIBUTES)
 * @major_hw_version: hardware version (MajorHwVersion).
 * @minor_hw_version: MinorHwVersion.
 * @size: sizeof(struct netdma_provider_attributes) (Size).
 * @flags: reserved, 0 (Flags).
 * @vendor_id: PCI vendor ID (VendorId).
 * @channel_count: channels present, 1 .. max_channels (DmaChannelCount).
 * @max_transfer_size: bytes per descriptor, at least 4096
 *	(MaximumTransferSize); longer copies are split.
 * @max_address: highest bus address the engine reaches
 *	(MaximumAddressSpace); prep refuses copies beyond it.
 */
struct netdma_provider_attributes {
	u8 major_hw_version;
	u8 minor_hw_version;
	u16 size;
	u32 flags;
	u32 vendor_id;
	u32 channel_count;
	u32 max_transfer_size;
	u64 max_address;
};

#define NETDMA_MIN_TRANSFER_SIZE	4096

/**
 * enum netdma_pnp_code - NET_DMA_PNP_NOTIFICATION_CODE
 * @NETDMA_PNP_PROVIDER_REGISTERED: client side only, rejected.
 * @NETDMA_PNP_PROVIDER_ARRIVAL: client side only, rejected.
 * @NETDMA_PNP_PROVIDER_REMOVAL: client side only, rejected.
 * @NETDMA_PNP_CHANNEL_ARRIVAL: client side only, rejected.
 * @NETDMA_PNP_POWER_DOWN: the provider is about to enter low power.
 * @NETDMA_PNP_POWER_UP: the provider is back in the working state.
 */
enum netdma_pnp_code {
	NETDMA_PNP_PROVIDER_REGISTERED = 1,
	NETDMA_PNP_PROVIDER_ARRIVAL = 2,
	NETDMA_PNP_PROVIDER_REMOVAL = 3,
	NETDMA_PNP_CHANNEL_ARRIVAL = 4,
	NETDMA_PNP_POWER_DOWN = 5,
	NETDMA_PNP_POWER_UP = 6,
};

#define NETDMA_PNP_NOTIFICATION_REVISION	1

/**
 * struct netdma_pnp_notification - NET_DMA_PNP_NOTIFICATION
 * @revision: NETDMA_PNP_NOTIFICATION_REVISION (StructureRevision).
 * @size: sizeof(struct netdma_pnp_notification) (StructureSize).
 * @code: the event (NotificationCode).
 * @buffer: NULL for power events (Buffer).
 * @buffer_len: 0 for power events (BufferLength).
 */
struct netdma_pnp_notification {
	u32 revision;
	u32 size;
	enum netdma_pnp_code code;
	void *buffer;
	u32 buffer_len;
};

unsigned int netdma_get_version(void);
int netdma_register_provider(const struct netdma_provider_characteristics *chars,
			     void *provider_ctx,
			     struct netdma_provider **handle);
void netdma_deregister_provider(struct netdma_provider *prov);
int netdma_provider_start(struct netdma_provider *prov,
			  const struct netdma_provider_attributes *attr);
void netdma_provider_stop(struct netdma_provider *prov);
int netdma_pnp_event_notify(struct netdma_provider *prov,
			    const struct netdma_pnp_notification *event);
void netdma_isr(struct netdma_channel *chan, dma_addr_t last_desc,
		unsigned int *cpu);
void netdma_channel_error(struct netdma_channel *chan, dma_addr_t failed_desc,
			  enum dmaengine_tx_result result);

/* Client side. */
struct dma_chan *netdma_request_channel(const struct cpumask *mask,
					unsigned int *cpu);
void netdma_release_channel(struct dma_chan *chan);
bool netdma_is_netdma_chan(struct dma_chan *chan);

/*
 * Client copy helpers (drivers/dma/netdma/copy.c, Documentation/netdma.rst
 * "Copy helpers"): map, split, submit as one batch, unmap before the
 * callback; the CPU copies below the copybreak module parameter or without
 * a channel. Kernel memory and pinned, never copy-on-write shared pages
 * only: see netdma_copy_page().
 */
struct page;
struct scatterlist;

/* netdma_copy_*_wait() flags */
#define NETDMA_COPY_POLL	BIT(0)	/* no interrupt: poll tx_status */

dma_cookie_t netdma_copy_buf(struct dma_chan *chan, void *dst, const void *src,
			     size_t len, dma_async_tx_callback_result callback,
			     void *param, gfp_t gfp);
dma_cookie_t netdma_copy_page(struct dma_chan *chan, struct page *dst,
			      unsigned int dst_off, struct page *src,
			      unsigned int src_off, size_t len,
			      dma_async_tx_callback_result callback, void *param,
			      gfp_t gfp);
dma_cookie_t netdma_copy_sg(struct dma_chan *chan, struct scatterlist *dst,
			    unsigned int dst_nents, struct scatterlist *src,
			    unsigned int src_nents, size_t len,
			    dma_async_tx_callback_result callback, void *param,
			    gfp_t gfp);
int netdma_copy_buf_wait(struct dma_chan *chan, void *dst, const void *src,
			 size_t len, unsigned int flags);
int netdma_copy_page_wait(struct dma_chan *chan, struct page *dst,
			  unsigned int dst_off, struct page *src,
			  unsigned int src_off, size_t len, unsigned int flags);
int netdma_copy_sg_wait(struct dma_chan *chan, struct scatterlist *dst,
			unsigned int dst_nents, struct scatterlist *src,
			unsigned int src_nents, size_t len, unsigned int flags);

#endif /* _LINUX_NETDMA_H */
