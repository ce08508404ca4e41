/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbdma tracepoints: what the driver tells the hardware (start, append,
 * reset) and what the hardware tells it (interrupt, error halt, hang).
 * Submission and completion of transactions are the shim's business.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cbdma

#if !defined(_CBDMA_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CBDMA_TRACE_H

#include <linux/tracepoint.h>
#include <linux/types.h>

TRACE_EVENT(cbdma_start,
	    TP_PROTO(unsigned int chan, u64 desc, unsigned int count),
	    TP_ARGS(chan, desc, count),
	    TP_STRUCT__entry(__field(unsigned int, chan)
			     __field(u64, desc)
			     __field(unsigned int, count)),
	    TP_fast_assign(__entry->chan = chan;
			   __entry->desc = desc;
			   __entry->count = count;),
	    TP_printk("chan %u chain %#llx count %u",
		      __entry->chan, __entry->desc, __entry->count)
);

TRACE_EVENT(cbdma_append,
	    TP_PROTO(unsigned int chan, unsigned int count, u16 dmacount),
	    TP_ARGS(chan, count, dmacount),
	    TP_STRUCT__entry(__field(unsigned int, chan)
			     __field(unsigned int, count)
			     __field(u16, dmacount)),
	    TP_fast_assign(__entry->chan = chan;
			   __entry->count = count;
			   __entry->dmacount = dmacount;),
	    TP_printk("chan %u count %u DMACOUNT %u",
		      __entry->chan, __entry->count, __entry->dmacount)
);

TRACE_EVENT(cbdma_irq,
	    TP_PROTO(unsigned int chan, u64 word),
	    TP_ARGS(chan, word),
	    TP_STRUCT__entry(__field(unsigned int, chan)
			     __field(u64, word)),
	    TP_fast_assign(__entry->chan = chan;
			   __entry->word = word;),
	    TP_printk("chan %u completion %#llx",
		      __entry->chan, __entry->word)
);

TRACE_EVENT(cbdma_error,
	    TP_PROTO(unsigned int chan, u32 chanerr, u64 desc, int result),
	    TP_ARGS(chan, chanerr, desc, result),
	    TP_STRUCT__entry(__field(unsigned int, chan)
			     __field(u32, chanerr)
			     __field(u64, desc)
			     __field(int, result)),
	    TP_fast_assign(__entry->chan = chan;
			   __entry->chanerr = chanerr;
			   __entry->desc = desc;
			   __entry->result = result;),
	    TP_printk("chan %u CHANERR %#x descriptor %#llx result %d",
		      __entry->chan, __entry->chanerr, __entry->desc, __entry->result)
);

TRACE_EVENT(cbdma_hang,
	    TP_PROTO(unsigned int chan, u64 chansts, u64 desc),
	    TP_ARGS(chan, chansts, desc),
	    TP_STRUCT__entry(__field(unsigned int, chan)
			     __field(u64, chansts)
			     __field(u64, desc)),
	    TP_fast_assign(__entry->chan = chan;
			   __entry->chansts = chansts;
			   __entry->desc = desc;),
	    TP_printk("chan %u CHANSTS %#llx descriptor %#llx",
		      __entry->chan, __entry->chansts, __entry->desc)
);

TRACE_EVENT(cbdma_reset,
	    TP_PROTO(unsigned int chan, int ret),
	    TP_ARGS(chan, ret),
	    TP_STRUCT__entry(__field(unsigned int, chan)
			     __field(int, ret)),
	    TP_fast_assign(__entry->chan = chan;
			   __entry->ret = ret;),
	    TP_printk("chan %u ret %d",
		      __entry->chan, __entry->ret)
);

#endif /* _CBDMA_TRACE_H */

/* Out of tree too: the header is found through -I$(src) (see Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
