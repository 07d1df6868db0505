#!/usr/bin/env bash
# Whole `fokus calibrate` timings (release build) of Copenhagen's baseline, beside the
# single-thread baseline of `benches/run.sh` (200 replications of the shipped scenario
# on one thread), alternating the two for a few rounds, so that the ratio places any
# machine: the calibration takes that many single-thread 200-replication runs.
# Prints each round's wall seconds and the ratio; the median is the figure to quote.
#
#   benches/calibrate.sh          # 3 rounds
#   benches/calibrate.sh -r 5     # 5 rounds
set -euo pipefail

rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    -r) rounds="$2"; shift 2 ;;
    *) echo "usage: $0 [-r ROUNDS]" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fokus="$root/target/release/fokus"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

seconds() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
}

printf '%-6s %14s %16s %8s\n' round "calibrate s" "run 1 thread s" ratio
ratios=()
for i in $(seq 1 "$rounds"); do
  cal=$(seconds "$fokus" calibrate "$root/scenarios/copenhagen-2025-assumptions.json" \
    --out "$tmp/copenhagen-2025.json" --name copenhagen-2025)
  base=$(seconds "$fokus" run "$root/scenarios/copenhagen-2025.json" -n 200 --threads 1 \
    --format json)
  ratio=$(python3 -c "print(f'{$cal / $base:.2f}')")
  ratios+=("$ratio")
  printf '%-6s %14s %16s %8s\n' "$i" "$cal" "$base" "$ratio"
done
python3 -c "import statistics, sys; print(f'median ratio {statistics.median(map(float, sys.argv[1:])):.2f}')" "${ratios[@]}"
