// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cbdma's Intel silicon rules (drivers/dma/cbdma/intel.c):
 * which PCI functions the probe admits with and without intel_silicon=1,
 * the quirk table's consistency with ioatdma's rules, and what the quirks
 * change in the device's state.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/device.h>

#include "../drivers/dma/cbdma/cbdma.h"

#define INTEL	CBDMA_PCI_INTEL_VENDOR_ID

static struct device *cbdma_intel_test_dev(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "cbdma-intel-test");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	return dev;
}

/* Our own ID and any other vendor's: admitted whatever the parameter says. */
static void cbdma_intel_other_vendor(struct kunit *test)
{
	struct device *dev = cbdma_intel_test_dev(test);
	const struct cbdma_intel_id *id = (void *)1;

	KUNIT_EXPECT_EQ(test, 0, cbdma_intel_admit(dev, CBDMA_PCI_VENDOR_ID,
						   CBDMA_PCI_DEVICE_ID, false, &id));
	KUNIT_EXPECT_NULL(test, id);
	KUNIT_EXPECT_EQ(test, 0, cbdma_intel_admit(dev, 0x10de, 0x6f20, true, &id));
	KUNIT_EXPECT_NULL(test, id);
}

/* Every known Intel ID is refused without the opt-in. */
static void cbdma_intel_refused_by_default(struct kunit *test)
{
	struct device *dev = cbdma_intel_test_dev(test);
	const struct cbdma_intel_id *tbl, *id;
	unsigned int n, i;

	tbl = cbdma_intel_ids_table(&n);
	for (i = 0; i < n; i++) {
		id = (void *)1;
		KUNIT_EXPECT_EQ_MSG(test, -ENODEV,
				    cbdma_intel_admit(dev, INTEL, tbl[i].device,
						      false, &id),
				    "device %04x", tbl[i].device);
		KUNIT_EXPECT_NULL(test, id);
	}
	/* The model's Intel ID is one of them. */
	KUNIT_EXPECT_NOT_NULL(test, cbdma_intel_lookup(CBDMA_PCI_INTEL_DEVICE_ID));
}

/* With the opt-in, a known ID is admitted with its entry. */
static void cbdma_intel_admitted_opted_in(struct kunit *test)
{
	struct device *dev = cbdma_intel_test_dev(test);
	const struct cbdma_intel_id *tbl, *id;
	unsigned int n, i;

	tbl = cbdma_intel_ids_table(&n);
	for (i = 0; i < n; i++) {
		id = NULL;
		KUNIT_EXPECT_EQ(test, 0, cbdma_intel_admit(dev, INTEL, tbl[i].device,
							   true, &id));
		KUNIT_EXPECT_PTR_EQ(test, id, &tbl[i]);
	}
}

/*
 * An Intel ID outside the table is refused even opted in: I/OAT 1.x/2.x
 * (0x1a38 CB1, 0x360b CB2), an ID next to a family's range, another device.
 */
static void cbdma_intel_unknown_refused(struct kunit *test)
{
	static const u16 unknown[] = { 0x1a38, 0x360b, 0x6f28, 0x0b01, 0x2020, 0x10d3 };
	struct device *dev = cbdma_intel_test_dev(test);
	const struct cbdma_intel_id *id;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		id = (void *)1;
		KUNIT_EXPECT_NULL(test, cbdma_intel_lookup(unknown[i]));
		KUNIT_EXPECT_EQ(test, -ENODEV,
				cbdma_intel_admit(dev, INTEL, unknown[i], true, &id));
		KUNIT_EXPECT_NULL(test, id);
	}
}

/*
 * The table against ioatdma's rules: 68 functions (ioat_pci_tbl), each ID
 * once; CHANERR_INT exactly where the version run is below 3.3; MSI-X
 * restore exactly on BWD and BDX-DE; one channel and the 3.4 registers
 * exactly on 3.4; XOR/PQ distrusted on every Xeon 3.2 part; ABORT and
 * RESUME on none.
 */
