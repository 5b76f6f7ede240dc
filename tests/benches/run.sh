#!/usr/bin/env bash
# Builds in release and runs every benchmark of the project, printing each
# figure beside its baseline and the ratio between them:
#
#   bash tests/benches/run.sh
#   BENCH_BUILD_BASELINE_REVS="8d6313d a33210c" bash tests/benches/run.sh   (also times
#       generated/ of those revisions, as baselines for the rebuild time)
#
# 1. crate_cost  lines of generated code per operation; rebuild time of the
#                generated crate (timed here, outside any bench binary, since
#                a bench must not run cargo while cargo holds its build lock)
# 2. generation  codegen in process and as the xtask process; 5×, 20×, 50× specs
# 3. decoding    generated models against plain derive, flatten, serde_json::Value
# 4. streaming   100,000 users over 1,000 cursor pages from a local server
#
# Everything runs on 127.0.0.1. Figures are medians; the machine's load average
# is printed first because other work on a 2-core machine moves them.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "building in release (dependencies, xtask, the generated crate, the bench binaries) ..."
cargo build --release --quiet -p xtask -p zendesk-users

now_ns() { date +%s%N; }
seconds_since() { awk -v start="$1" -v end="$(now_ns)" 'BEGIN { printf "%.2f", (end - start) / 1e9 }'; }
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? a : b }'; }

# Rebuild time of the generated crate with its dependencies built: touch its
# root file, then time `cargo build --release -p zendesk-users`; best of two.
# The baseline is the same command with nothing to rebuild. The file's old
# modification time is put back afterwards (only if its content is unchanged),
# so the bench binaries built from the untouched crate stay fresh.
library=generated/src/lib.rs
reference=$(mktemp)
touch -r "$library" "$reference"
content_before=$(cksum < "$library")
noop=999
build=999
for _ in 1 2; do
    start=$(now_ns)
    cargo build --release --quiet -p zendesk-users
    noop=$(smaller "$noop" "$(seconds_since "$start")")
    touch "$library"
    start=$(now_ns)
    cargo build --release --quiet -p zendesk-users
    build=$(smaller "$build" "$(seconds_since "$start")")
done
if [ "$(cksum < "$library")" = "$content_before" ]; then
    touch -r "$reference" "$library"
fi
rm -f "$reference"

# Optional baselines for the rebuild time: BENCH_BUILD_BASELINE_REVS="<rev> ..." also
# times generated/ as checked in at each git revision (e.g. the one before a change to
# the emitted code), built the same way against the same target directory (renamed
# `zendesk-users-baseline`, outside the workspace), right after the current crate
# (with the dependencies those revisions need built first); best of two each.
baselines=""
if [ -n "${BENCH_BUILD_BASELINE_REVS:-}" ]; then
    scratch=$(mktemp -d)
    target_dir="$PWD/target"
    for rev in $BENCH_BUILD_BASELINE_REVS; do
        mkdir -p "$scratch/$rev"
        # The runtime too, for revisions where it is a crate of its own (its
        # manifest inherits edition, license and rust-version from the workspace,
        # which the scratch copy is outside of: they are written in).
        git archive "$rev" generated $(git ls-tree --name-only "$rev" codegen/runtime) | tar -x -C "$scratch/$rev"
        manifest="$scratch/$rev/generated/Cargo.toml"
        sed -i 's/^name = ".*"/name = "zendesk-users-baseline"/' "$manifest"
        printf '\n[workspace]\n' >> "$manifest"
        runtime_manifest="$scratch/$rev/codegen/runtime/Cargo.toml"
        if [ -f "$runtime_manifest" ]; then
            for key in edition license rust-version; do
                value=$(git show "$rev:Cargo.toml" | sed -n "s/^$key = //p" | head -1)
                sed -i "s/^$key.workspace = true/$key = $value/" "$runtime_manifest"
            done
            printf '\n[workspace]\n' >> "$runtime_manifest"
        fi
        cp Cargo.lock "$scratch/$rev/generated/"
        (cd "$scratch/$rev/generated" && CARGO_TARGET_DIR="$target_dir" cargo build --release --quiet --lib)
        best=999
        for _ in 1 2; do
            touch "$scratch/$rev/generated/src/lib.rs"
            start=$(now_ns)
            (cd "$scratch/$rev/generated" && CARGO_TARGET_DIR="$target_dir" cargo build --release --quiet --lib)
            best=$(smaller "$best" "$(seconds_since "$start")")
        done
        operations=$(grep -c 'static OPERATION: OperationInfo' "$scratch/$rev/generated/src/operations.rs" || true)
        baselines="$baselines $rev:$best:$operations"
    done
    rm -rf "$scratch"
fi

cargo bench --quiet -p zendesk-users-tests --no-run 2>&1 | { grep -v '^ *Executable' || true; }

run_bench() {
    BENCH_BUILD_SECONDS="$build" BENCH_NOOP_BUILD_SECONDS="$noop" BENCH_BUILD_BASELINES="$baselines" \
        cargo bench --quiet -p zendesk-users-tests --bench "$1"
}
run_bench crate_cost
run_bench generation
run_bench decoding
run_bench streaming
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
