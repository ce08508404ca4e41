// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the NetDMA descriptor and completion word are a hardware ABI.
 *
 * The controller reads struct netdma_desc straight from host memory and
 * writes the completion word back, so every offset, size and bit value here
 * must match netdma.h (NET_DMA_DESCRIPTOR) and the I/OAT descriptor it was
 * modelled on. A change that moves a field must fail this suite.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/netdma.h>
#include <linux/stddef.h>

static void netdma_desc_size_and_alignment(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct netdma_desc), 64);
	KUNIT_EXPECT_EQ(test, __alignof__(struct netdma_desc), 64);
}

static void netdma_desc_field_offsets(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, transfer_size), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, control), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, src), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, dst), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, next), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, next_src), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, next_dst), 40);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, user_context1), 48);
	KUNIT_EXPECT_EQ(test, offsetof(struct netdma_desc, user_context2), 56);
}

/* Values from netdma.h; the I/OAT descriptor uses the same bits. */
static void netdma_desc_control_bits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_INT_ON_COMPLETION, 0x001);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_SRC_NO_SNOOP, 0x002);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_DST_NO_SNOOP, 0x004);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_STATUS_UPDATE, 0x008);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_FENCE, 0x010);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_NULL, 0x020);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_SRC_PAGE_BREAK, 0x040);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_DST_PAGE_BREAK, 0x080);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_DST_DCA_ENABLE, 0x200);
	KUNIT_EXPECT_EQ(test, NETDMA_CTL_OP_MASK, 0xff000000);
	KUNIT_EXPECT_EQ(test, FIELD_PREP(NETDMA_CTL_OP_MASK,
					 NETDMA_OP_CONTEXT_CHANGE),
			0xff000000);
}

/* A completion word splits into a 64-byte aligned address and a status. */
static void netdma_completion_word_decode(struct kunit *test)
{
	u64 word = 0x12345680ULL | NETDMA_STATUS_HALTED;

	KUNIT_EXPECT_EQ(test, word & NETDMA_COMPLETION_ADDR_MASK, 0x12345680ULL);
	KUNIT_EXPECT_EQ(test, word & NETDMA_STATUS_MASK, NETDMA_STATUS_HALTED);
	KUNIT_EXPECT_EQ(test, NETDMA_STATUS_ACTIVE, 0);
	KUNIT_EXPECT_EQ(test, NETDMA_STATUS_IDLE, 1);
	KUNIT_EXPECT_EQ(test, NETDMA_STATUS_SUSPENDED, 2);
	KUNIT_EXPECT_EQ(test, NETDMA_STATUS_HALTED, 3);
	KUNIT_EXPECT_EQ(test, NETDMA_STATUS_ARMED, 4);
}

static struct kunit_case netdma_desc_cases[] = {
	KUNIT_CASE(netdma_desc_size_and_alignment),
	KUNIT_CASE(netdma_desc_field_offsets),
	KUNIT_CASE(netdma_desc_control_bits),
	KUNIT_CASE(netdma_completion_word_decode),
	{}
};

static struct kunit_suite netdma_desc_suite = {
	.name = "netdma_desc",
	.test_cases = netdma_desc_cases,
};

kunit_test_suite(netdma_desc_suite);

MODULE_DESCRIPTION("KUnit tests for the NetDMA descriptor layout");
MODULE_LICENSE("GPL");
