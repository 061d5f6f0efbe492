#!/usr/bin/env bash
# The CPU-sized history-5 grid of docs/results.md (issue 4, beside the MiLP rows of
# tools/cpu_results_milp.sh, same setup): PERSOMA Transformer and Perceiver with a frozen decoder,
# the three adapters with LoRA (rank 4), full fine-tuning (MLP at the default learning rate, every
# adapter at 1e-4), fine-tuned text prompting (LoRA), the Table 3 sampling strategies for PERSOMA
# MLP frozen, and the random-search counterparts of MiLP seeds 1 and 2.
# Each PERSOMA row is a 240-step training run of 5 to 25 minutes on this CPU, written for seeds
# 0, 1 and 2: seed 0 is named h5-<row>, seeds 1 and 2 h5-<row>-s1 and h5-<row>-s2.
# HISTORY=10 writes the same grid at history 10 (h10-<row>, PERSOMA MLP frozen included: at history
# 5 that row is tools/cpu_results_milp.sh's genre-persoma-s<seed>); the default RUNS list is history 5's.
# DTYPE=float32 runs the decoder in fp32 (the default bfloat16 is fast only where the CPU has
# AVX512-BF16 or AMX; without them LibTorch's bf16 CPU kernels were 20x slower than fp32 here).
# Runs start whenever fewer than MAXJOBS (default 2) persona processes run, one thread each.
# Usage: tools/cpu_results_grid_h5.sh [persona binary] [out dir];  RUNS="h5-transformer-frozen-s1" ...
set -euo pipefail
PERSONA=${1:-build/app/cli/persona}
OUT=${2:-runs/g4}
MAXJOBS=${MAXJOBS:-2}
HISTORY=${HISTORY:-5}
DTYPE=${DTYPE:-bfloat16}
H=h$HISTORY
mkdir -p "$OUT/configs"
export OMP_NUM_THREADS=1

train() { # name method adapter mode sampling [seed] [learning rate; without it the trainer's default]
  local seed=${6:-0} lr=${7:+"\"learningRate\": $7, "}
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "method": "$2", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 1, "dtype": "$DTYPE"},
  "data": {"historySize": $HISTORY, "sampling": "$5", "maxValUsers": 6, "maxTestUsers": 20},
  "persoma": {"adapter": "$3"},
  "decoder": {"mode": "$4", "loraRank": 4},
  "train": {"steps": 240, "batchSize": 4, "warmupSteps": 10, "evalEvery": 40, "patience": 0, "seed": $seed,
            ${lr}"maxNewTokens": 40}
}
JSON
}
random_search() { # name seed
  cat > "$OUT/configs/$1.json" <<JSON
{
  "name": "$1", "outputDir": "$OUT/$1",
  "models": {"device": "cpu", "threads": 1, "dtype": "bfloat16"},
  "data": {"historySize": 5, "maxTrainUsers": 64, "maxValUsers": 6, "maxTestUsers": 20},
  "search": {"batchSize": 2, "stage1Steps": 8, "stage2Steps": 12, "initialTrials": 3, "totalTrials": 6,
             "maxNewTokens": 32, "seed": $2, "task": "genres", "randomOnly": true}
}
JSON
}

random_search genre-random-s1 1
random_search genre-random-s2 2
for seed in 0 1 2; do
  sfx=; (( seed == 0 )) || sfx=-s$seed
  train $H-mlp-frozen$sfx persoma mlp frozen recency $seed
  train $H-transformer-frozen$sfx persoma transformer frozen recency $seed
  train $H-perceiver-frozen$sfx persoma perceiver frozen recency $seed
  train $H-mlp-lora$sfx persoma mlp lora recency $seed
  train $H-transformer-lora$sfx persoma transformer lora recency $seed
  train $H-perceiver-lora$sfx persoma perceiver lora recency $seed
  train $H-text-lora$sfx text mlp lora recency $seed
  train $H-mlp-full$sfx persoma mlp full recency $seed
  train $H-mlp-full-lr1e-4$sfx persoma mlp full recency $seed 0.0001 # session 15: 1e-3 diverged
  train $H-transformer-full-lr1e-4$sfx persoma transformer full recency $seed 0.0001
  train $H-perceiver-full-lr1e-4$sfx persoma perceiver full recency $seed 0.0001
  for s in random long-tail top-k genre; do train $H-mlp-frozen-$s$sfx persoma mlp frozen $s $seed; done
done

running() { pgrep -c -f "^$PERSONA " || true; }
run_one() {
  local name=$1 cmd=train
  [[ -f $OUT/$name/metrics.json ]] && { echo "== $name (done)" >&2; return; }
  [[ $name == genre-random-* ]] && cmd=milp
  echo "== $name $(date +%T)" >&2
  "$PERSONA" $cmd --config "$OUT/configs/$name.json" --store "$OUT/$name.sqlite" --json \
    > "$OUT/$name.stdout.json" 2> "$OUT/$name.log" || echo "== $name FAILED" >&2
}
for name in ${RUNS:-genre-random-s1 genre-random-s2 h5-mlp-lora h5-transformer-frozen h5-perceiver-frozen
                      h5-mlp-frozen-random h5-mlp-frozen-long-tail h5-mlp-frozen-top-k h5-mlp-frozen-genre
                      h5-transformer-lora h5-perceiver-lora h5-text-lora}; do
  # Wait for a free slot (checked twice, so a lane switching between its runs is not taken for one).
  until (( $(running) < MAXJOBS )) && sleep 5 && (( $(running) < MAXJOBS )); do sleep 20; done
  run_one "$name" &
  sleep 10
done
wait
python3 tools/results_tables.py "$OUT" ${G3:-runs/g3}
