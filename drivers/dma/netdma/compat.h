/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the 6.1, 6.12 and 7.3 kernel APIs differ for netdma.
 */
#ifndef _NETDMA_COMPAT_H
#define _NETDMA_COMPAT_H

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>

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

#endif /* _NETDMA_COMPAT_H */
