#!/usr/bin/env bash
# The CPU-sized MiLP results of docs/results.md (issue 5), beside PERSOMA and text prompting, at
# history 5 on the first 20 test users: the genre task (MiLP seeds 0 to 2, PERSOMA MLP seeds 0 to 2,
# zero-shot text prompting), next-item generation (the same three methods; ROUGE-1, ROUGE-L,
# Persona-F1) and the Table 5 ablation (search only layers / only count / only rank, seed 0).
# Every row is one `persona train` or `persona milp` run of a config written here; the tables are
# printed from the runs' metrics.json. Two lanes run side by side, one thread each.
# Usage: tools/cpu_results_milp.sh [persona binary] [out dir]
#   LANES="a" tools/cpu_results_milp.sh     (one lane);  RUNS="next-zs" ... (named runs, one lane)
# The seed-0 genre search is milp-bo of tools/cpu_results_h50.sh (same config, runs/g3).
set -euo pipefail
PERSONA=${1:-build/app/cli/persona}
OUT=${2:-runs/g4}
mkdir -p "$OUT/configs"
export OMP_NUM_THREADS=1

milp() { # name seed task extra-search-json
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 5, "maxTrainUsers": 64, "maxValUsers": 6, "maxTestUsers": 20},
  "search": {"batchSize": 2, "stage1Steps": 8, "stage2Steps": 12, "initialTrials": 3, "totalTrials": 6,
             "maxNewTokens": 32, "seed": $2, "task": "$3"$4}
}
JSON
}
persoma() { # name seed task
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "method": "persoma", "outputDir": "$OUT/$1", "task": "$3",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 5, "maxValUsers": 6, "maxTestUsers": 20},
  "persoma": {"adapter": "mlp"},
  "decoder": {"mode": "frozen"},
  "train": {"steps": 240, "batchSize": 4, "warmupSteps": 10, "evalEvery": 40, "patience": 0, "seed": $2,
            "maxNewTokens": 40}
}
JSON
}
zeroshot() { # name task
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "method": "zero-shot", "outputDir": "$OUT/$1", "task": "$2",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 5, "maxValUsers": 6, "maxTestUsers": 20},
  "train": {"seed": 0, "maxNewTokens": 40}
}
JSON
}

ONLY_FIXED='"fixed": {"layers": [], "modules": 16, "rank": 16}'
for s in 1 2; do milp genre-milp-s$s $s genres ""; done
for s in 0 1 2; do milp next-milp-s$s $s next-item ""; done
for s in 0 1 2; do persoma genre-persoma-s$s $s genres; persoma next-persoma-s$s $s next-item; done
zeroshot genre-zs genres
zeroshot next-zs next-item
milp abl-layers 0 genres ", \"searchCount\": false, \"searchRank\": false, $ONLY_FIXED"
milp abl-count 0 genres ", \"searchLayers\": false, \"searchRank\": false, $ONLY_FIXED"
milp abl-rank 0 genres ", \"searchLayers\": false, \"searchCount\": false, $ONLY_FIXED"

run_one() {
  local name=$1
  [[ -f $OUT/$name/metrics.json ]] && { echo "== $name (done)" >&2; return; }
  echo "== $name $(date +%T)" >&2
  if [[ $name == *milp* || $name == abl-* ]]; then
    "$PERSONA" milp --config "$OUT/configs/$name.json" --store "$OUT/$name.sqlite" --json > "$OUT/$name.stdout.json" 2> "$OUT/$name.log"
  else
    "$PERSONA" train --config "$OUT/configs/$name.json" --store "$OUT/$name.sqlite" --json > "$OUT/$name.stdout.json" 2> "$OUT/$name.log"
  fi
}
lane() { for n in "$@"; do run_one "$n" || echo "== $n FAILED" >&2; done; }

if [[ -n ${RUNS:-} ]]; then
  lane $RUNS
else
  LANE_A="genre-zs genre-persoma-s0 genre-persoma-s1 genre-persoma-s2 genre-milp-s1 genre-milp-s2 abl-layers abl-count"
  LANE_B="next-zs next-persoma-s0 next-persoma-s1 next-persoma-s2 next-milp-s0 next-milp-s1 next-milp-s2 abl-rank"
  pids=()
  [[ ${LANES:-ab} == *a* ]] && { lane $LANE_A & pids+=($!); }
  [[ ${LANES:-ab} == *b* ]] && { lane $LANE_B & pids+=($!); }
  wait "${pids[@]}"
fi

python3 tools/results_tables.py "$OUT" ${G3:-runs/g3}
