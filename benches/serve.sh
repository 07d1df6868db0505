#!/usr/bin/env bash
# `fokus serve` under the page's load: the time from a lever change to the updated
# numbers (POST /api/whatif, the base cached after the page's first request, the lever
# at a new value each time) at 200 and 1,000 replications, and the throughput of 20
# requests sent at once (every one must succeed).
#
#   benches/serve.sh [--repeat K]      # needs target/release/fokus and curl
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=5
if [[ "${1:-}" == "--repeat" ]]; then repeat=$2; fi
bin=target/release/fokus
log=$(mktemp)
"$bin" serve --port 0 >"$log" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q 'http://' "$log" && break
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$log")

whatif() { # replications, lever value, page
  printf '{"base": {"scenario": "copenhagen-2025"}, "alternatives": [{"scenario": "recovery-plan", "set": {"initiatives[0].offers_per_month": %s}}], "replications": %s, "seed": 20250429, "page": "%s"}' "$2" "$1" "$3"
}

post() { # body → "status seconds simulated-seconds" (the last: the alternative's own run)
  local out
  out=$(mktemp)
  local timing
  timing=$(curl -s -o "$out" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    --data "$1" "$url/api/whatif")
  echo "$timing $(jq -r '.alternative.timing.elapsed_s // "-"' "$out" 2>/dev/null || echo -)"
  rm -f "$out"
}

echo "| replications | lever changes | median s | max s | of which the alternative's simulation, s |"
echo "|---:|---:|---:|---:|---:|"
for n in 200 1000; do
  post "$(whatif "$n" 270 warm)" >/dev/null # the page's first request runs the base
  times=()
  for k in $(seq "$repeat"); do
    read -r status seconds simulated < <(post "$(whatif "$n" "$((k % 5 * 60 + 151))" lever)")
    [[ $status == 200 ]] || { echo "request failed: $status" >&2; exit 1; }
    times+=("$seconds")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  median=$(echo "$sorted" | sed -n "$(((repeat + 1) / 2))p")
  max=$(echo "$sorted" | tail -1)
  echo "| $n | $repeat | $median | $max | $simulated |"
done

echo
echo "| concurrent requests | replications | failed | wall s | requests/s |"
echo "|---:|---:|---:|---:|---:|"
start=$(date +%s.%N)
results=$(for k in $(seq 20); do
  post "$(whatif 200 "0.0$((k % 5 + 1))2" "page-$k")" &
done; wait)
end=$(date +%s.%N)
failed=$(echo "$results" | grep -vc '^200 ' || true)
wall=$(echo "$end - $start" | bc -l)
echo "| 20 | 200 | $failed | $(printf '%.2f' "$wall") | $(printf '%.2f' "$(echo "20 / $wall" | bc -l)") |"
