#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, declared when LAUNCHPAD_FUZZ is set) with the fuzzer and
# AddressSanitizer, runs each for FUZZ_SECONDS from its seed corpus, and exits non-zero when any
# finds a crash. Crashing inputs go to .build-fuzz/crashes/<target>/.
#
#   scripts/fuzz.sh                  every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh FuzzRouter FuzzCVSS
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
CONFIGURATION=${FUZZ_CONFIGURATION:-release}
SCRATCH=.build-fuzz
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(FuzzJSONBodies FuzzRouter FuzzQueryParameters FuzzFastCGIParameters FuzzOSVRecord
             FuzzAdvisoryEncoding FuzzPackageLock FuzzSemanticVersion FuzzCVSS FuzzZipArchive FuzzApplication)
fi

# `--sanitize fuzzer` makes SwiftPM link the executables with libFuzzer's main instead of renaming theirs
# (with -Xswiftc alone the link fails). The compiler gets `-sanitize=fuzzer,address` as one flag: swiftc
# keeps only the last of several `-sanitize=`, so `--sanitize fuzzer --sanitize address` loses the coverage.
export LAUNCHPAD_FUZZ=1
for target in "${TARGETS[@]}"; do
    "$SWIFT" build -c "$CONFIGURATION" --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address --scratch-path "$SCRATCH" --product "$target"
done
BIN=$("$SWIFT" build -c "$CONFIGURATION" --scratch-path "$SCRATCH" --show-bin-path)

failed=()
for target in "${TARGETS[@]}"; do
    crashes="$SCRATCH/crashes/$target"
    corpus="$SCRATCH/corpus/$target"
    mkdir -p "$crashes" "$corpus"
    echo "== $target: ${SECONDS_PER_TARGET}s"
    # The committed seeds are read, and what the run learns is written to the scratch corpus.
    if ! "$BIN/$target" "$corpus" "Fuzz/corpus/$target" -max_total_time="$SECONDS_PER_TARGET" \
        -artifact_prefix="$crashes/" -print_final_stats=1 -max_len=65536 -rss_limit_mb=4096 \
        >"$SCRATCH/$target.log" 2>&1; then
        failed+=("$target")
        echo "   crash: $(ls -t "$crashes" | head -1) (log: $SCRATCH/$target.log)"
    fi
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$SCRATCH/$target.log" | sed 's/^/   /' || true
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "Crashes in: ${failed[*]}. Reproduce with $BIN/<target> <file>; keep the input in Fuzz/regressions/<target>/."
    exit 1
fi
echo "No crashes."
