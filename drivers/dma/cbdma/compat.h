/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the 6.1, 6.12 and 7.3 kernel APIs differ for cbdma.
 *
 * struct platform_driver's void remove callback: .remove_new on 6.1 (and
 * 6.12, as an alias of .remove), .remove only on 7.3. Kbuild defines
 * CBDMA_HAVE_REMOVE_NEW from the kernel's platform_device.h.
 */
#ifndef _CBDMA_COMPAT_H
#define _CBDMA_COMPAT_H

#include <linux/platform_device.h>

#ifdef CBDMA_HAVE_REMOVE_NEW
#define CBDMA_PLATFORM_REMOVE(fn)	.remove_new = (fn)
#else
#define CBDMA_PLATFORM_REMOVE(fn)	.remove = (fn)
#endif

#endif /* _CBDMA_COMPAT_H */
