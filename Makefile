# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of the modules, and the project's commands. The kernel
# build system reads Kbuild, not this file, for the objects.

KDIR ?= $(shell scripts/kdir.sh)
# The release the modules are built for: that of KDIR, not of the running
# kernel, so that installing for another kernel works too.
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)

.PHONY: all modules install uninstall clean check demo bench bench-perf bench-plot bench-guest e2e e2e-ioat e2e-intel soak debug-kernels help

all modules:
	@test -n "$(KDIR)" || { echo "no kernel headers found: set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Into /lib/modules/$(KVER)/updates, which depmod prefers over the tree.
# Distribution headers ask for every module to be signed but ship no key:
# install unsigned (sign with your own key if Secure Boot enforces it).
install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates \
		CONFIG_MODULE_SIG_ALL= modules_install
	depmod -a $(KVER)

uninstall:
	rm -f /lib/modules/$(KVER)/updates/drivers/dma/netdma/netdma.ko* \
		/lib/modules/$(KVER)/updates/drivers/dma/cbdma/cbdma.ko*
	-rmdir -p --ignore-fail-on-non-empty \
		/lib/modules/$(KVER)/updates/drivers/dma/netdma \
		/lib/modules/$(KVER)/updates/drivers/dma/cbdma 2>/dev/null
	depmod -a $(KVER)

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

# The README's first command: dmatest and a NetDMA client on the controller
# model in a UML kernel (installs what it needs, builds on first use).
demo:
	@scripts/demo.sh

# What one offloaded copy costs the CPU against memcpy() (UML, the model in
# no_copy mode): prints a table, writes the CSV into the cache directory.
bench:
	@scripts/bench.sh

# Where a batched copy's time goes, by symbol: perf on the UML process.
bench-perf:
	@scripts/bench-perf.sh

# The same figures as a PNG (gnuplot), from the last make bench.
bench-plot:
	@scripts/bench-plot.sh

# Ours against ioatdma on the same QEMU model, 4 CPUs, several boots:
# dmatest and emu/qemu/guest/dma_bench.c, medians side by side.
bench-guest:
	@scripts/bench-guest.sh

# Our modules on the QEMU model (x86_64 guest), ioatdma beside them.
e2e:
	@scripts/e2e.sh

# Stock ioatdma + dmatest on the QEMU model with an Intel ID (x86_64 guest).
e2e-ioat:
	@scripts/e2e-ioat.sh

# Seeded random copies under every fault class, on the KASAN+lockdep and
# the KCSAN debug guest kernels (SEED=N replays a run's draws).
soak:
	@scripts/soak.sh

# The debug guest kernels alone (cached; the first build is long).
debug-kernels:
	@scripts/debug-kernel.sh kasan && scripts/debug-kernel.sh kcsan
# ioatdma and cbdma (opted in) on the model's Intel silicon personalities.
e2e-intel:
	@scripts/e2e-intel.sh

help:
	@echo "make demo           dmatest + NetDMA client on the emulated controller"
	@echo "make bench          CPU cost of one offloaded copy vs memcpy (table + CSV)"
	@echo "make bench-perf     perf profile of 64-copy polled batches on UML, by symbol"
	@echo "make bench-plot     ns/copy vs size as a PNG, from the last make bench"
	@echo "make bench-guest    ours vs ioatdma on the QEMU model (4 CPUs): table, CSV, PNG"
	@echo "make [KDIR=...]     build netdma.ko and cbdma.ko out of tree"
	@echo "make install        install into /lib/modules/KVER/updates, depmod"
	@echo "make uninstall      remove them again"
	@echo "make check          install deps, run every check and KUnit suite"
	@echo "make check KUNIT_FILTER='netdma*'   run only matching suites"
	@echo "make e2e            netdma.ko + cbdma.ko on the QEMU model, ioatdma beside"
	@echo "make e2e-ioat       QEMU model of the controller driven by stock ioatdma"
	@echo "make soak           a million verified copies under every fault, debug kernels"
	@echo "make debug-kernels  build the KASAN and KCSAN guest kernels (cached)"
	@echo "make e2e-intel      ioatdma and cbdma (intel_silicon=1) per Intel personality"
	@echo "make clean          remove build output"
