#!/usr/bin/env bash
# The CPU-sized history-50 comparison and the MiLP search of docs/results.md: Counting, zero-shot
# text prompting and PERSOMA MLP (frozen decoder, seeds 0 to 2) at history 50 on all test users, and a
# MiLP search (Bayesian optimisation, then random search with the same budget) at history 5.
# Every row is one `persona train` or `persona milp` run of a config written here; the tables are
# printed from the runs' metrics.json. Usage: tools/cpu_results_h50.sh [persona binary] [out dir]
#   RUNS="counting-h50 mlp-h50-s0" tools/cpu_results_h50.sh   (a subset)
set -euo pipefail
PERSONA=${1:-build/app/cli/persona}
OUT=${2:-runs/g3}
STEPS=${STEPS:-400}
mkdir -p "$OUT/configs"
export OMP_NUM_THREADS=1

persoma() { # name seed
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "method": "persoma", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 50, "maxValUsers": 20, "maxTestUsers": 0},
  "persoma": {"adapter": "mlp"},
  "decoder": {"mode": "frozen"},
  "train": {"steps": $STEPS, "batchSize": 8, "warmupSteps": 10, "evalEvery": 50, "patience": 0, "seed": $2,
            "maxNewTokens": 40}
}
JSON
}
baseline() { # name method
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "method": "$2", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 50, "maxValUsers": 20, "maxTestUsers": 0},
  "train": {"seed": 0, "maxNewTokens": 40}
}
JSON
}
milp() { # name randomOnly
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 5, "maxTrainUsers": 64, "maxValUsers": 6, "maxTestUsers": 20},
  "search": {"batchSize": 2, "stage1Steps": 8, "stage2Steps": 12, "initialTrials": 3, "totalTrials": 6,
             "maxNewTokens": 32, "seed": 0, "randomOnly": $2}
}
JSON
}

baseline counting-h50 counting
baseline zero-shot-h50 zero-shot
for s in 0 1 2; do persoma mlp-h50-s$s $s; done
milp milp-bo false
milp milp-random true

for name in ${RUNS:-counting-h50 zero-shot-h50 mlp-h50-s0 mlp-h50-s1 mlp-h50-s2 milp-bo milp-random}; do
  echo "== $name" >&2
  if [[ $name == milp-* ]]; then
    "$PERSONA" milp --config "$OUT/configs/$name.json" --store "$OUT/$name.sqlite" --json > "$OUT/$name.stdout.json"
  else
    "$PERSONA" train --config "$OUT/configs/$name.json" --store "$OUT/$name.sqlite" --json > "$OUT/$name.stdout.json"
  fi
done

python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
print("| run | test users | F1 | precision | recall | mean input tokens | best step | train s |")
print("|---|---|---|---|---|---|---|---|")
for f in sorted(glob.glob(os.path.join(out, "*", "metrics.json"))):
    m = json.load(open(f)); t = m["test"]; tr = m.get("train", {})
    print(f"| {os.path.basename(os.path.dirname(f))} | {t['users']} | {t['f1']:.3f} | {t.get('precision', float('nan')):.3f} | "
          f"{t.get('recall', float('nan')):.3f} | {t.get('meanInputTokens', float('nan')):.0f} | {tr.get('bestStep', '-')} | {tr.get('seconds', 0):.0f} |")
f1 = [json.load(open(f))["test"]["f1"] for f in sorted(glob.glob(os.path.join(out, "mlp-h50-s*", "metrics.json")))]
if len(f1) > 1:
    print(f"\nPERSOMA MLP frozen h50 over {len(f1)} seeds: F1 mean {statistics.mean(f1):.3f}, sd {statistics.stdev(f1):.3f}, "
          f"min {min(f1):.3f}, max {max(f1):.3f}")
PY
