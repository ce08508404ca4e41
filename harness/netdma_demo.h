/* SPDX-License-Identifier: GPL-2.0 */
/* The boot-time model of harness/netdma_demo.c, shared with netdma_bench.c. */
#ifndef _NETDMA_DEMO_H
#define _NETDMA_DEMO_H

struct cbdma_model;

struct cbdma_model *netdma_demo_model(unsigned int *channels);

#endif /* _NETDMA_DEMO_H */
