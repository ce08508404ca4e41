#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check our device tree binding and examples with Debian's dt-schema and dtc:
# the binding against the meta-schema, its example, dts/*.dts, and each
# dts/*.dtso overlay applied to dts/cbdma-example.dts. Any warning fails.
. "$(dirname "$0")/lib.sh"

bindings=$NETDMA_TOP/Documentation/devicetree/bindings
for t in dt-doc-validate dt-mk-schema dt-validate dt-extract-example dtc fdtoverlay; do
	command -v "$t" >/dev/null || die "$t missing (apt-get install dt-schema device-tree-compiler)"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# run_quiet WHAT CMD...: fail on a non-zero exit or on any output.
run_quiet() {
	local what=$1 out
	shift
	out=$("$@" 2>&1)
	if [ $? -ne 0 ] || [ -n "$out" ]; then
		echo "FAIL dt: $what"
		echo "$out" | head -n 20
		status=1
		return 1
	fi
}

mapfile -t yamls < <(find "$bindings" -name '*.yaml' | sort)
for y in "${yamls[@]}"; do
	run_quiet "binding ${y#"$NETDMA_TOP"/}" dt-doc-validate -u "$bindings" "$y"
done
run_quiet "processed schema" sh -c 'dt-mk-schema -j "$1" > "$2"' _ "$bindings" "$tmp/schema.json" ||
	exit 1

# dtc_check NAME DTS [DTC ARGS...]: compile with every warning enabled.
dtc_check() {
	local name=$1 src=$2
	shift 2
	run_quiet "dtc $name" dtc -q -I dts -O dtb "$@" -o "$tmp/$name.dtb" "$src"
}
validate() {
	run_quiet "dt-validate $1" dt-validate -s "$tmp/schema.json" "$tmp/$1.dtb"
}

for y in "${yamls[@]}"; do
	n=example-$(basename "$y" .yaml)
	dt-extract-example "$y" >"$tmp/$n.dts"
	dtc_check "$n" "$tmp/$n.dts" && validate "$n"
done
for d in "$NETDMA_TOP"/dts/*.dts; do
	n=$(basename "$d" .dts)
	dtc_check "$n" "$d" -@ && validate "$n"
done
for o in "$NETDMA_TOP"/dts/*.dtso; do
	n=$(basename "$o" .dtso)
	dtc_check "$n" "$o" -@ &&
		run_quiet "fdtoverlay $n" fdtoverlay -i "$tmp/cbdma-example.dtb" \
			-o "$tmp/$n-applied.dtb" "$tmp/$n.dtb" &&
		validate "$n-applied"
done

[ $status -eq 0 ] && echo "PASS dt: ${#yamls[@]} binding(s), examples, dts/ and overlays valid"
exit $status
