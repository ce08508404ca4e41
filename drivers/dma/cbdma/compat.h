/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the 6.1, 6.12 and 7.3 kernel APIs differ for cbdma.
 *
 * struct platform_driver's remove callback returns void from 6.11 on; 6.1
 * has the void one as .remove_new (6.3, backported to 6.1.y), which 6.12
 * keeps as an alias of .remove and 6.13 dropped.
 */
#ifndef _CBDMA_COMPAT_H
#define _CBDMA_COMPAT_H

#include <linux/platform_device.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define CBDMA_PLATFORM_REMOVE(fn)	.remove = (fn)
#else
#define CBDMA_PLATFORM_REMOVE(fn)	.remove_new = (fn)
#endif

#endif /* _CBDMA_COMPAT_H */