static void cbdma_intel_table_rules(struct kunit *test)
{
	const struct cbdma_intel_id *tbl;
	unsigned int n, i, j;

	tbl = cbdma_intel_ids_table(&n);
	KUNIT_EXPECT_EQ(test, n, 68);
	for (i = 0; i < n; i++) {
		const struct cbdma_intel_id *q = &tbl[i];
		u8 run = q->ver_override ?: q->ver;
		bool bwd = !strcmp(q->family, "BWD") || !strcmp(q->family, "BDXDE");

		for (j = i + 1; j < n; j++)
			KUNIT_EXPECT_NE(test, q->device, tbl[j].device);
		KUNIT_EXPECT_EQ_MSG(test, q->ver >> 4, 3, "%04x", q->device);
		KUNIT_EXPECT_EQ_MSG(test, !!(q->flags & CBDMA_INTEL_CHANERR_INT),
				    run < CBDMA_VER_3_3, "%04x", q->device);
		KUNIT_EXPECT_EQ_MSG(test, !!(q->flags & CBDMA_INTEL_MSIX_RESTORE),
				    bwd, "%04x", q->device);
		KUNIT_EXPECT_EQ_MSG(test, !!(q->flags & CBDMA_INTEL_ONE_CHAN),
				    q->ver == 0x34, "%04x", q->device);
		KUNIT_EXPECT_EQ_MSG(test, !!(q->flags & CBDMA_INTEL_V34_REGS),
				    q->ver == 0x34, "%04x", q->device);
		if (run == 0x32)
			KUNIT_EXPECT_TRUE_MSG(test, q->flags & CBDMA_INTEL_NO_RAID,
					      "%04x", q->device);
		/* No reference driver issues ABORT or RESUME on any of them. */
		KUNIT_EXPECT_TRUE_MSG(test, q->flags & CBDMA_INTEL_NO_ABORT_RESUME,
				      "%04x", q->device);
		KUNIT_EXPECT_TRUE(test, q->addr_bits == 40 || q->addr_bits == 64);
	}
	KUNIT_EXPECT_EQ(test, cbdma_intel_lookup(0x2021)->ver_override, 0x32);
	KUNIT_EXPECT_EQ(test, cbdma_intel_lookup(0x3715)->addr_bits, 40);
}

static void cbdma_intel_apply_case(struct kunit *test, struct device *dev,
				   u16 device, u8 ver, unsigned int chancnt,
				   resource_size_t len, int ret, u8 ver_after,
				   unsigned int chancnt_after)
{
	struct cbdma_dev *cd = kunit_kzalloc(test, sizeof(*cd), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cd);
	cd->dev = dev;
	cd->intel = cbdma_intel_lookup(device);
	KUNIT_ASSERT_NOT_NULL(test, cd->intel);
	cd->ver = ver;
	cd->hw_chancnt = chancnt;
	cd->mmio_len = len;
	KUNIT_EXPECT_EQ(test, ret, cbdma_intel_apply(cd));
	if (ret)
		return;
	KUNIT_EXPECT_EQ(test, cd->ver, ver_after);
	KUNIT_EXPECT_EQ(test, cd->hw_chancnt, chancnt_after);
	KUNIT_EXPECT_EQ(test, cd->quirks, cd->intel->flags);
}

/*
 * SKX runs as 3.2; ICX keeps one channel, and needs a window reaching its
 * 3.4 registers; a VER the entry does not describe (the old QEMU
 * personality: BDX's ID with 3.3) is refused.
 */
static void cbdma_intel_apply_quirks(struct kunit *test)
{
	const resource_size_t bar = CBDMA_MMIO_SIZE;
	struct device *dev = cbdma_intel_test_dev(test);

	cbdma_intel_apply_case(test, dev, 0x2021, 0x33, 1, bar, 0, 0x32, 1);
	cbdma_intel_apply_case(test, dev, 0x0b00, 0x34, 4, bar, 0, 0x34, 1);
	cbdma_intel_apply_case(test, dev, 0x0b00, 0x34, 1, 0x100, -ENODEV, 0, 0);
	cbdma_intel_apply_case(test, dev, 0x6f20, 0x32, 4, bar, 0, 0x32, 4);
	cbdma_intel_apply_case(test, dev, 0x6f20, 0x33, 4, bar, -ENODEV, 0, 0);
	cbdma_intel_apply_case(test, dev, 0x0c50, 0x32, 1, bar, -ENODEV, 0, 0);
}

static struct kunit_case cbdma_intel_cases[] = {
	KUNIT_CASE(cbdma_intel_other_vendor),
	KUNIT_CASE(cbdma_intel_refused_by_default),
	KUNIT_CASE(cbdma_intel_admitted_opted_in),
	KUNIT_CASE(cbdma_intel_unknown_refused),
	KUNIT_CASE(cbdma_intel_table_rules),
	KUNIT_CASE(cbdma_intel_apply_quirks),
	{}
};

static struct kunit_suite cbdma_intel_suite = {
	.name = "cbdma_intel",
	.test_cases = cbdma_intel_cases,
};

kunit_test_suites(&cbdma_intel_suite);

MODULE_DESCRIPTION("KUnit tests of cbdma's Intel silicon rules");
MODULE_LICENSE("GPL");
