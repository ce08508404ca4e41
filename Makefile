# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of the modules, and the project's commands. The kernel
# build system reads Kbuild, not this file, for the objects.

KDIR ?= $(shell scripts/kdir.sh)

.PHONY: all modules clean check e2e e2e-ioat help

all modules:
	@test -n "$(KDIR)" || { echo "no kernel headers found: set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	@find . -path ./.git -prune -o \( -name '*.o' -o -name '*.ko' -o \
		-name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' -o \
		-name '*.order' -o -name '*.symvers' \) -print | \
		grep -v '^./.git$$' | xargs -r rm -f

# The README's test command: installs what it needs, then runs everything.
check:
	@scripts/check.sh

# Our modules on the QEMU model (x86_64 guest), ioatdma beside them.
e2e:
	@scripts/e2e.sh

# Stock ioatdma + dmatest on the QEMU model with an Intel ID (x86_64 guest).
e2e-ioat:
	@scripts/e2e-ioat.sh

help:
	@echo "make [KDIR=...]     build netdma.ko and cbdma.ko out of tree"
	@echo "make check          install deps, run every check and KUnit suite"
	@echo "make check KUNIT_FILTER='netdma*'   run only matching suites"
	@echo "make e2e            netdma.ko + cbdma.ko on the QEMU model, ioatdma beside"
	@echo "make e2e-ioat       QEMU model of the controller driven by stock ioatdma"
	@echo "make clean          remove build output"
