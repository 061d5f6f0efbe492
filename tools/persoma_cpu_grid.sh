#!/usr/bin/env bash
# A small CPU results grid for docs/results.md: Counting, zero-shot text prompting and PERSOMA
# (MLP / Transformer / Perceiver, frozen decoder) on ml-100k, recency sampling, the first N test
# users, few training steps. Every run is `persona train --config <json>`; the table is printed
# from each run's metrics.json. Usage: tools/persoma_cpu_grid.sh [persona binary] [out dir]
set -euo pipefail
PERSONA=${1:-build/app/cli/persona}
OUT=${2:-runs/cpu-grid}
TEST_USERS=${TEST_USERS:-20}
TRAIN_USERS=${TRAIN_USERS:-64}
STEPS=${STEPS:-30}
BATCH=${BATCH:-4}
mkdir -p "$OUT/configs"

config() { # name method adapter history
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "method": "$2", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 2, "cacheDir": "${CACHE_DIR:-$OUT/cache}"},
  "data": {"historySize": $4, "maxTrainUsers": $TRAIN_USERS, "maxValUsers": 2, "maxTestUsers": $TEST_USERS},
  "persoma": {"adapter": "$3"},
  "decoder": {"mode": "frozen"},
  "train": {"steps": $STEPS, "batchSize": $BATCH, "warmupSteps": 3, "evalEvery": 0, "patience": 0, "seed": 0,
            "maxNewTokens": 40}
}
JSON
}

for h in 5 10; do
  config counting-h$h counting mlp $h
  config zeroshot-h$h zero-shot mlp $h
  config persoma-mlp-h$h persoma mlp $h
done
config persoma-transformer-h10 persoma transformer 10
config persoma-perceiver-h10 persoma perceiver 10

for name in ${RUNS:-counting-h5 counting-h10 zeroshot-h5 zeroshot-h10 persoma-mlp-h5 persoma-mlp-h10 persoma-transformer-h10 persoma-perceiver-h10}; do
  echo "== $name" >&2
  /usr/bin/time -f "%e s wall, %M KiB peak" "$PERSONA" train --config "$OUT/configs/$name.json" --json > "$OUT/$name.stdout.json"
done

printf '| run | test users | F1 | precision | recall | mean input tokens | train steps | train s | eval s |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for f in "$OUT"/*/metrics.json; do
  python3 - "$f" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
t = m["test"]; tr = m.get("train", {})
print(f"| {m['method']} ({sys.argv[1].split('/')[-2]}) | {t['users']} | {t['f1']:.3f} | {t['precision']:.3f} | {t['recall']:.3f} | "
      f"{t['meanInputTokens']:.0f} | {tr.get('stepsDone', 0)} | {tr.get('seconds', 0):.0f} | {t['seconds']:.0f} |")
PY
done
