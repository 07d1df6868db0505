#!/usr/bin/env bash
# Whole `fokus run` timings (release build): the Copenhagen scenario at 0.25×, 1× and
# 4× its population, on 1 and 2 threads, and the national scale (700,000 persons); then
# Copenhagen on one thread at every CPU level this machine runs (`--cpu-level`: scalar,
# v3, v4, neon), each level's rows in turn, so that their ratios are from one run; then
# `fokus lister` on a synthetic register of about a million rows.
# Prints replications, person-months/s, wall time and peak RSS (GNU time's "Maximum
# resident set size"; on Debian: apt-get install time).
#
#   benches/run.sh                  # 200 replications per case, national 20
#   benches/run.sh -n 1000          # more replications per case
#   benches/run.sh --full           # also the issue's targets: Copenhagen 10,000 replications
#                                   # and the national case 1,000, both on 2 threads
#   benches/run.sh --threads "1 2"  # thread counts to try
set -euo pipefail

reps=200
national_reps=20
full=0
threads="1 2"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) reps="$2"; shift 2 ;;
    --full) full=1; shift ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "usage: $0 [-n REPS] [--full] [--threads \"1 2\"]" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fokus="$root/target/release/fokus"
timer=/usr/bin/time
if ! "$timer" -v true 2>/dev/null; then
  echo "GNU time is needed for peak memory: apt-get install time" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A scenario that extends the shipped one with every group's persons and inflow scaled,
# or scaled to a total of persons.
scaled() { # name factor
  python3 - "$root/scenarios/copenhagen-2025.json" "$1" "$2" > "$tmp/$1.json" <<'PY'
import json, sys
from pathlib import Path
shipped, name, factor = sys.argv[1], sys.argv[2], float(sys.argv[3])
def merged(path):
    d = json.loads(Path(path).read_text())
    if "extends" in d:
        base = merged(Path(path).parent / d["extends"])
        for g, v in d.get("groups", {}).items():
            base.setdefault("groups", {}).setdefault(g, {}).update(v)
        return base
    return d
groups = merged(shipped)["groups"]
out = {"version": 1, "extends": shipped, "name": name, "groups": {}}
for g, v in groups.items():
    o = {}
    if "persons" in v: o["persons"] = round(v["persons"] * factor)
    if "inflow_per_month" in v: o["inflow_per_month"] = v["inflow_per_month"] * factor
    out["groups"][g] = o
print(json.dumps(out, indent=1))
PY
}

printf '%-20s %9s %6s %7s %12s %14s %9s %10s\n' case persons reps threads person_months "pm/s (M)" "wall s" "peak MiB"
case_row() { # name reps threads [cpu level]
  local name="$1" n="$2" t="$3" level="${4:-auto}"
  "$timer" -v -o "$tmp/time.txt" "$fokus" run "$tmp/$name.json" -n "$n" --threads "$t" \
    --cpu-level "$level" --format json > "$tmp/out.json"
  python3 - "$tmp/out.json" "$tmp/time.txt" "$name" "$n" "$t" "$fokus" "$tmp/$name.json" "$level" <<'PY'
import json, os, re, sys, subprocess
out, timef, name, n, t, fokus, sc, level = sys.argv[1:]
if level != "auto": name = f"{name} {level}"
r = json.load(open(out))
tm = r["timing"]
txt = open(timef).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", txt).group(1)) / 1024
wall = re.search(r"Elapsed \(wall clock\) time .*: (.*)", txt).group(1)
parts = [float(x) for x in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
val = subprocess.run([fokus, "validate", sc], capture_output=True, text=True,
                     env={**os.environ, "FOKUS_LANG": "en"}).stdout
persons = re.search(r"([\d,]+) persons?\b", val).group(1).replace(",", "")
print(f"{name:<20} {persons:>9} {n:>6} {t:>7} {tm['person_months']:>12} {tm['person_months'] / tm['elapsed_s'] / 1e6:>14.1f} {secs:>9.1f} {rss:>10.0f}")
PY
}

scaled copenhagen-0.25 0.25
scaled copenhagen-1 1
scaled copenhagen-4 4
scaled national 22.222 # 31,500 × 22.222 ≈ 700,000 persons
for name in copenhagen-0.25 copenhagen-1 copenhagen-4; do
  for t in $threads; do case_row "$name" "$reps" "$t"; done
done
for t in $threads; do case_row national "$national_reps" "$t"; done
echo "per CPU level (copenhagen-1, 1 thread; the levels this CPU lacks are left out):"
levels=""
for level in scalar v3 v4 neon; do
  if "$fokus" run "$tmp/copenhagen-0.25.json" -n 1 --cpu-level "$level" --format json \
    > /dev/null 2>&1; then levels="$levels $level"; fi
done
for round in 1 2 3; do
  for level in $levels; do case_row copenhagen-1 "$reps" 1 "$level"; done
done
# The production-steering list from a register of about a million rows (issue 19's
# target: under 2 s): a synthetic register of 33,000 persons, January 2023 to June 2025.
"$fokus" synth --persons 33000 --from 2023-01 --to 2025-06 --out "$tmp/register.csv" > /dev/null
rows=$(($(wc -l < "$tmp/register.csv") - 1))
for round in 1 2 3; do
  "$timer" -f "%e %M" -o "$tmp/lister.time" \
    "$fokus" lister "$tmp/register.csv" --as-of 2025-03 --format json > /dev/null
  read -r wall rss < "$tmp/lister.time"
  awk -v r="$rows" -v w="$wall" -v m="$rss" 'BEGIN { printf "lister  %9d rows  %6.2f s  %7.1f MiB\n", r, w, m / 1024 }'
done
if [ "$full" = 1 ]; then
  echo "the issue's targets (2 threads):"
  case_row copenhagen-1 10000 2
  case_row national 1000 2
fi
