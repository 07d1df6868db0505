#!/usr/bin/env bash
# A Slurm job array: 16 shards of one fokus run, then one merge job.
#
#   sbatch examples/cluster/slurm.sh            # submits the array and the merge
#
# Every array task runs `fokus run --shard $i/16` on 2 cores and writes parts/part$i.json;
# the merge job starts when all of them have succeeded (afterok) and writes result.json.
# Each shard draws from its own replications' random streams, so the merged result is
# byte for byte the result of one run (apart from `timing`).
#SBATCH --job-name=fokus-shard
#SBATCH --array=0-15
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --output=logs/fokus-%A_%a.out
set -euo pipefail

SCENARIO=${SCENARIO:-scenarios/copenhagen-2025.json}
REPLICATIONS=${REPLICATIONS:-10000}
SEED=${SEED:-20250429}
SHARDS=16
FOKUS=${FOKUS:-fokus}

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  # Submitted from a login node: the array, then the merge after it.
  mkdir -p logs parts
  array=$(sbatch --parsable "$0")
  sbatch --dependency=afterok:"$array" --job-name=fokus-merge --cpus-per-task=1 \
    --time=00:10:00 --output=logs/fokus-merge-%j.out \
    --wrap="$FOKUS merge parts/part*.json --format json > result.json && $FOKUS merge parts/part*.json"
  exit 0
fi

"$FOKUS" run "$SCENARIO" -n "$REPLICATIONS" --seed "$SEED" \
  --threads "$SLURM_CPUS_PER_TASK" \
  --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --shard-out "parts/part$SLURM_ARRAY_TASK_ID.json"
