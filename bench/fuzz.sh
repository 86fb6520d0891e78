#!/usr/bin/env bash
# Runs every cargo-fuzz target under fuzz/ for SECONDS each (default 60) and
# prints, per target, executions and crashes, timeouts and out-of-memory
# stops. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Not part of .ci/run: fuzzing is not a timed
# test; the crashes it finds become regression tests in the normal suite.
#
#   bench/fuzz.sh 600                 # ten minutes a target
#   bench/fuzz.sh 60 tokenize warc    # some targets only
#
# Built without a sanitizer (-s none): sitrep is safe Rust apart from one
# audited SIMD block, so AddressSanitizer would mostly cost speed; debug
# assertions (overflow checks) stay on. A hang is an input that takes over
# 10 s; an OOM one that needs over 2 GB.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECS="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    mapfile -t TARGETS < <(cargo +nightly fuzz list)
fi
python3 seeds.py
cargo +nightly fuzz build -s none -O >/dev/null 2>&1 || cargo +nightly fuzz build -s none -O
BIN="target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
mkdir -p logs
printf '%-16s %12s %8s %8s %8s %8s\n' target executions exec/s crashes timeouts ooms
for t in "${TARGETS[@]}"; do
    mkdir -p "artifacts/$t"
    before=$(ls "artifacts/$t" | wc -l)
    log="logs/$t.log"
    set +e
    # The binaries built above, run directly: editing the crates during a
    # long run then does not rebuild (and change) what is being fuzzed.
    "$BIN/$t" -artifact_prefix="artifacts/$t/" "corpus/$t" \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    new=$(ls -t "artifacts/$t" | head -n $(( $(ls "artifacts/$t" | wc -l) - before )) 2>/dev/null || true)
    crashes=$(printf '%s\n' "$new" | grep -c '^crash-' || true)
    timeouts=$(printf '%s\n' "$new" | grep -c '^timeout-' || true)
    ooms=$(printf '%s\n' "$new" | grep -c '^oom-' || true)
    printf '%-16s %12s %8s %8s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$crashes" "$timeouts" "$ooms"
    if [ -n "$new" ]; then
        printf '    %s\n' $new | sed "s|^    |    fuzz/artifacts/$t/|"
    fi
done
